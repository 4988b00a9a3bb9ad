"""smtp_status.parse_reply: the strict parser of one SMTP reply (RFC 5321 s4.2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtp_status import InvalidReply, Reply, StatusCode, parse_reply

CORPUS = json.loads((Path(__file__).parent / "replies" / "corpus.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[case["style"] for case in CORPUS])
def test_corpus(case: dict[str, Any]) -> None:
    reply = parse_reply(case["reply"])
    assert reply.code == case["code"]
    assert (None if reply.status is None else str(reply.status)) == case["status"]
    assert reply.lines == tuple(case["lines"])
    assert reply.warnings == tuple(case["warnings"])
    assert reply.text == "\n".join(case["lines"])


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty reply"),
    (" \r\n", "empty reply"),
    ("550-5.1.1 a\r\n451 4.1.1 b\r\n", "line 2: reply code 451 differs from 550 on line 1"),
    ("250OK", "line 1: '250OK' does not start with a reply code of 3 digits from 200 to 559 "
              "and a separator (RFC 5321 s4.2)"),
    ("699 nope", "line 1: '699 nope' does not start with a reply code of 3 digits from 200 "
                 "to 559 and a separator (RFC 5321 s4.2)"),
    ("560 second digit", "line 1: '560 second digit' does not start with a reply code of 3 "
                         "digits from 200 to 559 and a separator (RFC 5321 s4.2)"),
    ("55 short", "line 1: '55 short' does not start with a reply code of 3 digits from 200 "
                 "to 559 and a separator (RFC 5321 s4.2)"),
    ("250-first\r\n250-second\r\n", "line 2: the last line continues with '-' "
                                    "(RFC 5321 s4.2.1)"),
    ("250 first\r\n250 second\r\n", "line 1: a final line (no '-') is followed by more "
                                    "lines (RFC 5321 s4.2.1)"),
    ("250-first\r\n\r\n250 last\r\n", "line 2: '' does not start with a reply code of 3 "
                                      "digits from 200 to 559 and a separator (RFC 5321 s4.2)"),
    ("250 a\rb", "line 1: bare CR inside a line"),
])
def test_malformed_replies_raise_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_reply(text)
    assert str(caught.value) == message
    assert caught.value.reason == message


def test_non_str_input_is_rejected() -> None:
    with pytest.raises(InvalidReply, match=r"^expected str, got bytes$"):
        parse_reply(b"250 ok")  # type: ignore[arg-type]


def test_classification_properties() -> None:
    assert parse_reply("451 4.3.0 try later").is_transient
    assert parse_reply("554 5.7.1 no").is_permanent
    assert parse_reply("250 2.0.0 ok").is_success
    assert parse_reply("354 go ahead").is_intermediate
    reply = parse_reply("552 5.2.2 full")
    assert (reply.is_transient, reply.is_success, reply.is_intermediate) == (False, False, False)


def test_reply_is_immutable_hashable_and_comparable() -> None:
    reply = parse_reply("550 5.1.1 gone")
    assert reply == Reply(550, StatusCode(5, 1, 1), ("gone",), ())
    assert hash(reply) == hash(parse_reply("550 5.1.1 gone\r\n"))
    assert repr(reply) == (
        "Reply(code=550, status=StatusCode(5, 1, 1), lines=('gone',), warnings=())")
    with pytest.raises(AttributeError):
        reply.code = 250  # type: ignore[misc]


@given(st.text())
def test_arbitrary_text_raises_only_invalid_reply(text: str) -> None:
    try:
        reply = parse_reply(text)
    except InvalidReply:
        return
    assert 200 <= reply.code <= 559


_codes = st.integers(2, 5).flatmap(
    lambda first: st.integers(0, 5).flatmap(
        lambda second: st.integers(0, 9).map(lambda third: first * 100 + second * 10 + third)))
_status = st.builds(StatusCode, st.sampled_from([2, 4, 5]), st.integers(0, 999),
                    st.integers(0, 999))
_line_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)


@given(_codes, st.none() | _status, st.lists(_line_text, min_size=1, max_size=5),
       st.sampled_from(["\r\n", "\n"]))
def test_well_formed_replies_round_trip(
    code: int, status: StatusCode | None, texts: list[str], ending: str
) -> None:
    # A text that itself starts like an enhanced code would be read as one: skip those.
    prefix = "" if status is None else f"{status} "
    if status is None and any(text[:1].isdigit() for text in texts):
        return
    lines = [f"{code}-{prefix}{text}" for text in texts[:-1]]
    lines.append(f"{code} {prefix}{texts[-1]}")
    reply = parse_reply(ending.join(lines) + ending)
    assert reply.code == code
    assert reply.status == status
    assert reply.lines == tuple(texts)


_piece_lines = st.lists(st.tuples(
    st.sampled_from(["250", "550", "451", "55", "650", ""]),
    st.sampled_from(["-", " ", "", "x"]),
    st.sampled_from(["5.1.1 ", "5.1.1", "4.2.2 ", "5.01.1 ", "2.0.0 ", "", "#5.1.1 "]),
    st.text(st.sampled_from("ab \r\t5."), max_size=6)), min_size=1, max_size=5)


@given(_piece_lines, st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n", "\r\n", "\n\n"]))
def test_the_whole_reply_fast_path_agrees_with_the_line_by_line_loop(
    pieces: list[tuple[str, str, str, str]], separator: str, end: str
) -> None:
    # parse_reply reads a well-formed reply with one regex call over all its lines; the
    # loop (which also names the first bad line) must give the same reply or the same error.
    from smtp_status.reply import _line_by_line  # pyright: ignore[reportPrivateUsage]

    text = separator.join("".join(piece) for piece in pieces) + end
    body = text.replace("\r\n", "\n")
    body = body[:-1] if body.endswith("\n") else body
    try:
        expected: Reply | str = _line_by_line(body) if text.strip() else "empty reply"
    except InvalidReply as error:
        expected = error.reason
    try:
        got: Reply | str = parse_reply(text)
    except InvalidReply as error:
        got = error.reason
    assert got == expected
    if isinstance(got, Reply):
        assert type(got) is Reply
