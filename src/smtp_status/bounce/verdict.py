"""The verdict on a recipient: the code to act on, whether to retry, and the provider's word."""

from __future__ import annotations

from ..status import StatusCode
from ..vendors import VendorCode, lookup_vendor, provider_of
from .types import Bounce, BouncedRecipient

__all__ = ["RETRY_VERDICTS", "effective_status", "permanent", "retry_verdict", "with_vendors"]

RETRY_VERDICTS = ("no", "yes", "wait", "done", "unknown")
_DONE = frozenset({"delivered", "relayed", "expanded"})


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


def permanent(retry: str) -> bool | None:
    return True if retry == "no" else False if retry in ("yes", "wait") else None



def with_vendors(bounce: Bounce, by_headers: str | None = None) -> Bounce:
    """Each recipient with its provider's meaning; where the provider says whether the code
    is permanent, the verdict on a failed recipient takes its word.

    The provider is the first recognised of: the recipient's Remote-MTA or diagnostic, the
    Reporting-MTA, and ``by_headers`` (the provider the bounce's own header fields name, see
    ``vendors.bounce_provider``); the first that documents the code gives its meaning, picked
    by the diagnostic's reply code and text.
    """
    recipients: list[BouncedRecipient] = []
    for recipient in bounce.recipients:
        status = recipient.effective_status
        vendor = None if status is None else _vendor(recipient, status, (
            provider_of(host=recipient.remote_mta, text=recipient.diagnostic),
            provider_of(host=bounce.reporting_mta), by_headers))
        if vendor is None:
            recipients.append(recipient)
        elif recipient.retry in ("no", "yes", "unknown"):
            recipients.append(recipient._replace(
                vendor=vendor, permanent=vendor.permanent,
                retry="no" if vendor.permanent else "yes", verdict_by="vendor"))
        else:  # delivered, or delayed with the MTA still trying: the report says what is next
            recipients.append(recipient._replace(vendor=vendor))
    return bounce._replace(recipients=tuple(recipients))


def _vendor(recipient: BouncedRecipient, status: StatusCode,
            providers: tuple[str | None, ...]) -> VendorCode | None:
    tried: set[str] = set()
    for provider in providers:
        if provider is None or provider in tried:
            continue
        tried.add(provider)
        found = lookup_vendor(status, reply_code=recipient.reply_code,
                              text=recipient.diagnostic, provider=provider)
        if found is not None:
            return found
    return None
