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


def reference_cell(iana: dict[str, Any], brackets: bool = True) -> str:
    """IANA's reference cell as its CSV writes it: "[RFC3463] (Standards Track)", "; "
    between references, and a note that starts with "," attached without a space."""
    parts = []
    for reference in iana["references"]:
        note = reference["note"]
        separator = "" if note is None or note.startswith(",") else " "
        name = f"[{reference['id']}]" if brackets else reference["id"]
        parts.append(f"{name}{separator}{note or ''}")
    return "; ".join(parts)
