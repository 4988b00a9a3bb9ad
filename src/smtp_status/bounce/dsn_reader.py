"""A DSN's recipient groups as BouncedRecipients (RFC 3464 s2.3, RFC 6533 s3)."""

from __future__ import annotations

from ..dsn import DeliveryStatus, DSNWarning, RecipientStatus, decode_address, smtp_diagnostic
from ..status import StatusCode
from ..vocabulary import as_action
from .dates import parse_date
from .text import smtp_reply
from .types import Bounce, BouncedRecipient
from .verdict import effective_status, permanent, retry_verdict

__all__ = ["bounce_from_dsn", "parse_date"]


def bounce_from_dsn(dsn: DeliveryStatus, warnings: list[DSNWarning], is_bounce: bool) -> Bounce:
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
    return Bounce(tuple(recipients), reporting or None, parse_date(dsn.arrival_date),
                  dsn.original_envelope_id, tuple(warnings + message_warnings), is_bounce)


def _dsn_recipient(group: RecipientStatus, address: str,
                   warnings: tuple[DSNWarning, ...]) -> BouncedRecipient:
    diagnostic = group.diagnostic_code
    kind = diagnostic.type.lower() if diagnostic else None
    reply_code, specific = diagnostic_reply(diagnostic.value if diagnostic else None, kind)
    action = as_action(group.action)
    effective = effective_status(group.status, specific, reply_code)
    retry = retry_verdict(action, effective, reply_code)
    original = (decode_address(group.original_recipient)
                if group.original_recipient and group.original_recipient.value else None)
    final = (decode_address(group.final_recipient)
             if group.final_recipient and group.final_recipient.value else None)
    if original is not None and final is not None and _sent_to(group, original, final):
        address = original
    return BouncedRecipient(
        address, original, action, group.status, effective, reply_code,
        group.remote_mta.value if group.remote_mta else None,
        diagnostic.type if diagnostic else None, diagnostic.value if diagnostic else None,
        parse_date(group.last_attempt_date), parse_date(group.will_retry_until),
        permanent(retry), retry, "dsn", warnings, final_recipient=final)


def diagnostic_reply(value: str | None, kind: str | None
                     ) -> tuple[int | None, StatusCode | None]:
    """The reply code and enhanced code of a Diagnostic-Code (RFC 3464 s2.3.6).

    An ``smtp`` diagnostic starts with the reply as received (``smtp; 550 5.1.1 ...``);
    but a diagnostic of any type may quote a reply further on: the remote server's words
    in Postfix's ``X-Postfix; host mx.example[192.0.2.1] said: 550 5.1.1 ...``, an
    enhanced code first and the reply later (``5.1.0 - Unknown address error
    550-'5.7.1 ...'``), a nested reply (``554 4.4.7 ... <421 4.4.2 ...>``). ``smtp_reply``
    reads them all by one rule (the last reply with an enhanced code, failures first);
    what the diagnostic starts with stands only when nothing else is found. ``X-Unix; 77``
    (a Sendmail mailer's exit code) has no reply."""
    if not value:
        return None, None
    reply_code, code = smtp_reply(value)
    start_reply, start_code = smtp_diagnostic(value) if kind == "smtp" else (None, None)
    specific = StatusCode(*code) if code is not None else start_code
    if reply_code is None:
        reply_code = start_reply
    return reply_code, specific


def _sent_to(group: RecipientStatus, original: str, final: str) -> bool:
    """Whether the Original-Recipient, not the Final-Recipient, is the address the sender
    used and should suppress: it is an rfc822 or utf-8 address (RFC 3464 s2.3.1, RFC 6533
    s3) and the Final-Recipient is not the same mailbox (an X.400 string, an alias the
    receiving system expanded, a local name such as ``user@sims-ms-daemon``)."""
    typed = group.original_recipient
    if typed is None or typed.type.lower() not in ("rfc822", "utf-8"):
        return False
    if "@" not in original or original.count("@") != 1 or " " in original.strip():
        return False
    return original.lower() != final.lower()
