"""Amazon SES notifications sent by email (an SNS topic's "AWS Notification Message"): the
body is the JSON notification, not a report an MTA writes.

Amazon documents the notification's content ("Amazon SES notification contents" in the
SES Developer Guide): ``notificationType`` is Bounce, Complaint or Delivery; a bounce lists
``bouncedRecipients`` each with ``emailAddress`` and, when SES got a DSN, ``action``,
``status`` and ``diagnosticCode`` (RFC 3464 fields); a delivery lists ``recipients`` and the
receiving server's ``smtpResponse``. Complaints are feedback, not bounces, and give none
here. The JSON is often wrapped at line length by the mail path, so control characters
inside strings are tolerated; anything that is not such a notification gives None.
"""

from __future__ import annotations

from typing import Any, cast

from ..dsn import DSNWarning
from ..status import InvalidStatusCode, StatusCode
from ..vocabulary import as_action
from .dsn_reader import diagnostic_reply
from .text import smtp_reply
from .types import Bounce, BouncedRecipient
from .verdict import effective_status, permanent, retry_verdict

__all__ = ["read_ses_notification", "ses_notification"]


def read_ses_notification(text: str) -> Bounce | None:
    """The recipients of an SES bounce or delivery notification, else None."""
    notification = _notification(text)
    if notification is None:
        return None
    kind = notification.get("notificationType")
    if kind == "Bounce":
        return _bounce(_object(notification.get("bounce")))
    if kind == "Delivery":
        return _delivery(_object(notification.get("delivery")))
    return None


def ses_notification(text: str) -> dict[str, Any] | None:
    """The notification's JSON object (the SNS envelope unwrapped), else None."""
    return _notification(text)


def _notification(text: str) -> dict[str, Any] | None:
    import json

    start = text.find("{")
    if start < 0:
        return None
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    notification = cast("dict[str, Any]", value)
    message = notification.get("Message")
    if isinstance(message, str):
        # The SNS envelope, when the topic delivers raw JSON: the notification is a string.
        return _notification(message)
    return notification


def _object(value: object) -> dict[str, Any]:
    return cast("dict[str, Any]", value) if isinstance(value, dict) else {}


def _items(value: object) -> list[object]:
    return cast("list[object]", value) if isinstance(value, list) else []


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _status(value: object) -> StatusCode | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return StatusCode.parse(text.split()[0])
    except InvalidStatusCode:
        return None


def _reporting(value: object) -> str | None:
    text = _text(value)
    return None if text is None else text.partition(";")[2].strip() or text


def _warning() -> DSNWarning:
    return DSNWarning("ses-notification", "an Amazon SES notification: its JSON was read, not "
                      "a delivery report")


def _bounce(bounce: dict[str, Any]) -> Bounce | None:
    listed = bounce.get("bouncedRecipients")
    transient = bounce.get("bounceType") == "Transient"
    recipients: list[BouncedRecipient] = []
    for item in _items(listed):
        entry = _object(item)
        address = _text(entry.get("emailAddress"))
        if address is None:
            continue
        action = as_action(_text(entry.get("action")) or "failed")
        status = _status(entry.get("status"))
        diagnostic = _text(entry.get("diagnosticCode"))
        kind, semicolon, value = (diagnostic or "").partition(";")
        if not semicolon:
            kind, value = "smtp", diagnostic or ""
        reply_code, specific = diagnostic_reply(value.strip() or None, kind.strip().lower())
        effective = effective_status(status, specific, reply_code)
        if effective is None and action == "failed":
            # SES's own verdict when the receiving server said nothing it could relay.
            effective = StatusCode(4 if transient else 5, 0, 0)
        retry = retry_verdict(action, effective, reply_code)
        recipients.append(BouncedRecipient(
            address, None, action, status, effective, reply_code, None,
            kind.strip() if diagnostic else None, value.strip() if diagnostic else None,
            None, None, permanent(retry), retry, "ses", (), final_recipient=address))
    if not recipients:
        return None
    return Bounce(tuple(recipients), _reporting(bounce.get("reportingMTA")), None, None,
                  (_warning(),), True)


def _delivery(delivery: dict[str, Any]) -> Bounce | None:
    listed = delivery.get("recipients")
    response = _text(delivery.get("smtpResponse"))
    reply_code, code = smtp_reply(response) if response else (None, None)
    specific = StatusCode(*code) if code is not None else None
    effective = effective_status(None, specific, reply_code)
    retry = retry_verdict("delivered", effective, reply_code)
    recipients = tuple(
        BouncedRecipient(address, None, "delivered", None, effective, reply_code, None,
                         "smtp" if response else None, response, None, None,
                         permanent(retry), retry, "ses", (), final_recipient=address)
        for address in (_text(item) for item in _items(listed))
        if address is not None)
    if not recipients:
        return None
    return Bounce(recipients, _reporting(delivery.get("reportingMTA")), None, None,
                  (_warning(),), True)
