"""What the bounce reader returns: a Bounce and its BouncedRecipients."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from ..dsn import DSNWarning
from ..status import StatusCode
from ..vendors import VendorCode

__all__ = ["Bounce", "BouncedRecipient"]


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
