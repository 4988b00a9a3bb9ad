"""Render every artifact and bring generated/ in line with it, or check that it is."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .model import build_model
from .registry import load_sources
from .render import render_all
from .write import write_atomic

# Byproducts of Python and of `pip install -e` are never ours to write or to flag as stale.
_IGNORED_DIRECTORIES = frozenset({"__pycache__"})
_IGNORED_DIRECTORY_SUFFIXES = (".egg-info",)
_IGNORED_SUFFIXES = (".pyc", ".pyo")
DIFF_LINES = 20


def render_registry(registry: tuple[Path, str], replies: tuple[Path, str]) -> dict[str, bytes]:
    """Load, validate, model and render: every artifact's bytes by relative path.

    Each argument is (path, name shown in messages).
    """
    loaded, loaded_replies = load_sources(registry, replies)
    model = build_model(loaded.data, f"registry/{registry[0].name}",
                        loaded_replies.data, f"registry/{replies[0].name}")
    return render_all(model)


def existing_files(root: Path) -> set[str]:
    found: set[str] = set()
    if not root.is_dir():
        return found
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not _ignored_directory(d)]
        for name in files:
            if not name.endswith(_IGNORED_SUFFIXES):
                found.add((Path(directory) / name).relative_to(root).as_posix())
    return found


def write_outputs(outputs: dict[str, bytes], root: Path) -> list[str]:
    """Write what changed, delete stale files; return a line for each change made."""
    changes = []
    for relative, content in outputs.items():
        if write_atomic(root / relative, content):
            changes.append(f"wrote {relative}")
    for relative in sorted(existing_files(root) - outputs.keys()):
        (root / relative).unlink()
        changes.append(f"removed stale {relative}")
    _remove_empty_directories(root)
    return changes


def drift(outputs: dict[str, bytes], root: Path) -> list[str]:
    """How generated/ differs from what the registry renders to; empty when in sync."""
    report: list[str] = []
    for relative, content in outputs.items():
        path = root / relative
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            report.append(f"missing: {relative}")
            continue
        if current != content:
            report.append(f"differs: {relative}")
            report += _short_diff(relative, current, content)
    for relative in sorted(existing_files(root) - outputs.keys()):
        report.append(f"stale: {relative} (not generated from the registry)")
    return report


def _short_diff(relative: str, current: bytes, wanted: bytes) -> list[str]:
    lines = list(difflib.unified_diff(
        current.decode("utf-8", "replace").splitlines(),
        wanted.decode("utf-8", "replace").splitlines(),
        f"generated/{relative} (on disk)", f"generated/{relative} (from the registry)",
        lineterm="", n=1))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... ({len(lines) - DIFF_LINES} more diff lines)"]
    return [f"    {line}" for line in lines]


def _ignored_directory(name: str) -> bool:
    return name in _IGNORED_DIRECTORIES or name.endswith(_IGNORED_DIRECTORY_SUFFIXES)


def _remove_empty_directories(root: Path) -> None:
    """Remove folders left empty, deepest first; byproduct folders (even empty) are kept."""
    directories: list[Path] = []
    for directory, subdirectories, _ in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not _ignored_directory(d)]
        directories.append(Path(directory))
    for path in sorted(directories, key=lambda path: -len(path.parts)):
        if path != root and not any(path.iterdir()):
            path.rmdir()
