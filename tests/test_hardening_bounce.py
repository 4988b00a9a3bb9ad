"""Issue 18: every defect an adversarial run found in the bounce reader, parse_dsn and the
command lines, each pinned by its exact behaviour. Sizes are small: the cost of the hostile
shapes is measured per byte by python -m benchmarks (tests/hostile_bounces.py)."""

from __future__ import annotations

import argparse
import datetime
import email
import io
import json
import os
import resource
import signal
import subprocess
import sys
from email import policy
from pathlib import Path

import jsonschema
import pytest

from smtp_status._text import escape
from smtp_status.bounce import Bounce, read_bounce, read_bounces
from smtp_status.bounce.address import forbidden_character
from smtp_status.bounce.command import add_bounce_parser, run_bounce, write_all
from smtp_status.bounce.dates import parse_date
from smtp_status.bounce.detect import decoded_subject
from smtp_status.bounce.html import html_text
from smtp_status.bounce.mime import HEADER_LIMIT, decode_words
from smtp_status.dsn import DSNWarning, InvalidDSN, parse_dsn
from smtp_status.explain import explain, render_text
from smtp_status.vendors import host_name, provider_of

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
SCHEMA = json.loads((REPO / "schema" / "bounce.schema.json").read_text(encoding="utf-8"))
NOT_A_BOUNCE = DSNWarning("not-a-bounce", "no header says this is a bounce; its text was not "
                          "searched for recipients")
NO_RECIPIENTS = DSNWarning("no-recipients", "a bounce, but no recipient was found")
PERMANENT = ("retry: no (permanent failure: resending as is will fail again)\n"
             "    reason: user-unknown (rule code-bad-mailbox); "
             "advice: suppress the address (a hard bounce: the address itself is bad)")


def dsn_message(body: str, kind: str = "message/delivery-status", head: str = "") -> bytes:
    return ("From: MAILER-DAEMON@x.example\n" + head + "MIME-Version: 1.0\nContent-Type: "
            "multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n"
            "Content-Type: " + kind + "\n\n" + body + "\n--b--\n").encode("utf-8")


def group(address: str, extra: str = "", kind: str = "rfc822") -> str:
    return f"Final-Recipient: {kind}; {address}\nAction: failed\nStatus: 5.1.1\n{extra}"


def one_dsn(address: str, extra: str = "", kind: str = "rfc822",
            reporting: str = "x.example") -> bytes:
    return dsn_message(f"Reporting-MTA: dns; {reporting}\n\n" + group(address, extra, kind))


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run_bounce(parser.parse_args(["bounce", *argv]), stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


# --- 1. a broken encoded word in the Subject --------------------------------------------------

def test_1_a_broken_base64_encoded_word_never_raises() -> None:
    bounce = read_bounce(b"From: a@b\nSubject: =?utf-8?b?A?=\n\nx\n")
    assert bounce == Bounce((), None, None, None, (NOT_A_BOUNCE,), False)


@pytest.mark.parametrize(("value", "decoded"), [
    ("=?utf-8?b?A?=", "=?utf-8?b?A?="),  # not base64: kept as written
    ("=?utf-8?B?w7w?=", "ü"),  # padding left out
    ("=?utf-8?q?Undeliverable=3A_x?= =?utf-8?q?_y?=", "Undeliverable: x y"),  # RFC 2047 s6.2
    ("a =?utf-8?b?w7w=?= b", "a ü b"),
    ("=?iso-8859-1?q?f=FCr?=", "für"),
    ("=?utf-8*en?q?hi?=", "hi"),  # RFC 2231 s5 language
    ("=?bogus?q?x?= =?utf-8?q?y?=", "=?bogus?q?x?= y"),  # unknown charset kept
    ("=?base64?b?QQ==?=", "=?base64?b?QQ==?="),  # a codec that is no text encoding
    ("=?utf-8?q?a?==?utf-8?q?b?=", "ab"),
    ("plain", "plain"),
])
def test_1_encoded_words_decode_or_stay_as_written(value: str, decoded: str) -> None:
    assert decode_words(value) == decoded


def test_1_the_command_reads_every_message_after_a_broken_subject(tmp_path: Path) -> None:
    postfix = (FIXTURES / "postfix_dsn.eml").read_bytes()
    mbox = tmp_path / "three.mbox"
    mbox.write_bytes(b"From a@b Mon Dec  2 09:00:00 2024\n" + postfix + b"\n"
                     b"From a@b Mon Dec  2 09:00:00 2024\nFrom: a@b\nSubject: =?utf-8?b?A?=\n\n"
                     b"x\n\nFrom a@b Mon Dec  2 09:00:00 2024\n" + postfix)
    after = tmp_path / "after.eml"
    after.write_bytes(postfix)
    status, stdout, stderr = run(str(mbox), str(after))
    line = ("  nobody@example.org: failed, 5.1.1 Bad destination mailbox address, reply 550, "
            + PERMANENT)
    original = "  original message: <lunch-1@example.net>, subject 'Lunch on Friday?'\n"
    assert (status, stderr) == (0, "")
    assert stdout == (
        f"{mbox}: failure, 1 recipient, read from the DSN of mx1.example.net\n{original}{line}\n"
        f"{mbox} message 2: not-a-bounce\n"
        f"{mbox} message 3: failure, 1 recipient, read from the DSN of mx1.example.net\n"
        f"{original}{line}\n"
        f"{after}: failure, 1 recipient, read from the DSN of mx1.example.net\n{original}{line}\n"
        "summary: 4 messages, 3 bounces, 3 recipients; by kind: failure 3, not-a-bounce 1; "
        "by class: 5.X.X 3; retry: no 3; advice: suppress 3\n")


# --- 2. HTML: one pass, whatever the tags ----------------------------------------------------

@pytest.mark.parametrize(("html", "text"), [
    ("<p>Hi<BR/>there</P><SCRIPT>x</script >ok", " Hi\nthere\n ok"),
    ("a<style>p {}</style>b", "a b"),
    ("a<script>never closed <b>x</b>", "a"),  # runs to the end, as browsers read it
    ("<" * 5 + "a", "<<<<<a"),  # unclosed "<" is text
    ("<b>&lt;a@b.example&gt;</b>", " <a@b.example> "),
    ("x<script " * 4, "x"),
    ("x<scripts>y", "x y"),  # another tag
])
def test_2_html_text(html: str, text: str) -> None:
    assert html_text(html) == text


@pytest.mark.parametrize("junk", ["<" * 5000, "<script" * 700, "<style x" * 600])
def test_2_an_html_bounce_full_of_unclosed_tags_still_names_its_recipient(junk: str) -> None:
    data = (b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n"
            b"Content-Type: text/html\n\n<p>&lt;a@b.example&gt;: 550 5.1.1 no such user</p>\n"
            + junk.encode())
    bounce = read_bounce(data)
    assert [(r.address, str(r.effective_status), r.reply_code) for r in bounce.recipients] == [
        ("a@b.example", "5.1.1", 550)]


# --- 3. a long Subject of encoded words ------------------------------------------------------

def test_3_subject_decoding_is_capped() -> None:
    subject = "=?utf-8?q?a?= " * 100_000
    decoded = decoded_subject(subject)
    # The first HEADER_LIMIT characters hold 292 whole words and the start of one more,
    # which is not decoded (so the space before it stays).
    assert decoded == "a" * 292 + " =?utf-8?"
    assert len(decoded_subject("x" * 100_000)) == HEADER_LIMIT == 4096


def test_3_a_long_encoded_subject_is_read_from_its_start() -> None:
    data = (b"From: someone@x.example\nSubject: =?utf-8?q?Undelivered_Mail_Returned_to_Sender?="
            + b" =?utf-8?q?a?=" * 20_000 + b"\n\n<a@b.example>:\n550 5.1.1 no such user\n")
    bounce = read_bounce(data)
    assert bounce.is_bounce is True
    assert [r.address for r in bounce.recipients] == ["a@b.example"]


# --- 4. controls in addresses, in human output -----------------------------------------------

@pytest.mark.parametrize(("address", "kind", "decoded", "char"), [
    ("a+1B[31m@x.example", "rfc822", "a\x1b[31m@x.example", "\x1b"),  # RFC 3461 xtext
    ("a+0D@x.example", "rfc822", "a\r@x.example", "\r"),
    ("a+0Aforged: failed@x.example", "rfc822", "a\nforged: failed@x.example", "\n"),
    ("a\\x{1B}]0;t\\x{7}@x.example", "utf-8", "a\x1b]0;t\x07@x.example", "\x1b"),  # RFC 6533
    ("a\u009b31m@x.example", "utf-8", "a\x9b31m@x.example", "\x9b"),
    ("a\u2028b@x.example", "utf-8", "a\u2028b@x.example", "\u2028"),
    ("a\u0085b@x.example", "utf-8", "a\x85b@x.example", "\x85"),
    ("moc.elpmaxe\u202e@x.example", "utf-8", "moc.elpmaxe\u202e@x.example", "\u202e"),
    ("a\ufeff@x.example", "utf-8", "a\ufeff@x.example", "\ufeff"),
])
def test_4_an_address_with_controls_is_no_recipient(address: str, kind: str, decoded: str,
                                                    char: str) -> None:
    kind_of_part = "message/global-delivery-status" if kind == "utf-8" else (
        "message/delivery-status")
    data = dsn_message("Reporting-MTA: dns; x.example\n\n" + group(address, kind=kind) + "\n"
                       + group("ok@x.example"), kind_of_part)
    bounce = read_bounce(data)
    assert [r.address for r in bounce.recipients] == ["ok@x.example"]
    assert bounce.warnings == (DSNWarning(
        "invalid-address", f"{decoded!r} holds {char!r}, which no mailbox can (RFC 5321 "
        "s4.1.2, RFC 6531 s3.3): not counted as a recipient"),)


def test_4_a_text_bounce_address_with_a_bidi_override_is_no_recipient() -> None:
    bounce = read_bounce("From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n"
                         "<a\u202eb@x.example>:\n550 5.1.1 no such user\n\n"
                         "<c@x.example>:\n550 5.1.1 no such user\n".encode())
    assert [r.address for r in bounce.recipients] == ["c@x.example"]
    assert [w.code for w in bounce.warnings] == ["invalid-address"]


def test_4_a_bounce_whose_only_address_has_controls_has_no_recipient() -> None:
    bounce = read_bounce(one_dsn("a+1B@x.example"))
    assert bounce.recipients == ()
    assert [w.code for w in bounce.warnings] == ["invalid-address", "no-recipients"]


@pytest.mark.parametrize(("address", "char"), [
    ("plain@x.example", None), ("jörg@bücher.example", None), ("用户@例子.广告", None),
    ("a\u200cb@x.example", None), ("a\u200db@x.example", None),  # IDNA2008 CONTEXTJ
    ("a\x7f@x", "\x7f"), ("a\x00@x", "\x00"), ("a\u200b@x", "\u200b"), ("a\u2066@x", "\u2066"),
    ("a\u2029@x", "\u2029"), ("a\ud800@x", "\ud800"),
])
def test_4_forbidden_characters(address: str, char: str | None) -> None:
    assert forbidden_character(address) == char


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text, C:\\mail\\x.eml", "plain text, C:\\mail\\x.eml"),
    ("\x1b[2J\x07", "\\x1b[2J\\x07"), ("a\rb\nc\td", "a\\rb\\nc\\td"),
    ("\x9b\x85\x7f", "\\x9b\\x85\\x7f"), ("\u2028\u2029\u202e\u2066\ufeff\u200b",
                                        "\\u2028\\u2029\\u202e\\u2066\\ufeff\\u200b"),
    ("\xa0\u3000", "\\xa0\\u3000"), ("n\udcff.eml", "n\\xff.eml"), ("\ud800", "\\ud800"),
    ("jörg 用户 😀", "jörg 用户 😀"), ("'\"", "'\""),
])
def test_4_escape_is_reprs_escaping(text: str, shown: str) -> None:
    assert escape(text) == shown
    for char in text:  # each escaped character as repr writes it (bytes as \xHH)
        if not char.isprintable() and not 0xDC80 <= ord(char) <= 0xDCFF:
            assert repr(char)[1:-1] in shown


def test_4_human_output_escapes_what_the_bounce_says(tmp_path: Path) -> None:
    path = tmp_path / "hostile.eml"
    path.write_bytes(one_dsn("ok@x.example", reporting="mx\x1b]0;pwned\x07.example",
                             extra="Action: x\x1b[2J\n").replace(b"Action: failed\n", b""))
    status, stdout, _ = run(str(path))
    assert status == 0
    assert stdout == (
        f"{path}: failure, 1 recipient, read from the DSN of mx\\x1b]0;pwned\\x07.example\n"
        # An Action none of RFC 3464's five is no Action (typed Literal); its warning says it.
        "  ok@x.example: no action, 5.1.1 Bad destination mailbox address, "
        f"{PERMANENT}\n"
        "    warning: unknown-action: Action 'x\\x1b[2J' is none of failed, delayed, "
        "delivered, relayed, expanded (RFC 3464 s2.3.3)\n")
    assert "\x1b" not in stdout


def test_4_file_names_are_escaped_in_text_and_not_utf8_ones_in_json(tmp_path: Path) -> None:
    data = (FIXTURES / "postfix_dsn.eml").read_bytes()
    names = [b"n\xff.eml", b"n\xfe.eml", "t\x1b]0;x\x07\u202e.eml".encode()]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_bytes(data)
    paths = [os.fsdecode(bytes(tmp_path) + b"/" + name) for name in names]
    status, stdout, _ = run(*paths)
    assert status == 0
    assert [line for line in stdout.splitlines() if not line.startswith(("  ", "summary"))] == [
        f"{tmp_path}/n\\xff.eml: failure, 1 recipient, read from the DSN of mx1.example.net",
        f"{tmp_path}/n\\xfe.eml: failure, 1 recipient, read from the DSN of mx1.example.net",
        f"{tmp_path}/t\\x1b]0;x\\x07\\u202e.eml: failure, 1 recipient, read from the DSN of "
        "mx1.example.net"]
    _, stdout, _ = run("--json", *paths)
    assert [json.loads(line)["file"] for line in stdout.splitlines()] == [
        f"{tmp_path}/n\\xff.eml", f"{tmp_path}/n\\xfe.eml",
        f"{tmp_path}/t\x1b]0;x\x07\u202e.eml"]  # valid UTF-8: the name itself, JSON-escaped


def test_4_json_lines_escape_line_breaks_and_controls_of_the_bounce(tmp_path: Path) -> None:
    # Found by python -m fuzz: U+0085 raw in a --json line broke str.splitlines() readers.
    path = tmp_path / "x.eml"
    path.write_bytes(one_dsn("a@x.example", "Diagnostic-Code: smtp; 550 5.1.1 a\x85b\u2028c"
                             "\u202ed\x7fe \U0001f600\n", kind="rfc822").replace(
        b"message/delivery-status", b"message/global-delivery-status"))
    _, stdout, _ = run("--json", str(path))
    assert stdout.splitlines() == stdout.split("\n")[:-1] and len(stdout.splitlines()) == 1
    assert ('"diagnostic": "550 5.1.1 a\\u0085b\\u2028c\\u202ed\\u007fe \U0001f600"'
            in stdout)
    assert json.loads(stdout)["diagnostic"] == "550 5.1.1 a\x85b\u2028c\u202ed\x7fe \U0001f600"


def test_4_a_file_that_cannot_be_read_is_named_escaped(tmp_path: Path) -> None:
    status, _, stderr = run(str(tmp_path / "a\x1b[2J"))
    assert (status, stderr) == (2, f"smtp-status bounce: cannot read {tmp_path}/a\\x1b[2J: "
                                   "No such file or directory\n")


def test_4_explain_escapes_the_reply_text() -> None:
    text = render_text(explain("550 5.1.1 \x1b]0;pwned\x07 no\u202e such\x85 user"))
    assert text.splitlines()[-1] == "text: \\x1b]0;pwned\\x07 no\\u202e such\\x85 user"
    done = subprocess.run([sys.executable, "-m", "smtp_status", "explain"],
                          input=b"550 5.1.1 \x1b[31mred\xe2\x80\xa8x\n", capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == b"text: \\x1b[31mred\\u2028x"


def test_4_explain_json_escapes_what_a_terminal_would_act_on() -> None:
    done = subprocess.run([sys.executable, "-m", "smtp_status", "explain", "--json"],
                          input="550 5.1.1 a\x9bb\u202ec\u2028d\x85e\n".encode(),
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0
    assert b'"lines": [\n    "a\\u009bb\\u202ec\\u2028d\\u0085e"\n  ]' in done.stdout
    assert json.loads(done.stdout)["lines"] == ["a\x9bb\u202ec\u2028d\x85e"]
    assert done.stdout.decode().isascii()


# --- 5. dates: RFC 3339 with a zone, always --------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("Mon, 2 Dec 2024 10:00:00 +0100 (CET)", "2024-12-02T10:00:00+01:00"),
    ("Mon, 2 Dec 2024 10:00:00 -0000", "2024-12-02T10:00:00+00:00"),  # RFC 5322 s3.3
    ("Mon, 2 Dec 2024 10:00:00", "2024-12-02T10:00:00+00:00"),  # no zone: as -0000 (s4.3)
    ("Mon, 2 Dec 2024 10:00:00 XYZ", "2024-12-02T10:00:00+00:00"),  # unknown zone (s4.3)
    ("Mon, 2 Dec 2024 10:00:00 GMT", "2024-12-02T10:00:00+00:00"),
    ("2 Dec 24 10:00 PDT", "2024-12-02T10:00:00-07:00"),  # two-digit year (s4.3)
    ("2 Dec 50 10:00 +0000", "1950-12-02T10:00:00+00:00"),
    ("2 Dec 124 10:00 +0000", "2024-12-02T10:00:00+00:00"),  # three digits: + 1900
    ("Mon, 2 Dec 0001 10:00:00 +0000", "0001-12-02T10:00:00+00:00"),  # never 2001
    ("Mon, 2 Dec 2024 23:59:60 +0000", "2024-12-02T23:59:59+00:00"),  # leap second
    ("Mon, 2 Dec 2024 10:00:00 -2359", "2024-12-02T10:00:00-23:59"),
])
def test_5_dates_carry_a_zone(text: str, iso: str) -> None:
    date = parse_date(text)
    assert date is not None and date.isoformat() == iso


@pytest.mark.parametrize("text", [
    "", "x", "Mon, 31 Feb 2024 10:00:00 +0000", "Mon, 2 Dec 0000 10:00:00 +0000",
    "Mon, 2 Dec 2024 24:00:00 +0000", "Mon, 2 Dec 2024 10:00:00 +2400",
    "Mon, 2 Dec 2024 10:00:00 +0060", "Mon, 2 Foo 2024 10:00:00 +0000",
])
def test_5_what_is_no_date_is_none(text: str) -> None:
    assert parse_date(text) is None


def test_5_json_dates_match_the_schema_with_format_checking(tmp_path: Path) -> None:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=checker)
    # The format is really checked (jsonschema checks date-time only with rfc3339-validator).
    assert not checker.conforms("2024-12-02T10:00:00", "date-time")
    assert checker.conforms("2024-12-02T10:00:00+00:00", "date-time")
    path = tmp_path / "dates.eml"
    path.write_bytes(dsn_message(
        "Reporting-MTA: dns; x.example\nArrival-Date: Mon, 2 Dec 2024 09:00:00\n\n"
        + group("a@x.example", "Last-Attempt-Date: Mon, 2 Dec 2024 10:00:00 -0000\n"
                "Will-Retry-Until: Mon, 2 Dec 0001 10:00:00 +0000\n")))
    status, stdout, _ = run("--json", str(path))
    record = json.loads(stdout)
    assert status == 0
    assert list(validator.iter_errors(record)) == []
    assert (record["arrival_date"], record["last_attempt"], record["will_retry_until"]) == (
        "2024-12-02T09:00:00+00:00", "2024-12-02T10:00:00+00:00", "0001-12-02T10:00:00+00:00")


def test_5_every_fixture_gives_schema_valid_json_dates() -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    _, stdout, _ = run("--json", *sorted(str(path) for path in FIXTURES.iterdir()))
    records = [json.loads(line) for line in stdout.splitlines()]
    assert sum(record["last_attempt"] is not None for record in records) >= 4
    assert [error.message for record in records for error in validator.iter_errors(record)] == []


def test_5_a_naive_datetime_in_a_callers_bounce_prints_as_utc() -> None:
    from smtp_status.bounce.command import bounce_record

    bounce = read_bounce(one_dsn("a@x.example"))
    naive = bounce._replace(arrival_date=datetime.datetime(2024, 12, 2, 10, 0))
    assert bounce_record("-", 1, naive, naive.recipients[0])["arrival_date"] == (
        "2024-12-02T10:00:00+00:00")


# --- 6. lone surrogates in str input ---------------------------------------------------------

def test_6_a_lone_surrogate_costs_no_recipient() -> None:
    text = (FIXTURES / "postfix_dsn.eml").read_text(encoding="utf-8")
    assert read_bounce(text + "\ud800") == read_bounce(text + "\ufffd")
    assert [r.address for r in read_bounce(text + "\ud800").recipients] == [
        "nobody@example.org"]
    assert read_bounce(text.replace("Subject:", "Subject: \udfff")).recipients == (
        read_bounce(text).recipients)


def test_6_read_bounces_takes_lone_surrogates() -> None:
    assert list(read_bounces("x\ud800")) == [Bounce((), None, None, None, (DSNWarning(
        "not-a-message", "no header fields: not an email"),), False)]
    # surrogateescape's U+DC80-U+DCFF still stand for their bytes.
    assert list(read_bounces("x\udcff")) == list(read_bounces(b"x\xff"))


# --- 7. short writes, closed pipes, full disks -----------------------------------------------

class Short(io.StringIO):
    """A raw-like stream: takes at most 7 characters a call."""

    def write(self, text: str) -> int:
        return super().write(text[:7])


class Full(io.StringIO):
    def write(self, text: str) -> int:
        return 0


def test_7_a_stream_that_takes_part_is_given_the_rest() -> None:
    stream = Short()
    write_all(stream, "0123456789" * 5)
    assert stream.getvalue() == "0123456789" * 5
    with pytest.raises(OSError, match="No space left on device"):
        write_all(Full(), "x")


def test_7_run_bounce_never_loses_output_silently() -> None:
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    files = [str(FIXTURES / name) for name in ("postfix_dsn.eml", "qmail.eml")]
    stream = Short()
    assert run_bounce(parser.parse_args(["bounce", *files]), stream, io.StringIO()) == 0
    assert stream.getvalue() == run(*files)[1]
    with pytest.raises(OSError):
        run_bounce(parser.parse_args(["bounce", *files]), Full(), io.StringIO())


FILES = sorted(str(path) for path in FIXTURES.iterdir())


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_7_a_full_disk_is_one_line_and_status_1(json_flag: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "smtp_status", "bounce", *json_flag,
                                 *FILES], stdout=full, stderr=subprocess.PIPE, timeout=60,
                                check=False)
    assert (result.returncode, result.stderr) == (
        1, b"smtp-status: cannot write output: No space left on device\n")


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_7_a_disk_that_fills_midway_is_one_line_and_status_1(tmp_path: Path,
                                                            unbuffered: str) -> None:
    with open(tmp_path / "out", "wb") as out:
        result = subprocess.run(
            [sys.executable, "-m", "smtp_status", "bounce", *FILES], stdout=out,
            stderr=subprocess.PIPE, timeout=60, check=False, preexec_fn=_limit_file_size,
            env={**os.environ, "PYTHONUNBUFFERED": unbuffered})
    assert (result.returncode, result.stderr) == (
        1, b"smtp-status: cannot write output: File too large\n")
    assert (tmp_path / "out").stat().st_size == 3000


@pytest.mark.parametrize("entry", [["smtp_status"], ["smtp_status.bounce.command"]])
def test_7_head_1_ends_the_command_quietly_with_141(entry: list[str]) -> None:
    process = subprocess.Popen([sys.executable, "-m", *entry, "bounce", *FILES * 3],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()  # as head -1 does after its line
    _, stderr = process.communicate(timeout=60)
    assert first == (f"{FILES[0]}: failure, 1 recipient, read from the DSN of "
                     "enc.example\n").encode()
    assert (process.returncode, stderr) == (141, b"")


def _wait_until_reading(pid: int) -> None:
    """Until the process waits in a pipe read (Linux /proc), 10 s at most."""
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            waiting = Path(f"/proc/{pid}/wchan").read_text()
        except OSError:
            waiting = ""
        if "pipe" in waiting or "fifo" in waiting:
            return
        time.sleep(0.01)


def test_also_ctrl_c_is_status_130_without_a_traceback(tmp_path: Path) -> None:
    fifo = tmp_path / "input.eml"
    os.mkfifo(fifo)
    process = subprocess.Popen([sys.executable, "-m", "smtp_status", "bounce", str(fifo)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Opening the writing end returns once the command has opened the file to read it;
    # the signal goes once it waits in read() (a SIGINT that comes just before read() can
    # be lost on Python 3.10: CPython's race, not the command's).
    with open(fifo, "wb"):
        _wait_until_reading(process.pid)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (130, b"", b"")


# --- 8. parse_dsn raises InvalidDSN or TypeError only ----------------------------------------

POSTFIX = (FIXTURES / "postfix_dsn.eml").read_text(encoding="utf-8")


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x85", "\u2028"])
@pytest.mark.parametrize("chosen", [policy.default, policy.SMTP, policy.compat32])
def test_8_messages_the_email_package_cannot_write_are_still_read(
        char: str, chosen: policy.Policy) -> None:
    # Under policy.default the generator raises HeaderParseError on "U\x1cndeliverable:
    # Budget": it splits the value there, and the rest looks like a field of its own.
    message = email.message_from_string(POSTFIX.replace(
        "Subject: Undelivered Mail Returned to Sender", f"Subject: U{char}ndeliverable: Budget"),
        policy=chosen)
    assert [r.address for r in parse_dsn(message).recipients] == ["nobody@example.org"]
    assert [r.address for r in read_bounce(message).recipients] == ["nobody@example.org"]


@pytest.mark.parametrize("char", ["\x1c", "\x85", "\u2028"])
@pytest.mark.parametrize("chosen", [policy.default, policy.compat32])
def test_8_a_field_name_the_email_package_cannot_write(char: str,
                                                      chosen: policy.Policy) -> None:
    # The generator raises UnicodeEncodeError on U+0085 in a field name; the email parser
    # ends the header there, so the Message it made is text/plain: no DSN part, InvalidDSN;
    # read_bounce still finds the DSN fields in that text.
    message = email.message_from_string(POSTFIX.replace("MIME-Version", f"MIME-Ver{char}sion"),
                                        policy=chosen)
    with pytest.raises(InvalidDSN):
        parse_dsn(message)
    bounce = read_bounce(message)
    assert [r.address for r in bounce.recipients] == ["nobody@example.org"]
    assert [w.code for w in bounce.warnings] == ["dsn-in-text"]


@pytest.mark.parametrize("chosen", [policy.default, policy.compat32])
def test_8_a_lone_surrogate_in_a_message(chosen: policy.Policy) -> None:
    message = email.message_from_string(POSTFIX.replace("Subject: U", "Subject: U\ud800"),
                                        policy=chosen)
    assert [r.address for r in parse_dsn(message).recipients] == ["nobody@example.org"]
    bounce = read_bounce(message)
    assert [r.address for r in bounce.recipients] == ["nobody@example.org"]
    assert bounce.warnings == ()


def test_8_only_invalid_dsn_and_type_error_escape() -> None:
    message = email.message_from_string("Subject: x\x1cy\n\nbody\n", policy=policy.default)
    with pytest.raises(InvalidDSN):
        parse_dsn(message)
    with pytest.raises(TypeError):
        parse_dsn(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidDSN):
        parse_dsn("x\ud800")


# --- 9. a comment right after the Status code ------------------------------------------------

@pytest.mark.parametrize(("value", "status"), [
    ("5.1.1(unknown user)", "5.1.1"), ("5.1.1 (unknown user)", "5.1.1"), ("5.1.1", "5.1.1"),
    ("4.2.2\t(full)", "4.2.2"), ("5.1.1 unknown", "5.1.1"),
])
def test_9_a_status_comment_follows_the_code(value: str, status: str) -> None:
    dsn = parse_dsn(dsn_message("Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; "
                                f"a@x.example\nAction: failed\nStatus: {value}\n"))
    assert (str(dsn.recipients[0].status), dsn.warnings) == (status, ())


@pytest.mark.parametrize("value", ["5.1.1x", "5.1.1.1", "(c) 5.1.1", "5.01.1", "5.1.1000",
                                   "5.1", "x"])
def test_9_what_is_no_status_still_warns(value: str) -> None:
    dsn = parse_dsn(dsn_message("Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; "
                                f"a@x.example\nAction: failed\nStatus: {value}\n"))
    assert dsn.recipients[0].status is None
    assert [w.code for w in dsn.warnings] == ["invalid-status"]


# --- 10. warnings as RFC 3464 says -----------------------------------------------------------

@pytest.mark.parametrize(("action", "status", "warned"), [
    ("relayed", "5.6.2", False), ("relayed", "5.6.4", False), ("relayed", "4.6.5", False),
    ("relayed", "2.6.4", False), ("relayed", "5.1.1", True), ("delivered", "5.6.2", True),
])
def test_10_relayed_with_a_conversion_code_is_legal(action: str, status: str,
                                                    warned: bool) -> None:
    dsn = parse_dsn(dsn_message("Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; "
                                f"a@x.example\nAction: {action}\nStatus: {status}\n"))
    assert [w.code for w in dsn.warnings] == (["action-status-mismatch"] if warned else [])


def test_10_a_recipient_without_an_address_type_warns() -> None:
    dsn = parse_dsn(dsn_message("Reporting-MTA: dns; x.example\n\nFinal-Recipient: a@x.example"
                                "\nOriginal-Recipient: <b@x.example>\nAction: failed\n"
                                "Status: 5.1.1\n\n" + group("c@x.example")))
    assert dsn.warnings == (
        DSNWarning("missing-address-type", "Original-Recipient '<b@x.example>' has no address "
                   "type (RFC 3464 s2.3.1: address-type \";\" generic-address, such as "
                   "\"rfc822; user@example.com\")", 0),
        DSNWarning("missing-address-type", "Final-Recipient 'a@x.example' has no address type "
                   "(RFC 3464 s2.3.2: address-type \";\" generic-address, such as "
                   "\"rfc822; user@example.com\")", 0))
    assert [r.address for r in read_bounce(dsn_message(
        "Reporting-MTA: dns; x.example\n\nFinal-Recipient: a@x.example\nAction: failed\n"
        "Status: 5.1.1\n")).recipients] == ["a@x.example"]


# --- 11. host names: ASCII only, the same on both sides (the npm side: test_npm.py) ----------

@pytest.mark.parametrize(("host", "name"), [
    ("MX.Google.COM.", "mx.google.com"), (" \t mx.google.com \n", "mx.google.com"),
    ("mx.google.com..", "mx.google.com"), ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ("\x1cmx.google.com", None), ("mx.google.com\x85", None), ("\ufeffmx.google.com", None),
    ("mx.google.com\xa0", None), ("m\u0131x.google.com", None), ("\u0130.google.com", None),
    ("mx.google.\u017fom", None), ("\u212a.google.com", None), ("bücher.example", None),
    ("mx.google.com [1.2.3.4]", None), ("", None), (".", None),
])
def test_11_host_names_are_ascii(host: str, name: str | None) -> None:
    assert host_name(host) == name


@pytest.mark.parametrize(("host", "text", "provider"), [
    ("mx.google.com", None, "google"), ("\ufeffmx.google.com", None, None),
    ("\x1cmx.google.com", None, None), (None, "relay x.goog\u0130e.com said", None),
    (None, "host a.prod.protection.outlook.com said", "microsoft"),
    (None, "host a.prod.protection.out\u0131ook.com said", None),
    (None, "host A.PROD.PROTECTION.OUTLOOK.COM said", "microsoft"),
    (None, "host a.prod.protection.outloo\u212a.com said", None),
])
def test_11_provider_of_matches_ascii_only(host: str | None, text: str | None,
                                           provider: str | None) -> None:
    assert provider_of(host=host, text=text) == provider


# --- also: a DSN deeper than the MIME limits -------------------------------------------------

def nested(depth: int) -> bytes:
    """A DSN inside ``depth`` multiparts inside the message, every boundary closed."""
    head = b"From: MAILER-DAEMON@x.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
    opened = b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
                      for i in range(depth))
    closed = b"".join(b"--b%d--\n" % i for i in range(depth, -1, -1))
    return (head + opened + b"--b%d\nContent-Type: message/delivery-status\n\n" % depth
            + b"Reporting-MTA: dns; x.example\n\n" + group("a@x.example").encode()
            + closed)


def test_also_a_dsn_past_the_depth_limit_says_why_it_was_not_read() -> None:
    shallow = read_bounce(nested(7))
    assert ([r.address for r in shallow.recipients], shallow.warnings) == (["a@x.example"], ())
    bounce = read_bounce(nested(8))
    assert bounce.recipients == ()
    assert bounce.warnings == (DSNWarning(
        "mime-too-deep", "multiparts nest deeper than 8 levels; the parts below were not read "
        "(a delivery-status part there is not counted)"), NO_RECIPIENTS)


def test_also_a_dsn_past_the_part_limit_says_why_it_was_not_read() -> None:
    data = (b"From: MAILER-DAEMON@x.example\nContent-Type: multipart/mixed; boundary=b\n\n"
            + b"--b\n\nfiller\n" * 200 + b"--b\nContent-Type: message/delivery-status\n\n"
            b"Reporting-MTA: dns; x.example\n\n" + group("a@x.example").encode() + b"--b--\n")
    bounce = read_bounce(data)
    assert bounce.recipients == ()
    assert DSNWarning("mime-too-many-parts", "the message has more than 200 MIME parts; the "
                      "rest were not read (a delivery-status part there is not counted)"
                      ) in bounce.warnings


def test_the_new_warning_codes_are_documented() -> None:
    # The codes the reader documents (smtp_status.bounce and smtp_status.dsn docstrings).
    import smtp_status.bounce as package
    import smtp_status.dsn as dsn

    for code in ("invalid-address", "mime-too-deep", "mime-too-many-parts"):
        assert f"``{code}``" in (package.__doc__ or "")
    assert "``missing-address-type``" in (dsn.__doc__ or "")
