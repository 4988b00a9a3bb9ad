"""What the bounce reader returns: a Bounce and its BouncedRecipients."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from .._generated.reasons import Advice, ReasonId
from ..dsn import DSNWarning
from ..status import StatusCode

TYPE_CHECKING = False
if TYPE_CHECKING:  # the vendor layer loads with the first bounce read, not at import
    from ..vendors import VendorCode

__all__ = ["Bounce", "BouncedRecipient"]


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
    DSN gives them (decoded), whichever ``address`` is. ``action`` is lower-cased;
    ``status`` is the Status as written; ``reply_code`` comes from an smtp Diagnostic-Code
    or the text; ``source`` is ``"dsn"``, ``"text"`` or ``"ses"`` (an Amazon SES JSON
    notification).
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
    # The Final-Recipient decoded (RFC 3464 s2.3.2), None for text bounces.
    final_recipient: str | None = None
    # Why, and what to do about the address (smtp_status.reasons.classify); read_bounce
    # always sets them.
    reason: ReasonId = "undetermined"
    hard_bounce: bool = False
    advice: Advice = "none"
    reason_rule: str = "nothing-said"


class Bounce(NamedTuple):
    """A bounce: its recipients in report order and its per-message fields."""

    recipients: tuple[BouncedRecipient, ...]
    reporting_mta: str | None
    arrival_date: datetime.datetime | None
    original_envelope_id: str | None
    warnings: tuple[DSNWarning, ...]
    is_bounce: bool
