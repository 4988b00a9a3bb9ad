"""read_bounce on our own fixtures: one per MTA style and one per oddity real bounces have."""

from __future__ import annotations

import copy
import datetime
import email
import pickle
from email import policy
from pathlib import Path

import pytest

from smtp_status.bounce import (
    RETRY_VERDICTS,
    Bounce,
    BouncedRecipient,
    effective_status,
    read_bounce,
    read_bounces,
    retry_verdict,
    split_mbox,
)
from smtp_status.dsn import DSNWarning
from smtp_status.status import StatusCode

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def code(text: str) -> StatusCode:
    return StatusCode.parse(text)


def summary(bounce: Bounce) -> list[tuple[object, ...]]:
    return [(r.address, r.action, None if r.status is None else str(r.status),
             None if r.effective_status is None else str(r.effective_status), r.reply_code,
             r.retry, r.permanent, r.source) for r in bounce.recipients]


# (fixture, [(address, action, status, effective_status, reply_code, retry, permanent,
# source)]): the exact reading of each.
EXPECTED = [
    ("postfix_dsn.eml", [("nobody@example.org", "failed", "5.1.1", "5.1.1", 550, "no", True,
                          "dsn")]),
    ("gmail_dsn.eml", [("dave@example.com", "failed", "5.1.1", "5.1.1", 550, "no", True,
                        "dsn")]),
    ("ses_dsn.eml", [("erin@example.com", "failed", "5.0.0", "5.7.26", 550, "no", True,
                      "dsn")]),
    ("exchange_dsn.eml", [("frank@contoso.example", "failed", "5.1.10", "5.1.10", 550, "no",
                           True, "dsn")]),
    ("m365_dsn.eml", [("grace@fabrikam.example", "failed", "5.7.708", "5.7.708", 550, "no",
                       True, "dsn")]),
    ("sendmail_dsn.eml", [("heidi@example.edu", "failed", "5.2.1", "5.2.1", 550, "no", True,
                           "dsn"),
                          ("ivan@example.edu", "failed", "5.2.2", "5.2.2", 552, "no", True,
                           "dsn")]),
    ("exim_dsn.eml", [("judy@example.org", "failed", "5.0.0", "5.1.1", 550, "no", True,
                       "dsn")]),
    ("global_dsn.eml", [("用户@例子.广告", "failed", "5.1.1", "5.1.1", 550, "no", True, "dsn"),
                        ("jörg@bücher.example", "delayed", "4.2.2", "4.2.2", 452, "wait", False,
                         "dsn")]),
    ("delayed_dsn.eml", [("zoe@example.com", "delayed", "4.4.7", "4.2.2", 451, "wait", False,
                          "dsn"),
                         ("yann@example.com", "failed", "4.4.7", "4.4.1", 451, "yes", False,
                          "dsn"),
                         ("xena@example.com", "failed", "5.4.7", "5.4.7", 421, "no", True,
                          "dsn"),
                         ("walt@example.com", "delivered", "2.0.0", "2.0.0", 250, "done", None,
                          "dsn")]),
    ("nonsmtp_dsn.eml", [("ursula+news@box.example.net", "failed", "5.2.2", "5.2.2", None, "no",
                          True, "dsn"),
                         ("tom+tag=x@example.com", "failed", "5.0.0", "5.7.1", 550, "no", True,
                          "dsn")]),
    ("qmail.eml", [("bob@example.com", "failed", "5.1.1", "5.1.1", 550, "no", True, "text"),
                   ("carol@example.com", "failed", "5.1.1", "5.1.1", None, "no", True,
                    "text")]),
    ("postfix_text.eml", [("mallory@example.com", "failed", "5.7.1", "5.7.1", 554, "no", True,
                           "text"),
                          ("oscar@example.com", "failed", "4.2.2", "4.2.2", 452, "yes", False,
                           "text")]),
    ("exim_text.eml", [("peggy@example.de", "failed", "5.1.1", "5.1.1", 550, "no", True,
                        "text")]),
    ("exim_delay_text.eml", [
        ("ann@example.com", "delayed", "4.2.0", "4.2.0", 451, "wait", False, "text"),
        ("bob@example.com", "delayed", "4.7.0", "4.7.0", 421, "wait", False, "text")]),
    ("sendmail_text.eml", [("victor@old.example.edu", "failed", "5.1.1", "5.1.1", 550, "no",
                            True, "text")]),
    ("exchange_text.eml", [("walter@corp.example", "failed", "5.1.1", "5.1.1", None, "no", True,
                            "text")]),
    ("gmail_text.eml", [("xavier@example.com", "delayed", "4.4.0", "4.4.0", 421, "wait", False,
                         "text")]),
    ("yahoo_text.eml", [("yvonne@example.com", "failed", "5.7.9", "5.7.9", 554, "no", True,
                         "text")]),
    ("charset_8bit.eml", [("müller@latin.example", "failed", "5.1.1", "5.1.1", None, "no",
                           True, "text")]),
    ("groups_run_together.eml", [
        ("one@aol.example", "failed", "5.1.1", "5.1.1", None, "no", True, "dsn"),
        ("two@aol.example", "failed", "5.2.1", "5.2.1", None, "no", True, "dsn"),
        ("three-orig@aol.example", "failed", "5.7.1", "5.7.1", None, "no", True, "dsn")]),
    ("leading_blank.eml", [("kim@lb.example", "failed", "5.1.1", "5.1.1", None, "no", True,
                            "dsn"),
                           ("lee@lb.example", "failed", "5.1.2", "5.1.2", None, "no", True,
                            "dsn")]),
    ("base64_dsn.eml", [("olga@enc.example", "failed", "5.1.1", "5.1.1", 550, "no", True,
                         "dsn")]),
    ("qp_dsn.eml", [("olga@enc.example", "failed", "5.1.1", "5.1.1", 550, "no", True, "dsn")]),
    ("broken_boundary.eml", [("nina@broken.example", "failed", "5.1.1", "5.1.1", 550, "no",
                              True, "dsn")]),
    ("bounce_of_bounce.eml", [("bounces@inner.example", "failed", "5.1.1", "5.1.1", 550, "no",
                               True, "dsn")]),
    ("raw_utf8_dsn.eml", [("señor@raw.example", "failed", "5.1.1", "5.1.1", None, "no", True,
                           "dsn")]),
    # No code in the text: effective_status is inferred from the phrase (and says so).
    ("domino_text.eml", [("quinn@notes.example.com", "failed", None, "5.1.1", None, "no", True,
                          "text")]),
    ("groupwise_text.eml", [("rita@gw.example.edu", "failed", None, "5.1.1", None, "no", True,
                             "text")]),
    ("m365_text.eml", [("sam@tailspin.example", "failed", "5.1.10", "5.1.10", 550, "no", True,
                        "text")]),
    # No code and no word that says permanent: the reader does not guess.
    ("ses_text.eml", [("tess@example.com", "failed", None, None, None, "unknown", None,
                       "text")]),
    ("courier_text.eml", [("uma@example.org", "failed", "5.1.1", "5.1.1", 550, "no", True,
                           "text")]),
    # A qmail bounce of a bounce: the DSN fields in the returned message are not its report.
    ("qmail_of_dsn.eml", [("postmaster@relay2.example", "failed", "5.1.1", "5.1.1", None, "no",
                           True, "text"),
                          ("bounces@relay.example", "failed", "5.1.1", "5.1.1", None, "no",
                           True, "text")]),
    # Zoho Mail's expiry notice: "[Status: Error, Address: <...>, ResponseCode 421, , Host
    # not reachable.]", its reply code labelled (the reply-label row "responsecode").
    ("zoho_text.eml", [("quentin@slow.example.net", "failed", None, "4.0.0", 421, "yes",
                        False, "text")]),
    # One recipient per status phrase the format registry's generic rows name, no code:
    # the status is inferred from the phrase (registry/bounce-formats.yaml, role status).
    ("generic_disabled_text.eml", [
        ("a1@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a2@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a3@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a4@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a5@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a6@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a7@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a8@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("a9@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b1@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b2@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b3@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b4@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b5@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b6@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b7@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b8@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
        ("b9@box.example.com", "failed", None, "5.2.1", None, "no", True, "text"),
    ]),
    ("generic_host_text.eml", [
        ("kit@gone.example", "failed", None, "5.1.2", None, "no", True, "text"),
        ("lou@gone.example", "failed", None, "5.1.2", None, "no", True, "text"),
        ("max@gone.example", "failed", None, "5.1.2", None, "no", True, "text"),
        ("ned@gone.example", "failed", None, "5.1.2", None, "no", True, "text"),
        ("oli@gone.example", "failed", None, "5.1.2", None, "no", True, "text"),
    ]),
    ("generic_mailbox_text.eml", [
        ("amy@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("ben@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("cat@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("dan@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("eve@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("fia@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("fay@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("gus@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("hal@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("ida@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
        ("jon@mail.example.com", "failed", None, "5.1.1", None, "no", True, "text"),
    ]),
    ("generic_policy_text.eml", [
        ("pam@policy.example.com", "failed", None, "5.3.4", None, "no", True, "text"),
        ("quin@policy.example.com", "failed", None, "5.3.4", None, "no", True, "text"),
        ("rex@policy.example.com", "failed", None, "5.3.4", None, "no", True, "text"),
        ("sue@policy.example.com", "failed", None, "5.3.4", None, "no", True, "text"),
        ("ted@policy.example.com", "failed", None, "5.4.6", None, "no", True, "text"),
        ("una@elsewhere.example", "failed", None, "5.7.1", None, "no", True, "text"),
        ("vic@elsewhere.example", "failed", None, "5.7.1", None, "no", True, "text"),
        ("wes@elsewhere.example", "failed", None, "5.7.1", None, "no", True, "text"),
        ("xia@elsewhere.example", "failed", None, "5.7.1", None, "no", True, "text"),
        ("yul@elsewhere.example", "failed", None, "5.7.1", None, "no", True, "text"),
        ("zed@policy.example.com", "failed", None, "5.7.1", None, "no", True, "text"),
    ]),
    ("generic_transient_text.eml", [
        ("ada@slow.example.com", "failed", None, "4.2.2", None, "yes", False, "text"),
        ("bea@slow.example.com", "failed", None, "4.2.2", None, "yes", False, "text"),
        ("cyd@slow.example.com", "failed", None, "4.2.2", None, "yes", False, "text"),
        ("dot@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("eli@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("flo@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("gil@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("hub@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("ivy@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("jay@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("kai@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("lia@slow.example.com", "failed", None, "4.4.1", None, "yes", False, "text"),
        ("mo@slow.example.com", "failed", None, "4.4.7", None, "yes", False, "text"),
        ("nia@slow.example.com", "failed", None, "4.4.7", None, "yes", False, "text"),
        ("oz@slow.example.com", "failed", None, "4.4.7", None, "yes", False, "text"),
    ]),
    ("not_bounce.eml", []),
    # An auto-reply: the responder, whose mail arrived.
    ("vacation.eml", [("pat@example.com", None, None, None, None, "done", None, "headers")]),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED, ids=[name for name, _ in EXPECTED])
def test_each_fixture_reads_exactly(name: str, expected: list[tuple[object, ...]]) -> None:
    assert summary(read_bounce(fixture(name))) == expected


def test_every_fixture_is_covered() -> None:
    names = {path.name for path in FIXTURES.iterdir() if path.suffix == ".eml"}
    assert names - {name for name, _ in EXPECTED} == {"dsn_violations.eml"}
    assert len(EXPECTED) == 40


def test_postfix_dsn_fields() -> None:
    bounce = read_bounce(fixture("postfix_dsn.eml"))
    assert bounce.reporting_mta == "mx1.example.net"
    assert bounce.arrival_date == datetime.datetime(
        2024, 12, 2, 9, 14, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert bounce.original_envelope_id is None
    assert (bounce.is_bounce, bounce.warnings) == (True, ())
    [recipient] = bounce.recipients
    assert recipient == BouncedRecipient(
        address="nobody@example.org", original_recipient="nobody@example.org",
        action="failed", status=code("5.1.1"), effective_status=code("5.1.1"), reply_code=550,
        remote_mta="mx.example.org", diagnostic_type="smtp",
        diagnostic="550 5.1.1 <nobody@example.org>: Recipient address    rejected: User "
                   "unknown in virtual mailbox table",
        # No Last-Attempt-Date: the Arrival-Date stands in (RFC 3464 s2.2.5).
        last_attempt=bounce.arrival_date, will_retry_until=None, permanent=True, retry="no",
        source="dsn", warnings=(), smtp_command="RCPT", reason="user-unknown",
        hard_bounce=True, advice="suppress", reason_rule="code-bad-mailbox",
        final_recipient="nobody@example.org")
    # The DSN has no field for the command; its text part says it.
    assert (bounce.kind, recipient.smtp_command) == ("failure", "RCPT")


def test_gmail_multi_line_folded_diagnostic_and_dates() -> None:
    [recipient] = read_bounce(fixture("gmail_dsn.eml")).recipients
    assert recipient.reply_code == 550
    assert recipient.diagnostic is not None
    assert recipient.diagnostic.startswith(
        "550-5.1.1 The email account that you tried to reach does not exist. Please try "
        "550-5.1.1 double-checking")
    assert recipient.last_attempt == datetime.datetime(
        2024, 12, 2, 1, 23, 45, tzinfo=datetime.timezone(datetime.timedelta(hours=-8)))


def test_ses_envelope_id_and_generic_status() -> None:
    bounce = read_bounce(fixture("ses_dsn.eml"))
    assert bounce.original_envelope_id == "0100018f-ses-envelope-1"
    assert bounce.reporting_mta == "a8-1.smtp-out.amazonses.com"
    [recipient] = bounce.recipients
    assert (recipient.status, recipient.effective_status) == (code("5.0.0"), code("5.7.26"))


def test_global_dsn_addresses_decode_from_raw_utf8_and_embedded_escapes() -> None:
    bounce = read_bounce(fixture("global_dsn.eml"))
    first, second = bounce.recipients
    assert first.address == "用户@例子.广告"
    assert (second.address, second.original_recipient) == ("jörg@bücher.example",
                                                            "jörg@bücher.example")
    assert second.will_retry_until == datetime.datetime(
        2024, 12, 5, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


def test_non_smtp_diagnostic_types_and_xtext() -> None:
    first, second = read_bounce(fixture("nonsmtp_dsn.eml")).recipients
    assert (first.diagnostic_type, first.diagnostic) == ("x-unix", "maildrop: maildir over quota.")
    # "+ne" is no xtext escape (RFC 3461 s4 wants upper-case hex): plus addressing stays.
    # The alias the sender used is the address; the expanded mailbox stays beside it.
    assert (first.address, first.original_recipient, first.final_recipient) == (
        "ursula+news@box.example.net", "ursula+news@box.example.net", "ursula@box.example.net")
    assert second.diagnostic_type == "X-Postfix"
    assert second.original_recipient == "tom+tag=x@example.com"


def test_groups_run_together_warn_per_group() -> None:
    bounce = read_bounce(fixture("groups_run_together.eml"))
    assert [warning.code for warning in bounce.warnings] == ["groups-not-separated"]
    assert [[w.code for w in r.warnings] for r in bounce.recipients] == [
        [], ["groups-not-separated"], ["groups-not-separated"]]
    assert (bounce.recipients[2].address, bounce.recipients[2].final_recipient) == (
        "three-orig@aol.example", "three@aol.example")


def test_broken_boundaries_read_dsn_fields_from_text() -> None:
    bounce = read_bounce(fixture("broken_boundary.eml"))
    assert [warning.code for warning in bounce.warnings] == ["broken-mime", "dsn-in-text"]
    assert bounce.reporting_mta == "broken.example"


def test_bounce_of_a_bounce_counts_only_the_outer_report() -> None:
    bounce = read_bounce(fixture("bounce_of_bounce.eml"))
    assert [r.address for r in bounce.recipients] == ["bounces@inner.example"]
    assert bounce.reporting_mta == "outer.example"


def test_raw_utf8_in_a_7bit_dsn_warns() -> None:
    bounce = read_bounce(fixture("raw_utf8_dsn.eml"))
    assert [warning.code for warning in bounce.warnings] == ["raw-utf8-in-7bit-dsn"]


def test_text_sources_keep_their_context() -> None:
    first, second = read_bounce(fixture("postfix_text.eml")).recipients
    assert first.original_recipient == "sales@example.net"  # Postfix: "(expanded from <...>)"
    assert first.diagnostic == (
        "<mallory@example.com> (expanded from <sales@example.net>): host\n"
        "    mx.example.com[192.0.2.50] said: 554 5.7.1 <mallory@example.com>: Relay\n"
        "    access denied (in reply to RCPT TO command)")
    assert second.diagnostic is not None and "452 4.2.2" in second.diagnostic


@pytest.mark.parametrize(("text", "effective", "retry"), [
    ("<a@x.example>:\nSorry, no mailbox here by that name.", "5.1.1", "no"),
    ("<a@x.example>:\nThis account is over quota.", "4.2.2", "yes"),
    ("<a@x.example>:\nThis is a permanent error. Mailbox is full.", "5.2.2", "no"),
    ("<a@x.example>:\nunknown host x.example", "5.1.2", "no"),
    ("<a@x.example>:\nConnection timed out, will retry.", "4.4.1", "wait"),
    ("<a@x.example>:\nToo many hops", "5.4.6", "no"),
    ("<a@x.example>:\nSomething odd happened.", None, "unknown"),
])
def test_a_phrase_without_code_infers_the_status(text: str, effective: str | None,
                                                 retry: str) -> None:
    bounce = read_bounce(b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n"
                         + text.encode())
    [recipient] = bounce.recipients
    assert recipient.status is None
    assert (None if recipient.effective_status is None else str(recipient.effective_status),
            recipient.retry) == (effective, retry)
    assert [w.code for w in recipient.warnings] == ([] if effective is None
                                                    else ["status-inferred"])


def test_sendmail_dots_after_an_address_are_not_its_domain() -> None:
    bounce = read_bounce(b"From: MAILER-DAEMON@x.example\nSubject: Returned mail\n\n"
                         b"550 5.1.1 bob@example.com... User unknown\n")
    assert [r.address for r in bounce.recipients] == ["bob@example.com"]


def test_exim_text_never_reads_the_returned_message() -> None:
    # The returned message's subject names trent@ with a 5.1.1: it must not count.
    assert [r.address for r in read_bounce(fixture("exim_text.eml")).recipients] == [
        "peggy@example.de"]


def test_a_vacation_reply_is_no_bounce_even_with_a_null_sender() -> None:
    bounce = read_bounce(fixture("vacation.eml"))
    assert (bounce.kind, bounce.is_bounce, bounce.warnings) == ("auto-reply", False, ())
    assert [(r.address, r.retry, r.permanent, r.source) for r in bounce.recipients] == [
        ("pat@example.com", "done", None, "headers")]


@pytest.mark.parametrize(("headers", "is_bounce"), [
    (b"From: a@x.example\nSubject: hello", False),
    (b"From: MAILER-DAEMON@x.example\nSubject: hello", True),
    (b"From: Mail Delivery System <mx@x.example>\nSubject: hello", True),
    (b"From: Mail Delivery System <mx@x.example>\nSubject: Re: hello", False),
    (b"From: a@x.example\nSubject: Undeliverable: hello", True),
    (b"From: a@x.example\nSubject: Re: Undeliverable: hello", False),
    (b"From: a@x.example\nSubject: [list] failure notice", True),
    (b"From: a@x.example\nSubject: =?utf-8?q?Undelivered_Mail_Returned_to_Sender?=", True),
    (b"From: a@x.example\nReturn-Path: <>\nSubject: message rejected", True),
    (b"From: a@x.example\nAuto-Submitted: auto-generated\nSubject: delivery problem", True),
    (b"From: a@x.example\nReturn-Path: <>\nSubject: hello", False),
    (b"From: a@x.example\nX-Failed-Recipients: b@x.example\nSubject: hello", True),
    (b"From: a@x.example\nContent-Type: multipart/report; report-type=delivery-status; "
     b"boundary=b\nSubject: hello", True),
    (b"From: a@x.example\nPrecedence: auto_reply\nSubject: Undeliverable: hello", False),
    (b"From: a@x.example\nReturn-Path: <>\nSubject: Out of office: delivery", False),
])
def test_is_bounce_from_headers(headers: bytes, is_bounce: bool) -> None:
    assert read_bounce(headers + b"\n\nbody\n").is_bounce is is_bounce


def test_an_ordinary_email_mentioning_5_1_1_is_no_bounce() -> None:
    bounce = read_bounce(fixture("not_bounce.eml"))
    assert (bounce.recipients, bounce.is_bounce) == ((), False)
    assert [warning.code for warning in bounce.warnings] == ["not-a-bounce"]


@pytest.mark.parametrize("name", [name for name, _ in EXPECTED])
def test_crlf_and_cr_only_line_endings_read_as_lf(name: str) -> None:
    data = fixture(name)
    expected = read_bounce(data)
    assert read_bounce(data.replace(b"\n", b"\r\n")) == expected
    assert read_bounce(data.replace(b"\n", b"\r")) == expected


def test_str_and_message_inputs_read_like_bytes() -> None:
    data = fixture("sendmail_dsn.eml")
    expected = read_bounce(data)
    assert read_bounce(data.decode("utf-8")) == expected
    message = email.message_from_bytes(data, policy=policy.compat32)
    assert summary(read_bounce(message)) == summary(expected)
    global_message = email.message_from_bytes(fixture("global_dsn.eml"), policy=policy.default)
    assert [r.address for r in read_bounce(global_message).recipients] == [
        "用户@例子.广告", "jörg@bücher.example"]


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty-message"), (b"   \n\n", "empty-message"), (b"\x00\xff junk", "not-a-message"),
    (b"no header here\n\nbody", "not-a-message"), ("", "empty-message"),
])
def test_junk_gives_no_recipients_and_a_warning(data: bytes | str, code: str) -> None:
    bounce = read_bounce(data)
    assert (bounce.recipients, bounce.is_bounce) == ((), False)
    assert [warning.code for warning in bounce.warnings] == [code]


def test_other_types_raise_type_error() -> None:
    with pytest.raises(TypeError, match=r"expected bytes, str or email\.message\.Message, got int"):
        read_bounce(3)  # type: ignore[arg-type]


def test_a_bounce_without_recipients_says_so() -> None:
    bounce = read_bounce(b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n\nSorry.\n")
    assert (bounce.recipients, bounce.is_bounce) == ((), True)
    assert [warning.code for warning in bounce.warnings] == ["no-recipients"]


def test_mbox_reads_every_message() -> None:
    bounces = list(read_bounces(fixture("three.mbox")))
    assert [[r.address for r in b.recipients] for b in bounces] == [
        ["nobody@example.org"], ["bob@example.com", "carol@example.com"], []]
    assert [b.is_bounce for b in bounces] == [True, True, False]
    assert len(split_mbox(fixture("qmail.eml"))) == 1


def test_results_are_frozen_and_pickle() -> None:
    bounce = read_bounce(fixture("global_dsn.eml"))
    assert pickle.loads(pickle.dumps(bounce)) == bounce
    assert copy.deepcopy(bounce) == bounce
    with pytest.raises(AttributeError):
        bounce.recipients[0].address = "x"  # type: ignore[misc]
    warning = read_bounce(fixture("raw_utf8_dsn.eml")).warnings[0]
    assert pickle.loads(pickle.dumps(warning)) == warning
    assert isinstance(warning, DSNWarning)


def test_effective_status_rule() -> None:
    assert effective_status(code("5.0.0"), code("5.7.26"), 550) == code("5.7.26")
    assert effective_status(code("4.4.7"), code("4.2.2"), 451) == code("4.2.2")
    assert effective_status(code("5.1.1"), code("5.0.0"), 550) == code("5.1.1")
    assert effective_status(code("5.1.1"), code("5.7.1"), 550) == code("5.7.1")
    assert effective_status(code("5.4.7"), code("4.4.2"), 421) == code("5.4.7")
    assert effective_status(None, code("5.7.1"), 550) == code("5.7.1")
    assert effective_status(None, None, 421) == code("4.0.0")
    assert effective_status(None, None, None) is None


def test_retry_verdicts() -> None:
    assert RETRY_VERDICTS == ("no", "yes", "wait", "done", "unknown")
    assert retry_verdict("delayed", code("5.4.7"), None) == "wait"
    assert retry_verdict("relayed", None, None) == "done"
    assert retry_verdict("failed", code("4.4.7"), None) == "yes"
    assert retry_verdict("failed", None, None) == "no"
    assert retry_verdict(None, None, 550) == "no"
    assert retry_verdict(None, None, None) == "unknown"


def test_a_huge_returned_attachment_is_read_to_the_same_recipient() -> None:
    # Its cost per byte against a 2 MB one is a row of python -m benchmarks.
    from benchmarks.bounce import big_bounce

    bounce = read_bounce(big_bounce(20_000_000))
    assert [(r.address, str(r.status)) for r in bounce.recipients] == [
        ("nobody@example.org", "5.1.1")]


def test_messages_from_strings_and_email_message_objects() -> None:
    from email.message import EmailMessage

    parsed = email.message_from_string(fixture("global_dsn.eml").decode("utf-8"))
    assert [r.address for r in read_bounce(parsed).recipients] == [
        "用户@例子.广告", "jörg@bücher.example"]
    built = EmailMessage()
    built["From"] = "MAILER-DAEMON@x.example"
    built["Subject"] = "Undeliverable: ü"
    built.set_content("<bob@x.example>:\nno such user, désolé\n")
    bounce = read_bounce(built)
    assert [(r.address, str(r.effective_status), r.source) for r in bounce.recipients] == [
        ("bob@x.example", "5.1.1", "text")]


def test_a_sendmail_transcript_gives_each_recipient_the_lines_before_its_result_line() -> None:
    # Old Sendmail writes a destination's lines ("550 host (smtp)... 550 Host unknown")
    # before the recipient's result line; the line after it is the next destination's.
    bounce = read_bounce(
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example>\n"
        b"Subject: Returned mail: Host unknown\n\n"
        b"   ----- Transcript of session follows -----\n"
        b"While talking to mx.one.example:\n>>> DATA\n<<< 552 Message size exceeds limit\n"
        b"554 <ann@one.example>... Service unavailable\n"
        b"550 two.example (smtp)... 550 Host unknown\n"
        b"554 <bob@two.example>... 550 Host unknown (Authoritative answer from name server)\n"
        b"\n   ----- Unsent message follows -----\nSubject: hi\n\nhi\n")
    assert [(r.address, r.reply_code, r.diagnostic) for r in bounce.recipients] == [
        ("ann@one.example", 552, "----- Transcript of session follows -----\n"
         "While talking to mx.one.example:\n>>> DATA\n<<< 552 Message size exceeds limit\n"
         "554 <ann@one.example>... Service unavailable"),
        ("bob@two.example", 550, "550 two.example (smtp)... 550 Host unknown\n"
         "554 <bob@two.example>... 550 Host unknown (Authoritative answer from name server)"),
    ]
    assert [r.reason for r in bounce.recipients] == ["message-too-big", "host-unknown"]
