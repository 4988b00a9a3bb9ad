"""``smtp-status bounce [FILE ...]``: who bounced, with which status, and whether to retry.

Reads each FILE (standard input when none) as bytes: one message, or an mbox file of many.
Prints each message's kind (failure, delay, success, feedback, auto-reply, challenge,
not-a-bounce) and the Message-ID of the message it returns, then one line per recipient
(``--json``: one JSON object per recipient, and one for each message that names none, so
every message read leaves a record; schema/output/bounce.schema.json describes them). Given
several messages it ends with a summary: counts by kind, by class and by retry verdict;
given several files on a terminal it shows a progress bar on standard error. Exit status:
0, or 2 when an input cannot be read (one line on stderr for each, the others are still
read); 1 when the output cannot be written (a full disk: one line on stderr, nothing lost
silently); 130 on Ctrl-C and 141 when the reader closes the pipe (| head), both without a
word.

What the bounce says is escaped wherever it is shown (addresses, actions, Reporting-MTA,
warnings, file names), as Python's repr escapes it, so no bounce can drive the terminal.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from .._text import escape, json_text
from ..enums import EnhancedCode
from ..reasons import ADVICE, ADVICE_TEXT
from ..status import StatusCode
from .mbox import read_bounces
from .types import BOUNCE_KINDS, Bounce, BouncedRecipient, Feedback, OriginalMessage

if TYPE_CHECKING:
    # argparse names the subparsers type only privately.
    Subparsers = argparse._SubParsersAction[  # pyright: ignore[reportPrivateUsage]
        argparse.ArgumentParser]

__all__ = ["BOUNCE_HINT", "add_bounce_parser", "bounce_record", "json_file_name", "json_line",
           "looks_like_email", "main", "run_bounce", "write_all"]

RETRY_TEXT = {
    "no": "permanent failure",
    "yes": "transient failure: resending later may succeed",
    "wait": "delayed: the reporting MTA is still trying",
    "done": "delivered, relayed or expanded: nothing to retry",
    "unknown": "the report does not say",
}
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
_KNOWN_HEADERS = (b"from", b"to", b"subject", b"date", b"received", b"return-path",
                  b"message-id", b"mime-version", b"delivered-to", b"content-type",
                  b"x-failed-recipients", b"auto-submitted")


#: What ``explain`` can say when its standard input looks like an email.
BOUNCE_HINT = ("this looks like an email, not an SMTP reply: read it with "
               "smtp-status bounce")


def add_bounce_parser(subparsers: Subparsers) -> None:
    """Add the ``bounce`` subcommand to an argparse subparsers object."""
    command = subparsers.add_parser(
        "bounce", help="read bounce emails (DSNs and plain-text bounces), per recipient",
        description=(__doc__ or "").split("\n\n")[1], formatter_class=argparse.RawTextHelpFormatter)
    command.add_argument("files", nargs="*", metavar="FILE",
                         help="a message or an mbox file; standard input when none")
    command.add_argument("--json", action="store_true",
                         help="print one JSON object per recipient, and one per message that "
                         "names none (schema/output/bounce.schema.json)")


def looks_like_email(data: bytes) -> bool:
    """Whether ``data`` starts like an email (an mbox "From " line or header fields), not
    like an SMTP reply or a status code."""
    head = data.lstrip()[:4096].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From ") and len(lines) > 1:
        lines = lines[1:]
    fields = 0
    known = False
    for line in lines[:20]:
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        fields += 1
        known = known or line[:match.end() - 1].strip().lower() in _KNOWN_HEADERS
    return fields >= 2 and known


def _meaning(status: StatusCode | None) -> str | None:
    if status is None:
        return None
    meaning = status.meaning
    if isinstance(meaning, EnhancedCode):
        return meaning.sample_text or meaning.name
    return str(meaning.summary)


def _date(value: datetime.datetime | None) -> str | None:
    """RFC 3339 with a zone, always: the reader's dates carry one; a naive datetime (from a
    caller's Bounce) is taken as UTC, as RFC 5322 s4.3 reads a date without a known zone."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.isoformat()


def bounce_record(source: str, number: int, bounce: Bounce,
                  recipient: BouncedRecipient | None) -> dict[str, Any]:
    """The JSON object of one recipient (schema/output/bounce.schema.json); with ``recipient``
    None, the object of a message that names no recipient: its recipient fields null and
    its message's warnings."""
    per_message = {
        "kind": bounce.kind,
        "reporting_mta": bounce.reporting_mta,
        "arrival_date": _date(bounce.arrival_date),
        "original_envelope_id": bounce.original_envelope_id,
        "original": original_record(bounce.original),
        "feedback": feedback_record(bounce.feedback),
    }
    if recipient is None:
        return {"file": json_file_name(source), "message": number,
                **dict.fromkeys(_RECIPIENT_FIELDS), **per_message,
                "warnings": _warnings(bounce.warnings)}
    effective = recipient.effective_status
    return {
        "file": json_file_name(source),
        "message": number,
        "address": recipient.address,
        "original_recipient": recipient.original_recipient,
        "action": recipient.action,
        "status": None if recipient.status is None else str(recipient.status),
        "effective_status": None if effective is None else str(effective),
        "meaning": _meaning(effective),
        "reply_code": recipient.reply_code,
        "remote_mta": recipient.remote_mta,
        "diagnostic_type": recipient.diagnostic_type,
        "diagnostic": recipient.diagnostic,
        "smtp_command": recipient.smtp_command,
        "last_attempt": _date(recipient.last_attempt),
        "will_retry_until": _date(recipient.will_retry_until),
        "permanent": recipient.permanent,
        "retry": recipient.retry,
        "verdict_by": recipient.verdict_by,
        "reason": recipient.reason,
        "hard_bounce": recipient.hard_bounce,
        "advice": recipient.advice,
        "reason_rule": recipient.reason_rule,
        "vendor": None if recipient.vendor is None else recipient.vendor.as_json(),
        "source": recipient.source,
        **per_message,
        "warnings": _warnings(recipient.warnings),
    }


# The fields of a record that describe its recipient, all null in a message's own record.
_RECIPIENT_FIELDS = ("address", "original_recipient", "action", "status", "effective_status",
                     "meaning", "reply_code", "remote_mta", "diagnostic_type", "diagnostic",
                     "smtp_command", "last_attempt", "will_retry_until", "permanent", "retry",
                     "verdict_by", "reason", "hard_bounce", "advice", "reason_rule", "vendor",
                     "source")


def _warnings(warnings: Sequence[Any]) -> list[dict[str, str]]:
    return [{"code": warning.code, "message": warning.message} for warning in warnings]


def original_record(original: OriginalMessage | None) -> dict[str, Any] | None:
    """The JSON object of a returned message: its named fields, then every field in order."""
    if original is None:
        return None
    return {"message_id": original.message_id, "subject": original.subject,
            "from": original.from_, "to": original.to, "date": _date(original.date),
            "list_id": original.list_id, "form": original.form,
            "headers": [[name, value] for name, value in original.headers.fields]}


def feedback_record(feedback: Feedback | None) -> dict[str, Any] | None:
    """The JSON object of a feedback report: the RFC 5965 s3.1-3.2 fields."""
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


def json_file_name(name: str) -> str:
    """A file name for JSON: as given, or escaped as the text output shows it when it holds
    bytes that are not UTF-8 (which no JSON string can carry)."""
    if any(0xD800 <= ord(char) <= 0xDFFF for char in name):
        return escape(name)
    return name


def _recipient_line(recipient: BouncedRecipient, kind: str) -> str:
    address = escape(recipient.address)
    if recipient.source == "feedback":
        return (f"  {address}: reported the message (a feedback report), "
                f"retry: {recipient.retry} (stop mailing the address)")
    if recipient.source == "headers" and kind == "challenge":
        return (f"  {address}: asks the sender to prove it is a person (challenge-response), "
                f"retry: {recipient.retry} (the message waits for the answer)")
    if recipient.source == "headers":
        return (f"  {address}: answered automatically (the message arrived), "
                f"retry: {recipient.retry} (nothing to retry)")
    effective = recipient.effective_status
    vendor = recipient.vendor
    if effective is None:
        status = "no status"
    elif vendor is not None and vendor.differs_from_iana is not None:
        # IANA's title would mislead (Exchange's 5.1.10 is no null MX): say whose it is.
        status = f"{effective} ({vendor.provider_name}'s meaning, not IANA's)"
    else:
        status = f"{effective} {_meaning(effective)}"
        if recipient.status is not None and recipient.status != effective:
            status += f" (Status says {recipient.status})"
    # Input is escaped wherever it is shown: a hostile bounce must not drive the terminal.
    action = escape(recipient.action) if recipient.action else "no action"
    parts = [f"  {address}: {action}, {status}"]
    if recipient.reply_code is not None:
        parts.append(f"reply {recipient.reply_code}")
    parts.append(f"retry: {recipient.retry} ({RETRY_TEXT[recipient.retry]})")
    line = ", ".join(parts) + (
        f"\n    reason: {recipient.reason} (rule {recipient.reason_rule}); advice: "
        f"{ADVICE_TEXT[recipient.advice]}")
    if vendor is None:
        return line
    said = (f"\n    {vendor.provider_name} {vendor.code}: {vendor.meaning}"
            f"{' (permanent)' if vendor.permanent else ' (transient)'}")
    if vendor.differs_from_iana is not None:
        said += f"\n    differs from IANA's meaning: {vendor.differs_from_iana}"
    if recipient.verdict_by == "vendor":
        said += f"\n    retry verdict by {vendor.provider_name}'s word"
    return line + said + f"\n    source: {vendor.citation}"


def _message_line(source: str, number: int, bounce: Bounce) -> str:
    name = escape(source)
    name = f"{name} message {number}" if number > 1 or source == "-" else name
    kind: str = bounce.kind
    feedback = bounce.feedback
    if feedback is not None and feedback.feedback_type:
        kind += f" ({escape(feedback.feedback_type)}"
        kind += f" from {escape(feedback.user_agent)})" if feedback.user_agent else ")"
    if not bounce.recipients:
        if bounce.kind == "not-a-bounce":
            return f"{name}: not-a-bounce"
        return f"{name}: {kind}, no recipient found"
    count = len(bounce.recipients)
    described = f"{kind}, {count} recipient{'s' if count > 1 else ''}, read from the "
    source_of = bounce.recipients[0].source
    if source_of == "dsn":
        described += "DSN" + (f" of {escape(bounce.reporting_mta)}" if bounce.reporting_mta
                               else "")
    elif source_of == "feedback":
        described += "feedback report"
    else:
        described += source_of
    return f"{name}: {described}"


def _original_line(bounce: Bounce) -> list[str]:
    original = bounce.original
    if original is None:
        return []
    message_id = escape(original.message_id) if original.message_id else "no Message-ID"
    if original.form == "in-reply-to":
        return [f"  original message: {message_id} (by its In-Reply-To)"]
    return [f"  original message: {message_id}"
            + (f", subject {original.subject!r}" if original.subject else "")]


class _Progress:
    def __init__(self, stream: IO[str], total: int) -> None:
        self.stream = stream
        self.total = total
        self.enabled = total > 1 and stream.isatty()

    def show(self, done: int) -> None:
        if self.enabled:
            width = 30
            filled = width * done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 50 + "\r")
            self.stream.flush()


def run_bounce(arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``bounce`` with parsed arguments; return the exit status."""
    files: list[str] = list(arguments.files) or ["-"]
    progress = _Progress(stderr, len(files))
    failed = False
    messages = bounces = 0
    classes: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    advice: Counter[str] = Counter()
    for done, name in enumerate(files, 1):
        try:
            data = _read(name)
        except OSError as error:
            progress.close()
            reason = error.strerror or str(error)
            stderr.write(f"smtp-status bounce: cannot read {escape(name)}: {reason}\n")
            failed = True
            continue
        for number, bounce in enumerate(read_bounces(data), 1):
            messages += 1
            bounces += bounce.is_bounce
            kinds[bounce.kind] += 1
            for recipient in bounce.recipients:
                effective = recipient.effective_status
                classes[str(effective.status_class.value) + ".X.X" if effective else "none"] += 1
                verdicts[recipient.retry] += 1
                advice[recipient.advice] += 1
            if progress.enabled:
                progress.close()
            _write(stdout, name, number, bounce, arguments.json)
        progress.show(done)
    progress.close()
    if messages > 1:
        summary = _summary(messages, bounces, kinds, classes, verdicts, advice)
        write_all(stderr if arguments.json else stdout, summary + "\n")
    return 2 if failed else 0


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    with open(name, "rb") as stream:
        return stream.read()


def _write(stdout: IO[str], name: str, number: int, bounce: Bounce, as_json: bool) -> None:
    if as_json:
        for recipient in bounce.recipients or (None,):
            write_all(stdout, json_line(bounce_record(name, number, bounce, recipient)))
        return
    lines = [_message_line(name, number, bounce), *_original_line(bounce)]
    # The message line already says "not a bounce" or "no recipient found".
    lines += [f"  warning: {escape(str(warning))}" for warning in bounce.warnings
              if warning.code not in ("not-a-bounce", "no-recipients")]
    for recipient in bounce.recipients:
        lines.append(_recipient_line(recipient, bounce.kind))
        lines += [f"    warning: {escape(str(warning))}" for warning in recipient.warnings]
    write_all(stdout, "\n".join(lines) + "\n")


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record, every character that is not printable as a \\u escape (see
    ``_text.json_text``): any line splitter reads one record a line."""
    return json_text(record) + "\n"


def write_all(stream: IO[str], text: str) -> None:
    """Write all of ``text``: a stream that takes only part (a raw stream on a full disk)
    is given the rest, and one that takes nothing raises OSError, never a silent loss."""
    while text:
        # Buffered streams take it all; some file-like objects return None for that.
        written: object = stream.write(text)
        if not isinstance(written, int) or written >= len(text):
            return
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        text = text[written:]


def _summary(messages: int, bounces: int, kinds: Counter[str], classes: Counter[str],
             verdicts: Counter[str], advice: Counter[str]) -> str:
    recipients = sum(verdicts.values())
    by_kind = ", ".join(f"{name} {kinds[name]}" for name in BOUNCE_KINDS if kinds[name])
    by_class = ", ".join(f"{name} {classes[name]}" for name in sorted(classes))
    by_verdict = ", ".join(f"{name} {verdicts[name]}" for name in
                           ("no", "yes", "wait", "done", "unknown") if verdicts[name])
    by_advice = ", ".join(f"{name} {advice[name]}" for name in ADVICE if advice[name])
    return (f"summary: {messages} messages, {bounces} bounces, {recipients} recipients; "
            f"by kind: {by_kind}; by class: {by_class or 'none'}; "
            f"retry: {by_verdict or 'none'}; advice: {by_advice or 'none'}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m smtp_status.bounce.command bounce ...``: the same command as
    ``smtp-status bounce``, with its handling of closed pipes, full disks and Ctrl-C."""
    from ..__main__ import main as command_line

    return command_line(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
