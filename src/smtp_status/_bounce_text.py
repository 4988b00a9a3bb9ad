"""Recipients of plain-text bounces: the human-readable part of qmail, Postfix, Exim,
Sendmail, Exchange, Gmail, Yahoo and other MTAs' reports. Private to ``bounce``.

The text is first cut where the returned message starts (qmail's "--- Below this line is
a copy of the message.", Exim's "------ This is a copy of the message", Sendmail's
"----- Original message follows -----" and the like), and capped, so a huge returned
message is never scanned. Recipients are then found, in order of appearance, by:

1. ``<address>:`` opening a paragraph (qmail, Postfix without DSN, Yahoo, Exim's
   "address: reason"), the paragraph being the diagnostic;
2. an address on its own line (or "address (address)", "address on date", "> address")
   in the paragraph after an opening phrase such as "The following addresses failed:",
   "Delivery has failed to these recipients or groups:", "The following addresses had
   permanent fatal errors" (Exim, Exchange, Gmail, Sendmail, GroupWise, MDaemon);
3. a labelled address: "Intended recipient:", "Undeliverable Address:", "Failed
   Recipient:", "Your message to ADDRESS couldn't be delivered", "wasn't delivered to
   ADDRESS", "RCPT TO:<ADDRESS>" answered by a 4xx or 5xx reply, and so on;
4. failing all of these, addresses on lines that say what went wrong ("unknown",
   "does not exist", "mailbox full", "rejected" ...).

The sender's own addresses (the bounce's To, From, Reply-To, Return-Path) and the
postmaster's are never recipients.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["TextRecipient", "human_text", "read_text_bounce"]

_LIMIT = 64_000
_RETURNED = re.compile(
    r"^[ \t|>-]*(?:-+ *)?(?:"
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
    r"-+ ?original message ?-+|"
    r"-+ ?message header follows ?-+|"
    r"returned message follows|"
    r"original message details|"
    r"your message reads)", re.MULTILINE)
# An address as bounces write it: RFC 5322 s3.4.1 dot-atom local parts, RFC 6531 UTF-8.
_ADDRESS = (r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff]+"
            r"@[A-Za-z0-9\-.\[\]:\u0080-\U0010ffff]+[A-Za-z0-9\]\u0080-\U0010ffff]")
_ANY_ADDRESS = re.compile(_ADDRESS)
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
    r"unrouteable|unroutable|bad|error|not delivered|problem|[45][0-9][0-9][ -]|#[45]\.")
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
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_EXPANDED = re.compile(r"\(?(?:expanded|generated) from:?[ \t]*", re.IGNORECASE)
_ORIGINAL = re.compile(r"\((?:expanded|generated) from:?[ \t]*<?(" + _ADDRESS + r")>?",
                       re.IGNORECASE)
_SELF = re.compile(r"^(?:mailer-daemon|postmaster|mailerdaemon|mail-daemon|mdaemon|"
                   r"mail\.delivery\.system|root|abuse|noreply|no-reply)@", re.IGNORECASE)


class TextRecipient(NamedTuple):
    """A recipient found in text: its address, the text about it and what it implies."""

    address: str
    original: str | None
    context: str
    action: str
    permanent: bool
    reply_code: int | None


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

    def add(address: str, position: int, context: str) -> None:
        address = address.strip(".,;:'\"<>[]()")
        if "@" not in address or _SELF.match(address) or address.lower() in excluded:
            return
        local, _, domain = address.rpartition("@")
        if not local or ("." not in domain and not domain.startswith("[")):
            return
        key = address.lower()
        if key not in found:
            found[key] = (position, address, context.strip())

    for match in _ANGLE_PARAGRAPH.finditer(text):
        add(match.group(1), match.start(), _paragraph(text, match.start()))
    if not found:
        for match in _COLON_LINE.finditer(text):
            add(match.group(1), match.start(), _paragraph(text, match.start()))
    if not found:
        for opener in _OPENERS.finditer(low):
            _listed(text, opener.end(), add, bare_domain)
        for match in _LABELS.finditer(low):
            group = next(index for index in range(1, 5) if match.group(index))
            address = text[match.start(group):match.end(group)]
            if match.group(3) and not _answered(text, match.end()):
                continue
            add(address, match.start(), _paragraph(text, match.start()))
        offset = 0
        for line in text.split("\n"):
            if "@" in line and not line.lstrip().lower().startswith(
                    ("from:", "to:", "cc:", "reply-to:", "sender:", "mail from",
                     "return-path", "message-id")):
                for match in _ANY_ADDRESS.finditer(line):
                    if _FAILURE.search(line.replace(match.group(0), " ").translate(_LOWER)):
                        position = offset + match.start()
                        add(match.group(0), position, _paragraph(text, position))
            offset += len(line) + 1
    if not found:
        # Yahoo: "I wasn't able to deliver the following message." then "To: address".
        for match in re.finditer(r"^To:[ \t]*<?(" + _ADDRESS + ")", text, re.MULTILINE):
            add(match.group(1), match.start(), _paragraph(text, match.start()))
    ordered = sorted(found.values())
    single = len(ordered) == 1
    result: list[TextRecipient] = []
    for _, address, context in ordered:
        if single and not _has_code(context):
            context = _diagnostic_lines(text) or context
        code = _REPLY.search(context)
        original = _ORIGINAL.search(context)
        result.append(TextRecipient(address, original.group(1) if original else None,
                                    context, action, permanent,
                                    int(code.group(1)) if code else None))
    return result


def _has_code(text: str) -> bool:
    return bool(_REPLY.search(text) or re.search(r"#[245]\.[0-9]", text))


def _diagnostic_lines(text: str) -> str:
    """For a lone recipient: the lines of the text that carry an SMTP reply."""
    lines = [line.strip() for line in text.split("\n") if _has_code(line)]
    return "\n".join(line for line in lines if not line.lower().startswith(
        ("250", "220", "221", "354")))[:2000]


def _answered(text: str, end: int) -> bool:
    """Whether the transcript line after a RCPT TO carries a 4xx or 5xx reply."""
    following = text[end:end + 400].split("\n")[1:3]
    return any(re.match(r"\s*(?:received\s*)?(?:<<<|>>>)?\s*[45][0-9][0-9][ -]", line,
                        re.IGNORECASE) for line in following)


def _listed(text: str, start: int, add: Callable[[str, int, str], None],
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
            add(match.group(0), position, _indented("\n".join(lines[index:index + 8])))
            seen_any = previous_added = True
        elif (not seen_any and bare_domain and index < 3
              and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}", candidate)):
            # AOL names screen names without a domain: they belong to the sender's.
            add(f"{candidate}@{bare_domain}", position, _indented("\n".join(lines[index:])))
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
    end = text.find("\n\n", start)
    # qmail: "<address>:" then a blank line may precede nothing; keep the next paragraph
    # when the first is only the address line.
    block = text[start:end if end >= 0 else len(text)]
    if "\n" not in block.strip() and end >= 0:
        following = text.find("\n\n", end + 2)
        after = text[end + 2:following if following >= 0 else len(text)]
        if after.strip() and not _ANGLE_PARAGRAPH.match(after.lstrip("\n")):
            block = block + "\n" + after
    return block[:2000]



def _own_addresses(headers: dict[str, str]) -> set[str]:
    own: set[str] = set()
    for name in ("to", "from", "reply-to", "return-path", "sender", "errors-to"):
        for match in _ANY_ADDRESS.finditer(headers.get(name, "")):
            own.add(match.group(0).strip(".,;:'\"<>[]()").lower())
    return own
