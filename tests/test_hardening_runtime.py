"""The runtime and the command line under hostile use: results cross process boundaries,
any bytes are read, closed pipes and full disks end quietly, errors stay short."""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from smtp_status import (
    InvalidReply,
    InvalidStatusCode,
    StatusCode,
    find_status_codes,
    parse_reply,
)

REPLIES = ["550 5.1.1 no such user", "250-ok\r\n250 2.0.0 done\r\n", "451 4.7.1 later"]


def results() -> list[Any]:
    return [parse_reply(text) for text in REPLIES] + find_status_codes(
        "Status: 5.1.1 and 550 5.7.26 (#4.2.2)") + [StatusCode(5, 7, 606)]


def errors() -> list[Exception]:
    found: list[Exception] = []
    for call, argument in ((StatusCode.parse, "5.01.1"), (parse_reply, "hello")):
        try:
            call(argument)
        except (InvalidStatusCode, InvalidReply) as error:
            found.append(error)
    return found


@pytest.mark.parametrize("value", results(), ids=repr)
def test_every_result_pickles_copies_and_deep_copies_to_an_equal_value(value: Any) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(value, protocol)) == value
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value
    assert type(pickle.loads(pickle.dumps(value))) is type(value)


@pytest.mark.parametrize("error", errors(), ids=lambda error: type(error).__name__)
def test_every_error_pickles_with_its_message_and_fields(error: Exception) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.reason == error.reason  # type: ignore[attr-defined]
    assert str(copy.deepcopy(error)) == str(error)


def test_a_process_pool_maps_the_parsers() -> None:
    texts = REPLIES * 20
    with ProcessPoolExecutor(max_workers=2) as pool:
        parsed = list(pool.map(parse_reply, texts, timeout=120))
    assert parsed == [parse_reply(text) for text in texts]


def _parse_or_error(text: str) -> object:
    try:
        return StatusCode.parse(text)
    except InvalidStatusCode as error:
        return error


def test_a_multiprocessing_pool_maps_and_returns_errors() -> None:
    texts = ["5.1.1", "5.01.1", "4.7.26", "x"]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map_async(_parse_or_error, texts).get(timeout=120)
    assert [str(item) for item in got] == [
        "5.1.1", "'5.01.1' is not an enhanced status code: '01' has a leading zero",
        "4.7.26", "'x' is not an enhanced status code: expected class.subject.detail"]


def explain(*arguments: str | bytes, stdin: bytes = b"", **environment: str
            ) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "smtp_status", "explain", *arguments]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=60, check=False,
                          env={**os.environ, **environment})


def test_invalid_utf8_on_stdin_is_read_as_replacement_characters() -> None:
    result = explain(stdin=b"550 5.1.1 caf\xe9 \xff\n", PYTHONIOENCODING="utf-8:strict")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8").splitlines()[-1] == "text: caf\ufffd \ufffd"


def test_invalid_utf8_in_an_argument_is_read_as_replacement_characters() -> None:
    result = explain(b"550 5.1.1 \xff", "--json", LC_ALL="C.UTF-8")
    assert (result.returncode, result.stderr) == (0, b"")
    document = json.loads(result.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
    assert document["lines"] == ["\ufffd"]
    assert b"\xff" not in result.stdout


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_json_output_is_utf8_whatever_the_locale(locale: str) -> None:
    result = explain("--json", stdin="550 5.1.1 Pelé δοκιμή\n".encode(), LC_ALL=locale,
                     PYTHONIOENCODING="")
    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8"))["lines"] == ["Pelé δοκιμή"]


def test_the_help_states_the_decoding_rule() -> None:
    result = subprocess.run([sys.executable, "-m", "smtp_status", "explain", "--help"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert "input is decoded as UTF-8, invalid bytes read as U+FFFD; output is UTF-8" in (
        " ".join(result.stdout.split()))


def test_a_closed_pipe_ends_quietly_with_status_141() -> None:
    process = subprocess.Popen([sys.executable, "-m", "smtp_status", "explain", "--json"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    process.stdout.close()  # the reader is gone before anything is written
    _, stderr = process.communicate(b"5.1.1\n", timeout=60)
    assert (process.returncode, stderr) == (141, b"")


def test_a_full_disk_is_one_line_and_status_1() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "smtp_status", "explain", "5.1.1"],
                                stdout=full, stderr=subprocess.PIPE, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (
        1, b"smtp-status: cannot write output: No space left on device\n")


def test_an_error_quotes_a_bounded_prefix_of_huge_input() -> None:
    result = explain(stdin=b"5" * 3_000_000)
    assert result.returncode == 2
    assert result.stderr == (
        b"smtp-status: not an SMTP reply: line 1: '" + b"5" * 40 + b"'... (3000000 characters)"
        b" does not start with a reply code of 3 digits from 200 to 559 and a separator"
        b" (RFC 5321 s4.2)\n")
    result = explain(stdin=b"5." + b"5" * 3_000_000 + b".1")
    assert result.returncode == 2
    assert len(result.stderr) < 400
    assert result.stderr.endswith(b"... (3000000 characters) has more than 3 digits\n")


class Text(str):
    """A str subclass: hashes and compares like the plain text."""


def test_a_str_subclass_is_refused_whether_or_not_the_text_was_parsed_before() -> None:
    # One behaviour, cache or not: StatusCode.parse takes exactly str (RFC text, not objects
    # that may carry their own __eq__ or state).
    message = "'5.1.1' is not an enhanced status code: expected str, got Text"
    with pytest.raises(InvalidStatusCode) as before:
        StatusCode.parse(Text("4.4.4"))
    assert str(before.value) == message.replace("5.1.1", "4.4.4")
    StatusCode.parse("5.1.1")
    with pytest.raises(InvalidStatusCode) as after:
        StatusCode.parse(Text("5.1.1"))
    assert str(after.value) == message
