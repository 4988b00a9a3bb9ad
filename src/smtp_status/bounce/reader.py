"""The reader's ladder: which part of a bounce it reads, in which order (see the package
docstring)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..dsn import (
    DeliveryStatus,
    DSNWarning,
    find_status_part,
    message_bytes,
    read_status_fields,
    read_status_part,
)
from ..finder import find_status_codes
from ..status import StatusCode
from ..vendors import bounce_provider
from .address import without_invalid_addresses
from .detect import is_bounce
from .dsn_reader import bounce_from_dsn
from .html import html_text
from .mime import (
    MAX_DEPTH,
    MAX_PARTS,
    OPAQUE,
    Part,
    decode_body,
    decode_text,
    normalize,
    parse_mime,
)
from .text import TextRecipient, human_text, read_text_bounce
from .types import Bounce, BouncedRecipient
from .verdict import effective_status, permanent, retry_verdict, with_vendors

if TYPE_CHECKING:
    import email.message

__all__ = ["read_bounce"]

# A DSN field at the start of a line, when the MIME structure is broken (RFC 3464 s2.2).
_LOOSE_DSN = re.compile(rb"^(?:Reporting-MTA|Original-Envelope-Id|Final-Recipient|"
                        rb"Original-Recipient)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_LOOSE_END = re.compile(rb"^(?:--|[^\s:]+(?:\s|$))", re.MULTILINE)
_SCAN_LIMIT = 200_000
_NON_SPACE = re.compile(rb"\S")


def read_bounce(message: bytes | str | email.message.Message) -> Bounce:
    """Read one bounce, best effort; never raises for bytes, str or a Message."""
    try:
        data = message_bytes(message)
    except TypeError:
        raise
    except Exception as error:  # a Message the generator cannot write
        try:
            data = str(message).encode("utf-8", "surrogateescape")
        except Exception:
            return _empty(False, DSNWarning("unreadable-message",
                                            f"the Message cannot be written out: {error}"))
    try:
        return _read(normalize(data))
    except RecursionError:
        return _empty(False, DSNWarning("unreadable-message", "the message nests too deeply"))



def _empty(said_bounce: bool, *warnings: DSNWarning) -> Bounce:
    return Bounce((), None, None, None, tuple(warnings), said_bounce)


def _read(data: bytes) -> Bounce:
    if _NON_SPACE.search(data) is None:
        return _empty(False, DSNWarning("empty-message", "the message is empty"))
    root = parse_mime(data)
    if not root.fields:
        return _empty(False, DSNWarning("not-a-message", "no header fields: not an email"))
    return with_vendors(without_invalid_addresses(_read_message(root)),
                        bounce_provider(root.fields))


def _read_message(root: Part) -> Bounce:
    part = find_status_part(root)
    said_bounce = part is not None or is_bounce(root)
    warnings: list[DSNWarning] = []
    nodes = root.walk()
    if any(node.broken for node in nodes):
        warnings.append(DSNWarning("broken-mime", "a multipart has no or broken boundaries "
                                   "(RFC 2046 s5.1.1)"))
    warnings += mime_limit_warnings(nodes)
    if part is not None:
        bounce = bounce_from_dsn(read_status_part(part), warnings, said_bounce)
        if bounce.recipients:
            return bounce
        warnings = list(bounce.warnings)
    if not said_bounce:
        warnings.append(DSNWarning("not-a-bounce", "no header says this is a bounce; its "
                                   "text was not searched for recipients"))
        return _empty(False, *warnings)
    text_part = _first_text(root)
    loose = _loose_dsn(root, text_part)
    if loose is not None:
        warnings.append(DSNWarning("dsn-in-text", "DSN fields stand in plain text, not in a "
                                   "message/delivery-status part"))
        bounce = bounce_from_dsn(loose, warnings, True)
        if bounce.recipients:
            return bounce
    text = "" if text_part is None else _part_text(text_part)
    headers = {name.lower(): value for name, value in reversed(root.fields)}
    found = read_text_bounce(human_text(text), headers)
    if not found:
        wrapped = _wrapped_dsn(root)
        if wrapped is not None:
            warnings.append(DSNWarning(
                "dsn-in-attachment", "the outer message reports nothing itself; read the "
                "delivery-status part of the bounce it forwards as an attachment"))
            bounce = bounce_from_dsn(wrapped, warnings, True)
            if bounce.recipients:
                return bounce
            warnings = list(bounce.warnings)
    if not found:
        warnings.append(DSNWarning("no-recipients", "a bounce, but no recipient was found"))
    recipients = tuple(_from_text(item) for item in found)
    return Bounce(recipients, None, None, None, tuple(warnings), True)


def mime_limit_warnings(nodes: list[Part]) -> list[DSNWarning]:
    """What the MIME reader's limits left unread: a DSN down there is not counted."""
    found: list[DSNWarning] = []
    if any(node.unread == "depth" for node in nodes):
        found.append(DSNWarning(
            "mime-too-deep", f"multiparts nest deeper than {MAX_DEPTH} levels; the parts "
            "below were not read (a delivery-status part there is not counted)"))
    if any(node.unread == "parts" for node in nodes):
        found.append(DSNWarning(
            "mime-too-many-parts", f"the message has more than {MAX_PARTS} MIME parts; the "
            "rest were not read (a delivery-status part there is not counted)"))
    return found


def _wrapped_dsn(root: Part) -> DeliveryStatus | None:
    """The DSN of a bounce forwarded whole as a message/rfc822 attachment by a gateway
    that says nothing itself; read only when the outer message gives no recipient."""
    for part in root.walk():
        if part.content_type != "message/rfc822":
            continue
        inner = parse_mime(normalize(decode_body(part.capped(4 * _SCAN_LIMIT))))
        if inner.content_type == "multipart/report":
            status = find_status_part(inner)
            if status is not None:
                return read_status_part(status)
    return None


def _first_text(root: Part) -> Part | None:
    """The first text part of the outer message: text/plain, else text/html."""
    html = None
    for part in root.walk():
        if part.children or part.content_type in OPAQUE:
            continue
        if part.is_blank():
            continue
        if part.content_type == "text/plain" or (part is root and not part.children and (
                part.content_type.startswith("multipart/"))):
            return part
        if html is None and part.content_type == "text/html":
            html = part
    return html


def _part_text(part: Part) -> str:
    raw = decode_body(_capped(part))
    text = decode_text(raw[:_SCAN_LIMIT], part.params.get("charset"))
    if part.content_type == "text/html":
        text = html_text(text)
    return text


def _capped(part: Part) -> Part:
    # Decode at most what is scanned (base64 needs whole 4-character groups).
    return part.capped(2 * _SCAN_LIMIT)


def _loose_dsn(root: Part, text_part: Part | None) -> DeliveryStatus | None:
    """DSN fields in the outer text when MIME is broken, before any returned message."""
    candidates = [node for node in root.walk() if node.broken or node is text_part]
    for node in candidates:
        body = node.prefix(_SCAN_LIMIT)
        if _LOOSE_DSN.search(body) is None:
            continue
        # Latin-1 keeps byte offsets: cut where a returned message starts (a DSN quoted in
        # it is no report of this bounce).
        body = body[:len(human_text(body.decode("latin-1")))]
        start = _LOOSE_DSN.search(body)
        if start is None:
            continue
        end = _LOOSE_END.search(body, start.start() + 1)
        while end is not None and _is_field_line(body, end.start()):
            end = _LOOSE_END.search(body, end.end())
        block = body[start.start():end.start() if end else len(body)]
        if b"final-recipient" in block.lower() or b"status" in block.lower():
            return read_status_fields(block)
    return None


def _is_field_line(body: bytes, position: int) -> bool:
    line = body[position:body.find(b"\n", position)]
    name, colon, _ = line.partition(b":")
    return bool(colon) and b" " not in name.strip() and not line.startswith(b"--")



def _from_text(item: TextRecipient) -> BouncedRecipient:
    specific = None
    reply_code = item.reply_code
    for match in find_status_codes(item.context):
        if reply_code is None and match.basic_code is not None:
            reply_code = match.basic_code
        specific = match.status
        break
    effective = specific if specific is not None else effective_status(None, None, reply_code)
    warnings: tuple[DSNWarning, ...] = ()
    if effective is None and item.inferred is not None:
        klass, subject, detail, phrase = item.inferred
        effective = StatusCode(klass, subject, detail)
        warnings = (DSNWarning("status-inferred", f"the text gives no code; {effective} "
                               f"inferred from {phrase!r}"),)
    action = item.action
    if action == "failed" and effective is None and reply_code is None:
        retry = "no" if item.permanent else "unknown"
    else:
        retry = retry_verdict(action, effective, reply_code)
    return BouncedRecipient(
        item.address, item.original, action, specific, effective, reply_code, None, None,
        item.context or None, None, None, permanent(retry), retry, "text", warnings)
