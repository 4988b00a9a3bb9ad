"""Shared facts for the tests: where things are, and the registries as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def registry() -> dict[str, Any]:
    """The status code registry, read independently of the generators (PyYAML directly)."""
    with open(REPO / "registry" / "smtp-enhanced-status-codes.yaml", encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data


@pytest.fixture(scope="session")
def replies() -> dict[str, Any]:
    with open(REPO / "registry" / "smtp-reply-codes.yaml", encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data
