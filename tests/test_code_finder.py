"""smtp_status.find_status_codes: the heuristic finder for free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtp_status import StatusCode, StatusCodeMatch, find_status_codes

BOUNCE = """\
This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nobody@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1
    <nobody@example.org>: Recipient address rejected: User unknown (in reply to
    RCPT TO command)

Reporting-MTA: dns; mx.example.net
Arrival-Date: Sat, 28 Nov 2026 12:00:00 +0000

Final-Recipient: rfc822; nobody@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address
    rejected: User unknown

Final-Recipient: rfc822; busy@example.org
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452-4.2.2 The recipient's inbox is out of storage space.
"""


def test_realistic_bounce_body() -> None:
    found = [(str(m.status), m.start, m.end, m.basic_code) for m in find_status_codes(BOUNCE)]
    expected = []
    for code, basic in [("5.1.1", 550), ("5.1.1", None), ("5.1.1", 550), ("4.2.2", None),
                        ("4.2.2", 452)]:
        start = BOUNCE.index(code, expected[-1][2] if expected else 0)
        expected.append((code, start, start + len(code), basic))
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Diagnostic-Code: smtp; 550 5.1.1 <a@b>: unknown", [("5.1.1", 27, 550)]),
    ("Sorry, no mailbox here by that name. (#5.1.1)", [("5.1.1", 39, None)]),
    ("550 #5.1.1 no", [("5.1.1", 5, 550)]),
    ("550-5.7.26 Unauthenticated", [("5.7.26", 4, 550)]),
    ("postfix/smtp: dsn=4.7.1, status=deferred", [("4.7.1", 18, None)]),
    ("Error: 5.1.1 user unknown", [("5.1.1", 7, None)]),
    ("unknown code 5.9.999 after 451 ", []),
    ("451 5.9.999 strong context", [("5.9.999", 4, 451)]),
])
def test_positive_cases(text: str, expected: list[tuple[str, int, int | None]]) -> None:
    assert [(str(m.status), m.start, m.basic_code) for m in find_status_codes(text)] == expected


@pytest.mark.parametrize("text", [
    "client 192.168.5.1.1 connected", "from 10.5.1.1 port 25", "relay 1.2.5.1.1",
    "upgraded to v2.0.1", "version 2.0.1 is out", "Python 4.1.1 (not yet)",
    "release 5.1.1", "on 5.1.2024 at noon", "dated 2024.5.1", "build 5.1.1-beta",
    "x5.1.1", "5.1.1.3", "ip-5.1.1", "5.01.1", "5.1.1000",
])
def test_no_false_matches(text: str) -> None:
    assert find_status_codes(text) == []


def test_match_value_semantics() -> None:
    match = find_status_codes("550 5.1.1 x")[0]
    assert match == StatusCodeMatch(StatusCode(5, 1, 1), 4, 9, 550)
    assert repr(match) == (
        "StatusCodeMatch(status=StatusCode(5, 1, 1), start=4, end=9, basic_code=550)")
    with pytest.raises(AttributeError):
        match.start = 0  # type: ignore[misc]
    assert hash(match) == hash(StatusCodeMatch(StatusCode(5, 1, 1), 4, 9, 550))


@given(st.text(alphabet=st.sampled_from(list("0123452.#- :;(\nStatus")), max_size=60)
       | st.text())
def test_every_span_is_a_valid_status_code(text: str) -> None:
    for match in find_status_codes(text):
        assert StatusCode.parse(text[match.start:match.end]) == match.status
