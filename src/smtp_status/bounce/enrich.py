"""What a message is and what it answers: ``Bounce.kind``, the feedback report, the
returned message, and per recipient the time, hosts and SMTP command the readers of the
ladder leave out.

The kind (``BOUNCE_KINDS``), decided in this order:

1. ``feedback``: an RFC 5965 report (``detect.is_feedback``), or an Amazon SES complaint
   notification; the ladder is not run, as a feedback loop's own headers may look like a
   bounce's;
2. the ladder's recipients, when it finds any: ``failure`` when one failed, else ``delay``
   when one is delayed, else ``success`` (delivered, relayed, expanded: RFC 3464 s2.3.3);
3. with no recipient and no delivery-status part, ``challenge`` or ``auto-reply``
   (``detect.automatic_kind``), the responder (From, else Return-Path) as the recipient,
   and, where the reply quotes nothing of the message it answers, that message's
   Message-ID from In-Reply-To (``original.form`` ``"in-reply-to"``);
4. else ``failure`` for a message that says it is a bounce, ``not-a-bounce`` for others.

Per recipient: ``last_attempt`` falls back to the DSN's Arrival-Date (RFC 3464 s2.2.5),
then to the bounce's own Date (RFC 5322 s3.6.1); ``remote_mta`` and ``smtp_command`` come
from the diagnostic text where the report has no field for them (``transcript``); a text
bounce's ``reporting_mta`` is the host its text says wrote it, else the host of its bottom
Received field where that says the bounce was made there.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from .._generated.reasons import ReasonId
from ..dsn import find_status_part
from ..vocabulary import Retry
from .dates import parse_date
from .detect import automatic_kind, is_feedback
from .feedback import bounce_from_feedback, bounce_from_ses_complaint, ses_complaint
from .mime import Part
from .original import read_original
from .text import human_text
from .transcript import generating_host, remote_host, reporting_host, smtp_command
from .types import Bounce, BouncedRecipient, BounceKind, HeaderFields, OriginalMessage

__all__ = ["describe", "with_kind_reasons"]

_PARAGRAPH_LIMIT = 2_000
_WINDOWS = 8
_TALKING_TO = "while talking to"
_TALKING = re.compile(_TALKING_TO)
_BLANK = re.compile(r"(?=\n\n)")
_NEWLINE = re.compile(r"\n")
# How much of an address keys its index (_TextAbout): its local part up to this many
# characters before the "@", and this many from the "@".
_LOCAL_KEY = 64
_DOMAIN_KEY = 8
# How many recipients of a text are read by plain scans before the index is built.
_RESCANNED = 4

_ADDRESS = re.compile(r"[^\s<>\"',;:()\[\]]+@[^\s<>\"',;:()\[\]]+")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_SILENCED = frozenset({"not-a-bounce", "no-recipients"})
# The retry verdict of a responder: an auto-reply says the message was delivered; a
# challenge holds it until the sender answers, which nothing here can say will happen.
_RESPONDER_RETRY: dict[str, Retry] = {"auto-reply": "done", "challenge": "unknown"}


def describe(root: Part | None, ladder: Callable[[], Bounce], text: Callable[[], str]) -> Bounce:
    """The Bounce of a parsed message: ``ladder`` reads its recipients, ``text`` gives its
    first text part decoded (see the module docstring)."""
    if root is None or not root.fields:
        return ladder()
    memo: dict[str, str] = {}

    def once() -> str:
        if "text" not in memo:
            memo["text"] = text()
        return memo["text"]

    def human() -> str:
        if "human" not in memo:
            memo["human"] = human_text(once())
        return memo["human"]

    complaint = (ses_complaint(once())
                 if not is_feedback(root) and _may_be_ses(root) else None)
    if complaint is not None:
        bounce, original = bounce_from_ses_complaint(complaint)
        kind: BounceKind = "feedback"
    elif is_feedback(root):
        original = read_original(root, once)
        bounce = bounce_from_feedback(root, original)
        kind = "feedback"
    else:
        bounce = ladder()
        kind = _kind(root, bounce)
        forwarded = any(warning.code == "dsn-in-attachment" for warning in bounce.warnings)
        original = None if kind == "not-a-bounce" else read_original(root, once, forwarded)
    recipients = bounce.recipients
    warnings = bounce.warnings
    if kind in _RESPONDER_RETRY:
        if not recipients:
            recipients = _responder(root, _RESPONDER_RETRY[kind])
            warnings = tuple(warning for warning in warnings if warning.code not in _SILENCED)
        original = original or _replied_to(root)
    reporting = bounce.reporting_mta
    if reporting is None and recipients and recipients[0].source == "text":
        received = [value for name, value in root.fields if name.lower() == "received"]
        reporting = reporting_host(human()) or (
            generating_host(received[-1]) if received else None)
    return bounce._replace(
        recipients=_with_session(recipients, bounce.arrival_date, root, human), kind=kind,
        original=original, reporting_mta=reporting, warnings=warnings)


def _may_be_ses(root: Part) -> bool:
    """Whether a text part starts like an Amazon SES notification (the cheap test first)."""
    return any(not part.children and part.content_type.startswith("text/")
               and b'"notificationType"' in part.prefix(4096) for part in root.walk())


def _kind(root: Part, bounce: Bounce) -> BounceKind:
    if bounce.recipients:
        states = {_state(recipient) for recipient in bounce.recipients}
        return "failure" if "failed" in states else "delay" if "delayed" in states else "success"
    if find_status_part(root) is None:
        automatic = automatic_kind(root)
        if automatic == "auto-reply":
            return "auto-reply"
        if automatic == "challenge":
            return "challenge"
    return "failure" if bounce.is_bounce else "not-a-bounce"


def _state(recipient: BouncedRecipient) -> str:
    action = recipient.action
    if action == "failed":
        return "failed"
    if action == "delayed" or (action is None and recipient.retry == "wait"):
        return "delayed"
    if action in ("delivered", "relayed", "expanded") or recipient.retry == "done":
        return "done"
    return "failed"


def _responder(root: Part, retry: Retry) -> tuple[BouncedRecipient, ...]:
    """The address that answered automatically: the From (RFC 3834 s3.1.1: a personal
    responder's From is an address of the recipient, often the one the message went to),
    else the Return-Path."""
    for name in ("from", "return-path"):
        found = _ADDRESS.search(root.get(name) or "")
        if found is not None:
            return (BouncedRecipient(found.group(0), None, None, None, None, None, None, None,
                                     None, None, None, None, retry, "headers", ()),)
    return ()


def _replied_to(root: Part) -> OriginalMessage | None:
    """The message a responder answers, by its In-Reply-To (RFC 3834 s3.1.6 and RFC 5322
    s3.6.4: the parent's Message-ID), when the reply quotes nothing of it."""
    found = _MESSAGE_ID.search(root.get("in-reply-to") or "")
    if found is None:
        return None
    return OriginalMessage(found.group(0), None, None, None, None, None, HeaderFields(),
                           "in-reply-to")


def _with_session(recipients: tuple[BouncedRecipient, ...],
                  arrival: datetime.datetime | None, root: Part,
                  human: Callable[[], str]) -> tuple[BouncedRecipient, ...]:
    dated: list[datetime.datetime | None] = []

    def fallback() -> datetime.datetime | None:
        # RFC 3464 s2.2.5 Arrival-Date, then RFC 5322 s3.6.1 Date (parsed once, if needed).
        if arrival is not None:
            return arrival
        if not dated:
            dated.append(parse_date(root.get("date")))
        return dated[0]

    result: list[BouncedRecipient] = []
    about_text: list[_TextAbout] = []
    for recipient in recipients:
        diagnostic = recipient.diagnostic or ""
        last = recipient.last_attempt if recipient.last_attempt is not None else fallback()
        remote = recipient.remote_mta or (remote_host(diagnostic) if diagnostic else None)
        command = recipient.smtp_command or (smtp_command(diagnostic) if diagnostic else None)
        if recipient.source in ("dsn", "text") and (remote is None or command is None):
            # A DSN has no field for the command, and its Diagnostic-Code often leaves out
            # the host: the human-readable part says them (Postfix: "host ... said: ...
            # (in reply to RCPT TO command)"); a text recipient's context may start below
            # the line that names the command (Exim: "SMTP error ... after RCPT TO:").
            if not about_text:
                about_text.append(_TextAbout(human(), human().lower()))
            about = about_text[0].about(recipient.address, len(recipients) == 1)
            remote = remote or (remote_host(about) if about else None)
            command = command or (smtp_command(about) if about else None)
        if (last, remote, command) != (recipient.last_attempt, recipient.remote_mta,
                                       recipient.smtp_command):
            recipient = recipient._replace(last_attempt=last, remote_mta=remote,
                                           smtp_command=command)
        result.append(recipient)
    return tuple(result)


def _rescanned(text: str, low: str, address: str, alone: bool) -> str:
    """``_TextAbout.about`` by scans of the whole text: cheaper than building the index
    for the few recipients of most bounces."""
    needle = address.lower()
    windows: list[str] = []
    position = low.find(needle) if needle else -1
    while position >= 0 and len(windows) < _WINDOWS:
        paragraph = text.rfind("\n\n", 0, position) + 2
        start = text.rfind("\n", 0, position) + 1
        talking = low.rfind(_TALKING_TO, max(paragraph - 2, 0), position)
        if talking >= 0:
            start = text.rfind("\n", 0, talking) + 1
        end = text.find("\n\n", position, position + _PARAGRAPH_LIMIT)
        windows.append(text[start:end if end >= 0 else position + _PARAGRAPH_LIMIT])
        position = low.find(needle, position + len(needle))
    if not windows:
        return text if alone else ""
    return "\n\n".join(windows)


class _TextAbout:
    """The text about each recipient (``about``), in time linear in the text whatever the
    number of recipients: the line breaks, blank lines and "while talking to" phrases are
    found once and searched by bisection, and an address by the few places where its local
    part and the start of its domain stand around an "@" (an index built once), instead of
    scanning the whole text again per recipient."""

    __slots__ = ("_asked", "_at_index", "_blanks", "_groups", "_low", "_newlines", "_talking",
                 "_text")

    def __init__(self, text: str, low: str) -> None:
        self._text = text
        self._low = low
        self._asked = 0
        # Built for the first recipient past _RESCANNED (most bounces have one or two).
        self._blanks: list[int] = []
        self._newlines: list[int] = []
        self._talking: list[int] = []
        self._groups: set[tuple[int, int]] = set()
        self._at_index: dict[tuple[int, int, str], list[int]] = {}

    def about(self, address: str, alone: bool) -> str:
        """From each line that names the address (or the "while talking to" line of its
        transcript just above) to the next blank line; the whole text for a lone recipient
        whose address it does not name (it may name an alias)."""
        self._asked += 1
        if self._asked <= _RESCANNED:
            return _rescanned(self._text, self._low, address, alone)
        if self._asked == _RESCANNED + 1:
            # Every i with text[i:i+2] == "\n\n" (overlapping, as str.find sees them).
            self._blanks = [found.start() for found in _BLANK.finditer(self._text)]
            self._newlines = [found.start() for found in _NEWLINE.finditer(self._text)]
            self._talking = [found.start() for found in _TALKING.finditer(self._low)]
        text = self._text
        needle = address.lower()
        windows: list[str] = []
        for position in self._occurrences(needle):
            if len(windows) >= _WINDOWS:
                break
            paragraph = self._last_blank_before(position) + 2
            start = self._last_newline_before(position) + 1
            talking = self._last_talking(max(paragraph - 2, 0), position)
            if talking >= 0:
                start = self._last_newline_before(talking) + 1
            end = self._first_blank(position, position + _PARAGRAPH_LIMIT)
            windows.append(text[start:end if end >= 0 else position + _PARAGRAPH_LIMIT])
        if not windows:
            return text if alone else ""
        return "\n\n".join(windows)

    def _occurrences(self, needle: str) -> Iterator[int]:
        """The positions ``low.find(needle, after the previous one)`` gives, in order."""
        low = self._low
        if not needle:
            return
        at = needle.find("@")
        if at < 0:
            position = low.find(needle)
            while position >= 0:
                yield position
                position = low.find(needle, position + len(needle))
            return
        local = min(at, _LOCAL_KEY)
        domain = min(len(needle) - at, _DOMAIN_KEY)
        key = (local, domain, needle[at - local:at + domain])
        if (local, domain) not in self._groups:
            self._index((local, domain))
        after = 0
        for sign in self._at_index.get(key, ()):
            start = sign - at
            if start >= after and low.startswith(needle, start):
                yield start
                after = start + len(needle)

    def _index(self, group: tuple[int, int]) -> None:
        """Index every "@" of the text by the ``local`` characters before it (no "@" among
        them, as a needle's local part has none) and the ``domain`` characters from it."""
        self._groups.add(group)
        local, domain = group
        low = self._low
        size = len(low)
        index = self._at_index
        previous = -1
        sign = low.find("@")
        while sign >= 0:
            if sign - previous - 1 >= local and sign + domain <= size:
                index.setdefault((local, domain, low[sign - local:sign + domain]),
                                 []).append(sign)
            previous = sign
            sign = low.find("@", sign + 1)

    def _last_blank_before(self, position: int) -> int:
        # text.rfind("\n\n", 0, position)
        index = bisect_right(self._blanks, position - 2) - 1
        return self._blanks[index] if index >= 0 else -1

    def _last_newline_before(self, position: int) -> int:
        # text.rfind("\n", 0, position)
        index = bisect_left(self._newlines, position) - 1
        return self._newlines[index] if index >= 0 else -1

    def _last_talking(self, start: int, end: int) -> int:
        # low.rfind("while talking to", start, end)
        index = bisect_right(self._talking, end - len(_TALKING_TO)) - 1
        found = self._talking[index] if index >= 0 else -1
        return found if found >= start else -1

    def _first_blank(self, start: int, end: int) -> int:
        # text.find("\n\n", start, end)
        index = bisect_left(self._blanks, start)
        if index < len(self._blanks) and self._blanks[index] + 2 <= end:
            return self._blanks[index]
        return -1


# The reason of a recipient that is no delivery failure, by what read it: the rules of
# registry/bounce-reasons.yaml read a status and a text, which these recipients have not.
_KIND_REASONS: dict[tuple[str, str], ReasonId] = {
    ("feedback", "feedback"): "feedback", ("headers", "auto-reply"): "auto-reply"}


def with_kind_reasons(bounce: Bounce) -> Bounce:
    """A feedback report's recipients with the reason ``feedback``, an auto-reply's
    responder with ``auto-reply``, each with the hardness and advice the reasons registry
    gives that reason and the rule ``kind:KIND``; other recipients as they are."""
    recipients = bounce.recipients
    if not any((recipient.source, bounce.kind) in _KIND_REASONS for recipient in recipients):
        return bounce
    from .._generated.reasons import REASONS
    from ..reasons import ADVICE

    rows = {row["id"]: row for row in REASONS}
    changed: list[BouncedRecipient] = []
    for recipient in recipients:
        reason = _KIND_REASONS.get((recipient.source, bounce.kind))
        if reason is not None:
            row = rows[reason]
            recipient = recipient._replace(
                reason=reason, hard_bounce=bool(row["hard"]),
                advice=next(known for known in ADVICE if known == row["advice"]),
                reason_rule=f"kind:{bounce.kind}")
        changed.append(recipient)
    return bounce._replace(recipients=tuple(changed))
