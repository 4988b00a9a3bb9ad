"""The closed vocabularies of the package's results, as ``Literal`` types a type checker
holds a program to, and as tuples of their values in documented order.

>>> from smtp_status.vocabulary import RETRY_TEXT
>>> RETRY_TEXT["no"]
'permanent failure: resending as is will fail again'

``Retry`` is the one retry vocabulary: ``BouncedRecipient.retry``, the ``retry`` of
``smtp-status explain --json`` and of ``bounce --json``, and the ``retry:`` lines of both
commands' text output all use it, with the sentences of ``RETRY_TEXT``:

- ``"no"``: a permanent failure (class 5, RFC 3463 s3.1; reply 5yz, RFC 5321 s4.2.1);
- ``"yes"``: a transient failure (class 4, reply 4yz): resending later may succeed;
- ``"wait"``: not final: a delayed DSN (the reporting MTA still tries, RFC 3464 s2.3.3),
  or an intermediate reply (3yz: the server waits for more input);
- ``"done"``: success (class 2, reply 2yz; Action delivered, relayed or expanded);
- ``"unknown"``: the report does not say (a text bounce with no code and no "permanent").

Other vocabularies live with what they describe and are exported from ``smtp_status`` too:
``BounceKind`` (``Bounce.kind``) and ``SmtpCommand`` (``BouncedRecipient.smtp_command``) in
``smtp_status.bounce``, ``ReasonId`` and ``Advice`` (``smtp_status.reasons``).
``BouncedRecipient.diagnostic_type`` stays ``str``: RFC 3464 s2.3.6 lets it name any
registered diagnostic type (``smtp``, ``x-unix``, ``X-Postfix`` ...), an open set.
"""

from __future__ import annotations

from typing import Literal

from ._outcome import INTERMEDIATE, PERMANENT, SUCCESS, TRANSIENT

__all__ = ["ACTIONS", "EXPLAIN_KINDS", "RECIPIENT_SOURCES", "RETRY_BY", "RETRY_TEXT",
           "RETRY_VERDICTS", "VERDICTS_BY", "Action", "ExplainKind", "RecipientSource", "Retry",
           "RetryBy", "VerdictBy", "as_action", "retry_of_digit"]

#: Whether to retry (see the module docstring).
Retry = Literal["no", "yes", "wait", "done", "unknown"]
RETRY_VERDICTS: tuple[Retry, ...] = ("no", "yes", "wait", "done", "unknown")
#: What each verdict tells a person: the one sentence table of explain and bounce.
RETRY_TEXT: dict[Retry, str] = {
    "no": "permanent failure: resending as is will fail again",
    "yes": "transient failure: resending later may succeed",
    "wait": "not final: expect another reply or report",
    "done": "succeeded: nothing to retry",
    "unknown": "the report does not say",
}
_BY_DIGIT: dict[int, Retry] = {SUCCESS: "done", INTERMEDIATE: "wait", TRANSIENT: "yes",
                               PERMANENT: "no"}

#: A DSN's Action field (RFC 3464 s2.3.3), lower-cased.
Action = Literal["failed", "delayed", "delivered", "relayed", "expanded"]
ACTIONS: tuple[Action, ...] = ("failed", "delayed", "delivered", "relayed", "expanded")

#: Where the reader found a recipient: the DSN fields, the bounce's human text, an Amazon
#: SES JSON notification, a feedback report (RFC 5965), or the headers of an auto-reply or
#: a challenge (the responder).
RecipientSource = Literal["dsn", "text", "ses", "feedback", "headers"]
RECIPIENT_SOURCES: tuple[RecipientSource, ...] = ("dsn", "text", "ses", "feedback", "headers")

#: Whose word ``BouncedRecipient.retry`` takes: the report's (its Action and status), or
#: the provider's page (``smtp_status.vendors``) when it documents the code.
VerdictBy = Literal["report", "vendor"]
VERDICTS_BY: tuple[VerdictBy, ...] = ("report", "vendor")

#: What ``explain`` read: a status code, a reply code or a whole reply.
ExplainKind = Literal["status_code", "reply_code", "reply"]
EXPLAIN_KINDS: tuple[ExplainKind, ...] = ("status_code", "reply_code", "reply")
#: What decided explain's ``retry``: the status class, the reply code, or the provider.
RetryBy = Literal["status_class", "reply_code", "vendor"]
RETRY_BY: tuple[RetryBy, ...] = ("status_class", "reply_code", "vendor")


def as_action(text: str | None) -> Action | None:
    """``text`` lower-cased when it is one of RFC 3464 s2.3.3's five Actions, else None."""
    action = text.lower() if text else None
    for known in ACTIONS:
        if action == known:
            return known
    return None


def retry_of_digit(digit: int) -> Retry:
    """The verdict a reply code's first digit or a status class gives on its own (2 done,
    3 wait, 4 yes, 5 no; RFC 5321 s4.2.1, RFC 3463 s3.1); KeyError for any other digit."""
    return _BY_DIGIT[digit]
