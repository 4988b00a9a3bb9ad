"""Read whole bounces, per recipient: DSNs (RFC 3464, RFC 6533) and plain-text bounces.

>>> bounce = read_bounce(b"From: MAILER-DAEMON@mx.example\\nSubject: failure notice\\n\\n"
...     b"Hi. This is the qmail-send program at mx.example.\\n"
...     b"I'm afraid I wasn't able to deliver your message to the following addresses.\\n"
...     b"This is a permanent error; I've given up. Sorry it didn't work out.\\n\\n"
...     b"<nobody@example.org>:\\nRemote host said: 550 5.1.1 No such user\\n")
>>> [(r.address, str(r.effective_status), r.reply_code, r.retry) for r in bounce.recipients]
[('nobody@example.org', '5.1.1', 550, 'no')]

``read_bounce`` is best effort and never raises for bytes, str or an
email.message.Message: junk, an empty input or a broken MIME tree give a Bounce with no
recipients and a warning. It reads, in this order:

1. the message/delivery-status or message/global-delivery-status part of the outer
   message (RFC 3464, RFC 6533; a DSN quoted inside the returned message never counts),
   each recipient completed from the human-readable part when the DSN says less than it
   (a generic Status such as 5.0.0 with no Diagnostic-Code or an ``X-Unix; 77`` one, the
   receiving server's reply standing only in the text or its transcript);
   an Amazon SES notification whose body is its JSON (``source="ses"``, warning
   ``ses-notification``) is read here too;
2. DSN fields standing in plain text before any returned message (broken MIME
   boundaries), with the warning ``dsn-in-text``;
3. the human-readable text of plain-text bounces: qmail, Postfix without DSN, Exim, old
   Sendmail, Exchange and Microsoft 365 NDRs, Gmail, Yahoo, Lotus/Domino, Novell
   GroupWise, Courier, MDaemon, SMTP32 and others, with ``source="text"``; the phrases
   each MTA writes are the rows of the format registry (registry/bounce-formats.yaml,
   listed by MTA in generated/docs/bounce-formats.md); failing those, the addresses of
   an X-Failed-Recipients field (Exim, Google Groups);
4. when that text names nobody, the DSN of a bounce that a gateway forwards whole as an
   attachment, with the warning ``dsn-in-attachment``;
5. failing all, the one To address of the returned message (an MMS gateway's "Message
   could not be delivered to mobile." names nobody else).

Plain text is read only when the headers say the message is a bounce (``is_bounce``: a
delivery-status part or ``multipart/report; report-type=delivery-status``, an
X-Failed-Recipients field, a sender such as MAILER-DAEMON, postmaster or "Mail Delivery
System", an empty sender, a subject such as "Undelivered Mail Returned to Sender",
"failure notice", "Undeliverable:", "Delivery Status Notification (Failure)", or a null
Return-Path or an Auto-Submitted field with a subject that mentions delivery or failure;
never an auto-reply such as "Out of office"), so an ordinary email that mentions 5.1.1
gives no recipients.

Status codes and retry advice (``BouncedRecipient``):

- ``status`` is the Status field as written (for text, the code the text gives);
- ``effective_status`` is the code to act on. A Status is often the reporting MTA's
  generic translation of what the receiving server said, which the Diagnostic-Code
  quotes. The rule: let D be the enhanced code at the start of an ``smtp``
  Diagnostic-Code (right after its reply code, RFC 3464 s2.3.6, RFC 2034 s4), or the
  reply the diagnostic quotes further on, of any diagnostic type (``X-Postfix; host ...
  said: 550 5.1.1``, ``smtp; 5.1.0 - Unknown address error 550-'5.7.1 ...'``). Nested
  replies: when a reply quotes another (``554 4.4.7 Message expired ... <421 4.4.2
  Connection timed out>``), the quoted one is what the receiving server said and wins
  (``smtp_reply`` in ``text.py`` states the whole rule). D wins over the Status S when D
  has S's class and says more (its detail is not 0, or S is X.0.0 and D's subject is not
  0: Status 5.0.0 with ``550 #5.1.0`` gives 5.1.0). When the classes differ
  (S 5.4.7 after 4.x.x replies, for instance) S wins: it is the reporting MTA's final
  verdict for this message. With no Status, D; with neither, X.0.0 of the reply code's
  class (RFC 3463 s3.1), else None. So Status 5.0.0 with ``smtp; 550 5.7.26 ...`` gives
  5.7.26; Status 4.4.7 with ``smtp; 451 4.2.2 ...`` gives 4.2.2; Status 5.1.1 with
  ``smtp; 550 5.0.0 ...`` stays 5.1.1;
- ``retry`` is one of ``RETRY_VERDICTS`` (typed ``smtp_status.Retry``, the vocabulary
  ``explain`` shares; see ``smtp_status.vocabulary``):

  - ``"no"``: a permanent failure (effective class 5, or Action failed with no code):
    resending as is will fail again (whether the address is bad is ``hard_bounce``, what
    to do about it ``advice``);
  - ``"yes"``: a transient failure (class 4) the reporting MTA gave up on: the address may
    be good, resending later may succeed;
  - ``"wait"``: Action delayed: the reporting MTA is still retrying; expect another report;
  - ``"done"``: delivered, relayed or expanded (class 2): nothing to retry;
  - ``"unknown"``: nothing says which (a text bounce with no code and no "permanent").

- ``permanent`` is True for ``"no"``, False for ``"yes"`` and ``"wait"``, None otherwise.

Why, and what to do about the address (``smtp_status.reasons``): ``reason`` (one of the ids
of registry/bounce-reasons.yaml, such as ``user-unknown``, ``mailbox-full`` or
``authentication``), ``hard_bounce`` (the address itself is bad), ``advice`` (``suppress``
only for a hard bounce; ``stop-mailing`` for a complaint; else ``retry``, ``fix-sending``,
``fix-message`` or ``none``) and
``reason_rule`` (the rule that decided). A permanent failure is not a bad address: a full
mailbox, an expired message, a spam or policy block, a DMARC failure or a blocked IP all
come with ``retry: "no"`` and a good address.

For text bounces whose text about a recipient has no code at all, ``effective_status`` is
inferred from a phrase ("no such user" 5.1.1, "unknown host" 5.1.2, "mailbox is full"
X.2.2, "account has been disabled" 5.2.1, "connection timed out" 4.4.1 ...: the status
rows of the format registry, registry/bounce-formats.yaml; class 4 when the bounce is a
delay or the cause may pass), ``status`` stays None and the recipient carries a
``status-inferred`` warning.

What each message is (``Bounce.kind``, one of ``BOUNCE_KINDS``, typed ``BounceKind``):
``failure`` (some recipient failed, or a bounce whose recipients were not found),
``delay`` (delays only), ``success`` (delivered, relayed or expanded), ``feedback`` (an
RFC 5965 feedback report: ``Bounce.feedback`` holds its fields, the reported recipients
are its recipients with retry ``"no"`` and source ``"feedback"``), ``auto-reply`` (RFC
3834 ``Auto-Submitted: auto-replied`` and the out-of-office shapes responders send),
``challenge`` (a challenge-response system), ``not-a-bounce``. An auto-reply's or a
challenge's recipient is the responder (source ``"headers"``, retry ``"done"`` or
``"unknown"``). ``Bounce.original`` is the returned message (``OriginalMessage``: its
Message-ID, Subject, From, To, Date and List-Id, and every field in ``headers``), from a
message/rfc822, message/global, text/rfc822-headers or message/global-headers part or the
header block quoted in the text, so a bounce can be matched to the message sent.

Per recipient, ``last_attempt`` falls back to the DSN's Arrival-Date, then to the bounce's
Date; ``remote_mta`` and ``smtp_command`` (``CONNECT``, ``EHLO``, ``MAIL``, ``RCPT``,
``DATA``, typed ``SmtpCommand``) come from the text where the report has no field for them
("host mx.example[192.0.2.50] said: ... (in reply to RCPT TO command)", "after end of
data"); a text bounce's ``reporting_mta`` is the host its text says wrote it.

Warnings (``DSNWarning``, each with a stable ``code``): the per-message ones of
``parse_dsn`` on ``Bounce.warnings`` and the per-group ones on each recipient, and these
of the reader itself, on ``Bounce.warnings``: ``empty-message``, ``not-a-message`` (no
header fields), ``unreadable-message`` (a Message that cannot be written out),
``broken-mime`` (a multipart without its boundaries), ``mime-too-deep`` and
``mime-too-many-parts`` (parts past the MIME reader's limits, 8 levels and 200 parts, were
not read), ``not-a-bounce``, ``dsn-in-text`` (DSN fields read from plain text),
``dsn-in-attachment`` (a gateway that forwards a whole DSN as an attachment and says
nothing itself), ``ses-notification``, ``recipient-from-returned-message`` (the text
names nobody; the one To of the returned message is the recipient), ``text-truncated``
(the human-readable part runs past ``text.LIMIT`` characters, one million; the warning
says how many were left unread), ``invalid-address`` (an address with a control, line
separator or format character, which no mailbox has: it is no recipient, see
``bounce.address``), ``no-recipients``, ``no-feedback-part`` (a feedback report without its
message/feedback-report part), ``no-reported-recipient`` (a feedback report that names
nobody); a feedback report also warns ``missing-field`` and ``repeated-field`` where it
breaks RFC 5965 s3.1-3.2.

Dates (``arrival_date``, ``last_attempt``, ``will_retry_until``) always carry a zone:
``-0000``, an unknown zone or none read as UTC (RFC 5322 s3.3, s4.3; see ``bounce.dates``).

``address`` is the address the sender used: a DSN's Original-Recipient when it is an
``rfc822`` or ``utf-8`` address and the Final-Recipient is not the same mailbox (an X.400
string, an alias, ``user@sims-ms-daemon``), else the Final-Recipient;
``original_recipient`` and ``final_recipient`` keep both as the DSN gives them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .mbox import iter_mbox, read_bounces, split_mbox
    from .reader import read_bounce
    from .types import (
        BOUNCE_KINDS,
        SMTP_COMMANDS,
        Bounce,
        BouncedRecipient,
        BounceKind,
        Feedback,
        HeaderFields,
        OriginalMessage,
        SmtpCommand,
    )
    from .verdict import RETRY_VERDICTS, effective_status, retry_verdict

__all__ = ["BOUNCE_KINDS", "RETRY_VERDICTS", "SMTP_COMMANDS", "Bounce", "BounceKind",
           "BouncedRecipient", "Feedback", "HeaderFields", "OriginalMessage", "SmtpCommand",
           "effective_status", "iter_mbox", "read_bounce", "read_bounces", "retry_verdict",
           "split_mbox"]

# Public name -> the module that defines it, imported on first access (PEP 562), so that
# smtp_status.dsn can use the MIME reader without loading the whole reader.
_HOMES = {
    "BOUNCE_KINDS": "types",
    "RETRY_VERDICTS": "verdict",
    "SMTP_COMMANDS": "types",
    "Bounce": "types",
    "BounceKind": "types",
    "BouncedRecipient": "types",
    "Feedback": "types",
    "HeaderFields": "types",
    "OriginalMessage": "types",
    "SmtpCommand": "types",
    "effective_status": "verdict",
    "iter_mbox": "mbox",
    "read_bounce": "reader",
    "read_bounces": "mbox",
    "retry_verdict": "verdict",
    "split_mbox": "mbox",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value: object = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
