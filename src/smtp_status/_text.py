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
