"""Where the tool's inputs and outputs live, and how paths are shown in messages.

A leaf: it imports nothing from the tool, so any module can know the folders without
loading the registry declarations (or anything else).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REGISTRY_DIR = REPO_ROOT / "registry"
# Schemas of the tool's inputs (the registry YAML) and of what the project publishes (the
# JSON files, the command line's --json output) stand apart.
INPUT_SCHEMA_DIR = REPO_ROOT / "schema" / "input"
OUTPUT_SCHEMA_DIR = REPO_ROOT / "schema" / "output"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# The two trees generate owns. Python's tables live inside the hand-written package, so
# that the package imports from a checkout and the wheel holds exactly what generate wrote.
GENERATED_DIR = REPO_ROOT / "generated"
PACKAGE_TABLES_DIR = REPO_ROOT / "src" / "smtp_status" / "_generated"
OUTPUT_ROOTS = ("generated", "package")
# Hand-written sources in other languages that generate copies, byte for byte, beside the
# data it writes (the npm package's JavaScript).
HAND_WRITTEN_DIR = REPO_ROOT / "src"


def display(path: Path) -> str:
    """``path`` relative to the repository, so messages never vary by host."""
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the repository, or a link loop
        return os.fspath(path)
