"""Load + validate the registry file in one call, and turn data back into its YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .load import Loaded, load_yaml, load_yaml_bytes
from .registry_file import HEADER
from .validate import check
from .yaml_emit import dump_yaml


def load_registry(path: Path, display_name: str) -> Loaded:
    """The validated registry; InputError lists every problem otherwise."""
    return check(load_yaml(path, display_name))


def registry_text(document: dict[str, Any], display_name: str) -> str:
    """The canonical YAML for a registry document, checked before anyone writes it."""
    text = dump_yaml(document, HEADER)
    check(load_yaml_bytes(text.encode("utf-8"), display_name))
    return text
