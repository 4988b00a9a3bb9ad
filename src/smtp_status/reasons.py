"""Why a recipient bounced, whether the address itself is bad, and what to do about it.

>>> classify("5.1.1", 550, "No such user")
Classification(reason='user-unknown', hard=True, advice='suppress', rule='code-bad-mailbox')
>>> classify("5.1.1", 550, "Rate limit exceeded, try later")
Classification(reason='rate-limited', hard=False, advice='retry', rule='text-rate')
>>> classify("5.2.2", 552, "Mailbox full").advice
'retry'

The rules are rows of registry/bounce-reasons.yaml (generated/docs/bounce-reasons.md lists
them), tried in order; the first row whose every condition holds decides, and
``Classification.rule`` names it. The precedence, in tiers: decisive text (a rate limit, a
DMARC failure, a block list) wins over any code; then a provider's own documented code
(``smtp_status.vendors``, where the host or the text names the provider); a specific code
(5.1.1, 5.2.2, 5.7.26) wins over vague text; vague text ("user unknown", "rejected") decides
under a generic code (5.0.0, 5.7.1); then generic codes by subject; the last row always
holds (``undetermined``).

Text is matched as plain substrings, never regular expressions, on the text lower-cased in
ASCII letters only with every run of ASCII whitespace folded to one space, so that the npm
package's ``classify`` gives the same answer for the same string.

``hard`` says whether the address itself is bad (an unknown user or domain, a mailbox that
has moved; a domain that accepts no mail unless the failure is transient); ``advice`` is
``suppress`` only then. It is what to do about the address: ``stop-mailing`` for a
complaint (a feedback report: the address is good, its owner wants no more mail),
``retry`` later as is,
``fix-sending`` (authentication, PTR, IP, rate), ``fix-message`` (size, content, virus) or
``none``. A bounce's ``retry`` verdict says what happened to the message; ``advice`` does not
change it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ._generated.reasons import ADVICE, REASONS, RULES, Advice, ReasonId
from ._trie import trie_pattern
from .status import StatusCode

if TYPE_CHECKING:
    from .vendors import VendorCode

__all__ = ["ADVICE", "ADVICE_TEXT", "LAST_RULE", "REASON_IDS", "Advice", "Classification",
           "ReasonId", "classify", "classify_with_vendor", "definition", "normalize_text",
           "reads_text", "vendor_classification"]

#: Every reason id, in the registry's order.
REASON_IDS: tuple[ReasonId, ...] = tuple(row[0] for row in REASONS)  # type: ignore[misc]
#: The id of the last rule, which always holds: nothing said why.
LAST_RULE: str = RULES[-1][0]
#: Each advice in the words the command line prints; only a hard bounce is told to suppress.
ADVICE_TEXT: dict[str, str] = {
    "suppress": "suppress the address (a hard bounce: the address itself is bad)",
    "stop-mailing": "stop mailing the address (its owner complained; the address is good)",
    "retry": "retry later (keep the address)",
    "fix-sending": "fix the sending setup: authentication, PTR, IP or rate (keep the address)",
    "fix-message": "fix the message: size, content or attachments (keep the address)",
    "none": "nothing to do about the address (keep it)",
}


class Classification(NamedTuple):
    """Why the delivery failed (``reason``), whether the address is bad (``hard``), what to
    do about it (``advice``), and the id of the rule that decided (``rule``)."""

    reason: ReasonId
    hard: bool
    advice: Advice
    rule: str


# A rule as the loop reads it: id, reason, class, subject, lowest and highest detail (None:
# any), whether it needs a status, reply codes, the ids of the fragments of which one must
# appear, the ids of those that must all appear, provider.
_Row = tuple[str, str, int | None, int | None, int | None, int | None, bool,
             frozenset[int], frozenset[int], frozenset[int], str | None]
_rows: list[_Row] | None = None
_reasons: dict[str, tuple[bool | None, str, str | None]] = {}
_tiers: dict[str, int] = {}
# The ids of the rows with a text condition: a row without one decides by codes alone.
_reads_text: set[str] = set()
# Every fragment by its first three bytes: a text holds a fragment only if it holds its
# first three bytes, so each call on a long text tests only the few whose start it holds.
_by_start: dict[bytes, list[tuple[int, bytes]]] = {}
# Every fragment in one pattern, shaped as a trie so that a match at a position is the
# longest fragment there; and, by fragment, the ids of every fragment it holds (itself, the
# shorter ones at its start, those inside it).
_fragment_search: list[Callable[[bytes, int], re.Match[bytes] | None]] = []
_held: dict[bytes, frozenset[int]] = {}
_COMPILING = threading.Lock()


def _compiled() -> list[_Row]:
    """The rules as tuples of plain values, built on the first call (import stays cheap).

    Everything is built before any of it is published, under a lock, so a thread never
    sees one part without the others.
    """
    global _rows
    if _rows is not None:
        return _rows
    with _COMPILING:
        if _rows is None:
            ids: dict[bytes, int] = {}
            by_start: dict[bytes, list[tuple[int, bytes]]] = {}

            def fragment_ids(fragments: tuple[str, ...]) -> frozenset[int]:
                found: set[int] = set()
                for text in fragments:
                    fragment = text.encode("ascii")
                    if fragment not in ids:
                        ids[fragment] = len(ids)
                        by_start.setdefault(fragment[:3], []).append((ids[fragment], fragment))
                    found.add(ids[fragment])
                return frozenset(found)

            rows: list[_Row] = []
            for rule_id, reason, match, replies, any_of, all_of, provider, tier in RULES:
                _tiers[rule_id] = tier
                if any_of or all_of:
                    _reads_text.add(rule_id)
                klass, subject, low, high = match if match is not None else (None,) * 4
                rows.append((rule_id, reason, klass, subject, low, high, match is not None,
                             frozenset(replies), fragment_ids(any_of), fragment_ids(all_of),
                             provider))
            _reasons.update({row[0]: (row[1], row[2], row[3]) for row in REASONS})
            _by_start.update(by_start)
            _held.update({fragment: frozenset(ids[other] for other in ids if other in fragment)
                          for fragment in ids})
            _fragment_search.append(re.compile(trie_pattern(
                fragment.decode("ascii") for fragment in ids).encode("ascii")).search)
            _rows = rows
    return _rows


_Candidate = tuple[str, str, frozenset[int], frozenset[int], str | None, int]
# The rows whose status and reply code conditions hold, by (class, subject, detail, reply
# code): a few hundred keys cover real traffic, so the loop then tests only the text.
_candidates: dict[tuple[int, int, int, int | None], tuple[_Candidate, ...]] = {}
_CANDIDATE_KEYS = 4096
_NOTHING: frozenset[int] = frozenset()
# Texts up to this size are searched with the trie; longer ones by their starts.
_SHORT = 2048


def _candidates_for(klass: int, subject: int, detail: int, reply_code: int | None
                    ) -> tuple[_Candidate, ...]:
    found: list[_Candidate] = []
    for (rule_id, reason, want_class, want_subject, low, high, has_status, replies, any_of,
         all_of, provider) in _compiled():
        # A class of -1 is the pattern "none", and klass is -1 when no status is given.
        if has_status and ((klass == -1 if want_class is None else want_class != klass) or (
                want_subject is not None and want_subject != subject) or (
                low is not None and not low <= detail <= high)):  # type: ignore[operator]
            continue
        if replies and reply_code not in replies:
            continue
        found.append((rule_id, reason, any_of, all_of, provider, _tiers[rule_id]))
        if not (any_of or all_of or provider):
            break  # this row always holds here: none after it can decide
    if len(_candidates) >= _CANDIDATE_KEYS:
        _candidates.clear()
    candidates = _candidates[(klass, subject, detail, reply_code)] = tuple(found)
    return candidates


def _present(text: bytes) -> set[int]:
    """The ids of every fragment the normalized text holds."""
    present: set[int] = set()
    if len(text) <= _SHORT:
        # One search per position where a fragment starts, resumed one byte after it: a
        # fragment that starts inside a longer one and runs past it is found at its own
        # start; the longest at each start holds the others (_held).
        search = _fragment_search[0]
        found = search(text, 0)
        while found is not None:
            present |= _held[found.group()]
            found = search(text, found.start() + 1)
        return present
    # A long text: a scan per start, in C, bounds the searches by the starts, not the text.
    for start in [start for start in _by_start if start in text]:
        for fragment_id, fragment in _by_start[start]:
            if fragment in text:
                present.add(fragment_id)
    return present


def reads_text(rule: str) -> bool:
    """Whether the rule of that id decides by the text (a ``text_any`` or ``text_all``
    condition); False for a row of codes alone, the last row and a provider's code."""
    _compiled()
    return rule in _reads_text


def definition(reason: str) -> str:
    """What a reason id means, in this project's words; KeyError for an unknown id."""
    for row in REASONS:
        if row[0] == reason:
            return row[4]
    raise KeyError(reason)


def normalize_text(text: str) -> bytes:
    """The text as rules match it: ASCII letters lower-cased, whitespace runs as one space.

    Non-ASCII characters are kept as their UTF-8 bytes (lone surrogates too), so no case
    mapping beyond ASCII can make two languages disagree.
    """
    return b" ".join(text.encode("utf-8", "surrogatepass").lower().split())


def classify(status: StatusCode | str | None = None, reply_code: int | None = None,
             text: str | None = None, host: str | None = None) -> Classification:
    """The reason a reply or a bounced recipient gives; never None (the last rule holds).

    ``status`` is the enhanced status code (a StatusCode, or text that StatusCode.parse
    reads; InvalidStatusCode otherwise), ``reply_code`` the 3-digit reply code, ``text`` the
    reply or diagnostic text, ``host`` the remote host. Where the host or the text names a
    provider that documents the code (``smtp_status.vendors``), the provider's reason counts
    as a specific code: only decisive text (tier 1) wins over it, and ``rule`` is
    ``vendor:PROVIDER:CODE``.
    """
    if isinstance(status, str):
        status = StatusCode.parse(status)
    return _classify(status, reply_code, text, host, _LOOK_UP)


def classify_with_vendor(status: StatusCode | None, reply_code: int | None, text: str | None,
                         host: str | None, vendor: VendorCode | None) -> Classification:
    """``classify`` for a caller that already knows the provider's entry for the code
    (``vendor``; None: no provider documents it), as the bounce reader does."""
    return _classify(status, reply_code, text, host, vendor)


class _LookUp:
    """The vendor is not known yet: look it up from the host and the text."""


_LOOK_UP = _LookUp()


def _classify(status: StatusCode | None, reply_code: int | None, text: str | None,
              host: str | None, vendor: VendorCode | _LookUp | None) -> Classification:
    if status is not None:
        klass, subject, detail = status.status_class.value, status.subject, status.detail
    else:
        klass = subject = detail = -1
    key = (klass, subject, detail, reply_code)
    candidates = _candidates.get(key)
    if candidates is None:
        candidates = _candidates_for(klass, subject, detail, reply_code)
    present = _present(normalize_text(text)) if text else _NOTHING
    provider: str | bool | None = False  # False: not looked up yet
    vendor_asked = status is None
    for rule_id, reason, any_of, all_of, want_provider, tier in candidates:
        if tier > 1 and not vendor_asked:
            vendor_asked = True
            if isinstance(vendor, _LookUp):
                from .vendors import lookup_vendor

                assert status is not None
                vendor = lookup_vendor(status, reply_code=reply_code, host=host, text=text)
            if vendor is not None:
                return vendor_classification(vendor, status, reply_code)
        if any_of and present.isdisjoint(any_of):
            continue
        if all_of and not all_of <= present:
            continue
        if want_provider is not None:
            if provider is False:
                from .vendors import provider_of

                provider = provider_of(host=host, text=text)
            if provider != want_provider:
                continue
        return _classification(reason, rule_id, klass, reply_code)
    raise AssertionError("the last rule of registry/bounce-reasons.yaml always holds")


def vendor_classification(vendor: VendorCode, status: StatusCode | None = None,
                          reply_code: int | None = None) -> Classification:
    """The classification a provider's documented code gives (registry/vendor-codes.yaml
    names a reason for each entry): its word on its own code counts as a specific code,
    after decisive text (tier 1) and before every other rule.
    ``rule`` is ``vendor:PROVIDER:CODE``, such as ``vendor:microsoft:5.7.606-5.7.649``."""
    _compiled()
    klass = -1 if status is None else status.status_class.value
    return _classification(vendor.reason, f"vendor:{vendor.provider}:{vendor.code}", klass,
                           reply_code)


def _classification(reason: str, rule: str, klass: int, reply_code: int | None
                    ) -> Classification:
    hard, advice, soft_advice = _reasons[reason]
    if hard is None:  # hard unless the status (else the reply code) says it is transient
        transient = klass == 4 if klass != -1 else (
            reply_code is not None and reply_code // 100 == 4)
        hard = not transient
        if transient and soft_advice is not None:
            advice = soft_advice
    return Classification(reason, hard, advice, rule)  # type: ignore[arg-type]
