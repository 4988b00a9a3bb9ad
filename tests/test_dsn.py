"""parse_dsn: strict RFC 3464 / RFC 6533, every field as written, a coded warning per rule."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from smtp_status.dsn import (
    DeliveryStatus,
    DSNWarning,
    InvalidDSN,
    RecipientStatus,
    TypedValue,
    decode_address,
    parse_dsn,
    read_status_fields,
)
from smtp_status.status import StatusCode

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def dsn_message(body: str, kind: str = "message/delivery-status") -> bytes:
    return ("From: MAILER-DAEMON@x.example\nMIME-Version: 1.0\nContent-Type: multipart/report;"
            " report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: " + kind +
            "\n\n" + body + "\n--b--\n").encode("utf-8")


def codes(dsn: DeliveryStatus) -> list[tuple[str, int | None]]:
    return [(warning.code, warning.recipient) for warning in dsn.warnings]


def test_postfix_dsn_every_field_as_written() -> None:
    dsn = parse_dsn(fixture("postfix_dsn.eml"))
    assert dsn == DeliveryStatus(
        original_envelope_id=None, reporting_mta=TypedValue("dns", "mx1.example.net"),
        dsn_gateway=None, received_from_mta=None,
        arrival_date="Mon,  2 Dec 2024 09:14:05 +0100 (CET)",
        fields=(("Reporting-MTA", "dns; mx1.example.net"),
                ("X-Postfix-Queue-ID", "4Qx7Zk1bXYz9vBd"),
                ("X-Postfix-Sender", "rfc822; alice@example.net"),
                ("Arrival-Date", "Mon,  2 Dec 2024 09:14:05 +0100 (CET)")),
        recipients=(RecipientStatus(
            original_recipient=TypedValue("rfc822", "nobody@example.org"),
            final_recipient=TypedValue("rfc822", "nobody@example.org"), action="failed",
            status=StatusCode(5, 1, 1), remote_mta=TypedValue("dns", "mx.example.org"),
            diagnostic_code=TypedValue("smtp", "550 5.1.1 <nobody@example.org>: Recipient "
                                               "address    rejected: User unknown in virtual "
                                               "mailbox table"),
            last_attempt_date=None, final_log_id=None, will_retry_until=None,
            fields=(("Final-Recipient", "rfc822; nobody@example.org"),
                    ("Original-Recipient", "rfc822;nobody@example.org"),
                    ("Action", "failed"), ("Status", "5.1.1"),
                    ("Remote-MTA", "dns; mx.example.org"),
                    ("Diagnostic-Code", "smtp; 550 5.1.1 <nobody@example.org>: Recipient "
                                        "address    rejected: User unknown in virtual mailbox "
                                        "table"))),),
        warnings=(), is_global=False)


def test_every_rule_broken_gives_its_coded_warning() -> None:
    dsn = parse_dsn(fixture("dsn_violations.eml"))
    assert codes(dsn) == [
        ("missing-field", None), ("arrival-date-zone", None),
        ("repeated-field", 0), ("unknown-action", 1), ("action-status-mismatch", 2),
        ("action-status-mismatch", 3), ("status-diagnostic-class", 5),
        ("missing-field", 6), ("missing-field", 6), ("missing-field", 7),
        ("invalid-status", 8)]
    assert [str(warning) for warning in dsn.warnings][:4] == [
        "missing-field: no Reporting-MTA field (RFC 3464 s2.2.2)",
        "arrival-date-zone: Arrival-Date 'Mon, 2 Dec 2024 10:00:00 GMT' has no numeric zone "
        "(RFC 3464 s2.2.5, RFC 5322 s3.3)",
        "repeated-field: Action given more than once; the first is kept (RFC 3464 s2.2, s2.3)",
        "unknown-action: Action 'bounced' is none of failed, delayed, delivered, relayed, "
        "expanded (RFC 3464 s2.3.3)"]
    # Group 4 is "failed" with 4.4.7: legal (RFC 3464 s2.3.3), no warning.
    assert dsn.recipients[4].action == "failed"
    assert dsn.recipients[4].status == StatusCode(4, 4, 7)
    assert [r.address for r in dsn.recipients] == [
        "a@bad.example", "b@bad.example", "c@bad.example", "d@bad.example", "e@bad.example",
        "f@bad.example", "g@bad.example", None, "h@bad.example"]


@pytest.mark.parametrize(("action", "status", "warned"), [
    ("failed", "4.4.7", False), ("failed", "5.1.1", False), ("failed", "2.0.0", True),
    ("delayed", "4.4.7", False), ("delayed", "5.4.7", True), ("delayed", "2.0.0", True),
    ("delivered", "2.0.0", False), ("delivered", "4.0.0", True),
    ("relayed", "2.0.0", False), ("relayed", "5.0.0", True),
    ("expanded", "2.0.0", False), ("expanded", "4.0.0", True), ("FAILED", "5.1.1", False),
])
def test_action_status_agreement(action: str, status: str, warned: bool) -> None:
    dsn = parse_dsn(dsn_message(f"Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; "
                                f"a@x.example\nAction: {action}\nStatus: {status}\n"))
    assert codes(dsn) == ([("action-status-mismatch", 0)] if warned else [])


def test_raw_utf8_only_warns_outside_global_dsns() -> None:
    body = "Reporting-MTA: dns; x.example\n\nFinal-Recipient: utf-8; ü@x.example\n" \
           "Action: failed\nStatus: 5.1.1\n"
    plain = parse_dsn(dsn_message(body))
    assert codes(plain) == [("raw-utf8-in-7bit-dsn", None)]
    assert plain.is_global is False
    global_ = parse_dsn(dsn_message(body, "message/global-delivery-status"))
    assert (codes(global_), global_.is_global) == ([], True)
    assert global_.recipients[0].address == "ü@x.example"


def test_groups_not_separated_and_leading_blank_line() -> None:
    dsn = parse_dsn(fixture("groups_run_together.eml"))
    assert codes(dsn) == [("groups-not-separated", None), ("groups-not-separated", 1),
                          ("groups-not-separated", 2)]
    assert [r.address for r in dsn.recipients] == ["one@aol.example", "two@aol.example",
                                                   "three@aol.example"]
    leading = parse_dsn(fixture("leading_blank.eml"))
    assert (codes(leading), leading.reporting_mta) == ([], TypedValue("dns", "lb.example"))
    assert len(leading.recipients) == 2


def test_original_recipient_after_the_final_one_stays_in_its_group() -> None:
    dsn = parse_dsn(fixture("nonsmtp_dsn.eml"))
    assert [(r.address, r.original_recipient) for r in dsn.recipients] == [
        ("ursula@box.example.net", TypedValue("rfc822", "ursula+news@box.example.net")),
        ("tom@example.com", TypedValue("rfc822", "tom+2Btag+3Dx@example.com"))]
    assert codes(dsn) == []


def test_status_diagnostic_class_reads_the_reply_or_the_enhanced_code() -> None:
    body = ("Reporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; a@x.example\n"
            "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 4.2.2 mailbox full\n\n"
            "Final-Recipient: rfc822; b@x.example\nAction: failed\nStatus: 5.1.1\n"
            "Diagnostic-Code: x-unix; 4.2.2 not smtp: not compared\n")
    assert codes(parse_dsn(dsn_message(body))) == [("status-diagnostic-class", 0)]


def test_base64_quoted_printable_crlf_and_cr() -> None:
    expected = parse_dsn(fixture("base64_dsn.eml"))
    assert parse_dsn(fixture("qp_dsn.eml")) == expected
    assert expected.recipients[0].diagnostic_code == TypedValue("smtp",
                                                                "550 5.1.1 =no such user=")
    data = fixture("sendmail_dsn.eml")
    assert parse_dsn(data.replace(b"\n", b"\r\n")) == parse_dsn(data)
    assert parse_dsn(data.replace(b"\n", b"\r")) == parse_dsn(data)


def test_no_delivery_status_part_raises_invalid_dsn_which_pickles() -> None:
    with pytest.raises(InvalidDSN) as caught:
        parse_dsn(fixture("qmail.eml"))
    assert caught.value.reason == ("no message/delivery-status or "
                                   "message/global-delivery-status part")
    assert isinstance(caught.value, ValueError)
    copied = pickle.loads(pickle.dumps(caught.value))
    assert (type(copied), copied.reason, str(copied)) == (InvalidDSN, caught.value.reason,
                                                         caught.value.reason)


def test_only_the_outer_report_counts() -> None:
    dsn = parse_dsn(fixture("bounce_of_bounce.eml"))
    assert [r.address for r in dsn.recipients] == ["bounces@inner.example"]
    with pytest.raises(InvalidDSN):
        # The same inner DSN, but inside a returned message only.
        parse_dsn(b"From: a@x.example\nContent-Type: multipart/mixed; boundary=o\n\n--o\n"
                  b"Content-Type: message/rfc822\n\nContent-Type: multipart/report; "
                  b"boundary=i\n\n--i\nContent-Type: message/delivery-status\n\n"
                  b"Final-Recipient: rfc822; q@x.example\n--i--\n--o--\n")


@pytest.mark.parametrize(("typed", "address"), [
    (TypedValue("utf-8", "j\\x{F6}rg@b\\x{FC}cher.example"), "jörg@bücher.example"),
    (TypedValue("UTF-8", "用户@例子.广告"), "用户@例子.广告"),
    (TypedValue("utf-8", "\\x{1F600}@x.example"), "\U0001f600@x.example"),
    (TypedValue("utf-8", "\\x{D800}@x.example"), "\\x{D800}@x.example"),  # no scalar value
    (TypedValue("rfc822", "a+2Bb@x.example"), "a+b@x.example"),
    (TypedValue("rfc822", "a+3Db+20c@x.example"), "a=b c@x.example"),
    (TypedValue("rfc822", "a+C3+BC@x.example"), "aü@x.example"),
    (TypedValue("rfc822", "user+1a@x.example"), "user+1a@x.example"),
    (TypedValue("rfc822", "user+AB@x.example"), "user+AB@x.example"),
    (TypedValue("rfc822", "user+41@x.example"), "user+41@x.example"),
    (TypedValue("rfc822", "<a@x.example>"), "a@x.example"),
])
def test_address_decoding(typed: TypedValue, address: str) -> None:
    assert decode_address(typed) == address


def test_read_status_fields_without_per_message_group() -> None:
    dsn = read_status_fields(b"Final-Recipient: rfc822; a@x.example\nAction: failed\n"
                             b"Status: 5.1.1\n")
    assert codes(dsn) == [("missing-field", None)]
    assert dsn.recipients[0].status == StatusCode(5, 1, 1)
    assert dsn.warnings[0] == DSNWarning("missing-field",
                                         "no Reporting-MTA field (RFC 3464 s2.2.2)")


def test_embedded_unicode_escapes_are_ascii_so_a_7bit_dsn_may_carry_them() -> None:
    dsn = parse_dsn(dsn_message("Reporting-MTA: dns; x.example\n\nFinal-Recipient: utf-8; "
                                "\\x{4E2D}\\x{6587}@x.example\nAction: failed\nStatus: 5.1.1\n"))
    assert (codes(dsn), dsn.recipients[0].address) == ([], "中文@x.example")
