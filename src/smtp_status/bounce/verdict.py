"""The verdict on a recipient: the code to act on, whether to retry, the provider's word, and
why it bounced with what to do about the address."""

from __future__ import annotations

from collections.abc import Callable

from ..reasons import LAST_RULE, classify_with_vendor, reads_text
from ..status import StatusCode
from ..vocabulary import RETRY_VERDICTS, Retry, retry_of_digit
from .types import Bounce, BouncedRecipient

TYPE_CHECKING = False
if TYPE_CHECKING:  # the vendor layer loads with the first bounce read, not at import
    from collections.abc import Callable

    from ..vendors import VendorCode

__all__ = ["RETRY_VERDICTS", "effective_status", "permanent", "retry_verdict", "with_reasons",
           "with_vendors"]

_DONE = frozenset({"delivered", "relayed", "expanded"})


def effective_status(status: StatusCode | None, specific: StatusCode | None,
                     reply_code: int | None) -> StatusCode | None:
    """The code to act on: ``specific`` (the Diagnostic-Code's enhanced code) when it has
    the class of ``status`` and says more (its detail is not 0, or ``status`` is X.0.0 and
    its subject is not 0), else ``status``; with no status, ``specific``, else X.0.0 of
    the reply code's class, else None."""
    if status is None:
        if specific is not None:
            return specific
        if reply_code is not None and reply_code // 100 in (2, 4, 5):
            return StatusCode(reply_code // 100, 0, 0)
        return None
    if (specific is not None and specific.status_class is status.status_class
            and (specific.detail != 0
                 or (status.subject == 0 and specific.subject != 0))):
        return specific
    return status


def retry_verdict(action: str | None, effective: StatusCode | None,
                  reply_code: int | None) -> Retry:
    """One of RETRY_VERDICTS (see smtp_status.vocabulary)."""
    if action == "delayed":
        return "wait"
    if action in _DONE:
        return "done"
    klass = (effective.status_class.value if effective is not None
             else reply_code // 100 if reply_code is not None else None)
    if klass in (2, 4, 5):
        return retry_of_digit(klass)
    if action == "failed":
        return "no"  # RFC 3464 s2.3.3: the reporting MTA has abandoned the recipient
    return "unknown"


def permanent(retry: Retry) -> bool | None:
    return True if retry == "no" else False if retry in ("yes", "wait") else None



def with_vendors(bounce: Bounce, by_headers: str | None = None) -> Bounce:
    """Each recipient with its provider's meaning; where the provider says whether the code
    is permanent, the verdict on a failed recipient takes its word.

    The provider is the first recognised of: the recipient's Remote-MTA or diagnostic, the
    Reporting-MTA, and ``by_headers`` (the provider the bounce's own header fields name, see
    ``vendors.bounce_provider``); the first that documents the code gives its meaning, picked
    by the diagnostic's reply code and text.
    """
    if not bounce.recipients:
        return bounce
    # Loaded with the first bounce that has a recipient: its tables cost nothing at import.
    from ..vendors import documents, provider_of

    reporting: list[str | None] = []

    def by_reporting_mta() -> str | None:
        # The same for every recipient: looked up once, and only when asked.
        if not reporting:
            reporting.append(provider_of(host=bounce.reporting_mta))
        return reporting[0]

    def by_headers_named() -> str | None:
        return by_headers

    recipients: list[BouncedRecipient] = []
    for recipient in bounce.recipients:
        status = recipient.effective_status

        def by_recipient(recipient: BouncedRecipient = recipient) -> str | None:
            return provider_of(host=recipient.remote_mta, text=recipient.diagnostic)

        vendor = None if status is None or not documents(status) else _vendor(
            recipient, status, (by_recipient, by_reporting_mta, by_headers_named))
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
            providers: tuple[Callable[[], str | None], ...]) -> VendorCode | None:
    """The first entry of the providers (each found only when the ones before it name
    none that documents the code) for the recipient's code."""
    from ..vendors import lookup_vendor

    tried: set[str] = set()
    for provider_in in providers:
        provider = provider_in()
        if provider is None or provider in tried:
            continue
        tried.add(provider)
        found = lookup_vendor(status, reply_code=recipient.reply_code,
                              text=recipient.diagnostic, provider=provider)
        if found is not None:
            return found
    return None


def with_reasons(bounce: Bounce, explanation: Callable[[], str | None] | None = None
                 ) -> Bounce:
    """Each recipient with its reason, hard-bounce verdict, advice and deciding rule.

    The rules read the effective status, the reply code, the diagnostic and the remote
    host (else the reporting MTA). The diagnostic is read as RFC 3464 s2.3.6 writes a
    Diagnostic-Code, its type first (``x-unix; 71``), since the type says who failed: a
    local delivery program (``x-unix``) or a remote server (``smtp``); before it, the SMTP
    command the reply answered where the report says (``rcpt command: smtp; 550 ...``),
    since a refusal at RCPT is about the mailbox and one after DATA is not. Where a provider
    documents the recipient's code (``vendor``), its entry's reason counts as a specific
    code: only decisive text (tier 1) wins over it. A status the reader inferred from a
    phrase is left out at first: it says no more than the text it came from, which the
    rules read themselves, and it would pass a filter's "user unknown" off as the code
    5.1.1. Only when the text says nothing (the phrase stood outside the recipient's text)
    is the inferred code read.

    Many reports give the cause only in their human-readable part: a Diagnostic-Code that
    is empty or only the address, the words above or below it. So when a bounce names one
    recipient, its codes alone decided (a row without a text condition; a provider's
    documented code is its own word and stands) and its own text says nothing (empty, or
    no word but its address), the rules read ``explanation()`` (that part's text, asked
    for only then) in place of the recipient's own text; its answer
    counts only when a text row gives it, so the precedence is the same as if the words
    had stood in the Diagnostic-Code. With several recipients the text may be about
    another one, and is not read; nor is it for a bounce of another kind than a failure
    or a delay (a challenge's text asks the sender to prove it is no spammer).
    """
    recipients: list[BouncedRecipient] = []
    for recipient in bounce.recipients:
        inferred = any(warning.code == "status-inferred" for warning in recipient.warnings)
        host = recipient.remote_mta or bounce.reporting_mta
        text = _said(recipient, recipient.diagnostic)
        # with_vendors has found the provider's entry already, by every host it knows.
        found = classify_with_vendor(None if inferred else recipient.effective_status,
                                     recipient.reply_code, text, host, recipient.vendor)
        if inferred and found.rule == LAST_RULE:
            found = classify_with_vendor(recipient.effective_status, recipient.reply_code,
                                         text, host, recipient.vendor)
        if (explanation is not None and len(bounce.recipients) == 1
                and bounce.kind in _EXPLAINED_KINDS
                and not reads_text(found.rule) and not found.rule.startswith("vendor:")
                and _says_nothing(recipient.diagnostic, recipient.address)):
            told = explanation()
            if told:
                by_text = classify_with_vendor(recipient.effective_status,
                                               recipient.reply_code, _said(recipient, told),
                                               host, recipient.vendor)
                if reads_text(by_text.rule):
                    found = by_text
        # The four reason fields are the last of BouncedRecipient (types.py).
        recipients.append(BouncedRecipient(*recipient[:-4], *found))
    return bounce._replace(recipients=tuple(recipients))


# The kinds whose human-readable part explains a delivery problem: a challenge's or an
# auto-reply's text is about something else ("prove you are not a spammer").
_EXPLAINED_KINDS = frozenset({"failure", "delay"})


def _said(recipient: BouncedRecipient, text: str | None) -> str | None:
    """The text the rules read for a recipient: the command its reply answered, the
    diagnostic's type, then ``text``."""
    if recipient.diagnostic_type and text is not None:
        text = f"{recipient.diagnostic_type}; {text}"
    if recipient.smtp_command is not None:
        text = f"{recipient.smtp_command.lower()} command: {text or ''}"
    return text


def _says_nothing(text: str | None, address: str) -> bool:
    """Whether a recipient's own text holds no word but its address ("", "71",
    "<a@b.example>")."""
    if not text:
        return True
    rest = text.lower().replace(address.lower(), " ")
    return not any(character.isalpha() for character in rest)
