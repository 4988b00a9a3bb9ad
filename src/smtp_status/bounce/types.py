"""What the bounce reader returns: a Bounce and its BouncedRecipients."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from .._generated.reasons import Advice, ReasonId
from ..dsn import DSNWarning
from ..enums import EnhancedCode
from ..status import StatusCode
from ..vocabulary import Action, RecipientSource, Retry, VerdictBy

TYPE_CHECKING = False
if TYPE_CHECKING:  # the vendor layer loads with the first bounce read, not at import
    from ..vendors import VendorCode

__all__ = ["Bounce", "BouncedRecipient", "status_meaning"]


class BouncedRecipient(NamedTuple):
    """One recipient of a bounce.

    ``effective_status`` is the code to act on: the enhanced code D of the Diagnostic-Code's
    reply (the quoted reply of a nested one), or of the human-readable part's reply for
    this recipient when the DSN gives none, wins over the Status S when D has S's class and
    says more (detail not 0, or S is X.0.0), so Status 5.0.0 with ``smtp; 550 5.7.26 ...``
    gives 5.7.26;
    when their classes differ, S (the reporting MTA's final verdict); with no S, D; with
    neither, X.0.0 of the reply code's class. ``retry`` says what happened to the message:
    "no" (permanent: resending as is fails again), "yes" (transient: resend later), "wait"
    (delayed: the MTA still tries), "done" (delivered, relayed, expanded) or "unknown";
    ``permanent`` is True for "no", False for "yes" and "wait", else None. The package
    docstring gives the details.

    ``reason`` says why (smtp_status.reasons: ``user-unknown``, ``mailbox-full``,
    ``authentication`` ...), ``hard_bounce`` whether the address itself is bad, ``advice``
    what to do about the address (``suppress`` only for a hard bounce), and
    ``reason_rule`` which rule of registry/bounce-reasons.yaml decided.

    ``address`` is the address the sender used, the one to suppress: the Final-Recipient
    decoded (RFC 6533 s3, RFC 3461 s4), except that it is the Original-Recipient when that
    is an ``rfc822`` or ``utf-8`` address and the Final-Recipient is not the same mailbox
    (an X.400 string, an alias the receiving system expanded, ``user@sims-ms-daemon``);
    with no Final-Recipient, the Original-Recipient; for text bounces, the address the
    text names. ``original_recipient`` and ``final_recipient`` keep both fields as the
    DSN gives them (decoded), whichever ``address`` is. ``action`` is lower-cased, None
    when absent or none of the five RFC 3464 s2.3.3 names (an ``unknown-action`` warning
    then quotes what was written);
    ``status`` is the Status as written; ``reply_code`` comes from an smtp Diagnostic-Code
    or the text; ``source`` is ``"dsn"``, ``"text"`` or ``"ses"`` (an Amazon SES JSON
    notification).
    """

    address: str
    original_recipient: str | None
    action: Action | None
    status: StatusCode | None
    effective_status: StatusCode | None
    reply_code: int | None
    remote_mta: str | None
    diagnostic_type: str | None
    diagnostic: str | None
    last_attempt: datetime.datetime | None
    will_retry_until: datetime.datetime | None
    permanent: bool | None
    retry: Retry
    source: RecipientSource
    warnings: tuple[DSNWarning, ...]
    # The provider's documented meaning of effective_status, when Remote-MTA, the
    # diagnostic or the Reporting-MTA names a provider smtp_status.vendors knows.
    vendor: VendorCode | None = None
    # Whose word ``permanent`` and ``retry`` take: "vendor" (the provider's page), or
    # "report" (the action and status the report gives).
    verdict_by: VerdictBy = "report"
    # The Final-Recipient decoded (RFC 3464 s2.3.2), None for text bounces.
    final_recipient: str | None = None
    # Why, and what to do about the address (smtp_status.reasons.classify); read_bounce
    # always sets them.
    reason: ReasonId = "undetermined"
    hard_bounce: bool = False
    advice: Advice = "none"
    reason_rule: str = "nothing-said"

    def as_dict(self) -> dict[str, Any]:
        """The recipient as JSON-ready data: the recipient fields of a ``bounce --json``
        record (schema bounce, ``$defs/recipient``), so ``json.dumps(r.as_dict())`` works:
        codes as text, dates as RFC 3339 text, warnings as objects."""
        effective = self.effective_status
        return {
            "address": self.address,
            "original_recipient": self.original_recipient,
            "final_recipient": self.final_recipient,
            "action": self.action,
            "status": None if self.status is None else str(self.status),
            "effective_status": None if effective is None else str(effective),
            "meaning": status_meaning(effective),
            "reply_code": self.reply_code,
            "remote_mta": self.remote_mta,
            "diagnostic_type": self.diagnostic_type,
            "diagnostic": self.diagnostic,
            "last_attempt": _date(self.last_attempt),
            "will_retry_until": _date(self.will_retry_until),
            "permanent": self.permanent,
            "retry": self.retry,
            "verdict_by": self.verdict_by,
            "reason": self.reason,
            "hard_bounce": self.hard_bounce,
            "advice": self.advice,
            "reason_rule": self.reason_rule,
            "vendor": None if self.vendor is None else self.vendor.as_json(),
            "source": self.source,
            "warnings": _warnings(self.warnings),
        }


class Bounce(NamedTuple):
    """A bounce: its recipients in report order and its per-message fields."""

    recipients: tuple[BouncedRecipient, ...]
    reporting_mta: str | None
    arrival_date: datetime.datetime | None
    original_envelope_id: str | None
    warnings: tuple[DSNWarning, ...]
    is_bounce: bool

    def as_dict(self) -> dict[str, Any]:
        """The bounce as JSON-ready data (schema bounce, ``$defs/bounce``): its per-message
        fields, its warnings and each recipient's ``as_dict()``."""
        return {"recipients": [recipient.as_dict() for recipient in self.recipients],
                **self.message_fields(), "is_bounce": self.is_bounce,
                "warnings": _warnings(self.warnings)}

    def message_fields(self) -> dict[str, Any]:
        """The per-message fields every ``bounce --json`` record of this message repeats."""
        return {"reporting_mta": self.reporting_mta, "arrival_date": _date(self.arrival_date),
                "original_envelope_id": self.original_envelope_id}


def status_meaning(status: StatusCode | None) -> str | None:
    """The short text of a code: the registry's sample text (else its name), or the
    summary of its subject or class when the code is not registered."""
    if status is None:
        return None
    meaning = status.meaning
    if isinstance(meaning, EnhancedCode):
        return meaning.sample_text or meaning.name
    return str(meaning.summary)


def _date(value: datetime.datetime | None) -> str | None:
    """RFC 3339 with a zone, always: a naive datetime is taken as UTC, as RFC 5322 s3.3
    reads a zone of -0000 (a time in UTC with no local offset known)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.isoformat()


def _warnings(warnings: tuple[DSNWarning, ...]) -> list[dict[str, str]]:
    return [{"code": warning.code, "message": warning.message} for warning in warnings]
