"""A DSN's recipient groups as BouncedRecipients (RFC 3464 s2.3, RFC 6533 s3)."""

from __future__ import annotations

from ..dsn import DeliveryStatus, DSNWarning, RecipientStatus, decode_address, smtp_diagnostic
from ..finder import find_status_codes
from ..status import StatusCode
from .dates import parse_date
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
        parse_date(group.last_attempt_date), parse_date(group.will_retry_until),
        permanent(retry), retry, "dsn", warnings)
