"""Check a loaded registry: its JSON Schema first, then the rules a schema cannot say.

Every problem is collected, each pinned to the key or value at fault, so one run shows
the maintainer everything to fix.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from .basic_codes import BasicCodeTextError, parse_basic_code_text
from .code_syntax import code_syntax_error
from .load import Loaded
from .problems import DataPath, InputError, Problem, quote
from .registry_file import SCHEMA_PATH, TABLE_KEYS, code_sort_key

_CODE_PATH = re.compile(r"(classes|subjects|codes)/\d+/iana/code")
_NAME_PATH = re.compile(r"(classes|subjects|codes)/\d+/name")
_BASIC_CODE_PATH = re.compile(r"codes/\d+/basic_codes/codes/\d+")


@functools.cache
def schema_validator() -> jsonschema.protocols.Validator:
    """Build the validator once: constructing one costs more than running it."""
    with open(SCHEMA_PATH, encoding="utf-8") as stream:
        schema = json.load(stream)
    return jsonschema.Draft202012Validator(schema)


def validate(loaded: Loaded) -> list[Problem]:
    """Every problem in the registry, schema problems and rule problems alike."""
    problems = list(schema_problems(loaded))
    problems += rule_problems(loaded)
    return sorted(set(problems))


def check(loaded: Loaded) -> Loaded:
    """Return the registry unchanged when valid; raise InputError otherwise."""
    problems = validate(loaded)
    if problems:
        raise InputError(problems)
    return loaded


def schema_problems(loaded: Loaded) -> Iterator[Problem]:
    for error in schema_validator().iter_errors(loaded.data):
        path: DataPath = tuple(error.absolute_path)
        slashed = "/".join(str(step) for step in path)
        keyword = error.validator
        if keyword == "additionalProperties" and isinstance(error.instance, dict):
            schema = error.schema if isinstance(error.schema, dict) else {}
            known = schema.get("properties", {})
            for key in error.instance:
                if key not in known:
                    yield loaded.problem((*path, key), (
                        f"unknown field {key!r} (schema: additionalProperties)"), at_key=True)
        elif keyword == "pattern" and _CODE_PATH.fullmatch(slashed):
            reason = code_syntax_error(path[0], error.instance)  # type: ignore[arg-type]
            yield loaded.problem(path, f"{reason} (rule code-syntax)")
        elif keyword == "pattern" and _NAME_PATH.fullmatch(slashed):
            yield loaded.problem(path, (
                f"name {quote(error.instance)} is not UPPER_SNAKE: letters A-Z, digits and "
                "single underscores, starting with a letter (rule name-syntax)"))
        elif keyword in ("minimum", "maximum") and _BASIC_CODE_PATH.fullmatch(slashed):
            yield loaded.problem(path, (
                f"{error.instance!r} is not a 3-digit reply code from 2xx to 5xx "
                "(RFC 5321 s4.2.1) (rule basic-code-range)"))
        elif keyword == "type":
            expected = error.validator_value
            wanted = " or ".join(expected) if isinstance(expected, list) else expected
            yield loaded.problem(path, (
                f"{quote(error.instance)} is not of type {wanted} (schema: type)"))
        else:
            message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
            yield loaded.problem(path, f"{message} (schema: {keyword})")


def rule_problems(loaded: Loaded) -> list[Problem]:
    """The semantic rules; each skips what the schema already reported as malformed."""
    data = loaded.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    names: dict[str, tuple[str, int]] = {}
    codes_by_table: dict[str, set[str]] = {}
    for table in TABLE_KEYS:
        seen: dict[str, int] = {}
        previous: str | None = None
        for index, entry in _entries(data, table):
            code = _iana_code(entry)
            name = entry.get("name")
            code_path = (table, index, "iana", "code")
            if code is not None:
                if code in seen:
                    problems.append(loaded.problem(code_path, (
                        f"duplicate code {code!r} (first on line {seen[code]}) "
                        "(rule unique-code)")))
                else:
                    seen[code] = loaded.mark(code_path)[0]
                if previous is not None and code_sort_key(code) < code_sort_key(previous):
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
                    names[name] = (code or "?", loaded.mark(name_path)[0])
        codes_by_table[table] = set(seen)
    subjects = {code.split(".")[1] for code in codes_by_table["subjects"]}
    for index, entry in _entries(data, "codes"):
        code = _iana_code(entry)
        if code is None:
            continue
        subject = code.split(".")[1]
        if subject not in subjects:
            problems.append(loaded.problem(("codes", index, "iana", "code"), (
                f"subject {subject} of {code!r} is not in the subjects table "
                "(rule subject-exists)")))
        problems += _basic_code_problems(loaded, index, entry)
        problems += _deprecation_problems(loaded, index, entry, codes_by_table["codes"])
    return problems


def _entries(data: dict[str, Any], table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    entries = data.get(table)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


def _iana_code(entry: dict[str, Any]) -> str | None:
    """The record's code when it is well formed, else None (the schema reported it)."""
    iana = entry.get("iana")
    code = iana.get("code") if isinstance(iana, dict) else None
    if not isinstance(code, str):
        return None
    for table in TABLE_KEYS:
        if code_syntax_error(table, code) is None:
            return code
    return None


def _basic_code_problems(loaded: Loaded, index: int, entry: dict[str, Any]) -> list[Problem]:
    iana = entry["iana"]
    text = iana.get("basic_code")
    structured = entry.get("basic_codes")
    if not isinstance(structured, dict) or not (text is None or isinstance(text, str)):
        return []
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
    if target == _iana_code(entry):
        return [loaded.problem(path, (
            f"{target!r} cannot replace itself (rule deprecated-target)"))]
    if target not in codes:
        return [loaded.problem(path, (
            f"replacement {target!r} is not in the codes table (rule deprecated-target)"))]
    return []


def _brief(structured: dict[str, Any]) -> str:
    return json.dumps(structured, separators=(", ", ": "))
