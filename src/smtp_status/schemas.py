"""The JSON Schemas of what the package writes, shipped inside it.

>>> import json
>>> from smtp_status.schemas import schema_names, schema_text
>>> "bounce" in schema_names()
True
>>> json.loads(schema_text("bounce"))["$id"]
'urn:smtp-status:schema:bounce'

``bounce`` and ``bounce-summary`` describe ``smtp-status bounce --json`` and
``--summary-json`` (``Bounce.as_dict()`` and ``BouncedRecipient.as_dict()`` are among their
``$defs``), ``explain`` describes ``explain --json`` (with ``StatusCode.as_dict()`` and
``Reply.as_dict()``), and the others the published JSON of the registries. ``generate``
copies them from the repository's schema folder; ``smtp-status schema NAME`` prints one.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["UnknownSchema", "schema_names", "schema_text"]

_SUFFIX = ".schema.json"


class UnknownSchema(LookupError):
    """No shipped schema has that name."""


def schema_names() -> list[str]:
    """The names of the shipped schemas, sorted."""
    folder = files("smtp_status._generated")
    return sorted(entry.name[:-len(_SUFFIX)] for entry in folder.iterdir()
                  if entry.name.endswith(_SUFFIX))


def schema_text(name: str) -> str:
    """The schema ``name`` as it is shipped (JSON text); UnknownSchema when none is."""
    if name not in schema_names():
        raise UnknownSchema(f"no schema {name!r}; the schemas: {', '.join(schema_names())}")
    return (files("smtp_status._generated") / f"{name}{_SUFFIX}").read_text(encoding="utf-8")
