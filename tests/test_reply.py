"""smtp_status.reply: parse_reply, the strict parser of one SMTP reply (RFC 5321 s4.2,
RFC 2034 s4), on the corpus in tests/replies/, malformed input and generated replies."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smtp_status import reply as reply_module
from smtp_status.enums import EnhancedCode
from smtp_status.reply import InvalidReply, Reply, parse_reply
from smtp_status.status import StatusCode

CORPUS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "replies" / "corpus.json").read_text("utf-8"))
NOT_A_REPLY_CODE = ("does not start with a reply code of 3 digits from 200 to 559 and a "
                    "separator (RFC 5321 s4.2)")


def test_corpus_covers_the_styles() -> None:
    styles = " ".join(case["style"] for case in CORPUS)
    for word in ("gmail", "microsoft 365", "postfix", "exim", "sendmail", "qmail",
                 "German", "Japanese", "multi-line", "trailing spaces", "LF only"):
        assert word in styles
    assert len({case["style"] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case["style"] for case in CORPUS])
def test_corpus(case: dict[str, Any]) -> None:
    reply = parse_reply(case["reply"])
    assert reply.code == case["code"]
    assert (None if reply.status is None else str(reply.status)) == case["status"]
    assert reply.lines == tuple(case["lines"])
    assert reply.warnings == tuple(case["warnings"])
    assert reply.text == "\n".join(case["lines"])
    assert reply == Reply(case["code"], reply.status, tuple(case["lines"]),
                          tuple(case["warnings"]))


@pytest.mark.parametrize(("text", "code", "status", "lines", "warnings"), [
    ("250", 250, None, ("",), ()),
    ("250 ", 250, None, ("",), ()),
    ("250\r\n", 250, None, ("",), ()),
    ("250-\r\n250 done", 250, None, ("", "done"), ()),
    ("550 5.1.1", 550, "5.1.1", ("",), ()),
    ("550 5.1.1\tx", 550, None, ("5.1.1\tx",), ()),
    ("550 5.1.1000 x", 550, None, ("5.1.1000 x",), ()),
    ("550 5.01.1 x", 550, None, ("5.01.1 x",), ()),
    ("550 3.1.1 x", 550, None, ("3.1.1 x",), ()),
    ("550 5.1.1.2 x", 550, None, ("5.1.1.2 x",), ()),
    ("550 5.1.1  two spaces", 550, "5.1.1", (" two spaces",), ()),
    ("550 #5.1.1 hash", 550, None, ("#5.1.1 hash",), ()),
    ("550 Benutzer 5.1.1", 550, None, ("Benutzer 5.1.1",), ()),
    ("550-a\r\n550 5.1.1 b\r\n", 550, None, ("a", "b"),
     ("line 2 carries enhanced code 5.1.1, line 1 carries none",)),
    ("550-5.1.1 a\n550-5.1.1 b\n550 c\n", 550, "5.1.1", ("a", "b", "c"),
     ("line 3 carries no enhanced code, line 1 carries 5.1.1",)),
    ("250 5.1.1 x", 250, "5.1.1", ("x",),
     ("enhanced code 5.1.1 has class 5 but reply code 250 has class 2 (RFC 2034 s4)",
      "IANA associates 5.1.1 with reply codes 451, 550, not 250")),
    ("451 5.1.1 x", 451, "5.1.1", ("x",),
     ("enhanced code 5.1.1 has class 5 but reply code 451 has class 4 (RFC 2034 s4)",)),
    ("550 5.1.2 no IANA basic codes for X.1.2", 550, "5.1.2",
     ("no IANA basic codes for X.1.2",), ()),
    ("550 5.9.999 not registered", 550, "5.9.999", ("not registered",), ()),
])
def test_edge_cases(text: str, code: int, status: str | None, lines: tuple[str, ...],
                    warnings: tuple[str, ...]) -> None:
    reply = parse_reply(text)
    assert (reply.code, None if reply.status is None else str(reply.status)) == (code, status)
    assert (reply.lines, reply.warnings) == (lines, warnings)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty reply"),
    (" \r\n", "empty reply"),
    ("\t\n", "empty reply"),
    ("550-5.1.1 a\r\n451 4.1.1 b\r\n", "line 2: reply code 451 differs from 550 on line 1"),
    ("250-a\r\n250-b\r\n251 c", "line 3: reply code 251 differs from 250 on line 1"),
    ("250OK", f"line 1: '250OK' {NOT_A_REPLY_CODE}"),
    ("250-a\r\n250OK", f"line 2: '250OK' {NOT_A_REPLY_CODE}"),
    ("699 nope", f"line 1: '699 nope' {NOT_A_REPLY_CODE}"),
    ("150 nope", f"line 1: '150 nope' {NOT_A_REPLY_CODE}"),
    ("560 second digit", f"line 1: '560 second digit' {NOT_A_REPLY_CODE}"),
    ("55 short", f"line 1: '55 short' {NOT_A_REPLY_CODE}"),
    ("5500 long", f"line 1: '5500 long' {NOT_A_REPLY_CODE}"),
    (" 250 ok", f"line 1: ' 250 ok' {NOT_A_REPLY_CODE}"),
    ("250\tok", f"line 1: '250\\tok' {NOT_A_REPLY_CODE}"),
    ("\uff12\uff15\uff10 ok",  # fullwidth digits are not ASCII DIGITs
     f"line 1: '\uff12\uff15\uff10 ok' {NOT_A_REPLY_CODE}"),
    ("250-a\r\n250-b\r\n25 c", f"line 3: '25 c' {NOT_A_REPLY_CODE}"),
    ("250-first\r\n\r\n250 last\r\n", f"line 2: '' {NOT_A_REPLY_CODE}"),
    ("\r\n250 ok", f"line 1: '' {NOT_A_REPLY_CODE}"),
    ("250-first\r\n250-second\r\n", "line 2: the last line continues with '-' "
                                    "(RFC 5321 s4.2.1)"),
    ("250-", "line 1: the last line continues with '-' (RFC 5321 s4.2.1)"),
    ("250 first\r\n250 second\r\n", "line 1: a final line (no '-') is followed by more "
                                    "lines (RFC 5321 s4.2.1)"),
    ("250 ok\r\n\r\n", "line 1: a final line (no '-') is followed by more lines "
                       "(RFC 5321 s4.2.1)"),
    ("250-a\r\n250\rb", "line 2: bare CR inside a line"),
    ("250 a\rb", "line 1: bare CR inside a line"),
    ("250 a\r", "line 1: bare CR inside a line"),
])
def test_malformed_replies_raise_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_reply(text)
    assert caught.value.reason == str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_long_lines_are_cut_in_the_message() -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_reply("x" * 1000)
    assert caught.value.reason == f"line 1: {'x' * 40!r}... (1000 characters) {NOT_A_REPLY_CODE}"


@pytest.mark.parametrize(("value", "name"), [
    (None, "NoneType"), (250, "int"), (b"250 ok", "bytes"), (["250 ok"], "list")])
def test_non_str_inputs(value: object, name: str) -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_reply(value)  # type: ignore[arg-type]
    assert caught.value.reason == f"expected str, got {name}"


def test_classification_properties() -> None:
    kinds = {text: (reply.is_success, reply.is_intermediate, reply.is_transient,
                    reply.is_permanent)
             for text in ("250 2.0.0 ok", "354 go ahead", "451 4.3.0 later", "554 5.7.1 no")
             for reply in [parse_reply(text)]}
    assert kinds == {
        "250 2.0.0 ok": (True, False, False, False),
        "354 go ahead": (False, True, False, False),
        "451 4.3.0 later": (False, False, True, False),
        "554 5.7.1 no": (False, False, False, True),
    }


def test_reply_value_semantics() -> None:
    reply = parse_reply("550 5.1.1 gone\r\n")
    same = Reply(550, StatusCode(5, 1, 1), ("gone",), ())
    assert reply == same
    assert not reply.__ne__(same)
    assert hash(reply) == hash(same) == hash(parse_reply("550 5.1.1 gone"))
    # A NamedTuple: equal to, and hashed as, the plain tuple of its items.
    assert reply == (550, StatusCode(5, 1, 1), ("gone",), ())
    assert hash(reply) == hash((550, StatusCode(5, 1, 1), ("gone",), ()))
    assert reply != parse_reply("550 5.1.1 gone!")
    assert len({reply, same, parse_reply("451 4.1.1 gone")}) == 2
    assert repr(reply) == (
        "Reply(code=550, status=StatusCode(5, 1, 1), lines=('gone',), warnings=())")
    assert repr(parse_reply("250")) == "Reply(code=250, status=None, lines=('',), warnings=())"
    assert (reply.code, reply.status, reply.lines, reply.warnings) == (
        550, StatusCode(5, 1, 1), ("gone",), ())
    assert reply.text == "gone"
    assert parse_reply("250-a\n250 b").text == "a\nb"


def test_reply_is_immutable() -> None:
    reply = parse_reply("550 5.1.1 gone")
    for name in ("code", "status", "lines", "warnings", "text", "anything"):
        with pytest.raises(AttributeError):
            setattr(reply, name, None)
    with pytest.raises(AttributeError):
        del reply.code
    assert not hasattr(reply, "__dict__")


def test_reply_survives_copy_and_pickle() -> None:
    reply = parse_reply("550-5.1.1 a\r\n550 5.1.2 b")
    for clone in (copy.copy(reply), copy.deepcopy(reply), pickle.loads(pickle.dumps(reply))):
        assert type(clone) is Reply
        assert clone == reply


def test_invalid_reply_is_a_value_error_with_a_reason() -> None:
    error = InvalidReply("line 1: something")
    assert isinstance(error, ValueError)
    assert (error.reason, str(error)) == ("line 1: something", "line 1: something")


def test_docstring_documents_every_warning_form() -> None:
    doc = reply_module.__doc__ or ""
    samples = [
        parse_reply("550 4.1.1 x").warnings[0],
        parse_reply("550-5.1.1 a\r\n550 5.1.2 b").warnings[0],
        parse_reply("550-5.1.1 a\r\n550 b").warnings[0],
        parse_reply("550-a\r\n550 5.1.1 b").warnings[0],
        parse_reply("250 2.1.1 x").warnings[0],
    ]
    forms = re.findall(r"^- ``(.*)``$", doc, re.MULTILINE)
    shape = re.compile(r"\d+(?:\.\d+)*")
    assert sorted(shape.sub("N", form) for form in forms) == sorted(
        shape.sub("N", sample) for sample in samples)


@given(st.text())
def test_arbitrary_text_raises_only_invalid_reply(text: str) -> None:
    try:
        reply = parse_reply(text)
    except InvalidReply as error:
        assert error.reason
        return
    assert 200 <= reply.code <= 559


@given(st.text(alphabet=st.sampled_from(list("245019 -.\r\n#ab")), max_size=40))
def test_reply_shaped_text_raises_only_invalid_reply(text: str) -> None:
    try:
        reply = parse_reply(text)
    except InvalidReply as error:
        assert error.reason
        return
    assert re.fullmatch(r"[2-5][0-5][0-9]", str(reply.code))
    body = text.replace("\r\n", "\n")
    body = body[:-1] if body.endswith("\n") else body
    assert len(reply.lines) == body.count("\n") + 1


# Valid parts: RFC 5321 s4.2 reply codes, RFC 3463 s2 status codes, and line texts without
# CR or LF (any other character, non-ASCII included).
_codes = st.builds(lambda first, second, third: first * 100 + second * 10 + third,
                   st.integers(2, 5), st.integers(0, 5), st.integers(0, 9))
_status = st.builds(StatusCode, st.sampled_from([2, 4, 5]), st.integers(0, 999),
                    st.integers(0, 999))
_registered = st.sampled_from(list(EnhancedCode)).flatmap(
    lambda member: st.sampled_from([2, 4, 5]).map(member.with_class))
_line_text = st.text(st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]),
                     max_size=30)


def _looks_like_a_status(text: str) -> bool:
    head = text.split(" ", 1)[0]
    try:
        StatusCode.parse(head)
    except ValueError:
        return False
    return True


@given(_codes, st.none() | _status | _registered, st.lists(_line_text, min_size=1, max_size=5),
       st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_well_formed_replies_round_trip(code: int, status: StatusCode | None, texts: list[str],
                                        ending: str, final_ending: bool) -> None:
    # Without an enhanced code, a text that starts with one would be read as one.
    assume(status is not None or not any(_looks_like_a_status(text) for text in texts))
    prefix = "" if status is None else f"{status} "
    lines = [f"{code}-{prefix}{text}" for text in texts[:-1]]
    lines.append(f"{code} {prefix}{texts[-1]}")
    reply = parse_reply(ending.join(lines) + (ending if final_ending else ""))
    assert (reply.code, reply.status, reply.lines) == (code, status, tuple(texts))
    expected: list[str] = []
    if status is not None:
        klass = status.status_class.value
        if klass != code // 100:
            expected.append(f"enhanced code {status} has class {klass} but reply code {code} "
                            f"has class {code // 100} (RFC 2034 s4)")
        member = status.enhanced_code
        if member is not None and member.basic_codes and code not in member.basic_codes:
            listed = ", ".join(map(str, member.basic_codes))
            expected.append(f"IANA associates {status} with reply codes {listed}, not {code}")
    assert reply.warnings == tuple(expected)


@given(_codes, st.lists(st.none() | _status, min_size=2, max_size=5))
def test_lines_with_differing_enhanced_codes_warn_per_line(
        code: int, statuses: list[StatusCode | None]) -> None:
    texts = [("" if status is None else f"{status} ") + "text" for status in statuses]
    lines = [f"{code}-{text}" for text in texts[:-1]] + [f"{code} {texts[-1]}"]
    reply = parse_reply("\r\n".join(lines))
    first = statuses[0]
    expected = []
    for number, status in enumerate(statuses[1:], 2):
        if status == first:
            continue
        mine = "no enhanced code" if status is None else f"enhanced code {status}"
        expected.append(f"line {number} carries {mine}, line 1 carries "
                        f"{'none' if first is None else first}")
    assert reply.status == first
    assert reply.lines == ("text",) * len(statuses)
    assert list(reply.warnings[:len(expected)]) == expected


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
