"""The bounce format registry (registry/bounce-formats.yaml): the phrases MTAs write in
their bounces, by role, each with who writes it and a bounce that shows it.

Its rules and its model, kept together because nothing else reads them. The model derives
each role's ordered, escaped phrases once; the template only lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .load import Loaded
from .paths import REPO_ROOT
from .problems import Problem

# In the order the docs page and the generated module list them.
ROLES = ("subject", "subject-end", "returned", "recipients-follow", "address-label",
         "reply-label", "delayed", "permanent", "failure", "status", "bare-name-domain")
ROLE_TITLES = {
    "subject": "the message is a bounce (its Subject starts with it)",
    "subject-end": "the message is a bounce (its Subject ends with it), unless it is a reply",
    "returned": "the returned message starts",
    "recipients-follow": "a list of recipients follows",
    "address-label": "labels an address",
    "reply-label": "labels an SMTP reply code",
    "delayed": "the message is delayed",
    "permanent": "the failure is permanent",
    "failure": "delivery to the address on its line failed",
    "status": "implies an RFC 3463 status where the text about a recipient gives no code",
    "bare-name-domain": "a domain the MTA's recipient lists leave out after a bare local name",
}
_FIXTURE = re.compile(r"tests/fixtures/bounces/[a-z0-9_-]+\.eml")
# Characters with a meaning in a Python regular expression; phrases are literal text.
_SPECIAL = frozenset(".^$*+?{}[]\\|()#")
# In a status row's phrase, " … " stands for a space and up to 40 characters of its line.
GAP = " … "
_GAP_PATTERN = " [^\\n]{0,40}"
# A bare-name-domain row's phrase: a host name (RFC 1035 s2.3.1 labels, lower-case).
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


@dataclass(frozen=True)
class FormatRow:
    mta: str
    role: str
    phrase: str
    example: str
    # The status a status row's phrase implies, "5.1.1"; None for every other role.
    status: str | None = None

    @property
    def pattern(self) -> str:
        """The phrase as a regular expression matching exactly it (each gap of a status
        row's phrase: a space, then up to 40 characters of the line)."""
        return _GAP_PATTERN.join(escape(part) for part in self.phrase.split(GAP))


@dataclass(frozen=True)
class Role:
    name: str
    title: str
    rows: tuple[FormatRow, ...]
    # The role's phrases as regular expressions, longest first so that in their
    # alternation a phrase is never shadowed by a shorter one it starts with.
    patterns: tuple[str, ...]

    @property
    def alternation(self) -> bool:
        """Whether the reader matches the role's phrases in text (a bare-name domain is
        looked up, not matched: ``BounceFormats.bare_name_domains``; status phrases are
        matched by status: ``BounceFormats.statuses``)."""
        return self.name not in ("bare-name-domain", "status")

    @property
    def constant(self) -> str:
        """The name of the role's alternation in the generated module."""
        return self.name.upper().replace("-", "_")


@dataclass(frozen=True)
class BounceFormats:
    title: str
    description: str
    rows: tuple[FormatRow, ...]
    roles: tuple[Role, ...]

    @property
    def statuses(self) -> tuple[tuple[tuple[int, int, int], tuple[str, ...]], ...]:
        """Each status the status rows imply, in the order each first appears in the
        table, with its phrases as regular expressions, longest first."""
        order: dict[str, list[FormatRow]] = {}
        for row in self.rows:
            if row.role == "status" and row.status is not None:
                order.setdefault(row.status, []).append(row)
        groups = []
        for status, rows in order.items():
            klass, subject, detail = (int(number) for number in status.split("."))
            ordered = sorted(rows, key=lambda row: (-len(row.phrase), row.phrase))
            groups.append(((klass, subject, detail), tuple(row.pattern for row in ordered)))
        return tuple(groups)

    @property
    def bare_name_domains(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each MTA with bare-name-domain rows and its domains, both in alphabetical order."""
        rows = [row for row in self.rows if row.role == "bare-name-domain"]
        return tuple((name, tuple(sorted({row.phrase for row in rows if row.mta == name})))
                     for name in sorted({row.mta for row in rows}))

    @property
    def mtas(self) -> tuple[tuple[str, tuple[FormatRow, ...]], ...]:
        """Each MTA with its rows, MTAs in alphabetical order."""
        names = sorted({row.mta for row in self.rows})
        return tuple((name, tuple(row for row in self.rows if row.mta == name))
                     for name in names)


def escape(phrase: str) -> str:
    """The phrase as a regular expression matching exactly it (spaces left readable)."""
    return "".join("\\" + char if char in _SPECIAL else char for char in phrase)


def _rows(data: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = data.get("formats") if isinstance(data, dict) else None
    for index, row in enumerate(rows if isinstance(rows, list) else ()):
        if isinstance(row, dict):
            yield index, row


def rule_problems(loaded: Loaded) -> list[Problem]:
    """Phrases lower-case and given once per role, gaps only in status phrases, a status
    on status rows alone, bare-name domains that are domain names; fixture examples that
    exist."""
    problems: list[Problem] = []
    seen: dict[tuple[object, object], int] = {}
    for index, row in _rows(loaded.data):
        phrase, role, example = row.get("phrase"), row.get("role"), row.get("example")
        if isinstance(phrase, str):
            if phrase != phrase.lower():
                problems.append(loaded.problem(("formats", index, "phrase"), (
                    f"phrase {phrase!r} is not lower-case; the reader matches phrases on "
                    "the lower-cased text (rule format-phrase-lower-case)")))
            key = (role, phrase)
            if key in seen:
                problems.append(loaded.problem(("formats", index, "phrase"), (
                    f"phrase {phrase!r} is given for role {role!r} already, in formats"
                    f"[{seen[key]}] (rule format-unique-phrase)")))
            seen.setdefault(key, index)
            if "…" in phrase and (role != "status" or any(
                    not part or "…" in part for part in phrase.split(GAP))):
                problems.append(loaded.problem(("formats", index, "phrase"), (
                    f"phrase {phrase!r} holds '…' other than as a gap between words "
                    "of a status row (' … '; rule format-gap)")))
            if role == "bare-name-domain" and not _DOMAIN.fullmatch(phrase):
                problems.append(loaded.problem(("formats", index, "phrase"), (
                    f"phrase {phrase!r} of a bare-name-domain row is not a domain name "
                    "(rule format-bare-name-domain)")))
        if (role == "status") != ("status" in row):
            problems.append(loaded.problem(
                ("formats", index, "status" if "status" in row else "role"), (
                    "a status row needs the status its phrase implies" if role == "status"
                    else f"only a status row has a status, not a {role!r} row")
                + " (rule format-status-field)"))
        # An example the schema refuses gets the schema's message alone.
        if (isinstance(example, str) and _FIXTURE.fullmatch(example)
                and not (REPO_ROOT / example).is_file()):
            problems.append(loaded.problem(("formats", index, "example"), (
                f"example {example!r} names no fixture file (rule format-example-exists)")))
    return problems


def build(data: dict[str, Any], parts: Mapping[str, Any]) -> BounceFormats:
    rows = tuple(FormatRow(row["mta"], row["role"], row["phrase"], row["example"],
                           row.get("status")) for row in data["formats"])
    roles = []
    for name in ROLES:
        mine = tuple(row for row in rows if row.role == name)
        ordered = sorted({row.phrase: row for row in mine}.values(),
                         key=lambda row: (-len(row.phrase), row.phrase))
        roles.append(Role(name, ROLE_TITLES[name], mine, tuple(row.pattern for row in ordered)))
    return BounceFormats(data["registry"]["title"], data["registry"]["description"], rows,
                         tuple(roles))


def summary(data: dict[str, Any]) -> str:
    rows = data["formats"]
    return f"{len({row['mta'] for row in rows})} MTAs, {len(rows)} phrases"
