"""The output schemas that ship inside both packages, copied byte for byte.

A program that reads ``smtp-status bounce --json`` or ``explain --json``, or the published
JSON, needs the schema of what it reads where it has the package: the wheel holds them in
``smtp_status/_generated/`` (read with ``importlib.resources``; ``smtp-status schema NAME``
prints them), the npm package in ``schemas/``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registries import Artifact

#: Each shipped schema by the name ``smtp-status schema`` knows it by (NAME.schema.json).
SHIPPED = ("bounce", "bounce-summary", "explain", "smtp-bounce-reasons",
           "smtp-enhanced-status-codes", "smtp-reply-codes", "smtp-vendor-codes")


def _copy(name: str) -> Callable[[Mapping[str, Any], str], str]:
    def write(parts: Mapping[str, Any], marker: str) -> str:
        # JSON has no comments: no marker line; the copy is the schema exactly.
        from .registries import SCHEMA_DIR  # here: registries imports this module

        return (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")

    return write


def npm_files() -> tuple[str, ...]:
    """The schemas' paths inside the npm package."""
    return tuple(f"schemas/{name}.schema.json" for name in SHIPPED)


def artifacts() -> tuple[Artifact, ...]:
    from .registries import Artifact

    return (*(Artifact(f"{name}.schema.json", write=_copy(name), root="package")
              for name in SHIPPED),
            *(Artifact(f"npm/schemas/{name}.schema.json", write=_copy(name))
              for name in SHIPPED))
