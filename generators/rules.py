"""The rules a JSON Schema cannot say, for both registries and between them.

Each rule skips what the schema already reported as malformed, so one defect gives one
message. Rule names appear in messages and in registry/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .basic_codes import BasicCodeTextError, parse_basic_code_text
from .code_syntax import code_syntax_error
from .codes_yaml import TABLE_KEYS, code_sort_key
from .load import Loaded
from .problems import DataPath, Problem


def registry_rule_problems(loaded: Loaded) -> list[Problem]:
    """Rules of the status code registry."""
    data = loaded.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    names: dict[str, tuple[str, int]] = {}
    codes_by_table: dict[str, set[str]] = {}
    for table in TABLE_KEYS:
        records: list[Record] = [
            (index, (table, index, "iana", "code"), _iana_code(entry, table), entry.get("name"))
            for index, entry in _entries(data, table)]
        codes_by_table[table] = _identity_problems(
            loaded, table, records, names, code_sort_key, problems)
    subjects = {code.split(".")[1] for code in codes_by_table["subjects"]}
    for index, entry in _entries(data, "codes"):
        code = _iana_code(entry, "codes")
        if code is None:
            continue
        subject = code.split(".")[1]
        if subject not in subjects:
            problems.append(loaded.problem(("codes", index, "iana", "code"), (
                f"subject {subject} of {code!r} is not in the subjects table "
                "(rule subject-exists)")))
        problems += _basic_code_problems(loaded, index, entry)
        problems += _deprecation_problems(loaded, index, entry, codes_by_table["codes"])
        problems += _usage_problems(loaded, index, entry)
    return problems


def reply_rule_problems(loaded: Loaded) -> list[Problem]:
    """Rules of the reply code registry."""
    data = loaded.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    records: list[Record] = []
    for index, entry in _entries(data, "codes"):
        code = entry.get("code")
        valid = code if isinstance(code, int) and not isinstance(code, bool) else None
        records.append((index, ("codes", index, "code"), valid, entry.get("name")))
        if entry.get("defined") is False and entry.get("text") is not None:
            problems.append(loaded.problem(("codes", index, "text"), (
                f"reply code {code} is marked undefined, so it has no RFC text; "
                "write null (rule undefined-has-no-text)")))
        if entry.get("defined") is True and entry.get("references") == []:
            problems.append(loaded.problem(("codes", index, "references"), (
                f"reply code {code} is marked defined but names no defining RFC section "
                "(rule defined-has-reference)")))
    _identity_problems(loaded, "codes", records, {}, lambda code: code, problems)
    return problems


def basic_codes_known(registry: Loaded, others: Mapping[str, Loaded]) -> list[Problem]:
    """Every basic code IANA associates with a status code is in the reply registry."""
    replies = others["replies"]
    known = {entry["code"] for entry in replies.data["codes"]}
    problems = []
    for index, entry in enumerate(registry.data["codes"]):
        for position, code in enumerate(entry["basic_codes"].get("codes", ())):
            if code not in known:
                problems.append(registry.problem(
                    ("codes", index, "basic_codes", "codes", position), (
                        f"basic code {code} of {entry['iana']['code']!r} is not in "
                        f"{replies.file}; add it there, marked defined or not "
                        "(rule reply-code-known)")))
    return problems


Record = tuple[int, DataPath, Any, Any]


def _identity_problems(
    loaded: Loaded,
    table: str,
    records: Sequence[Record],
    names: dict[str, tuple[str, int]],
    sort_key: Callable[[Any], Any],
    problems: list[Problem],
) -> set[Any]:
    """Codes unique and in order within a table; names unique across ``names``.

    Returns the table's well-formed codes. ``records`` holds (index, code path, code or
    None when malformed, name) per entry.
    """
    seen: dict[Any, int] = {}
    previous: Any = None
    for index, code_path, code, name in records:
        if code is not None:
            if code in seen:
                problems.append(loaded.problem(code_path, (
                    f"duplicate code {code!r} (first on line {seen[code]}) (rule unique-code)")))
            else:
                seen[code] = loaded.mark(code_path)[0]
            if previous is not None and sort_key(code) < sort_key(previous):
                problems.append(loaded.problem(code_path, (
                    f"{code!r} comes after {previous!r}; records must be in numeric "
                    "order (rule sorted)")))
            previous = code
        if isinstance(name, str):
            name_path = (table, index, "name")
            if name in names:
                owner, line = names[name]
                problems.append(loaded.problem(name_path, (
                    f"duplicate name {name!r} (first used by {owner} on line {line}) "
                    "(rule unique-name)")))
            else:
                names[name] = (str(code) if code is not None else "?",
                               loaded.mark(name_path)[0])
    return set(seen)


def _entries(data: dict[str, Any], table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    entries = data.get(table)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


def _iana_code(entry: dict[str, Any], table: str) -> str | None:
    """The record's code when it is well formed for its own table, else None (the schema
    or code-syntax reported it, so no other rule repeats the complaint)."""
    iana = entry.get("iana")
    code = iana.get("code") if isinstance(iana, dict) else None
    if not isinstance(code, str) or code_syntax_error(table, code) is not None:
        return None
    return code


def _basic_code_problems(loaded: Loaded, index: int, entry: dict[str, Any]) -> list[Problem]:
    iana = entry["iana"]
    text = iana.get("basic_code")
    structured = entry.get("basic_codes")
    if not isinstance(structured, dict) or not (text is None or isinstance(text, str)):
        return []
    if not all(isinstance(structured.get(key, []), list) for key in ("codes", "wildcards")):
        return []  # malformed: the schema has said so
    if not all(isinstance(code, int) and not isinstance(code, bool) and 200 <= code <= 599
               for code in structured.get("codes", [])):
        return []  # a code out of range, or not a number: the schema has said so
    path = ("codes", index, "basic_codes")
    try:
        expected = parse_basic_code_text(text)
    except BasicCodeTextError as error:
        return [loaded.problem(("codes", index, "iana", "basic_code"), (
            f"IANA's basic code text cannot be interpreted: {error} (rule basic-codes-agree)"))]
    if structured != expected:
        return [loaded.problem(path, (
            f"basic_codes {_brief(structured)} does not match IANA's text {text!r}, "
            f"which reads as {_brief(expected)} (rule basic-codes-agree)"))]
    return []


def _deprecation_problems(
    loaded: Loaded, index: int, entry: dict[str, Any], codes: set[str]
) -> list[Problem]:
    deprecated = entry.get("deprecated")
    if not isinstance(deprecated, dict):
        return []
    target = deprecated.get("replaced_by")
    if not isinstance(target, str):
        return []
    path = ("codes", index, "deprecated", "replaced_by")
    if target == _iana_code(entry, "codes"):
        return [loaded.problem(path, (
            f"{target!r} cannot replace itself (rule deprecated-target)"))]
    if target not in codes:
        return [loaded.problem(path, (
            f"replacement {target!r} is not in the codes table (rule deprecated-target)"))]
    return []


def _usage_problems(loaded: Loaded, index: int, entry: dict[str, Any]) -> list[Problem]:
    usage = entry.get("usage")
    description = entry["iana"].get("description")
    if not isinstance(usage, dict) or not isinstance(description, str):
        return []
    prose = usage.get("prose")
    problems = []
    if isinstance(prose, str) and prose not in description:
        problems.append(loaded.problem(("codes", index, "usage", "prose"), (
            f"usage sentence {prose!r} is not quoted exactly from the description "
            "(rule usage-quote)")))
    if (prose is None) != (usage.get("prose_classes") is None):
        problems.append(loaded.problem(("codes", index, "usage", "prose_classes"), (
            "prose_classes must be given exactly when a usage sentence is quoted "
            "(rule usage-classes)")))
    return problems


def _brief(structured: dict[str, Any]) -> str:
    return json.dumps(structured, separators=(", ", ": "))
