"""Recipients of plain-text bounces: the human-readable part of qmail, Postfix, Exim,
Sendmail, Exchange, Gmail, Yahoo and other MTAs' reports. Private to ``bounce``.

The text is first cut where the returned message starts (qmail's "--- Below this line is
a copy of the message.", Exim's "------ This is a copy of the message", Sendmail's
"----- Original message follows -----" and the like), and capped, so a huge returned
message is never scanned. Recipients are then found, in order of appearance, by:

1. ``<address>:`` opening a paragraph (qmail, Postfix without DSN, Yahoo, Courier), the
   paragraph being the diagnostic; failing that, ``address:`` opening a line (Exim);
2. failing that, all of these together:

   - an address on its own line (or "address (address)", "address on date", "> address",
     Exchange's X.400 "...;dda:SMTP=address") in the paragraph after an opening phrase
     such as "The following addresses failed:", "Delivery has failed to these recipients
     or groups:", "The following addresses had permanent fatal errors" (Exim, Exchange,
     Gmail, Sendmail, GroupWise, MDaemon, Domino); AOL's bare screen names get the
     sender's domain;
   - a labelled address: "Intended recipient:", "Undeliverable Address:", "Failed
     Recipient:", "Your message to ADDRESS couldn't be delivered", "RCPT TO:<ADDRESS>"
     answered by a 4xx or 5xx reply, and so on;
   - addresses on lines that say what went wrong ("unknown", "does not exist", "mailbox
     full", "rejected" ...);

3. failing all, "To: address" lines (Yahoo's "the following message" then its headers).

"(expanded from <address>)" and "(generated from address)" give the original recipient.
The sender's own addresses (the bounce's To, From, Reply-To, Return-Path) are never
recipients, nor are postmaster and daemon addresses except where the text lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["TextRecipient", "human_text", "read_text_bounce"]

_LIMIT = 64_000
_RETURNED = re.compile(
    # One prefix class (no nested quantifiers over "-"), so a long line of dashes costs
    # linear time.
    r"^[ \t|>*=-]*(?:"
    r"below this line is a copy of the message|"
    r"this is a copy of the message|"
    r"original message follows|"
    r"unsent message follows|"
    r"message text follows|"
    r"returned mail follows|"
    r"start of returned message|"
    r"the header of the original message is following|"
    r"a copy of the original message|"
    r"original message headers|"
    r"included is a copy of the message header|"
    r"message headers follow|"
    r"this is a copy of your message|"
    r"below is a copy of the original message|"
    r"original message:|"
    r"original message ?-|"
    r"message header follows ?-|"
    r"returned message follows|"
    r"original message details|"
    r"header of the (?:source|original) (?:mail|message)|"
    r"headers of the original message|"
    r"your message reads)", re.MULTILINE)
# An address as bounces write it: RFC 5322 s3.4.1 dot-atom local parts, RFC 6531 UTF-8.
_ADDRESS = (r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff]+"
            r"@[A-Za-z0-9\-.\[\]:\u0080-\U0010ffff]+[A-Za-z0-9\]\u0080-\U0010ffff]")
# Starting only where a run of address characters starts keeps finditer linear.
_ANY_ADDRESS = re.compile(r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff])" + _ADDRESS)
_ANGLE_PARAGRAPH = re.compile(
    r"^[ \t]*<(" + _ADDRESS + r")>(?:[ \t]*\((?:expanded from|generated from)[^)]*\))?"
    r"[ \t]*:?[ \t]*(.*)$", re.MULTILINE)
_COLON_LINE = re.compile(r"^[ \t]*(" + _ADDRESS + r")[ \t]*:(?:[ \t]+(.*))?$", re.MULTILINE)
_OPENERS = re.compile(
    r"following (?:e-?mail )?(?:address(?:es|\(es\))?|recipients?(?:\(s\))?|users?|"
    r"destinations?)[^\n]*|"
    r"address(?:es)? (?:failed|follow|to which the message has not yet been delivered)[^\n]*|"
    r"delivery has failed to these recipients[^\n]*|"
    r"could not be delivered to(?: the following)?[^\n]*:|"
    r"unable to deliver (?:your )?message to[^\n]*|"
    r"message could not be delivered to[^\n]*|"
    r"your message(?: to:?)?[ \t]*\n|"
    r"addressed to (?:e-?mail )?address[ \t]*:|"
    r"delivery of (?:e-?mail|your message) to this address|"
    r"recipients? (?:unknown|not found|rejected)[^\n]*:|"
    r"failed addresses follow[^\n]*|"
    r"not delivered to the following[^\n]*")
_LABELS = re.compile(
    r"(?:intended recipient|undeliverable address|failed recipient|original-recipient|"
    r"final-recipient|invalid final delivery userid|recipient address|user's mailbox is full|"
    r"error-for|recipient|bad address|unknown user|address)"
    r"[ \t]*:[ \t]*(?:rfc822;)?[ \t]*[<\[\"']?(?:smtp:)?(" + _ADDRESS + r")|"
    r"(?:addressed to|delivered to|delivery to|your message to|message for|mail for|"
    r"sent to|deliver to|delivering to|message to|violation for|mailbox|user|recipient|"
    r"address)[ \t]+"
    r"[<\"'\[]?(?:smtp:)?(" + _ADDRESS + r")|"
    r"rcpt to:[ \t]*<(" + _ADDRESS + r")>|"
    r"smtp=(" + _ADDRESS + r")")
_FAILURE = re.compile(
    r"unknown|no such|not exist|doesn't exist|does not exist|doesn't have|not found|invalid|"
    r"rejected|refused|denied|undeliverable|unable|couldn't|could not|cannot|can't|failed|"
    r"failure|full|quota|exceed|disabled|inactive|unavailable|not (?:a )?valid|blocked|"
    r"unrouteable|unroutable|bad|error|not delivered|problem|did not|not match|#[45]\.|"
    # A reply code, not the end of a number such as a time zone ("-0500 ").
    r"(?<![0-9:+.-])[45][0-9][0-9][ -]")
_DELAYED = re.compile(
    r"not yet been delivered|has been delayed|is delayed|delivery delayed|been delayed|"
    r"will (?:continue|retry|be retried|try)|still (?:trying|being retried)|"
    r"transient non-fatal|temporary (?:error|failure|problem)|this is a temporary|"
    r"no action is required on your part|warning: message|delivery attempts will continue")
_PERMANENT = re.compile(r"permanent|fatal|given up|giving up|failed permanently|"
                        r"could not be delivered|couldn't be delivered|wasn't delivered|"
                        r"undeliverable|does not exist|doesn't exist|unknown user|user unknown|"
                        r"no such user|not listed in|user not found|recipient not found|"
                        r"invalid recipient|no mailbox|mailbox unavailable|"
                        r"account (?:has been )?disabled")
_REPLY = re.compile(r"(?:^|[\s'\"(:])([245][0-5][0-9])(?:[ -]#?[245]\.[0-9]|[ -][A-Za-z<])",
                    re.MULTILINE)
_HEADER_WORDS = ("from:", "to:", "cc:", "reply-to:", "sender:", "mail from", "return-path",
                 "message-id")
_HASH_CODE = re.compile(r"#[245]\.[0-9]")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_EXPANDED = re.compile(r"\(?(?:expanded|generated) from:?[ \t]*", re.IGNORECASE)
_ORIGINAL = re.compile(r"\((?:expanded|generated) from:?[ \t]*<?(" + _ADDRESS + r")>?",
                       re.IGNORECASE)
_SELF = re.compile(r"^(?:mailer-daemon|postmaster|mailerdaemon|mail-daemon|mdaemon|"
                   r"mail\.delivery\.system|root|abuse|noreply|no-reply)@", re.IGNORECASE)


# Phrases of bounce texts that carry no code, and the RFC 3463 subject and detail they
# describe (s3.2 addressing, s3.3 mailbox, s3.4 mail system, s3.5 network, s3.8 security),
# and whether they are permanent by nature (a mailbox that is full or a host that does not
# answer may recover). Matched on the lower-cased text about the recipient, in this order.
_PHRASES: tuple[tuple[re.Pattern[str], int, int, bool], ...] = tuple(
    (re.compile(pattern), subject, detail, permanent) for pattern, subject, detail, permanent in (
        (r"user unknown|unknown user|no such (?:user|mailbox|recipient|person)|"
         r"not recognized|invalid (?:final delivery )?(?:userid|user|recipient|mailbox|"
         r"address)|does not exist|doesn't exist|doesn't have an? [^\n]{0,40}account|"
         r"not listed in|recipient not found|user not found|unknown recipient|no mailbox|"
         r"unknown address|no longer (?:valid|available)|bad destination", 1, 1, True),
        (r"unknown host|host not found|domain not found|no such domain|unrouteable|"
         r"unroutable|nameserver error|no matches to nameserver", 1, 2, True),
        (r"mailbox (?:is )?full|over ?quota|quota (?:exceeded|violation)|"
         r"exceed(?:s|ed|ing)? [^\n]{0,30}quota|disk quota|insufficient (?:disk )?space",
         2, 2, False),
        (r"mailbox (?:is )?(?:disabled|inactive|suspended)|account (?:is |has been )?"
         r"(?:disabled|inactive|suspended|closed|expired)", 2, 1, True),
        (r"message (?:is )?too (?:large|big)|size (?:limit|exceeds)|exceeds [^\n]{0,30}size",
         3, 4, True),
        (r"too many hops|mail loop|loops back|routing loop", 4, 6, True),
        (r"relay(?:ing)? (?:access )?denied|not (?:permitted|allowed) to relay", 7, 1, True),
        (r"spam|blacklist|blocklist|blocked|not accepting mail from|access denied", 7, 1, True),
        (r"timed? ?out|connection refused|(?:could not|couldn't|unable to) (?:connect|establish)"
         r"|no answer|not respond", 4, 1, False),
        (r"in the queue too long|too long in (?:the )?queue|delivery time expired", 4, 7, False),
    ))


class TextRecipient(NamedTuple):
    """A recipient found in text: its address, the text about it and what it implies.

    ``inferred`` is (class, subject, detail, phrase) when the text about the recipient has
    no code but a phrase of ``_PHRASES``."""

    address: str
    original: str | None
    context: str
    action: str
    permanent: bool
    reply_code: int | None
    inferred: tuple[int, int, int, str] | None = None


def infer_status(context: str, action: str, permanent_text: bool
                 ) -> tuple[int, int, int, str] | None:
    """(class, subject, detail, phrase) for the first phrase of ``_PHRASES`` in the text:
    class 4 when delayed or transient by nature and the text never says permanent, else 5."""
    low = context.translate(_LOWER)
    for pattern, subject, detail, by_nature in _PHRASES:
        found = pattern.search(low)
        if found is not None:
            permanent = action != "delayed" and (by_nature or permanent_text)
            return (5 if permanent else 4, subject, detail, context[found.start():found.end()])
    return None


def human_text(text: str) -> str:
    """The human-readable part: the text before the returned message, capped."""
    text = text[:_LIMIT]
    cut = _RETURNED.search(text.translate(_LOWER), 40)
    return text[:cut.start()] if cut else text


def read_text_bounce(text: str, headers: dict[str, str]) -> list[TextRecipient]:
    """The recipients the bounce text names (see the module docstring)."""
    if not text.strip():
        return []
    excluded = _own_addresses(headers)
    # The keyword patterns are lower-case and run on an ASCII-lowered copy: same length and
    # positions as the text, and several times faster than re.IGNORECASE.
    low = text.translate(_LOWER)
    delayed = bool(_DELAYED.search(low)) or "delay" in headers.get("subject", "").lower()
    permanent = not delayed and bool(_PERMANENT.search(low))
    action = "delayed" if delayed else "failed"
    sender = _ANY_ADDRESS.search(headers.get("from", ""))
    bare_domain = sender.group(0).rpartition("@")[2].lower() if sender else None
    found: dict[str, tuple[int, str, str]] = {}

    def add(address: str, position: int, context: str | None = None,
            listed: bool = False) -> None:
        address = address.strip(".,;:'\"<>[]()")
        if "@" not in address or address.lower() in excluded:
            return
        # Postmaster and daemon addresses are named in advice ("contact postmaster@..."):
        # they count only where the text lists recipients.
        if not listed and _SELF.match(address):
            return
        local, _, domain = address.rpartition("@")
        if ".." in domain:  # Sendmail: "user@example.com... User unknown"
            domain = domain.split("..", 1)[0]
            address = f"{local}@{domain}"
        if not local or ("." not in domain and not domain.startswith("[")):
            return
        key = address.lower()
        if key not in found:
            # The paragraph is cut only for new addresses: repeated ones cost nothing.
            if context is None:
                context = _paragraph(text, position)
            found[key] = (position, address, context.strip())

    for match in _ANGLE_PARAGRAPH.finditer(text):
        add(match.group(1), match.start(), listed=True)
    if not found:
        for match in _COLON_LINE.finditer(text):
            add(match.group(1), match.start())
    if not found:
        for opener in _OPENERS.finditer(low):
            _listed(text, opener.end(), add, bare_domain)
        # Every label is followed by an address on its line: only lines with "@" are read.
        line_start = 0
        for line in low.split("\n"):
            if "@" in line:
                for match in _LABELS.finditer(line):
                    group = next(index for index in range(1, 5) if match.group(index))
                    start = line_start + match.start(group)
                    address = text[start:line_start + match.end(group)]
                    if match.group(3) and not _answered(text, line_start + match.end()):
                        continue
                    add(address, line_start + match.start())
            line_start += len(line) + 1
        offset = 0
        for line in text.split("\n"):
            # Words inside addresses ("error@", "bad.example") do not count.
            if "@" in line and not line.lstrip().lower().startswith(_HEADER_WORDS) and (
                    _FAILURE.search(_ANY_ADDRESS.sub(" ", line).translate(_LOWER))):
                for match in _ANY_ADDRESS.finditer(line):
                    add(match.group(0), offset + match.start())
            offset += len(line) + 1
    if not found:
        # Yahoo: "I wasn't able to deliver the following message." then "To: address".
        for match in re.finditer(r"^To:[ \t]*<?(" + _ADDRESS + ")", text, re.MULTILINE):
            add(match.group(1), match.start())
    ordered = sorted(found.values())
    single = len(ordered) == 1
    result: list[TextRecipient] = []
    for _, address, context in ordered:
        if single and not _has_code(context):
            context = _diagnostic_lines(text) or context
        code = _REPLY.search(context)
        original = _ORIGINAL.search(context)
        inferred = None
        if not _has_code(context):
            inferred = infer_status(context if not single else text, action, permanent)
        result.append(TextRecipient(address, original.group(1) if original else None,
                                    context, action, permanent,
                                    int(code.group(1)) if code else None, inferred))
    return result


def _has_code(text: str) -> bool:
    return bool(_REPLY.search(text) or _HASH_CODE.search(text))


def _diagnostic_lines(text: str) -> str:
    """For a lone recipient: the lines of the text that carry an SMTP reply (not the
    greeting and acceptances of a transcript)."""
    positions = [found.start(1) for found in _REPLY.finditer(text)]
    positions += [found.start() for found in _HASH_CODE.finditer(text)]
    starts = sorted({text.rfind("\n", 0, position) + 1 for position in positions})
    lines = [_line(text, start).strip() for start in starts]
    return "\n".join(line for line in lines if not line.startswith(
        ("250", "220", "221", "354")))[:2000]


def _answered(text: str, end: int) -> bool:
    """Whether the transcript line after a RCPT TO carries a 4xx or 5xx reply."""
    following = text[end:end + 400].split("\n")[1:3]
    return any(re.match(r"\s*(?:received\s*)?(?:<<<|>>>)?\s*[45][0-9][0-9][ -]", line,
                        re.IGNORECASE) for line in following)


def _listed(text: str, start: int, add: Callable[[str, int, str, bool], None],
            bare_domain: str | None) -> None:
    """Addresses listed in the paragraph after an opening phrase (a blank line may come
    first), each with the indented lines under it as context."""
    lines = text[start:start + 8000].split("\n")
    position = start
    seen_any = False
    previous_added = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if seen_any:
                break
            position += len(line) + 1
            continue
        candidate = re.sub(r"^[>*\-\s]+", "", stripped)
        if "smtp=" in candidate.lower():  # X.400 in Exchange: c=US;a= ;...;dda:SMTP=address
            candidate = re.sub(r"(?i)^.*?smtp=", "", candidate)
        expanded = _EXPANDED.match(candidate)
        if expanded and previous_added:
            position += len(line) + 1
            continue
        if expanded:
            candidate = candidate[expanded.end():]
        match = _ANY_ADDRESS.search(candidate)
        previous_added = False
        if match and candidate[:match.start()].strip(" <\"'[(") == "":
            add(match.group(0), position, _indented("\n".join(lines[index:index + 8])), True)
            seen_any = previous_added = True
        elif (not seen_any and bare_domain and index < 3
              and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}", candidate)):
            # AOL names screen names without a domain: they belong to the sender's.
            add(f"{candidate}@{bare_domain}", position, _indented("\n".join(lines[index:])), True)
            seen_any = previous_added = True
        elif not seen_any and index > 6:
            break
        position += len(line) + 1


def _indented(block: str) -> str:
    lines = block.split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        if not line.strip() or (not line[:1].isspace() and _ANY_ADDRESS.match(line.strip())):
            break
        kept.append(line)
    return "\n".join(kept)


def _paragraph(text: str, start: int) -> str:
    """The paragraph from ``start``, at most 2000 characters: the text about one address."""
    limit = start + 2000
    end = text.find("\n\n", start, limit)
    block = text[start:end if end >= 0 else limit]
    # qmail: "<address>:" alone, then its reason after a blank line: keep that paragraph.
    if "\n" not in block.strip() and end >= 0:
        following = text.find("\n\n", end + 2, end + 2000)
        after = text[end + 2:following if following >= 0 else end + 2000]
        if after.strip() and not _ANGLE_PARAGRAPH.match(after.lstrip("\n")):
            block = block + "\n" + after
    return block[:2000]


def _line(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)]


def _own_addresses(headers: dict[str, str]) -> set[str]:
    own: set[str] = set()
    for name in ("to", "from", "reply-to", "return-path", "sender", "errors-to"):
        for match in _ANY_ADDRESS.finditer(headers.get(name, "")):
            own.add(match.group(0).strip(".,;:'\"<>[]()").lower())
    return own
