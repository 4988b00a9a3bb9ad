"""The bounce reason registry (registry/bounce-reasons.yaml): why a recipient bounced.

Its rules, its model and its published JSON, kept together because nothing else reads them.
The runtime that applies the classification rows is src/smtp_status/reasons.py (Python) and
src/npm/reasons.cjs (JavaScript); both read what ``build`` derives here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .json_text import json_text
from .load import Loaded
from .paths import REPO_ROOT
from .problems import Problem

# registries.py imports this module while it is being built: no import back from it.
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "bounces"
# A file of ../shared/bounce-corpus/emails: its family, then a number.
_FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+")  # the schema's pattern says what else is wrong
_FIXTURE_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\.(?:eml|mbox)")
_CORPUS_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{2,}\.eml")
# One side of a status pattern: a class digit or X, then a subject and a detail, each
# digits (1 to 3, no leading zero) or X.
_NUMBER = r"(?:0|[1-9][0-9]{0,2})"
_SIDE = rf"([245X])\.({_NUMBER}|X)\.({_NUMBER}|X)"
_PATTERN = re.compile(rf"{_SIDE}(?:-{_SIDE})?")

# "stop-mailing" is for complaints (RFC 5965): the address is good, its owner wants no mail.
ADVICE = ("suppress", "stop-mailing", "retry", "fix-sending", "fix-message", "none")
# (class, subject, lowest detail, highest detail); None where any value matches.
StatusMatch = tuple[int | None, int | None, int | None, int | None]


NO_STATUS: StatusMatch = (-1, None, None, None)


def parse_status_pattern(text: str) -> StatusMatch | None:
    """``X.1.1``, ``5.X.X``, ``X.7.X`` or a range ``X.7.20-X.7.26``; None when malformed.

    A range stays within one class and one subject and rises; its ends name every number.
    ``none`` matches only when no status is given: NO_STATUS, class -1.
    """
    if text == "none":
        return NO_STATUS
    found = _PATTERN.fullmatch(text)
    if found is None:
        return None
    klass, subject, detail, klass2, subject2, detail2 = found.groups()

    def number(value: str) -> int | None:
        return None if value == "X" else int(value)

    if klass2 is None:
        low = number(detail)
        return number(klass), number(subject), low, low
    if (klass2 != klass or subject2 != subject or "X" in (subject, detail, detail2)
            or int(detail2) <= int(detail)):
        return None
    return number(klass), int(subject), int(detail), int(detail2)


def covers(outer: StatusMatch | None, inner: StatusMatch | None) -> bool:
    """Whether every status ``inner`` matches is matched by ``outer`` (None: any status)."""
    if outer is None:
        return True
    if inner is None or (outer == NO_STATUS) != (inner == NO_STATUS):
        return False
    for mine, theirs in zip(outer[:2], inner[:2], strict=True):
        if mine is not None and mine != theirs:
            return False
    if outer[2] is None:
        return True
    return inner[2] is not None and inner[3] is not None and (
        outer[2] <= inner[2] and inner[3] <= (outer[3] or outer[2]))


@dataclass(frozen=True)
class Taxonomy:
    id: str
    name: str
    source: str


@dataclass(frozen=True)
class Mapping_:
    taxonomy: str
    value: Any  # a list of names (sisimai), {type, subtype} (ses) or a name
    source: str

    @property
    def text(self) -> str:
        """The mapping as the docs show it."""
        if isinstance(self.value, list):
            return ", ".join(self.value)
        if isinstance(self.value, dict):
            return f"{self.value['type']}/{self.value['subtype']}"
        return str(self.value)


@dataclass(frozen=True)
class Reason:
    id: str
    definition: str
    hard: bool | str  # True, False, or "unless-transient"
    advice: str
    soft_advice: str | None
    maps_to: tuple[Mapping_, ...]

    @property
    def hard_text(self) -> str:
        return "yes" if self.hard is True else "no" if self.hard is False else "unless transient"

    def mapping(self, taxonomy: str) -> Mapping_ | None:
        return next((m for m in self.maps_to if m.taxonomy == taxonomy), None)


@dataclass(frozen=True)
class Rule:
    id: str
    tier: int
    reason: str
    status: str | None
    status_match: StatusMatch | None
    reply_codes: tuple[int, ...]
    text_any: tuple[str, ...]
    text_all: tuple[str, ...]
    provider: str | None
    source: str | None
    example_file: str | None
    example_recipient: int

    @property
    def conditions(self) -> str:
        """The row's conditions in one line, for the docs."""
        parts = []
        if self.status is not None:
            parts.append(f"status {self.status}")
        if self.reply_codes:
            parts.append("reply " + " or ".join(map(str, self.reply_codes)))
        if self.provider is not None:
            parts.append(f"provider {self.provider}")
        if self.text_any:
            parts.append("text has any of " + ", ".join(f'"{t}"' for t in self.text_any))
        if self.text_all:
            parts.append("text has all of " + ", ".join(f'"{t}"' for t in self.text_all))
        return "; ".join(parts) or "always"


@dataclass(frozen=True)
class BounceReasons:
    title: str
    description: str
    taxonomies: tuple[Taxonomy, ...]
    reasons: tuple[Reason, ...]
    rules: tuple[Rule, ...]

    @property
    def advice_values(self) -> tuple[str, ...]:
        """The advice vocabulary, in the schema's order (ADVICE above is its one home)."""
        return ADVICE

    def rules_of(self, reason: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.reason == reason)


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict):
            yield index, item


def _unique(loaded: Loaded, key: str, rule: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[object, int] = {}
    for index, item in _items(loaded.data, key):
        value = item.get("id")
        if not isinstance(value, str):
            continue
        if value in first:
            line = loaded.mark((key, first[value], "id"))[0]
            problems.append(loaded.problem((key, index, "id"), (
                f"duplicate id {value!r} (first on line {line}) (rule {rule})")))
        else:
            first[value] = index
    return problems


def rule_problems(loaded: Loaded) -> list[Problem]:
    """Ids unique, advice agreeing with hardness, rules well formed, cited and reachable."""
    data = loaded.data
    problems = _unique(loaded, "taxonomies", "reason-unique-id")
    problems += _unique(loaded, "reasons", "reason-unique-id")
    problems += _unique(loaded, "rules", "reason-unique-id")
    taxonomies = {item.get("id") for _, item in _items(data, "taxonomies")}
    reasons: set[object] = set()
    for index, reason in _items(data, "reasons"):
        reasons.add(reason.get("id"))
        problems += _advice_problems(loaded, index, reason)
        for taxonomy in reason.get("maps_to") or {}:
            if taxonomy not in taxonomies:
                problems.append(loaded.problem(("reasons", index, "maps_to", taxonomy), (
                    f"taxonomy {taxonomy!r} is not in the taxonomies table "
                    "(rule reason-taxonomy-known)"), at_key=True))
    earlier: list[tuple[str, StatusMatch | None]] = []
    rules = list(_items(data, "rules"))
    tier = 1
    for index, rule in rules:
        problems += _row_problems(loaded, index, rule, reasons, earlier)
        if isinstance(rule.get("tier"), int):
            if rule["tier"] < tier:
                problems.append(loaded.problem(("rules", index, "tier"), (
                    f"rule {rule.get('id')!r} of tier {rule['tier']} comes after a rule of "
                    f"tier {tier}; rows are in tier order (rule reason-tier-order)")))
            tier = max(tier, rule["tier"])
    if rules:
        index, last = rules[-1]
        if any(key in last for key in ("status", "reply_codes", "text_any", "text_all",
                                       "provider")):
            problems.append(loaded.problem(("rules", index), (
                f"the last rule {last.get('id')!r} has conditions; the last row must have "
                "none, so that every reply gets a rule (rule reason-rule-last)")))
    return problems


def _advice_problems(loaded: Loaded, index: int, reason: dict[str, Any]) -> list[Problem]:
    hard, advice, soft = reason.get("hard"), reason.get("advice"), reason.get("soft_advice")
    name = reason.get("id")
    problems: list[Problem] = []
    if (advice == "suppress") != (hard in (True, "unless-transient")):
        problems.append(loaded.problem(("reasons", index, "advice"), (
            f"reason {name!r} advises {advice!r} but hard is {hard!r}; only a hard reason "
            "advises suppress, and every hard reason does (rule reason-suppress-hard)")))
    if (soft is not None) != (hard == "unless-transient"):
        problems.append(loaded.problem(("reasons", index, "soft_advice" if soft else "hard"), (
            f"reason {name!r}: soft_advice is given exactly when hard is 'unless-transient' "
            "(rule reason-soft-advice)")))
    elif soft == "suppress":
        problems.append(loaded.problem(("reasons", index, "soft_advice"), (
            f"reason {name!r}: soft_advice 'suppress' would suppress an address that is not "
            "hard (rule reason-soft-advice)")))
    return problems


def _row_problems(loaded: Loaded, index: int, rule: dict[str, Any], reasons: set[object],
                  earlier: list[tuple[str, StatusMatch | None]]) -> list[Problem]:
    problems: list[Problem] = []
    name = rule.get("id")
    if rule.get("reason") not in reasons:
        problems.append(loaded.problem(("rules", index, "reason"), (
            f"reason {rule.get('reason')!r} is not in the reasons table "
            "(rule reason-known)")))
    if "source" not in rule and "example" not in rule:
        problems.append(loaded.problem(("rules", index), (
            f"rule {name!r} has neither a source nor an example; every rule cites the RFC, "
            "page or documentation it comes from, or a bounce it was seen in "
            "(rule reason-rule-evidence)")))
    example = rule.get("example")
    if isinstance(example, dict) and isinstance(example.get("file"), str):
        file = example["file"]
        # A registry checked outside the project (a fork's hooks) has no fixtures to look in.
        fixture = (FIXTURES / file).is_file() if FIXTURES.is_dir() else (
            _FIXTURE_NAME.fullmatch(file) is not None)
        if _FILE_NAME.fullmatch(file) and not fixture and _CORPUS_NAME.fullmatch(file) is None:
            problems.append(loaded.problem(("rules", index, "example", "file"), (
                f"example {file!r} is neither a file of tests/fixtures/bounces nor a bounce "
                "corpus file name such as 'lhost-postfix-01.eml' (rule reason-example-file)")))
    status = rule.get("status")
    match: StatusMatch | None = None
    if isinstance(status, str):
        match = parse_status_pattern(status)
        if match is None:
            problems.append(loaded.problem(("rules", index, "status"), (
                f"{status!r} is not a status pattern: CLASS.SUBJECT.DETAIL with a class of "
                "2, 4, 5 or X and numbers (no leading zero) or X, a rising range within "
                "one class and subject such as X.7.20-X.7.26, or none "
                "(rule reason-status-pattern)")))
            return problems
    for fragment_key in ("text_any", "text_all"):
        for position, fragment in enumerate(rule.get(fragment_key) or ()):
            if not isinstance(fragment, str):
                continue
            if "  " in fragment:
                problems.append(loaded.problem(("rules", index, fragment_key, position), (
                    f"{fragment!r} holds two spaces in a row; the text is matched with every "
                    "run of whitespace folded to one space (rule reason-text-fragment)")))
            elif fragment != fragment.lower():
                problems.append(loaded.problem(("rules", index, fragment_key, position), (
                    f"{fragment!r} holds upper-case letters; the text is matched lower-cased, "
                    "so it could never match (rule reason-text-fragment)")))
    conditional = any(key in rule for key in ("reply_codes", "text_any", "text_all",
                                              "provider"))
    for before, before_match in earlier:
        if covers(before_match, match if "status" in rule else None):
            problems.append(loaded.problem(("rules", index), (
                f"rule {name!r} can never decide: rule {before!r} before it matches every "
                "status it matches, whatever the text (rule reason-rule-reachable)")))
            break
    if not conditional:
        earlier.append((str(name), match if "status" in rule else None))
    return problems


def cross_rule_problems(loaded: Loaded, others: Mapping[str, Loaded]) -> list[Problem]:
    """A rule's provider is one the vendor registry knows (when that registry is read)."""
    if "vendors" not in others:
        return []
    providers = {p["id"] for p in others["vendors"].data["providers"]}
    return [loaded.problem(("rules", index, "provider"), (
                f"provider {rule['provider']!r} is not in vendor-codes.yaml's providers "
                "(rule reason-provider-known)"))
            for index, rule in _items(loaded.data, "rules")
            if "provider" in rule and rule["provider"] not in providers]


def build(data: dict[str, Any], parts: Mapping[str, Any]) -> BounceReasons:
    taxonomies = tuple(Taxonomy(t["id"], t["name"], t["source"]) for t in data["taxonomies"])
    sources = {t.id: t.source for t in taxonomies}
    order = [t.id for t in taxonomies]
    reasons = []
    for reason in data["reasons"]:
        mappings = []
        for taxonomy in sorted(reason["maps_to"], key=order.index):
            value = reason["maps_to"][taxonomy]
            source = sources[taxonomy]
            if taxonomy == "sisimai":  # its page gives each reason an anchor of its own
                source += f"#{value[0]}"
            mappings.append(Mapping_(taxonomy, value, source))
        reasons.append(Reason(reason["id"], reason["definition"], reason["hard"],
                              reason["advice"], reason.get("soft_advice"), tuple(mappings)))
    rules = []
    for rule in data["rules"]:
        status = rule.get("status")
        example = rule.get("example") or {}
        rules.append(Rule(
            id=rule["id"], tier=rule["tier"], reason=rule["reason"], status=status,
            status_match=None if status is None else parse_status_pattern(status),
            reply_codes=tuple(rule.get("reply_codes", ())),
            text_any=tuple(rule.get("text_any", ())), text_all=tuple(rule.get("text_all", ())),
            provider=rule.get("provider"), source=rule.get("source"),
            example_file=example.get("file"), example_recipient=example.get("recipient", 1)))
    return BounceReasons(data["registry"]["title"], data["registry"]["description"],
                         taxonomies, tuple(reasons), tuple(rules))


def summary(data: dict[str, Any]) -> str:
    return f"{len(data['reasons'])} reasons, {len(data['rules'])} rules"


def reasons_json(parts: Mapping[str, Any], marker: str) -> str:
    """The published JSON: taxonomies, reasons with their mappings, and the ordered rules."""
    from .published_json import FORMAT_VERSION

    model: BounceReasons = parts["reasons"]
    document = {
        "_generated": marker,
        "format_version": FORMAT_VERSION,
        "registry": {"title": model.title, "description": model.description},
        "taxonomies": [{"id": t.id, "name": t.name, "source": t.source}
                       for t in model.taxonomies],
        "reasons": [{
            "id": r.id, "definition": r.definition, "hard": r.hard, "advice": r.advice,
            "soft_advice": r.soft_advice,
            "maps_to": {m.taxonomy: m.value for m in r.maps_to},
            "mapping_sources": {m.taxonomy: m.source for m in r.maps_to},
        } for r in model.reasons],
        "rules": [{
            "id": rule.id, "tier": rule.tier, "reason": rule.reason, "status": rule.status,
            "status_match": None if rule.status_match is None else list(rule.status_match),
            "reply_codes": list(rule.reply_codes), "text_any": list(rule.text_any),
            "text_all": list(rule.text_all), "provider": rule.provider, "source": rule.source,
            "example": None if rule.example_file is None else {
                "file": rule.example_file, "recipient": rule.example_recipient},
        } for rule in model.rules],
    }
    return json_text(document)
