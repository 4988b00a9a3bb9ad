"""smtp_status.finder: find_status_codes, the heuristic finder for free text, case by case."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtp_status import finder as finder_module
from smtp_status.finder import StatusCodeMatch, find_status_codes
from smtp_status.reply import parse_reply
from smtp_status.status import StatusCode

# An RFC 3464 delivery status notification, as Sendmail-style MTAs send it.
DSN = (
    "--B1234.1700000000/mx.example.net\r\n"
    "Content-Type: message/delivery-status\r\n"
    "\r\n"
    "Reporting-MTA: dns; mx.example.net\r\n"
    "Received-From-MTA: DNS; client.example.com [192.168.5.1]\r\n"
    "Arrival-Date: Mon, 5 Jan 2026 10:00:00 +0100\r\n"
    "\r\n"
    "Final-Recipient: RFC822; <gone@example.org>\r\n"
    "Action: failed\r\n"
    "Status: 5.1.1\r\n"
    "Remote-MTA: DNS; mx.example.org\r\n"
    "Diagnostic-Code: SMTP; 550 5.1.1 <gone@example.org>... User unknown\r\n"
    "Last-Attempt-Date: Mon, 5 Jan 2026 10:00:01 +0100\r\n"
    "\r\n"
    "Final-Recipient: RFC822; <full@example.org>\r\n"
    "Action: delayed\r\n"
    "Status: 4.2.2\r\n"
    "Diagnostic-Code: X-Postfix; host said: 452-4.2.2 mailbox full (#4.2.2)\r\n"
    "X-Mailer: Sendmail version 8.15.2\r\n"
)

# A whole Postfix-style bounce: the human-readable part quoting a Gmail multi-line reply,
# the delivery-status part, and the returned headers full of IPs, dates and versions.
BOUNCE = """\
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
Date: Sat, 28 Nov 2026 12:00:00 +0000 (UTC)

This is the mail system at host mx.example.net.

<nobody@gmail.example>: host gmail-smtp-in.l.example[192.0.2.27] said:
    550-5.1.1 The email account that you tried to reach does not exist. Please
    try 550-5.1.1 double-checking the recipient's email address for typos or
    550-5.1.1 unnecessary spaces. (in reply to RCPT TO command)

<later@example.org>: connect to mx.example.org[10.5.1.1]:25: Connection timed out

--4Fz1X22QmYz9vBx.1764331200/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4Fz1X22QmYz9vBx
Arrival-Date: Sat, 28 Nov 2026 11:59:58 +0000 (UTC)

Final-Recipient: rfc822; nobody@gmail.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; gmail-smtp-in.l.example
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
    not exist.

Final-Recipient: rfc822; later@example.org
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.org[10.5.1.1]:25: Connection
    timed out

--4Fz1X22QmYz9vBx.1764331200/mx.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Received: from client.example.com (client.example.com [192.168.5.1.1])
    by mx.example.net (Postfix 3.8.4) with ESMTPSA id 4Fz1X22QmYz9vBx;
    Sat, 28 Nov 2026 11:59:58 +0000 (UTC)
X-Mailer: ExampleMail version 2.0.1 (Python 4.1.1; build 1.2.5.1.1) v2.0.1
Date: 5.1.2024
X-Archive: 2024.5.1
"""


def _found(text: str) -> list[tuple[str, int, int, int | None]]:
    return [(str(m.status), m.start, m.end, m.basic_code) for m in find_status_codes(text)]


def test_dsn_body_exact_matches() -> None:
    assert _found(DSN) == [
        ("5.1.1", 287, 292, None),   # Status: 5.1.1
        ("5.1.1", 354, 359, 550),    # Diagnostic-Code: SMTP; 550 5.1.1
        ("4.2.2", 519, 524, None),   # Status: 4.2.2
        ("4.2.2", 569, 574, 452),    # said: 452-4.2.2
        ("4.2.2", 590, 595, None),   # (#4.2.2)
    ]
    for match in find_status_codes(DSN):
        assert DSN[match.start:match.end] == str(match.status)


def test_bounce_body_exact_matches() -> None:
    assert _found(BOUNCE) == [
        ("5.1.1", 276, 281, 550),    # 550-5.1.1 The email account...
        ("5.1.1", 359, 364, 550),    # try 550-5.1.1 double-checking...
        ("5.1.1", 432, 437, 550),    # 550-5.1.1 unnecessary spaces.
        ("5.1.1", 885, 890, None),   # Status: 5.1.1
        ("5.1.1", 959, 964, 550),    # Diagnostic-Code: smtp; 550-5.1.1
        ("4.4.1", 1095, 1100, None),  # Status: 4.4.1
    ]
    lines = [BOUNCE[:m.start].count("\n") + 1 for m in find_status_codes(BOUNCE)]
    assert lines == [8, 9, 10, 24, 26, 31]


@pytest.mark.parametrize(("text", "expected"), [
    ("Diagnostic-Code: smtp; 550 5.1.1 <a@b.example>: unknown", [("5.1.1", 27, 550)]),
    ("Diagnostic-Code: smtp; 5.9.999 odd", [("5.9.999", 23, None)]),
    ("diagnostic-code: X-Postfix; 5.9.999 odd", [("5.9.999", 28, None)]),
    ("Diagnostic-Code: x-unix;5.9.999", [("5.9.999", 24, None)]),
    ("Status: 5.1.1", [("5.1.1", 8, None)]),
    ("STATUS:5.9.999", [("5.9.999", 7, None)]),
    ("Status: 4.4.7 (delivery time expired)", [("4.4.7", 8, None)]),
    ("#5.1.1", [("5.1.1", 1, None)]),
    ("Sorry, no mailbox here by that name. (#5.1.1)", [("5.1.1", 39, None)]),
    ("(#5.9.999)", [("5.9.999", 2, None)]),
    ("550-5.1.1", [("5.1.1", 4, 550)]),
    ("550 5.1.1", [("5.1.1", 4, 550)]),
    ("550 #5.1.1 no", [("5.1.1", 5, 550)]),
    ("550-5.7.26 Unauthenticated", [("5.7.26", 4, 550)]),
    ("451 5.9.999 strong context", [("5.9.999", 4, 451)]),
    ("550-5.1.1 a 550-5.1.1 b", [("5.1.1", 4, 550), ("5.1.1", 16, 550)]),
    ("421 4.4.2 timeout.", [("4.4.2", 4, 421)]),
    ("postfix/smtp: dsn=4.7.1, status=deferred", [("4.7.1", 18, None)]),
    ("Error: 5.1.1 user unknown", [("5.1.1", 7, None)]),
    ("said 5.2.2, then 4.7.1.", [("5.2.2", 5, None), ("4.7.1", 17, None)]),
    ("599 5.1.1 x", [("5.1.1", 4, None)]),          # 599 is no reply code; X.1.1 stands
    ("1550 5.1.1 x", [("5.1.1", 5, None)]),         # 1550 is no reply code either
    ("ユーザー不明 550 5.1.1 です", [("5.1.1", 11, 550)]),
    ("[550 5.1.1]", [("5.1.1", 5, 550)]),
    # Postfix's prose: the reply code, then the code at the end of a folded line.
    ("said: 550 5.1.1\n    <a@b.example>: Recipient address rejected",
     [("5.1.1", 10, 550)]),
    ("452-4.2.2 The recipient's inbox is out of storage space.", [("4.2.2", 4, 452)]),
])
def test_positives(text: str, expected: list[tuple[str, int, int | None]]) -> None:
    matches = find_status_codes(text)
    assert [(str(m.status), m.start, m.basic_code) for m in matches] == expected
    for match in matches:
        assert text[match.start:match.end] == str(match.status)


@pytest.mark.parametrize("text", [
    # IP addresses and longer dotted numbers
    "client 192.168.5.1.1 connected", "from 10.5.1.1 port 25", "[10.5.1.1]:25",
    "relay 1.2.5.1.1", "5.1.1.3", "4.1.1.2", "resolver 4.2.2.2",
    # version numbers
    "upgraded to v2.0.1", "v2.0.1", "version 2.0.1 is out", "Version: 5.1.1",
    "ver. 4.1.1", "Python 4.1.1 (not yet)", "python/4.1.1", "release 5.1.1", "REV 2.1.5",
    "Linux 5.1.1", "v 5.1.1", "rel=5.1.1", "build 5.1.1-beta", "4.1.1-rc1",
    # dates
    "on 5.1.2024 at noon", "5.1.2024", "dated 2024.5.1", "2024.5.1",
    # glued to letters, digits, underscores or hyphens
    "x5.1.1", "5.1.1x", "a_5.1.1", "ip-5.1.1", "1550-5.1.1", "599-5.1.1", "é5.1.1",
    "\uff155.1.1",
    # not status code syntax, or unregistered without context
    "5.01.1", "5.1.01", "5.1.1000", "6.1.1", "3.1.1", "5.9.999 unregistered, no context",
    "unknown code 5.9.999 after 451 ",
    "", "no codes at all",
])
def test_negatives(text: str) -> None:
    assert find_status_codes(text) == []


def test_the_dsn_and_bounce_hold_the_negative_cases_too() -> None:
    for needle in ("192.168.5.1.1", "10.5.1.1", "v2.0.1", "version 2.0.1", "Python 4.1.1",
                   "1.2.5.1.1", "5.1.2024", "2024.5.1"):
        assert needle in BOUNCE


def test_match_value_semantics() -> None:
    match = find_status_codes("550 5.1.1 x")[0]
    assert match == StatusCodeMatch(StatusCode(5, 1, 1), 4, 9, 550)
    assert (match.status, match.start, match.end, match.basic_code) == (
        StatusCode(5, 1, 1), 4, 9, 550)
    assert repr(match) == (
        "StatusCodeMatch(status=StatusCode(5, 1, 1), start=4, end=9, basic_code=550)")
    assert hash(match) == hash(StatusCodeMatch(StatusCode(5, 1, 1), 4, 9, 550))
    # A NamedTuple: equal to, and hashed as, the plain tuple of its items.
    assert match == (StatusCode(5, 1, 1), 4, 9, 550)
    assert hash(match) == hash((StatusCode(5, 1, 1), 4, 9, 550))
    assert match != StatusCodeMatch(StatusCode(5, 1, 1), 4, 9, None)
    for name in ("status", "start", "end", "basic_code", "other"):
        with pytest.raises(AttributeError):
            setattr(match, name, 0)
    for clone in (copy.copy(match), copy.deepcopy(match), pickle.loads(pickle.dumps(match))):
        assert type(clone) is StatusCodeMatch
        assert clone == match


def test_codes_in_a_parsed_reply_agree_with_the_parser() -> None:
    text = "550-5.1.1 first\r\n550 5.1.1 second\r\n"
    reply = parse_reply(text)
    assert [(m.status, m.basic_code) for m in find_status_codes(text)] == [
        (reply.status, reply.code)] * 2


def test_the_rule_is_documented() -> None:
    doc = finder_module.__doc__ or ""
    for phrase in ("heuristic", "550 5.1.1", "550-5.1.1", "550 #5.1.1", "(#5.1.1)",
                   "Status: 5.1.1", "Diagnostic-Code: smtp; 5.1.1", "registered code",
                   "version", "never raises"):
        assert phrase in doc


@given(st.text())
def test_never_raises_and_spans_parse(text: str) -> None:
    for match in find_status_codes(text):
        assert 0 <= match.start < match.end <= len(text)
        assert StatusCode.parse(text[match.start:match.end]) == match.status


@given(st.text(alphabet=st.sampled_from(list("0123452.#-_ :;(\nStatusvV")), max_size=60))
def test_code_shaped_text_spans_parse(text: str) -> None:
    previous_end = 0
    for match in find_status_codes(text):
        assert StatusCode.parse(text[match.start:match.end]) == match.status
        assert match.start >= previous_end
        previous_end = match.end
        assert match.start == 0 or text[match.start - 1] not in "0123456789._"
        assert text[match.end:match.end + 1] not in tuple("0123456789_-")


@given(st.sampled_from([250, 451, 550, 554]), st.sampled_from(["5.1.1", "4.7.1", "2.0.0"]),
       st.sampled_from([" ", "-", " #"]), st.text(max_size=20))
def test_basic_code_prefix_is_reported(basic: int, code: str, sep: str, tail: str) -> None:
    text = f"{basic}{sep}{code} {tail}"
    first = find_status_codes(text)[0]
    assert (str(first.status), first.start, first.basic_code) == (code, 3 + len(sep), basic)
