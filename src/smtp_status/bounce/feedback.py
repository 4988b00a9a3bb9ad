"""Feedback reports (RFC 5965): a complaint, a fraud or virus report about a message sent.

A report is ``multipart/report; report-type=feedback-report`` (RFC 5965 s2): a human-
readable part, a ``message/feedback-report`` part of header-style fields (s3), and the
reported message or its header fields. The reported recipients are, in order of choice:

1. every Original-Rcpt-To (s3.2: the RCPT TO of the reported message, any number);
2. the Removal-Recipient of older feedback loops (draft-shafranovich-feedback-report);
3. the To of the reported message when it names one address: feedback loops that redact
   the recipient (RFC 6590) leave it there, often as redacted as the report itself.

A report that names nobody gives no recipient and the warning ``no-reported-recipient``:
the sender still matches it to its send by ``Bounce.original``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from ..dsn import DSNWarning
from .dates import parse_date
from .mime import Part, decode_body, normalize, read_header_block
from .types import Bounce, BouncedRecipient, Feedback, OriginalMessage

__all__ = ["bounce_from_feedback", "bounce_from_ses_complaint", "feedback_warnings",
           "read_feedback", "ses_complaint"]

_LIMIT = 64 * 1024
_ADDRESS = re.compile(r"[^\s<>\"',;:()]+@[^\s<>\"',;:()]+")
# RFC 5965 s3.1-3.2: the fields that appear at most once.
_SPELLING = {name.lower(): name for name in (
    "Feedback-Type", "User-Agent", "Version", "Original-Envelope-Id", "Original-Mail-From",
    "Arrival-Date", "Received-Date", "Reporting-MTA", "Source-IP", "Incidents")}
_ONCE = tuple(_SPELLING)


def read_feedback(root: Part) -> Feedback | None:
    """The message/feedback-report part of the outer message, field by field (see
    ``feedback_warnings`` for the rules it may break)."""
    part = next((node for node in root.walk() if node.content_type == "message/feedback-report"),
                None)
    if part is None:
        return None
    raw = normalize(decode_body(part.capped(_LIMIT))).strip(b" \t\n")
    end = raw.find(b"\n\n")
    fields = tuple(read_header_block(raw if end < 0 else raw[:end]))
    once: dict[str, str] = {}
    many: dict[str, list[str]] = {}
    for name, value in fields:
        lower = name.lower()
        once.setdefault(lower, value)
        many.setdefault(lower, []).append(value)
    feedback_type = once.get("feedback-type")
    # RFC 5965 s3.2: Received-Date is the historic name of Arrival-Date.
    arrival = once.get("arrival-date") or once.get("received-date")
    reporting = once.get("reporting-mta")
    if reporting is not None and ";" in reporting:
        reporting = reporting.partition(";")[2].strip()
    incidents = once.get("incidents", "").strip()
    return Feedback(
        feedback_type.strip().lower() if feedback_type else None, once.get("user-agent"),
        once.get("version"), _unbracketed(once.get("original-mail-from")),
        tuple(address for value in many.get("original-rcpt-to", ())
              if (address := _unbracketed(value))),
        once.get("original-envelope-id"), parse_date(arrival), reporting or None,
        once.get("source-ip"), int(incidents) if incidents.isdigit() else None,
        tuple(many.get("reported-domain", ())), tuple(many.get("reported-uri", ())),
        tuple(many.get("authentication-results", ())), fields)


def feedback_warnings(feedback: Feedback) -> list[DSNWarning]:
    """The rules of RFC 5965 s3.1-3.2 the report breaks: a required field missing
    (``missing-field``), a field of those that appear once given twice, or both Arrival-Date
    and the historic Received-Date (``repeated-field``)."""
    warnings: list[DSNWarning] = []
    names = [name.lower() for name, _ in feedback.fields]
    for name in ("Feedback-Type", "User-Agent", "Version"):
        if name.lower() not in names:
            warnings.append(DSNWarning("missing-field", f"no {name} field (RFC 5965 s3.1)"))
    for name in _ONCE:
        if names.count(name) > 1:
            warnings.append(DSNWarning("repeated-field", f"{_SPELLING[name]} given more than "
                                       "once; the first is kept (RFC 5965 s3.1, s3.2)"))
    if "arrival-date" in names and "received-date" in names:
        warnings.append(DSNWarning("repeated-field", "both Arrival-Date and its historic "
                                   "name Received-Date; Arrival-Date is kept (RFC 5965 s3.2)"))
    return warnings


def bounce_from_feedback(root: Part, original: OriginalMessage | None) -> Bounce:
    """A feedback report as a Bounce of kind ``feedback``, its reported recipients with
    retry "no": the recipient asked not to get such mail (see the module docstring)."""
    feedback = read_feedback(root)
    warnings: list[DSNWarning] = []
    if feedback is None:
        warnings.append(DSNWarning("no-feedback-part", "a feedback report without its "
                                   "message/feedback-report part (RFC 5965 s2)"))
    else:
        warnings.extend(feedback_warnings(feedback))
    addresses = _reported(feedback, original)
    if not addresses:
        warnings.append(DSNWarning("no-reported-recipient", "the feedback report names no "
                                   "recipient (no Original-Rcpt-To, RFC 5965 s3.2)"))
    recipients = tuple(
        BouncedRecipient(address, None, None, None, None, None, None, None, None, None, None,
                         None, "no", "feedback", ())
        for address in addresses)
    return Bounce(recipients, feedback.reporting_mta if feedback else None,
                  feedback.arrival_date if feedback else None,
                  feedback.original_envelope_id if feedback else None, tuple(warnings),
                  False, "feedback", feedback)


def _reported(feedback: Feedback | None, original: OriginalMessage | None) -> list[str]:
    if feedback is not None and feedback.original_rcpt_to:
        return list(dict.fromkeys(feedback.original_rcpt_to))
    fields = feedback.fields if feedback is not None else ()
    removal = next((value for name, value in fields if name.lower() == "removal-recipient"),
                   None)
    if removal:
        found = _ADDRESS.search(removal)
        if found is not None:
            return [found.group(0)]
    if original is not None and original.to:
        named = _ADDRESS.findall(original.to)
        if len(named) == 1:
            return named
    return []


def _unbracketed(value: str | None) -> str | None:
    # Original-Rcpt-To and Original-Mail-From are addr-specs (RFC 5965 s3.2), often in <>.
    address = None if value is None else value.strip().removeprefix("<").removesuffix(">")
    return address.strip() or None if address is not None else None


# Amazon SES complaint notifications (the SES Developer Guide's "Amazon SES notification
# contents"): the complaint a feedback loop sent SES, as JSON. Its fields map to RFC 5965's:
# complaintFeedbackType to Feedback-Type, userAgent to User-Agent, arrivalDate to
# Arrival-Date, complainedRecipients to Original-Rcpt-To; the mail object gives the
# sender (source), the source IP and the sent message's header fields.
_SES_MARKER = '"notificationType"'


def ses_complaint(text: str) -> dict[str, Any] | None:
    """The JSON of an Amazon SES complaint notification, else None."""
    if _SES_MARKER not in text[:4096]:
        return None
    from .ses import ses_notification

    notification = ses_notification(text)
    if notification is None or notification.get("notificationType") != "Complaint":
        return None
    return notification


def bounce_from_ses_complaint(notification: dict[str, Any]) -> tuple[Bounce,
                                                                      OriginalMessage | None]:
    """An SES complaint as a Bounce of kind ``feedback``, and the sent message's header
    fields as its original, where the notification carries them."""
    complaint = _mapping(notification.get("complaint"))
    mail = _mapping(notification.get("mail"))
    recipients = tuple(dict.fromkeys(
        address for item in _sequence(complaint.get("complainedRecipients"))
        if (address := _string(_mapping(item).get("emailAddress")))))
    feedback_type = _string(complaint.get("complaintFeedbackType"))
    arrival = _iso_date(complaint.get("arrivalDate")) or _iso_date(complaint.get("timestamp"))
    feedback = Feedback(
        feedback_type.lower() if feedback_type else None, _string(complaint.get("userAgent")),
        None, _string(mail.get("source")), recipients, None, arrival, None,
        _string(mail.get("sourceIp")), None, (), (), (), ())
    headers = tuple((name, value) for item in _sequence(mail.get("headers"))
                    if (name := _string(_mapping(item).get("name")))
                    and (value := _string(_mapping(item).get("value"))) is not None)
    original = None
    if headers:
        from .original import original_from_fields

        original = original_from_fields(list(headers), "ses-notification")
    warnings = () if recipients else (DSNWarning(
        "no-reported-recipient", "the SES complaint names no complainedRecipients"),)
    bounce = Bounce(
        tuple(BouncedRecipient(address, None, None, None, None, None, None, None, None, None,
                               None, None, "no", "feedback", ()) for address in recipients),
        None, arrival, None, warnings, False, "feedback", feedback)
    return bounce, original


def _mapping(value: object) -> dict[str, Any]:
    return cast("dict[str, Any]", value) if isinstance(value, dict) else {}


def _sequence(value: object) -> list[object]:
    return cast("list[object]", value) if isinstance(value, list) else []


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _iso_date(value: object) -> datetime.datetime | None:
    """An ISO 8601 timestamp as SES writes them ("2016-11-25T01:49:01.000Z")."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=datetime.timezone.utc)
