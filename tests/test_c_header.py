"""generated/c/smtp_status.h built strictly as C89/C99/C11 and C++98/C++17, run, and compared
with the registries field by field (tests/c/header_dump.c prints every string hex-encoded)."""

from __future__ import annotations

from typing import Any

import pytest

from smtp_status import __version__

from .conftest import (
    C_MODE_IDS,
    C_MODES,
    REPO,
    compile_c,
    read_yaml,
    reference_cell,
    run_program,
)

pytestmark = pytest.mark.consumers

HEADER_DIR = REPO / "generated" / "c"
SOURCES = REPO / "tests" / "c"
GOOD = {"5.1.1": (5, 1, 1), "2.0.0": (2, 0, 0), "4.7.999": (4, 7, 999), "5.999.1": (5, 999, 1)}
BAD = ["5.01.1", "5.1.1000", "3.1.1", " 5.1.1", "5.1.1 ", "5.1", "5..1", "+5.1.1", "5.1.1.1",
       "", "\u0665.1.1", "5.1.a", "5.1.01"]
REGISTRY: dict[str, Any] = read_yaml("smtp-enhanced-status-codes.yaml")
REPLIES: dict[str, Any] = read_yaml("smtp-reply-codes.yaml")
UNREGISTERED = ["1.99", "8.0", "1000.1", "0.1001", "1.1001", "8.1", "999.999"]


def macros_include(registry: dict[str, Any]) -> str:
    """One MACRO(NAME, subject * 1000 + detail) line per registered code."""
    lines = []
    for entry in registry["codes"]:
        _, subject, detail = entry["iana"]["code"].split(".")
        lines.append(f"MACRO({entry['name']}, {int(subject) * 1000 + int(detail)}u)\n")
    return "".join(lines)


def text(field: str) -> str | None:
    """Undo the program's encoding: "-" is NULL, "x<hex>" the UTF-8 bytes."""
    if field == "-":
        return None
    assert field.startswith("x"), field
    return bytes.fromhex(field[1:]).decode("utf-8")


def rows(lines: list[str], kind: str) -> list[list[str]]:
    return [line.split(" ")[1:] for line in lines if line.split(" ")[0] == kind]


@pytest.fixture(scope="module", params=C_MODES, ids=C_MODE_IDS)
def lines(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """header_dump.c and header_second_unit.c (declarations only) built as one program."""
    compiler, standard = request.param
    folder = tmp_path_factory.mktemp(standard.replace("+", "p"))
    (folder / "macros.inc").write_text(macros_include(REGISTRY), "utf-8")
    program = compile_c(compiler, standard,
                        [SOURCES / "header_dump.c", SOURCES / "header_second_unit.c"],
                        [HEADER_DIR, folder], folder / "header_dump")
    return run_program(program)


def test_counts(lines: list[str]) -> None:
    assert len(REGISTRY["codes"]) == 81
    assert rows(lines, "counts") == [
        ["81", str(len(REGISTRY["classes"])), str(len(REGISTRY["subjects"])),
         str(len(REPLIES["codes"]))]]
    assert rows(lines, "updated") == [["x" + REGISTRY["registry"]["updated"].encode().hex()]]


def test_the_package_version_beside_the_registry_date(lines: list[str]) -> None:
    # YEAR.MMDD.N (CHANGELOG.md): the Python package's version, and its numbers one by one.
    year, month, day = map(int, REGISTRY["registry"]["updated"].split("-"))
    assert rows(lines, "version") == [
        ["x" + __version__.encode().hex(), str(year), str(month * 100 + day),
         __version__.split(".")[2]]]
    assert __version__.startswith(f"{year}.{month * 100 + day}.")


def test_every_code_agrees_with_the_registry(lines: list[str]) -> None:
    got = rows(lines, "code")
    assert len(got) == 81
    for row, entry in zip(got, REGISTRY["codes"], strict=True):
        iana = entry["iana"]
        _, subject, detail = iana["code"].split(".")
        assert len(row) == 10, row
        assert row[0:2] == [subject, detail]
        assert [text(field) for field in row[2:8]] == [
            iana["code"], entry["name"], iana["sample_text"], iana["description"],
            iana["basic_code"], reference_cell(iana)]
        assert row[8] == ("1" if entry["deprecated"] else "0"), iana["code"]
        assert row[9] == "1", f"smtp_status_lookup({subject}, {detail}) missed its entry"


def test_unregistered_codes_are_null(lines: list[str]) -> None:
    assert rows(lines, "lookup") == [[code, "NULL"] for code in UNREGISTERED]


def test_every_code_macro(lines: list[str]) -> None:
    expected = []
    for entry in REGISTRY["codes"]:
        subject, detail = (int(part) for part in entry["iana"]["code"].split(".")[1:])
        packed = str(subject * 1000 + detail)
        expected.append([entry["name"], packed, str(subject), str(detail), packed])
    assert rows(lines, "macro") == expected
    assert rows(lines, "pack") == [["7026"]]


@pytest.mark.parametrize("kind", ["class", "subject"])
def test_part_tables(lines: list[str], kind: str) -> None:
    table = REGISTRY["classes" if kind == "class" else "subjects"]
    expected = []
    for entry in table:
        iana = entry["iana"]
        value = iana["code"].split(".")[0 if kind == "class" else 1]
        expected.append([value, *(("x" + field.encode().hex()) for field in (
            entry["name"], iana["summary"], iana["description"], iana["code"])), "1"])
    assert rows(lines, kind) == expected
    values = {int(row[0]) for row in expected}
    assert rows(lines, f"{kind}-lookup") == [
        [str(value), "1" if value in values else "0"]
        for value in [*range(12), *([1000] if kind == "subject" else [])]]


def linked(code: int) -> str:
    """The enhanced codes whose structured basic_codes list ``code``, space-joined."""
    return " ".join(entry["iana"]["code"] for entry in REGISTRY["codes"]
                    if code in (entry["basic_codes"].get("codes") or []))


def test_reply_table_agrees(lines: list[str]) -> None:
    got = rows(lines, "reply")
    assert len(got) == len(REPLIES["codes"])
    for row, entry in zip(got, REPLIES["codes"], strict=True):
        assert row[0] == str(entry["code"])
        assert [text(field) for field in row[1:5]] == [
            entry["name"], entry["text"], entry["description"], linked(entry["code"])]
        assert row[5:] == ["1" if entry["defined"] else "0", "1"]


def test_reply_lookup_550(lines: list[str]) -> None:
    entry = next(entry for entry in REPLIES["codes"] if entry["code"] == 550)
    assert linked(550) != ""
    assert [[row[0], *(text(field) for field in row[1:])] for row in rows(lines, "reply-550")] \
        == [["550", entry["name"], linked(550)]]
    assert rows(lines, "reply-lookup") == [["0", "0"], ["599", "0"], ["1550", "0"]]
    assert rows(lines, "second-unit-reply") == [["x" + entry["name"].encode().hex()]]


def test_parse(lines: list[str]) -> None:
    expected = [["x" + code.encode().hex(), "0", *map(str, parts)]
                for code, parts in GOOD.items()]
    # A failed parse returns -1 and leaves the out-values (77) untouched.
    expected += [["x" + code.encode().hex() if code else "x", "-1", "77", "77", "77"]
                 for code in BAD]
    assert rows(lines, "parse") == expected
    assert rows(lines, "parse-null-text") == [["-1"]]


def test_parse_accepts_null_out_pointers(lines: list[str]) -> None:
    assert rows(lines, "parse-null") == [
        [str(mask), "0", "4" if mask & 1 else "77", "2" if mask & 2 else "77",
         "22" if mask & 4 else "77"] for mask in range(8)]


def test_second_translation_unit(lines: list[str]) -> None:
    assert rows(lines, "second-unit") == [["7026", "1000000", "0", "-1", "2"]]


def test_long_descriptions_are_char_arrays() -> None:
    """C90 5.2.4.1 guarantees string literals of 509 bytes only: X.7.13's description is
    longer, so the header spells it as a char array."""
    header = (HEADER_DIR / "smtp_status.h").read_text("utf-8")
    assert "static const char smtp_status__description_x_7_13[] = {" in header


def test_the_functions_are_the_hand_written_fragment_as_it_is() -> None:
    fragment = (REPO / "src" / "c" / "smtp_status_functions.c").read_text("utf-8")
    header = (HEADER_DIR / "smtp_status.h").read_text("utf-8")
    assert header.count(fragment) == 1
    implementation = header.index("#ifdef SMTP_STATUS_IMPLEMENTATION")
    assert implementation < header.index(fragment)
    assert "int smtp_status_parse(const char *text" in fragment
