"""``smtp-status bounce``: the subcommand as add_bounce_parser and run_bounce provide it."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from smtp_status.bounce.command import add_bounce_parser, looks_like_email, run_bounce

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
SCHEMA = json.loads((REPO / "schema" / "output" / "bounce.schema.json").read_text(encoding="utf-8"))


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(["bounce", *argv])
    stdout, stderr = io.StringIO(), stderr if stderr is not None else io.StringIO()
    status = run_bounce(arguments, stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def fixtures(*names: str) -> list[str]:
    return [str(FIXTURES / name) for name in names]


README_FIXTURES = ("postfix_dsn.eml", "qmail.eml", "global_dsn.eml")


def test_text_output_for_the_readme_bounces() -> None:
    status, stdout, stderr = run(*fixtures(*README_FIXTURES))
    folder = str(FIXTURES)
    assert (status, stderr) == (0, "")
    assert stdout == (
        f"{folder}/postfix_dsn.eml: failure, 1 recipient, read from the DSN of "
        "mx1.example.net\n"
        "  original message: <lunch-1@example.net>, subject 'Lunch on Friday?'\n"
        "  nobody@example.org: failed, 5.1.1 Bad destination mailbox address, reply 550, "
        "retry: no (permanent failure: resending as is will fail again)\n"
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)\n"
        f"{folder}/qmail.eml: failure, 2 recipients, read from the text\n"
        "  original message: no Message-ID, subject 'Minutes'\n"
        "  bob@example.com: failed, 5.1.1 Bad destination mailbox address, reply 550, "
        "retry: no (permanent failure: resending as is will fail again)\n"
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)\n"
        "  carol@example.com: failed, 5.1.1 Bad destination mailbox address, "
        "retry: no (permanent failure: resending as is will fail again)\n"
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)\n"
        f"{folder}/global_dsn.eml: failure, 2 recipients, read from the DSN of mx.example.jp\n"
        "  original message: no Message-ID, subject 'hello'\n"
        "  用户@例子.广告: failed, 5.1.1 Bad destination mailbox address, reply 550, "
        "retry: no (permanent failure: resending as is will fail again)\n"
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)\n"
        "  jörg@bücher.example: delayed, 4.2.2 Mailbox full, reply 452, "
        "retry: wait (not final: expect another reply or report)\n"
        "    reason: mailbox-full (rule text-mailbox-full); advice: retry later (keep the "
        "address)\n"
        "summary: 3 messages, 3 bounces, 5 recipients; by kind: failure 3; "
        "by class: 4.X.X 1, 5.X.X 4; retry: no 4, wait 1; advice: suppress 4, retry 1\n")


def test_a_generic_status_shows_what_it_said() -> None:
    _, stdout, _ = run(*fixtures("ses_dsn.eml"))
    assert stdout.splitlines()[2] == (
        "  erin@example.com: failed, 5.7.26 Multiple authentication checks failed "
        "(Status says 5.0.0), reply 550, "
        "retry: no (permanent failure: resending as is will fail again)")
    # Not about the address: the sender's authentication failed, so keep the address.
    assert stdout.splitlines()[3] == (
        "    reason: authentication (rule code-spf-dkim-dmarc); advice: fix the sending "
        "setup: authentication, PTR, IP or rate (keep the address)")


def test_json_lines_match_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    names = sorted(path.name for path in FIXTURES.iterdir())
    status, stdout, stderr = run("--json", *fixtures(*names))
    assert status == 0
    records = [json.loads(line) for line in stdout.splitlines()]
    # 107 recipients in the EXPECTED table (the vacation reply's responder among them), 8 in
    # dsn_violations, 3 in the mbox; and one record each for not_bounce.eml and the mbox's
    # third message, which name nobody.
    assert len(records) == 120
    for record in records:
        assert list(validator.iter_errors(record)) == []
    first = next(r for r in records if r["address"] == "jörg@bücher.example")
    assert first == {
        "file": str(FIXTURES / "global_dsn.eml"), "message": 1,
        "address": "jörg@bücher.example", "original_recipient": "jörg@bücher.example",
        "final_recipient": "jörg@bücher.example",
        "action": "delayed", "status": "4.2.2", "effective_status": "4.2.2",
        "meaning": "Mailbox full", "reply_code": 452, "remote_mta": None,
        "diagnostic_type": "smtp", "diagnostic": "452 4.2.2 mailbox full",
        "smtp_command": None,
        # No Last-Attempt-Date: the Arrival-Date stands in.
        "last_attempt": "2024-12-02T18:00:00+09:00",
        "will_retry_until": "2024-12-05T18:00:00+09:00",
        "permanent": False, "retry": "wait", "verdict_by": "report", "vendor": None,
        "reason": "mailbox-full", "hard_bounce": False, "advice": "retry",
        "reason_rule": "text-mailbox-full",
        "source": "dsn", "kind": "failure", "reporting_mta": "mx.example.jp",
        "arrival_date": "2024-12-02T18:00:00+09:00", "original_envelope_id": None,
        "original": {
            "message_id": None, "subject": "hello", "from": "alice@example.net",
            "to": "用户@例子.广告, jörg@bücher.example", "date": None, "list_id": None,
            "form": "message/global-headers",
            "headers": [["From", "alice@example.net"],
                        ["To", "用户@例子.广告, jörg@bücher.example"], ["Subject", "hello"]]},
        "feedback": None, "warnings": []}
    nobody = [r for r in records if r["address"] is None]
    assert [(r["file"], r["message"], r["kind"], [w["code"] for w in r["warnings"]])
            for r in nobody] == [
        (str(FIXTURES / "not_bounce.eml"), 1, "not-a-bounce", ["not-a-bounce"]),
        (str(FIXTURES / "three.mbox"), 3, "not-a-bounce", ["not-a-bounce"])]
    assert {r["kind"] for r in records} == {"failure", "delay", "auto-reply", "not-a-bounce"}
    # In --json mode the summary goes to stderr, so stdout stays one object per line.
    assert stderr.startswith("summary: ")


def test_schema_rejects_unknown_properties() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    _, stdout, _ = run("--json", *fixtures("postfix_dsn.eml"))
    record = json.loads(stdout)
    assert list(validator.iter_errors(record)) == []
    assert [error.message for error in validator.iter_errors({**record, "extra": 1})] == [
        "Additional properties are not allowed ('extra' was unexpected)"]


def test_warnings_follow_their_message_and_recipient() -> None:
    _, stdout, _ = run(*fixtures("groups_run_together.eml", "domino_text.eml"))
    folder = str(FIXTURES)
    assert stdout.splitlines()[:7] == [
        f"{folder}/groups_run_together.eml: failure, 3 recipients, read from the DSN of "
        "mail.aol.example",
        "  warning: groups-not-separated: no blank line between the per-message fields and "
        "the first recipient group (RFC 3464 s2.1)",
        "  one@aol.example: failed, 5.1.1 Bad destination mailbox address, "
        "retry: no (permanent failure: resending as is will fail again)",
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)",
        "  two@aol.example: failed, 5.2.1 Mailbox disabled, not accepting messages, "
        "retry: no (permanent failure: resending as is will fail again)",
        "    reason: suspended (rule code-mailbox-disabled); advice: retry later (keep the "
        "address)",
        "    warning: groups-not-separated: recipient groups not separated by a blank line "
        "(RFC 3464 s2.1)"]
    assert stdout.splitlines()[-4:-1] == [  # then the summary
        "  quinn@notes.example.com: failed, 5.1.1 Bad destination mailbox address, "
        "retry: no (permanent failure: resending as is will fail again)",
        # The text names nobody's mailbox; the code inferred from the rest of it decides.
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)",
        "    warning: status-inferred: the text gives no code; 5.1.1 inferred from "
        "'not listed in'"]


def test_mbox_messages_are_numbered() -> None:
    status, stdout, _ = run(*fixtures("three.mbox"))
    mbox = str(FIXTURES / "three.mbox")
    assert status == 0
    assert [line for line in stdout.splitlines() if not line.startswith("  ")] == [
        f"{mbox}: failure, 1 recipient, read from the DSN of mx1.example.net",
        f"{mbox} message 2: failure, 2 recipients, read from the text",
        f"{mbox} message 3: not-a-bounce",
        "summary: 3 messages, 2 bounces, 3 recipients; by kind: failure 2, not-a-bounce 1; "
        "by class: 5.X.X 3; retry: no 3; advice: suppress 3"]


def test_unreadable_inputs_give_one_line_each_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.eml"
    (tmp_path / "empty").mkdir()
    status, stdout, stderr = run(str(missing), str(tmp_path / "empty"), *fixtures("qmail.eml"))
    assert status == 2  # an empty folder holds no message: nothing to say about it
    assert stderr == f"smtp-status bounce: cannot read {missing}: No such file or directory\n"
    assert stdout.startswith(f"{FIXTURES / 'qmail.eml'}: failure, 2 recipients, read from the "
                             "text\n")


def test_progress_only_on_a_terminal() -> None:
    tty = TTY()
    status, stdout, _ = run(*fixtures(*README_FIXTURES), stderr=tty)
    assert (status, stdout) == run(*fixtures(*README_FIXTURES))[:2]
    assert tty.getvalue().startswith("\r3 messages, ")
    _, _, plain = run(*fixtures(*README_FIXTURES))
    assert plain == ""


def test_standard_input_is_read_as_bytes() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "generated" / "python")}
    result = subprocess.run(
        [sys.executable, "-m", "smtp_status.bounce.command", "bounce"],
        input=(FIXTURES / "charset_8bit.eml").read_bytes(), capture_output=True, env=env,
        check=False)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8") == (
        "- message 1: failure, 1 recipient, read from the text\n"
        "  müller@latin.example: failed, 5.1.1 Bad destination mailbox address, "
        "retry: no (permanent failure: resending as is will fail again)\n"
        "    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address (a hard "
        "bounce: the address itself is bad)\n")


@pytest.mark.parametrize(("data", "expected"), [
    ((FIXTURES / "postfix_dsn.eml").read_bytes(), True),
    ((FIXTURES / "three.mbox").read_bytes(), True),
    (b"From: a@x.example\r\nSubject: hi\r\n\r\nbody", True),
    (b"550 5.1.1 <a@x.example>: User unknown\n", False),
    (b"550-5.1.1 No such user\n550 5.1.1 here\n", False),
    (b"5.1.1", False),
    (b"Status: 5.1.1\n", False),
    (b"X-One: 1\nX-Two: 2\n\n", False),
    (b"", False),
])
def test_looks_like_email(data: bytes, expected: bool) -> None:
    assert looks_like_email(data) is expected


def test_bounce_readme_shows_the_exact_output(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```console\n$ smtp-status bounce ", 1)[1].split("```", 1)[0]
    block = "$ smtp-status bounce " + block
    command, _, shown = block.partition("\n")
    assert command == "$ smtp-status bounce postfix_dsn.eml qmail.eml global_dsn.eml"
    monkeypatch.chdir(FIXTURES)
    status, stdout, stderr = run(*command.split()[3:])
    assert (status, stderr, stdout) == (0, "", shown)
    from smtp_status.bounce import read_bounce

    bounce = read_bounce((FIXTURES / "ses_dsn.eml").read_bytes())
    assert repr([(r.address, str(r.status), str(r.effective_status), r.retry)
                 for r in bounce.recipients]) in text


def test_explain_points_an_email_on_stdin_at_bounce() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "smtp_status", "explain"],
                            input=(FIXTURES / "postfix_dsn.eml").read_bytes(),
                            capture_output=True, timeout=60, check=False)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == (b"smtp-status: this looks like an email, not an SMTP reply: read "
                             b"it with smtp-status bounce\n")
