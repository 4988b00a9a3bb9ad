"""Hostile registry text reaches every artifact byte for byte: the C header (in five strict
language modes), the Python package, the JSON and the Markdown tables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from generators.sync import registry_text

from .conftest import C_MODE_IDS, C_MODES, MARKDOWN, REPO, compile_c, markdown_tables, run_program

# Everything that could end a literal, a comment, a Jinja tag or a table cell.
HOSTILE = ('He said "hi" \\ back\\slash */ ??/ trigraph | pipe {{ jinja }} {% block %}\n'
           "second line Pelé δοκιμή 测试")
HOSTILE_SAMPLE = 'Sample "quoted" \\ */ ??/ | {{ x }} {% y %} Pelé δοκιμή 测试'
# Over C90's 509-byte limit for a string literal, so the header must spell it differently.
LONG = "Long \"q\" 'a' \\ ??/ */ " + "ü" * 300 + " end"
HOSTILE_CODE = "X.1.1"
LONG_CODE = "X.1.2"
PROGRAM = r"""
#define SMTP_STATUS_IMPLEMENTATION
#include "smtp_status.h"
#include <stdio.h>

static void hex(const char *text)
{
    if (text == NULL) {
        fputs("NULL\n", stdout);
        return;
    }
    while (*text != '\0') {
        printf("%02x", (unsigned)(unsigned char)*text);
        ++text;
    }
    fputs("\n", stdout);
}

int main(void)
{
    const struct smtp_status_code_info *hostile = smtp_status_lookup(1, 1);
    const struct smtp_status_code_info *long_text = smtp_status_lookup(1, 2);
    if (hostile == NULL || long_text == NULL) {
        return 1;
    }
    hex(hostile->description);
    hex(hostile->sample_text);
    hex(long_text->description);
    /* The same entries through the table, and the neighbours after them intact. */
    hex(smtp_status_codes[2].description);
    hex(smtp_status_codes[3].name);
    hex(smtp_status_codes[4].name);
    return 0;
}
"""


def test_the_texts_are_hostile_enough() -> None:
    for needle in ('"', "\\", "*/", "??/", "|", "{{", "}}", "{%", "%}", "Pelé δοκιμή 测试"):
        assert needle in HOSTILE
        assert needle in HOSTILE_SAMPLE
    assert "\n" in HOSTILE
    assert "\n" not in HOSTILE_SAMPLE
    assert HOSTILE.strip() == HOSTILE
    assert HOSTILE_SAMPLE.strip() == HOSTILE_SAMPLE
    assert len(LONG.encode("utf-8")) > 509


def generate(folder: Path, texts: dict[tuple[str, str], str]) -> Path:
    """generated/ for a copy of the registry with ``texts[(code, iana field)]`` set.

    Beside it, ``python/smtp_status`` is the checkout's hand-written package with the
    tables generated from that copy (--package-output), so the checkout is never written.
    """
    document: dict[str, Any] = yaml.safe_load(
        (REPO / "registry" / "smtp-enhanced-status-codes.yaml").read_text("utf-8"))
    codes = {entry["iana"]["code"]: entry for entry in document["codes"]}
    for (code, field), value in texts.items():
        codes[code]["iana"][field] = value
        # The usage prose is derived from the old description; let it go with it.
        codes[code]["usage"] = {"prose": None, "prose_classes": None, "note": None}
    registry = folder / "registry.yaml"
    registry.write_text(registry_text(document, "x"), "utf-8")
    output = folder / "out"
    package = python_package(output)
    shutil.copytree(REPO / "src" / "smtp_status", package,
                    ignore=shutil.ignore_patterns("__pycache__", "_generated"))
    result = subprocess.run(
        [sys.executable, "-m", "generators", "generate", "--registry", str(registry),
         "--replies", str(REPO / "registry" / "smtp-reply-codes.yaml"),
         "--vendors", str(REPO / "registry" / "vendor-codes.yaml"),
         "--output", str(output), "--package-output", str(package / "_generated")],
        cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def python_package(output: Path) -> Path:
    """The package made with ``output``: hand-written modules plus the generated tables."""
    return output.parent / "python" / "smtp_status"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/ for a copy of the registry carrying the hostile texts."""
    return generate(tmp_path_factory.mktemp("hostile"), {
        (HOSTILE_CODE, "description"): HOSTILE,
        (HOSTILE_CODE, "sample_text"): HOSTILE_SAMPLE,
        (LONG_CODE, "description"): LONG,
    })


@pytest.fixture(scope="module", params=C_MODES, ids=C_MODE_IDS)
def c_output(request: pytest.FixtureRequest, hostile: Path,
             tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    compiler, standard = request.param
    folder = tmp_path_factory.mktemp(standard.replace("+", "p"))
    return build_and_run(compiler, standard, hostile / "c", folder)


@pytest.mark.consumers
def test_c_program_prints_it(c_output: list[str]) -> None:
    assert [bytes.fromhex(line).decode("utf-8") for line in c_output] == [
        HOSTILE, HOSTILE_SAMPLE, LONG, HOSTILE, "BAD_DESTINATION_SYSTEM_ADDRESS",
        "BAD_DESTINATION_MAILBOX_ADDRESS_SYNTAX"]


def test_python_attribute_equals_it(hostile: Path) -> None:
    code = ("import json, smtp_status as s; "
            "print(json.dumps(s.EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS.description)); "
            "print(json.dumps(s.EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS.sample_text)); "
            "print(json.dumps(s.EnhancedCode.BAD_DESTINATION_SYSTEM_ADDRESS.description)); "
            "print(json.dumps(s.__file__))")
    package = python_package(hostile)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(package.parent)},
                            cwd=hostile, check=False)
    assert result.returncode == 0, result.stderr
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert printed[:3] == [HOSTILE, HOSTILE_SAMPLE, LONG]
    assert Path(printed[3]).parent == package


def test_json_value_equals_it(hostile: Path) -> None:
    data = json.loads((hostile / "json" / "smtp-enhanced-status-codes.json").read_text("utf-8"))
    by_code = {entry["code"]: entry for entry in data["codes"]}
    assert by_code[HOSTILE_CODE]["description"] == HOSTILE
    assert by_code[HOSTILE_CODE]["sample_text"] == HOSTILE_SAMPLE
    assert by_code[LONG_CODE]["description"] == LONG


def build_and_run(compiler: str, standard: str, include: Path, folder: Path) -> list[str]:
    source = folder / "program.c"
    source.write_text(PROGRAM, "utf-8")
    return run_program(compile_c(compiler, standard, [source], [include], folder / "program"))


@pytest.mark.consumers
def test_long_sample_text_builds_as_c89(tmp_path: Path) -> None:
    output = generate(tmp_path, {(HOSTILE_CODE, "sample_text"): LONG})
    lines = build_and_run("gcc", "c89", output / "c", tmp_path)
    assert bytes.fromhex(lines[1]).decode("utf-8") == LONG


def cell_text(inline: Token) -> str:
    """The text a table cell renders to; fails on any markup (emphasis, HTML, links...)."""
    children = inline.children or []
    assert all(child.type == "text" for child in children), [c.type for c in children]
    return "".join(child.content for child in children)


@pytest.mark.consumers
def test_markdown_tables_keep_their_cells(hostile: Path) -> None:
    source = (hostile / "docs" / "index.md").read_text("utf-8")
    found = markdown_tables(MARKDOWN.parse(source))
    assert found
    for table in found:
        header = len(table[0])
        assert [len(row) for row in table] == [header] * len(table)
    codes = next(table for table in found
                 if [cell.content for cell in table[0][:3]] == ["Code", "Name", "Sample text"])
    row = next(row for row in codes[1:] if row[0].content.startswith(f"[{HOSTILE_CODE}]"))
    assert cell_text(row[2]) == HOSTILE_SAMPLE
    html = MARKDOWN.renderer.render(row[2].children or [], MARKDOWN.options, {})
    assert html == escapeHtml(HOSTILE_SAMPLE)


@pytest.mark.consumers
def test_vendor_page_tables_keep_their_cells(hostile: Path) -> None:
    """Microsoft's 5.1.1 row shows IANA's sample text of X.1.1 in its own cell."""
    source = (hostile / "docs" / "vendor-microsoft.md").read_text("utf-8")
    found = markdown_tables(MARKDOWN.parse(source))
    assert found
    for table in found:
        header = len(table[0])
        assert [len(row) for row in table] == [header] * len(table)
    entries = next(table for table in found
                   if [cell.content for cell in table[0]][:1] == ["code"])
    column = [cell.content for cell in entries[0]].index("IANA's meaning of the same code")
    row = next(row for row in entries[1:] if row[0].content == "5.1.1")
    assert cell_text(row[column]) == HOSTILE_SAMPLE
    html = MARKDOWN.renderer.render(row[column].children or [], MARKDOWN.options, {})
    assert html == escapeHtml(HOSTILE_SAMPLE)
