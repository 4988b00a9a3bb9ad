"""Explain exactly why a code string breaks its table's syntax (RFC 3463 s2)."""

from __future__ import annotations

import re

_SUB_CODE = re.compile(r"(?:0|[1-9][0-9]{0,2})\Z")
# RFC 3463 s2: class = "2"/"4"/"5".
CLASSES = ("2", "4", "5")
# What each table's code looks like; "N" stands for a numeric sub-code.
SHAPES = {"classes": ("C", "XXX", "YYY"), "subjects": ("X", "N", "YYY"), "codes": ("X", "N", "N")}
EXAMPLES = {"classes": "5.XXX.YYY", "subjects": "X.1.YYY", "codes": "X.1.1"}


def code_syntax_error(table: str, code: str) -> str | None:
    """None when ``code`` is well formed for ``table``, else the reason it is not."""
    expected = SHAPES[table]
    example = EXAMPLES[table]
    if code.endswith("\n") and code_syntax_error(table, code[:-1]) is None:
        return f"{code!r} ends with a newline; write it like {example!r}"
    odd = next((c for c in code if c.isspace() or not c.isprintable()), None)
    if odd is not None:
        return (f"{code!r} contains U+{ord(odd):04X}, a space or control character; write it "
                f"like {example!r}")
    parts = code.split(".")
    if len(parts) != 3:
        return f"{code!r} is not written like {example!r}: it needs three dot-separated parts"
    for part, shape in zip(parts, expected, strict=True):
        if shape == "N":
            reason = sub_code_error(part)
            if reason:
                return f"{code!r}: {reason}"
        elif shape == "C":
            if part not in CLASSES:
                return (f"{code!r}: class {part!r} is not 2, 4 or 5 (RFC 3463 s2)")
        elif part != shape:
            if shape == "X" and part in CLASSES and table == "codes":
                return (f"{code!r} starts with a class digit; enumerated codes are written "
                        f"with X for the class, like {example!r}")
            return f"{code!r} is not written like {example!r}: {part!r} should be {shape!r}"
    return None


def sub_code_error(part: str) -> str | None:
    """Why a subject or detail sub-code is malformed: 1 to 3 digits, no leading zero."""
    if _SUB_CODE.match(part):
        return None
    if not part or not all(c in "0123456789" for c in part):
        return f"sub-code {part!r} is not a number of ASCII digits (RFC 3463 s2)"
    if len(part) > 3:
        return f"sub-code {part!r} has more than 3 digits (RFC 3463 s2)"
    return f"sub-code {part!r} has a leading zero (RFC 3463 s2)"
