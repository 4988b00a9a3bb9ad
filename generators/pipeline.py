"""The one-way flow for every declared registry: load each, validate it and check it against
the others, then build the model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .declarations import REGISTRIES, RegistrySpec, find
from .load import Loaded, load_yaml
from .model import Model
from .problems import InputError, Problem
from .validate import SchemaVerdicts, check, check_all

# Registry key -> (path, name to show in messages and markers).
Sources = Mapping[str, tuple[Path, str]]


def load_registry(path: Path, display_name: str) -> Loaded:
    """The validated status code registry alone; InputError lists every problem."""
    return check(load_yaml(path, display_name), find(REGISTRIES, "codes"))


def load_sources(
    sources: Sources, registries: Sequence[RegistrySpec] = REGISTRIES,
    verdicts: SchemaVerdicts | None = None,
) -> dict[str, Loaded]:
    """Every registry, each validated and checked against the others.

    Problems in all files are collected before anything is raised. ``verdicts``: documents
    known to pass their schema (validate.SchemaVerdicts).
    """
    loaded: dict[str, Loaded] = {}
    problems: list[Problem] = []
    for spec in registries:
        path, display_name = sources[spec.key]
        try:
            loaded[spec.key] = load_yaml(path, display_name)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    check_all(loaded, registries, verdicts)
    return loaded


def build(
    loaded: Mapping[str, Loaded], sources: Sources, registries: Sequence[RegistrySpec] = REGISTRIES
) -> Model:
    """The model: each registry's part, built in declaration order from valid data."""
    parts: dict[str, Any] = {}
    for spec in registries:
        parts[spec.key] = spec.build(loaded[spec.key].data, parts)
    # Markers name registry/<file> wherever the file was read from, so output never
    # depends on the folder it was generated in.
    files = {spec.key: f"registry/{sources[spec.key][0].name}" for spec in registries}
    return Model(parts, files)
