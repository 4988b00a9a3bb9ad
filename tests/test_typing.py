"""The package as type checkers see it: pyright --verifytypes, and a user's script under
pyright strict and mypy --strict, with real enum types and misspelt members caught."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

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


def write_project(folder: Path, script: str) -> None:
    (folder / "user.py").write_text(script, encoding="utf-8")
    (folder / "pyrightconfig.json").write_text(json.dumps({
        "typeCheckingMode": "strict", "pythonVersion": "3.11", "include": ["user.py"]}))


def test_verifytypes_reports_full_completeness(tmp_path: Path) -> None:
    result = run_pyright(tmp_path, "--verifytypes", "smtp_status", "--outputjson")
    report = json.loads(result.stdout)["typeCompleteness"]
    assert report["completenessScore"] == 1.0, result.stdout[-2000:]
    assert report["exportedSymbolCounts"]["withUnknownType"] == 0
    assert report["exportedSymbolCounts"]["withAmbiguousType"] == 0


def test_a_user_script_passes_pyright_strict(tmp_path: Path) -> None:
    write_project(tmp_path, USER_SCRIPT)
    result = run_pyright(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


def test_a_misspelt_member_is_a_pyright_error(tmp_path: Path) -> None:
    write_project(tmp_path, MISSPELT)
    result = run_pyright(tmp_path)
    assert result.returncode == 1
    assert 'Cannot access attribute "MAILBOX_FUL" for class "type[EnhancedCode]"' in result.stdout


def run_mypy(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    (folder / "user.py").write_text(script, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
         "--no-incremental", "--cache-dir", os.devnull, "user.py"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)


def test_a_user_script_passes_mypy_strict(tmp_path: Path) -> None:
    result = run_mypy(tmp_path, USER_SCRIPT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Success: no issues found in 1 source file")


def test_a_misspelt_member_is_a_mypy_error(tmp_path: Path) -> None:
    result = run_mypy(tmp_path, MISSPELT)
    assert result.returncode == 1
    assert textwrap.dedent('''\
        user.py:3: error: "type[EnhancedCode]" has no attribute "MAILBOX_FUL"  [attr-defined]
        ''') in result.stdout


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
