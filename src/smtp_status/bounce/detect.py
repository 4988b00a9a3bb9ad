"""Whether a message is a bounce, from its outer headers alone."""

from __future__ import annotations

import functools
import re

from .._lazy_re import lazy
from .mime import Part, decode_words

__all__ = ["automatic_kind", "decoded_subject", "is_auto_reply", "is_bounce", "is_feedback",
           "is_from_daemon"]


_DAEMONS = lazy(
    r"(?:^|[<\s\"(])(?:mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|"
    r"mdaemon|mail\.delivery\.system|mail-delivery-system|mailadm|ndr|"
    r"mail\.system|e500_smtp_mail_service)@", re.IGNORECASE)
_DAEMON_NAMES = lazy(r"mail delivery (?:system|subsystem|service)|mailer.daemon|"
                           r"postmaster|delivery subsystem|system administrator|"
                           r"mail administrator", re.IGNORECASE)
# A forward's "Fwd:" (a bounce forwarded whole), then a "[tag]" or a host name may come
# first ("mx.example.net Mail delivery failed").
_SUBJECT_PREFIX = (r"^\s*(?:(?:fwd?|fw|tr|wg)\s*:\s*)?"
                   r"(?:\[[^\]]*\]\s*|[a-z0-9-]+(?:\.[a-z0-9-]+)+:?\s+)?")
_SUBJECTS = lazy(
    _SUBJECT_PREFIX + r"(?:undeliver|undelivered|non[- ]?deliver|failure notice|"
    r"failure delivery|delivery (?:status notification|failure|notification|report|"
    r"problem|has failed|status)|"
    r"returned mail|mail delivery (?:failed|failure|problem|warning)|"
    r"mail (?:could not be delivered|not delivered|error|failed|system error)|"
    r"message (?:delayed|delivery failure|not delivered|could not be delivered)|"
    r"delayed mail|warning: (?:message|could not send)|permanent delivery failure|"
    r"failed mail|delivery failure|undelivered mail|automatically rejected|"
    r"your message to .* could not be delivered|processing error|"
    r"message you sent .*(?:blocked|rejected)|"
    # au one net (KDDI): "mail error notification".
    r"メールエラー通知)", re.IGNORECASE)


# Senders that never take replies: with a returned message attached, a carrier's or
# gateway's notice of non-delivery (KDDI au, MMS gateways), whatever its subject says.
_NO_REPLY = lazy(r"(?:^|[<\s\"(])no-?reply@", re.IGNORECASE)
_RETURNED_PARTS = frozenset({"message/rfc822", "message/global", "text/rfc822-headers",
                             "message/global-headers"})

# Words a bounce's subject has somewhere, read only with a null or automatic sender.
_WEAK_SUBJECT = lazy(r"deliver|undeliv|fail|returned|bounce|reject|non remis|"
                           r"unzustellbar|non recapitabile|no entregado|niet bezorgd",
                           re.IGNORECASE)


@functools.cache
def _registry_subjects() -> re.Pattern[str]:
    """The subject rows of the format registry, compiled on first use."""
    from .._generated.bounce_formats import SUBJECT

    return re.compile(_SUBJECT_PREFIX + "(?:" + "|".join(SUBJECT) + ")", re.IGNORECASE)


@functools.cache
def _registry_subject_ends() -> re.Pattern[str]:
    """The subject-end rows of the format registry, compiled on first use: a tag at the
    end of the Subject, after the subject of the returned message."""
    from .._generated.bounce_formats import SUBJECT_END

    return re.compile("(?:" + "|".join(SUBJECT_END) + r")\s*\Z", re.IGNORECASE)


def _tagged_notice(root: Part, subject: str) -> bool:
    """Whether the Subject ends with a gateway's tag of non-delivery (the subject-end rows:
    "RE: Your message to ... : non remis (delivery failed)"), the returned message's
    subject before it, whatever that starts with ("RE:" when it was a reply). A person's
    reply to such a notice carries In-Reply-To or References (RFC 5322 s3.6.4 says a reply
    should), so a message with either is not read as the notice."""
    return (bool(_registry_subject_ends().search(subject))
            and root.get("in-reply-to") is None and root.get("references") is None)


def is_bounce(root: Part) -> bool:
    """Whether the outer headers say this is a delivery report (see the module docstring)."""
    if root.content_type == "multipart/report" and root.params.get(
            "report-type", "").lower() in ("delivery-status", "global-delivery-status"):
        return True
    sender = root.get("from") or ""
    if root.get("x-failed-recipients") or is_from_daemon(sender):
        return True
    subject = decoded_subject(root.get("subject") or "")
    if is_auto_reply(root, subject):
        return False
    if (_SUBJECTS.search(subject) or _registry_subjects().search(subject)
            or _tagged_notice(root, subject)):
        return True
    if _DAEMON_NAMES.search(sender) and not subject.lower().startswith(("re:", "fw")):
        return True
    if _NO_REPLY.search(sender) and any(part.content_type in _RETURNED_PARTS
                                        for part in root.children):
        return True
    # RFC 5321 s4.5.5: notifications go out with a null reverse-path, which the final
    # delivery records as "Return-Path: <>"; RFC 3834 s5: Auto-Submitted marks automatic
    # messages. Vacation replies have both too, so the subject must also say it.
    automatic = ((root.get("return-path") or "").replace(" ", "") == "<>"
                 or (root.get("auto-submitted") or "no").strip().lower() != "no")
    return automatic and bool(_WEAK_SUBJECT.search(subject))


def is_from_daemon(sender: str) -> bool:
    """Whether a From field names a mail system (MAILER-DAEMON, postmaster...) or is null."""
    return bool(_DAEMONS.search(sender)) or "<>" in sender.replace(" ", "")


# Vacation and other automatic replies (RFC 3834) are no bounces, whatever they mention.
# The subjects that out-of-office responders write: Outlook and Exchange ("Automatic
# reply:", in other languages "Automatische Antwort:", "Réponse automatique :",
# "Risposta automatica:", "Respuesta automática:", "Resposta automática:", "Automatisch
# antwoord:", "Autosvar:"), RFC 3834 s3.1.5's "Auto:", iCloud's "Auto reply:", Lotus
# Notes' "... is out of the office", Gmail's vacation responder (the user's own subject,
# with Auto-Submitted) and Yahoo's "Auto Response".
_AUTO_REPLY_SUBJECT = lazy(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"autoreply|auto:|away from|vacation|abwesenheit|absence|r[ée]ponse automatique|"
    r"risposta automatica|respuesta autom[áa]tica|resposta autom[áa]tica|"
    r"automatische antwort|automatisch antwoord|autosvar|自動返信|自动回复)|"
    r"is out of (?:the )?office", re.IGNORECASE)


def is_auto_reply(root: Part, subject: str) -> bool:
    """Whether a message that is not a bounce is an automatic reply by its shape: a
    Precedence of auto_reply, X-Autoreply, X-Autorespond, iCloud's X-Apple-Action:
    VACATION, or an out-of-office subject."""
    precedence = (root.get("precedence") or "").strip().lower()
    return (precedence in ("auto_reply", "auto-reply") or root.get("x-autoreply") is not None
            or root.get("x-autorespond") is not None
            or (root.get("x-apple-action") or "").strip().lower() == "vacation"
            or bool(_AUTO_REPLY_SUBJECT.search(subject)))


def is_feedback(root: Part) -> bool:
    """Whether the message is an RFC 5965 feedback report: ``multipart/report;
    report-type=feedback-report`` (RFC 5965 s2), or a message/feedback-report part in the
    outer message (never one inside a returned message)."""
    if root.content_type == "multipart/report" and root.params.get(
            "report-type", "").lower() == "feedback-report":
        return True
    return any(part.content_type == "message/feedback-report" for part in root.walk())


# Challenge-response systems answer mail from unknown senders with a request to prove
# they are people. The shapes they write: TMDA's X-Delivery-Agent field and
# "-confirm-" reply addresses, and subjects such as "Please confirm your message",
# "Sender verification required", "... is waiting for your confirmation", Spam Arrest's
# "[Spam Arrest] Please verify" and Boxbe's "Request to join my guest list".
_CHALLENGE_SUBJECT = lazy(
    r"please (?:confirm|verify) (?:your )?(?:e-?mail|message|address|identity)|"
    r"(?:sender|e-?mail|address) verification (?:required|needed|request)|"
    r"verification (?:required|needed) (?:to deliver|for your message)|"
    r"waiting for (?:your )?(?:confirmation|verification)|spam ?arrest|"
    r"request to join my guest list|confirm (?:that )?you are (?:a )?(?:human|person)|"
    r"challenge[- ]response", re.IGNORECASE)


def automatic_kind(root: Part) -> str | None:
    """``"auto-reply"`` or ``"challenge"`` for a message that is no delivery report (see
    the reader for when it asks), else None.

    RFC 3834 s3.1.7, s5: ``Auto-Submitted: auto-replied`` marks a response to a message; the
    shapes of ``is_auto_reply`` mark the responders that omit it. A message from a mail
    system (MAILER-DAEMON, postmaster, a null sender) is never an auto-reply: bounces
    carry ``auto-replied`` too (Postfix and Exim write it on every bounce).
    """
    sender = root.get("from") or ""
    if is_from_daemon(sender) or root.get("x-failed-recipients"):
        return None
    subject = decoded_subject(root.get("subject") or "")
    agent = (root.get("x-delivery-agent") or "").lower()
    reply_to = (root.get("reply-to") or "").lower()
    if (_CHALLENGE_SUBJECT.search(subject) or agent.startswith("tmda")
            or "-confirm-" in reply_to):
        return "challenge"
    submitted = (root.get("auto-submitted") or "").strip().lower()
    if submitted.startswith("auto-replied") or is_auto_reply(root, subject):
        return "auto-reply"
    return None


def decoded_subject(value: str) -> str:
    """The start of a Subject with its RFC 2047 encoded words decoded (never raises)."""
    return decode_words(value)
