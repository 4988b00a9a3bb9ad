"""The registry against IANA's own files, read here independently of the generators.

These compare with ../shared/iana/ and skip when that folder is absent (a plain clone).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from .conftest import REPO, reference_cell
from .conftest import SHARED_IANA as SHARED

XML = SHARED / "smtp-enhanced-status-codes.xml"
CSV = SHARED / "smtp-enhanced-status-codes-3.csv"
NS = "{http://www.iana.org/assignments}"

pytestmark = pytest.mark.skipif(
    not XML.exists(), reason=f"IANA's snapshot is not at {SHARED} (it is not part of the repo)")


def fold(text: str) -> str:
    return " ".join(text.split())


def mixed(element: ET.Element | None) -> str | None:
    """The documented normalisation: xrefs as [RFC6376], whitespace folded, empty -> None."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        data = child.get("data", "")
        parts.append(f"[{data.upper() if child.get('type') == 'rfc' else data}]")
        parts.append(child.tail or "")
    return fold("".join(parts)) or None


def references(element: ET.Element) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for child in element:
        data = child.get("data", "")
        note = fold(child.tail or "").removesuffix(";").strip()
        found.append({"type": child.get("type"),
                      "id": data.upper() if child.get("type") == "rfc" else data,
                      "note": note or None})
    return found


def iana_tables() -> dict[str, list[dict[str, Any]]]:
    root = ET.parse(XML).getroot()
    tables: dict[str, list[dict[str, Any]]] = {}
    keys = {"1": "classes", "2": "subjects", "3": "codes"}
    for sub in root.findall(f"{NS}registry"):
        key = keys[sub.get("id", "")[-1]]
        records = []
        for record in sub.findall(f"{NS}record"):
            fields = {child.tag.removeprefix(NS): child for child in record}
            entry = {
                "code": mixed(fields["code"]),
                "description": mixed(fields["description"]),
                "references": references(fields["reference"]),
                "submitter": mixed(fields.get("submitter")),
                "change_controller": mixed(fields.get("change_controller")),
                "date": record.get("date"),
                "updated": record.get("updated"),
            }
            if key == "codes":
                entry["sample_text"] = mixed(fields["sample"])
                entry["basic_code"] = mixed(fields["basic_code"])
            else:
                entry["summary"] = mixed(fields["summary"])
            records.append(entry)
        tables[key] = records
    return tables


def test_all_92_records_match_field_by_field(registry: dict[str, Any]) -> None:
    tables = iana_tables()
    assert [len(tables[key]) for key in ("classes", "subjects", "codes")] == [3, 8, 81]
    for key, records in tables.items():
        assert [entry["iana"] for entry in registry[key]] == [
            {field: record[field] for field in entry["iana"]}
            for record, entry in zip(records, registry[key], strict=True)]
        assert all(set(entry["iana"]) == set(record)
                   for record, entry in zip(records, registry[key], strict=True))


def test_registry_and_table_metadata(registry: dict[str, Any]) -> None:
    root = ET.parse(XML).getroot()
    assert registry["registry"]["title"] == root.findtext(f"{NS}title")
    assert registry["registry"]["created"] == root.findtext(f"{NS}created") == "2008-05-29"
    assert registry["registry"]["updated"] == root.findtext(f"{NS}updated") == "2024-12-06"
    for sub, key in zip(root.findall(f"{NS}registry"), ("classes", "subjects", "codes"),
                        strict=True):
        table = registry["tables"][key]
        assert table["id"] == sub.get("id")
        assert table["title"] == sub.findtext(f"{NS}title")
        assert table["registration_rule"] == sub.findtext(f"{NS}registration_rule")
        assert table["expert"] == sub.findtext(f"{NS}expert")
        assert table["references"] == [
            {"type": x.get("type"), "id": x.get("data", "").upper()}
            for x in sub.findall(f"{NS}xref")]


def test_codes_match_ianas_older_csv_except_its_known_difference(
    registry: dict[str, Any]
) -> None:
    with open(CSV, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 81
    differences = set()
    for row, entry in zip(rows, registry["codes"], strict=True):
        iana = entry["iana"]
        ours = {"Code": iana["code"], "Sample Text": iana["sample_text"] or "",
                "Associated basic status code": iana["basic_code"] or "",
                "Description": iana["description"],
                "Reference": reference_cell(iana),
                "Submitter": iana["submitter"] or "",
                "Change Controller": iana["change_controller"] or ""}
        for field, value in ours.items():
            if fold(row[field]) != value:
                differences.add((iana["code"], field))
    # The CSV predates IANA's 2024-12-06 change to X.7.28's reference (see shared/iana).
    assert differences == {("X.7.28", "Reference")}


def test_sync_iana_reports_no_changes_on_the_snapshot() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generators", "sync-iana", str(XML)],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == (f"no changes: registry/smtp-enhanced-status-codes.yaml matches "
                             f"{XML}\n")


def test_merging_the_snapshot_reproduces_the_registry_byte_for_byte() -> None:
    from generators.iana_xml import read_iana_xml
    from generators.load import load_yaml
    from generators.sync import merge, registry_text

    path = REPO / "registry" / "smtp-enhanced-status-codes.yaml"
    merged = merge(read_iana_xml(XML), load_yaml(path).data)
    assert registry_text(merged, "x") == path.read_text("utf-8")
