"""`smtp-status explain` through a real subprocess: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from .conftest import REPO

SCHEMA = json.loads((REPO / "schema" / "explain.schema.json").read_text("utf-8"))


def explain(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m smtp_status explain``, with the installed package."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "smtp_status", "explain", *arguments], input=stdin,
        capture_output=True, text=True, env=environment, check=False)


def test_registered_code() -> None:
    result = explain("5.7.26")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == (
        "status code 5.7.26\n"
        "  class 5: Permanent Failure\n"
        "  subject 7: Security or Policy Status\n"
        "  detail 26: Multiple authentication checks failed "
        "(X.7.26, MULTIPLE_AUTHENTICATION_CHECKS_FAILED)\n"
        "  meaning: This status code is returned when a message failed more than one message "
        "authentication check, contrary to local policy requirements. The particular mechanisms "
        "that failed are not specified.\n"
        "  associated basic codes: 550\n"
        "  used with classes: 5\n"
        "  references: RFC7372\n"
        "retry: no (permanent failure: resending as is will fail again)\n"
        "reason: authentication (rule code-spf-dkim-dmarc): The sender's domain failed SPF, "
        "DKIM or DMARC checks, or carries no authentication at all.\n"
        "advice: fix the sending setup: authentication, PTR, IP or rate (keep the address)\n")


def test_unregistered_detail_falls_back_to_subject() -> None:
    result = explain("5.7.999")
    assert result.returncode == 0
    assert result.stdout.splitlines()[3:] == [
        "  detail 999: not registered",
        "  5.7.999 is not registered; falling back to the subject X.7.YYY (Security or Policy "
        "Status), as RFC 3463 s2 directs",
        "retry: no (permanent failure: resending as is will fail again)",
        "reason: security-error (rule code-security): The server wants the sender to "
        "authenticate or refuses it for a security reason other than SPF, DKIM or DMARC.",
        "advice: fix the sending setup: authentication, PTR, IP or rate (keep the address)",
    ]


def test_unknown_subject_falls_back_to_class() -> None:
    result = explain("4.9.1")
    assert result.returncode == 0
    assert result.stdout.splitlines()[2:] == [
        "  subject 9: not registered",
        "  detail 1: not registered",
        "  4.9.1 is not registered; falling back to the class 4 (Persistent Transient "
        "Failure), as RFC 3463 s2 directs",
        "retry: yes (transient failure: resending later may succeed)",
        "reason: undetermined (rule nothing-said): Nothing in the status, the reply code or "
        "the text says why the delivery failed.",
        "advice: nothing to do about the address (keep it)",
    ]


def test_basic_code_no_rfc_defines() -> None:
    result = explain("515")
    assert result.returncode == 0
    assert result.stdout == (
        "reply code 515: 515 is not defined by any RFC this package knows (RFC 5321 "
        "s4.2.2-4.2.3, RFC 4954, RFC 7504), nor listed by IANA's registry.\n"
        "retry: no (permanent failure: resending as is will fail again)\n"
        "reason: undetermined (rule nothing-said): Nothing in the status, the reply code or "
        "the text says why the delivery failed.\n"
        "advice: nothing to do about the address (keep it)\n")


def test_basic_code_cited_only_by_iana() -> None:
    lines = explain("523").stdout.splitlines()
    assert lines[0] == ("reply code 523 (CODE_523): not defined by any RFC this package "
                        "knows; IANA's registry only cites it")
    assert "  enhanced codes IANA pairs with it: X.7.10" in lines


def test_defined_basic_code() -> None:
    lines = explain("421").stdout.splitlines()
    assert lines[0] == (
        "reply code 421 (SERVICE_NOT_AVAILABLE): <domain> Service not available, closing "
        "transmission channel (This may be a reply to any command if the service knows it "
        "must shut down)")
    assert lines[2] == "  defined in: RFC 5321 section 4.2.3; RFC 5321 section 4.2.2"
    assert lines[-3:] == [
        "retry: yes (transient failure: resending later may succeed)",
        "reason: undetermined (rule nothing-said): Nothing in the status, the reply code or "
        "the text says why the delivery failed.",
        "advice: nothing to do about the address (keep it)"]


def test_whole_reply_from_stdin_with_warnings() -> None:
    result = explain(stdin="550-4.1.1 no such user\r\n550 4.1.1 here\r\n")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("reply code 550 (MAILBOX_UNAVAILABLE): ")
    assert "status code 4.1.1" in lines
    assert lines[-6:] == [
        "retry: no (permanent failure: resending as is will fail again)",
        # The class disagrees, the text and the detail do not: the address is unknown.
        "reason: user-unknown (rule code-bad-mailbox): The mailbox named by the local part "
        "does not exist at the destination.",
        "advice: suppress the address (a hard bounce: the address itself is bad)",
        "text: no such user",
        "text: here",
        "warning: enhanced code 4.1.1 has class 4 but reply code 550 has class 5 "
        "(RFC 2034 s4)",
    ]


def test_reply_from_arguments() -> None:
    result = explain("451", "4.7.1", "Greylisted,", "try", "later")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-4:] == [
        "retry: yes (transient failure: resending later may succeed)",
        "reason: greylisted (rule text-greylisting): The destination deferred a first "
        "delivery from an unfamiliar sender on purpose and will take a later retry "
        "(greylisting, RFC 6647).",
        "advice: retry later (keep the address)",
        "text: Greylisted, try later"]


@pytest.mark.parametrize("arguments", [
    ("5.7.26",), ("5.7.999",), ("4.9.1",), ("515",), ("523",),
    ("550", "5.1.1", "User", "unknown"), ("250 ok",),
])
def test_json_output_matches_its_schema(arguments: tuple[str, ...]) -> None:
    result = explain("--json", *arguments)
    assert result.returncode == 0
    document: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert document["input"] == " ".join(arguments)


def test_json_fields_for_a_reply() -> None:
    document = json.loads(explain("--json", "550 5.1.1 User unknown").stdout)
    assert document["kind"] == "reply"
    assert document["retry"] == "no"
    assert document["status"]["code"] == "5.1.1"
    assert document["status"]["fallback"] == "code"
    assert document["status"]["enhanced"]["classes"] == [4, 5]
    assert document["reply_code"]["name"] == "MAILBOX_UNAVAILABLE"
    assert document["lines"] == ["User unknown"]
    assert document["warnings"] == []


@pytest.mark.parametrize(("arguments", "stdin", "message"), [
    (("5.01.1",), None,
     "smtp-status: '5.01.1' is not an enhanced status code: '01' has a leading zero\n"),
    (("hello",), None,
     "smtp-status: not an SMTP reply: line 1: 'hello' does not start with a reply code of 3 "
     "digits from 200 to 559 and a separator (RFC 5321 s4.2)\n"),
    (("199",), None, "smtp-status: 199 is not an SMTP reply code: the first digit must be "
                     "2 to 5\n"),
    ((), "", "smtp-status: nothing to explain: give a status code, a reply code or a reply\n"),
])
def test_input_it_cannot_understand(
    arguments: tuple[str, ...], stdin: str | None, message: str
) -> None:
    result = explain(*arguments, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_the_installed_console_script() -> None:
    import shutil

    script = shutil.which("smtp-status")
    if script is None:
        pytest.skip("smtp-status is not installed (pip install -e . provides it)")
    result = subprocess.run([script, "explain", "--json", "4.2.2"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert json.loads(result.stdout)["status"]["enhanced"]["name"] == "MAILBOX_FULL"


def test_several_codes_are_explained_each_and_a_bad_one_reported() -> None:
    result = explain("5.1.1", "6.1.1", "421")
    assert result.returncode == 2
    assert result.stderr == ("smtp-status: '6.1.1' is not an enhanced status code: class '6' "
                             "is not 2, 4 or 5 (RFC 3463 s2)\n")
    assert result.stdout == (explain("5.1.1").stdout + "\n" + explain("421").stdout)


def test_several_codes_as_json_lines() -> None:
    result = explain("--json", "4.2.2", "250")
    assert (result.returncode, result.stderr) == (0, "")
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert documents == [json.loads(explain("--json", "4.2.2").stdout),
                         json.loads(explain("--json", "250").stdout)]
    for document in documents:
        jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert [document["retry"] for document in documents] == ["yes", "done"]


def test_standard_input_stays_one_reply() -> None:
    result = explain(stdin="5.1.1 6.1.1")
    assert result.returncode == 2
    assert result.stderr.startswith("smtp-status: not an SMTP reply: line 1: ")


def test_an_intermediate_reply_is_not_final() -> None:
    assert explain("354").stdout.splitlines()[-3] == (
        "retry: wait (not final: expect another reply or report)")
