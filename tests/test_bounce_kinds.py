"""What each message is and which sent message it answers: Bounce.kind, Bounce.feedback,
Bounce.original and the per-recipient time, hosts and SMTP command, on hand-written
fixtures (tests/fixtures/kinds/) and on the labelled corpus."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
from pathlib import Path
from typing import get_args

import jsonschema
import pytest

from smtp_status.bounce import (
    BOUNCE_KINDS,
    SMTP_COMMANDS,
    Bounce,
    BounceKind,
    Feedback,
    HeaderFields,
    OriginalMessage,
    SmtpCommand,
    read_bounce,
    read_bounces,
)
from smtp_status.bounce.command import bounce_record
from smtp_status.bounce.transcript import remote_host, reporting_host, smtp_command

REPO = Path(__file__).resolve().parents[1]
KINDS = Path(__file__).parent / "fixtures" / "kinds"
BOUNCES = Path(__file__).parent / "fixtures" / "bounces"
SCHEMA = json.loads((REPO / "schema" / "output" / "bounce.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
UTC = datetime.timezone.utc


def zone(hours: int) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(hours=hours))


def read(name: str) -> Bounce:
    return read_bounce((KINDS / name).read_bytes())


def records(bounce: Bounce) -> list[dict[str, object]]:
    """The --json records of a message, each checked against the schema, formats too."""
    found = [bounce_record("x.eml", 1, bounce, recipient)
             for recipient in bounce.recipients or (None,)]
    for record in found:
        assert list(VALIDATOR.iter_errors(json.loads(json.dumps(record)))) == []
    return found


def test_formats_are_really_checked() -> None:
    # jsonschema checks date-time only with rfc3339-validator installed (the test group).
    checker = VALIDATOR.format_checker
    assert checker is not None
    assert not checker.conforms("2024-12-02T10:00:00", "date-time")


def test_the_kinds_are_one_typed_set() -> None:
    assert BOUNCE_KINDS == ("failure", "delay", "success", "feedback", "auto-reply",
                            "challenge", "not-a-bounce")
    assert get_args(BounceKind) == BOUNCE_KINDS
    assert SMTP_COMMANDS == ("CONNECT", "EHLO", "MAIL", "RCPT", "DATA") == get_args(SmtpCommand)
    assert SCHEMA["properties"]["kind"]["enum"] == list(BOUNCE_KINDS)
    assert SCHEMA["properties"]["smtp_command"]["enum"] == [*SMTP_COMMANDS, None]


# (fixture, kind): one per kind; the bounces folder gives failure, the mixed delayed_dsn
# (a failure among delays) and not-a-bounce.
KIND_OF = [
    (KINDS / "exim_quoted.eml", "failure"),
    (BOUNCES / "delayed_dsn.eml", "failure"),
    (KINDS / "delay_global_dsn.eml", "delay"),
    (KINDS / "success_dsn.eml", "success"),
    (KINDS / "arf_abuse.eml", "feedback"),
    (KINDS / "arf_headers.eml", "feedback"),
    (KINDS / "autoreply_rfc3834.eml", "auto-reply"),
    (KINDS / "autoreply_outlook.eml", "auto-reply"),
    (BOUNCES / "vacation.eml", "auto-reply"),
    (KINDS / "challenge.eml", "challenge"),
    (BOUNCES / "not_bounce.eml", "not-a-bounce"),
]


@pytest.mark.parametrize(("path", "kind"), KIND_OF, ids=[path.name for path, _ in KIND_OF])
def test_each_fixture_has_its_kind(path: Path, kind: str) -> None:
    bounce = read_bounce(path.read_bytes())
    assert bounce.kind == kind
    assert {record["kind"] for record in records(bounce)} == {kind}


def test_every_kinds_fixture_is_covered() -> None:
    assert {path.name for path in KINDS.iterdir()} == {
        path.name for path, _ in KIND_OF if path.parent == KINDS} | {"sendmail_quoted.eml"}


def test_a_feedback_report_gives_every_rfc5965_field() -> None:
    bounce = read("arf_abuse.eml")
    arrival = datetime.datetime(2024, 12, 2, 18, 30, tzinfo=UTC)
    assert bounce.feedback == Feedback(
        feedback_type="abuse", user_agent="ExampleFBL/2.1", version="1",
        original_mail_from="bounces+u123@sender.example",
        original_rcpt_to=("reader@isp.example",), original_envelope_id="env-42",
        arrival_date=arrival, reporting_mta="fbl.isp.example", source_ip="192.0.2.10",
        incidents=3, reported_domain=("sender.example", "news.sender.example"),
        reported_uri=("https://news.sender.example/unsubscribe",),
        authentication_results=("mx.isp.example; spf=pass smtp.mailfrom=sender.example; "
                                "dkim=pass header.d=sender.example",),
        fields=bounce.feedback.fields if bounce.feedback else ())
    assert bounce.feedback is not None and bounce.feedback.fields[0] == ("Feedback-Type", "Abuse")
    assert (bounce.reporting_mta, bounce.arrival_date, bounce.original_envelope_id,
            bounce.is_bounce, bounce.warnings) == ("fbl.isp.example", arrival, "env-42", False, ())
    [recipient] = bounce.recipients
    assert (recipient.address, recipient.action, recipient.status, recipient.retry,
            recipient.permanent, recipient.source, recipient.last_attempt) == (
        "reader@isp.example", None, None, "no", None, "feedback", arrival)


def test_a_feedback_report_returns_the_reported_message() -> None:
    original = read("arf_abuse.eml").original
    assert original is not None
    assert original._replace(headers=HeaderFields()) == OriginalMessage(
        message_id="<campaign-7.reader@sender.example>", subject="Décembre: nos offres",
        from_="Café News <news@sender.example>", to="reader@isp.example",
        date=datetime.datetime(2024, 12, 2, 18, 29, 58, tzinfo=UTC),
        list_id="Cafe News <news.sender.example>", headers=HeaderFields(),
        form="message/rfc822")
    # The sender's own fields are there to match the report to the send.
    assert original.headers["x-campaign-id"] == "7"
    assert original.headers["X-CAMPAIGN-ID"] == "7"
    assert "x-campaign-id" in original.headers and "x-missing" not in original.headers
    assert list(original.headers) == ["received", "from", "to", "subject", "date",
                                      "message-id", "list-id", "x-campaign-id",
                                      "mime-version", "content-type"]
    assert original.headers["subject"] == "=?utf-8?b?RMOpY2VtYnJlOiBub3Mgb2ZmcmVz?="
    assert original.headers.get_all("received") == (
        "from out.sender.example (out.sender.example [192.0.2.10])\tby mx.isp.example; "
        "Mon, 02 Dec 2024 18:30:00 +0000",)
    with pytest.raises(TypeError):
        original.headers["x-new"] = "1"  # type: ignore[index]


def test_a_fraud_report_with_headers_only_and_the_historic_received_date() -> None:
    bounce = read("arf_headers.eml")
    assert bounce.feedback is not None
    assert (bounce.feedback.feedback_type, bounce.feedback.user_agent,
            bounce.feedback.version, bounce.feedback.arrival_date) == (
        "fraud", "MailExample-Reporter/1.0", "1",
        datetime.datetime(2024, 12, 3, 9, 15, tzinfo=zone(1)))
    # No Original-Rcpt-To: the one address the reported message's To names.
    assert [(r.address, r.source) for r in bounce.recipients] == [
        ("chris@mail.example", "feedback")]
    assert bounce.original is not None
    assert (bounce.original.form, bounce.original.message_id, bounce.original.to) == (
        "text/rfc822-headers", "<alert-99@sender.example>", '"Chris" <chris@mail.example>')


def test_a_feedback_report_that_names_nobody_still_leaves_a_record() -> None:
    data = (KINDS / "arf_headers.eml").read_bytes().replace(
        b'To: "Chris" <chris@mail.example>', b"To: undisclosed-recipients:;")
    bounce = read_bounce(data)
    assert (bounce.kind, bounce.recipients) == ("feedback", ())
    assert [w.code for w in bounce.warnings] == ["no-reported-recipient"]
    [record] = records(bounce)
    assert (record["address"], record["retry"], record["kind"]) == (None, None, "feedback")
    assert record["feedback"] == {
        "feedback_type": "fraud", "user_agent": "MailExample-Reporter/1.0", "version": "1",
        "original_mail_from": None, "original_rcpt_to": [], "original_envelope_id": None,
        "arrival_date": "2024-12-03T09:15:00+01:00", "reporting_mta": None,
        "source_ip": None, "incidents": None, "reported_domain": [], "reported_uri": [],
        "authentication_results": []}
    assert record["warnings"] == [{"code": "no-reported-recipient", "message": (
        "the feedback report names no recipient (no Original-Rcpt-To, RFC 5965 s3.2)")}]


def test_a_feedback_loop_that_looks_like_a_bounce_is_still_feedback() -> None:
    # A daemon sender and a bounce subject: the report type decides, and the text of the
    # report is not searched for bounced recipients.
    data = (KINDS / "arf_abuse.eml").read_bytes().replace(
        b"From: Feedback Loop <fbl@isp.example>", b"From: MAILER-DAEMON@isp.example").replace(
        b"Subject: Abuse report", b"Subject: Undeliverable: complaint about x@y.example")
    bounce = read_bounce(data)
    assert (bounce.kind, [r.address for r in bounce.recipients]) == (
        "feedback", ["reader@isp.example"])


@pytest.mark.parametrize(("name", "address", "retry", "date"), [
    ("autoreply_rfc3834.eml", "dana@example.org", "done",
     datetime.datetime(2024, 12, 3, 12, 0, tzinfo=UTC)),
    ("autoreply_outlook.eml", "erik@corp.example", "done",
     datetime.datetime(2024, 12, 3, 12, 5, tzinfo=UTC)),
    ("challenge.eml", "sam@example.com", "unknown",
     datetime.datetime(2024, 12, 3, 12, 10, tzinfo=UTC)),
])
def test_responders_are_their_own_recipient(name: str, address: str, retry: str,
                                            date: datetime.datetime) -> None:
    bounce = read(name)
    assert bounce.warnings == ()
    assert [(r.address, r.action, r.status, r.retry, r.permanent, r.source, r.last_attempt)
            for r in bounce.recipients] == [(address, None, None, retry, None, "headers", date)]


@pytest.mark.parametrize(("headers", "kind"), [
    (b"From: a@x.example\nAuto-Submitted: auto-replied\nSubject: Re: hello", "auto-reply"),
    (b"From: a@x.example\nAuto-Submitted: auto-generated\nSubject: hello", "not-a-bounce"),
    (b"From: a@x.example\nX-Autoreply: yes\nSubject: hello", "auto-reply"),
    (b"From: a@x.example\nX-Apple-Action: VACATION\nSubject: hello", "auto-reply"),
    (b"From: a@x.example\nSubject: Automatische Antwort: hello", "auto-reply"),
    (b"From: a@x.example\nSubject: =?utf-8?q?R=C3=A9ponse_automatique_:_hello?=", "auto-reply"),
    (b"From: a@x.example\nSubject: Alex is out of the office", "auto-reply"),
    (b"From: a@x.example\nX-Delivery-Agent: TMDA/1.1.12\nSubject: Re: hello", "challenge"),
    (b"From: a@x.example\nReply-To: a-confirm-1.ab@x.example\nSubject: Re: hello", "challenge"),
    (b"From: a@x.example\nSubject: Sender verification required", "challenge"),
    # Postfix and Exim write auto-replied on every bounce: a daemon never auto-replies.
    (b"From: MAILER-DAEMON@x.example\nAuto-Submitted: auto-replied\nSubject: hello",
     "failure"),
    (b"From: a@x.example\nX-Failed-Recipients: b@x.example\nAuto-Submitted: auto-replied\n"
     b"Subject: hello", "failure"),
    # A delivery report that names nobody is still a failure, whatever else it says.
    (b"From: a@x.example\nAuto-Submitted: auto-replied\nSubject: Auto: hello\n"
     b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
     b"Content-Type: message/delivery-status\n\nReporting-MTA: dns; x.example\n--b--",
     "failure"),
])
def test_kind_from_headers(headers: bytes, kind: str) -> None:
    assert read_bounce(headers + b"\n\nbody\n").kind == kind


def test_an_auto_reply_names_the_message_it_answers_by_in_reply_to() -> None:
    bounce = read("autoreply_rfc3834.eml")
    assert bounce.original == OriginalMessage(
        "<campaign-7.dana@sender.example>", None, None, None, None, None, HeaderFields(),
        "in-reply-to")
    [record] = records(bounce)
    assert record["original"] == {
        "message_id": "<campaign-7.dana@sender.example>", "subject": None, "from": None,
        "to": None, "date": None, "list_id": None, "form": "in-reply-to", "headers": []}
    # A challenge that quotes the message: the quoted fields win over In-Reply-To.
    quoted = read_bounce((KINDS / "challenge.eml").read_bytes().replace(
        b"Auto-Submitted:", b"In-Reply-To: <other@sender.example>\nAuto-Submitted:"))
    assert quoted.original is not None
    assert (quoted.original.form, quoted.original.message_id) == (
        "text", "<campaign-7.sam@sender.example>")
    assert read("autoreply_outlook.eml").original is None


def test_a_success_dsn() -> None:
    bounce = read("success_dsn.eml")
    [recipient] = bounce.recipients
    assert (recipient.address, recipient.action, str(recipient.effective_status),
            recipient.retry, recipient.remote_mta, recipient.smtp_command,
            recipient.last_attempt) == (
        "fay@example.net", "delivered", "2.0.0", "done", "mx.example.net", None,
        datetime.datetime(2024, 12, 3, 12, 59, 58, tzinfo=UTC))
    assert bounce.original is not None
    assert (bounce.original.form, bounce.original.message_id) == (
        "message/rfc822", "<campaign-7.fay@sender.example>")


def test_a_delay_with_a_message_global_returned_and_its_host_from_the_text() -> None:
    bounce = read("delay_global_dsn.eml")
    [recipient] = bounce.recipients
    # No Last-Attempt-Date nor Arrival-Date: the bounce's own Date.
    assert (recipient.address, recipient.retry, recipient.remote_mta, recipient.smtp_command,
            recipient.last_attempt) == (
        "jun@例子.example", "wait", "mx.例子.example", "CONNECT",
        datetime.datetime(2024, 12, 3, 22, 0, tzinfo=zone(9)))
    assert bounce.original is not None
    assert bounce.original._replace(headers=HeaderFields()) == OriginalMessage(
        "<campaign-7.jun@sender.example>", "十二月のお知らせ", "news@sender.example",
        "jun@例子.example", datetime.datetime(2024, 12, 3, 18, 0, tzinfo=zone(9)), None,
        HeaderFields(), "message/global")


def test_returned_headers_quoted_in_text_indented() -> None:
    bounce = read("sendmail_quoted.eml")
    [recipient] = bounce.recipients
    assert (recipient.address, recipient.remote_mta, recipient.smtp_command) == (
        "gus@store.example.edu", "store.example.edu", "RCPT")
    original = bounce.original
    assert original is not None
    assert original._replace(headers=HeaderFields()) == OriginalMessage(
        "<campaign-7.gus@sender.example>", "Réunion", "news@sender.example",
        "gus@store.example.edu", None, None, HeaderFields(), "text")
    assert original.headers.fields == (
        ("Return-Path", "<news@sender.example>"),
        ("Received", "from out.sender.example (out.sender.example [192.0.2.10]) "
                     "by relay.example.edu; Tue, 3 Dec 2024 13:59:58 -0500"),
        ("From", "news@sender.example"), ("To", "gus@store.example.edu"),
        ("Subject", "=?iso-8859-1?q?R=E9union?="),
        ("Message-Id", "<campaign-7.gus@sender.example>"), ("X-Campaign-Id", "7"))


def test_returned_headers_quoted_with_angle_brackets_and_a_broken_word() -> None:
    bounce = read("exim_quoted.eml")
    [recipient] = bounce.recipients
    assert (recipient.address, recipient.remote_mta, recipient.smtp_command) == (
        "hal@example.org", "mx.example.org", "DATA")
    original = bounce.original
    assert original is not None
    assert (original.form, original.message_id, original.list_id, original.subject) == (
        "text", "<campaign-7.hal@sender.example>", "<news.sender.example>", "broken =")


def test_each_form_of_returned_message() -> None:
    forms = {name: read_bounce((folder / name).read_bytes()).original
             for folder, name in ((BOUNCES, "sendmail_dsn.eml"), (BOUNCES, "postfix_dsn.eml"),
                                  (BOUNCES, "global_dsn.eml"), (KINDS, "delay_global_dsn.eml"),
                                  (KINDS, "sendmail_quoted.eml"))}
    assert {name: None if found is None else found.form for name, found in forms.items()} == {
        "sendmail_dsn.eml": "message/rfc822", "postfix_dsn.eml": "text/rfc822-headers",
        "global_dsn.eml": "message/global-headers", "delay_global_dsn.eml": "message/global",
        "sendmail_quoted.eml": "text"}
    postfix = forms["postfix_dsn.eml"]
    assert postfix is not None
    assert (postfix.message_id, postfix.subject) == ("<lunch-1@example.net>", "Lunch on Friday?")


def test_a_part_without_mime_header_holding_the_returned_fields() -> None:
    bounce = read_bounce(
        b"From: MAILER-DAEMON@x.example\nSubject: Returned mail\nContent-Type: multipart/mixed;"
        b" boundary=b\n\n--b\n\n<u@y.example>: 550 5.1.1 no such user\n--b\n"
        b"Received: from a by b\nMessage-ID: <m1@sender.example>\nSubject: Hi\n\nbody\n--b--\n")
    assert bounce.original is not None
    assert (bounce.original.form, bounce.original.message_id, bounce.original.subject) == (
        "text", "<m1@sender.example>", "Hi")


def test_a_bounce_returning_a_bounce_keeps_the_outer_recipients() -> None:
    bounce = read_bounce((BOUNCES / "bounce_of_bounce.eml").read_bytes())
    assert [r.address for r in bounce.recipients] == ["bounces@inner.example"]
    assert bounce.kind == "failure"
    original = bounce.original
    assert original is not None
    # The returned message is the inner bounce itself, not the message it returned.
    assert (original.form, original.from_, original.to, original.subject) == (
        "message/rfc822", "MAILER-DAEMON@inner.example", "bounces@inner.example",
        "Undelivered Mail Returned to Sender")


@pytest.mark.parametrize("subject", [
    b"=?utf-8?b?broken?=", b"=?utf-8?q?a=ZZ?=", b"=?x-unknown?q?abc?=", b"=?utf-8*en?q?abc?=",
    b"=??=", b"=?utf-8?b?=?=", b"=?utf-7?b?" + b"A" * 50 + b"?=", b"=?utf-8?q?" + b"=" * 40,
    b"\xff\xfe=?utf-8?b?4pyT?=",
])
def test_broken_encoded_words_never_raise(subject: bytes) -> None:
    bounce = read_bounce(b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n"
                         b"Content-Type: multipart/report; report-type=delivery-status; "
                         b"boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
                         b"Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; u@y.example\n"
                         b"Action: failed\nStatus: 5.1.1\n\n--b\nContent-Type: text/rfc822-headers"
                         b"\n\nSubject: " + subject + b"\nFrom: " + subject
                         + b"\nMessage-ID: <m@x>\n\n--b--\n")
    assert bounce.original is not None and bounce.original.message_id == "<m@x>"
    assert isinstance(bounce.original.subject, str)
    records(bounce)


def test_the_returned_header_block_is_bounded() -> None:
    fields = b"".join(b"X-Filler-%d: %s\n" % (number, b"y" * 60) for number in range(20_000))
    bounce = read_bounce(
        b"From: MAILER-DAEMON@x.example\nSubject: failure notice\nContent-Type: multipart/report;"
        b" report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status"
        b"\n\nReporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; u@y.example\nAction: "
        b"failed\nStatus: 5.1.1\n\n--b\nContent-Type: message/rfc822\n\nMessage-ID: <m@x>\n"
        + fields + b"\nbody\n--b--\n")
    assert bounce.original is not None and bounce.original.message_id == "<m@x>"
    # 64 KiB of header block, of the 1.5 MB given.
    assert 700 < len(bounce.original.headers.fields) < 1000


def test_no_returned_message_for_an_ordinary_email_or_junk() -> None:
    assert read_bounce((BOUNCES / "not_bounce.eml").read_bytes()).original is None
    assert read_bounce(b"").kind == "not-a-bounce"
    assert read_bounce(b"\x00\xff junk").kind == "not-a-bounce"


def test_results_pickle_and_copy() -> None:
    bounce = read("arf_abuse.eml")
    assert pickle.loads(pickle.dumps(bounce)) == bounce
    assert copy.deepcopy(bounce) == bounce
    assert bounce.original is not None
    headers = bounce.original.headers
    assert pickle.loads(pickle.dumps(headers)) == headers
    assert hash(headers) == hash(HeaderFields(headers.fields))
    assert headers == dict(headers)  # a Mapping compares with any other by its items


@pytest.mark.parametrize(("text", "host", "command"), [
    ("host mx.example[192.0.2.50] said: 550 5.1.1 no (in reply to RCPT TO command)",
     "mx.example", "RCPT"),
    ("host mx.example[192.0.2.50] said: 554 5.7.1 spam (in reply to end of DATA command)",
     "mx.example", "DATA"),
    ("connect to mx.example[192.0.2.50]:25: Connection refused", "mx.example", "CONNECT"),
    ("host mx.example[192.0.2.50] refused to talk to me: 554 go away", "mx.example", "CONNECT"),
    ("lost connection with mx.example[192.0.2.50] while sending MAIL FROM", "mx.example",
     "MAIL"),
    ("SMTP error from remote mail server after RCPT TO:<a@b.example>:\n"
     "    host mx.example [192.0.2.50]: 550 5.1.1 no", "mx.example", "RCPT"),
    ("SMTP error from remote mail server after end of data:\n host mx.example [192.0.2.50]:",
     "mx.example", "DATA"),
    ("SMTP error from remote mail server after initial connection:", None, "CONNECT"),
    ("SMTP error from remote mail server after EHLO mx.sender.example:", None, "EHLO"),
    ("... while talking to mx.example.:\n>>> MAIL From:<a@b>\n<<< 250 ok\n>>> RCPT To:<c@d>\n"
     "<<< 550 5.1.1 unknown", "mx.example", "RCPT"),
    (">>> DATA\n<<< 354 go\n<<< 554 5.7.1 rejected", None, "DATA"),
    (">>> QUIT\n<<< 421 closing", None, None),
    ("Connected to 192.0.2.50 but sender was rejected.", "192.0.2.50", "MAIL"),
    ("Connected to 192.0.2.50 but my name was rejected.", "192.0.2.50", "EHLO"),
    ("rejected by the server for the recipient domain b.example by mx.b.example. "
     "[192.0.2.9].", "mx.b.example", None),
    ("550 5.1.1 user unknown", None, None),
])
def test_transcript_phrases(text: str, host: str | None, command: str | None) -> None:
    assert (remote_host(text), smtp_command(text)) == (host, command)


@pytest.mark.parametrize(("text", "host"), [
    ("Hi. This is the qmail-send program at mail.example.com.\n", "mail.example.com"),
    ("This is the mail system at host smtp.example.net.\n", "smtp.example.net"),
    ("Generating server: BN8PR12MB0001.namprd12.prod.outlook.example\n",
     "BN8PR12MB0001.namprd12.prod.outlook.example"),
    ("This is a delivery status notification from mx.example.org,\n", "mx.example.org"),
    # The phrases are matched ignoring case as the regex engine does, also where
    # str.lower() would not give the ASCII letter (dotless i, long s).
    ("THIS IS THE MAIL SYSTEM AT HOST smtp.example.net.\n", "smtp.example.net"),
    ("Th\u0131s is the mail system at host smtp.example.net.\n", "smtp.example.net"),
    ("This is the mail \u017fystem at host smtp.example.net.\n", "smtp.example.net"),
    ("Nothing here.", None),
])
def test_reporting_host(text: str, host: str | None) -> None:
    assert reporting_host(text) == host


def test_text_bounces_get_their_reporting_host_and_date() -> None:
    bounce = read_bounce((BOUNCES / "postfix_text.eml").read_bytes())
    assert bounce.reporting_mta == "smtp.example.net"
    assert [(r.remote_mta, r.smtp_command, r.last_attempt) for r in bounce.recipients] == [
        ("mx.example.com", "RCPT", datetime.datetime(2024, 12, 2, 17, 0, tzinfo=zone(1)))] * 2


def test_transcript_patterns_are_linear() -> None:
    # Near-misses of every pattern, 4,000 characters each (the cut): no backtracking blow-up.
    for piece in ("host ", "connect to ", "by a.", ">>> ", "<<< 5", "connected to 1.1.1.1 ",
                  "after ", "in reply to ", "a" * 50 + ".", "while sending "):
        text = piece * (4_000 // len(piece))
        remote_host(text)
        smtp_command(text)
        reporting_host(text)


def _corpus() -> list[tuple[str, bytes, tuple[str, ...]]]:
    from evaluation.corpus import emails, folder
    from evaluation.kinds import expected_kinds

    if folder() is None:
        return []
    return [(email.name, data, expected_kinds(email, data))
            for email in emails() for data in (email.read(),)]


CORPUS = _corpus()


@pytest.mark.skipif(not CORPUS, reason="the labelled bounce corpus is not beside the "
                    "repository (../shared/bounce-corpus) and $SMTP_STATUS_BOUNCE_CORPUS "
                    "names no folder")
def test_the_corpus_kinds() -> None:
    kinds = {name: read_bounce(data) for name, data, _ in CORPUS}
    arf = sorted(name for name in kinds if name.startswith("arf-"))
    assert len(arf) == 7
    assert {name: (bounce.kind, None if bounce.feedback is None else
                   bounce.feedback.feedback_type)
            for name in arf for bounce in (kinds[name],)} == {
        "arf-01.eml": ("feedback", "abuse"), "arf-11.eml": ("feedback", "abuse"),
        "arf-15.eml": ("feedback", "abuse"), "arf-17.eml": ("feedback", "abuse"),
        "arf-19.eml": ("feedback", "auth-failure"), "arf-21.eml": ("feedback", "abuse"),
        "arf-25.eml": ("feedback", "abuse")}
    assert {name: bounce.kind for name, bounce in kinds.items()
            if name.startswith("rfc3834-")} == {
        "rfc3834-01.eml": "auto-reply", "rfc3834-03.eml": "auto-reply",
        "rfc3834-05.eml": "auto-reply"}
    assert kinds["is-not-bounce-01.eml"].kind == "not-a-bounce"
    # No failure read as anything else: each email has a kind the corpus allows (a delay
    # notice, which sisimai counts a failure, may read as a delay).
    wrong = sorted(f"{name}: {kinds[name].kind}, expected {' or '.join(expected)}"
                   for name, _, expected in CORPUS if kinds[name].kind not in expected)
    assert wrong == []
    # Amazon SES's complaint notification (JSON) is feedback too.
    ses = kinds["lhost-amazonses-11.eml"]
    assert ses.feedback is not None
    assert (ses.kind, ses.feedback.feedback_type, [r.address for r in ses.recipients]) == (
        "feedback", "abuse", ["complaint@simulator.amazonses.com"])


@pytest.mark.skipif(not CORPUS, reason="the labelled bounce corpus is not beside the "
                    "repository (../shared/bounce-corpus) and $SMTP_STATUS_BOUNCE_CORPUS "
                    "names no folder")
def test_the_corpus_returned_messages() -> None:
    from evaluation.kinds import tally

    total = tally()
    # Of the bounces and reports whose bytes hold a Message-ID below their own header,
    # every one gives original.message_id, equal to one of those the bytes hold.
    assert total.message_id_equal == total.with_id_in_bytes == 231
    assert (total.carrying, total.original_read) == (248, 245)
    # Not read: the three carry an empty returned part ("REDACTED" for arf-25).
    assert sorted(miss for miss in total.misses if "none read" in miss) == [
        f"{name}: carries a returned message, none read" for name in (
            "arf-25.eml", "lhost-postfix-01.eml", "rfc3464-35.eml")]


KINDS_SCRIPT = '''\
from typing import assert_never, assert_type

from smtp_status.bounce import (Bounce, BounceKind, Feedback, OriginalMessage, SmtpCommand,
                                read_bounce)


def action(bounce: Bounce) -> str:
    kind = bounce.kind
    if kind == "failure":
        return "suppress or retry"
    if kind == "delay" or kind == "success" or kind == "challenge":
        return "wait"
    if kind == "feedback":
        return "unsubscribe"
    if kind == "auto-reply" or kind == "not-a-bounce":
        return "nothing"
    assert_never(kind)


bounce = read_bounce(b"From: a@x.example\\n\\nhi")
assert_type(bounce.kind, BounceKind)
assert_type(bounce.feedback, Feedback | None)
assert_type(bounce.original, OriginalMessage | None)
if bounce.original is not None:
    assert_type(bounce.original.headers.get("x-campaign-id"), str | None)
    assert_type(bounce.original.headers.get_all("received"), tuple[str, ...])
for recipient in bounce.recipients:
    assert_type(recipient.smtp_command, SmtpCommand | None)
print(action(bounce))
'''
# A misspelt kind is a type error: tests/test_typing.py's vocabulary script holds that.
@pytest.mark.consumers
def test_a_user_script_handles_every_kind_under_mypy_and_pyright(tmp_path: Path) -> None:
    from tests.test_typing import run_mypy, run_pyright, write_project

    result = run_mypy(tmp_path, KINDS_SCRIPT)
    assert result.stdout.startswith("Success: no issues found in 1 source file"), result.stdout
    write_project(tmp_path, KINDS_SCRIPT)
    checked = run_pyright(tmp_path)
    assert "0 errors, 0 warnings" in checked.stdout, checked.stdout


@pytest.mark.skipif(not CORPUS, reason="the labelled bounce corpus is not beside the "
                    "repository (../shared/bounce-corpus) and $SMTP_STATUS_BOUNCE_CORPUS "
                    "names no folder")
def test_every_corpus_message_leaves_valid_json_records() -> None:
    import argparse
    import io

    from evaluation.corpus import folder
    from smtp_status.bounce.command import add_bounce_parser, run_bounce

    base = folder()
    assert base is not None
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    names = [str(base / "emails" / name) for name, _, _ in CORPUS]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_bounce(parser.parse_args(["bounce", "--json", *names]), stdout, stderr) == 0
    found = [json.loads(line) for line in stdout.getvalue().splitlines()]
    for record in found:
        assert list(VALIDATOR.iter_errors(record)) == [], record["file"]
    # One record per recipient, one per message that names none: every message is there.
    assert {record["file"] for record in found} == set(names)
    expected = sum(max(1, len(bounce.recipients)) for _, data, _ in CORPUS
                   for bounce in read_bounces(data))
    assert len(found) == expected


def test_the_schema_lists_every_form() -> None:
    from smtp_status.bounce.original import RETURNED_FORMS

    form = SCHEMA["properties"]["original"]["oneOf"][1]["properties"]["form"]
    assert form["enum"] == [*RETURNED_FORMS, "text", "in-reply-to", "ses-notification"]


def test_a_bounce_forwarded_whole_returns_the_message_it_returns() -> None:
    inner = (BOUNCES / "postfix_dsn.eml").read_bytes()
    bounce = read_bounce(
        b"From: Mail Delivery System <MAILER-DAEMON@gateway.example>\nSubject: Undeliverable\n"
        b"Message-ID: <forward-1@gateway.example>\nContent-Type: multipart/mixed; boundary=f\n"
        b"\n--f\nContent-Type: text/plain\n\nSee the attached report.\n--f\n"
        b"Content-Type: message/rfc822\n\n" + inner + b"\n--f--\n")
    assert [w.code for w in bounce.warnings] == ["dsn-in-attachment"]
    assert [r.address for r in bounce.recipients] == ["nobody@example.org"]
    # Not the forwarded bounce's own fields: the message that bounce returns.
    assert bounce.original is not None
    assert (bounce.original.form, bounce.original.message_id) == (
        "text/rfc822-headers", "<lunch-1@example.net>")


def test_the_human_output_shows_each_kind_and_the_original_message_id(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import io

    from smtp_status.bounce.command import add_bounce_parser, run_bounce

    monkeypatch.chdir(KINDS)
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(["bounce", "arf_headers.eml", "autoreply_rfc3834.eml",
                                   "challenge.eml", "success_dsn.eml", "delay_global_dsn.eml"])
    stdout = io.StringIO()
    assert run_bounce(arguments, stdout, io.StringIO()) == 0
    assert stdout.getvalue().splitlines() == [
        "arf_headers.eml: feedback (fraud from MailExample-Reporter/1.0), 1 recipient, read "
        "from the feedback report",
        "  original message: <alert-99@sender.example>, subject 'Your account'",
        "  chris@mail.example: reported the message (a feedback report), retry: no (stop "
        "mailing the address)",
        "autoreply_rfc3834.eml: auto-reply, 1 recipient, read from the headers",
        "  original message: <campaign-7.dana@sender.example> (by its In-Reply-To)",
        "  dana@example.org: answered automatically (the message arrived), retry: done "
        "(nothing to retry)",
        "challenge.eml: challenge, 1 recipient, read from the headers",
        "  original message: <campaign-7.sam@sender.example>, subject 'December news'",
        "  sam@example.com: asks the sender to prove it is a person (challenge-response), "
        "retry: unknown (the message waits for the answer)",
        "success_dsn.eml: success, 1 recipient, read from the DSN of mx.relay.example",
        "  original message: <campaign-7.fay@sender.example>, subject 'December news'",
        "  fay@example.net: delivered, 2.0.0 Other undefined Status, reply 250, retry: done "
        "(succeeded: nothing to retry)",
        "    reason: delivered (rule code-success); advice: nothing to do about the address "
        "(keep it)",
        "delay_global_dsn.eml: delay, 1 recipient, read from the DSN of mx.example.jp",
        "  original message: <campaign-7.jun@sender.example>, subject '十二月のお知らせ'",
        "  jun@例子.example: delayed, 4.4.1 No answer from host, retry: wait (not final: "
        "expect another reply or report)",
        "    reason: expired (rule text-timeout); advice: retry later (keep the address)",
        "summary: 5 messages, 2 bounces, 5 recipients; by kind: delay 1, success 1, "
        "feedback 1, auto-reply 1, challenge 1; by class: 2.X.X 1, 4.X.X 1, none 3; "
        "retry: no 1, wait 1, done 2, unknown 1; advice: stop-mailing 1, retry 1, none 3"]


def test_a_feedback_report_breaking_rfc5965_warns() -> None:
    data = (KINDS / "arf_abuse.eml").read_bytes().replace(
        b"User-Agent: ExampleFBL/2.1\nVersion: 1\n",
        b"Source-IP: 192.0.2.99\nReceived-Date: Mon, 02 Dec 2024 18:30:00 +0000\n")
    bounce = read_bounce(data)
    assert [str(warning) for warning in bounce.warnings] == [
        "missing-field: no User-Agent field (RFC 5965 s3.1)",
        "missing-field: no Version field (RFC 5965 s3.1)",
        "repeated-field: Source-IP given more than once; the first is kept (RFC 5965 s3.1, "
        "s3.2)",
        "repeated-field: both Arrival-Date and its historic name Received-Date; Arrival-Date "
        "is kept (RFC 5965 s3.2)"]
    assert bounce.feedback is not None
    assert (bounce.feedback.user_agent, bounce.feedback.source_ip) == (None, "192.0.2.99")


@pytest.mark.parametrize(("received", "host"), [
    ("from mail by mx.example.org with local (Exim 4.72) id 1P1ceB-000FL1-4q",
     "mx.example.org"),
    ("from MAILER-DAEMON id e0720 by df.example.jp (DragonFly Mail Agent v0.13); Tue, 11 Jun "
     "2024 18:02:02 +0900", "df.example.jp"),
    ("by smtp.example.ne.jp (Postfix) via BOUNCE id 4061F2BEA; Fri, 17 Jul 2009",
     "smtp.example.ne.jp"),
    # A hop that relayed the bounce says nothing of where it was made.
    ("from mx.sender.example (mx.sender.example [192.0.2.1]) by mx.example.jp (Postfix) "
     "with ESMTP id 1", None),
])
def test_the_host_that_made_a_bounce_by_its_bottom_received(received: str,
                                                            host: str | None) -> None:
    from smtp_status.bounce.transcript import generating_host

    assert generating_host(received) == host


def test_an_exim_text_bounce_names_its_host_by_received() -> None:
    bounce = read_bounce(b"Received: from mail by mx.exim.example with local (Exim 4.96)\n"
                         b"\tid 1abc; Tue, 03 Dec 2024 15:00:00 +0000\n"
                         + (KINDS / "exim_quoted.eml").read_bytes())
    assert bounce.reporting_mta == "mx.exim.example"
    assert read("exim_quoted.eml").reporting_mta is None


def test_reported_recipients_and_responders_get_their_reasons() -> None:
    [reported] = read("arf_abuse.eml").recipients
    assert (reported.reason, reported.hard_bounce, reported.advice, reported.reason_rule) == (
        "feedback", False, "stop-mailing", "kind:feedback")
    [responder] = read("autoreply_rfc3834.eml").recipients
    assert (responder.reason, responder.hard_bounce, responder.advice,
            responder.reason_rule) == ("auto-reply", False, "none", "kind:auto-reply")
    # No reason id says challenge: the rules decide, and say nothing.
    [challenger] = read("challenge.eml").recipients
    assert (challenger.reason, challenger.reason_rule) == ("undetermined", "nothing-said")
    [record] = records(read("arf_abuse.eml"))
    assert (record["reason"], record["reason_rule"]) == ("feedback", "kind:feedback")


def test_an_ses_complaint_notification_is_feedback() -> None:
    notification = json.dumps({
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "reader@isp.example"}],
                      "timestamp": "2024-12-03T10:00:01.000Z",
                      "arrivalDate": "2024-12-03T09:59:00.000Z",
                      "userAgent": "ExampleFBL/2.1", "complaintFeedbackType": "abuse"},
        "mail": {"source": "news@sender.example", "sourceIp": "192.0.2.10",
                 "messageId": "0100018f-ses-1",
                 "headers": [{"name": "Message-ID", "value": "<campaign-7@sender.example>"},
                             {"name": "Subject", "value": "December news"}]}})
    bounce = read_bounce(b"From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message"
                         b"\nContent-Type: text/plain; charset=UTF-8\n\n"
                         + notification.encode())
    arrival = datetime.datetime(2024, 12, 3, 9, 59, tzinfo=UTC)
    assert bounce.feedback == Feedback(
        "abuse", "ExampleFBL/2.1", None, "news@sender.example", ("reader@isp.example",), None,
        arrival, None, "192.0.2.10", None, (), (), (), ())
    assert (bounce.kind, bounce.arrival_date, bounce.warnings) == ("feedback", arrival, ())
    assert [(r.address, r.source, r.reason) for r in bounce.recipients] == [
        ("reader@isp.example", "feedback", "feedback")]
    assert bounce.original is not None
    assert (bounce.original.form, bounce.original.message_id, bounce.original.subject) == (
        "ses-notification", "<campaign-7@sender.example>", "December news")
    records(bounce)
