"""Issue 9, items 1-4: what the registries accept must never break an artifact.

1. No schema pattern accepts a trailing newline (Python's ``$`` matches before a final
   "\\n"): every pattern in every schema, proved on generated examples in Python and in
   ECMA-262 (node), and on every pattern-checked value of the committed registries.
2. C0 control characters other than newline, and DEL, are refused in every string of both
   registries (rule no-control-characters), naming the character.
3. Dates are real days of the calendar (rule real-date).
4. A plain integer longer than int() reads is refused with its position (rule max-integer).

Each refusal is checked through a real ``python -m generators validate``: exit 2, exactly
one line ``file:line:col: $.path: message``, no traceback.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.declarations import REGISTRIES, find
from generators.load import MAX_INTEGER_DIGITS, Loaded, load_yaml
from generators.problems import DataPath
from generators.validate import validate

from .conftest import REGISTRY_PATH, REPO, assert_invalid, edit, position, run_cli

SCHEMA_DIR = REPO / "schema"
REPLIES_PATH = REPO / "registry" / "smtp-reply-codes.yaml"
VENDORS_PATH = REPO / "registry" / "vendor-codes.yaml"
NOT_UPPER_SNAKE = ("is not UPPER_SNAKE: letters A-Z, digits and single underscores, starting "
                   "with a letter (rule name-syntax)")
ONLY_NEWLINE = "only newline is allowed (rule no-control-characters)"


def schema_patterns(node: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    """Every (location, regex) in a schema: ``pattern`` values and patternProperties keys."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{where}.pattern", value
            if key == "patternProperties" and isinstance(value, dict):
                for regex in value:
                    yield f"{where}.patternProperties", regex
            yield from schema_patterns(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from schema_patterns(item, f"{where}[{index}]")


ALL_PATTERNS = [
    pytest.param(regex, id=f"{path.name}:{where}")
    for path in sorted(SCHEMA_DIR.glob("*/*.json"))
    for where, regex in schema_patterns(json.loads(path.read_text("utf-8")))
]


def test_the_walk_finds_the_patterns() -> None:
    files = {param.id.split(":")[0] for param in ALL_PATTERNS}  # type: ignore[union-attr]
    assert {"registry.schema.json", "reply-codes.schema.json", "explain.schema.json",
            "smtp-enhanced-status-codes.schema.json",
            "smtp-reply-codes.schema.json", "vendor-codes.schema.json",
            "smtp-vendor-codes.schema.json"} <= files
    assert len(ALL_PATTERNS) >= 40


# Whether "$" lets a newline through does not depend on which matching string is drawn, so
# a few examples per pattern prove it (72 patterns x 40 examples was a minute of CPU).
@pytest.mark.parametrize("regex", ALL_PATTERNS)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_pattern_accepts_a_trailing_newline(regex: str, data: st.DataObject) -> None:
    """jsonschema applies ``pattern`` with re.search: whatever matches, plus "\\n", must not."""
    example = data.draw(st.from_regex(regex))
    assert re.search(regex, example) is not None
    assert re.search(regex, example + "\n") is None, (regex, example)


@pytest.mark.consumers
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_patterns_are_ecma_262_and_agree_there() -> None:
    """Each pattern compiles as a JavaScript "u" regex (what JSON Schema tools use) and also
    refuses each value of the committed data with "\\n" appended."""
    cases: list[tuple[str, list[str]]] = [
        (regex, sorted(examples)) for regex, examples in committed_examples().items()]
    cases += [(str(param.values[0]), []) for param in ALL_PATTERNS]
    program = """
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const bad = [];
for (const [source, examples] of cases) {
  let regex;
  try {
    regex = new RegExp(source, "u");
  } catch (error) {
    bad.push([source, String(error)]);
    continue;
  }
  for (const example of examples) {
    if (!regex.test(example)) bad.push([source, "refuses " + example]);
    if (regex.test(example + "\\n")) bad.push([source, "accepts " + example + "\\\\n"]);
  }
}
console.log(JSON.stringify(bad));
"""
    result = subprocess.run(["node", "-e", program], input=json.dumps(cases), text=True,
                            capture_output=True, check=True, timeout=60)
    assert json.loads(result.stdout) == []


# --- the committed data, with a newline appended to every pattern-checked value ----------


def _patterns_by_path(schema: Path, data: Any) -> dict[DataPath, str]:
    """Append "\\n" to every string at once and let the schema say which ones it refuses by
    pattern: those are exactly the pattern-checked strings (each matched before)."""
    mutated = copy.deepcopy(data)
    for path, value in _strings(mutated):
        _set(mutated, path, value + "\n")
    validator = jsonschema.Draft202012Validator(json.loads(schema.read_text("utf-8")))
    refused: dict[DataPath, str] = {}
    for error in validator.iter_errors(mutated):
        for leaf in _leaves(error):
            if leaf.validator == "pattern":
                refused[tuple(leaf.absolute_path)] = str(leaf.validator_value)
    return refused


def _leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _strings(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _set(data: Any, path: DataPath, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def committed_data() -> list[tuple[Path, Any]]:
    """Each schema with the committed document it describes."""
    generated = REPO / "generated" / "json"
    pairs: list[tuple[Path, Any]] = [
        (SCHEMA_DIR / "input" / "registry.schema.json", load_yaml(REGISTRY_PATH).data),
        (SCHEMA_DIR / "input" / "reply-codes.schema.json", load_yaml(REPLIES_PATH).data),
        (SCHEMA_DIR / "output" / "smtp-enhanced-status-codes.schema.json",
         json.loads((generated / "smtp-enhanced-status-codes.json").read_text("utf-8"))),
        (SCHEMA_DIR / "output" / "smtp-reply-codes.schema.json",
         json.loads((generated / "smtp-reply-codes.json").read_text("utf-8"))),
        (SCHEMA_DIR / "input" / "vendor-codes.schema.json", load_yaml(VENDORS_PATH).data),
        (SCHEMA_DIR / "output" / "smtp-vendor-codes.schema.json",
         json.loads((generated / "smtp-vendor-codes.json").read_text("utf-8"))),
    ]
    return pairs


def committed_examples() -> dict[str, set[str]]:
    """Pattern -> the committed values it checks (each one matches it)."""
    examples: dict[str, set[str]] = {}
    for schema, data in committed_data():
        for path, regex in _patterns_by_path(schema, data).items():
            value: Any = data
            for step in path:
                value = value[step]
            examples.setdefault(regex, set()).add(value)
    return examples


@pytest.mark.parametrize("schema", [pair[0].name for pair in committed_data()])
def test_every_committed_pattern_value_is_refused_with_a_newline(schema: str) -> None:
    """Before the fix, no value at all was refused: ``$`` matched before the newline."""
    path, data = next(pair for pair in committed_data() if pair[0].name == schema)
    refused = _patterns_by_path(path, data)
    assert len(refused) >= 10, refused
    # And the unmutated data is valid, so each refusal is the newline's doing.
    assert list(jsonschema.Draft202012Validator(
        json.loads(path.read_text("utf-8"))).iter_errors(data)) == []


def test_validate_refuses_a_newline_after_every_pattern_checked_value() -> None:
    """Through the tool: every such value of the committed registries, given a trailing
    newline, is reported at its own path (and the sort rule cannot be skipped by one)."""
    for key, source in (("codes", REGISTRY_PATH), ("replies", REPLIES_PATH),
                        ("vendors", VENDORS_PATH)):
        spec = find(REGISTRIES, key)
        loaded = load_yaml(source)
        targets = _patterns_by_path(spec.schema, loaded.data)
        assert len(targets) >= 100  # before the fix: none, since "$" matched before "\n"
        mutated = Loaded(loaded.file, copy.deepcopy(loaded.data), loaded.value_marks,
                         loaded.key_marks)
        for target in targets:
            value: Any = mutated.data
            for step in target:
                value = value[step]
            _set(mutated.data, target, value + "\n")
        problems = validate(mutated, spec)
        assert {problem.path for problem in problems} >= set(targets)
        assert all(not problem.message.startswith("None") for problem in problems)


# --- exact messages through the command line -------------------------------------------------


def run_validate(tmp_path: Path, text: str, *, replies: str | None = None) -> Any:
    registry = tmp_path / "registry.yaml"
    registry.write_text(text, encoding="utf-8")
    arguments = ["validate", str(registry)]
    if replies is not None:
        reply_file = tmp_path / "replies.yaml"
        reply_file.write_text(replies, encoding="utf-8")
        arguments += ["--replies", str(reply_file)]
    return registry, run_cli(*arguments)


@pytest.fixture(scope="module")
def source() -> str:
    return REGISTRY_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reply_source() -> str:
    return REPLIES_PATH.read_text(encoding="utf-8")


NEWLINE_CASES = [
    pytest.param(
        "    name: BAD_DESTINATION_MAILBOX_ADDRESS\n",
        '    name: "BAD_DESTINATION_MAILBOX_ADDRESS\\n"\n', '"BAD_DESTINATION_MAILBOX',
        "$.codes[2].name: name 'BAD_DESTINATION_MAILBOX_ADDRESS\\n' " + NOT_UPPER_SNAKE,
        id="name"),
    pytest.param(
        "      code: X.1.1\n", '      code: "X.1.1\\n"\n', '"X.1.1',
        "$.codes[2].iana.code: 'X.1.1\\n' ends with a newline; write it like 'X.1.1' "
        "(rule code-syntax)",
        id="code"),
    pytest.param(
        '      code: 5.XXX.YYY\n', '      code: "5.XXX.YYY\\n"\n', '"5.XXX.YYY\\n',
        "$.classes[2].iana.code: '5.XXX.YYY\\n' ends with a newline; write it like "
        "'5.XXX.YYY' (rule code-syntax)",
        id="class-code"),
    pytest.param(
        '  updated: "2024-12-06"\n', '  updated: "2024-12-06\\n"\n', '"2024-12-06\\n',
        "$.registry.updated: '2024-12-06\\n' ends with a newline, which this field does not "
        "allow (schema: pattern)",
        id="date"),
    pytest.param(
        '  source: "https://www.iana.org/assignments/smtp-enhanced-status-codes/"\n',
        '  source: "https://www.iana.org/assignments/smtp-enhanced-status-codes/\\n"\n',
        '"https://www.iana.org/assignments/smtp-enhanced-status-codes/\\n',
        "$.registry.source: 'https://www.iana.org/assignments/smtp-enhanced-status-codes/\\n' "
        "ends with a newline, which this field does not allow (schema: pattern)",
        id="source"),
    pytest.param(
        "    id: smtp-enhanced-status-codes-1\n", '    id: "smtp-enhanced-status-codes-1\\n"\n',
        '"smtp-enhanced-status-codes-1\\n',
        "$.tables.classes.id: 'smtp-enhanced-status-codes-1\\n' ends with a newline, which this "
        "field does not allow (schema: pattern)",
        id="table-id"),
    pytest.param(
        "      sample_text: Bad destination mailbox address\n",
        '      sample_text: "Bad destination mailbox address\\n"\n', '"Bad destination mailbox',
        "$.codes[2].iana.sample_text: 'Bad destination mailbox address\\n' ends with a newline, "
        "which this field does not allow (schema: pattern)",
        id="text"),
]


@pytest.mark.parametrize(("old", "new", "target", "message"), NEWLINE_CASES)
def test_a_trailing_newline_gets_one_exact_line(
    tmp_path: Path, source: str, old: str, new: str, target: str, message: str,
) -> None:
    text = edit(source, old, new)
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [f"{registry}:{position(text, new, target)}: {message}"])


def test_a_trailing_newline_in_the_reply_registry(tmp_path: Path, source: str,
                                                  reply_source: str) -> None:
    replies = edit(reply_source, "    name: SYSTEM_STATUS\n", '    name: "SYSTEM_STATUS\\n"\n')
    _, result = run_validate(tmp_path, source, replies=replies)
    where = position(replies, '    name: "SYSTEM_STATUS', '"')
    assert_invalid(result, [f"{tmp_path / 'replies.yaml'}:{where}: $.codes[0].name: name "
                            f"'SYSTEM_STATUS\\n' {NOT_UPPER_SNAKE}"])


CONTROL_CASES = [
    pytest.param(
        "      sample_text: Bad destination mailbox address\n",
        '      sample_text: "Bad destination\\0 mailbox address"\n', '"Bad destination',
        "$.codes[2].iana.sample_text: text contains the control character U+0000 (NUL) at "
        f"character 16; {ONLY_NEWLINE}",
        id="nul-in-text"),
    pytest.param(
        "      sample_text: Bad destination mailbox address\n",
        '      sample_text: "Bad destination\\tmailbox address"\n', '"Bad destination',
        "$.codes[2].iana.sample_text: text contains the control character U+0009 (TAB) at "
        f"character 16; {ONLY_NEWLINE}",
        id="tab"),
    pytest.param(
        "      submitter: G. Vaudreuil\n      change_controller: IESG\n      date: null\n"
        "      updated: null\n    name: BAD_DESTINATION_MAILBOX_ADDRESS\n",
        '      submitter: "G. Vaudreuil\\r"\n      change_controller: IESG\n      date: null\n'
        "      updated: null\n    name: BAD_DESTINATION_MAILBOX_ADDRESS\n", '"G. Vaudreuil',
        "$.codes[2].iana.submitter: text contains the control character U+000D (CARRIAGE "
        f"RETURN) at character 13; {ONLY_NEWLINE}",
        id="carriage-return"),
    pytest.param(
        "    name: BAD_DESTINATION_MAILBOX_ADDRESS\n",
        '    name: "BAD_DESTINATION_MAILBOX_ADDRESS\\x7f"\n', '"BAD_DESTINATION_MAILBOX',
        "$.codes[2].name: text contains the control character U+007F (DELETE) at character 32; "
        f"{ONLY_NEWLINE}",
        id="delete-in-name"),
    pytest.param(
        "      code: X.1.1\n", '      code: "X.1.1\\e"\n', '"X.1.1',
        "$.codes[2].iana.code: text contains the control character U+001B (ESCAPE) at "
        f"character 6; {ONLY_NEWLINE}",
        id="escape-in-code"),
    pytest.param(
        "      prose: This code is only useful for permanent failures.\n",
        '      prose: "\\x01This code is only useful for permanent failures."\n',
        '"\\x01This code is only useful',
        "$.codes[2].usage.prose: text contains the control character U+0001 (control "
        f"character) at character 1; {ONLY_NEWLINE}",
        id="soh-in-our-field"),
]


@pytest.mark.parametrize(("old", "new", "target", "message"), CONTROL_CASES)
def test_a_control_character_gets_one_exact_line(
    tmp_path: Path, source: str, old: str, new: str, target: str, message: str,
) -> None:
    text = edit(source, old, new)
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [f"{registry}:{position(text, new, target)}: {message}"])


def test_a_control_character_in_a_key(tmp_path: Path, source: str) -> None:
    text = edit(source, "    name: BAD_DESTINATION_MAILBOX_ADDRESS\n",
                '    name: BAD_DESTINATION_MAILBOX_ADDRESS\n    "col\\0our": red\n')
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [
        f"{registry}:{position(text, chr(34) + 'col', chr(34))}: $.codes[2]['col\\x00our']: "
        f"text contains the control character U+0000 (NUL) at character 4; {ONLY_NEWLINE}"])


def test_a_control_character_in_the_reply_registry(tmp_path: Path, source: str,
                                                   reply_source: str) -> None:
    old = "    text: System status, or system help reply\n"
    replies = edit(reply_source, old, '    text: "System status\\0, or system help reply"\n')
    _, result = run_validate(tmp_path, source, replies=replies)
    where = position(replies, '    text: "System status', '"')
    assert_invalid(result, [
        f"{tmp_path / 'replies.yaml'}:{where}: $.codes[0].text: text contains the control "
        f"character U+0000 (NUL) at character 14; {ONLY_NEWLINE}"])


@pytest.mark.parametrize("character", [chr(code) for code in [*range(0x20), 0x7F]
                                       if code != 0x0A])
def test_every_string_of_both_registries_refuses_each_control_character(
    character: str,
) -> None:
    """The rule walks all strings, whatever their field: put the character into every string
    at once; every one of them is reported at its own path, by this rule."""
    for key, path in (("codes", REGISTRY_PATH), ("replies", REPLIES_PATH)):
        spec = find(REGISTRIES, key)
        loaded = load_yaml(path)
        data = copy.deepcopy(loaded.data)
        targets = [target for target, _ in _strings(data)]
        for target, value in list(_strings(data)):
            _set(data, target, value[:1] + character + value[1:])
        problems = validate(Loaded(loaded.file, data, loaded.value_marks, loaded.key_marks),
                            spec)
        control = {problem.path for problem in problems
                   if "(rule no-control-characters)" in problem.message}
        assert control == set(targets)


def test_a_newline_in_a_text_is_still_allowed(tmp_path: Path, source: str) -> None:
    text = edit(source, "      sample_text: Bad destination mailbox address\n",
                '      sample_text: "Bad destination\\nmailbox address"\n')
    _, result = run_validate(tmp_path, text)
    assert (result.returncode, result.stderr) == (0, "")


# --- 3. real dates -------------------------------------------------------------------------


DATE_CASES = [
    pytest.param('  updated: "2024-12-06"\n', '  updated: "2024-02-30"\n', "$.registry.updated",
                 "'2024-02-30' is not a real calendar date: day is out of range for month",
                 id="february-30"),
    pytest.param('  created: "2008-05-29"\n', '  created: "2023-02-29"\n', "$.registry.created",
                 "'2023-02-29' is not a real calendar date: day is out of range for month",
                 id="not-a-leap-year"),
    pytest.param('  created: "2008-05-29"\n', '  created: "0000-01-01"\n', "$.registry.created",
                 "'0000-01-01' is not a real calendar date: year 0 is out of range",
                 id="year-zero"),
    pytest.param('  created: "2008-05-29"\n', '  created: "2024-04-31"\n', "$.registry.created",
                 "'2024-04-31' is not a real calendar date: day is out of range for month",
                 id="april-31"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), DATE_CASES)
def test_an_impossible_date_gets_one_exact_line(
    tmp_path: Path, source: str, old: str, new: str, where: str, message: str,
) -> None:
    text = edit(source, old, new)
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [f"{registry}:{position(text, new, chr(34))}: {where}: {message} "
                            "(rule real-date)"])


def test_an_impossible_record_date(tmp_path: Path, source: str) -> None:
    old = ("      submitter: G. Vaudreuil\n      change_controller: IESG\n      date: null\n"
           "      updated: null\n    name: BAD_DESTINATION_MAILBOX_ADDRESS\n")
    new = old.replace("      date: null\n", '      date: "2023-02-29"\n')
    text = edit(source, old, new)
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [
        f"{registry}:{position(text, 'date: ' + chr(34) + '2023-02-29', chr(34))}: "
        "$.codes[2].iana.date: '2023-02-29' is not a real calendar date: day is out of range "
        "for month (rule real-date)"])


def test_generate_refuses_an_impossible_date_too(tmp_path: Path, source: str) -> None:
    """Before the fix, generate died with a ValueError (exit 1) building the model."""
    text = edit(source, '  updated: "2024-12-06"\n', '  updated: "2024-02-30"\n')
    registry = tmp_path / "registry.yaml"
    registry.write_text(text, encoding="utf-8")
    result = run_cli("generate", "--registry", str(registry), "--output", str(tmp_path / "g"),
                     "--package-output", str(tmp_path / "p"))
    assert_invalid(result, [
        f"{registry}:{position(text, '  updated: ' + chr(34) + '2024-02-30', chr(34))}: "
        "$.registry.updated: '2024-02-30' is not a real calendar date: day is out of range for "
        "month (rule real-date)"])
    assert not (tmp_path / "g").exists()
    assert not (tmp_path / "p").exists()


def test_a_leap_day_is_a_real_date(tmp_path: Path, source: str) -> None:
    text = edit(source, '  created: "2008-05-29"\n', '  created: "2024-02-29"\n')
    _, result = run_validate(tmp_path, text)
    assert (result.returncode, result.stderr) == (0, "")


# --- 4. huge integers ----------------------------------------------------------------------


def huge(digits: int) -> str:
    return "5" * digits


@pytest.mark.parametrize("sign", ["", "-", "+"], ids=["plain", "negative", "plus"])
def test_a_huge_integer_gets_one_exact_line(tmp_path: Path, source: str, sign: str) -> None:
    digits = MAX_INTEGER_DIGITS + 700
    text = edit(source, "      codes: [552]\n", f"      codes: [{sign}{huge(digits)}]\n")
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [
        f"{registry}:{position(text, sign + huge(digits), sign + '5')}: "
        "$.codes[14].basic_codes.codes[0]: integer of 5000 digits is too long: at most 4300 "
        "digits are read (rule max-integer)"])


def test_a_huge_integer_as_a_reply_code(tmp_path: Path, source: str,
                                        reply_source: str) -> None:
    replies = edit(reply_source, "  - code: 211\n", f"  - code: {huge(10_000)}\n")
    _, result = run_validate(tmp_path, source, replies=replies)
    assert_invalid(result, [
        f"{tmp_path / 'replies.yaml'}:{position(replies, huge(10_000), '5')}: $.codes[0].code: "
        "integer of 10000 digits is too long: at most 4300 digits are read "
        "(rule max-integer)"])


def test_the_longest_readable_integer_is_refused_by_range_in_one_short_line(
    tmp_path: Path, source: str,
) -> None:
    text = edit(source, "      codes: [552]\n", f"      codes: [{huge(MAX_INTEGER_DIGITS)}]\n")
    registry, result = run_validate(tmp_path, text)
    assert_invalid(result, [
        f"{registry}:{position(text, huge(MAX_INTEGER_DIGITS), '5')}: "
        f"$.codes[14].basic_codes.codes[0]: {huge(77)}... is not a 3-digit reply code from 2xx "
        "to 5xx (RFC 5321 s4.2.1) (rule basic-code-range)"])


def test_a_huge_number_in_quotes_is_a_string(tmp_path: Path, source: str) -> None:
    """Only plain scalars are numbers: a quoted one is text, refused by the schema's type."""
    text = edit(source, "      codes: [552]\n", f'      codes: ["{huge(5000)}"]\n')
    _, result = run_validate(tmp_path, text)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.endswith("is not of type integer (schema: type)\n")
