"""Shared facts for the tests: where things are, and the registries as plain data."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
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


# Paths and helpers for the registry tests (validate, load, schema, sync-iana, IANA data).
REGISTRY_PATH = REPO / "registry" / "smtp-enhanced-status-codes.yaml"
REGISTRY_DISPLAY = "registry/smtp-enhanced-status-codes.yaml"
SCHEMA_PATH = REPO / "schema" / "registry.schema.json"
FIXTURES = REPO / "tests" / "fixtures"
SMALL_XML = FIXTURES / "iana" / "smtp-enhanced-status-codes-small.xml"
SMALL_REGISTRY = FIXTURES / "registry" / "small.yaml"
# Vendor entries that compare with no IANA code: valid beside small.yaml, whose few codes
# leave out those the committed vendor registry compares with (rule vendor-differs-registered).
SMALL_VENDORS = FIXTURES / "registry" / "small-vendors.yaml"
SMALL_VENDORS_DISPLAY = "tests/fixtures/registry/small-vendors.yaml"
# IANA's own files live beside the repository and are never copied into it.
SHARED_IANA = REPO.parent / "shared" / "iana"


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*arguments: str) -> CliResult:
    """Run ``python -m generators`` from the repository root, as a maintainer would."""
    completed = subprocess.run(
        [sys.executable, "-m", "generators", *arguments], cwd=REPO, capture_output=True,
        text=True, encoding="utf-8", timeout=120, check=False)
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


def assert_invalid(result: CliResult, expected: list[str]) -> None:
    """Exit 2, nothing on stdout, exactly these lines on stderr and no traceback."""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""
    assert result.returncode == 2


def position(text: str, needle: str, target: str = "") -> str:
    """``line:col`` (1-based) of ``target`` inside the one occurrence of ``needle``."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    offset = text.index(needle) + needle.index(target)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def line_of(text: str, needle: str) -> int:
    return int(position(text, needle).split(":")[0])


def edit(text: str, old: str, new: str) -> str:
    """Replace the first occurrence of ``old``, which must be present."""
    assert old in text, f"{old!r} not in text"
    return text.replace(old, new, 1)


@pytest.fixture(scope="session")
def registry_source() -> str:
    return REGISTRY_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def iana_dir() -> Path:
    """../shared/iana, or skip: a fresh clone has no copy of IANA's files."""
    if not (SHARED_IANA / "smtp-enhanced-status-codes.xml").is_file():
        pytest.skip(f"IANA snapshot not available: {SHARED_IANA} is absent")
    return SHARED_IANA
