"""How paths are shown in messages: relative to the repository, so they never vary by host."""

from __future__ import annotations

import os
from pathlib import Path

from .registries import REPO_ROOT


def display(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the repository, or a link loop
        return os.fspath(path)
