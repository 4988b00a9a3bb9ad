"""Load and validate the registries, build the model, and turn data back into YAML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .load import Loaded, load_yaml, load_yaml_bytes
from .model import Model
from .problems import InputError, Problem
from .registries import REGISTRIES, RegistrySpec, find
from .registry_file import HEADER
from .validate import SchemaVerdicts, check, check_all
from .yaml_emit import dump_yaml

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


def registry_text(document: dict[str, Any], display_name: str) -> str:
    """The canonical YAML for a registry document, checked before anyone writes it.

    It is checked exactly as ``validate`` will read it back (the same size limit, schema
    and rules), so text that would be refused is never written. A refusal says so: its
    positions are in the text that was not written.
    """
    text = dump_yaml(document, HEADER)
    try:
        check(load_yaml_bytes(text.encode("utf-8"), display_name), find(REGISTRIES, "codes"))
    except InputError as error:
        raise InputError([
            replace(problem, message=f"{problem.message}; so the merged registry was not "
                                     "written")
            for problem in error.problems]) from None
    return text
