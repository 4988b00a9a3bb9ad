"""`python -m generators validate`: the real registry passes, every bad input is pinned down.

Each bad registry is the real one with a small text edit (or a small snippet), written to
tmp_path and checked through a real subprocess: exact stderr lines, exit 2, no traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import (
    REGISTRY_DISPLAY,
    REGISTRY_PATH,
    assert_invalid,
    edit,
    line_of,
    position,
    run_cli,
)

Edits = list[tuple[str, str]]
Expect = Callable[[str], list[str]]

REQUIRED_BY_NAME_SYNTAX = (
    "is not UPPER_SNAKE: letters A-Z, digits and single underscores, starting with a letter "
    "(rule name-syntax)")
SECOND_X_1_1 = "code: X.1.1\n      sample_text: Bad destination system address"
FIRST_X_1_1 = "code: X.1.1\n      sample_text: Bad destination mailbox address"


def apply(text: str, edits: Edits) -> str:
    for old, new in edits:
        text = edit(text, old, new)
    return text



@pytest.mark.parametrize("arguments", [(), (str(REGISTRY_PATH),)], ids=["default", "absolute"])
def test_committed_registry_is_valid(arguments: tuple[str, ...]) -> None:
    summary = (f"{REGISTRY_DISPLAY}: valid: 3 classes, 8 subjects, 81 codes "
               "(IANA updated 2024-12-06)\n"
               "registry/smtp-reply-codes.yaml: valid: 44 reply codes\n"
               "registry/vendor-codes.yaml: valid: 2 providers, 160 entries\n"
               "registry/bounce-reasons.yaml: valid: 36 reasons, 102 rules\n"
               "registry/bounce-formats.yaml: valid: 49 MTAs, 254 phrases\n")
    result = run_cli("validate", *arguments)
    assert (result.returncode, result.stdout, result.stderr) == (0, summary, "")


CASES = [
    pytest.param(
        [("  id: smtp-enhanced-status-codes\n", "  id: [smtp-enhanced-status-codes\n")],
        lambda t: [f"{position(t, '  title: Simple Mail', ':')}: $: YAML syntax error: "
                   "did not find expected ',' or ']'"],
        id="yaml-syntax-error"),
    pytest.param(
        [("  title: Simple Mail", "  title: Duplicate\n  title: Simple Mail")],
        lambda t: [f"{position(t, '  title: Simple Mail', 'title')}: $.registry.title: "
                   f"duplicate key 'title' (first defined on line "
                   f"{line_of(t, 'title: Duplicate')}) (rule no-duplicate-key)"],
        id="duplicate-key"),
    pytest.param(
        [("  id: smtp-enhanced-status-codes\n",
          "  id: !!python/object:os.system smtp-enhanced-status-codes\n")],
        lambda t: [f"{position(t, '!!python', '!')}: $.registry.id: YAML tag "
                   "'tag:yaml.org,2002:python/object:os.system' is not allowed: the registry "
                   "is plain data (rule no-tag)"],
        id="python-object-tag"),
    pytest.param(
        [("      summary: Success\n", "")],
        lambda t: [f"{position(t, '      code: 2.XXX.YYY', 'code')}: $.classes[0].iana: "
                   "'summary' is a required property (schema: required)"],
        id="missing-required-field"),
    pytest.param(
        [("    name: SUCCESS\n", "    name: SUCCESS\n    colour: green\n")],
        lambda t: [f"{position(t, '    colour: green', 'colour')}: $.classes[0].colour: "
                   "unknown field 'colour' (schema: additionalProperties)"],
        id="unknown-field"),
    pytest.param(
        [("      submitter: G. Vaudreuil\n", "      submitter: 12\n")],
        lambda t: [f"{position(t, 'submitter: 12', '12')}: $.classes[0].iana.submitter: "
                   "12 is not of type string or null (schema: type)"],
        id="wrong-type"),
    pytest.param(
        [("      code: X.1.1\n", "      code: X.01.1\n")],
        lambda t: [f"{position(t, 'code: X.01.1', 'X')}: $.codes[2].iana.code: 'X.01.1': "
                   "sub-code '01' has a leading zero (RFC 3463 s2) (rule code-syntax)"],
        id="leading-zero"),
    pytest.param(
        [("      code: X.1.1\n", "      code: X.1.1000\n")],
        lambda t: [f"{position(t, 'code: X.1.1000', 'X')}: $.codes[2].iana.code: 'X.1.1000': "
                   "sub-code '1000' has more than 3 digits (RFC 3463 s2) (rule code-syntax)"],
        id="four-digit-sub-code"),
    pytest.param(
        [("      code: X.1.1\n", "      code: 5.1.1\n")],
        lambda t: [f"{position(t, 'code: 5.1.1', '5')}: $.codes[2].iana.code: '5.1.1' starts "
                   "with a class digit; enumerated codes are written with X for the class, "
                   "like 'X.1.1' (rule code-syntax)"],
        id="class-digit-in-enumerated-code"),
    pytest.param(
        [("      code: X.1.2\n", "      code: X.1.1\n")],
        lambda t: [f"{position(t, SECOND_X_1_1, 'X')}: $.codes[3].iana.code: duplicate code "
                   f"'X.1.1' (first on line {line_of(t, FIRST_X_1_1)}) (rule unique-code)"],
        id="duplicate-code"),
    pytest.param(
        [("    name: PERMANENT_FAILURE\n", "    name: SUCCESS\n")],
        lambda t: [f"{position(t, 'name: SUCCESS' + chr(10) + 'subjects:', 'SUCCESS')}: "
                   "$.classes[2].name: duplicate name 'SUCCESS' (first used by 2.XXX.YYY on "
                   f"line {line_of(t, 'name: SUCCESS' + chr(10) + '  - iana:')}) "
                   "(rule unique-name)"],
        id="duplicate-name"),
    pytest.param(
        [("    name: SUCCESS\n", "    name: Success_story\n")],
        lambda t: [f"{position(t, 'name: Success_story', 'S')}: $.classes[0].name: "
                   f"name 'Success_story' {REQUIRED_BY_NAME_SYNTAX}"],
        id="name-not-upper-snake"),
    pytest.param(
        [("      code: X.7.30\n", "      code: X.9.1\n")],
        lambda t: [f"{position(t, 'code: X.9.1', 'X')}: $.codes[80].iana.code: subject 9 of "
                   "'X.9.1' is not in the subjects table (rule subject-exists)"],
        id="subject-does-not-exist"),
    pytest.param(
        [("      code: X.1.1\n", "      code: X.1.@\n"),
         ("      code: X.1.2\n", "      code: X.1.1\n"),
         ("      code: X.1.@\n", "      code: X.1.2\n")],
        lambda t: [f"{position(t, SECOND_X_1_1, 'X')}: $.codes[3].iana.code: 'X.1.1' comes "
                   "after 'X.1.2'; records must be in numeric order (rule sorted)"],
        id="out-of-order"),
    pytest.param(
        [("      basic_code: 451, 550\n", "      basic_code: 451, 551\n")],
        lambda t: [f"{_basic_codes_position(t)}: $.codes[2].basic_codes: basic_codes "
                   '{"kind": "listed", "codes": [451, 550], "wildcards": []} does not match '
                   "IANA's text '451, 551', which reads as "
                   '{"kind": "listed", "codes": [451, 551], "wildcards": []} '
                   "(rule basic-codes-agree)"],
        id="basic-codes-disagree"),
    pytest.param(
        [("      replaced_by: X.6.8\n", "      replaced_by: X.6.99\n")],
        lambda t: [f"{position(t, 'replaced_by: X.6.99', 'X')}: "
                   "$.codes[49].deprecated.replaced_by: replacement 'X.6.99' is not in the "
                   "codes table (rule deprecated-target)"],
        id="deprecated-target-missing"),
]


def _basic_codes_position(text: str) -> str:
    """Where X.1.1's ``basic_codes`` mapping starts: its first key, after ``name``."""
    needle = "    name: BAD_DESTINATION_MAILBOX_ADDRESS\n    basic_codes:\n      kind"
    return position(text, needle, "kind")


@pytest.mark.parametrize(("edits", "expect"), CASES)
def test_bad_registry_is_reported_exactly(
    tmp_path: Path, registry_source: str,
    edits: Edits, expect: Expect,
) -> None:
    text = apply(registry_source, edits)
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    assert_invalid(run_cli("validate", str(path)), [f"{path}:{line}" for line in expect(text)])


def test_several_problems_are_all_reported_sorted_by_line(
    tmp_path: Path, registry_source: str,
) -> None:
    # Edited bottom-up in the file, so the output order proves the sort.
    text = apply(registry_source, [
        ("      code: X.7.30\n", "      code: X.9.1\n"),
        ("      summary: Mailbox Status\n", ""),
        ("    name: PERMANENT_FAILURE\n", "    name: PERMANENT_FAILURE\n    extra: 1\n"),
        ("    name: SUCCESS\n", "    name: success\n"),
    ])
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    assert_invalid(run_cli("validate", str(path)), [
        f"{path}:{position(text, 'name: success', 's')}: $.classes[0].name: name 'success' "
        f"{REQUIRED_BY_NAME_SYNTAX}",
        f"{path}:{position(text, '    extra: 1', 'extra')}: $.classes[2].extra: "
        "unknown field 'extra' (schema: additionalProperties)",
        f"{path}:{position(text, '      code: X.2.YYY', 'code')}: $.subjects[2].iana: "
        "'summary' is a required property (schema: required)",
        f"{path}:{position(text, 'code: X.9.1', 'X')}: $.codes[80].iana.code: subject 9 of "
        "'X.9.1' is not in the subjects table (rule subject-exists)",
    ])


def billion_laughs(levels: int = 9) -> tuple[str, list[str]]:
    """Anchors and aliases nested ``levels`` deep, and the lines the loader must print."""
    names = [chr(ord("a") + level) for level in range(levels)]
    lines = [f'{names[0]}: &{names[0]} [{", ".join(chr(34) + "lol" + chr(34) for _ in range(9))}]']
    expected = [f"1:4: $.{names[0]}: YAML anchor &{names[0]} is not allowed (rule no-anchor)"]
    for number, (name, previous) in enumerate(zip(names[1:], names[:-1], strict=True), start=2):
        lines.append(f"{name}: &{name} [{','.join(f'*{previous}' for _ in range(9))}]")
        expected.append(f"{number}:4: $.{name}: YAML anchor &{name} is not allowed "
                        "(rule no-anchor)")
        expected += [f"{number}:{8 + 3 * index}: $.{name}[{index}]: YAML alias *{previous} is "
                     "not allowed: write the value out (rule no-alias)" for index in range(9)]
    return "\n".join(lines) + "\n", expected


def test_alias_bomb_is_refused_without_expanding(
    tmp_path: Path,
) -> None:
    text, expected = billion_laughs()
    assert text.splitlines()[1] == "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]"
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    # 9**9 strings if expanded; the subprocess timeout in run_cli guards against a hang.
    assert_invalid(run_cli("validate", str(path)), [f"{path}:{line}" for line in expected])


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"],
                         ids=["zero-bytes", "comment-only", "blank-lines"])
def test_empty_file(tmp_path: Path,  content: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(content, encoding="utf-8")
    assert_invalid(run_cli("validate", str(path)),
                   [f"{path}:1:1: $: file is empty: no YAML document"])


def test_file_that_is_not_utf8(
    tmp_path: Path, registry_source: str,
) -> None:
    raw = registry_source.encode("utf-8").replace(b"Chris Newman", b"Chris N\xe9wman", 1)
    offset = raw.index(b"\xe9")
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - raw.rfind(b"\n", 0, offset)
    first_expert = registry_source.index("Chris Newman")
    assert (line, column) == (registry_source.count("\n", 0, first_expert) + 1, 20)
    path = tmp_path / "latin1.yaml"
    path.write_bytes(raw)
    assert_invalid(run_cli("validate", str(path)), [
        f"{path}:{line}:{column}: $: file is not valid UTF-8: byte 0xe9 at offset {offset} "
        "(rule encoding)"])


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    assert_invalid(run_cli("validate", str(path)), [
        f"{path}:1:1: $: file is 52428800 bytes, over the 16 MiB limit (rule max-size)"])


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert_invalid(run_cli("validate", str(path)),
                   [f"{path}:1:1: $: cannot read file: No such file or directory"])


def test_code_of_another_table_reports_only_code_syntax(
    tmp_path: Path, registry_source: str,
) -> None:
    text = edit(registry_source, "      code: X.1.1\n", "      code: 2.XXX.YYY\n")
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    assert_invalid(run_cli("validate", str(path)), [
        f"{path}:{position(text, 'code: 2.XXX.YYY' + chr(10) + '      sample_text', '2')}: "
        "$.codes[2].iana.code: '2.XXX.YYY' "
        "starts with a class digit; enumerated codes are written with X for the class, like "
        "'X.1.1' (rule code-syntax)"])
