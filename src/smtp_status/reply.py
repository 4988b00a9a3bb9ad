"""Strict parsing of one SMTP reply, single- or multi-line (RFC 5321 s4.2, RFC 2034 s4).

>>> reply = parse_reply("550-5.1.1 No such user\\r\\n550 5.1.1 here\\r\\n")
>>> reply.code, str(reply.status), reply.lines
(550, '5.1.1', ('No such user', 'here'))

What is accepted (RFC 5321 s4.2, s4.2.1):

- every line is a reply code (first digit 2-5, second 0-5, third 0-9), then "-" on all
  lines but the last, then the text; the last line has SP and its text, or the code alone
  ("250" and "250 " are fine, "250OK" is not);
- every line carries the same reply code;
- lines end in CRLF or LF; one line ending after the last line is optional; a CR that does
  not end a line is malformed;
- the text is kept as sent, trailing spaces included, and may hold any character but CR
  and LF (non-ASCII as with SMTPUTF8, RFC 6531), although RFC 5321's textstring is ASCII.

An enhanced status code (RFC 2034 s4, RFC 3463 s2) is read where a line's text starts with
one followed by SP or the end of the line; it and that SP are taken off the line. Text that
only looks like one ("5.01.1", "5.1.1000", "#5.1.1") stays text. ``Reply.status`` is
line 1's enhanced code (None when line 1 has none).

Malformed input raises InvalidReply, whose ``reason`` is its message: ``empty reply``,
``expected str, got bytes``, or ``line N: ...`` naming the first bad line. Faults a
receiver should tolerate are recorded in ``Reply.warnings`` instead, in this order (one
per line that differs from line 1, then the class check, then IANA's basic codes), each in
one of these forms:

- ``enhanced code 4.1.1 has class 4 but reply code 550 has class 5 (RFC 2034 s4)``
- ``line 2 carries enhanced code 5.1.2, line 1 carries 5.1.1``
- ``line 2 carries no enhanced code, line 1 carries 5.1.1``
- ``line 2 carries enhanced code 5.1.1, line 1 carries none``
- ``IANA associates 5.1.1 with reply codes 451, 550, not 250``
"""

import re
from typing import NamedTuple

from ._outcome import ReplyOutcome
from ._text import quote
from .enums import EnhancedCode
from .status import InvalidStatusCode, StatusCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._generated.reasons import Advice, ReasonId
    from .reasons import Classification
    from .vendors import VendorCode

__all__ = ["InvalidReply", "Reply", "parse_reply"]

# RFC 5321 s4.2:
#     Reply-line     = *( Reply-code "-" [ textstring ] CRLF )
#                    Reply-code [ SP textstring ] CRLF
#     Reply-code     = %x32-35 %x30-35 %x30-39
# and "clients that do not receive [the text] SHOULD be prepared to process the code alone
# (with or without a trailing space character)".
# RFC 2034 s4: an enhanced code starts the text and is followed by SP (or ends it). One
# regex reads code, separator, enhanced code and text, so each line costs one match.
_LINE = re.compile(
    r"([2-5][0-5][0-9])(?:([- ])(?:([245]\.[0-9]{1,3}\.[0-9]{1,3})(?: |\Z))?([^\r]*)|)\Z")
# The same line, found in a whole reply at once: when it matches as many times as the reply
# has lines, every line is well formed (a match never crosses a line end), and one C call
# has read them all. Otherwise the line-by-line loop finds the first bad line.
_LINES = re.compile(
    r"^([2-5][0-5][0-9])(?:([- ])(?:([245]\.[0-9]{1,3}\.[0-9]{1,3})(?: |$))?([^\r\n]*)|)$",
    re.MULTILINE)
# What a reply whose lines all carry the same enhanced code says beyond its texts depends only
# on its reply code and that code (no line differs from line 1): (reply code, status,
# warnings) by (code, status text). Bounded, as StatusCode.parse's cache is.
_SAME_CODE: "dict[tuple[str, str], tuple[int, StatusCode, tuple[str, ...]]]" = {}
_SAME_CODE_LIMIT = 4096


class InvalidReply(ValueError):
    """The text is not one SMTP reply under RFC 5321 s4.2."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _ReplyFields(NamedTuple):
    code: int
    status: "StatusCode | None"
    lines: "tuple[str, ...]"
    warnings: "tuple[str, ...]" = ()


class Reply(_ReplyFields, ReplyOutcome):
    """One parsed SMTP reply: its code, line 1's enhanced code, the text of each line
    (enhanced codes taken off) and the warnings. Immutable, hashable; it pickles."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def vendor(self) -> "VendorCode | None":
        """The provider's meaning of ``status``, when the text names a known provider.

        The provider is taken from the reply's own text (a marker such as Gmail's ``gsmtp``,
        or a host name under one of its suffixes); never guessed. See ``smtp_status.vendors``.
        """
        if self.status is None:
            return None
        from .vendors import lookup_vendor

        return lookup_vendor(self.status, reply_code=self.code, text=self.text)

    def as_dict(self) -> "dict[str, Any]":
        """The reply as JSON-ready data (schema explain, ``$defs/reply``): its code, line 1's
        enhanced code as ``StatusCode.as_dict()`` gives it, its lines, its warnings and the
        provider's meaning when the text names a provider (``vendor``)."""
        vendor = self.vendor
        return {"code": self.code,
                "status": None if self.status is None else self.status.as_dict(),
                "lines": list(self.lines), "warnings": list(self.warnings),
                "vendor": None if vendor is None else vendor.as_json()}

    @property
    def classification(self) -> "Classification":
        """Why the reply refuses and what to do about the address (``smtp_status.reasons``):
        the rules of registry/bounce-reasons.yaml over the status, the code and the text;
        where the text names a provider that documents the code (``vendor``), the
        provider's reason wins over every rule but decisive text."""
        from .reasons import classify

        return classify(self.status, self.code, self.text)

    @property
    def reason(self) -> "ReasonId":
        """``classification.reason``: why, such as ``user-unknown`` or ``rate-limited``."""
        return self.classification.reason

    @property
    def hard_bounce(self) -> bool:
        """``classification.hard``: whether the address itself is bad."""
        return self.classification.hard

    @property
    def advice(self) -> "Advice":
        """``classification.advice``: ``suppress`` only for a hard bounce."""
        return self.classification.advice

    @property
    def reason_rule(self) -> str:
        """``classification.rule``: the rule that decided."""
        return self.classification.rule

    @property
    def _first_digit(self) -> int:
        return self.code // 100


def parse_reply(text: str) -> Reply:
    """Parse one complete reply; raise InvalidReply with the reason when malformed."""
    if not isinstance(text, str):
        raise InvalidReply(f"expected str, got {type(text).__name__}")
    # CRLF or LF ends a line (RFC 5321 s2.3.8 says CRLF; bare LF is common in logs).
    body = text.replace("\r\n", "\n")
    found = _LINES.findall(body)  # one line ending after the last line is optional
    last = len(found)
    if last == body.count("\n") + (body[-1:] != "\n"):  # all lines well formed: in order?
        codes, separators, status_texts, texts = zip(*found, strict=False)  # 4 groups each
        first_code = codes[0]
        first_text = status_texts[0]
        if (codes.count(first_code) == last and separators.count("-") == last - 1
                and separators[-1] != "-"):
            if not first_text and status_texts.count("") == last:
                return _new_reply(Reply, (int(first_code), None, texts, ()))
            if status_texts.count(first_text) == last:
                known = _SAME_CODE.get((first_code, first_text))
                if known is None:
                    known = _same_code(first_code, first_text)
                if known is not None:
                    return _new_reply(Reply, (known[0], known[1], texts, known[2]))
    if not text.strip():
        raise InvalidReply("empty reply")
    return _line_by_line(body[:-1] if body.endswith("\n") else body)


# Reply's fields straight into the tuple: NamedTuple's __new__ is one more Python call.
_new_reply: "Callable[..., Reply]" = tuple.__new__  # pyright: ignore


def _same_code(
        code: str, status_text: str) -> "tuple[int, StatusCode, tuple[str, ...]] | None":
    """Reply code, status and warnings of a reply whose every line carries ``status_text``
    (None when it is shaped like a code but is not one, 5.01.1: the loop makes it text)."""
    try:
        status = StatusCode.parse(status_text)
    except InvalidStatusCode:
        return None
    reply_code = int(code)
    known = (reply_code, status, _warnings(reply_code, [status]))
    if len(_SAME_CODE) < _SAME_CODE_LIMIT:
        _SAME_CODE[(code, status_text)] = known
    return known


def _line_by_line(body: str) -> Reply:
    raw_lines = body.split("\n")
    last = len(raw_lines)
    first_code = body[:3]  # checked below: line 1 must match, so this is its code
    texts: list[str] = []
    enhanced: list[StatusCode | None] = []
    parse = StatusCode.parse
    match_line = _LINE.match
    for number, line in enumerate(raw_lines, 1):
        match = match_line(line)
        if match is None:  # a bare CR fails the match too: the text excludes it
            raise InvalidReply(_line_error(number, line))
        code, separator, status_text, rest = match.groups()
        if code != first_code:
            raise InvalidReply(f"line {number}: reply code {code} differs from {first_code} "
                               "on line 1")
        if separator == "-":
            if number == last:
                raise InvalidReply(f"line {number}: the last line continues with '-' "
                                   "(RFC 5321 s4.2.1)")
        elif number != last:
            raise InvalidReply(f"line {number}: a final line (no '-') is followed by more "
                               "lines (RFC 5321 s4.2.1)")
        status = None
        if status_text is not None:
            try:
                status = parse(status_text)
            except InvalidStatusCode:
                rest = line[4:]  # shaped like a code but not one (5.01.1): plain text
        texts.append(rest or "")
        enhanced.append(status)
    reply_code = int(first_code)
    first = enhanced[0]
    # The common case, every line alike and consistent, needs no warning pass.
    warnings = () if first is None and enhanced.count(None) == last else _warnings(
        reply_code, enhanced)
    return Reply(reply_code, first, tuple(texts), warnings)


def _line_error(number: int, line: str) -> str:
    if "\r" in line:
        return f"line {number}: bare CR inside a line"
    return (f"line {number}: {quote(line, 40)} does not start with a reply code of 3 digits "
            "from 200 to 559 and a separator (RFC 5321 s4.2)")


def _warnings(code: int, enhanced: "list[StatusCode | None]") -> "tuple[str, ...]":
    first = enhanced[0]
    warnings: list[str] = []
    for number, status in enumerate(enhanced[1:], 2):
        if status == first:
            continue
        if status is None:
            warnings.append(f"line {number} carries no enhanced code, line 1 carries {first}")
        elif first is None:
            warnings.append(f"line {number} carries enhanced code {status}, line 1 carries none")
        else:
            warnings.append(f"line {number} carries enhanced code {status}, line 1 carries "
                            f"{first}")
    if first is None:
        return tuple(warnings)
    if first.status_class.value != code // 100:
        warnings.append(f"enhanced code {first} has class {first.status_class.value} but reply "
                        f"code {code} has class {code // 100} (RFC 2034 s4)")
    registered: EnhancedCode | None = first.enhanced_code
    if registered is not None and registered.basic_codes and code not in registered.basic_codes:
        listed = ", ".join(str(basic) for basic in registered.basic_codes)
        warnings.append(f"IANA associates {first} with reply codes {listed}, not {code}")
    return tuple(warnings)
