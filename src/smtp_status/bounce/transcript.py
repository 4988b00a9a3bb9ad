"""What a bounce's text says of the SMTP session: the host that answered, the host that
wrote the report, and the command the failure answered.

Works on the text about one recipient (its diagnostic) or, for the reporting host, on the
human-readable text of the bounce. The phrases, by the MTA that writes them:

- Postfix: ``host mx.example[192.0.2.50] said: 550 ... (in reply to RCPT TO command)``,
  ``connect to mx.example[192.0.2.50]:25: Connection refused``, ``lost connection with
  mx.example[192.0.2.50] while sending end of data``, ``This is the mail system at host
  mx.example.``;
- Exim: ``SMTP error from remote mail server after RCPT TO:<a@b>: host mx.example
  [192.0.2.50]: 550 ...``, ``after end of data``, ``after initial connection``;
- Sendmail and Courier transcripts: ``... while talking to mx.example.:``, then ``>>> RCPT
  To:<a@b>`` and ``<<< 550 ...`` (the command is the last one sent before the first 4xx
  or 5xx reply);
- qmail: ``Connected to 192.0.2.50 but sender was rejected.``, ``This is the qmail-send
  program at mx.example.``;
- m-FILTER: ``-------SMTP command`` with the command on the next line;
- Gmail: ``rejected by the server for the recipient domain example.com by mx.example.
  [192.0.2.50].``;
- Exchange and Microsoft 365: ``Generating server: mx.example``; Courier: ``This is a
  delivery status notification from mx.example,``;
- and, for the reporting host, the bounce's bottom Received field where it says the bounce
  was made locally (``generating_host``).

Every pattern is anchored on a literal word and has no nested quantifiers: linear on any
text. Input is cut to 4,000 characters for a diagnostic and 64,000 for a whole text.
"""

from __future__ import annotations

import re

from .._lazy_re import LazyPattern, lazy
from .types import SmtpCommand

__all__ = ["generating_host", "remote_host", "reporting_host", "smtp_command"]

_DIAGNOSTIC_LIMIT = 4_000
_TEXT_LIMIT = 64_000
# Host names as bounces write them, internationalized ones (RFC 5890) in Unicode too.
_NAME = r"([\w-]+(?:\.[\w-]+)+)"
_IP = r"([0-9]{1,3}(?:\.[0-9]{1,3}){3}|IPv6:[0-9A-Fa-f:.]+|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)"

# (a word the text must hold, the words a match starts with, the pattern): the first word is
# a cheap filter before the search; the pattern is then tried only where one of the others
# stands (a pattern that opens with \b is otherwise tried at every position).
_REMOTE = tuple((word, starts, lazy(pattern, re.IGNORECASE))
                for word, starts, pattern in (
    # Postfix: "host NAME[IP] said:", "refused to talk to me", "connect to NAME[IP]:25:",
    # "lost connection with NAME[IP] while ..."
    ("[", ("host", "connect to", "with"),
     r"\b(?:host|connect to|with)\s+" + _NAME + r"\.?\[" + _IP + r"\]"),
    # Exim: "host NAME [IP]: 550 ..."
    ("host", ("host",), r"\bhost\s+" + _NAME + r"\.?\s+\[" + _IP + r"\]"),
    # Gmail: "... by NAME. [IP]."
    ("by", ("by",), r"\bby\s+" + _NAME + r"\.?\s+\[" + _IP + r"\]"),
    # Sendmail: "... while talking to NAME.:"
    ("talking", ("while talking to",), r"\bwhile talking to\s+" + _NAME + r"\.?:"),
    # qmail: "Connected to IP but ..."
    ("onnected", ("connected to",), r"\bconnected to\s+" + _IP + r"\s+but\b"),
))

# What re.IGNORECASE matches with an ASCII letter but str.lower() does not make that letter
# (U+0130 and U+0131 match "i", U+017F "s"): a text that holds one skips the word filters.
_UNLOWERED = ("\u0130", "\u0131", "\u017f")
# (words the text holds, in lower case, wherever the pattern matches; the pattern): a
# pattern that starts with \b or ^ has no literal prefix for the regex engine to skip to,
# so the words, found in C, decide whether it is searched at all.
_REPORTING = tuple((words, lazy(pattern, re.IGNORECASE | re.MULTILINE))
                   for words, pattern in (
    ("qmail-send program at", r"\bthis is the qmail-send program at\s+" + _NAME),
    ("mail system at host", r"\bthis is the mail system at host\s+" + _NAME),
    ("generating server", r"^\s*generating server:\s*" + _NAME),
    ("notification from", r"\bthis is a delivery status notification from\s+" + _NAME),
))

# RFC 5321 s4.4: each MTA prepends a Received field whose "by" names it, so the bottom one
# of a bounce was written where the bounce was made, when it says the bounce was made
# there: Exim's "from mail by HOST with local", DragonFly's "from MAILER-DAEMON ... by HOST",
# Postfix's "by HOST (Postfix) via BOUNCE", MXLogic's "FROM queue-bounce BY HOST WITH local".
_BY = lazy(r"\bby\s+" + _NAME, re.IGNORECASE)
_LOCAL = lazy(r"\bwith\s+local\b|^\s*from\s+mailer-daemon\b|\bvia\s+bounce\b",
                    re.IGNORECASE)

# The command words as the MTAs write them (lower-cased) -> the command.
_WORDS: dict[str, SmtpCommand] = {
    "end of data": "DATA", "data": "DATA", "bdat": "DATA", "message body": "DATA",
    "rcpt to": "RCPT", "pipelined rcpt to": "RCPT", "rcpt": "RCPT",
    "mail from": "MAIL", "pipelined mail from": "MAIL", "mail": "MAIL",
    "ehlo": "EHLO", "helo": "EHLO", "lhlo": "EHLO",
    "initial connection": "CONNECT", "initial server greeting": "CONNECT",
    "server greeting": "CONNECT", "greeting": "CONNECT",
}
_COMMAND_WORD = (r"(end of data|data|bdat|rcpt to|mail from|ehlo|helo|lhlo|pipelined rcpt to|"
                 r"pipelined mail from|initial connection|initial server greeting|"
                 r"server greeting|message body)")
_COMMAND = tuple((word, lazy(pattern)) for word, pattern in (
    # Postfix: "(in reply to RCPT TO command)", "in reply to end of DATA command".
    ("in reply to", r"\bin reply to (?:the )?(end of data|data|bdat|rcpt to|mail from|ehlo|"
     r"helo|lhlo) command"),
    # Exim: "SMTP error from remote mail server after RCPT TO:<...>", "after end of data".
    ("after ", r"\bafter " + _COMMAND_WORD + r"\b"),
    # m-FILTER: "-------SMTP command" and the command on the next line.
    ("smtp command", r"-[ \t]*smtp command[ \t]*\n[ \t]*(end of data|data|rcpt to|mail from|"
     r"ehlo|helo|lhlo)\b"),
    # Postfix: "lost connection with NAME[IP] while sending RCPT TO",
    # "... while receiving the initial server greeting".
    ("while ", r"\bwhile (?:sending|receiving)(?: the)? " + _COMMAND_WORD + r"\b"),
))
# A transcript: ">>> RCPT To:<a@b>" sent, "<<< 550 ..." received (the ">>>" may be cut
# off where a recipient's text starts at its command line).
_SENT = lazy(r"^[ \t]*(?:>>>[ \t]*)?(EHLO|HELO|LHLO|MAIL|RCPT|DATA|BDAT|QUIT|RSET)\b",
                   re.MULTILINE | re.IGNORECASE)
_FAILED_REPLY = lazy(r"^[ \t]*<<<[ \t]*[45][0-9][0-9]", re.MULTILINE)
_TRANSCRIPT_WORDS: dict[str, SmtpCommand] = {
    "ehlo": "EHLO", "helo": "EHLO", "lhlo": "EHLO", "mail": "MAIL", "rcpt": "RCPT",
    "data": "DATA", "bdat": "DATA"}
# A connection that never reached a greeting (RFC 5321 s3.1, s4.3.1: the 220 or 554
# greeting answers the connection itself).
_CONNECT = lazy(
    r"\bconnect to [^\n]{0,200}?: (?:connection refused|connection timed out|no route to host|"
    r"network is unreachable)|refused to talk to me|\bconnected to [^\n]{0,60}? but "
    r"greeting failed|\bconnection (?:refused|timed out)")
_QMAIL = lazy(r"\bconnected to [^\n]{0,60}? but (sender|my name) was rejected")


def _search_at_word(pattern: LazyPattern[str], word: str, text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for a lower-case pattern over lower-cased text: where it
    starts ``\b`` + ``word``, tried only where ``word`` stands."""
    if not pattern.pattern.startswith("\\b" + word):
        return pattern.search(text)
    return _search_at_words(pattern, (word,), text, text)


def _lowered(text: str) -> str | None:
    """The text lower-cased, position for position, for the word filters; None when the
    filters cannot be trusted with it (``_UNLOWERED``)."""
    return None if any(char in text for char in _UNLOWERED) else text.lower()


def remote_host(text: str) -> str | None:
    """The name of the host that answered (its address when the text gives no name)."""
    text = text[:_DIAGNOSTIC_LIMIT]
    lowered = False
    low: str | None = None
    for word, starts, pattern in _REMOTE:
        if word in text or word.upper() in text:
            if not lowered:
                lowered, low = True, _lowered(text)
            found = _search_at_words(pattern, starts, text, low)
            if found is not None:
                return found.group(1)
    return None


def _search_at_words(pattern: LazyPattern[str], words: tuple[str, ...], text: str,
                     low: str | None) -> re.Match[str] | None:
    """``pattern.search(text)`` for a pattern whose every match starts with one of
    ``words`` (a search starting with ``\\b`` has no literal prefix, so the regex engine
    would try every position): tried only where ``low`` (``_lowered(text)``, or the text
    itself when it is lower-case already) has one, leftmost first; the whole search when
    ``low`` is None."""
    if low is None:
        return pattern.search(text)
    positions: list[int] = []
    for word in words:
        position = low.find(word)
        while position >= 0:
            positions.append(position)
            position = low.find(word, position + 1)
    for position in sorted(positions):
        found = pattern.match(text, position)  # \b still sees the character before
        if found is not None:
            return found
    return None


def reporting_host(text: str) -> str | None:
    """The host that says it wrote the bounce."""
    text = text[:_TEXT_LIMIT]
    low = _lowered(text)
    for words, pattern in _REPORTING:
        if low is None or words in low:
            found = pattern.search(text)
            if found is not None:
                return found.group(1)
    return None


def generating_host(received: str) -> str | None:
    """The host a bounce's bottom Received field names, when that field says the bounce
    was made there (see ``_LOCAL``)."""
    received = received[:_DIAGNOSTIC_LIMIT]
    if _LOCAL.search(received) is None:
        return None
    found = _BY.search(received)
    return None if found is None else found.group(1)


def smtp_command(text: str) -> SmtpCommand | None:
    """The SMTP command the failure answered, where the text says it."""
    text = text[:_DIAGNOSTIC_LIMIT]
    low = text.lower()
    for word, pattern in _COMMAND:
        if word in low:
            found = _search_at_word(pattern, word, low)
            if found is not None:
                return _WORDS[found.group(1)]
    failed = _FAILED_REPLY.search(text) if "<<<" in text else None
    if failed is not None:
        command = None
        for sent in _SENT.finditer(text, 0, failed.start()):
            # QUIT and RSET answer no message: a failure after them names no command.
            command = _TRANSCRIPT_WORDS.get(sent.group(1).lower())
        if command is not None:
            return command
    if "connect" not in low and "refused" not in low:
        return None
    qmail = _QMAIL.search(low)
    if qmail is not None:
        return "MAIL" if qmail.group(1) == "sender" else "EHLO"
    if _CONNECT.search(low):
        return "CONNECT"
    return None
