"""The vendor registry (registry/vendor-codes.yaml): how providers use enhanced codes.

Its rules, its model and its published JSON, kept together because nothing else reads them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class VendorEntry:
    provider: str
    code: str  # as the provider lists it: 5.7.606 or the range 5.7.606-5.7.649
    first: Code
    last: Code
    reply_codes: tuple[int, ...] | None
    meaning: str
    permanent: bool
    source: str
    seen: datetime.date
    differs_from_iana: str | None
    known_inconsistency: str | None
    iana_sample_text: str | None  # IANA's text for the same X.s.d, where IANA registers it

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
    """Codes well formed, providers known, in order, no overlap, reply classes agreeing."""
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
    previous: dict[object, tuple[Code, Code, str]] = {}
    for index, entry in _entries(data):
        code, provider = entry.get("code"), entry.get("provider")
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
        if before is not None:
            if first <= before[1] and last >= before[0]:
                problems.append(loaded.problem(("entries", index, "code"), (
                    f"{code!r} overlaps {before[2]!r} of the same provider "
                    "(rule vendor-no-overlap)")))
            elif first < before[0]:
                problems.append(loaded.problem(("entries", index, "code"), (
                    f"{code!r} comes after {before[2]!r}; a provider's entries must be in "
                    "numeric order (rule vendor-sorted)")))
        previous[provider] = (first, last, code)
        replies = entry.get("reply_codes")
        if isinstance(replies, list) and entry.get("known_inconsistency") is None:
            for position, reply in enumerate(replies):
                if isinstance(reply, int) and reply // 100 != first[0]:
                    problems.append(loaded.problem(("entries", index, "reply_codes", position), (
                        f"reply code {reply} has class {reply // 100} but {code!r} has class "
                        f"{first[0]}; record it under known_inconsistency if the provider "
                        "documents it so (rule vendor-reply-class)")))
    return problems


def cross_rule_problems(loaded: Loaded, others: Mapping[str, Loaded]) -> list[Problem]:
    """``differs_from_iana`` names only codes IANA registers (as X.subject.detail)."""
    registered = {entry["iana"]["code"] for entry in others["codes"].data["codes"]}
    problems: list[Problem] = []
    for index, entry in _entries(loaded.data):
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
                               tuple(p["reply_markers"])) for p in data["providers"])
    iana = {entry.code: entry.title for entry in parts["codes"].codes}
    entries = []
    for entry in data["entries"]:
        span = parse_code_range(entry["code"])
        assert span is not None  # validated
        replies = entry["reply_codes"]
        entries.append(VendorEntry(
            provider=entry["provider"], code=entry["code"], first=span[0], last=span[1],
            reply_codes=None if replies is None else tuple(sorted(replies)),
            meaning=entry["meaning"], permanent=entry["permanent"], source=entry["source"],
            seen=datetime.date.fromisoformat(entry["seen"]),
            differs_from_iana=entry["differs_from_iana"],
            known_inconsistency=entry["known_inconsistency"],
            iana_sample_text=iana.get(f"X.{span[0][1]}.{span[0][2]}") if span[0] == span[1]
            else None))
    order = [provider.id for provider in providers]
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
             "reply_markers": list(p.reply_markers)} for p in vendors.providers],
        "entries": [
            {"provider": e.provider, "code": e.code, "first": ".".join(map(str, e.first)),
             "last": ".".join(map(str, e.last)),
             "reply_codes": None if e.reply_codes is None else list(e.reply_codes),
             "meaning": e.meaning, "permanent": e.permanent, "source": e.source,
             "seen": e.seen.isoformat(), "differs_from_iana": e.differs_from_iana,
             "known_inconsistency": e.known_inconsistency} for e in vendors.entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
