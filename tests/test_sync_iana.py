"""`python -m generators sync-iana`: change reports, merges and refusals.

Fixtures: tests/fixtures/iana/smtp-enhanced-status-codes-small.xml (IANA's layout, three
sub-registries, a handful of records) and tests/fixtures/registry/small.yaml, the registry
that XML merges into. Variants of the XML are written to tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generators.declarations import REGISTRIES
from generators.load import load_yaml

from .conftest import (
    LAST_RECORD_END,
    NEW_RECORD,
    REGISTRY_DISPLAY,
    SMALL_REGISTRY,
    SMALL_VENDORS,
    SMALL_VENDORS_DISPLAY,
    assert_invalid,
    edit,
    position,
    run_cli,
    small_xml,
    sync,
)
from .conftest import sync_setup as setup

X_7_26_DESCRIPTION = ("This status code is returned when a message fails more than one "
                      "message authentication check.")


def without_record(text: str, code: str) -> str:
    start = text.rindex("\n", 0, text.index(f"<code>{code}</code>"))
    start = text.rindex("\n", 0, start) + 1  # the start of the <record> line
    end = text.index("</record>", start) + len("</record>\n")
    return text[:start] + text[end:]


def test_snapshot_reports_no_changes(iana_dir: Path) -> None:
    xml = iana_dir / "smtp-enhanced-status-codes.xml"
    result = run_cli("sync-iana", str(xml))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"no changes: {REGISTRY_DISPLAY} matches {xml}\n", "")


def test_fixture_reports_no_changes(tmp_path: Path) -> None:
    xml, registry = setup(tmp_path, small_xml())
    result = sync(xml, registry)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"no changes: {registry} matches {xml}\n", "")


@pytest.mark.parametrize(("change", "report"), [
    (lambda t: edit(t, X_7_26_DESCRIPTION, "Now  different."),
     f"codes: changed X.7.26 description: {X_7_26_DESCRIPTION!r} -> 'Now different.'"),
    (lambda t: without_record(t, "X.7.28"), "codes: removed X.7.28"),
    (lambda t: edit(t, "<updated>2024-12-06</updated>", "<updated>2025-01-31</updated>"),
     "registry updated: '2024-12-06' -> '2025-01-31'"),
    (lambda t: edit(t, "<submitter>J. Levine</submitter>", "<submitter/>"),
     "codes: changed X.7.28 submitter: 'J. Levine' -> None"),
    (lambda t: edit(t, '<record date="2017-06-22">', '<record date="2017-06-22" '
                    'updated="2024-12-06">'),
     "codes: changed X.7.28 updated: None -> '2024-12-06'"),
    (lambda t: edit(t, "<expert>Chris Newman</expert>", "<expert>A. Nother</expert>"),
     "tables.classes expert: 'Chris Newman' -> 'A. Nother'"),
], ids=["changed-description", "removed-code", "registry-updated", "emptied-submitter",
        "record-updated", "table-expert"])
def test_one_change_is_reported_exactly(
    tmp_path: Path, change: Callable[[str], str], report: str,
) -> None:
    xml, registry = setup(tmp_path, change(small_xml()))
    result = sync(xml, registry)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"1 change(s) from {xml}:", f"  {report}", "run again with --write to apply them"]
    assert registry.read_bytes() == SMALL_REGISTRY.read_bytes()


def test_new_code_is_merged_with_a_derived_name(tmp_path: Path) -> None:
    xml, registry = setup(tmp_path, edit(small_xml(), LAST_RECORD_END, NEW_RECORD))
    # A name we chose by hand differs from what the rule would derive; it must survive.
    registry.write_text(edit(registry.read_text(encoding="utf-8"),
                             "    name: MAIL_FLOOD_DETECTED\n", "    name: MAIL_FLOOD\n"),
                        encoding="utf-8")
    before = load_yaml(registry).data
    added = "  codes: added X.1.3 \"Sender's UTF-8 address isn't permitted, sorry\""

    report = sync(xml, registry)
    assert (report.returncode, report.stderr) == (1, "")
    assert report.stdout.splitlines() == [
        f"1 change(s) from {xml}:", added, "run again with --write to apply them"]

    written = sync(xml, registry, "--write")
    assert (written.returncode, written.stderr) == (0, "")
    assert written.stdout.splitlines() == [
        f"1 change(s) from {xml}:", added,
        f"wrote {registry}; now run: python -m generators generate"]

    after = load_yaml(registry).data
    assert [entry["iana"]["code"] for entry in after["codes"]] == [
        "X.1.1", "X.1.3", "X.7.20", "X.7.26", "X.7.28"]
    new = after["codes"][1]
    assert new == {
        "iana": {"code": "X.1.3", "sample_text": "Sender's UTF-8 address isn't permitted, sorry",
                 "basic_code": "550", "description": "A made-up code for the tests.",
                 "references": [{"type": "rfc", "id": "RFC9999", "note": None}],
                 "submitter": "T. Ester", "change_controller": "IESG",
                 "date": "2026-01-02", "updated": None},
        "name": "SENDERS_UTF_8_ADDRESS_ISNT_PERMITTED",
        "basic_codes": {"kind": "listed", "codes": [550], "wildcards": []},
        "deprecated": None,
        "usage": {"prose": None, "prose_classes": None, "note": None},
    }
    assert [entry for entry in after["codes"] if entry is not new] == before["codes"]
    assert after["codes"][-1]["name"] == "MAIL_FLOOD"
    for table in ("registry", "tables", "classes", "subjects"):
        assert after[table] == before[table]

    # The committed vendor registry compares with codes small.yaml leaves out: use the
    # small one, which compares with none.
    validated = run_cli("validate", str(registry), "--vendors", str(SMALL_VENDORS))
    assert (validated.returncode, validated.stderr) == (0, "")
    lines = validated.stdout.splitlines()
    assert lines[:3] == [
        f"{registry}: valid: 2 classes, 2 subjects, 5 codes (IANA updated 2024-12-06)",
        "registry/smtp-reply-codes.yaml: valid: 44 reply codes",
        f"{SMALL_VENDORS_DISPLAY}: valid: 2 providers, 3 entries"]
    # The registries declared after these (the bounce reasons and formats) as committed.
    assert [line.split(": valid: ")[0] for line in lines[3:]] == [
        f"registry/{spec.file}" for spec in REGISTRIES[3:]]
    again = sync(xml, registry)
    assert (again.returncode, again.stdout) == (0, f"no changes: {registry} matches {xml}\n")


def test_removed_code_is_dropped_by_write(tmp_path: Path) -> None:
    xml, registry = setup(tmp_path, without_record(small_xml(), "X.7.26"))
    written = sync(xml, registry, "--write")
    assert (written.returncode, written.stderr) == (0, "")
    assert written.stdout.splitlines()[1] == "  codes: removed X.7.26"
    codes = [entry["iana"]["code"] for entry in load_yaml(registry).data["codes"]]
    assert codes == ["X.1.1", "X.7.20", "X.7.28"]
    assert run_cli("validate", str(registry), "--vendors", str(SMALL_VENDORS)).returncode == 0


ENTITY = '<!DOCTYPE registry [<!ENTITY lol "lol">]>\n<registry xmlns'


@pytest.mark.parametrize(("change", "needle", "target", "message"), [
    (("<sample>Mail flood detected</sample>", "<sample>Mail flood detected</sampel>"),
     "</sampel>", "sampel", "malformed XML: mismatched tag"),
    (("<registry xmlns", ENTITY), '<!ENTITY lol "lol">', '"lol"',
     "XML entity declarations are not allowed"),
    (('<title>Class Sub-Codes</title>', '<title xmlns="urn:other">Class Sub-Codes</title>'),
     '<title xmlns="urn:other">', "<", "element <title> is not in IANA's namespace "
     "'http://www.iana.org/assignments'"),
    (('<registry id="smtp-enhanced-status-codes-2">',
      '<registry id="smtp-enhanced-status-codes-9">'),
     '<registry id="smtp-enhanced-status-codes-9">', "<",
     "unknown sub-registry id 'smtp-enhanced-status-codes-9'; expected one of "
     "['smtp-enhanced-status-codes-1', 'smtp-enhanced-status-codes-2', "
     "'smtp-enhanced-status-codes-3']"),
    (("<sample>Mail flood detected</sample>", "<colour>red</colour>"),
     "<colour>", "<", "unknown element <colour> in a codes record: the importer does not "
     "know this IANA field"),
], ids=["mismatched-tag", "entity-declaration", "foreign-namespace", "unknown-sub-registry",
        "unknown-field"])
def test_bad_xml_gets_one_exact_line(
    tmp_path: Path, change: tuple[str, str], needle: str, target: str, message: str,
) -> None:
    text = edit(small_xml(), *change)
    xml, registry = setup(tmp_path, text)
    assert_invalid(sync(xml, registry, "--write"),
                   [f"{xml}:{position(text, needle, target)}: $: {message}"])
    assert registry.read_bytes() == SMALL_REGISTRY.read_bytes()


def test_truncated_xml(tmp_path: Path) -> None:
    text = small_xml()[:small_xml().index("</registry>")]  # ends inside the document
    xml, registry = setup(tmp_path, text)
    end = f"{text.count(chr(10)) + 1}:{len(text.rsplit(chr(10), 1)[1]) + 1}"
    assert_invalid(sync(xml, registry), [f"{xml}:{end}: $: malformed XML: no element found"])


def test_uninterpretable_basic_code_is_an_input_error(tmp_path: Path) -> None:
    text = edit(small_xml(), LAST_RECORD_END,
                NEW_RECORD.replace("<basic_code>550</basic_code>",
                                   "<basic_code>See RFC 9999</basic_code>"))
    xml, registry = setup(tmp_path, text)
    result = sync(xml, registry, "--write")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.startswith(f"{xml}:")
    assert registry.read_bytes() == SMALL_REGISTRY.read_bytes()
