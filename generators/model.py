"""The registry as immutable, fully derived facts: what every template lays out.

All normalising, sorting and deriving happens here, once. Templates and the JSON writer
only read these objects.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .codes_yaml import code_sort_key

ALL_CLASSES = (2, 4, 5)

# Releases since IANA's last update that changed code but not data: the version's third
# number (see package_version). Set it back to 0 when `sync-iana --write` brings a new
# `updated` date.
CODE_RELEASE = 0

# Where a reference's document lives; RFCs link to the RFC Editor.
_REFERENCE_URLS = {
    "rfc": "https://www.rfc-editor.org/rfc/{number}",
    "draft": "https://datatracker.ietf.org/doc/{id}/",
}


@dataclass(frozen=True)
class Reference:
    type: str
    id: str
    note: str | None

    @property
    def url(self) -> str:
        template = _REFERENCE_URLS.get(self.type, "https://datatracker.ietf.org/doc/{id}/")
        return template.format(id=self.id, number=self.id.lower())

    @property
    def note_separator(self) -> str:
        """What stands between the reference and its note: ", Section 3.3" attaches."""
        return "" if self.note is None or self.note.startswith((",", ";")) else " "

    @property
    def text(self) -> str:
        """IANA's own rendering of the reference cell entry: ``[RFC7372], Section 3.3``."""
        return f"[{self.id}]{self.note_separator}{self.note or ''}"


@dataclass(frozen=True)
class Table:
    key: str
    id: str
    title: str
    references: tuple[Reference, ...]
    registration_rule: str
    expert: str


@dataclass(frozen=True)
class Entry:
    """What every record of every table has."""

    code: str
    name: str
    description: str
    references: tuple[Reference, ...]
    submitter: str | None
    change_controller: str | None
    date: datetime.date | None
    updated: datetime.date | None

    @property
    def reference_ids(self) -> tuple[str, ...]:
        return tuple(reference.id for reference in self.references)

    @property
    def reference_text(self) -> str:
        return "; ".join(reference.text for reference in self.references)

    @property
    def anchor(self) -> str:
        return anchor(self.code)

    def c_symbol(self, field: str) -> str:
        """The C array that holds this entry's ``field`` when it is too long for a C90
        string literal (509 bytes)."""
        return f"smtp_status__{field}_{self.anchor.replace('-', '_')}"

    @property
    def date_tuple(self) -> tuple[int, int, int] | None:
        return None if self.date is None else (self.date.year, self.date.month, self.date.day)


def anchor(code: str) -> str:
    """The stable HTML id of a registry entry: ``x-1-1``, ``x-1-yyy``, ``5-xxx-yyy``."""
    return code.lower().replace(".", "-")


@dataclass(frozen=True)
class HeaderEntry(Entry):
    """A row of the class or the subject table: its number and IANA's summary."""

    value: int
    summary: str


@dataclass(frozen=True)
class CodeEntry(Entry):
    subject: int
    detail: int
    sample_text: str | None
    basic_code: str | None
    basic_code_kind: str
    basic_codes: tuple[int, ...]
    basic_code_wildcards: tuple[str, ...]
    replaced_by: str | None
    deprecation_reason: str | None
    usage_prose: str | None
    prose_classes: tuple[int, ...] | None
    usage_note: str | None

    @property
    def basic_classes(self) -> tuple[int, ...]:
        """The classes IANA's associated basic codes imply: 451 is class 4, 5XX class 5."""
        if self.basic_code_kind == "any":
            return ALL_CLASSES
        digits = {code // 100 for code in self.basic_codes}
        digits |= {int(wildcard[0]) for wildcard in self.basic_code_wildcards}
        return tuple(sorted(digits & set(ALL_CLASSES)))

    @property
    def classes(self) -> tuple[int, ...]:
        """The classes the code is used with: what the prose allows plus what the basic
        codes show; all three when neither says (RFC 3463 s2: a subject "applies to each
        of the three classifications")."""
        found = set(self.prose_classes or ()) | set(self.basic_classes)
        return tuple(sorted(found)) if found else ALL_CLASSES

    @property
    def classes_source(self) -> str:
        """Where ``classes`` comes from, in words."""
        sources = []
        if self.prose_classes is not None:
            sources.append("the description")
        if self.basic_classes:
            sources.append("the associated basic codes")
        return " and ".join(sources) or "no restriction stated"

    @property
    def classes_disagree(self) -> bool:
        """The prose restricts the classes but the basic codes list another class."""
        return self.prose_classes is not None and not set(self.basic_classes) <= set(
            self.prose_classes)

    @property
    def deprecated(self) -> bool:
        return self.deprecation_reason is not None

    @property
    def replaced_by_anchor(self) -> str | None:
        return None if self.replaced_by is None else anchor(self.replaced_by)

    @property
    def packed(self) -> int:
        """The C macro value: subject and detail packed as ``subject * 1000 + detail``."""
        return self.subject * 1000 + self.detail

    @property
    def title(self) -> str:
        """What to call the code in prose: its sample text, or a note when IANA has none."""
        return self.sample_text or "(no sample text)"


@dataclass(frozen=True)
class RfcSection:
    rfc: str
    section: str

    @property
    def url(self) -> str:
        anchor = "section-" + self.section if self.section[0].isdigit() else (
            "appendix-" + self.section.removeprefix("Appendix "))
        return f"https://www.rfc-editor.org/rfc/{self.rfc.lower()}#{anchor}"

    @property
    def text(self) -> str:
        """``RFC 5321 section 4.2.3``."""
        return f"RFC {self.rfc.removeprefix('RFC')} section {self.section}"


@dataclass(frozen=True)
class ReplyCodeEntry:
    code: int
    name: str
    text: str | None
    description: str
    defined: bool
    references: tuple[RfcSection, ...]
    # Derived: the enumerated codes whose IANA basic codes list this code explicitly.
    enhanced_codes: tuple[str, ...]

    def c_symbol(self, field: str) -> str:
        """The C array that holds this reply code's ``field`` when it is too long for a C90
        string literal (509 bytes)."""
        return f"smtp_status__reply_{field}_{self.code}"

    @property
    def enhanced_codes_text(self) -> str:
        """The enhanced codes as the C table writes them: ``X.1.1 X.2.2``."""
        return " ".join(self.enhanced_codes)

    @property
    def enhanced_code_links(self) -> tuple[tuple[str, str], ...]:
        """Each enhanced code with its anchor in codes.md."""
        return tuple((code, anchor(code)) for code in self.enhanced_codes)


@dataclass(frozen=True)
class Replies:
    """The reply code registry's model: its entries in numeric order."""

    entries: tuple[ReplyCodeEntry, ...]


@dataclass(frozen=True)
class Registry:
    """The status code registry's model."""

    id: str
    title: str
    created: datetime.date
    updated: datetime.date
    source_url: str
    tables: dict[str, Table]
    classes: tuple[HeaderEntry, ...]
    subjects: tuple[HeaderEntry, ...]
    codes: tuple[CodeEntry, ...]

    @property
    def version_parts(self) -> tuple[int, int, int]:
        return package_version(self.updated, CODE_RELEASE)

    @property
    def version(self) -> str:
        """The version both packages carry (PyPI's and npm's): see package_version."""
        return ".".join(map(str, self.version_parts))


def package_version(updated: datetime.date, code_release: int) -> tuple[int, int, int]:
    """YEAR.MMDD.N: IANA's update date and the code-only releases since (2024.1206.0, then
    2024.1206.1, ...), the rule CHANGELOG.md documents.

    Three plain numbers, because npm's semver has exactly three and PEP 440 orders the same
    three the same way; a fourth number is no semver, and a pre-release or build suffix
    sorts below the release (semver) or is refused by PyPI (local versions). MONTH * 100 +
    DAY keeps the date in one number that grows with it (a day is below 100) and has no
    leading zero, which semver forbids and PEP 440 would normalise away.
    """
    return (updated.year, updated.month * 100 + updated.day, code_release)


@dataclass(frozen=True)
class Model:
    """Every registry's model part by key, and each registry's file as markers name it."""

    parts: Mapping[str, Any]
    files: Mapping[str, str]


def marker_line(files: Sequence[str], template: str | None = None) -> str:
    """The constant first line of an artifact: the tool, the sources it reads, its template."""
    made_with = f" (template {template})" if template else ""
    return (f"Code generated by python -m generators from {' and '.join(files)}{made_with}. "
            "DO NOT EDIT.")


def build_codes(data: dict[str, Any], parts: Mapping[str, Any]) -> Registry:
    """The status code registry's model; the data must already be valid."""
    meta = data["registry"]
    return Registry(
        id=meta["id"],
        title=meta["title"],
        created=datetime.date.fromisoformat(meta["created"]),
        updated=datetime.date.fromisoformat(meta["updated"]),
        source_url=meta["source"],
        tables={key: _table(key, table) for key, table in data["tables"].items()},
        classes=_headers(data["classes"], position=0),
        subjects=_headers(data["subjects"], position=1),
        codes=tuple(sorted((_code(entry) for entry in data["codes"]),
                           key=lambda entry: code_sort_key(entry.code))),
    )


def build_replies(data: dict[str, Any], parts: Mapping[str, Any]) -> Replies:
    """The reply codes, each with the enhanced codes the status code registry pairs with it."""
    codes: tuple[CodeEntry, ...] = parts["codes"].codes
    return Replies(tuple(sorted((_reply(entry, codes) for entry in data["codes"]),
                                key=lambda entry: entry.code)))


def codes_summary(data: dict[str, Any]) -> str:
    return (f"{len(data['classes'])} classes, {len(data['subjects'])} subjects, "
            f"{len(data['codes'])} codes (IANA updated {data['registry']['updated']})")


def replies_summary(data: dict[str, Any]) -> str:
    return f"{len(data['codes'])} reply codes"


def _date(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def _references(items: list[dict[str, Any]]) -> tuple[Reference, ...]:
    return tuple(Reference(item["type"], item["id"], item.get("note")) for item in items)


def _table(key: str, table: dict[str, Any]) -> Table:
    return Table(key, table["id"], table["title"], _references(table["references"]),
                 table["registration_rule"], table["expert"])


def _common(entry: dict[str, Any]) -> dict[str, Any]:
    iana = entry["iana"]
    return {
        "code": iana["code"],
        "name": entry["name"],
        "description": iana["description"],
        "references": _references(iana["references"]),
        "submitter": iana["submitter"],
        "change_controller": iana["change_controller"],
        "date": _date(iana["date"]),
        "updated": _date(iana["updated"]),
    }


def _headers(entries: list[dict[str, Any]], position: int) -> tuple[HeaderEntry, ...]:
    """Class or subject rows; ``position`` is where the number stands in ``2.XXX.YYY``."""
    return tuple(sorted(
        (HeaderEntry(**_common(entry), value=int(entry["iana"]["code"].split(".")[position]),
                     summary=entry["iana"]["summary"]) for entry in entries),
        key=lambda entry: entry.value))


def _code(entry: dict[str, Any]) -> CodeEntry:
    iana = entry["iana"]
    _, subject, detail = iana["code"].split(".")
    basic = entry["basic_codes"]
    deprecated = entry["deprecated"] or {}
    return CodeEntry(
        **_common(entry),
        subject=int(subject),
        detail=int(detail),
        sample_text=iana["sample_text"],
        basic_code=iana["basic_code"],
        basic_code_kind=basic["kind"],
        basic_codes=tuple(sorted(set(basic.get("codes", ())))),
        basic_code_wildcards=tuple(basic.get("wildcards", ())),
        replaced_by=deprecated.get("replaced_by"),
        deprecation_reason=deprecated.get("reason"),
        usage_prose=entry["usage"]["prose"],
        prose_classes=_optional_tuple(entry["usage"]["prose_classes"]),
        usage_note=entry["usage"]["note"],
    )


def _optional_tuple(values: list[int] | None) -> tuple[int, ...] | None:
    return None if values is None else tuple(sorted(values))


def _reply(entry: dict[str, Any], codes: tuple[CodeEntry, ...]) -> ReplyCodeEntry:
    return ReplyCodeEntry(
        code=entry["code"],
        name=entry["name"],
        text=entry["text"],
        description=entry["description"],
        defined=entry["defined"],
        references=tuple(RfcSection(item["rfc"], item["section"])
                         for item in entry["references"]),
        enhanced_codes=tuple(code.code for code in codes if entry["code"] in code.basic_codes),
    )
