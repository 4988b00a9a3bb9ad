"""Check a loaded registry: its JSON Schema first, then the rules a schema cannot say.

Every problem is collected, each pinned to the key or value at fault, so one run shows
the maintainer everything to fix.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .code_syntax import code_syntax_error
from .declarations import RegistrySpec
from .load import Loaded
from .paths import REPO_ROOT
from .problems import DataPath, InputError, Problem, quote
from .text_rules import control_character_problems, date_error

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.protocols import Validator

# Documents that passed their schema, one empty file per (document, schema, validator) in
# the project's cache (git-ignored), beside the compiled templates. `generate` fills it,
# `generate --check` only reads it: a document found there skips jsonschema, and the import
# of jsonschema with it, which together are most of a --check run. Any doubt is a miss.
SCHEMA_VERDICTS = REPO_ROOT / ".cache" / "schema-verdicts"
# What the verdict depends on besides the document and its schema: this module (the format
# checker and how problems are read), text_rules (the "date" format), and jsonschema itself.
_VERDICT_CODE = (Path(__file__), Path(__file__).with_name("text_rules.py"))


class SchemaVerdicts:
    """The cache of documents known to pass their schema; writable only for `generate`."""

    def __init__(self, folder: Path, writable: bool) -> None:
        self.folder = folder
        self.writable = writable

    def key(self, loaded: Loaded, schema: Path) -> str | None:
        """A digest of everything the schema's verdict on ``loaded`` depends on, or None."""
        try:
            digest = hashlib.sha256(schema.read_bytes())
            for path in _VERDICT_CODE:
                digest.update(path.read_bytes())
            digest.update(_jsonschema_identity().encode())
        except OSError:
            return None
        # The parsed data, not the file: positions and comments never change a verdict.
        digest.update(json.dumps(loaded.data, sort_keys=True, ensure_ascii=True).encode())
        return digest.hexdigest()

    def known_valid(self, key: str) -> bool:
        return (self.folder / key).is_file()

    def remember_valid(self, key: str) -> None:
        if not self.writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / key).touch()
        except OSError:
            pass  # an unwritable cache only costs a validation next time


@functools.cache
def _jsonschema_identity() -> str:
    """jsonschema's files by size and modification time, found without importing it: an
    upgrade or an edit changes them."""
    spec = importlib.util.find_spec("jsonschema")
    if spec is None or spec.origin is None:
        raise OSError("jsonschema is not installed")
    folder = Path(spec.origin).parent
    stats = [(name, os.stat(folder / name)) for name in sorted(os.listdir(folder))
             if name.endswith(".py")]
    return ";".join(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" for name, stat in stats)

_CODE_PATH = re.compile(r"(classes|subjects|codes)/\d+/iana/code")
_NAME_PATH = re.compile(r"(classes|subjects|codes)/\d+/name")
_BASIC_CODE_PATH = re.compile(r"codes/\d+/basic_codes/codes/\d+")
_REPLY_CODE_PATH = re.compile(r"codes/\d+/code")


@functools.cache
def schema_validator(path: Path) -> Validator:
    """Build each validator once: constructing one costs more than running it."""
    import jsonschema  # deferred: a --check whose documents are known valid never needs it

    with open(path, encoding="utf-8") as stream:
        schema = json.load(stream)
    return jsonschema.Draft202012Validator(schema, format_checker=_formats())


@functools.cache
def _formats() -> jsonschema.FormatChecker:
    """Only the formats this project defines are asserted: "date" is a real calendar day."""
    import jsonschema

    formats = jsonschema.FormatChecker(formats=())

    @formats.checks("date", raises=ValueError)
    def _real_date(instance: object) -> bool:
        if isinstance(instance, str):
            reason = date_error(instance)
            if reason is not None:
                raise ValueError(reason)
        return True

    return formats


def validate(loaded: Loaded, spec: RegistrySpec,
             verdicts: SchemaVerdicts | None = None) -> list[Problem]:
    """Every problem in one registry: its schema's, the rules of every string, its rules'.

    A string holding a control character gets that one message, not also its pattern's or
    a rule's about the same string. ``verdicts``: documents known to pass their schema.
    """
    problems = control_character_problems(loaded)
    flagged = {problem.path for problem in problems}
    problems += [problem for problem in [*_schema_problems(loaded, spec.schema, verdicts),
                                         *spec.rules(loaded)]
                 if problem.path not in flagged]
    return sorted(set(problems))


def _schema_problems(loaded: Loaded, schema: Path,
                     verdicts: SchemaVerdicts | None) -> list[Problem]:
    key = None if verdicts is None else verdicts.key(loaded, schema)
    if key is not None and verdicts is not None and verdicts.known_valid(key):
        return []
    problems = list(schema_problems(loaded, schema))
    if not problems and key is not None and verdicts is not None:
        verdicts.remember_valid(key)
    return problems


def check(loaded: Loaded, spec: RegistrySpec) -> Loaded:
    """Return the registry unchanged when valid; raise InputError otherwise."""
    problems = validate(loaded, spec)
    if problems:
        raise InputError(problems)
    return loaded


def check_all(loaded: Mapping[str, Loaded], registries: Sequence[RegistrySpec],
              verdicts: SchemaVerdicts | None = None) -> None:
    """Every registry, then the rules that join them; one InputError lists everything.

    Cross-rules read other registries' data, so they run only once each is valid.
    """
    problems: list[Problem] = []
    for spec in registries:
        problems += validate(loaded[spec.key], spec, verdicts)
    if not problems:
        for spec in registries:
            if spec.cross_rules is not None:
                problems += spec.cross_rules(loaded[spec.key], loaded)
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
            if reason is None:  # the schema is stricter than code_syntax knows
                reason = f"{quote(error.instance)} does not match {error.validator_value!r}"
            yield loaded.problem(path, f"{reason} (rule code-syntax)")
        elif keyword == "pattern" and _NAME_PATH.fullmatch(slashed):
            yield loaded.problem(path, (
                f"name {quote(error.instance)} is not UPPER_SNAKE: letters A-Z, digits and "
                "single underscores, starting with a letter (rule name-syntax)"))
        elif keyword == "pattern" and _ends_with_newline(error.instance, error.validator_value):
            yield loaded.problem(path, (
                f"{quote(error.instance)} ends with a newline, which this field does not "
                "allow (schema: pattern)"))
        elif keyword == "format" and isinstance(error.cause, ValueError):
            yield loaded.problem(path, str(error.cause))
        elif keyword in ("minimum", "maximum") and (
                _BASIC_CODE_PATH.fullmatch(slashed) or _REPLY_CODE_PATH.fullmatch(slashed)):
            yield loaded.problem(path, (
                f"{quote(error.instance)} is not a 3-digit reply code from 2xx to 5xx "
                "(RFC 5321 s4.2.1) (rule basic-code-range)"))
        elif keyword == "type":
            expected = error.validator_value
            wanted = " or ".join(expected) if isinstance(expected, list) else expected
            yield loaded.problem(path, (
                f"{quote(error.instance)} is not of type {wanted} (schema: type)"))
        else:
            message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
            yield loaded.problem(path, f"{message} (schema: {keyword})")


def _ends_with_newline(instance: object, pattern: object) -> bool:
    """True when the string fails ``pattern`` only because of its final newline."""
    return (isinstance(instance, str) and isinstance(pattern, str) and instance.endswith("\n")
            and re.search(pattern, instance[:-1]) is not None)
