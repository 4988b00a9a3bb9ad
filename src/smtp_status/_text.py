"""Input shown back to people: quoted in messages (bounded, so 3 MB of input never makes a
6 MB error) and escaped in human output (so input can never drive the terminal)."""

import re

QUOTE_LIMIT = 80
# A cheap first test: text of printable ASCII needs no escaping.
_PLAIN = re.compile(r"[ -~]*\Z")


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of a value, cut to ``limit`` characters of a long str with its length said."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    try:
        text = repr(value)
    except ValueError:  # an int past sys.get_int_max_str_digits()
        return f"<{type(value).__name__} too large to show>"
    if len(text) > limit:
        return f"{text[:limit]}... ({len(text)} characters of repr)"
    return text


def escape(text: str) -> str:
    """``text`` for a terminal: every character ``repr`` escapes (controls, C1, DEL, line and
    paragraph separators, bidi and other format characters, spaces other than U+0020,
    surrogates) as ``repr`` writes it (``\\x1b``, ``\\u202e``), and a byte that is not UTF-8,
    as surrogateescape carries it in a file name, as ``\\xHH``. Everything else, backslashes
    included, is shown as is, so paths and ordinary text read unchanged."""
    if _PLAIN.match(text):
        return text
    return "".join(char if char.isprintable() else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:  # surrogateescape's stand-in for the byte point - 0xDC00
        return f"\\x{point - 0xDC00:02x}"
    return repr(char)[1:-1]


def json_text(value: object, indent: int | None = None) -> str:
    """``json.dumps(value, ensure_ascii=False)``, but every character that is not printable
    (C1 controls, DEL, U+0085, U+2028 and U+2029, which str.splitlines and old JavaScript
    take for line breaks, bidi controls) written as a ``\\u`` escape: the same value once
    parsed, and nothing in it that breaks a line or drives a terminal. The line breaks of
    ``indent`` stay (JSON writes those inside strings as ``\\n`` already)."""
    import json  # only the JSON outputs need it: importing the package stays cheap

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == "\n" else json.dumps(char)[1:-1]
                   for char in text)
