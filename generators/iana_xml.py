"""Read IANA's registry XML into the same shape as the ``iana:`` parts of our YAML.

Normalisation (documented in registry/README.md): every run of whitespace in a text is
folded to one space and the ends are trimmed; an inline ``<xref type="rfc" data="rfc6376"/>``
is written ``[RFC6376]``, as IANA's own CSV export does; an empty element is null.
"""

from __future__ import annotations

import os
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .basic_codes import BasicCodeTextError, parse_basic_code_text
from .code_syntax import code_syntax_error
from .load import MAX_BYTES, read_limited
from .problems import InputError, Problem
from .text_rules import control_character_error, real_date_error

NAMESPACE = "http://www.iana.org/assignments"

# Our table key for each IANA sub-registry, in IANA's order.
TABLES = {
    "smtp-enhanced-status-codes-1": "classes",
    "smtp-enhanced-status-codes-2": "subjects",
    "smtp-enhanced-status-codes-3": "codes",
}
# IANA element -> our field name, per table; order is the YAML's field order.
RECORD_FIELDS = {
    "classes": {"code": "code", "summary": "summary", "description": "description",
                "reference": "references", "submitter": "submitter",
                "change_controller": "change_controller"},
    "subjects": {"code": "code", "summary": "summary", "description": "description",
                 "reference": "references", "submitter": "submitter",
                 "change_controller": "change_controller"},
    "codes": {"code": "code", "sample": "sample_text", "basic_code": "basic_code",
              "description": "description", "reference": "references",
              "submitter": "submitter", "change_controller": "change_controller"},
}
RECORD_ATTRIBUTES = ("date", "updated")
# IANA's file is ~53 KB. A record turns into at most ~11 times its XML size in YAML (the
# shortest, <record><code>X.1.1</code></record>, into ~370 bytes), so 1 MiB of XML always
# merges into a registry under the loader's MAX_BYTES: whatever sync-iana accepts, it can
# write, and validate reads back. It also bounds the memory a hostile file costs.
MAX_XML_BYTES = 1024 * 1024
assert MAX_XML_BYTES * 12 < MAX_BYTES


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    content: list[Element | str] = field(default_factory=list)

    def elements(self, tag: str | None = None) -> Iterator[Element]:
        for item in self.content:
            if isinstance(item, Element) and (tag is None or item.tag == tag):
                yield item

    def first(self, tag: str) -> Element | None:
        return next(self.elements(tag), None)


def fold(text: str) -> str:
    """Fold each run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def read_iana_xml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse the registry XML file; raise InputError naming file, line and column.

    The file may hold no more than MAX_XML_BYTES, and every value the
    registry constrains is checked here, where its XML line is known: a code's syntax and
    uniqueness, real calendar dates, and basic code text the merge can interpret. So what
    reaches the merge cannot crash it, and the refusal names the XML line, not the YAML.
    """
    name = os.fspath(path)
    return _Reader(name).read(read_limited(path, name, MAX_XML_BYTES))


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, line: int, column: int, message: str) -> InputError:
        return InputError([Problem(self.name, line, column, (), message)])

    def parse(self, raw: bytes) -> Element:
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        stack: list[Element] = []
        root: list[Element] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            namespace, _, local = tag.rpartition(" ")
            if namespace != NAMESPACE:
                raise self.error(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                                 f"element <{local}> is not in IANA's namespace {NAMESPACE!r}")
            element = Element(local, attributes, parser.CurrentLineNumber,
                              parser.CurrentColumnNumber + 1)
            (stack[-1].content if stack else root).append(element)
            stack.append(element)

        def end(tag: str) -> None:
            stack.pop()

        def text(data: str) -> None:
            if stack:
                stack[-1].content.append(data)

        def entity(*_: object) -> None:
            # No IANA file declares entities; refusing them rules out entity-expansion bombs.
            raise self.error(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                             "XML entity declarations are not allowed")

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.EntityDeclHandler = entity
        try:
            parser.Parse(raw, True)
        except xml.parsers.expat.ExpatError as error:
            message = xml.parsers.expat.errors.messages.get(error.code, str(error))
            raise self.error(error.lineno, error.offset + 1, f"malformed XML: {message}") from None
        if not root or root[0].tag != "registry":
            raise self.error(1, 1, "the root element must be IANA's <registry>")
        return root[0]

    def read(self, raw: bytes) -> dict[str, Any]:
        top = self.parse(raw)
        result: dict[str, Any] = {"registry": {
            "id": top.attributes.get("id"),
            "title": self.text_of(top, "title"),
            "created": self.date_of(top, "created"),
            "updated": self.date_of(top, "updated"),
        }, "tables": {}}
        for sub in top.elements("registry"):
            key = TABLES.get(sub.attributes.get("id", ""))
            if key is None:
                raise self.error(sub.line, sub.column, (
                    f"unknown sub-registry id {sub.attributes.get('id')!r}; "
                    f"expected one of {sorted(TABLES)}"))
            result["tables"][key] = {
                "id": sub.attributes["id"],
                "title": self.text_of(sub, "title"),
                "references": [self.xref(x) for x in sub.elements("xref")],
                "registration_rule": self.text_of(sub, "registration_rule"),
                "expert": self.text_of(sub, "expert"),
            }
            result[key] = [self.record(key, r) for r in sub.elements("record")]
            self.unique_codes(key, list(sub.elements("record")), result[key])
        for key in TABLES.values():
            if key not in result:
                raise self.error(top.line, top.column, f"the {key} sub-registry is missing")
        return result

    def text_of(self, parent: Element, tag: str) -> str | None:
        element = parent.first(tag)
        if element is None:
            return None
        return self.mixed_text(element)

    def date_of(self, parent: Element, tag: str) -> str | None:
        element = parent.first(tag)
        text = self.text_of(parent, tag)
        if element is not None and text is not None:
            self.check_date(element, f"<{tag}>", text)
        return text

    def check_date(self, element: Element, what: str, text: str) -> None:
        """A date as the registry writes them: YYYY-MM-DD, and a day of the calendar."""
        reason = real_date_error(text)
        if reason is not None:
            raise self.error(element.line, element.column, f"{what}: {reason}")

    def unique_codes(self, table: str, elements: list[Element],
                     records: list[dict[str, Any]]) -> None:
        seen: dict[str, int] = {}
        for element, record in zip(elements, records, strict=True):
            code = record["code"]
            if code in seen:
                raise self.error(element.line, element.column, (
                    f"duplicate code {code!r} in the {table} sub-registry (first on line "
                    f"{seen[code]}) (rule unique-code)"))
            seen[code] = element.line

    def mixed_text(self, element: Element) -> str | None:
        parts: list[str] = []
        for item in element.content:
            if isinstance(item, str):
                parts.append(item)
            elif item.tag == "xref":
                parts.append(f"[{self.xref(item)['id']}]")
            else:
                raise self.error(item.line, item.column,
                                 f"unexpected element <{item.tag}> inside <{element.tag}>")
        folded = fold("".join(parts))
        reason = control_character_error(folded)
        if reason is not None:  # XML 1.0 allows DEL, which the registry refuses
            raise self.error(element.line, element.column, f"<{element.tag}>: {reason}")
        return folded or None

    def xref(self, element: Element) -> dict[str, Any]:
        kind = element.attributes.get("type")
        data = element.attributes.get("data")
        if not kind or not data:
            raise self.error(element.line, element.column,
                             "<xref> needs both a type and a data attribute")
        identifier = data.upper() if kind == "rfc" else data
        return {"type": kind, "id": identifier}

    def record(self, table: str, element: Element) -> dict[str, Any]:
        fields = RECORD_FIELDS[table]
        values: dict[str, Any] = dict.fromkeys(fields.values())
        for child in element.elements():
            if child.tag not in fields:
                raise self.error(child.line, child.column, (
                    f"unknown element <{child.tag}> in a {table} record: the importer does "
                    "not know this IANA field"))
            if child.tag == "reference":
                values["references"] = self.references(child)
            else:
                values[fields[child.tag]] = self.mixed_text(child)
        if values["code"] is None:
            raise self.error(element.line, element.column, "<record> without a <code>")
        self.check_record(table, element, values)
        for attribute in RECORD_ATTRIBUTES:
            values[attribute] = element.attributes.get(attribute)
            if values[attribute] is not None:
                self.check_date(element, f"<record> attribute {attribute}", values[attribute])
        if values["references"] is None:
            values["references"] = []
        return values

    def check_record(self, table: str, element: Element, values: dict[str, Any]) -> None:
        """The record's code, and a code's basic code text, as the registry needs them."""
        code_element = element.first("code") or element
        reason = code_syntax_error(table, values["code"])
        if reason is not None:
            raise self.error(code_element.line, code_element.column,
                             f"<code>: {reason} (rule code-syntax)")
        if table == "codes":
            try:
                parse_basic_code_text(values["basic_code"])
            except BasicCodeTextError as error:
                where = element.first("basic_code") or element
                raise self.error(where.line, where.column, (
                    f"<basic_code>: IANA's basic code text cannot be interpreted: {error} "
                    "(rule basic-codes-agree)")) from None

    def references(self, element: Element) -> list[dict[str, Any]]:
        """Split IANA's reference cell into xrefs, each with the note that follows it.

        ``<xref rfc7372/>, Section 3.3 (Standards Track)`` gives the note
        ``, Section 3.3 (Standards Track)``; "; " separates one reference from the next.
        """
        references: list[dict[str, Any]] = []
        notes: list[list[str]] = []
        for item in element.content:
            if isinstance(item, Element):
                if item.tag != "xref":
                    raise self.error(item.line, item.column,
                                     f"unexpected element <{item.tag}> inside <reference>")
                references.append(self.xref(item))
                notes.append([])
            elif notes:
                notes[-1].append(item)
            elif item.strip():
                raise self.error(element.line, element.column, (
                    f"reference text {fold(item)!r} stands before any <xref>; "
                    "the importer cannot place it"))
        for index, reference in enumerate(references):
            note = fold("".join(notes[index]))
            if index < len(references) - 1:
                note = note.removesuffix(";").rstrip()
            reference["note"] = note or None
        return references
