"""smtp-status bounce [FILE ...]: who bounced, with which status, and whether to retry.

Reads each FILE as bytes (standard input when there is none, or for -): one message, an
mbox file (read a message at a time, so memory stays bounded), a Maildir or MH folder, or
a folder of any of these, walked in name order; gzip, bzip2 and xz files are decompressed
whatever their names. Prints a line per message, with its kind (failure, delay, success,
feedback, auto-reply, challenge, not-a-bounce) and the Message-ID of the message it
returns, and one per recipient. With --json, one JSON object per recipient and one for
each message that names none, so every message read leaves a record (JSON Lines;
smtp-status schema bounce prints their schema), and the summary goes to standard error.
--summary-json FILE writes the summary as one JSON object to FILE (- makes it the last
line of standard output; smtp-status schema bounce-summary). --jobs N reads with N
processes; the output is the same whatever N. On a terminal, standard error shows the
messages read, their rate and the time left.

Exit status: 0; 2 when an input cannot be read (one line on stderr for each, and the
others are still read); 1 when the output cannot be written (a full disk: one line on
stderr, nothing lost silently); 130 on Ctrl-C and 141 when the reader closes the pipe
(| head), both without a word.

What the bounce says is escaped wherever it is shown (addresses, actions, Reporting-MTA,
warnings, file names), as Python's repr escapes it, so no bounce can drive the terminal.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NamedTuple

from .._text import escape, json_text
from ..reasons import ADVICE, ADVICE_TEXT
from ..vocabulary import RETRY_TEXT, RETRY_VERDICTS
from .inputs import InputMessage, Unreadable, input_size, read_inputs
from .jobs import available_cores, in_order
from .progress import Progress
from .reader import read_bounce
from .types import BOUNCE_KINDS, Bounce, BouncedRecipient, status_meaning

if TYPE_CHECKING:
    # argparse names the subparsers type only privately.
    Subparsers = argparse._SubParsersAction[  # pyright: ignore[reportPrivateUsage]
        argparse.ArgumentParser]

__all__ = ["BOUNCE_HINT", "add_bounce_parser", "bounce_record", "json_file_name", "json_line",
           "looks_like_email", "main", "run_bounce", "write_all"]

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
        # The docstring is plain text (no markup), so --help shows it as it is.
        description="\n\n".join((__doc__ or "").split("\n\n")[1:3]),
        formatter_class=argparse.RawTextHelpFormatter)
    command.add_argument("files", nargs="*", metavar="FILE",
                         help="a message, an mbox, a Maildir or MH folder, a folder of them, "
                         "compressed or not; - or none: standard input")
    command.add_argument("--json", action="store_true",
                         help="print one JSON object per recipient, and one per message that "
                         "names none (smtp-status schema bounce)")
    command.add_argument("--summary-json", metavar="FILE",
                         help="write the summary as JSON to FILE (-: the last line of "
                         "standard output; smtp-status schema bounce-summary)")
    command.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                         help="read with N processes (default: the cores available); the "
                         "output is the same whatever N")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return value


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


def bounce_record(source: str, number: int, bounce: Bounce,
                  recipient: BouncedRecipient | None) -> dict[str, Any]:
    """The JSON object of one recipient (schema bounce): where it was read, the recipient's
    ``as_dict()`` and its message's fields, then the recipient's warnings; with
    ``recipient`` None, the object of a message that names no recipient: its recipient
    fields null and its message's warnings."""
    if recipient is None:
        fields: dict[str, Any] = dict.fromkeys(_RECIPIENT_FIELDS)
        warnings = [{"code": warning.code, "message": warning.message}
                    for warning in bounce.warnings]
    else:
        fields = recipient.as_dict()
        warnings = fields.pop("warnings")
    return {"file": json_file_name(source), "message": number, **fields,
            **bounce.message_fields(), "warnings": warnings}


# The fields of a record that describe its recipient (BouncedRecipient.as_dict() but its
# warnings), all null in a message's own record.
_RECIPIENT_FIELDS = ("address", "original_recipient", "final_recipient", "action", "status",
                     "effective_status", "meaning", "reply_code", "remote_mta",
                     "diagnostic_type", "diagnostic", "smtp_command", "last_attempt",
                     "will_retry_until", "permanent", "retry", "verdict_by", "reason",
                     "hard_bounce", "advice", "reason_rule", "vendor", "source")


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
        status = f"{effective} {status_meaning(effective)}"
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


# A batch crosses to a worker whole: enough messages to beat the cost of the crossing, few
# enough that the window of batches in flight stays small.
_BATCH_MESSAGES = 32
_BATCH_BYTES = 1 << 21


class _Batch(NamedTuple):
    messages: tuple[tuple[str, int, bytes], ...]
    as_json: bool
    consumed: int  # bytes of input read once its last message was


class _Rendered(NamedTuple):
    text: str
    tally: Counter[str]
    messages: int
    consumed: int


def run_bounce(arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str],
               stdin: BinaryIO | None = None) -> int:
    """Run ``bounce`` with parsed arguments; return the exit status."""
    names: list[str] = list(arguments.files) or ["-"]
    source = sys.stdin.buffer if stdin is None else stdin
    progress = Progress(stderr, lambda: input_size(names, source))
    jobs = arguments.jobs or available_cores()
    batches = _batches(read_inputs(names, source), arguments.json)
    failed = False
    tally: Counter[str] = Counter()
    try:
        for is_batch, item in in_order(batches, _render_batch, jobs):
            progress.clear()
            if is_batch:
                rendered: _Rendered = item
                write_all(stdout, rendered.text)
                tally.update(rendered.tally)
                progress.update(rendered.messages, rendered.consumed)
            else:
                unreadable: Unreadable = item
                stdout.flush()  # in order with the output, on a terminal that shows both
                write_all(stderr, f"smtp-status bounce: cannot read "
                          f"{escape(unreadable.source)}: {unreadable.reason}\n")
                failed = True
                tally["unreadable"] += 1
            progress.show()
    finally:
        progress.clear()
    if arguments.summary_json is not None:
        if not _write_summary(arguments.summary_json, summary_record(tally), stdout, stderr):
            return 2
    elif tally["messages"] > 1:
        write_all(stderr if arguments.json else stdout, _summary(tally) + "\n")
    return 2 if failed else 0


def summary_record(tally: Counter[str]) -> dict[str, Any]:
    """The summary as JSON-ready data (schema bounce-summary)."""
    return {"messages": tally["messages"], "bounces": tally["bounces"],
            "recipients": sum(tally["retry " + name] for name in RETRY_VERDICTS),
            "unreadable": tally["unreadable"],
            "by_kind": {name: tally["kind " + name] for name in BOUNCE_KINDS},
            "by_class": {name: tally["class " + name]
                         for name in ("2.X.X", "4.X.X", "5.X.X", "none")},
            "retry": {name: tally["retry " + name] for name in RETRY_VERDICTS}}


def _write_summary(name: str, record: dict[str, Any], stdout: IO[str], stderr: IO[str]) -> bool:
    if name == "-":
        write_all(stdout, json_line(record))
        return True
    try:
        with open(name, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(json_text(record, indent=2) + "\n")
    except OSError as error:
        write_all(stderr, f"smtp-status bounce: cannot write {escape(name)}: "
                  f"{error.strerror or error}\n")
        return False
    return True


def _batches(inputs: Iterable[InputMessage | Unreadable],
             as_json: bool) -> Iterator[tuple[bool, _Batch | Unreadable]]:
    batch: list[tuple[str, int, bytes]] = []
    size = consumed = 0
    for item in inputs:
        if isinstance(item, Unreadable):
            if batch:
                yield True, _Batch(tuple(batch), as_json, consumed)
                batch, size = [], 0
            yield False, item
            continue
        batch.append((item.source, item.number, item.data))
        size += len(item.data)
        consumed = item.consumed
        if len(batch) >= _BATCH_MESSAGES or size >= _BATCH_BYTES:
            yield True, _Batch(tuple(batch), as_json, consumed)
            batch, size = [], 0
    if batch:
        yield True, _Batch(tuple(batch), as_json, consumed)


def _render_batch(batch: _Batch) -> _Rendered:
    """Read and lay out each message of a batch (in a worker process, or here)."""
    texts: list[str] = []
    tally: Counter[str] = Counter()
    for name, number, data in batch.messages:
        bounce = read_bounce(data)
        tally["messages"] += 1
        tally["bounces"] += bounce.is_bounce
        tally["kind " + bounce.kind] += 1
        for recipient in bounce.recipients:
            effective = recipient.effective_status
            tally["class " + (f"{effective.status_class.value}.X.X" if effective else "none")] += 1
            tally["retry " + recipient.retry] += 1
            tally["advice " + recipient.advice] += 1
        texts.append(_message_text(name, number, bounce, batch.as_json))
    return _Rendered("".join(texts), tally, len(batch.messages), batch.consumed)


def _message_text(name: str, number: int, bounce: Bounce, as_json: bool) -> str:
    if as_json:
        return "".join(json_line(bounce_record(name, number, bounce, recipient))
                       for recipient in bounce.recipients or (None,))
    lines = [_message_line(name, number, bounce), *_original_line(bounce)]
    # The message line already says "not a bounce" or "no recipient found".
    lines += [f"  warning: {escape(str(warning))}" for warning in bounce.warnings
              if warning.code not in ("not-a-bounce", "no-recipients")]
    for recipient in bounce.recipients:
        lines.append(_recipient_line(recipient, bounce.kind))
        lines += [f"    warning: {escape(str(warning))}" for warning in recipient.warnings]
    return "\n".join(lines) + "\n"


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


def _summary(tally: Counter[str]) -> str:
    messages, bounces = tally["messages"], tally["bounces"]
    recipients = sum(count for key, count in tally.items() if key.startswith("retry "))
    by_class = ", ".join(f"{key[6:]} {tally[key]}" for key in sorted(tally)
                         if key.startswith("class ") and tally[key])
    by_verdict = ", ".join(f"{name} {tally['retry ' + name]}" for name in RETRY_VERDICTS
                           if tally["retry " + name])
    by_advice = ", ".join(f"{name} {tally['advice ' + name]}" for name in ADVICE
                          if tally["advice " + name])
    by_kind = ", ".join(f"{name} {tally['kind ' + name]}" for name in BOUNCE_KINDS
                        if tally["kind " + name])
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
