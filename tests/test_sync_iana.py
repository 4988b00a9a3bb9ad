"""`python -m generators sync-iana`: change reports and merges, on small XML fixtures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
XML = REPO / "tests" / "fixtures" / "iana" / "smtp-enhanced-status-codes-small.xml"
SMALL = REPO / "tests" / "fixtures" / "registry" / "small.yaml"

NEW_RECORD = """    <record date="2026-01-01">
      <code>X.7.31</code>
      <sample>Sender's domain is on fire, please wait</sample>
      <basic_code>451</basic_code>
      <description>A made-up code for the tests.</description>
      <reference><xref type="rfc" data="rfc9999"/></reference>
      <submitter>T. Ester</submitter>
      <change_controller>IESG</change_controller>
    </record>
  </registry>
  <people/>"""


def sync(xml: Path, registry: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generators", "sync-iana", str(xml),
                           "--registry", str(registry), *extra],
                          cwd=REPO, capture_output=True, text=True, check=False)


def setup(tmp_path: Path, xml_text: str) -> tuple[Path, Path]:
    xml, registry = tmp_path / "iana.xml", tmp_path / "registry.yaml"
    xml.write_text(xml_text, "utf-8")
    shutil.copyfile(SMALL, registry)
    return xml, registry


def test_no_changes(tmp_path: Path) -> None:
    xml, registry = setup(tmp_path, XML.read_text("utf-8"))
    result = sync(xml, registry)
    assert (result.returncode, result.stdout) == (0, f"no changes: {registry} matches {xml}\n")


def test_a_new_code_is_reported_then_merged_with_a_derived_name(tmp_path: Path) -> None:
    text = XML.read_text("utf-8")
    xml, registry = setup(tmp_path, text.replace(
        "    </record>\n  </registry>\n</registry>",
        "    </record>\n" + NEW_RECORD.replace("\n  <people/>", "") + "\n</registry>"))
    result = sync(xml, registry)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"1 change(s) from {xml}:",
        "  codes: added X.7.31 \"Sender's domain is on fire, please wait\"",
        "run again with --write to apply them",
    ]
    before = yaml.safe_load(SMALL.read_text("utf-8"))
    written = sync(xml, registry, "--write")
    assert written.returncode == 0
    assert written.stdout.splitlines()[-1] == (
        f"wrote {registry}; now run: python -m generators generate")
    after = yaml.safe_load(registry.read_text("utf-8"))
    names = {entry["iana"]["code"]: entry["name"] for entry in after["codes"]}
    assert names["X.7.31"] == "SENDERS_DOMAIN_IS_ON_FIRE"
    assert {code: name for code, name in names.items() if code != "X.7.31"} == {
        entry["iana"]["code"]: entry["name"] for entry in before["codes"]}
    new = after["codes"][-1]
    assert new["basic_codes"] == {"kind": "listed", "codes": [451], "wildcards": []}
    assert new["usage"] == {"prose": None, "prose_classes": None, "note": None}
    assert new["iana"]["date"] == "2026-01-01"
    assert sync(xml, registry).stdout == f"no changes: {registry} matches {xml}\n"


def test_a_changed_description(tmp_path: Path) -> None:
    old = ("This status code is returned when a message fails more than one message "
           "authentication check.")
    xml, registry = setup(tmp_path, XML.read_text("utf-8").replace(old, "Now different.", 1))
    result = sync(xml, registry)
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        f"  codes: changed X.7.26 description: {old!r} -> 'Now different.'")


def test_a_removed_code(tmp_path: Path) -> None:
    text = XML.read_text("utf-8")
    start = text.rindex("<record", 0, text.index("<code>X.7.28</code>"))
    end = text.index("</record>", start) + len("</record>")
    xml, registry = setup(tmp_path, text[:start] + text[end:])
    result = sync(xml, registry)
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == "  codes: removed X.7.28"


def test_a_malformed_file_gets_one_clear_line(tmp_path: Path) -> None:
    xml, registry = setup(tmp_path, XML.read_text("utf-8").replace("</title>", "", 1))
    result = sync(xml, registry)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{xml}:")
    assert line.endswith(": $: malformed XML: mismatched tag")


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>\n'
            '<registry xmlns="http://www.iana.org/assignments">&a;</registry>\n')
    xml, registry = setup(tmp_path, bomb)
    result = sync(xml, registry)
    assert (result.returncode, result.stderr) == (
        2, f"{xml}:2:25: $: XML entity declarations are not allowed\n")
