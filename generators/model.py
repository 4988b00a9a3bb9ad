"""The registry as immutable, fully derived facts: what every template lays out.

All normalising, sorting and deriving happens here, once. Templates and the JSON writer
only read these objects.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .registry_file import code_sort_key

ALL_CLASSES = (2, 4, 5)

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
        """A stable HTML id for the entry: ``x-1-1``, ``x-1-yyy``, ``5-xxx-yyy``."""
        return self.code.lower().replace(".", "-")


@dataclass(frozen=True)
class StatusClassEntry(Entry):
    value: int
    summary: str

    @property
    def is_success(self) -> bool:
        return self.value == 2


@dataclass(frozen=True)
class SubjectEntry(Entry):
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


@dataclass(frozen=True)
class Registry:
    source_file: str
    replies_file: str
    id: str
    title: str
    created: datetime.date
    updated: datetime.date
    source_url: str
    tables: dict[str, Table]
    classes: tuple[StatusClassEntry, ...]
    subjects: tuple[SubjectEntry, ...]
    codes: tuple[CodeEntry, ...]
    replies: tuple[ReplyCodeEntry, ...]

    @property
    def version(self) -> str:
        """The package version is IANA's update date, as tzdata does: 2024.12.6."""
        return f"{self.updated.year}.{self.updated.month}.{self.updated.day}"

    @property
    def marker(self) -> str:
        """The marker line of artifacts made from the status code registry alone."""
        return marker_line([self.source_file])

    def marker_for(self, sources: tuple[str, ...]) -> str:
        """The marker line of an artifact made from the given registries ("codes", "replies")."""
        files = {"codes": self.source_file, "replies": self.replies_file}
        return marker_line([files[source] for source in sources])

    def subject(self, value: int) -> SubjectEntry:
        return next(subject for subject in self.subjects if subject.value == value)


def marker_line(files: list[str]) -> str:
    return f"Code generated by python -m generators from {' and '.join(files)}. DO NOT EDIT."


def build_model(
    data: dict[str, Any], source_file: str, reply_data: dict[str, Any], replies_file: str
) -> Registry:
    """Turn validated registry data into the model; the data must already be valid."""
    meta = data["registry"]
    codes = tuple(sorted((_code(entry) for entry in data["codes"]),
                         key=lambda entry: code_sort_key(entry.code)))
    return Registry(
        source_file=source_file,
        replies_file=replies_file,
        id=meta["id"],
        title=meta["title"],
        created=datetime.date.fromisoformat(meta["created"]),
        updated=datetime.date.fromisoformat(meta["updated"]),
        source_url=meta["source"],
        tables={key: _table(key, table) for key, table in data["tables"].items()},
        classes=tuple(sorted((_class(entry) for entry in data["classes"]),
                             key=lambda entry: entry.value)),
        subjects=tuple(sorted((_subject(entry) for entry in data["subjects"]),
                              key=lambda entry: entry.value)),
        codes=codes,
        replies=tuple(sorted((_reply(entry, codes) for entry in reply_data["codes"]),
                             key=lambda entry: entry.code)),
    )


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


def _class(entry: dict[str, Any]) -> StatusClassEntry:
    iana = entry["iana"]
    return StatusClassEntry(**_common(entry), value=int(iana["code"][0]),
                            summary=iana["summary"])


def _subject(entry: dict[str, Any]) -> SubjectEntry:
    iana = entry["iana"]
    return SubjectEntry(**_common(entry), value=int(iana["code"].split(".")[1]),
                        summary=iana["summary"])


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
