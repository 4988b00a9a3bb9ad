"""Which addresses can be recipients at all.

No mailbox holds a control character: RFC 5321 s4.1.2 allows none in a local part, quoted
or not (qtextSMTP and quoted-pairSMTP are %d32-126), nor in a domain; RFC 6531 s3.3 adds
UTF-8, and RFC 6532 s3.2 and RFC 5198 s2 keep controls out of it. An address that holds one
(C0, DEL, C1), a line or paragraph separator (U+2028, U+2029), a surrogate, or a format
character (bidi controls such as U+202E, zero-width space, U+FEFF) is therefore a broken or
forged report: it is no recipient. It is dropped with an ``invalid-address`` warning on the
Bounce, rather than kept with its controls (a handler would suppress an address nobody has)
or cleaned (which could turn a forged line into someone's real address). ZWNJ and ZWJ
(U+200C, U+200D) are format characters that IDNA2008 allows in context (RFC 5892 A.1,
A.2), so they stay; human output escapes them like every non-printable character.
"""

from __future__ import annotations

import re

from .._text import quote
from ..dsn import DSNWarning
from .types import Bounce, BouncedRecipient

__all__ = ["forbidden_character", "without_invalid_addresses"]

_PLAIN = re.compile(r"[ -~]*\Z")
_FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})


def forbidden_character(address: str) -> str | None:
    """The first character that keeps ``address`` from being a mailbox, else None."""
    if _PLAIN.match(address):
        return None
    import unicodedata

    for char in address:
        if unicodedata.category(char) in _FORBIDDEN and char not in _ALLOWED_FORMAT:
            return char
    return None


def without_invalid_addresses(bounce: Bounce) -> Bounce:
    """The bounce without the recipients whose address holds a forbidden character, each
    named in an ``invalid-address`` warning."""
    kept: list[BouncedRecipient] = []
    warnings = list(bounce.warnings)
    for recipient in bounce.recipients:
        char = forbidden_character(recipient.address)
        if char is None:
            kept.append(recipient)
            continue
        warnings.append(DSNWarning(
            "invalid-address", f"{quote(recipient.address)} holds {quote(char)}, which no "
            "mailbox can (RFC 5321 s4.1.2, RFC 6531 s3.3): not counted as a recipient"))
    if len(kept) == len(bounce.recipients):
        return bounce
    if not kept:
        warnings.append(DSNWarning("no-recipients", "a bounce, but no recipient was found"))
    return bounce._replace(recipients=tuple(kept), warnings=tuple(warnings))
