"""The vendor registry (registry/vendor-codes.yaml): how providers use enhanced codes.

Its rules, its model and its published JSON, kept together because nothing else reads them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .json_text import json_text
from .load import Loaded
from .model import anchor
from .problems import Problem

Code = tuple[int, int, int]


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    host_suffixes: tuple[str, ...]
    reply_markers: tuple[str, ...]
    reply_prefixes: tuple[str, ...]
    bounce_headers: tuple[str, ...]
    bounce_senders: tuple[str, ...]


@dataclass(frozen=True)
class VendorEntry:
    provider: str
    code: str  # as the provider lists it: 5.7.606 or the range 5.7.606-5.7.649
    first: Code
    last: Code
    reply_codes: tuple[int, ...] | None
    match_text: str | None  # as the source quotes it; the general entry of a code has None
    meaning: str
    reason: str
    permanent: bool
    source: str
    source_kind: str  # "provider" or "secondary"
    primary_source: str | None  # the provider page a secondary source quotes
    seen: datetime.date
    differs_from_iana: str | None
    known_inconsistency: str | None
    iana_sample_text: str | None  # IANA's text for the same X.s.d, where IANA registers it

    @property
    def folded_match(self) -> str | None:
        """``match_text`` as the runtime compares it: ASCII lower case (the schema keeps it
        ASCII, single-spaced)."""
        return None if self.match_text is None else self.match_text.lower()

    @property
    def source_label(self) -> str:
        """What to call the source in prose: a repository's owner/name, else the host."""
        host, _, path = self.source.removeprefix("https://").partition("/")
        if host == "github.com" and path.count("/") >= 1:
            return "/".join(path.split("/")[:2])
        return host

    @property
    def iana_code(self) -> str | None:
        """The X.s.d code IANA would register this single code under; None for a range."""
        return None if self.first != self.last else f"X.{self.first[1]}.{self.first[2]}"

    @property
    def iana_anchor(self) -> str | None:
        """Where IANA's code stands in codes.md."""
        return None if self.iana_code is None else anchor(self.iana_code)


@dataclass(frozen=True)
class VendorCodes:
    title: str
    description: str
    providers: tuple[Provider, ...]
    entries: tuple[VendorEntry, ...]

    def entries_of(self, provider: str) -> tuple[VendorEntry, ...]:
        return tuple(entry for entry in self.entries if entry.provider == provider)

    def collisions_of(self, provider: str) -> tuple[VendorEntry, ...]:
        """The provider's entries that give a code IANA registers another meaning."""
        return tuple(entry for entry in self.entries_of(provider)
                     if entry.differs_from_iana is not None)


def parse_code_range(text: str) -> tuple[Code, Code] | None:
    """(first, last) of ``5.7.606`` or ``5.7.606-5.7.649``; None when malformed.

    RFC 3463 s2: each number 1-3 digits without leading zeros; the class 2, 4 or 5.
    """
    codes: list[Code] = []
    for part in text.split("-"):
        numbers = part.split(".")
        if len(numbers) != 3 or not all(
                n.isascii() and n.isdigit() and len(n) <= 3 and (n == "0" or n[0] != "0")
                for n in numbers):
            return None
        codes.append((int(numbers[0]), int(numbers[1]), int(numbers[2])))
    if len(codes) == 1:
        return codes[0], codes[0]
    if len(codes) != 2 or codes[0][:2] != codes[1][:2] or codes[0] >= codes[1]:
        return None
    return codes[0], codes[1]


def _entries(data: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    entries = data.get("entries") if isinstance(data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if isinstance(entry, dict):
            yield index, entry


def rule_problems(loaded: Loaded) -> list[Problem]:
    """Codes well formed, providers known, in order, no overlap, reply classes agreeing,
    secondary entries with their primary page, every entry dated (that each reason is one
    of bounce-reasons.yaml is a cross-rule)."""
    data = loaded.data
    providers = data.get("providers") if isinstance(data, dict) else None
    known = [p.get("id") for p in providers if isinstance(p, dict)] if isinstance(
        providers, list) else []
    problems: list[Problem] = []
    seen_ids: set[object] = set()
    for index, provider in enumerate(known):
        if provider in seen_ids:
            problems.append(loaded.problem(("providers", index, "id"), (
                f"duplicate provider {provider!r} (rule vendor-unique-provider)")))
        seen_ids.add(provider)
    # Per provider: the last entry's span, and the entries sharing it (variants of one code).
    previous: dict[object, tuple[Code, Code, str, list[dict[str, Any]]]] = {}
    for index, entry in _entries(data):
        code, provider = entry.get("code"), entry.get("provider")
        problems += _entry_problems(loaded, index, entry)
        if not isinstance(code, str):
            continue  # the schema says what is wrong
        if provider not in known:
            problems.append(loaded.problem(("entries", index, "provider"), (
                f"provider {provider!r} is not in the providers table "
                "(rule vendor-provider-known)")))
        span = parse_code_range(code)
        if span is None:
            problems.append(loaded.problem(("entries", index, "code"), (
                f"{code!r} is not a class-specific code (5.7.606) or a rising range "
                "within one class and subject (5.7.606-5.7.649), without leading zeros "
                "(RFC 3463 s2) (rule vendor-code-syntax)")))
            continue
        first, last = span
        before = previous.get(provider)
        group: list[dict[str, Any]] = []
        if before is not None and (first, last) == before[:2]:
            group = before[3]
            twin = next((other for other in group if _alike(other, entry)), None)
            if twin is not None:
                problems.append(loaded.problem(("entries", index, "code"), (
                    f"{code!r} repeats an entry of the same provider with the same match_text "
                    "and a reply code in common; no reply could tell them apart "
                    "(rule vendor-no-overlap)")))
            shadow = next((other for other in group if _shadows(other, entry)), None)
            if twin is None and shadow is not None:
                problems.append(loaded.problem(("entries", index, "match_text"), (
                    f"{entry['match_text']!r} contains {shadow['match_text']!r}, the match_text "
                    f"of an earlier {code!r} entry with a reply code in common, so no reply "
                    "reaches this one; put it first (rule vendor-match-reachable)")))
        elif before is not None and first <= before[1] and last >= before[0]:
            problems.append(loaded.problem(("entries", index, "code"), (
                f"{code!r} overlaps {before[2]!r} of the same provider "
                "(rule vendor-no-overlap)")))
        elif before is not None and first < before[0]:
            problems.append(loaded.problem(("entries", index, "code"), (
                f"{code!r} comes after {before[2]!r}; a provider's entries must be in "
                "numeric order (rule vendor-sorted)")))
        previous[provider] = (first, last, code, [*group, entry])
        replies = entry.get("reply_codes")
        if isinstance(replies, list) and entry.get("known_inconsistency") is None:
            for position, reply in enumerate(replies):
                if isinstance(reply, int) and reply // 100 != first[0]:
                    problems.append(loaded.problem(("entries", index, "reply_codes", position), (
                        f"reply code {reply} has class {reply // 100} but {code!r} has class "
                        f"{first[0]}; record it under known_inconsistency if the provider "
                        "documents it so (rule vendor-reply-class)")))
    return problems


def _folded_match(entry: dict[str, Any]) -> str | None:
    text = entry.get("match_text")
    return text.lower() if isinstance(text, str) else None


def _share_replies(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether a reply code could match both entries (null pairs with every reply code)."""
    replies = [entry.get("reply_codes") for entry in (one, other)]
    return (not isinstance(replies[0], list) or not isinstance(replies[1], list)
            or bool(set(replies[0]) & set(replies[1])))


def _alike(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether one reply could match both entries of a code: the same match_text (or none),
    and reply codes in common."""
    return _share_replies(one, other) and _folded_match(one) == _folded_match(other)


def _shadows(earlier: dict[str, Any], later: dict[str, Any]) -> bool:
    """Whether every reply that contains the later entry's match_text matches the earlier
    entry first (lookups take the first variant whose text matches)."""
    first, second = _folded_match(earlier), _folded_match(later)
    return (first is not None and second is not None and first in second
            and _share_replies(earlier, later))


def _entry_problems(loaded: Loaded, index: int, entry: dict[str, Any]) -> list[Problem]:
    """One entry's own fields: its date, and a secondary entry's primary page."""
    problems: list[Problem] = []
    code, kind = entry.get("code"), entry.get("source_kind")
    if "seen" in entry and entry["seen"] is None:
        why = ("a secondary source can change, so its entry must say when it was read"
               if kind == "secondary" else "every entry must say when its source was seen")
        problems.append(loaded.problem(("entries", index, "seen"), (
            f"{code!r} gives no date: {why} (seen: YYYY-MM-DD) (rule vendor-dated)")))
    primary = entry.get("primary_source")
    if kind == "secondary" and "primary_source" in entry and primary is None:
        problems.append(loaded.problem(("entries", index, "primary_source"), (
            f"{code!r} is a secondary entry, so primary_source must name the provider page "
            "its source quotes (rule vendor-secondary-primary)")))
    elif kind == "provider" and primary is not None:
        problems.append(loaded.problem(("entries", index, "primary_source"), (
            f"{code!r} is a provider entry, so primary_source must be null; mark it "
            "source_kind: secondary if its source quotes another page "
            "(rule vendor-secondary-primary)")))
    return problems


def cross_rule_problems(loaded: Loaded, others: Mapping[str, Loaded]) -> list[Problem]:
    """``differs_from_iana`` names only codes IANA registers (as X.subject.detail), and
    every entry's reason is a reason of bounce-reasons.yaml."""
    registered = {entry["iana"]["code"] for entry in others["codes"].data["codes"]}
    reasons = {reason["id"] for reason in others["reasons"].data["reasons"]}
    problems: list[Problem] = []
    for index, entry in _entries(loaded.data):
        if entry["reason"] not in reasons:
            problems.append(loaded.problem(("entries", index, "reason"), (
                f"reason {entry['reason']!r} is not a reason of bounce-reasons.yaml "
                "(rule vendor-reason-known)")))
        if entry.get("differs_from_iana") is None:
            continue
        span = parse_code_range(entry["code"])
        iana = None if span is None or span[0] != span[1] else f"X.{span[0][1]}.{span[0][2]}"
        if iana not in registered:
            problems.append(loaded.problem(("entries", index, "differs_from_iana"), (
                f"{entry['code']!r} is compared with IANA's {iana or 'range'}, which IANA does "
                "not register (rule vendor-differs-registered)")))
    return problems


def build(data: dict[str, Any], parts: Mapping[str, Any]) -> VendorCodes:
    providers = tuple(Provider(p["id"], p["name"], tuple(p["host_suffixes"]),
                               tuple(p["reply_markers"]), tuple(p["reply_prefixes"]),
                               tuple(p["bounce_headers"]), tuple(p["bounce_senders"]))
                      for p in data["providers"])
    iana = {entry.code: entry.title for entry in parts["codes"].codes}
    entries = []
    for entry in data["entries"]:
        span = parse_code_range(entry["code"])
        assert span is not None  # validated
        replies = entry["reply_codes"]
        entries.append(VendorEntry(
            provider=entry["provider"], code=entry["code"], first=span[0], last=span[1],
            reply_codes=None if replies is None else tuple(sorted(replies)),
            match_text=entry["match_text"], meaning=entry["meaning"], reason=entry["reason"],
            permanent=entry["permanent"], source=entry["source"],
            source_kind=entry["source_kind"], primary_source=entry["primary_source"],
            seen=datetime.date.fromisoformat(entry["seen"]),
            differs_from_iana=entry["differs_from_iana"],
            known_inconsistency=entry["known_inconsistency"],
            iana_sample_text=iana.get(f"X.{span[0][1]}.{span[0][2]}") if span[0] == span[1]
            else None))
    order = [provider.id for provider in providers]
    # Stable: the variants of one code keep the registry's order, which lookups follow.
    entries.sort(key=lambda entry: (order.index(entry.provider), entry.first))
    return VendorCodes(data["registry"]["title"], data["registry"]["description"],
                       providers, tuple(entries))


def summary(data: dict[str, Any]) -> str:
    return f"{len(data['providers'])} providers, {len(data['entries'])} entries"


def provider_pages(parts: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """One docs page per provider: its output path and what its template adds."""
    vendors: VendorCodes = parts["vendors"]
    for provider in vendors.providers:
        yield f"docs/vendor-{provider.id}.md", {
            "provider": provider, "entries": vendors.entries_of(provider.id),
            "collisions": vendors.collisions_of(provider.id)}


def vendor_json(parts: Mapping[str, Any], marker: str) -> str:
    """The published JSON: providers and entries with the JSON's field names."""
    from .published_json import FORMAT_VERSION

    vendors: VendorCodes = parts["vendors"]
    document = {
        "_generated": marker,
        "format_version": FORMAT_VERSION,
        "registry": {"title": vendors.title, "description": vendors.description},
        "providers": [
            {"id": p.id, "name": p.name, "host_suffixes": list(p.host_suffixes),
             "reply_markers": list(p.reply_markers), "reply_prefixes": list(p.reply_prefixes),
             "bounce_headers": list(p.bounce_headers),
             "bounce_senders": list(p.bounce_senders)} for p in vendors.providers],
        "entries": [
            {"provider": e.provider, "code": e.code, "first": ".".join(map(str, e.first)),
             "last": ".".join(map(str, e.last)),
             "reply_codes": None if e.reply_codes is None else list(e.reply_codes),
             "match_text": e.match_text, "meaning": e.meaning, "reason": e.reason,
             "permanent": e.permanent, "source": e.source, "source_kind": e.source_kind,
             "primary_source": e.primary_source, "seen": e.seen.isoformat(),
             "differs_from_iana": e.differs_from_iana,
             "known_inconsistency": e.known_inconsistency} for e in vendors.entries],
    }
    return json_text(document)
