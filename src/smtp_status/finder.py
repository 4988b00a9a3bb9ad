"""A heuristic finder of enhanced status codes in free text: bounces, logs, DSNs.

This is not a parser: use ``parse_reply`` for SMTP replies. It looks for
``class.subject.detail`` tokens (RFC 3463 s2 syntax) that stand alone: not inside a
longer dotted number (IP addresses, 1.2.5.1.1), not glued to letters, digits or "-"
(v2.0.1, 4.4.1-beta). A token is reported when it stands in a strong context:

- right after a basic reply code: ``550 5.1.1``, ``550-5.1.1``, ``550 #5.1.1``;
- after ``#``, as qmail writes it: ``(#5.1.1)``;
- as the value of a DSN field (RFC 3464 s2.3.4, s2.3.6) or a log key:
  ``Status: 5.1.1``, ``Diagnostic-Code: smtp; 5.1.1`` (any diagnostic type, such as
  ``X-Postfix;``), ``smtp; 5.1.1``, ``dsn=4.7.1``, field names in any case;

or, failing those, when its subject.detail is a registered code and the word before it is
not a version word (version, ver, v, release, rev, python, ..., case-insensitive, optionally
followed by ".", ":", "=" or "/": "Version: 5.1.1", "python/4.1.1"). A basic code counts
only when it fits RFC 5321 s4.2 (2xx-5xx, second digit 0-5) and is not itself the end of a
longer number or word ("1550 5.1.1" has no basic code); a code joined by "-" to anything but
such a basic code is part of a number and never reported ("1550-5.1.1", "599-5.1.1").
Dates such as 5.1.2024 never match: sub-codes have at most 3 digits, without leading zeros.

Every reported span is exactly the code: ``StatusCode.parse(text[m.start:m.end]) ==
m.status``, with no "#" or other context inside it. The finder never raises for a str.
Being a heuristic, it can still report a registered code that is really something else
("upgraded to 5.1.1" reads as X.1.1), and misses codes in unusual contexts that are not
registered ("error 5.9.999").
"""

import re
from typing import NamedTuple

from .enums import EnhancedCode
from .status import StatusCode

__all__ = ["StatusCodeMatch", "find_status_codes"]

# The token itself, standing alone: not part of a longer word or dotted number, and a
# "-" before it only as in "550-5.1.1". Context is then read with plain string checks,
# which cost far less than making the regex engine try alternatives at every position.
# The class digit comes first and the look-behinds after it, so the engine can scan for
# "2", "4" or "5" quickly instead of testing look-behinds at every position.
_TOKEN = re.compile(
    r"[245](?:(?<=[2-5][0-9][0-9]-[245])|(?<![\w.\-][245]))"
    r"\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2})"
    r"(?![\w\-]|\.[0-9])"
)
_VERSION_BEFORE = re.compile(
    r"\b(?:version|ver|v|release|rel|rev|revision|python|build|kernel|linux)[\s.:=/]*\Z",
    re.IGNORECASE)
# DSN fields (RFC 3464) and log keys whose value is a status code.
_FIELDS = ("status:", "dsn=", "smtp;")
# Diagnostic-Code: diagnostic-type; ... (RFC 3464 s2.3.6), the type an atom such as X-Postfix.
_DIAGNOSTIC = re.compile(r"diagnostic-code:[ \t]*[a-z0-9.+_-]*;\Z")
_REGISTERED = frozenset(
    f"{member.subject.value}.{member.detail}" for member in EnhancedCode)


def _basic_code_before(text: str, end: int) -> "int | None":
    """The reply code in "550 ", "550-" or "550 #" ending at ``end``, else None."""
    if end < 4 or text[end - 1] not in " -":
        return None
    digits = text[end - 4:end - 1]
    # RFC 5321 s4.2: Reply-code = %x32-35 %x30-35 %x30-39
    if not (digits.isascii() and digits.isdigit() and digits[0] in "2345"
            and digits[1] in "012345"):
        return None
    if end > 4 and (text[end - 5].isalnum() or text[end - 5] in "._"):
        return None
    return int(digits)


class StatusCodeMatch(NamedTuple):
    """One status code found in text: the code, and ``text[start:end]`` is exactly it.

    ``basic_code`` is the reply code right before it (``550 5.1.1``), else None.
    """

    status: StatusCode
    start: int
    end: int
    basic_code: "int | None"


def find_status_codes(text: str) -> "list[StatusCodeMatch]":
    """Every status code that stands in ``text``, in order. Never raises for a str."""
    matches: list[StatusCodeMatch] = []
    parse = StatusCode.parse
    for found in _TOKEN.finditer(text):
        start, end = found.span()
        code = found.group()
        before = text[start - 1] if start else ""
        hashed = before == "#"
        basic = _basic_code_before(text, start - 1 if hashed else start)
        if basic is None and not hashed:
            if before == "-":  # "1550-5.1.1": the tail of a longer number
                continue
            head = text[max(0, start - 48):start].rstrip(" \t").lower()
            if not (head.endswith(_FIELDS)
                    or (head.endswith(";") and _DIAGNOSTIC.search(head))) and (
                    code.partition(".")[2] not in _REGISTERED
                    or _VERSION_BEFORE.search(text, max(0, start - 16), start)):
                continue
        matches.append(StatusCodeMatch(parse(code), start, end, basic))
    return matches
