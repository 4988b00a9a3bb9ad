"""The C header, compiled with gcc and g++ in strict modes and run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, reference_cell

HEADER_DIR = REPO / "generated" / "c"
SOURCES = REPO / "tests" / "c"
MODES = [("gcc", "c89"), ("gcc", "c99"), ("gcc", "c11"), ("g++", "c++98"), ("g++", "c++17")]
FLAGS = ["-Wall", "-Wextra", "-Werror", "-pedantic"]


def build_and_run(compiler: str, standard: str, include: Path, build: Path) -> str:
    """Compile dump.c (plus a declarations-only second unit) and return its output."""
    if shutil.which(compiler) is None:
        pytest.skip(f"{compiler} is not installed")
    suffix = ".c" if compiler == "gcc" else ".cpp"
    sources = []
    for name in ("dump.c", "second_unit.c"):
        target = build / (Path(name).stem + suffix)
        shutil.copyfile(SOURCES / name, target)
        sources.append(str(target))
    program = build / f"dump-{standard}"
    subprocess.run([compiler, f"-std={standard}", *FLAGS, f"-I{include}", *sources,
                    "-o", str(program)], check=True, capture_output=True, text=True)
    return subprocess.run([str(program)], check=True, capture_output=True).stdout.decode()


def decode(field: str) -> str | None:
    return None if field == "NULL" else bytes.fromhex(field).decode("utf-8")


@pytest.fixture(scope="module", params=MODES, ids=[standard for _, standard in MODES])
def output(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    compiler, standard = request.param
    return build_and_run(compiler, standard, HEADER_DIR, tmp_path_factory.mktemp(standard))


def test_every_code_agrees_with_the_registry(output: str, registry: dict[str, Any]) -> None:
    rows = [line.split(" ") for line in output.splitlines() if line.startswith("code ")]
    assert output.splitlines()[0] == "count 81 3 8 44"
    assert len(rows) == len(registry["codes"])
    for row, entry in zip(rows, registry["codes"], strict=True):
        iana = entry["iana"]
        _, subject, detail = iana["code"].split(".")
        assert row[1:3] == [subject, detail]
        assert [decode(field) for field in row[3:9]] == [
            iana["code"], entry["name"], iana["sample_text"], iana["description"],
            iana["basic_code"], reference_cell(iana)]
        assert row[9:] == ["1" if entry["deprecated"] else "0", "1"]


def test_reply_table_agrees(output: str, registry: dict[str, Any],
                            replies: dict[str, Any]) -> None:
    rows = [line.split(" ") for line in output.splitlines() if line.startswith("reply ")]
    assert len(rows) == len(replies["codes"])
    for row, entry in zip(rows, replies["codes"], strict=True):
        linked = " ".join(code["iana"]["code"] for code in registry["codes"]
                          if entry["code"] in code["basic_codes"].get("codes", []))
        assert row[1] == str(entry["code"])
        assert [decode(field) for field in row[2:5]] == [entry["name"], entry["text"], linked]
        assert row[5:] == ["1" if entry["defined"] else "0", "1"]


def test_lookups_and_parse(output: str) -> None:
    lines = output.splitlines()
    assert "unregistered 1 1 1 1 1" in lines
    assert "parts PERMANENT_FAILURE SECURITY_OR_POLICY_STATUS 1" in lines
    assert [line for line in lines if line.startswith("parse ")] == [
        "parse 0 5.1.1", "parse 0 2.0.0", "parse 0 4.7.999", "parse 0 5.999.1",
        *["parse -1"] * 13]
    assert "null-pointers 0" in lines
    assert "second-unit 26" in lines
    assert "macros 2002 2 2" in lines


def test_every_macro_is_the_packed_code(registry: dict[str, Any], tmp_path: Path) -> None:
    lines = ['#include "smtp_status.h"', "#include <stdio.h>", "int main(void) {"]
    for entry in registry["codes"]:
        lines.append(f'    printf("%u\\n", SMTP_STATUS_{entry["name"]});')
    lines += ["    return 0;", "}"]
    (tmp_path / "macros.c").write_text("\n".join(lines) + "\n")
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    subprocess.run(["gcc", "-std=c89", *FLAGS, f"-I{HEADER_DIR}", str(tmp_path / "macros.c"),
                    "-o", str(tmp_path / "macros")], check=True)
    printed = subprocess.run([str(tmp_path / "macros")], check=True, capture_output=True,
                             text=True).stdout.split()
    assert printed == [str(int(e["iana"]["code"].split(".")[1]) * 1000
                           + int(e["iana"]["code"].split(".")[2])) for e in registry["codes"]]


def test_long_descriptions_are_char_arrays() -> None:
    header = (HEADER_DIR / "smtp_status.h").read_text("utf-8")
    assert "static const char smtp_status__description_x_7_13[] = {" in header
