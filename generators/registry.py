"""Load + validate the registries in one call, and turn data back into YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .load import Loaded, load_yaml, load_yaml_bytes
from .problems import InputError, Problem
from .registry_file import HEADER
from .validate import check, check_pair
from .yaml_emit import dump_yaml


def load_registry(path: Path, display_name: str) -> Loaded:
    """The validated status code registry alone; InputError lists every problem."""
    return check(load_yaml(path, display_name))


def load_sources(
    registry: tuple[Path, str], replies: tuple[Path, str]
) -> tuple[Loaded, Loaded]:
    """Both registries, each validated and checked against the other.

    Each argument is (path, name to show in messages). Problems in both files are
    collected before anything is raised.
    """
    loaded = []
    problems: list[Problem] = []
    for path, display_name in (registry, replies):
        try:
            loaded.append(load_yaml(path, display_name))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    check_pair(loaded[0], loaded[1])
    return loaded[0], loaded[1]


def registry_text(document: dict[str, Any], display_name: str) -> str:
    """The canonical YAML for a registry document, checked before anyone writes it."""
    text = dump_yaml(document, HEADER)
    check(load_yaml_bytes(text.encode("utf-8"), display_name))
    return text
