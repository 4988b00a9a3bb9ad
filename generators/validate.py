"""Check a loaded registry: its JSON Schema first, then the rules a schema cannot say.

Every problem is collected, each pinned to the key or value at fault, so one run shows
the maintainer everything to fix.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema

from .code_syntax import code_syntax_error
from .load import Loaded
from .problems import DataPath, InputError, Problem, quote
from .registry_file import REPLIES_SCHEMA_PATH, SCHEMA_PATH
from .rules import cross_problems, registry_rule_problems, reply_rule_problems

_CODE_PATH = re.compile(r"(classes|subjects|codes)/\d+/iana/code")
_NAME_PATH = re.compile(r"(classes|subjects|codes)/\d+/name")
_BASIC_CODE_PATH = re.compile(r"codes/\d+/basic_codes/codes/\d+")
_REPLY_CODE_PATH = re.compile(r"codes/\d+/code")


@functools.cache
def schema_validator(path: Path) -> jsonschema.protocols.Validator:
    """Build each validator once: constructing one costs more than running it."""
    with open(path, encoding="utf-8") as stream:
        schema = json.load(stream)
    return jsonschema.Draft202012Validator(schema)


def validate(loaded: Loaded) -> list[Problem]:
    """Every problem in the status code registry, schema and rule problems alike."""
    problems = list(schema_problems(loaded, SCHEMA_PATH))
    problems += registry_rule_problems(loaded)
    return sorted(set(problems))


def validate_replies(loaded: Loaded) -> list[Problem]:
    """Every problem in the reply code registry."""
    problems = list(schema_problems(loaded, REPLIES_SCHEMA_PATH))
    problems += reply_rule_problems(loaded)
    return sorted(set(problems))


def check(loaded: Loaded) -> Loaded:
    """Return the registry unchanged when valid; raise InputError otherwise."""
    problems = validate(loaded)
    if problems:
        raise InputError(problems)
    return loaded


def check_pair(registry: Loaded, replies: Loaded) -> None:
    """Both registries and the rules that join them; one InputError lists everything."""
    problems = validate(registry) + validate_replies(replies)
    if not problems:
        problems = cross_problems(registry, replies)
    if problems:
        raise InputError(problems)


def schema_problems(loaded: Loaded, schema: Path) -> Iterator[Problem]:
    for error in schema_validator(schema).iter_errors(loaded.data):
        path: DataPath = tuple(error.absolute_path)
        slashed = "/".join(str(step) for step in path)
        keyword = error.validator
        if keyword == "additionalProperties" and isinstance(error.instance, dict):
            subschema = error.schema if isinstance(error.schema, dict) else {}
            known = subschema.get("properties", {})
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
        elif keyword in ("minimum", "maximum") and (
                _BASIC_CODE_PATH.fullmatch(slashed) or _REPLY_CODE_PATH.fullmatch(slashed)):
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
