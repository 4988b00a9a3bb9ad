"""The published JSON: the whole registry for other languages, via json_text."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from .json_text import json_text
from .model import Entry, Reference, Registry, Replies

# The layout version both files carry and their schemas pin (const): raised only by a
# change that would break a consumer.
FORMAT_VERSION = 1


def registry_json(parts: Mapping[str, Any], marker: str) -> str:
    """Deterministic JSON text: fixed key order, 2-space indent, UTF-8, one final newline."""
    model: Registry = parts["codes"]
    document = {
        # JSON has no comments; the marker is the first key instead.
        "_generated": marker,
        "format_version": FORMAT_VERSION,
        "registry": {
            "id": model.id,
            "title": model.title,
            "created": _iso(model.created),
            "updated": _iso(model.updated),
            "source": model.source_url,
        },
        "tables": {
            key: {
                "id": table.id,
                "title": table.title,
                "references": [reference.id for reference in table.references],
                "registration_rule": table.registration_rule,
                "expert": table.expert,
            }
            for key, table in model.tables.items()
        },
        "classes": [
            {"code": entry.code, "value": entry.value, "name": entry.name,
             "summary": entry.summary, **_common(entry)}
            for entry in model.classes
        ],
        "subjects": [
            {"code": entry.code, "value": entry.value, "name": entry.name,
             "summary": entry.summary, **_common(entry)}
            for entry in model.subjects
        ],
        "codes": [
            {
                "code": entry.code,
                "name": entry.name,
                "subject": entry.subject,
                "detail": entry.detail,
                "sample_text": entry.sample_text,
                "basic_code": entry.basic_code,
                "basic_codes": list(entry.basic_codes),
                "basic_code_wildcards": list(entry.basic_code_wildcards),
                "basic_code_kind": entry.basic_code_kind,
                **_common(entry),
                "deprecated": entry.deprecated,
                "replaced_by": entry.replaced_by,
                "classes": list(entry.classes),
                "classes_source": entry.classes_source,
                "classes_disagree": entry.classes_disagree,
                "usage_prose": entry.usage_prose,
                "usage_note": entry.usage_note,
            }
            for entry in model.codes
        ],
    }
    return json_text(document)


def reply_codes_json(parts: Mapping[str, Any], marker: str) -> str:
    """The reply code table, with the enhanced codes derived for each."""
    model: Registry = parts["codes"]
    replies: Replies = parts["replies"]
    document = {
        "_generated": marker,
        "format_version": FORMAT_VERSION,
        "registry": {"updated": _iso(model.updated)},
        "codes": [
            {
                "code": entry.code,
                "name": entry.name,
                "text": entry.text,
                "description": entry.description,
                "defined": entry.defined,
                "references": [
                    {"rfc": reference.rfc, "section": reference.section, "url": reference.url}
                    for reference in entry.references
                ],
                "enhanced_codes": list(entry.enhanced_codes),
            }
            for entry in replies.entries
        ],
    }
    return json_text(document)


def _common(entry: Entry) -> dict[str, Any]:
    return {
        "description": entry.description,
        "references": list(entry.reference_ids),
        "reference_details": [_reference(reference) for reference in entry.references],
        "submitter": entry.submitter,
        "change_controller": entry.change_controller,
        "date": _iso(entry.date),
        "updated": _iso(entry.updated),
    }


def _reference(reference: Reference) -> dict[str, Any]:
    return {"type": reference.type, "id": reference.id, "note": reference.note,
            "url": reference.url}


def _iso(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()
