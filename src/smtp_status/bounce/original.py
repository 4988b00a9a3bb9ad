"""The returned message: the header fields of the message a bounce or report answers.

Read from the first of, in the outer MIME tree (never inside the returned message):
``message/rfc822`` and ``message/global`` (the whole message, RFC 3464 s2, RFC 6533 s6.3),
``text/rfc822-headers`` and ``message/global-headers`` (its header fields only, RFC 3462
s3, RFC 6533 s6.4); failing those, the header block quoted in the bounce's text after a
line such as "----- Original message follows -----" or "--- Below this line is a copy of
the message." (qmail, Sendmail, Exim and others, the lines ``text.human_text`` cuts at),
indented or quoted with ">" as some MTAs write it.

Only the header block is read, at most 64 KiB of it, so a huge returned message costs
nothing more. A returned message that is itself a bounce is read like any other: its
fields are those of the bounce the report returns. But a bounce that a gateway forwards
whole (the reader's "dsn-in-attachment") returns the message that bounce returns. An
ordinary email (kind ``not-a-bounce``) returns nothing, whatever it attaches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .dates import parse_date
from .mime import (
    Part,
    decode_body,
    decode_text,
    decode_words,
    normalize,
    parse_mime,
    read_header_block,
)
from .text import human_text
from .types import HeaderFields, OriginalMessage

__all__ = ["RETURNED_FORMS", "original_from_fields", "read_original"]

# RFC 2046 s5.2.2: the first message/partial holds the header fields of the message.
RETURNED_FORMS = ("message/rfc822", "message/global", "text/rfc822-headers",
                  "message/global-headers", "message/partial")
_HEADER_LIMIT = 64 * 1024
# As much of a forwarded bounce as the reader reads for its DSN.
_FORWARD_LIMIT = 800_000
_TEXT_LIMIT = 64_000
# Fields that show a header block is a message's (not a diagnostic's "Reason: ...").
_MESSAGE_FIELDS = frozenset({"message-id", "from", "to", "subject", "date", "received",
                             "return-path", "mime-version", "x-mailer", "list-id"})
_FIELD_LINE = re.compile(r"[!-9;-~]+[ \t]*:")
_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)*")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_MESSAGE_ID_LINE = re.compile(r"^[ \t>]*message-id[ \t]*:", re.IGNORECASE | re.MULTILINE)
_MAX_LINES = 200


def read_original(root: Part, text: Callable[[], str],
                  forwarded: bool = False) -> OriginalMessage | None:
    """The returned message of a bounce (see the module docstring); ``text`` gives the
    bounce's first text part, decoded, when no returned part is found. ``forwarded``: the
    report is that of a bounce a gateway forwards whole as an attachment, whose own
    returned message is the one sent."""
    if forwarded:
        inner = _forwarded_bounce(root)
        if inner is not None:
            found = read_original(inner, lambda: "")
            if found is not None:
                return found
    for part in root.walk():
        if part.content_type in RETURNED_FORMS:
            found = _from_part(part)
            if found is not None:
                return found
    for part in root.walk()[1:]:
        # A part whose own header fields are a message's: the returned message attached
        # after a boundary with no MIME header of its own.
        if part.get("message-id") is not None:
            return _original(part.fields, "text")
    best: OriginalMessage | None = None
    for candidate in _texts(root, text):
        # Exchange's "Original message details" summary names no Message-ID: the header
        # block that has one wins.
        for read in (_after_marker, _around_message_id):  # the second only when needed
            found = read(candidate)
            if found is not None and found.message_id is not None:
                return found
            best = best or found
    return best


def _texts(root: Part, first: Callable[[], str]) -> Iterator[str]:
    """The texts that may quote the returned message: the first text part, the other
    text/plain parts (some MTAs attach the message as one), and the bytes of multiparts
    whose boundaries are broken (the returned part is lost in them)."""
    yield first()[:_TEXT_LIMIT]
    leaves = [part for part in root.walk() if not part.children]
    for part in leaves[1:]:
        if part.content_type == "text/plain" and not part.is_blank():
            yield decode_text(decode_body(part.capped(_HEADER_LIMIT))[:_TEXT_LIMIT],
                              part.params.get("charset"))
    for part in root.walk():
        if part.broken:
            yield part.prefix(4 * _TEXT_LIMIT).decode("utf-8", "replace")


def _forwarded_bounce(root: Part) -> Part | None:
    """The delivery report attached whole (the reader's "dsn-in-attachment")."""
    for part in root.walk():
        if part.content_type == "message/rfc822":
            inner = parse_mime(normalize(decode_body(part.capped(_FORWARD_LIMIT))))
            if inner.content_type == "multipart/report":
                return inner
    return None


def _from_part(part: Part) -> OriginalMessage | None:
    raw = normalize(decode_body(part.capped(_HEADER_LIMIT))).lstrip(b"\n")
    if raw.startswith(b"From "):  # an mbox separator line is no header field
        newline = raw.find(b"\n")
        raw = b"" if newline < 0 else raw[newline + 1:]
    end = raw.find(b"\n\n")
    fields = read_header_block(raw if end < 0 else raw[:end])
    return _original(fields, part.content_type)


def _after_marker(text: str) -> OriginalMessage | None:
    """The header block within a few lines after the line that starts the returned message."""
    cut = len(human_text(text))
    if cut >= len(text):
        return None
    # Split no further than the lines read: the rest may be a long quoted message.
    lines = text[cut:].split("\n", _MAX_LINES)[1:_MAX_LINES]
    start = next((index for index, line in enumerate(lines[:8])
                  if _FIELD_LINE.match(_QUOTE.sub("", line, count=1))), None)
    return None if start is None else _block(lines, start)


def _around_message_id(text: str) -> OriginalMessage | None:
    """The header block around the first Message-ID line, for texts without a marker line."""
    found = _MESSAGE_ID_LINE.search(text)
    if found is None:
        return None
    before = text[:found.start()].rsplit("\n", _MAX_LINES)[-_MAX_LINES:-1]
    start = len(before)
    while start > 0 and (_FIELD_LINE.match(_QUOTE.sub("", before[start - 1], count=1))
                         or before[start - 1][:1] in (" ", "\t")):
        if not before[start - 1].strip(" \t>"):
            break
        start -= 1
    lines = before + text[found.start():].split("\n", _MAX_LINES)[:_MAX_LINES]
    while start < len(before) and not _FIELD_LINE.match(_QUOTE.sub("", lines[start], count=1)):
        start += 1  # a block starts with a field, not a continuation
    return _block(lines, start)


def _block(lines: list[str], start: int) -> OriginalMessage | None:
    """The header fields from ``lines[start]`` to the first blank line, indentation and ">"
    quoting removed."""
    prefix = _QUOTE.match(lines[start])
    indent = prefix.group(0) if prefix else ""
    block: list[str] = []
    for line in lines[start:]:
        if not line.strip(" \t>"):
            break
        # A line without the block's indentation continues a field only when it starts
        # with white space (RFC 5322 s2.2.3).
        body = (line[len(indent):] if line.startswith(indent)
                else " " + line.strip(" \t>") if line[:1] in " \t" else line)
        block.append(body)
    fields = read_header_block("\n".join(block).encode("utf-8", "replace"))
    return _original(fields, "text")


def original_from_fields(fields: list[tuple[str, str]], form: str) -> OriginalMessage | None:
    """The returned message of header fields read elsewhere (an SES notification's)."""
    return _original(fields, form)


def _original(fields: list[tuple[str, str]], form: str) -> OriginalMessage | None:
    if not any(name.lower() in _MESSAGE_FIELDS for name, _ in fields):
        return None
    headers = HeaderFields(tuple(fields))
    message_id = headers.get("message-id")
    if message_id is not None:
        bracketed = _MESSAGE_ID.search(message_id)
        message_id = bracketed.group(0) if bracketed else (message_id.strip() or None)
    return OriginalMessage(
        message_id, _decoded(headers.get("subject")), _decoded(headers.get("from")),
        _decoded(headers.get("to")), parse_date(headers.get("date")),
        _decoded(headers.get("list-id")), headers, form)


def _decoded(value: str | None) -> str | None:
    # RFC 2047 s6: encoded words are decoded for display, by the one decoder of the reader.
    return None if value is None else decode_words(value)
