"""Read whole bounces, per recipient: DSNs (RFC 3464, RFC 6533) and plain-text bounces.

>>> bounce = read_bounce(b"From: MAILER-DAEMON@mx.example\\nSubject: failure notice\\n\\n"
...     b"Hi. This is the qmail-send program at mx.example.\\n"
...     b"I'm afraid I wasn't able to deliver your message to the following addresses.\\n"
...     b"This is a permanent error; I've given up. Sorry it didn't work out.\\n\\n"
...     b"<nobody@example.org>:\\nRemote host said: 550 5.1.1 No such user\\n")
>>> [(r.address, str(r.effective_status), r.reply_code, r.retry) for r in bounce.recipients]
[('nobody@example.org', '5.1.1', 550, 'no')]

``read_bounce`` is best effort and never raises for bytes, str or an
email.message.Message: junk, an empty input or a broken MIME tree give a Bounce with no
recipients and a warning. It reads, in this order:

1. the message/delivery-status or message/global-delivery-status part of the outer
   message (RFC 3464, RFC 6533; a DSN quoted inside the returned message never counts);
2. DSN fields standing in plain text before any returned message (broken MIME
   boundaries), with the warning ``dsn-in-text``;
3. the human-readable text of plain-text bounces: qmail, Postfix without DSN, Exim, old
   Sendmail, Exchange and Microsoft 365 NDRs, Gmail, Yahoo, Lotus/Domino, Novell
   GroupWise, Courier, MDaemon, SMTP32 and others, with ``source="text"``;
4. when that text names nobody, the DSN of a bounce that a gateway forwards whole as an
   attachment, with the warning ``dsn-in-attachment``.

Plain text is read only when the headers say the message is a bounce (``is_bounce``: a
delivery-status part or ``multipart/report; report-type=delivery-status``, an
X-Failed-Recipients field, a sender such as MAILER-DAEMON, postmaster or "Mail Delivery
System", an empty sender, a subject such as "Undelivered Mail Returned to Sender",
"failure notice", "Undeliverable:", "Delivery Status Notification (Failure)", or a null
Return-Path or an Auto-Submitted field with a subject that mentions delivery or failure;
never an auto-reply such as "Out of office"), so an ordinary email that mentions 5.1.1
gives no recipients.

Status codes and retry advice (``BouncedRecipient``):

- ``status`` is the Status field as written (for text, the code the text gives);
- ``effective_status`` is the code to act on. A Status is often the reporting MTA's
  generic translation of what the receiving server said, which the Diagnostic-Code
  quotes. The rule: let D be the enhanced code at the start of an ``smtp``
  Diagnostic-Code (right after its reply code, RFC 3464 s2.3.6, RFC 2034 s4; for other
  diagnostic types, the first code that follows a reply code). D wins over the Status S
  when D has S's class and D is specific (its detail is not 0). When the classes differ
  (S 5.4.7 after 4.x.x replies, for instance) S wins: it is the reporting MTA's final
  verdict for this message. With no Status, D; with neither, X.0.0 of the reply code's
  class (RFC 3463 s3.1), else None. So Status 5.0.0 with ``smtp; 550 5.7.26 ...`` gives
  5.7.26; Status 4.4.7 with ``smtp; 451 4.2.2 ...`` gives 4.2.2; Status 5.1.1 with
  ``smtp; 550 5.0.0 ...`` stays 5.1.1;
- ``retry`` is one of ``RETRY_VERDICTS``:

  - ``"no"``: a permanent failure (effective class 5, or Action failed with no code):
    suppress the address, resending as is will fail again;
  - ``"yes"``: a transient failure (class 4) the reporting MTA gave up on: the address may
    be good, resending later may succeed;
  - ``"wait"``: Action delayed: the reporting MTA is still retrying; expect another report;
  - ``"done"``: delivered, relayed or expanded (class 2): nothing to retry;
  - ``"unknown"``: nothing says which (a text bounce with no code and no "permanent").

- ``permanent`` is True for ``"no"``, False for ``"yes"`` and ``"wait"``, None otherwise.

For text bounces whose text about a recipient has no code at all, ``effective_status`` is
inferred from a phrase ("no such user" 5.1.1, "unknown host" 5.1.2, "mailbox is full"
X.2.2, "account has been disabled" 5.2.1, "connection timed out" 4.4.1 ...; class 4 when
the bounce is a delay or the cause may pass), ``status`` stays None and the recipient
carries a ``status-inferred`` warning.

Warnings (``DSNWarning``, each with a stable ``code``): the per-message ones of
``parse_dsn`` on ``Bounce.warnings`` and the per-group ones on each recipient, and these
of the reader itself, on ``Bounce.warnings``: ``empty-message``, ``not-a-message`` (no
header fields), ``unreadable-message`` (a Message that cannot be written out),
``broken-mime`` (a multipart without its boundaries), ``not-a-bounce``, ``dsn-in-text``
(DSN fields read from plain text), ``dsn-in-attachment`` (a gateway that forwards a
whole DSN as an attachment and says nothing itself), ``no-recipients``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from ._bounce_mime import OPAQUE, Part, decode_body, decode_text, normalize, parse_mime
from ._bounce_text import TextRecipient, human_text, read_text_bounce
from .dsn import (
    DeliveryStatus,
    DSNWarning,
    RecipientStatus,
    decode_address,
    find_status_part,
    message_bytes,
    read_status_fields,
    read_status_part,
    smtp_diagnostic,
)
from .finder import find_status_codes
from .status import StatusCode
from .vendors import VendorCode, lookup_vendor

if TYPE_CHECKING:
    import email.message

__all__ = ["RETRY_VERDICTS", "Bounce", "BouncedRecipient", "read_bounce", "read_bounces",
           "split_mbox"]

RETRY_VERDICTS = ("no", "yes", "wait", "done", "unknown")
_DONE = frozenset({"delivered", "relayed", "expanded"})
# A DSN field at the start of a line, when the MIME structure is broken (RFC 3464 s2.2).
_LOOSE_DSN = re.compile(rb"^(?:Reporting-MTA|Original-Envelope-Id|Final-Recipient|"
                        rb"Original-Recipient)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_LOOSE_END = re.compile(rb"^(?:--|[^\s:]+(?:\s|$))", re.MULTILINE)
# mbox "From " separator lines: "From sender Thu Oct  4 15:25:26 2001".
# Each part is a run of non-spaces then spaces: no two quantifiers compete for a character.
_MBOX_FROM = re.compile(rb"^From [^ \n]* +(?:[^ \n]+ +)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b[^\n]*\n",
                        re.MULTILINE)
_SCAN_LIMIT = 200_000
_NON_SPACE = re.compile(rb"\S")


class BouncedRecipient(NamedTuple):
    """One recipient of a bounce.

    ``effective_status`` is the code to act on: the enhanced code D that starts an smtp
    Diagnostic-Code (after its reply code) wins over the Status S when D has S's class and
    is specific (detail not 0), so Status 5.0.0 with ``smtp; 550 5.7.26 ...`` gives 5.7.26;
    when their classes differ, S (the reporting MTA's final verdict); with no S, D; with
    neither, X.0.0 of the reply code's class. ``retry`` is "no" (permanent: suppress),
    "yes" (transient: resend later), "wait" (delayed: the MTA still tries), "done"
    (delivered, relayed, expanded) or "unknown"; ``permanent`` is True for "no", False for
    "yes" and "wait", else None. The module docstring gives the details.

    ``address`` is the Final-Recipient decoded (RFC 6533 s3, RFC 3461 s4), else the
    Original-Recipient, else the address the text names. ``action`` is lower-cased;
    ``status`` is the Status as written; ``reply_code`` comes from an smtp Diagnostic-Code
    or the text; ``source`` is ``"dsn"`` or ``"text"``.
    """

    address: str
    original_recipient: str | None
    action: str | None
    status: StatusCode | None
    effective_status: StatusCode | None
    reply_code: int | None
    remote_mta: str | None
    diagnostic_type: str | None
    diagnostic: str | None
    last_attempt: datetime.datetime | None
    will_retry_until: datetime.datetime | None
    permanent: bool | None
    retry: str
    source: str
    warnings: tuple[DSNWarning, ...]
    # The provider's documented meaning of effective_status, when Remote-MTA, the
    # diagnostic or the Reporting-MTA names a provider smtp_status.vendors knows.
    vendor: VendorCode | None = None
    # Whose word ``permanent`` and ``retry`` take: "vendor" (the provider's page), or
    # "report" (the action and status the report gives).
    verdict_by: str = "report"


class Bounce(NamedTuple):
    """A bounce: its recipients in report order and its per-message fields."""

    recipients: tuple[BouncedRecipient, ...]
    reporting_mta: str | None
    arrival_date: datetime.datetime | None
    original_envelope_id: str | None
    warnings: tuple[DSNWarning, ...]
    is_bounce: bool


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
        return _with_vendors(_read(normalize(data)))
    except RecursionError:
        return _empty(False, DSNWarning("unreadable-message", "the message nests too deeply"))


def _with_vendors(bounce: Bounce) -> Bounce:
    """Each recipient with its provider's meaning; where the provider says whether the code
    is permanent, the verdict on a failed recipient takes its word."""
    recipients: list[BouncedRecipient] = []
    for recipient in bounce.recipients:
        status = recipient.effective_status
        vendor = None if status is None else (
            lookup_vendor(status, reply_code=recipient.reply_code, host=recipient.remote_mta,
                          text=recipient.diagnostic)
            or lookup_vendor(status, host=bounce.reporting_mta))
        if vendor is None:
            recipients.append(recipient)
        elif recipient.retry in ("no", "yes", "unknown"):
            recipients.append(recipient._replace(
                vendor=vendor, permanent=vendor.permanent,
                retry="no" if vendor.permanent else "yes", verdict_by="vendor"))
        else:  # delivered, or delayed with the MTA still trying: the report says what is next
            recipients.append(recipient._replace(vendor=vendor))
    return bounce._replace(recipients=tuple(recipients))


def read_bounces(data: bytes | str) -> Iterator[Bounce]:
    """Each message of an mbox file (or the one message that is not an mbox) as a Bounce."""
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
    for message in split_mbox(raw):
        yield read_bounce(message)


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox file: split at "From " lines that start the file or follow
    a blank line. Data that does not start with such a line is one message."""
    flat = normalize(data)
    if not _MBOX_FROM.match(flat):
        return [data]
    starts = [0] + [found.start() for found in _MBOX_FROM.finditer(flat, 1)
                    if flat[found.start() - 2:found.start()] == b"\n\n"]
    ends = [*starts[1:], len(flat)]
    return [flat[start:end] for start, end in zip(starts, ends, strict=True)]


def _empty(is_bounce: bool, *warnings: DSNWarning) -> Bounce:
    return Bounce((), None, None, None, tuple(warnings), is_bounce)


def _read(data: bytes) -> Bounce:
    if _NON_SPACE.search(data) is None:
        return _empty(False, DSNWarning("empty-message", "the message is empty"))
    root = parse_mime(data)
    if not root.fields:
        return _empty(False, DSNWarning("not-a-message", "no header fields: not an email"))
    part = find_status_part(root)
    is_bounce = part is not None or _is_bounce(root)
    warnings: list[DSNWarning] = []
    if any(node.broken for node in root.walk()):
        warnings.append(DSNWarning("broken-mime", "a multipart has no or broken boundaries "
                                   "(RFC 2046 s5.1.1)"))
    if part is not None:
        bounce = _from_dsn(read_status_part(part), warnings, is_bounce)
        if bounce.recipients:
            return bounce
        warnings = list(bounce.warnings)
    if not is_bounce:
        warnings.append(DSNWarning("not-a-bounce", "no header says this is a bounce; its "
                                   "text was not searched for recipients"))
        return _empty(False, *warnings)
    text_part = _first_text(root)
    loose = _loose_dsn(root, text_part)
    if loose is not None:
        warnings.append(DSNWarning("dsn-in-text", "DSN fields stand in plain text, not in a "
                                   "message/delivery-status part"))
        bounce = _from_dsn(loose, warnings, True)
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
            bounce = _from_dsn(wrapped, warnings, True)
            if bounce.recipients:
                return bounce
            warnings = list(bounce.warnings)
    if not found:
        warnings.append(DSNWarning("no-recipients", "a bounce, but no recipient was found"))
    recipients = tuple(_from_text(item) for item in found)
    return Bounce(recipients, None, None, None, tuple(warnings), True)


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
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</tr\s*>", "\n", text)
        text = re.sub(r"<[^>]*>", " ", text)
        text = (text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", '"').replace("&amp;", "&"))
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


def _from_dsn(dsn: DeliveryStatus, warnings: list[DSNWarning], is_bounce: bool) -> Bounce:
    by_group: dict[int, list[DSNWarning]] = {}
    for warning in dsn.warnings:
        if warning.recipient is not None:
            by_group.setdefault(warning.recipient, []).append(warning)
    recipients: list[BouncedRecipient] = []
    for index, group in enumerate(dsn.recipients):
        address = group.address
        if not address:
            continue
        recipients.append(_dsn_recipient(group, address, tuple(by_group.get(index, ()))))
    message_warnings = [warning for warning in dsn.warnings if warning.recipient is None]
    reporting = dsn.reporting_mta.value if dsn.reporting_mta else None
    return Bounce(tuple(recipients), reporting or None, _date(dsn.arrival_date),
                  dsn.original_envelope_id, tuple(warnings + message_warnings), is_bounce)


def _dsn_recipient(group: RecipientStatus, address: str,
                   warnings: tuple[DSNWarning, ...]) -> BouncedRecipient:
    diagnostic = group.diagnostic_code
    kind = diagnostic.type.lower() if diagnostic else None
    reply_code: int | None = None
    specific: StatusCode | None = None
    if diagnostic is not None and kind == "smtp":
        reply_code, specific = smtp_diagnostic(diagnostic.value)
    if diagnostic is not None and reply_code is None and specific is None:
        # Not an smtp reply at the start ("X-Postfix; host ... said: 550 5.7.1 ...", or
        # "smtp; <a@b>: 550 5.1.1 ..."): the first code that follows a reply code.
        for match in find_status_codes(diagnostic.value):
            if match.basic_code is not None:
                reply_code, specific = match.basic_code, match.status
                break
    action = group.action.lower() if group.action else None
    effective = effective_status(group.status, specific, reply_code)
    retry = retry_verdict(action, effective, reply_code)
    original = (decode_address(group.original_recipient)
                if group.original_recipient and group.original_recipient.value else None)
    return BouncedRecipient(
        address, original, action, group.status, effective, reply_code,
        group.remote_mta.value if group.remote_mta else None,
        diagnostic.type if diagnostic else None, diagnostic.value if diagnostic else None,
        _date(group.last_attempt_date), _date(group.will_retry_until),
        _permanent(retry), retry, "dsn", warnings)


def effective_status(status: StatusCode | None, specific: StatusCode | None,
                     reply_code: int | None) -> StatusCode | None:
    """The code to act on: ``specific`` (the Diagnostic-Code's enhanced code) when it has
    the class of ``status`` and its detail is not 0, else ``status``; with no status,
    ``specific``, else X.0.0 of the reply code's class, else None."""
    if status is None:
        if specific is not None:
            return specific
        if reply_code is not None and reply_code // 100 in (2, 4, 5):
            return StatusCode(reply_code // 100, 0, 0)
        return None
    if (specific is not None and specific.status_class is status.status_class
            and specific.detail != 0):
        return specific
    return status


def retry_verdict(action: str | None, effective: StatusCode | None,
                  reply_code: int | None) -> str:
    """One of RETRY_VERDICTS (see the module docstring)."""
    if action == "delayed":
        return "wait"
    if action in _DONE:
        return "done"
    klass = (effective.status_class.value if effective is not None
             else reply_code // 100 if reply_code is not None else None)
    if klass == 5:
        return "no"
    if klass == 4:
        return "yes"
    if klass == 2:
        return "done"
    if action == "failed":
        return "no"  # RFC 3464 s2.3.3: the reporting MTA has abandoned the recipient
    return "unknown"


def _permanent(retry: str) -> bool | None:
    return True if retry == "no" else False if retry in ("yes", "wait") else None


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
        item.context or None, None, None, _permanent(retry), retry, "text", warnings)


def _date(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


_DAEMONS = re.compile(
    r"(?:^|[<\s\"(])(?:mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|"
    r"mdaemon|mail\.delivery\.system|mail-delivery-system|mailadm|ndr|"
    r"mail\.system|e500_smtp_mail_service)@", re.IGNORECASE)
_DAEMON_NAMES = re.compile(r"mail delivery (?:system|subsystem|service)|mailer.daemon|"
                           r"postmaster|delivery subsystem|system administrator|"
                           r"mail administrator", re.IGNORECASE)
_SUBJECTS = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:undeliver|undelivered|non[- ]?deliver|failure notice|"
    r"failure delivery|delivery (?:status notification|failure|notification|report|"
    r"problem|has failed|status)|"
    r"returned mail|mail delivery (?:failed|failure|problem|warning)|"
    r"mail (?:could not be delivered|not delivered|error|failed|system error)|"
    r"message (?:delayed|delivery failure|not delivered|could not be delivered)|"
    r"delayed mail|warning: (?:message|could not send)|permanent delivery failure|"
    r"failed mail|delivery failure|undelivered mail|automatically rejected|"
    r"your message to .* could not be delivered|processing error|"
    r"message you sent .*(?:blocked|rejected))", re.IGNORECASE)


# Words a bounce's subject has somewhere, read only with a null or automatic sender.
_WEAK_SUBJECT = re.compile(r"deliver|undeliv|fail|returned|bounce|reject|non remis|"
                           r"unzustellbar|non recapitabile|no entregado|niet bezorgd",
                           re.IGNORECASE)


def _is_bounce(root: Part) -> bool:
    """Whether the outer headers say this is a delivery report (see the module docstring)."""
    if root.content_type == "multipart/report" and root.params.get(
            "report-type", "").lower() in ("delivery-status", "global-delivery-status"):
        return True
    sender = root.get("from") or ""
    if root.get("x-failed-recipients"):
        return True
    if _DAEMONS.search(sender) or "<>" in sender.replace(" ", ""):
        return True
    subject = _subject(root.get("subject") or "")
    if _is_auto_reply(root, subject):
        return False
    if _SUBJECTS.search(subject):
        return True
    if _DAEMON_NAMES.search(sender) and not subject.lower().startswith(("re:", "fw")):
        return True
    # RFC 5321 s4.5.5: notifications go out with a null reverse-path, which the final
    # delivery records as "Return-Path: <>"; RFC 3834 s5: Auto-Submitted marks automatic
    # messages. Vacation replies have both too, so the subject must also say it.
    automatic = ((root.get("return-path") or "").replace(" ", "") == "<>"
                 or (root.get("auto-submitted") or "no").strip().lower() != "no")
    return automatic and bool(_WEAK_SUBJECT.search(subject))


# Vacation and other automatic replies (RFC 3834) are no bounces, whatever they mention.
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"autoreply|auto:|away from|vacation|abwesenheit|absence|r[ée]ponse automatique|"
    r"risposta automatica|respuesta autom[áa]tica)", re.IGNORECASE)


def _is_auto_reply(root: Part, subject: str) -> bool:
    precedence = (root.get("precedence") or "").strip().lower()
    return (precedence in ("auto_reply", "auto-reply") or root.get("x-autoreply") is not None
            or root.get("x-autorespond") is not None
            or bool(_AUTO_REPLY_SUBJECT.search(subject)))


def _subject(value: str) -> str:
    if "=?" not in value:
        return value
    from email.header import decode_header

    try:
        return "".join(text.decode(charset or "ascii", "replace")
                       if isinstance(text, bytes) else text
                       for text, charset in decode_header(value))
    except (LookupError, ValueError):
        return value
