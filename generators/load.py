"""Read a YAML file into plain data plus the source position of every key and value.

No policy lives here beyond what makes YAML safe to read as data: tags, anchors and
aliases are refused (an alias bomb never expands), duplicate keys are refused, and plain
scalars follow the YAML 1.2 core schema (only true/false are booleans, so ``NO`` stays a
string). The parse is one streaming pass over libyaml's events, linear in the input.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import DataPath, InputError, Problem, quote

# Far above any real registry (the IANA one is ~50 KB); refusing early keeps a hostile
# or accidental giant file from costing minutes and gigabytes.
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# int() refuses longer digit strings by default (sys.get_int_max_str_digits); no registry
# number comes near it, and beyond it a plain integer is refused, never turned into a crash.
MAX_INTEGER_DIGITS = 4300

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")

Mark = tuple[int, int]


@dataclass
class Loaded:
    """A parsed file: its data and where each piece of it stands in the source."""

    file: str
    data: Any
    value_marks: dict[DataPath, Mark] = field(default_factory=dict)
    key_marks: dict[DataPath, Mark] = field(default_factory=dict)

    def mark(self, path: DataPath, *, at_key: bool = False) -> Mark:
        """The position of a value (or of its key), falling back to the nearest parent."""
        for depth in range(len(path), -1, -1):
            prefix = path[:depth]
            if at_key and depth == len(path) and prefix in self.key_marks:
                return self.key_marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)

    def problem(self, path: DataPath, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.mark(path, at_key=at_key)
        return Problem(self.file, line, column, path, message)


def load_yaml(path: str | os.PathLike[str], display_name: str | None = None) -> Loaded:
    """Load one YAML file; raise InputError listing every problem found."""
    name = display_name or os.fspath(path)
    return load_yaml_bytes(read_limited(path, name), name)


def read_limited(path: str | os.PathLike[str], name: str, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, or InputError when it cannot be read or holds more than ``limit``.

    The size on disk is checked first, but a device or pipe reports 0 (``/dev/zero`` never
    ends), so no more than ``limit + 1`` bytes are ever read.
    """
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError([_too_big(name, f"{size} bytes", limit)])
        with open(path, "rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Problem(name, 1, 1, (), f"cannot read file: {reason}")]) from None
    if len(raw) > limit:
        raise InputError([_too_big(name, f"more than {limit} bytes", limit)])
    return raw


def _too_big(name: str, size: str, limit: int) -> Problem:
    return Problem(name, 1, 1, (), (
        f"file is {size}, over the {limit // (1024 * 1024)} MiB limit (rule max-size)"))


def load_yaml_bytes(raw: bytes, name: str) -> Loaded:
    """Load YAML from bytes that claim to be UTF-8, no more than MAX_BYTES of them."""
    if len(raw) > MAX_BYTES:
        raise InputError([_too_big(name, f"{len(raw)} bytes", MAX_BYTES)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        bad = raw[error.start:error.start + 1].hex()
        raise InputError([Problem(name, line, column, (), (
            f"file is not valid UTF-8: byte 0x{bad} at offset {error.start} (rule encoding)"))
        ]) from None
    return _Builder(name).build(text)


class _Builder:
    """Turns the event stream into data, recording marks and problems as it goes."""

    def __init__(self, name: str) -> None:
        self.loaded = Loaded(name, None)
        self.problems: list[Problem] = []
        # Each frame: [container, its path, the pending key (maps only)].
        self.stack: list[list[Any]] = []
        self.documents = 0

    def fail(self, event: yaml.Event, path: DataPath, message: str) -> None:
        line, column = _position(event)
        self.problems.append(Problem(self.loaded.file, line, column, path, message))

    def build(self, text: str) -> Loaded:
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self.on_event(event)
        except _Stop:
            pass
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = error.problem or error.context or "malformed YAML"
            self.problems.append(
                Problem(self.loaded.file, line, column, (), f"YAML syntax error: {reason}"))
        except yaml.reader.ReaderError as error:
            # A character YAML refuses outright (YAML 1.1 s5.1: C0 controls but TAB, LF and
            # CR, DEL, C1 but NEL, surrogates): name it where it stands, on one line.
            before = text[:error.position]
            line, column = before.count("\n") + 1, error.position - before.rfind("\n")
            character = error.character if isinstance(error.character, str) else chr(
                error.character)
            self.problems.append(Problem(self.loaded.file, line, column, (), (
                f"YAML syntax error: the character U+{ord(character):04X} is not allowed in "
                "YAML; write it escaped in a double-quoted string (rule no-control-characters)")))
        except yaml.YAMLError as error:
            message = " ".join(str(error).split())
            self.problems.append(
                Problem(self.loaded.file, 1, 1, (), f"YAML syntax error: {message}"))
        if not self.problems and self.loaded.data is None:
            self.problems.append(
                Problem(self.loaded.file, 1, 1, (), "file is empty: no YAML document"))
        if self.problems:
            raise InputError(self.problems)
        return self.loaded

    def child_path(self, event: yaml.Event) -> DataPath | None:
        """Where the value this event starts goes; None when it is a mapping key."""
        if not self.stack:
            return ()
        container, path, pending = self.stack[-1]
        if isinstance(container, list):
            return _child(path, len(container))
        if pending is None:
            return None
        return _child(path, pending[0])

    def on_event(self, event: yaml.Event) -> None:
        # Most events are plain scalars without anchor or tag: placed here in one step (the
        # general path below handles them alike, with one type test per kind of event).
        if (type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None
                and self.stack):
            value = _resolve(event)
            if not isinstance(value, _TooLong):
                frame = self.stack[-1]
                container, path, pending = frame
                if type(container) is list:
                    child: DataPath = (*path, len(container))
                elif pending is None:
                    self.take_key(event, value)
                    return
                else:
                    child = (*path, pending[0])
                self.loaded.value_marks[child] = _position(event)
                self.place(value)
                return
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event, (), "more than one YAML document in the file")
            return
        if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                  yaml.SequenceStartEvent, yaml.MappingEndEvent,
                                  yaml.SequenceEndEvent)):
            return
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, _, _ = self.stack.pop()
            self.place(container)
            return
        path = self.child_path(event)
        at = path if path is not None else self.stack[-1][1]
        if isinstance(event, yaml.AliasEvent):
            self.fail(event, at, (
                f"YAML alias *{event.anchor} is not allowed: write the value out (rule no-alias)"))
            self.place_scalar(event, None)
            return
        if event.anchor is not None:
            self.fail(event, at, (
                f"YAML anchor &{event.anchor} is not allowed (rule no-anchor)"))
        if event.tag is not None:
            self.fail(event, at, (
                f"YAML tag {event.tag!r} is not allowed: the registry is plain data "
                "(rule no-tag)"))
        if isinstance(event, yaml.ScalarEvent):
            value = _resolve(event)
            if isinstance(value, _TooLong):
                self.fail(event, at, (
                    f"integer of {len(event.value.lstrip('+-'))} digits is too long: at most "
                    f"{MAX_INTEGER_DIGITS} digits are read (rule max-integer)"))
                value = None
            self.place_scalar(event, value)
            return
        if path is None:
            self.fail(event, at, "mapping keys must be plain strings (rule key-type)")
            raise _Stop
        if len(self.stack) >= MAX_DEPTH:
            self.fail(event, path, f"nesting deeper than {MAX_DEPTH} levels")
            raise _Stop
        self.loaded.value_marks[path] = _position(event)
        new: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append([new, path, None])

    def place_scalar(self, event: yaml.Event, value: Any) -> None:
        mark = _position(event)
        if self.stack:
            frame = self.stack[-1]
            container, path, pending = frame
            if isinstance(container, dict) and pending is None:
                self.take_key(event, value)
                return
            child = _child(path, len(container) if isinstance(container, list) else pending[0])
        else:
            child = ()
        self.loaded.value_marks[child] = mark
        self.place(value)

    def take_key(self, event: yaml.Event, key: Any) -> None:
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if not isinstance(key, str) or not isinstance(event, yaml.ScalarEvent):
            self.fail(event, path, (
                f"mapping key {quote(key)} must be a string (rule key-type)"))
            key = str(key)
        if key in container:
            first_line = self.loaded.key_marks[_child(path, key)][0]
            self.fail(event, _child(path, key), (
                f"duplicate key {key!r} (first defined on line {first_line}) "
                "(rule no-duplicate-key)"))
            key = _Duplicate(key)
        else:
            self.loaded.key_marks[_child(path, key)] = _position(event)
        frame[2] = (key,)

    def place(self, value: Any) -> None:
        if not self.stack:
            self.loaded.data = value
            return
        frame = self.stack[-1]
        container, _, pending = frame
        if isinstance(container, list):
            container.append(value)
        else:
            if not isinstance(pending[0], _Duplicate):
                container[pending[0]] = value
            frame[2] = None


class _Duplicate(str):
    """A key already seen: its value is parsed (for more errors) but not stored."""


class _Stop(Exception):
    """Raised to abandon a file whose structure cannot be represented as data."""


def _child(path: DataPath, step: str | int) -> DataPath:
    return (*path, step)


def _position(event: yaml.Event) -> Mark:
    """1-based line and column where an event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _resolve(event: yaml.ScalarEvent) -> Any:
    """YAML 1.2 core-schema resolution for plain scalars; quoted ones are strings."""
    value: str = event.value
    if event.style:
        return value
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    if _INTEGER.match(value):
        if len(value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            return _TooLong()
        try:
            return int(value)
        except ValueError:  # PYTHONINTMAXSTRDIGITS set below MAX_INTEGER_DIGITS
            return _TooLong()
    return value


class _TooLong:
    """A plain integer with more digits than int() reads (its value is never needed)."""
