"""The reader's ladder: which part of a bounce it reads, in which order (see the package
docstring)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..dsn import (
    DeliveryStatus,
    DSNWarning,
    find_status_part,
    message_bytes,
    read_status_fields,
    read_status_part,
)
from ..status import StatusCode
from ..vocabulary import Retry
from .address import without_invalid_addresses
from .detect import is_bounce
from .dsn_reader import bounce_from_dsn
from .enrich import describe, with_kind_reasons
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
    read_header_block,
)
from .text import (
    LIMIT,
    TextRecipient,
    human_text,
    read_text_bounce,
    replies_about,
    reply_lines,
    smtp_reply,
)
from .types import Bounce, BouncedRecipient
from .verdict import effective_status, permanent, retry_verdict, with_reasons, with_vendors

if TYPE_CHECKING:
    import email.message

__all__ = ["read_bounce"]

# A DSN field at the start of a line, when the MIME structure is broken (RFC 3464 s2.2):
# on the first line, or after a line break (a literal the regex engine skips to in C; "^"
# is tried at every position).
_LOOSE_FIELD = rb"(?:reporting-mta|original-(?:envelope-id|recipient)|final-recipient)[ \t]*:"
_LOOSE_DSN = re.compile(_LOOSE_FIELD, re.IGNORECASE)
_LOOSE_DSN_LINE = re.compile(rb"\n" + _LOOSE_FIELD, re.IGNORECASE)
_LOOSE_END = re.compile(rb"^(?:--|[^\s:]+(?:\s|$))", re.MULTILINE)
_SCAN_LIMIT = 200_000
# The most of a text part decoded, in bytes: the human-readable part the text reader reads
# (``LIMIT`` characters) and a returned message after it.
_TEXT_BYTES = 2 * LIMIT
_NON_SPACE = re.compile(rb"\S")
# Header fields of list and news traffic (RFC 2369, RFC 2919, RFC 5536).
_LIST_FIELDS = frozenset({"list-id", "list-post", "list-unsubscribe", "list-help",
                          "mailing-list", "newsgroups", "x-mailing-list"})
# Every Amazon SES notification has it early in its JSON (ses.py): the cheap test first.
_SES_MARKER = b'"notificationType"'
_ADDRESS_IN_FIELD = re.compile(r"[^\s<>\"(),:;@\[\]]+@[^\s<>\"(),:;@\[\]]+\.[^\s<>\"(),:;@\[\]]+")


def read_bounce(message: bytes | str | email.message.Message) -> Bounce:
    """Read one bounce, best effort; never raises for bytes, str or a Message."""
    bounce, explanation = _unclassified(message)
    return (with_kind_reasons(with_reasons(bounce, explanation)) if bounce.recipients
            else bounce)


def read_unclassified(message: bytes | str | email.message.Message) -> Bounce:
    """``read_bounce`` without its last step, the reason of each recipient (the benchmarks
    measure what that step costs)."""
    return _unclassified(message)[0]


def _unclassified(message: bytes | str | email.message.Message
                  ) -> tuple[Bounce, Callable[[], str] | None]:
    """The bounce before its reasons, and what gives the text of its human-readable part
    (before any returned message) for the reasons of a recipient whose own text says
    nothing (``with_reasons``): decoded only when asked for."""
    try:
        data = message_bytes(message)
    except TypeError:
        raise
    except Exception as error:  # a Message the generator cannot write
        try:
            data = str(message).encode("utf-8", "surrogateescape")
        except Exception:
            return _empty(False, DSNWarning("unreadable-message",
                                            f"the Message cannot be written out: {error}")), None
    try:
        data = normalize(data)
        root = parse_mime(data) if _NON_SPACE.search(data) is not None else None
        bounce = describe(root, lambda: _read(data, root), lambda: _root_text(root))
        if root is None or not root.fields:
            return bounce, None
        # After describe: the hosts it reads from the text name providers too, and the
        # addresses it reads from headers are checked like the others; the reasons read
        # the vendors' entries.
        bounce = without_invalid_addresses(bounce)
        if bounce.recipients:
            # The vendor layer loads with the first bounce that has a recipient, not at
            # import.
            from ..vendors import bounce_provider

            bounce = with_vendors(bounce, bounce_provider(root.fields))
        return bounce, lambda: human_text(_root_text(root))
    except RecursionError:
        return _empty(False, DSNWarning("unreadable-message",
                                        "the message nests too deeply")), None


def _empty(said_bounce: bool, *warnings: DSNWarning) -> Bounce:
    return Bounce((), None, None, None, tuple(warnings), said_bounce)


def _root_text(root: Part | None) -> str:
    part = None if root is None else _first_text(root)
    return "" if part is None else _part_text(part)[0]


def _read(data: bytes, root: Part | None) -> Bounce:
    if root is None:
        return _empty(False, DSNWarning("empty-message", "the message is empty"))
    if not root.fields:
        return _empty(False, DSNWarning("not-a-message", "no header fields: not an email"))
    return _read_message(root)


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
            return _with_text_replies(bounce, root)
        warnings = list(bounce.warnings)
    text_part = _first_text(root)
    if part is None and text_part is not None and _SES_MARKER in text_part.prefix(4096):
        from .ses import read_ses_notification  # only for Amazon SES notifications

        notification = read_ses_notification(_part_text(text_part)[0])
        if notification is not None:
            return notification._replace(warnings=tuple(warnings) + notification.warnings)
    if not said_bounce:
        warnings.append(DSNWarning("not-a-bounce", "no header says this is a bounce; its "
                                   "text was not searched for recipients"))
        return _empty(False, *warnings)
    loose = _loose_dsn(root, text_part)
    if loose is not None:
        warnings.append(DSNWarning("dsn-in-text", "DSN fields stand in plain text, not in a "
                                   "message/delivery-status part"))
        bounce = bounce_from_dsn(loose, warnings, True)
        if bounce.recipients:
            return bounce
    text, undecoded = ("", 0) if text_part is None else _part_text(text_part)
    headers = {name.lower(): value for name, value in reversed(root.fields)}
    human = human_text(text)
    if len(human) > LIMIT:
        warnings.append(_truncated(len(human) - LIMIT, undecoded))
    found = read_text_bounce(human, headers)
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
        returned_to = _returned_to(root, text, len(human))
        if returned_to:
            found = read_text_bounce(human, headers, returned_to)
            if found:
                warnings.append(DSNWarning(
                    "recipient-from-returned-message", "the text names nobody; the "
                    "recipient is the one address the returned message was sent to"))
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


def _returned_to(root: Part, text: str, cut: int) -> tuple[str, ...]:
    """The recipient of the returned message, when its headers name exactly one and show no
    list or news traffic (a list's address is no recipient of the bounce): its
    message/rfc822 or headers part, else the header lines after the cut in the text."""
    block = ""
    for part in root.walk():
        if part.content_type in OPAQUE and part.content_type != "message/partial":
            head = decode_body(part.capped(_SCAN_LIMIT))
            blank = head.find(b"\n\n")
            block = head[:blank if blank >= 0 else len(head)].decode("latin-1")
            break
    else:
        block = text[cut:cut + _SCAN_LIMIT]
    fields = read_header_block(block.encode("latin-1", "replace"))
    names = {name.lower() for name, _ in fields}
    precedence = next((value.lower() for name, value in fields
                       if name.lower() == "precedence"), "")
    if names & _LIST_FIELDS or precedence in ("list", "bulk", "junk"):
        return ()
    addresses = [address for name, value in fields if name.lower() in ("to", "cc")
                 for address in _ADDRESS_IN_FIELD.findall(value)]
    delivered = {address.lower() for name, value in fields
                 if name.lower() in ("delivered-to", "x-original-to")
                 for address in _ADDRESS_IN_FIELD.findall(value)}
    if len(addresses) != 1 or not delivered <= {addresses[0].lower()}:
        return ()
    return (addresses[0],)


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


def _truncated(unread: int, undecoded: int) -> DSNWarning:
    more = f", and {undecoded} bytes of the part were not decoded" if undecoded else ""
    return DSNWarning("text-truncated", f"the text names recipients past the first {LIMIT} "
                      f"characters of its human-readable part; {unread} characters were left "
                      f"unread{more}")


def _with_text_replies(bounce: Bounce, root: Part) -> Bounce:
    """The DSN's recipients, each completed from the human-readable part where the DSN
    says less than it: a DSN whose Status is generic (X.0.0) and whose Diagnostic-Code is
    absent or gives no reply (OpenSMTPD, ``X-Unix; 77`` of Sendmail mailers) often has
    the receiving server's reply only in the text, next to the recipient's address (or
    in the transcript, when there is one recipient). The text's reply code fills a
    missing one; its enhanced code refines the Status as a Diagnostic-Code's would
    (``effective_status``)."""
    def wants(recipient: BouncedRecipient) -> bool:
        return (recipient.reply_code is None or recipient.effective_status is None
                or recipient.effective_status.detail == 0)

    wanting = {recipient.address.lower() for recipient in bounce.recipients
               if wants(recipient)}
    if not wanting:
        return bounce
    text_part = _first_text(root)
    if text_part is None or text_part.content_type != "text/plain":
        return bounce
    human = human_text(_part_text(text_part)[0])
    replies = replies_about(human, wanting)
    if len(bounce.recipients) == 1 and replies.get(next(iter(wanting)), (None, None)) == (
            None, None):
        # A lone recipient whose lines carry no reply: the transcript's reply lines are
        # about it ("451 4.0.0 Operating system error" naming no address).
        replies = {next(iter(wanting)): smtp_reply(reply_lines(human))}
    recipients: list[BouncedRecipient] = []
    for recipient in bounce.recipients:
        reply, code = replies.get(recipient.address.lower(), (None, None))
        if not wants(recipient) or (reply is None and code is None):
            recipients.append(recipient)
            continue
        reply_code = recipient.reply_code if recipient.reply_code is not None else reply
        specific = StatusCode(*code) if code is not None else None
        effective = effective_status(recipient.effective_status, specific, reply_code)
        retry = retry_verdict(recipient.action, effective, reply_code)
        recipients.append(recipient._replace(
            reply_code=reply_code, effective_status=effective, retry=retry,
            permanent=permanent(retry)))
    return bounce._replace(recipients=tuple(recipients))


def _part_text(part: Part) -> tuple[str, int]:
    """The decoded text of a part (HTML as text) and the bytes of it left undecoded,
    decoded once per part."""
    if part.decoded is None:
        capped = part.capped(_TEXT_BYTES)
        raw = decode_body(capped)
        text = decode_text(raw, part.params.get("charset"))
        if part.content_type == "text/html":
            text = html_text(text)
        part.decoded = (text, part.size - capped.size)
    return part.decoded


def _loose_dsn(root: Part, text_part: Part | None) -> DeliveryStatus | None:
    """DSN fields in the outer text when MIME is broken, before any returned message."""
    candidates = [node for node in root.walk() if node.broken or node is text_part]
    for node in candidates:
        body = node.prefix(_SCAN_LIMIT)
        if _loose_start(body) < 0:
            continue
        # Latin-1 keeps byte offsets: cut where a returned message starts (a DSN quoted in
        # it is no report of this bounce).
        body = body[:len(human_text(body.decode("latin-1")))]
        start = _loose_start(body)
        if start < 0:
            continue
        end = _LOOSE_END.search(body, start + 1)
        while end is not None and _is_field_line(body, end.start()):
            end = _LOOSE_END.search(body, end.end())
        block = body[start:end.start() if end else len(body)]
        if b"final-recipient" in block.lower() or b"status" in block.lower():
            return read_status_fields(block)
    return None


def _loose_start(body: bytes) -> int:
    """Where the first line that starts with a DSN field starts; -1 when none does."""
    if _LOOSE_DSN.match(body) is not None:
        return 0
    found = _LOOSE_DSN_LINE.search(body)
    return -1 if found is None else found.start() + 1


def _is_field_line(body: bytes, position: int) -> bool:
    line = body[position:body.find(b"\n", position)]
    name, colon, _ = line.partition(b":")
    return bool(colon) and b" " not in name.strip() and not line.startswith(b"--")



def _from_text(item: TextRecipient) -> BouncedRecipient:
    specific = StatusCode(*item.code) if item.code is not None else None
    reply_code = item.reply_code
    effective = specific if specific is not None else effective_status(None, None, reply_code)
    warnings: tuple[DSNWarning, ...] = ()
    if effective is None and item.inferred is not None:
        klass, subject, detail, phrase = item.inferred
        effective = StatusCode(klass, subject, detail)
        warnings = (DSNWarning("status-inferred", f"the text gives no code; {effective} "
                               f"inferred from {phrase!r}"),)
    action = item.action
    retry: Retry
    if action == "failed" and effective is None and reply_code is None:
        retry = "no" if item.permanent else "unknown"
    else:
        retry = retry_verdict(action, effective, reply_code)
    return BouncedRecipient(
        item.address, item.original, action, specific, effective, reply_code, None, None,
        item.context or None, None, None, permanent(retry), retry, "text", warnings)
