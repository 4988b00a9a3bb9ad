"""The text reader reads a human-readable part to its end, up to ``LIMIT`` characters, and
says how much it left unread past that (issue 24): no recipient is dropped silently."""

from __future__ import annotations

import re

import pytest

from smtp_status.bounce import read_bounce
from smtp_status.bounce.text import LIMIT

HEAD = ("From: MAILER-DAEMON@mx.example\nTo: sender@example.org\nSubject: failure notice\n\n"
        "Hi. This is the qmail-send program at mx.example.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n")
RETURNED = "--- Below this line is a copy of the message.\n\nReturn-Path: <sender@example.org>\n"


def entry(number: int) -> str:
    return f"<user{number}@example.com>:\nRemote host said: 550 5.1.1 No such user\n\n"


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_every_listed_recipient_is_read(count: int) -> None:
    text = HEAD + "".join(entry(number) for number in range(count)) + RETURNED
    text += "To: someone@example.net\n" * 50_000  # a long returned message, never read
    bounce = read_bounce(text)
    assert [recipient.address for recipient in bounce.recipients] == [
        f"user{number}@example.com" for number in range(count)]
    assert {(str(r.effective_status), r.reply_code) for r in bounce.recipients} == {
        ("5.1.1", 550)}
    assert bounce.warnings == ()


def test_past_the_limit_the_reader_says_how_much_it_left_unread() -> None:
    body = HEAD.partition("\n\n")[2] + "".join(entry(number) for number in range(20_000))
    bounce = read_bounce(HEAD.partition("\n\n")[0] + "\n\n" + body)
    assert len(body) > LIMIT
    read = body[:LIMIT]
    expected = re.findall(r"^<(user[0-9]+@example\.com)>:", read, re.MULTILINE)
    assert [recipient.address for recipient in bounce.recipients] == expected
    assert [str(warning) for warning in bounce.warnings] == [
        f"text-truncated: the text names recipients past the first {LIMIT} characters of "
        f"its human-readable part; {len(body) - LIMIT} characters were left unread"]
