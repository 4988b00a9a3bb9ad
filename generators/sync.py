"""Compare IANA's XML with our registry, report the differences, merge them in, and write
the merged registry back as YAML.

IANA owns everything under each record's ``iana:`` key and the registry/table metadata;
we own the rest (names, structured basic codes, deprecation notes). A merge replaces
IANA's parts wholesale, keeps every name we already gave, and names new codes by the
rule in ``names.py``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .basic_codes import parse_basic_code_text
from .codes_yaml import HEADER, TABLE_KEYS, code_sort_key
from .declarations import REGISTRIES, find
from .load import load_yaml_bytes
from .names import derive_name
from .problems import InputError
from .validate import check
from .yaml_emit import dump_yaml

SOURCE_URL = "https://www.iana.org/assignments/smtp-enhanced-status-codes/"
# The IANA field that a new entry's name is derived from, per table.
# A new code's usage until someone reads its description for a usage sentence.
NO_USAGE = {"prose": None, "prose_classes": None, "note": None}
NAME_SOURCE = {"classes": "summary", "subjects": "summary", "codes": "sample_text"}


def diff_report(iana: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    """Readable lines describing how IANA's data differs from ours; empty when equal."""
    lines: list[str] = []
    ours_registry = {k: v for k, v in ours["registry"].items() if k in iana["registry"]}
    lines += _field_changes("registry", ours_registry, iana["registry"])
    for table in TABLE_KEYS:
        lines += _field_changes(f"tables.{table}", ours["tables"][table], iana["tables"][table])
        current = {entry["iana"]["code"]: entry["iana"] for entry in ours[table]}
        incoming = {record["code"]: record for record in iana[table]}
        for code in sorted(incoming.keys() - current.keys(), key=code_sort_key):
            text = incoming[code].get(NAME_SOURCE[table])
            lines.append(f"{table}: added {code} {text!r}")
        for code in sorted(current.keys() - incoming.keys(), key=code_sort_key):
            lines.append(f"{table}: removed {code}")
        for code in sorted(current.keys() & incoming.keys(), key=code_sort_key):
            lines += _field_changes(f"{table}: changed {code}", current[code], incoming[code])
    return lines


def _field_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [
        f"{label} {key}: {old.get(key)!r} -> {new.get(key)!r}"
        for key in sorted(old.keys() | new.keys())
        if old.get(key) != new.get(key)
    ]


def merge(iana: dict[str, Any], ours: dict[str, Any] | None) -> dict[str, Any]:
    """The registry document with IANA's data and our additions kept or derived."""
    ours = ours or {"registry": {}, "tables": {}, "classes": [], "subjects": [], "codes": []}
    document: dict[str, Any] = {
        "registry": {**iana["registry"],
                     "source": ours["registry"].get("source", SOURCE_URL)},
        "tables": {table: iana["tables"][table] for table in TABLE_KEYS},
    }
    taken = {entry["name"] for table in TABLE_KEYS for entry in ours.get(table, [])}
    for table in TABLE_KEYS:
        existing = {entry["iana"]["code"]: entry for entry in ours.get(table, [])}
        entries = []
        for record in sorted(iana[table], key=lambda r: code_sort_key(r["code"])):
            previous = existing.get(record["code"])
            if previous is not None:
                name = previous["name"]
            else:
                name = derive_name(record["code"], record.get(NAME_SOURCE[table]), taken)
                taken.add(name)
            entry: dict[str, Any] = {"iana": record, "name": name}
            if table == "codes":
                entry["basic_codes"] = parse_basic_code_text(record["basic_code"])
                entry["deprecated"] = previous.get("deprecated") if previous else None
                entry["usage"] = previous["usage"] if previous else dict(NO_USAGE)
            entries.append(entry)
        document[table] = entries
    return document


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
