"""Kinds and returned messages: ours against the corpus.

The figures:
- kinds: every ``arf-*`` email (and any sisimai reads as feedback) must read as ``feedback``
  ``rfc3834-*`` as ``auto-reply``, ``is-not-bounce-01.eml`` as ``not-a-bounce``, and every
  other email (all of them bounces that sisimai reads a failure from) as ``failure``;
- returned message: of the bounces and reports (auto-replies and the ordinary email left
  out), those that carry a returned message or its header fields, as the raw bytes show
  it (a message/rfc822, message/global, text/rfc822-headers or message/global-headers
  part, or a Message-ID field below the bounce's own header), and of those, the share
  whose ``original`` is read and whose ``original.message_id`` is found. Where the bytes
  hold a Message-ID field below the outer header, ours must equal the first one's value;
- per recipient: the share with a last_attempt, a remote_mta and an smtp_command.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from smtp_status.bounce import Bounce, read_bounce

from .corpus import Email, emails

_RETURNED_TYPE = re.compile(rb"(?im)^[ \t]*content-type:[ \t]*(?:message/(?:rfc822|global|"
                            rb"global-headers)|text/rfc822-headers)\b")
_MESSAGE_ID = re.compile(rb"(?im)^[ \t>]*message-id:[ \t]*(\S[^\r\n]*)")
_ANGLE = re.compile(rb"<[^<>\s]+>")
_DELAYED = re.compile(rb"(?im)^(?:action:[ \t]*delayed|subject:[^\n]*(?:delay|warning))")


def expected_kinds(email: Email, data: bytes) -> tuple[str, ...]:
    """The kinds the corpus allows for an email (see the module docstring)."""
    reasons = {item.reason for item in email.recipients}
    if email.family == "arf" or "feedback" in reasons:
        return ("feedback",)
    if email.family == "rfc3834" or "vacation" in reasons:
        return ("auto-reply",)
    if not email.recipients:
        return ("not-a-bounce",)
    if reasons == {"delivered"}:
        return ("success",)
    # sisimai reads a delay notice as a failure (expired, ...): ours is a delay where the
    # bytes say so.
    if _DELAYED.search(data):
        return ("failure", "delay")
    return ("failure",)


def body_of(data: bytes) -> bytes:
    """The bytes below the outer header block, quoted-printable soft line breaks joined."""
    data = data.replace(b"\r\n", b"\n")
    end = data.find(b"\n\n")
    return b"" if end < 0 else data[end + 2:].replace(b"=\n", b"")


def carried_message_ids(data: bytes) -> list[str]:
    """Every Message-ID below the outer header, as the bytes write it (angle brackets
    kept when there are any)."""
    found: list[str] = []
    for match in _MESSAGE_ID.finditer(body_of(data)):
        value = match.group(1).strip()
        bracketed = _ANGLE.search(value)
        found.append((bracketed.group(0) if bracketed else value).decode("utf-8", "replace"))
    return found


@dataclass
class Tally:
    """The counts of the whole corpus."""

    emails: int = 0
    kinds_right: int = 0
    feedback_typed: int = 0
    feedback: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    carrying: int = 0
    original_read: int = 0
    message_id_found: int = 0
    with_id_in_bytes: int = 0
    message_id_equal: int = 0
    recipients: int = 0
    last_attempt: int = 0
    remote_mta: int = 0
    smtp_command: int = 0
    misses: list[str] = field(default_factory=list)


def tally() -> Tally:
    total = Tally()
    for email in emails():
        data = email.read()
        bounce = read_bounce(data)
        _count(total, email, data, bounce)
    return total


def _count(total: Tally, email: Email, data: bytes, bounce: Bounce) -> None:
    total.emails += 1
    total.by_kind[bounce.kind] += 1
    expected = expected_kinds(email, data)
    if bounce.kind in expected:
        total.kinds_right += 1
    else:
        total.misses.append(f"{email.name}: kind {bounce.kind}, expected "
                            f"{' or '.join(expected)}")
    if expected == ("feedback",):
        total.feedback += 1
        if bounce.feedback is not None and bounce.feedback.feedback_type:
            total.feedback_typed += 1
        else:
            total.misses.append(f"{email.name}: no feedback type")
    for recipient in bounce.recipients:
        total.recipients += 1
        total.last_attempt += recipient.last_attempt is not None
        total.remote_mta += recipient.remote_mta is not None
        total.smtp_command += recipient.smtp_command is not None
    if expected in (("auto-reply",), ("not-a-bounce",)):
        return
    in_bytes = carried_message_ids(data)
    if _RETURNED_TYPE.search(body_of(data)) is None and not in_bytes:
        return
    total.carrying += 1
    original = bounce.original
    if original is None:
        total.misses.append(f"{email.name}: carries a returned message, none read")
        return
    total.original_read += 1
    if original.message_id is not None:
        total.message_id_found += 1
    if in_bytes:
        total.with_id_in_bytes += 1
        if original.message_id in in_bytes:
            total.message_id_equal += 1
        else:
            total.misses.append(f"{email.name}: message_id {original.message_id!r}, the "
                                f"bytes say {in_bytes!r}")
    elif original.message_id is None:
        total.misses.append(f"{email.name}: returned message without a Message-ID")


def _share(right: int, out_of: int) -> str:
    return f"{right}/{out_of} ({100 * right / out_of:.1f}%)" if out_of else "-"


def report() -> list[str]:
    total = tally()
    kinds = ", ".join(f"{name} {count}" for name, count in sorted(total.by_kind.items()))
    return [
        "# kinds: what each message is, and the message it returns",
        f"emails: {total.emails}; kind right: {_share(total.kinds_right, total.emails)} "
        f"({kinds}); feedback reports with their type: "
        f"{_share(total.feedback_typed, total.feedback)}",
        f"returned message or its headers carried: {total.carrying} of the bounces and "
        f"reports; read: {_share(total.original_read, total.carrying)}; with "
        f"original.message_id: {_share(total.message_id_found, total.carrying)}; of those whose "
        f"bytes hold a Message-ID below the bounce's header, found and equal to one of them: "
        f"{_share(total.message_id_equal, total.with_id_in_bytes)}",
        f"recipients: {total.recipients}; with last_attempt: "
        f"{_share(total.last_attempt, total.recipients)}; remote_mta: "
        f"{_share(total.remote_mta, total.recipients)}; smtp_command: "
        f"{_share(total.smtp_command, total.recipients)}",
        "", "misses:", *(f"  {miss}" for miss in total.misses)]
