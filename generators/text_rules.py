"""Rules every string of every registry obeys, whatever its field: checked by walking the data.

- no-control-characters: C0 control characters (U+0000 to U+001F) other than newline
  (U+000A), and DEL (U+007F), are refused everywhere. Tab and carriage return are refused
  too: texts are folded to single spaces (as IANA's are), and a NUL would cut a C string
  short. Newline stays allowed in texts; fields whose schema pattern forbids it still do.
- real-date: a date written YYYY-MM-DD must name a day of the calendar (no 2024-02-30,
  no year 0). The schema patterns check the shape; ``date_error`` checks the day.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .load import Loaded
from .problems import DataPath, Problem

CONTROL_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
# The shape the schemas' date patterns allow; only such strings are checked as days.
_DATE_SHAPE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z")
_DATE_DIGITS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def character_name(character: str) -> str:
    """``U+0000`` plus the character's name or alias, for messages."""
    names = {"\x00": "NUL", "\t": "TAB", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE",
             "\x7f": "DELETE"}
    name = names.get(character) or unicodedata.name(character, "control character")
    return f"U+{ord(character):04X} ({name})"


def control_character_error(text: str) -> str | None:
    """Why ``text`` holds a refused control character, or None when it holds none."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    return (f"text contains the control character {character_name(found.group())} at "
            f"character {found.start() + 1}; only newline is allowed "
            "(rule no-control-characters)")


def control_character_problems(loaded: Loaded) -> list[Problem]:
    """One problem per string (value or mapping key) holding a refused control character."""
    problems = []
    for path, text, is_key in _strings(loaded.data, ()):
        reason = control_character_error(text)
        if reason is not None:
            problems.append(loaded.problem(path, reason, at_key=is_key))
    return problems


def date_error(text: str) -> str | None:
    """Why a date the schemas' patterns allow names no real day; None when it does, or when
    the pattern refuses it anyway (so that one defect gets one message)."""
    if _DATE_SHAPE.match(text) is None:
        return None
    return real_date_error(text)


def real_date_error(text: str) -> str | None:
    """Why ``text`` is not a real day written YYYY-MM-DD; None when it is one."""
    if _DATE_DIGITS.match(text) is None:
        return f"{text!r} is not a date written YYYY-MM-DD (rule real-date)"
    year, month, day = (int(part) for part in text.split("-"))
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        return f"{text!r} is not a real calendar date: {error} (rule real-date)"
    return None


def _strings(data: Any, path: DataPath) -> Iterator[tuple[DataPath, str, bool]]:
    # An explicit stack: the loader caps nesting, but a walk should never need recursion.
    stack: list[tuple[Any, DataPath]] = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            yield where, value, False
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield (*where, key), key, True
                stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend(((item, (*where, index)) for index, item in enumerate(value)))
