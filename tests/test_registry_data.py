"""The committed registry against IANA: counts, an independent field-by-field cross-check
of the XML snapshot and of IANA's older CSV, and a byte-for-byte merge round trip.

The XML is parsed here with xml.etree.ElementTree, not with generators.iana_xml, applying
the normalisation registry/README.md documents. Tests that need ../shared/iana skip without it.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generators.iana_xml import read_iana_xml
from generators.load import load_yaml
from generators.sync import merge, registry_text

from .conftest import REGISTRY_DISPLAY, REGISTRY_PATH

NS = "{http://www.iana.org/assignments}"
TABLE_IDS = {"smtp-enhanced-status-codes-1": "classes", "smtp-enhanced-status-codes-2":
             "subjects", "smtp-enhanced-status-codes-3": "codes"}
# Our field -> IANA's element, per table.
SUMMARY_FIELDS = {"code": "code", "summary": "summary", "description": "description",
                  "submitter": "submitter", "change_controller": "change_controller"}
CODE_FIELDS = {"code": "code", "sample_text": "sample", "basic_code": "basic_code",
               "description": "description", "submitter": "submitter",
               "change_controller": "change_controller"}
FIELDS = {"classes": SUMMARY_FIELDS, "subjects": SUMMARY_FIELDS, "codes": CODE_FIELDS}


def fold(text: str) -> str:
    return " ".join(text.split())


def xref_id(xref: ET.Element) -> str:
    data = xref.attrib["data"]
    return data.upper() if xref.attrib["type"] == "rfc" else data


def text_of(element: ET.Element | None) -> str | None:
    """Mixed text, whitespace folded, inline xrefs as [RFC6376]; an empty element is None."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        assert child.tag == f"{NS}xref", child.tag
        parts += [f"[{xref_id(child)}]", child.tail or ""]
    return fold("".join(parts)) or None


def references(element: ET.Element | None) -> list[dict[str, Any]]:
    if element is None:
        return []
    assert not (element.text or "").strip()
    xrefs = list(element)
    result = []
    for index, xref in enumerate(xrefs):
        note = fold(xref.tail or "")
        if index < len(xrefs) - 1:  # "; " separates references and belongs to no note
            assert note.endswith(";"), note
            note = note[:-1].rstrip()
        result.append({"type": xref.attrib["type"], "id": xref_id(xref), "note": note or None})
    return result


def expected_from_xml(path: Path) -> dict[str, Any]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{NS}registry"
    expected: dict[str, Any] = {
        "registry": {"id": root.attrib["id"], "title": text_of(root.find(f"{NS}title")),
                     "created": text_of(root.find(f"{NS}created")),
                     "updated": text_of(root.find(f"{NS}updated"))},
        "tables": {}}
    for sub in root.findall(f"{NS}registry"):
        table = TABLE_IDS[sub.attrib["id"]]
        expected["tables"][table] = {
            "id": sub.attrib["id"], "title": text_of(sub.find(f"{NS}title")),
            "references": [{"type": x.attrib["type"], "id": xref_id(x)}
                           for x in sub.findall(f"{NS}xref")],
            "registration_rule": text_of(sub.find(f"{NS}registration_rule")),
            "expert": text_of(sub.find(f"{NS}expert"))}
        records = []
        for record in sub.findall(f"{NS}record"):
            known = {f"{NS}{tag}" for tag in FIELDS[table].values()} | {f"{NS}reference"}
            assert {child.tag for child in record} <= known
            fields = {ours: text_of(record.find(f"{NS}{theirs}"))
                      for ours, theirs in FIELDS[table].items()}
            fields["references"] = references(record.find(f"{NS}reference"))
            fields["date"] = record.attrib.get("date")
            fields["updated"] = record.attrib.get("updated")
            records.append(fields)
        expected[table] = records
    return expected


@pytest.fixture(scope="module")
def ours() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(REGISTRY_PATH).data
    return data


def test_counts_and_key_codes(ours: dict[str, Any]) -> None:
    assert [len(ours[table]) for table in ("classes", "subjects", "codes")] == [3, 8, 81]
    assert [e["iana"]["code"] for e in ours["classes"]] == ["2.XXX.YYY", "4.XXX.YYY", "5.XXX.YYY"]
    assert [e["iana"]["code"] for e in ours["subjects"]] == [f"X.{s}.YYY" for s in range(8)]
    codes = {entry["iana"]["code"]: entry for entry in ours["codes"]}
    assert {"X.7.27", "X.7.28", "X.7.29", "X.7.30"} <= codes.keys()
    assert ours["codes"][-1]["iana"]["code"] == "X.7.30"
    deprecated = {code: entry["deprecated"] for code, entry in codes.items()
                  if entry["deprecated"] is not None}
    assert list(deprecated) == ["X.6.10"]
    assert deprecated["X.6.10"]["replaced_by"] == "X.6.8"
    assert codes["X.6.10"]["iana"]["sample_text"] is None
    assert codes["X.6.10"]["basic_codes"] == {"kind": "not_given"}


def test_every_iana_record_matches_the_xml_field_by_field(
    ours: dict[str, Any], iana_dir: Path,
) -> None:
    expected = expected_from_xml(iana_dir / "smtp-enhanced-status-codes.xml")
    assert sum(len(expected[table]) for table in ("classes", "subjects", "codes")) == 92
    differences = []
    for table in ("classes", "subjects", "codes"):
        assert [e["iana"]["code"] for e in ours[table]] == [r["code"] for r in expected[table]]
        for entry, record in zip(ours[table], expected[table], strict=True):
            assert entry["iana"].keys() == record.keys()
            differences += [(record["code"], field, entry["iana"][field], value)
                            for field, value in record.items() if entry["iana"][field] != value]
    assert differences == []


def test_registry_and_table_metadata_match_the_xml(
    ours: dict[str, Any], iana_dir: Path,
) -> None:
    expected = expected_from_xml(iana_dir / "smtp-enhanced-status-codes.xml")
    assert expected["registry"] == {
        "id": "smtp-enhanced-status-codes",
        "title": "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes Registry",
        "created": "2008-05-29", "updated": "2024-12-06"}
    assert ours["registry"] == {
        **expected["registry"],
        "source": "https://www.iana.org/assignments/smtp-enhanced-status-codes/"}
    assert ours["tables"] == expected["tables"]
    assert [t["title"] for t in ours["tables"].values()] == [
        "Class Sub-Codes", "Subject Sub-Codes", "Enumerated Status Codes"]


def csv_reference(references: list[dict[str, Any]]) -> str:
    """Our references as IANA's CSV writes them: "[RFC3463] (Standards Track)"."""
    cells = []
    for reference in references:
        note = reference["note"] or ""
        separator = "" if not note or note.startswith(",") else " "
        cells.append(f"[{reference['id']}]{separator}{note}")
    return "; ".join(cells)


def test_codes_match_ianas_older_csv_but_for_the_known_difference(
    ours: dict[str, Any], iana_dir: Path,
) -> None:
    with (iana_dir / "smtp-enhanced-status-codes-3.csv").open(encoding="utf-8",
                                                              newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["Code", "Sample Text", "Associated basic status code",
                             "Description", "Reference", "Submitter", "Change Controller"]
    codes = {entry["iana"]["code"]: entry["iana"] for entry in ours["codes"]}
    assert [row["Code"] for row in rows] == list(codes)
    differing = set()
    for row in rows:
        iana = codes[row["Code"]]
        rendered = {
            "Sample Text": iana["sample_text"] or "",
            "Associated basic status code": iana["basic_code"] or "",
            "Description": iana["description"],
            "Reference": csv_reference(iana["references"]),
            "Submitter": iana["submitter"] or "",
            "Change Controller": iana["change_controller"] or "",
        }
        differing |= {(row["Code"], column) for column, value in rendered.items()
                      if fold(row[column]) != value}
    assert differing == {("X.7.28", "Reference")}
    x_7_28 = next(row for row in rows if row["Code"] == "X.7.28")
    assert (x_7_28["Reference"], csv_reference(codes["X.7.28"]["references"])) == (
        "[draft-levine-mailbomb-header]", "[draft-levine-mailbomb-header-00]")
    sectioned = [row["Code"] for row in rows
                 if row["Reference"] == "[RFC7372], Section 3.3 (Standards Track)"]
    assert sectioned == ["X.7.25"]


def test_merging_the_snapshot_reproduces_the_committed_file(
    ours: dict[str, Any], iana_dir: Path,
) -> None:
    document = merge(read_iana_xml(iana_dir / "smtp-enhanced-status-codes.xml"), ours)
    text = registry_text(document, REGISTRY_DISPLAY)
    assert text.encode("utf-8") == REGISTRY_PATH.read_bytes()
