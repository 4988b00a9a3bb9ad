"""The package as type checkers see it: pyright --verifytypes, and users' scripts under
pyright strict and mypy --strict (one run of each over all the scripts), with real types,
revealed types exact, and misspelt members and misuse caught."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.consumers

USER_SCRIPT = '''\
from typing import Literal, assert_type

from smtp_status import (EnhancedCode, ReplyCode, StatusClass, StatusCode, Subject,
                         find_status_codes, parse_reply)

code = EnhancedCode("X.1.1")
assert_type(code, EnhancedCode)
assert_type(EnhancedCode.MAILBOX_FULL, Literal[EnhancedCode.MAILBOX_FULL])
member: EnhancedCode = EnhancedCode.MAILBOX_FULL
assert_type(member.value, str)
assert_type(ReplyCode(550).value, int)
assert_type(EnhancedCode.MAILBOX_FULL.sample_text, str | None)
assert_type(EnhancedCode.MAILBOX_FULL.subject, Subject)
assert_type(ReplyCode(550), ReplyCode)
assert_type(ReplyCode.MAILBOX_UNAVAILABLE.is_permanent, bool)
assert_type(StatusClass(5), StatusClass)
assert_type(Subject(1).summary, str)
status = StatusCode.parse("5.1.1")
assert_type(status.enhanced_code, EnhancedCode | None)
assert_type(status.status_class, StatusClass)
assert_type(status.meaning, EnhancedCode | Subject | StatusClass)
assert_type(status.meaning.text, str)
assert_type(str(status.meaning), str)
reply = parse_reply("550 5.1.1 no such user")
assert_type(reply.code, int)
assert_type(reply.status, StatusCode | None)
assert_type(reply.lines, tuple[str, ...])
names: list[str] = [member.name for member in EnhancedCode]
first = find_status_codes("550 5.1.1 x")[0]
assert_type(first.status, StatusCode)
assert_type(first.basic_code, int | None)
'''
MISSPELT = "from smtp_status import EnhancedCode\n\nEnhancedCode.MAILBOX_FUL\n"
# A program using the whole public API, with the types it must reveal.
USER_PROGRAM = """\
import datetime

from smtp_status import (
    REGISTRY_UPDATED,
    EnhancedCode,
    InvalidStatusCode,
    StatusClass,
    StatusCode,
    Subject,
    __version__,
)


def describe(text: str) -> str:
    try:
        code = StatusCode.parse(text)
    except InvalidStatusCode as error:
        return error.reason
    status_class: StatusClass = code.status_class
    numbers: tuple[int, int] = (code.subject, code.detail)
    enhanced: EnhancedCode | None = code.enhanced_code
    meaning: EnhancedCode | Subject | StatusClass = code.meaning
    flags: tuple[bool, bool, bool] = (code.is_success, code.is_transient, code.is_permanent)
    if enhanced is not None:
        subject: Subject = enhanced.subject
        detail: int = enhanced.detail
        sample: str | None = enhanced.sample_text
        short: str = enhanced.text + code.meaning.text + status_class.text
        basic: tuple[int, ...] = enhanced.basic_codes
        basic_text: str | None = enhanced.basic_code
        references: tuple[str, ...] = enhanced.references
        people: tuple[str | None, str | None] = (enhanced.submitter, enhanced.change_controller)
        date: datetime.date | None = enhanced.date
        deprecated: bool = enhanced.deprecated
        replaced: EnhancedCode | None = enhanced.replaced_by
        again: StatusCode = enhanced.with_class(4)
        value: str = enhanced.value
        print(subject, detail, sample, short, basic, basic_text, references, people, date,
              deprecated, replaced, again, value)
    summary: str = status_class.summary + Subject.MAILBOX_STATUS.description
    header: tuple[str, ...] = StatusClass.SUCCESS.references
    print(numbers, meaning, flags, summary, header, status_class.is_permanent, code < code)
    return str(code)


updated: datetime.date = REGISTRY_UPDATED
version: str = __version__
code_set: set[StatusCode] = {StatusCode(5, 1, 1), StatusCode.parse("4.2.2")}
reveal_type(StatusCode.parse("5.1.1").meaning)
reveal_type(EnhancedCode.MAILBOX_FULL.date)
reveal_type(StatusCode(5, 1, 1).enhanced_code)
"""

MISUSE = """\
from smtp_status import EnhancedCode, StatusCode

detail: str = StatusCode.parse("5.1.1").detail
sample: str = EnhancedCode.MAILBOX_FULL.sample_text
StatusCode.parse("5.1.1").nope
"""


def pyright() -> str | None:
    local = REPO / ".cache" / "tools" / "node_modules" / ".bin" / "pyright"
    found = str(local) if local.exists() else shutil.which("pyright")
    if found is None and os.environ.get("CI"):
        pytest.fail("pyright is missing: .ci/run installs it from npm into .cache/tools")
    return found


def run_pyright(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = pyright()
    if command is None:
        pytest.skip("pyright is not installed (npm install pyright); CI installs it")
    return subprocess.run([command, "--pythonpath", sys.executable, *arguments], cwd=folder,
                          capture_output=True, text=True, timeout=300, check=False)


def write_scripts(folder: Path, scripts: dict[str, str]) -> None:
    """User scripts and a strict pyright project over them."""
    for name, script in scripts.items():
        (folder / name).write_text(script, encoding="utf-8")
    (folder / "pyrightconfig.json").write_text(json.dumps({
        "typeCheckingMode": "strict", "pythonVersion": "3.11", "include": sorted(scripts)}))


def write_project(folder: Path, script: str) -> None:
    """One user script, user.py, in a strict pyright project (other test files use it)."""
    write_scripts(folder, {"user.py": script})


def run_mypy(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict on one user script, user.py (other test files use it)."""
    (folder / "user.py").write_text(script, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
         "--no-incremental", "--cache-dir", os.devnull, "user.py"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)


def test_verifytypes_reports_full_completeness(tmp_path: Path) -> None:
    result = run_pyright(tmp_path, "--verifytypes", "smtp_status", "--outputjson")
    report = json.loads(result.stdout)["typeCompleteness"]
    assert report["completenessScore"] == 1.0, result.stdout[-2000:]
    assert report["exportedSymbolCounts"]["withUnknownType"] == 0
    assert report["exportedSymbolCounts"]["withAmbiguousType"] == 0


def test_pyright_strict_passes_a_user_script_and_catches_a_misspelt_member(
    tmp_path: Path,
) -> None:
    write_scripts(tmp_path, {"user.py": USER_SCRIPT, "misspelt.py": MISSPELT})
    result = run_pyright(tmp_path, "--outputjson")
    report = json.loads(result.stdout)
    # The first line of each message (pyright indents its details with no-break spaces).
    errors = sorted((Path(item["file"]).name, item["range"]["start"]["line"] + 1,
                     item["message"].splitlines()[0])
                    for item in report["generalDiagnostics"] if item["severity"] == "error")
    assert errors == [
        ("misspelt.py", 3, 'Cannot access attribute "MAILBOX_FUL" for class '
                           '"type[EnhancedCode]"'),
        ("misspelt.py", 3, 'Type of "MAILBOX_FUL" is unknown'),
    ], result.stdout[-2000:]
    assert result.returncode == 1


def test_mypy_strict_passes_user_scripts_and_catches_misuse(tmp_path: Path) -> None:
    scripts = {"user.py": USER_SCRIPT, "user_program.py": USER_PROGRAM, "misuse.py": MISUSE,
               "misspelt.py": MISSPELT}
    for name, script in scripts.items():
        (tmp_path / name).write_text(script, encoding="utf-8")
    # The package is found through the installation (py.typed in src/smtp_status).
    env = {name: value for name, value in os.environ.items()
           if name not in ("MYPYPATH", "PYTHONPATH")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
         "--no-incremental", "--cache-dir", os.devnull, "--no-error-summary",
         "--no-color-output", "--hide-error-context", *scripts],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.stderr == ""
    reveal = [number for number, line in enumerate(USER_PROGRAM.splitlines(), 1)
              if line.startswith("reveal_type(")]
    # user.py and user_program.py are clean (notes only); misuse and the misspelt member are
    # caught, so the types are real and not Any (without py.typed the import would fail).
    assert sorted(result.stdout.splitlines()) == sorted([
        'misspelt.py:3: error: "type[EnhancedCode]" has no attribute "MAILBOX_FUL"  '
        '[attr-defined]',
        'misuse.py:3: error: Incompatible types in assignment (expression has type "int", '
        'variable has type "str")  [assignment]',
        'misuse.py:4: error: Incompatible types in assignment (expression has type '
        '"str | None", variable has type "str")  [assignment]',
        'misuse.py:5: error: "StatusCode" has no attribute "nope"  [attr-defined]',
        # The enums are defined in the generated tables module, which type checkers name.
        f'user_program.py:{reveal[0]}: note: Revealed type is '
        '"smtp_status._generated.EnhancedCode | smtp_status._generated.Subject | '
        'smtp_status._generated.StatusClass"',
        f'user_program.py:{reveal[1]}: note: Revealed type is "datetime.date | None"',
        f'user_program.py:{reveal[2]}: note: Revealed type is '
        '"smtp_status._generated.EnhancedCode | None"',
    ])
    assert result.returncode == 1


# A bounce handler's script that compares the results with misspelt words: every closed
# vocabulary is a Literal type, so both checkers say no comparison can ever be true.
VOCABULARY_SCRIPT = '''\
from smtp_status import Action, Advice, BounceKind, ReasonId, Retry, read_bounce

bounce = read_bounce(b"")
for recipient in bounce.recipients:
    retry: Retry = recipient.retry
    action: Action | None = recipient.action
    if recipient.retry == "nope":
        pass
    if recipient.action == "failure":
        pass
    if recipient.verdict_by == "provider":
        pass
    if recipient.source == "dns":
        pass
    if recipient.advice == "supress":
        pass
    if recipient.reason == "user-unknwon":
        pass
    advice: Advice = recipient.advice
    reason: ReasonId = recipient.reason
if bounce.kind == "bouncee":
    pass
kind: BounceKind = bounce.kind
'''
VOCABULARY_LINES = {7: ("recipient.retry", "nope"), 9: ("recipient.action", "failure"),
                    11: ("recipient.verdict_by", "provider"), 13: ("recipient.source", "dns"),
                    15: ("recipient.advice", "supress"), 17: ("recipient.reason", "user-unknwon"),
                    21: ("bounce.kind", "bouncee")}


def test_misspelt_vocabulary_is_a_pyright_error(tmp_path: Path) -> None:
    write_project(tmp_path, VOCABULARY_SCRIPT)  # strict mode alone
    result = run_pyright(tmp_path, "--outputjson")
    errors = json.loads(result.stdout)["generalDiagnostics"]
    found = {error["range"]["start"]["line"] + 1: error["message"] for error in errors}
    assert sorted(found) == sorted(VOCABULARY_LINES), result.stdout
    for line, (_, word) in VOCABULARY_LINES.items():
        assert f'Literal[\'{word}\']" have no overlap' in found[line], found[line]


def test_misspelt_vocabulary_is_a_mypy_error(tmp_path: Path) -> None:
    result = run_mypy(tmp_path, VOCABULARY_SCRIPT)  # --strict alone (its --strict-equality)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [int(line.split(":")[1]) for line in lines] == sorted(VOCABULARY_LINES), result.stdout
    for line in lines:
        assert "Non-overlapping equality check" in line, line
