"""Hostile registry text reaches every artifact byte for byte."""

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
from markdown_it import MarkdownIt

from generators.registry import registry_text

REPO = Path(__file__).resolve().parents[1]
HOSTILE = ('He said "hi" \\ back\\slash */ ??/ trigraph | pipe {{ jinja }} {% block %}\n'
           "second line Pelé δοκιμή 测试")
HOSTILE_SAMPLE = 'Sample "quoted" \\ */ ??/ | {{ x }} {% y %} Pelé δοκιμή 测试'
LONG = "Long " + "ü" * 400 + " end"  # over C90's 509-byte string literal limit
MODES = [("gcc", "c89"), ("gcc", "c99"), ("gcc", "c11"), ("g++", "c++98"), ("g++", "c++17")]
PROGRAM = r"""
#define SMTP_STATUS_IMPLEMENTATION
#include "smtp_status.h"
#include <stdio.h>
int main(void) {
    const struct smtp_status_code_info *info = smtp_status_lookup(1, 1);
    fputs(info->description, stdout); fputs("\n--\n", stdout);
    fputs(info->sample_text, stdout); fputs("\n--\n", stdout);
    fputs(smtp_status_lookup(1, 2)->description, stdout);
    return 0;
}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    document: dict[str, Any] = yaml.safe_load(
        (REPO / "registry" / "smtp-enhanced-status-codes.yaml").read_text("utf-8"))
    codes = {entry["iana"]["code"]: entry for entry in document["codes"]}
    codes["X.1.1"]["iana"]["description"] = HOSTILE
    codes["X.1.1"]["iana"]["sample_text"] = HOSTILE_SAMPLE
    codes["X.1.1"]["usage"] = {"prose": None, "prose_classes": None, "note": None}
    codes["X.1.2"]["iana"]["description"] = LONG
    codes["X.1.2"]["usage"] = {"prose": None, "prose_classes": None, "note": None}
    registry = folder / "registry.yaml"
    registry.write_text(registry_text(document, "registry.yaml"), "utf-8")
    output = folder / "out"
    result = subprocess.run(
        [sys.executable, "-m", "generators", "generate", "--registry", str(registry),
         "--output", str(output)], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize(("compiler", "standard"), MODES)
def test_c_program_prints_it(hostile: Path, tmp_path: Path, compiler: str,
                             standard: str) -> None:
    if shutil.which(compiler) is None:
        pytest.skip(f"{compiler} is not installed")
    source = tmp_path / ("program.c" if compiler == "gcc" else "program.cpp")
    source.write_text(PROGRAM)
    subprocess.run([compiler, f"-std={standard}", "-Wall", "-Wextra", "-Werror", "-pedantic",
                    f"-I{hostile / 'c'}", str(source), "-o", str(tmp_path / "program")],
                   check=True)
    printed = subprocess.run([str(tmp_path / "program")], check=True,
                             capture_output=True).stdout
    assert printed == f"{HOSTILE}\n--\n{HOSTILE_SAMPLE}\n--\n{LONG}".encode()


def test_python_attribute_equals_it(hostile: Path) -> None:
    code = ("import json, smtp_status as s; e = s.EnhancedCode('X.1.1'); "
            "print(json.dumps([e.description, e.sample_text, "
            "s.EnhancedCode('X.1.2').description]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(hostile / "python")},
                            check=True)
    assert json.loads(result.stdout) == [HOSTILE, HOSTILE_SAMPLE, LONG]


def test_json_value_equals_it(hostile: Path) -> None:
    data = json.loads((hostile / "json" / "smtp-enhanced-status-codes.json").read_text("utf-8"))
    entry = next(code for code in data["codes"] if code["code"] == "X.1.1")
    assert (entry["description"], entry["sample_text"]) == (HOSTILE, HOSTILE_SAMPLE)


def test_markdown_tables_keep_their_cells(hostile: Path) -> None:
    renderer = MarkdownIt("commonmark").enable("table")
    tokens = renderer.parse((hostile / "docs" / "index.md").read_text("utf-8"))
    widths: list[list[int]] = []
    cells: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            widths.append([])
        elif token.type == "tr_open":
            widths[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1][-1] += 1
            cells.append("".join(child.content for child in tokens[index + 1].children or []
                                 if child.type in ("text", "code_inline")))
    assert all(len(set(table)) == 1 for table in widths)
    assert HOSTILE_SAMPLE in cells
