"""What the bounce reader returns: a Bounce, its BouncedRecipients, the feedback report
and the returned message it carries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple

from .._generated.reasons import Advice, ReasonId
from ..dsn import DSNWarning
from ..enums import EnhancedCode
from ..status import StatusCode
from ..vocabulary import Action, RecipientSource, Retry, VerdictBy
from .mime import first_values

TYPE_CHECKING = False
if TYPE_CHECKING:  # the vendor layer loads with the first bounce read, not at import
    from ..vendors import VendorCode

__all__ = ["BOUNCE_KINDS", "SMTP_COMMANDS", "Bounce", "BounceKind", "BouncedRecipient",
           "Feedback", "HeaderFields", "OriginalMessage", "SmtpCommand", "status_meaning"]

#: What a message read is (``Bounce.kind``):
#:
#: - ``failure``: a delivery report in which some recipient failed (or a bounce whose
#:   recipients could not be found);
#: - ``delay``: a delivery report of delays only (perhaps with successes): expect another;
#: - ``success``: delivered, relayed or expanded recipients only (RFC 3464 s2.3.3);
#: - ``feedback``: an RFC 5965 feedback report (a complaint, a fraud or virus report...);
#: - ``auto-reply``: an automatic reply (RFC 3834 ``Auto-Submitted: auto-replied``, out of
#:   office and vacation messages);
#: - ``challenge``: a challenge-response system asking the sender to prove it is a person;
#: - ``not-a-bounce``: none of these (an ordinary email, junk, an empty input).
BounceKind = Literal["failure", "delay", "success", "feedback", "auto-reply", "challenge",
                     "not-a-bounce"]
BOUNCE_KINDS: tuple[BounceKind, ...] = ("failure", "delay", "success", "feedback", "auto-reply",
                                        "challenge", "not-a-bounce")

#: The SMTP command a failure answered (RFC 5321 s4.1.1): CONNECT is the greeting of the
#: connection itself (RFC 5321 s4.3.1), EHLO stands for HELO and LHLO too, DATA for the end
#: of the data and BDAT.
SmtpCommand = Literal["CONNECT", "EHLO", "MAIL", "RCPT", "DATA"]
SMTP_COMMANDS: tuple[SmtpCommand, ...] = ("CONNECT", "EHLO", "MAIL", "RCPT", "DATA")


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
    text names; for a feedback report the reported recipient, for an auto-reply or a
    challenge the responder. ``original_recipient`` and ``final_recipient`` keep both
    fields as the DSN gives them (decoded), whichever ``address`` is. ``action`` is
    lower-cased, None when absent or none of the five RFC 3464 s2.3.3 names (an
    ``unknown-action`` warning then quotes what was written); ``status`` is the Status as
    written; ``reply_code`` comes from an smtp Diagnostic-Code or the text; ``source`` is
    ``"dsn"``, ``"text"``, ``"ses"`` (an Amazon SES JSON notification), ``"feedback"`` or
    ``"headers"``. ``last_attempt`` is the Last-Attempt-Date, else the DSN's Arrival-Date,
    else the bounce's Date; ``remote_mta`` and ``smtp_command`` come from the text where
    the report has no field for them.
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
    # The SMTP command the failure answered, where the DSN or the text says it.
    smtp_command: SmtpCommand | None = None
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
            "smtp_command": self.smtp_command,
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


class HeaderFields(Mapping[str, str]):
    """Header fields as a read-only mapping: names case-insensitive, each name's first
    value; ``fields`` keeps every field in order (Received comes many times)."""

    __slots__ = ("_first", "fields")

    fields: tuple[tuple[str, str], ...]
    _first: dict[str, str]

    def __init__(self, fields: tuple[tuple[str, str], ...] = ()) -> None:
        self.fields = tuple(fields)
        self._first = first_values(self.fields)

    def __getitem__(self, name: str) -> str:
        return self._first[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The first value of that field (case-insensitive), else ``default``: Mapping's
        get in one dict look-up."""
        return self._first.get(name.lower(), default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def get_all(self, name: str) -> tuple[str, ...]:
        """Every value of that field, in order."""
        lower = name.lower()
        return tuple(value for field, value in self.fields if field.lower() == lower)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HeaderFields):
            return self.fields == other.fields
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self.fields)

    def __repr__(self) -> str:
        return f"HeaderFields({self.fields!r})"

    def __reduce__(self) -> tuple[type[HeaderFields], tuple[tuple[tuple[str, str], ...]]]:
        return (type(self), (self.fields,))


class OriginalMessage(NamedTuple):
    """The message a bounce returns (or its header fields), as the sender sent it.

    ``message_id`` is the Message-ID as written (angle brackets kept); ``subject``,
    ``from_``, ``to`` and ``list_id`` are their fields with RFC 2047 encoded words decoded;
    ``date`` is the Date parsed; ``headers`` holds every field as written (unfolded), the
    sender's own X- fields included. ``form`` says where it was read: ``message/rfc822``,
    ``message/global``, ``text/rfc822-headers``, ``message/global-headers`` (RFC 3462 s3,
    RFC 6533 s6), ``message/partial`` (RFC 2046 s5.2.2: its first part holds the header
    fields), ``text`` (quoted in the bounce's text, after a line such as "Original message
    follows", or in a part with no MIME header of its own), or ``in-reply-to`` (an
    auto-reply or challenge that quotes nothing: only ``message_id``, from In-Reply-To), or
    ``ses-notification`` (the mail headers of an Amazon SES complaint notification).
    Only the header block is read, at most 64 KiB of it.
    """

    message_id: str | None
    subject: str | None
    from_: str | None
    to: str | None
    date: datetime.datetime | None
    list_id: str | None
    headers: HeaderFields
    form: str


class Feedback(NamedTuple):
    """An RFC 5965 feedback report's machine-readable part (message/feedback-report).

    The names are the fields of RFC 5965 s3.1 (required: Feedback-Type, User-Agent,
    Version) and s3.2 (optional: Original-Envelope-Id, Original-Mail-From, Arrival-Date or
    the historic Received-Date, Reporting-MTA, Source-IP, Incidents once; Authentication-
    Results, Original-Rcpt-To, Reported-Domain, Reported-URI any number of times), as
    written; ``feedback_type`` is lower-cased, one of IANA's Feedback Report Type Values
    (abuse, fraud, other, virus of RFC 5965, not-spam of RFC 6430, auth-failure of RFC 6591)
    or another. ``fields`` holds every field.
    """

    feedback_type: str | None
    user_agent: str | None
    version: str | None
    original_mail_from: str | None
    original_rcpt_to: tuple[str, ...]
    original_envelope_id: str | None
    arrival_date: datetime.datetime | None
    reporting_mta: str | None
    source_ip: str | None
    incidents: int | None
    reported_domain: tuple[str, ...]
    reported_uri: tuple[str, ...]
    authentication_results: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]


class Bounce(NamedTuple):
    """A message read: its recipients in report order, its per-message fields, what it is
    (``kind``), its feedback report and the message it returns."""

    recipients: tuple[BouncedRecipient, ...]
    reporting_mta: str | None
    arrival_date: datetime.datetime | None
    original_envelope_id: str | None
    warnings: tuple[DSNWarning, ...]
    is_bounce: bool
    # What the message is (BOUNCE_KINDS); read_bounce always sets it.
    kind: BounceKind = "not-a-bounce"
    # The feedback report of a ``feedback`` message.
    feedback: Feedback | None = None
    # The returned message, or its header fields, where the bounce carries it.
    original: OriginalMessage | None = None

    def as_dict(self) -> dict[str, Any]:
        """The bounce as JSON-ready data (schema bounce, ``$defs/bounce``): its per-message
        fields, its warnings and each recipient's ``as_dict()``."""
        return {"recipients": [recipient.as_dict() for recipient in self.recipients],
                **self.message_fields(), "is_bounce": self.is_bounce,
                "warnings": _warnings(self.warnings)}

    def message_fields(self) -> dict[str, Any]:
        """The per-message fields every ``bounce --json`` record of this message repeats."""
        return {"kind": self.kind, "reporting_mta": self.reporting_mta,
                "arrival_date": _date(self.arrival_date),
                "original_envelope_id": self.original_envelope_id,
                "original": _original_dict(self.original),
                "feedback": _feedback_dict(self.feedback)}


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


def _original_dict(original: OriginalMessage | None) -> dict[str, Any] | None:
    """A returned message as JSON-ready data: its named fields, then every field in order."""
    if original is None:
        return None
    return {"message_id": original.message_id, "subject": original.subject,
            "from": original.from_, "to": original.to, "date": _date(original.date),
            "list_id": original.list_id, "form": original.form,
            "headers": [[name, value] for name, value in original.headers.fields]}


def _feedback_dict(feedback: Feedback | None) -> dict[str, Any] | None:
    """A feedback report as JSON-ready data: the RFC 5965 s3.1-3.2 fields."""
    if feedback is None:
        return None
    return {"feedback_type": feedback.feedback_type, "user_agent": feedback.user_agent,
            "version": feedback.version, "original_mail_from": feedback.original_mail_from,
            "original_rcpt_to": list(feedback.original_rcpt_to),
            "original_envelope_id": feedback.original_envelope_id,
            "arrival_date": _date(feedback.arrival_date),
            "reporting_mta": feedback.reporting_mta, "source_ip": feedback.source_ip,
            "incidents": feedback.incidents, "reported_domain": list(feedback.reported_domain),
            "reported_uri": list(feedback.reported_uri),
            "authentication_results": list(feedback.authentication_results)}


def _warnings(warnings: tuple[DSNWarning, ...]) -> list[dict[str, str]]:
    return [{"code": warning.code, "message": warning.message} for warning in warnings]
