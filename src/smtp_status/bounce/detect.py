"""Whether a message is a bounce, from its outer headers alone."""

from __future__ import annotations

import functools
import re

from .mime import Part, decode_words

__all__ = ["decoded_subject", "is_auto_reply", "is_bounce"]


_DAEMONS = re.compile(
    r"(?:^|[<\s\"(])(?:mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|"
    r"mdaemon|mail\.delivery\.system|mail-delivery-system|mailadm|ndr|"
    r"mail\.system|e500_smtp_mail_service)@", re.IGNORECASE)
_DAEMON_NAMES = re.compile(r"mail delivery (?:system|subsystem|service)|mailer.daemon|"
                           r"postmaster|delivery subsystem|system administrator|"
                           r"mail administrator", re.IGNORECASE)
# A forward's "Fwd:" (a bounce forwarded whole), then a "[tag]" or a host name may come
# first ("mx.example.net Mail delivery failed").
_SUBJECT_PREFIX = (r"^\s*(?:(?:fwd?|fw|tr|wg)\s*:\s*)?"
                   r"(?:\[[^\]]*\]\s*|[a-z0-9-]+(?:\.[a-z0-9-]+)+:?\s+)?")
_SUBJECTS = re.compile(
    _SUBJECT_PREFIX + r"(?:undeliver|undelivered|non[- ]?deliver|failure notice|"
    r"failure delivery|delivery (?:status notification|failure|notification|report|"
    r"problem|has failed|status)|"
    r"returned mail|mail delivery (?:failed|failure|problem|warning)|"
    r"mail (?:could not be delivered|not delivered|error|failed|system error)|"
    r"message (?:delayed|delivery failure|not delivered|could not be delivered)|"
    r"delayed mail|warning: (?:message|could not send)|permanent delivery failure|"
    r"failed mail|delivery failure|undelivered mail|automatically rejected|"
    r"your message to .* could not be delivered|processing error|"
    r"message you sent .*(?:blocked|rejected))", re.IGNORECASE)


# Senders that never take replies: with a returned message attached, a carrier's or
# gateway's notice of non-delivery (KDDI au, MMS gateways), whatever its subject says.
_NO_REPLY = re.compile(r"(?:^|[<\s\"(])no-?reply@", re.IGNORECASE)
_RETURNED_PARTS = frozenset({"message/rfc822", "message/global", "text/rfc822-headers",
                             "message/global-headers"})

# Words a bounce's subject has somewhere, read only with a null or automatic sender.
_WEAK_SUBJECT = re.compile(r"deliver|undeliv|fail|returned|bounce|reject|non remis|"
                           r"unzustellbar|non recapitabile|no entregado|niet bezorgd",
                           re.IGNORECASE)


@functools.cache
def _registry_subjects() -> re.Pattern[str]:
    """The subject rows of the format registry, compiled on first use."""
    from .._generated.bounce_formats import SUBJECT

    return re.compile(_SUBJECT_PREFIX + "(?:" + "|".join(SUBJECT) + ")", re.IGNORECASE)


def is_bounce(root: Part) -> bool:
    """Whether the outer headers say this is a delivery report (see the module docstring)."""
    if root.content_type == "multipart/report" and root.params.get(
            "report-type", "").lower() in ("delivery-status", "global-delivery-status"):
        return True
    sender = root.get("from") or ""
    if root.get("x-failed-recipients"):
        return True
    if _DAEMONS.search(sender) or "<>" in sender.replace(" ", ""):
        return True
    subject = decoded_subject(root.get("subject") or "")
    if is_auto_reply(root, subject):
        return False
    if _SUBJECTS.search(subject) or _registry_subjects().search(subject):
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


# Vacation and other automatic replies (RFC 3834) are no bounces, whatever they mention.
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"autoreply|auto:|away from|vacation|abwesenheit|absence|r[ée]ponse automatique|"
    r"risposta automatica|respuesta autom[áa]tica)", re.IGNORECASE)


def is_auto_reply(root: Part, subject: str) -> bool:
    precedence = (root.get("precedence") or "").strip().lower()
    return (precedence in ("auto_reply", "auto-reply") or root.get("x-autoreply") is not None
            or root.get("x-autorespond") is not None
            or bool(_AUTO_REPLY_SUBJECT.search(subject)))


def decoded_subject(value: str) -> str:
    """The start of a Subject with its RFC 2047 encoded words decoded (never raises)."""
    return decode_words(value)
