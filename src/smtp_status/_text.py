"""Quoting input back in messages: bounded, so 3 MB of input never makes a 6 MB error."""

QUOTE_LIMIT = 80


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
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:  # surrogateescape's stand-in for the byte point - 0xDC00
        return f"\\x{point - 0xDC00:02x}"
    return repr(char)[1:-1]
