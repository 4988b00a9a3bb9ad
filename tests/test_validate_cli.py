"""`python -m generators validate`: exact one-line errors, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SMALL_VENDORS, SMALL_VENDORS_DISPLAY
from .conftest import SMALL_REGISTRY as SMALL


def validate(path: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generators", "validate", str(path)],
                          cwd=REPO, capture_output=True, text=True, check=False)


def test_the_registries_are_valid() -> None:
    result = subprocess.run([sys.executable, "-m", "generators", "validate"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == (
        "registry/smtp-enhanced-status-codes.yaml: valid: 3 classes, 8 subjects, 81 codes "
        "(IANA updated 2024-12-06)\n"
        "registry/smtp-reply-codes.yaml: valid: 44 reply codes\n"
        "registry/vendor-codes.yaml: valid: 2 providers, 160 entries\n"
        "registry/bounce-reasons.yaml: valid: 36 reasons, 102 rules\n"
        "registry/bounce-formats.yaml: valid: 49 MTAs, 254 phrases\n")


def test_the_small_fixture_is_valid() -> None:
    result = subprocess.run([sys.executable, "-m", "generators", "validate", str(SMALL),
                             "--vendors", str(SMALL_VENDORS)],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "tests/fixtures/registry/small.yaml: valid: 2 classes, 2 subjects, 4 codes "
        "(IANA updated 2024-12-06)\n"
        "registry/smtp-reply-codes.yaml: valid: 44 reply codes\n"
        f"{SMALL_VENDORS_DISPLAY}: valid: 2 providers, 3 entries\n"
        "registry/bounce-reasons.yaml: valid: 36 reasons, 102 rules\n"
        "registry/bounce-formats.yaml: valid: 49 MTAs, 254 phrases\n")


DKIM = "name: NO_PASSING_DKIM_SIGNATURE_FOUND"
CASES = {
    "yaml syntax error": (("registry:\n", "registry: [\n"),
                          ["10:8: $: YAML syntax error: did not find expected ',' or ']'"]),
    "duplicate key": (("  title: Simple", "  id: again\n  title: Simple"),
                      ["10:3: $.registry.id: duplicate key 'id' (first defined on line 9) "
                       "(rule no-duplicate-key)"]),
    "python object tag": (("registry:\n", "evil: !!python/object:os.system {}\nregistry:\n"),
                          ["8:7: $.evil: YAML tag 'tag:yaml.org,2002:python/object:os.system' "
                           "is not allowed: the registry is plain data (rule no-tag)"]),
    "missing required field": ((f"    {DKIM}\n", ""),
                               ["123:5: $.codes[1]: 'name' is a required property "
                                "(schema: required)"]),
    "unknown field": ((f"    {DKIM}\n", f"    {DKIM}\n    colour: red\n"),
                      ["142:5: $.codes[1].colour: unknown field 'colour' "
                       "(schema: additionalProperties)"]),
    "wrong type": (("      codes: [550]\n", "      codes: 550\n"),
                   ["144:14: $.codes[1].basic_codes.codes: 550 is not of type array "
                    "(schema: type)"]),
    "leading zero": (("code: X.7.20\n", "code: X.07.20\n"),
                     ["124:13: $.codes[1].iana.code: 'X.07.20': sub-code '07' has a leading "
                      "zero (RFC 3463 s2) (rule code-syntax)"]),
    "4-digit sub-code": (("code: X.7.20\n", "code: X.7.2000\n"),
                         ["124:13: $.codes[1].iana.code: 'X.7.2000': sub-code '2000' has more "
                          "than 3 digits (RFC 3463 s2) (rule code-syntax)"]),
    "class digit": (("code: X.7.20\n", "code: 5.7.20\n"),
                    ["124:13: $.codes[1].iana.code: '5.7.20' starts with a class digit; "
                     "enumerated codes are written with X for the class, like 'X.1.1' "
                     "(rule code-syntax)"]),
    "duplicate code": (("code: X.7.20\n", "code: X.1.1\n"),
                       ["124:13: $.codes[1].iana.code: duplicate code 'X.1.1' (first on line "
                        "101) (rule unique-code)"]),
    "duplicate name": ((DKIM, "name: BAD_DESTINATION_MAILBOX_ADDRESS"),
                       ["141:11: $.codes[1].name: duplicate name "
                        "'BAD_DESTINATION_MAILBOX_ADDRESS' (first used by X.1.1 on line 113) "
                        "(rule unique-name)"]),
    "name not UPPER_SNAKE": ((DKIM, "name: No_Passing"),
                             ["141:11: $.codes[1].name: name 'No_Passing' is not UPPER_SNAKE: "
                              "letters A-Z, digits and single underscores, starting with a "
                              "letter (rule name-syntax)"]),
    "unknown subject": (("code: X.7.28\n", "code: X.9.28\n"),
                        ["177:13: $.codes[3].iana.code: subject 9 of 'X.9.28' is not in the "
                         "subjects table (rule subject-exists)"]),
    "out of order": (("code: X.7.20\n", "code: X.7.27\n"),
                     ["152:13: $.codes[2].iana.code: 'X.7.26' comes after 'X.7.27'; records "
                      "must be in numeric order (rule sorted)"]),
    "basic codes disagree": (("      codes: [550]\n", "      codes: [551]\n"),
                             ['143:7: $.codes[1].basic_codes: basic_codes {"kind": "listed", '
                              '"codes": [551], "wildcards": []} does not match IANA\'s text '
                              '\'550\', which reads as {"kind": "listed", "codes": [550], '
                              '"wildcards": []} (rule basic-codes-agree)']),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_exact_errors(case: str, tmp_path: Path) -> None:
    (old, new), expected = CASES[case]
    original = SMALL.read_text("utf-8")
    assert old in original
    bad = tmp_path / "bad.yaml"
    bad.write_text(original.replace(old, new, 1), "utf-8")
    result = validate(bad)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{bad}:{line}" for line in expected]


def test_every_problem_is_reported_in_line_order(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text("utf-8").replace(DKIM, "name: lower", 1)
                   .replace("code: X.7.26\n", "code: X.7.026\n", 1), "utf-8")
    result = validate(bad)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}:141:11: $.codes[1].name: name 'lower' is not UPPER_SNAKE: letters A-Z, digits "
        "and single underscores, starting with a letter (rule name-syntax)",
        f"{bad}:152:13: $.codes[2].iana.code: 'X.7.026': sub-code '026' has a leading zero "
        "(RFC 3463 s2) (rule code-syntax)",
    ]


def test_alias_bomb_fails_at_the_first_anchor(tmp_path: Path) -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    bad = tmp_path / "bomb.yaml"
    bad.write_text("\n".join(levels) + "\n")
    result = validate(bad)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{bad}:1:5: $.a0: YAML anchor &a0 is not allowed (rule no-anchor)"
    assert lines[1] == f"{bad}:2:5: $.a1: YAML anchor &a1 is not allowed (rule no-anchor)"
    assert lines[2] == (f"{bad}:2:10: $.a1[0]: YAML alias *a0 is not allowed: write the value "
                        "out (rule no-alias)")
    assert len(lines) == 9 + 8 * 9  # one per anchor and alias: nothing was expanded


@pytest.mark.parametrize(("content", "message"), [
    (b"", "1:1: $: file is empty: no YAML document"),
    (b"# only a comment\n", "1:1: $: file is empty: no YAML document"),
    (b"registry:\n  title: caf\xe9\n", "2:13: $: file is not valid UTF-8: byte 0xe9 at offset "
                                       "22 (rule encoding)"),
])
def test_empty_and_undecodable_files(content: bytes, message: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    result = validate(bad)
    assert (result.returncode, result.stderr) == (2, f"{bad}:{message}\n")


def test_a_50_mb_file_fails_fast(tmp_path: Path) -> None:
    bad = tmp_path / "huge.yaml"
    with open(bad, "wb") as file:
        file.truncate(50 * 1024 * 1024)
    result = validate(bad)
    assert (result.returncode, result.stderr) == (
        2, f"{bad}:1:1: $: file is 52428800 bytes, over the 16 MiB limit (rule max-size)\n")


def test_no_traceback_for_a_missing_file(tmp_path: Path) -> None:
    result = validate(tmp_path / "absent.yaml")
    assert (result.returncode, result.stderr) == (
        2, f"{tmp_path / 'absent.yaml'}:1:1: $: cannot read file: No such file or directory\n")


def test_relative_paths_print_as_given() -> None:
    environment = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "generators", "validate",
                             "tests/fixtures/registry/small.yaml",
                             "--vendors", "tests/fixtures/registry/small-vendors.yaml"],
                            cwd=REPO, env=environment, capture_output=True, text=True,
                            check=False)
    assert result.stdout.startswith("tests/fixtures/registry/small.yaml: valid:")
    assert result.stdout.splitlines()[2].startswith(
        "tests/fixtures/registry/small-vendors.yaml: valid:")


REPLIES = REPO / "registry" / "smtp-reply-codes.yaml"


def validate_replies(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    bad = tmp_path / "replies.yaml"
    bad.write_text(text, "utf-8")
    return subprocess.run([sys.executable, "-m", "generators", "validate", "--replies", str(bad)],
                          cwd=REPO, capture_output=True, text=True, check=False)


def test_reply_registry_rules(tmp_path: Path) -> None:
    text = REPLIES.read_text("utf-8").replace("  - code: 214", "  - code: 211", 1)
    result = validate_replies(text.replace("    text: null", "    text: Invented", 1), tmp_path)
    bad = tmp_path / "replies.yaml"
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}:23:11: $.codes[1].code: duplicate code 211 (first on line 13) "
        "(rule unique-code)",
        f"{bad}:105:11: $.codes[8].text: reply code 253 is marked undefined, so it has no RFC "
        "text; write null (rule undefined-has-no-text)",
    ]


def test_every_basic_code_must_be_in_the_reply_registry(tmp_path: Path) -> None:
    text = REPLIES.read_text("utf-8")
    start, end = text.index("  - code: 523\n"), text.index("  - code: 524\n")
    result = validate_replies(text[:start] + text[end:], tmp_path)
    registry_lines = (REPO / "registry" / "smtp-enhanced-status-codes.yaml").read_text(
        "utf-8").splitlines()
    line = registry_lines.index("      codes: [523]") + 1
    assert result.returncode == 2
    assert result.stderr == (
        f"registry/smtp-enhanced-status-codes.yaml:{line}:15: "
        "$.codes[60].basic_codes.codes[0]: "
        f"basic code 523 of 'X.7.10' is not in {tmp_path / 'replies.yaml'}; add it there, "
        "marked defined or not (rule reply-code-known)\n")
