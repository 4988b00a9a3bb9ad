"""Recipients of plain-text bounces: the human-readable part of qmail, Postfix, Exim,
Sendmail, Exchange, Gmail, Yahoo and other MTAs' reports. Private to ``bounce``.

The phrases each MTA writes come from the format registry (registry/bounce-formats.yaml,
generated into ``smtp_status._generated.bounce_formats``), by role: where the returned
message starts, what opens a recipient list, what labels an address or a reply code, what
says delayed or permanent. Their alternations are compiled on first use, not at import.

The text is first cut where the returned message starts (qmail's "--- Below this line is
a copy of the message.", Exim's "------ This is a copy of the message", Sendmail's
"----- Original message follows -----" and the like), so a huge returned message is never
scanned; the human-readable part left is read to its end up to ``LIMIT`` characters (a
recipient list of 10,000 addresses is read whole), and past that the reader says how much
it left unread. Recipients are then found, in order of appearance, by:

1. ``<address>:`` opening a paragraph (qmail, Postfix without DSN, Yahoo, Courier), the
   paragraph being the diagnostic; failing that, ``address:`` opening a line (Exim);
2. failing that, all of these together:

   - an address on its own line (or "address (address)", "address on date", "> address",
     Exchange's X.400 "...;dda:SMTP=address") in the paragraph after an opening phrase
     such as "The following addresses failed:", "Delivery has failed to these recipients
     or groups:", "The following addresses had permanent fatal errors" (Exim, Exchange,
     Gmail, Sendmail, GroupWise, MDaemon, Domino); AOL's bare screen names get the
     sender's domain; a bounce from an MTA whose recipient lists name bare local names
     (the bare-name-domain rows of the format registry: Yale's "userx    No matches to
     nameserver query") gets, for each such name, a recipient at each of the domains
     its rows list (``bare_name_domains``): the bounce does not say which one was meant;
   - a labelled address: "Intended recipient:", "Undeliverable Address:", "Failed
     Recipient:", "Your message to ADDRESS couldn't be delivered", "Could not be
     delivered to: <ADDRESS>", and so on; "RCPT TO:<ADDRESS>" of an SMTP transcript when
     a 4xx or 5xx reply answers it, or answers the DATA that follows (Postfix's "errors
     from" notices);
   - addresses on lines that say what went wrong ("unknown", "does not exist", "mailbox
     full", "rejected" ...);

3. failing that, "To: address" lines (Yahoo's "the following message" then its headers);
4. failing all, the addresses of the bounce's X-Failed-Recipients field, then the one
   address the reader passes from the returned message.

The text about each recipient (its reply, its codes) runs from the line it stands on to
the line of the next recipient, so every line is read for one recipient at most.
"(expanded from <address>)" and "(generated from address)" give the original recipient.
The sender's own addresses (the bounce's To, From, Reply-To, Return-Path) are never
recipients unless an opening phrase lists them or X-Failed-Recipients names them (a
message sent to oneself), nor are postmaster and daemon addresses except where the text
lists them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from .._generated import bounce_formats
from .._trie import trie_pattern
from ..vocabulary import Action

__all__ = ["LIMIT", "TextRecipient", "human_text", "read_text_bounce", "replies_about",
           "reply_lines", "smtp_reply"]

# The most of a human-readable part read for recipients, in characters.
LIMIT = 1_000_000
# An address as bounces write it: RFC 5322 s3.4.1 dot-atom local parts, RFC 6531 UTF-8
# (any non-ASCII character). Each class is written as "not one of the ASCII characters an
# address cannot hold": a class spanning \u0080-\U0010ffff makes sre build a 65k-entry
# charmap in Python at compile time (13-42 ms each), a negated ASCII class costs nothing.
# tests/test_bounce_address_classes.py proves each equal to its positive form over every
# code point, with and without IGNORECASE.
_LOCAL_CHAR = r"[^\x00-\x20\"(),:;<>@\[\\\]\x7f]"  # not a control, space or "(),:;<>@[\]
_DOMAIN_CHAR = r"[^\x00-\x2c/;-@\\^-`{-\x7f]"  # letters, digits, "-.[]:", non-ASCII
_DOMAIN_END = r"[^\x00-\x2f:-@\[\\^-`{-\x7f]"  # letters, digits, "]", non-ASCII
_ADDRESS = _LOCAL_CHAR + r"+@" + _DOMAIN_CHAR + r"+" + _DOMAIN_END
# A local name written without its domain (AOL's screen names, Yale's directory names):
# 2 to 64 characters, ending in no "." (a one-word sentence "Sorry." is no name).
_BARE_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_-]"
_HEADER_WORDS = ("from:", "to:", "cc:", "reply-to:", "sender:", "mail from", "return-path",
                 "message-id")
_NON_BLANK = re.compile(r"\S")
# How far the text about a recipient reaches when the next recipient is on its line.
_SAME_LINE = 400
# A Sendmail result line: "554 <user@example.org>... 550 Host unknown" (a reply code, an
# optional enhanced code, the address in or out of angle brackets, then "... ").
# The local part holds no "@", so there is one place to split at: linear on any line.
_RESULT_LINE = re.compile(r"[245][0-9][0-9][ -](?:[245]\.[0-9]{1,3}\.[0-9]{1,3} )?"
                          r"<?[^\s<>@]+@[^\s<>]+>?\.\.\. ")
# Replies that are no verdict on a recipient: a greeting, a goodbye, "start mail input".
_NOT_VERDICTS = frozenset({220, 221, 354})


# The table ascii_lower applies (tests compare with it).
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """``text`` with its ASCII letters lower-cased and every other character as it is (as
    ``str.translate`` with an A-Z table gives it, without the dict look-up per character
    that translate falls back to on the first non-ASCII character: UTF-8 keeps non-ASCII
    characters in bytes >= 0x80, which ``bytes.lower`` leaves alone)."""
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _either(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(phrases) + ")"


def _phrases(role: str) -> list[str]:
    """The literal phrases of one role of the format registry."""
    return [row["phrase"] for row in bounce_formats.FORMATS if row["role"] == role]


class _Patterns:
    """Every pattern of the text reader, compiled once, on first use (``_patterns``)."""

    def __init__(self) -> None:
        formats = bounce_formats
        multiline = re.MULTILINE
        # A line that opens with a phrase of the returned message's start, after marks of
        # one prefix class (no nested quantifiers over "-", so a long line of dashes costs
        # linear time). It opens with the line break before it, a literal the regex
        # engine skips to in C ("^" is tried at every position), and its phrases are a
        # trie: the line found is the same, and only where it starts is used.
        self.returned = re.compile(r"\n[ \t|>*=-]*" + trie_pattern(_phrases("returned")))
        # Starting only where a run of address characters starts keeps finditer linear.
        self.any_address = re.compile(r"(?<!" + _LOCAL_CHAR + r")" + _ADDRESS)
        self.angle_paragraph = re.compile(
            r"^[ \t]*<(" + _ADDRESS + r")>(?:[ \t]*\((?:expanded from|generated from)"
            r"[^)]*\))?[ \t]*:?[ \t]*(.*)$", multiline)
        self.colon_line = re.compile(r"^[ \t]*(" + _ADDRESS + r")[ \t]*:(?:[ \t]+(.*))?$",
                                     multiline)
        # These four phrase lists as tries (smtp_status._trie), from the registry's literal
        # phrases: the same starts as the plain alternations, several times fewer steps,
        # and which phrase matched changes nothing, since each match here runs on to the
        # end of its line or is only tested for.
        self.openers = re.compile(trie_pattern(_phrases("recipients-follow")) + r"[^\n]*")
        # A label starts a word, then ":" or white space (or its own "=" or ":") before
        # the address; "RCPT TO:<address>" is the SMTP command (RFC 5321 s4.1.1.3).
        self.labels = re.compile(
            r"(?<![a-z0-9_.-])" + _either(formats.ADDRESS_LABEL)
            + r"(?:[ \t]*:[ \t]*|[ \t]+|(?<=[=:]))(?:rfc822;[ \t]*)?[<\[\"']?(?:smtp:)?("
            + _ADDRESS + r")|rcpt to:[ \t]*<(" + _ADDRESS + r")>")
        self.reply_label = re.compile(
            r"(?<![a-z0-9_])" + _either(formats.REPLY_LABEL)
            + r"[ \t]*[:=]?[ \t]*([245][0-5][0-9])(?![0-9])") if formats.REPLY_LABEL else None
        self.failure = re.compile(
            trie_pattern(_phrases("failure")) + r"|#[45]\.|"
            # A reply code, not the end of a number such as a time zone ("-0500 ").
            r"(?<![0-9:+.-])[45][0-9][0-9][ -]")
        self.delayed = re.compile(trie_pattern(_phrases("delayed")))
        self.permanent = re.compile(trie_pattern(_phrases("permanent")))
        # A reply code (RFC 5321 s4.2) then its enhanced code (RFC 2034 s4) or its text;
        # written "550 5.1.1", "550-5.1.1", "550 #5.1.1", "550: 5.2.2", "550-'5.7.1"; or a
        # reply code alone at the end of its line (Sendmail's "<<< 421").
        # The start of a line or one of those characters before the code: checked after
        # its first digit, so the regex engine skips in C to the next 2, 4 or 5 (a pattern
        # that opens with an assertion is tried at every position, 3.5x slower).
        self.reply = re.compile(
            r"([245](?<![^\s'\"(:<\[][245])[0-5][0-9])(?::?[ -]['\"]?#?([245]\.[0-9]{1,3}"
            r"\.[0-9]{1,3})(?![0-9.])|:?[ -][A-Za-z<'\"(\[]|$)", multiline)
        self.hash_code = re.compile(r"#[245]\.[0-9]")
        self.expanded = re.compile(r"\(?(?:expanded|generated) from:?[ \t]*", re.IGNORECASE)
        self.original = re.compile(
            r"\((?:expanded|generated) from:?[ \t]*<?(" + _ADDRESS + r")>?", re.IGNORECASE)
        self.own = re.compile(r"^(?:mailer-daemon|postmaster|mailerdaemon|mail-daemon|mdaemon|"
                              r"mail\.delivery\.system|root|abuse|noreply|no-reply)@",
                              re.IGNORECASE)
        # The status rows: phrases with no code, the RFC 3463 subject and detail they
        # describe (s3.2 addressing, s3.3 mailbox, s3.4 mail system, s3.5 network, s3.8
        # security) and whether they are permanent by nature (class 5; a mailbox that is
        # full or a host that does not answer may recover: class 4), in the order tried.
        # Each status's phrases are found by a trie of their first words (all of a phrase
        # before its first gap, "…" in the registry), which the regex engine skips to:
        # where one stands, the phrases themselves are tried (the first listed that
        # matches there, as the plain alternation's search gives).
        starts: dict[str, list[str]] = {}
        for row in formats.FORMATS:
            if row["role"] == "status" and row["status"] is not None:
                starts.setdefault(row["status"], []).append(
                    row["phrase"].partition("…")[0].rstrip(" "))
        self.phrases = tuple(
            (re.compile(_either(phrases)), re.compile(trie_pattern(
                starts[f"{klass}.{subject}.{detail}"])), subject, detail, klass == 5)
            for (klass, subject, detail), phrases in formats.STATUS)
        self.bare_name = re.compile(_BARE_NAME)
        # A bare name alone on its list line, or before its diagnostic after a tab or two
        # spaces (one space would take the first word of a sentence).
        self.bare_name_line = re.compile("(" + _BARE_NAME + r")(?:\t| {2}|\Z)")
        self.to_line = re.compile(r"^To:[ \t]*<?(" + _ADDRESS + ")", multiline)
        self.list_mark = re.compile(r"^[>*\-\s]+")
        self.x400 = re.compile(r"(?i)^.*?smtp=")
        self.answer = re.compile(
            r"\s*(?:received\s*|out:\s*)?(?:<<<|>>>)?\s*[45][0-9][0-9][ -]", re.IGNORECASE)
        self.data_command = re.compile(r"\s*(?:in:\s*|>>>\s*)?data\s*$", re.IGNORECASE)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def bare_name_domains(sender_domain: str | None) -> tuple[str, ...]:
    """The domains a bare local name in a recipient list belongs to, in a bounce from
    ``sender_domain`` (the domain of its From): those of the MTA whose bare-name-domain
    rows in the format registry name that domain or a domain it is under
    ("mr2.its.yale.edu" is under "yale.edu"), in alphabetical order; none for a sender
    that no row names."""
    if not sender_domain:
        return ()
    sender_domain = sender_domain.lower()
    for _, domains in bounce_formats.BARE_NAME_DOMAINS:
        if any(sender_domain == domain or sender_domain.endswith("." + domain)
               for domain in domains):
            return domains
    return ()


def smtp_reply(text: str) -> tuple[int | None, tuple[int, int, int] | None]:
    """The SMTP reply a diagnostic or a bounce text reports: (reply code, enhanced code).

    White space runs are read as one space and folded lines as one (a folded field or a
    wrapped line puts a line break between "550" and "5.1.1"). Among the replies found
    ("550 5.1.1", "550-5.1.1", "550 #5.1.1", "550: 5.2.2", "550-'5.7.1", or a reply code
    before its text, or alone at the end of a line), failures (4xx, 5xx) are preferred to
    successes, and greetings, goodbyes and 354 are never the reply.

    The rule for nested replies: when a reply quotes another one (Amazon SES's ``554 4.4.7
    Message expired ... <421 4.4.2 Connection timed out>``, ``5.1.0 - Unknown address
    error 550-'5.7.1 ...'``, Sendmail's ``554 <address>... 550 Host unknown``), the quoted
    reply is what the receiving server said and the outer one the reporting MTA's
    summary: the last reply that carries an enhanced code wins; with none, the last reply
    code of the first line that has one. Failing all, a labelled reply code
    (``ERROR_CODE :550``, the reply-label rows of the format registry)."""
    flat = _unfolded(text)
    patterns = _patterns()
    found: list[tuple[int, int, tuple[int, int, int] | None]] = []  # line, reply, code
    line = 0
    last = 0
    for match in patterns.reply.finditer(flat):
        line += flat.count("\n", last, match.start())
        last = match.start()
        reply = int(match.group(1))
        if reply in _NOT_VERDICTS:
            continue
        code = match.group(2)
        found.append((line, reply, _numbers(code) if code else None))
    failures = [item for item in found if item[1] >= 400]
    pool = failures or found
    if pool:
        coded = [item for item in pool if item[2] is not None]
        if coded:
            return coded[-1][1], coded[-1][2]
        # No enhanced code: the first line with a reply, and on it the quoted reply.
        first_line = [item for item in pool if item[0] == pool[0][0]]
        return first_line[-1][1], None
    if patterns.reply_label is not None:
        label = patterns.reply_label.search(ascii_lower(flat))
        if label is not None:
            return int(label.group(1)), None
    return None, None


def _unfolded(text: str) -> str:
    """The text with white space runs as one space and folded lines (a line that starts
    with white space continues the one before, RFC 5322 s2.2.3) joined: one line of
    text per logical line."""
    lines: list[str] = []
    for line in text.split("\n"):
        words = " ".join(line.split())
        if not words:
            continue
        if lines and line[:1].isspace():
            lines[-1] += " " + words
        else:
            lines.append(words)
    return "\n".join(lines)


def _numbers(code: str) -> tuple[int, int, int]:
    klass, subject, detail = code.split(".")
    return int(klass), int(subject), int(detail)


class TextRecipient(NamedTuple):
    """A recipient found in text: its address, the text about it and what it implies.

    ``inferred`` is (class, subject, detail, phrase) when the text about the recipient has
    no code but a phrase of the format registry's status rows; ``code`` is the enhanced
    code of its reply (``smtp_reply``)."""

    address: str
    original: str | None
    context: str
    action: Action
    permanent: bool
    reply_code: int | None
    inferred: tuple[int, int, int, str] | None = None
    code: tuple[int, int, int] | None = None


def infer_status(context: str, action: Action, permanent_text: bool
                 ) -> tuple[int, int, int, str] | None:
    """(class, subject, detail, phrase) for the first status of the format registry's
    status rows whose phrases the text holds (``_Patterns.phrases``, tried in order):
    class 4 when delayed or transient by nature and the text never says permanent, else
    5."""
    low = ascii_lower(context)
    for pattern, starts, subject, detail, by_nature in _patterns().phrases:
        start = starts.search(low)
        while start is not None:
            found = pattern.match(low, start.start())
            if found is not None:
                permanent = action != "delayed" and (by_nature or permanent_text)
                return (5 if permanent else 4, subject, detail,
                        context[found.start():found.end()])
            start = starts.search(low, start.start() + 1)
    return None


def human_text(text: str) -> str:
    """The human-readable part: the text before the returned message (the whole text when
    no returned message is marked). Linear in the text."""
    # The reader's steps ask for the same text's part one after the other: the last
    # answer is kept (by identity, so the check costs nothing).
    last = _LAST_HUMAN[0]
    if last[0] is text:
        return last[1]
    # Never before the end of the first line that says something: a text that opens
    # with a separator has said nothing yet.
    first = _NON_BLANK.search(text)
    start = 0 if first is None else text.find("\n", first.start())
    if start < 0:
        human = text
    else:
        # From the line break that ends the first line: the next line is the first tried.
        cut = _patterns().returned.search(ascii_lower(text), start)
        human = text[:cut.start() + 1] if cut else text
    _LAST_HUMAN[0] = (text, human)
    return human


_LAST_HUMAN: list[tuple[str | None, str]] = [(None, "")]


def read_text_bounce(text: str, headers: dict[str, str],
                     returned_to: tuple[str, ...] = ()) -> list[TextRecipient]:
    """The recipients the bounce text names (see the module docstring); the text is read
    up to ``LIMIT`` characters.

    Failing all the ways the text names recipients, the addresses of the bounce's
    X-Failed-Recipients field (Exim, Google: the MTA's own list), else ``returned_to``
    (the recipient of the returned message, which a bounce that names nobody was sent
    for), with the text's replies as their context."""
    text = text[:LIMIT]
    patterns = _patterns()
    failed = [match.group(0) for match in patterns.any_address.finditer(
        headers.get("x-failed-recipients", "")[:10_000])]
    if not text.strip() and not failed:
        return []
    # An address the MTA lists as failed is a recipient even when it is also the
    # bounce's own To or From (a message sent to oneself).
    excluded = _own_addresses(headers) - {address.lower() for address in failed}
    # The keyword patterns are lower-case and run on an ASCII-lowered copy: same length and
    # positions as the text, and several times faster than re.IGNORECASE.
    low = ascii_lower(text)
    delayed = bool(patterns.delayed.search(low)) or "delay" in headers.get("subject", "").lower()
    permanent = not delayed and bool(patterns.permanent.search(low))
    action: Action = "delayed" if delayed else "failed"
    sender = patterns.any_address.search(headers.get("from", ""))
    bare_domain = sender.group(0).rpartition("@")[2].lower() if sender else None
    served = bare_name_domains(bare_domain)
    # address (lower-cased) -> (position, address as written, whether it is listed: its
    # context is the lines indented under it, else its paragraph).
    found: dict[str, tuple[int, str, bool]] = {}

    def add(address: str, position: int, listed: bool = False) -> None:
        address = address.strip(".,;:'\"<>[]()")
        # A list under an opening phrase is the MTA's own list of recipients: it counts
        # even for an address that is the bounce's own.
        if "@" not in address or (address.lower() in excluded and not listed):
            return
        # Postmaster and daemon addresses are named in advice ("contact postmaster@..."):
        # they count only where the text lists recipients.
        if not listed and patterns.own.match(address):
            return
        local, _, domain = address.rpartition("@")
        if ".." in domain:  # Sendmail: "user@example.com... User unknown"
            domain = domain.split("..", 1)[0]
            address = f"{local}@{domain}"
        if not local or ("." not in domain and not domain.startswith("[")):
            return
        found.setdefault(address.lower(), (position, address, listed))

    # Only the lines that hold an "@" can name an address: found by bytes-level searches,
    # not by a loop over every line of the text. The line patterns are tried at their
    # starts: each matches within one line, from its start.
    at_lines = _at_lines(text)
    for line_start, _ in at_lines:
        match = patterns.angle_paragraph.match(text, line_start)
        if match is not None:
            add(match.group(1), match.start(), listed=True)
    if not found:
        for line_start, _ in at_lines:
            match = patterns.colon_line.match(text, line_start)
            if match is not None:
                add(match.group(1), match.start())
    if not found:
        # A list read once: an opener inside a list already read opens nothing new, so
        # the lists cost linear time however many openers the text repeats.
        read_to = 0
        for opener in patterns.openers.finditer(low):
            if opener.end() >= read_to:
                read_to = _listed(text, opener.end(), add, bare_domain, served)
        # Every label is followed by an address on its line: only lines with "@" are read.
        for line_start, line_end in at_lines:
            for match in patterns.labels.finditer(low, line_start, line_end):
                group = 1 if match.group(1) else 2
                address = text[match.start(group):match.end(group)]
                if group == 2 and not _answered(text, match.end()):
                    continue
                add(address, match.start())
        for line_start, line_end in at_lines:
            line = text[line_start:line_end]
            # Words inside addresses ("error@", "bad.example") do not count.
            if not line.lstrip().lower().startswith(_HEADER_WORDS) and (
                    patterns.failure.search(
                        ascii_lower(patterns.any_address.sub(" ", line)))):
                for match in patterns.any_address.finditer(line):
                    add(match.group(0), line_start + match.start())
    if not found:
        # Yahoo: "I wasn't able to deliver the following message." then "To: address".
        for line_start, _ in at_lines:
            match = patterns.to_line.match(text, line_start)
            if match is not None:
                add(match.group(1), match.start())
    for fallback in (failed, returned_to):
        if not found:
            for address in fallback:
                where = text.lower().find(address.lower())
                add(address, where if where >= 0 else len(text), listed=True)
    ordered = sorted(found.values())
    single = len(ordered) == 1
    result: list[TextRecipient] = []
    for number, (position, address, listed) in enumerate(ordered):
        # The text about a recipient ends where the line of the next one starts, so each
        # line is read for one recipient however many the text lists; recipients on one
        # line share what follows them, up to _SAME_LINE characters each. The recipients
        # one bare name gives (one per domain) stand at one position: the next recipient
        # is the next one elsewhere.
        end = len(text)
        following = number + 1
        while following < len(ordered) and ordered[following][0] == position:
            following += 1
        if following < len(ordered):
            end = text.rfind("\n", 0, ordered[following][0]) + 1
            if end <= position:
                end = position + _SAME_LINE
        # A paragraph starts at the line of its address: the reply may stand before it
        # ("554 <address>... Remote protocol error").
        line_start = text.rfind("\n", 0, position) + 1
        if not listed and _RESULT_LINE.match(text, line_start):
            # Sendmail's transcript: the lines of a destination ("While talking to host:",
            # ">>> RCPT To:", "550 host (smtp)... 550 Host unknown") come before the line
            # that gives the recipient's result ("554 <address>... 550 Host unknown"), and
            # the line after it is the next destination's.
            previous = ordered[number - 1][0] if number else 0
            context = _result_block(text, line_start, max(
                text.find("\n", previous) + 1 if number else 0, 0)).strip()
        else:
            context = (_indented(text, position, end) if listed
                       else _paragraph(text, line_start, end)).strip()
        if single and not _has_code(context):
            context = reply_lines(text) or context
        reply_code, code = smtp_reply(context)
        if code is None:
            code = _lone_code(context)
        original = patterns.original.search(context)
        inferred = None
        if reply_code is None and code is None and not _has_code(context):
            inferred = infer_status(context if not single else text, action, permanent)
        result.append(TextRecipient(address, original.group(1) if original else None,
                                    context, action, permanent, reply_code, inferred, code))
    return result


def _at_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the text that holds an "@", in order."""
    lines: list[tuple[int, int]] = []
    position = text.find("@")
    while position >= 0:
        end = text.find("\n", position)
        if end < 0:
            end = len(text)
        lines.append((text.rfind("\n", 0, position) + 1, end))
        position = text.find("@", end)
    return lines


def replies_about(text: str, addresses: set[str]
                  ) -> dict[str, tuple[int | None, tuple[int, int, int] | None]]:
    """For each address (lower-cased) the text names: the reply of the text about it (its
    paragraph from the line it first stands on, ``smtp_reply``, else a lone code as the
    finder reads it). One pass over the text, however many addresses are asked for."""
    text = text[:LIMIT]
    patterns = _patterns()
    first: dict[str, int] = {}
    for match in patterns.any_address.finditer(text):
        key = match.group(0).strip(".,;:'\"<>[]()").lower()
        if key in addresses and key not in first:
            first[key] = match.start()
            if len(first) == len(addresses):
                break
    ordered = sorted((position, key) for key, position in first.items())
    replies: dict[str, tuple[int | None, tuple[int, int, int] | None]] = {}
    for number, (position, key) in enumerate(ordered):
        # As in read_text_bounce: the text about an address ends where the line of the
        # next one starts.
        end = len(text)
        if number + 1 < len(ordered):
            end = text.rfind("\n", 0, ordered[number + 1][0]) + 1
            if end <= position:
                end = position + _SAME_LINE
        context = _paragraph(text, text.rfind("\n", 0, position) + 1, end)
        reply_code, code = smtp_reply(context)
        if code is None:
            code = _lone_code(context)
        replies[key] = (reply_code, code)
    return replies


def _lone_code(context: str) -> tuple[int, int, int] | None:
    """A code without its reply: qmail's "(#5.1.1)", "Status: 5.1.1" (the finder's rules
    say where a lone code counts)."""
    from ..finder import find_status_codes  # loaded with the first code-less reply

    for lone in find_status_codes(context):
        return lone.status.status_class.value, lone.status.subject, lone.status.detail
    return None


def _has_code(text: str) -> bool:
    patterns = _patterns()
    return bool(patterns.reply.search(text) or patterns.hash_code.search(text))


def reply_lines(text: str) -> str:
    """The lines of a text that carry an SMTP reply (not the greeting and acceptances of a
    transcript): what a lone recipient's verdict is read from."""
    patterns = _patterns()
    positions = [found.start(1) for found in patterns.reply.finditer(text)]
    positions += [found.start() for found in patterns.hash_code.finditer(text)]
    starts = sorted({text.rfind("\n", 0, position) + 1 for position in positions})
    lines = [_line(text, start).strip() for start in starts]
    return "\n".join(line for line in lines if not line.startswith(
        ("250", "220", "221", "354")))[:2000]


def _answered(text: str, end: int) -> bool:
    """Whether a RCPT TO of an SMTP transcript failed: the line after it carries a 4xx or
    5xx reply, or the transcript goes on to DATA and a 4xx or 5xx reply answers the data
    (Postfix's "errors from" notices: ``In:  DATA`` ... ``Out: 451 4.3.0 ...``)."""
    patterns = _patterns()
    following = text[end:end + 2000].split("\n")[1:40]
    if any(patterns.answer.match(line) for line in following[:2]):
        return True
    for index, line in enumerate(following):
        if patterns.data_command.match(line):
            return any(patterns.answer.match(later) for later in following[index + 1:])
    return False


def _listed(text: str, start: int, add: Callable[[str, int, bool], None],
            bare_domain: str | None, served: tuple[str, ...] = ()) -> int:
    """Addresses listed in the paragraph after an opening phrase (a blank line may come
    first), each with the indented lines under it as context; the position where the
    list ends. Bare local names are completed with each of ``served`` (the sender MTA's
    bare-name domains) where it has some, else, on the first lines, with the sender's
    domain (AOL). Linear in the list: each line is looked at once."""
    patterns = _patterns()
    position = start
    seen_any = False
    previous_added = False
    index = 0
    while position <= len(text):
        end = text.find("\n", position)
        if end < 0:
            end = len(text)
        line = text[position:end]
        stripped = line.strip()
        if not stripped:
            if seen_any:
                break
            position = end + 1
            index += 1
            continue
        candidate = patterns.list_mark.sub("", stripped)
        if "smtp=" in candidate.lower():  # X.400 in Exchange: c=US;a= ;...;dda:SMTP=address
            candidate = patterns.x400.sub("", candidate)
        expanded = patterns.expanded.match(candidate)
        if expanded and previous_added:
            position = end + 1
            index += 1
            continue
        if expanded:
            candidate = candidate[expanded.end():]
        match = patterns.any_address.search(candidate)
        previous_added = False
        bare = patterns.bare_name_line.match(candidate) if served and not match else None
        if match and candidate[:match.start()].strip(" <\"'[(") == "":
            add(match.group(0), position, True)
            seen_any = previous_added = True
        elif bare is not None:
            for domain in served:
                add(f"{bare.group(1)}@{domain}", position, True)
            seen_any = previous_added = True
        elif (not served and not seen_any and bare_domain and index < 3
              and patterns.bare_name.fullmatch(candidate)):
            # AOL names screen names without a domain: they belong to the sender's.
            add(f"{candidate}@{bare_domain}", position, True)
            seen_any = previous_added = True
        elif not seen_any and index > 6:
            break
        position = end + 1
        index += 1
    return position


def _result_block(text: str, line_start: int, floor: int) -> str:
    """A Sendmail result line and the transcript lines before it, back to ``floor`` (the
    end of the previous recipient's line) or the blank line that opens the transcript, at
    most 2000 characters."""
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    low = max(floor, line_start - 2000)
    blank = text.rfind("\n\n", low, line_start)
    start = blank + 2 if blank >= 0 else low
    return text[start:line_end]


def _indented(text: str, start: int, end: int) -> str:
    """The line at ``start`` and the indented lines under it (at most 8 lines), before
    ``end``."""
    lines = text[start:min(end, start + 2000)].split("\n", 8)[:8]
    kept = [lines[0]]
    any_address = _patterns().any_address
    for line in lines[1:]:
        if not line.strip() or (not line[:1].isspace() and any_address.match(line.strip())):
            break
        kept.append(line)
    return "\n".join(kept)


def _paragraph(text: str, start: int, stop: int) -> str:
    """The paragraph from ``start``, at most 2000 characters and not past ``stop``: the
    text about one address."""
    limit = min(start + 2000, stop)
    end = text.find("\n\n", start, limit)
    block = text[start:end if end >= 0 else limit]
    # qmail: "<address>:" alone, then its reason after a blank line: keep that paragraph.
    if "\n" not in block.strip() and end >= 0:
        bound = min(end + 2000, stop)
        following = text.find("\n\n", end + 2, bound)
        after = text[end + 2:following if following >= 0 else bound]
        if after.strip() and not _patterns().angle_paragraph.match(after.lstrip("\n")):
            block = block + "\n" + after
    return block[:2000]


def _line(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)]


def _own_addresses(headers: dict[str, str]) -> set[str]:
    own: set[str] = set()
    any_address = _patterns().any_address
    for name in ("to", "from", "reply-to", "return-path", "sender", "errors-to"):
        for match in any_address.finditer(headers.get(name, "")):
            own.add(match.group(0).strip(".,;:'\"<>[]()").lower())
    return own
