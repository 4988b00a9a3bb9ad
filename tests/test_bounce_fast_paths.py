# pyright: reportPrivateUsage=false
"""The bounce reader's fast paths give exactly what the plain code they replace gives.

Each fast path (an index instead of a rescan, one regex call instead of a loop, bytes.lower
instead of str.translate) is held here to a straightforward reference written the way the
reader used to compute the same thing, over generated inputs that mix the characters each
one treats specially.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from smtp_status._generated.bounce_formats import FORMATS
from smtp_status.bounce import enrich, mime, reader, text, transcript
from smtp_status.vocabulary import Action

# Pieces that make addresses, line breaks, paragraphs and transcripts collide.
_PIECES = st.sampled_from(["a", "B", "@", "@@", ".", "x.cd", "\n", "\n\n", " ", "\t",
                           "while talking to ", "While Talking To ", "\u0130", "\u212a",
                           "\u00e9", "u1@b.cd", "U1@B.CD", "<", ">"])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _text_about(whole: str, low: str, address: str, alone: bool) -> str:
    """The reference: the text about a recipient, rescanning the whole text for it."""
    needle = address.lower()
    windows: list[str] = []
    position = low.find(needle) if needle else -1
    while position >= 0 and len(windows) < enrich._WINDOWS:
        paragraph = whole.rfind("\n\n", 0, position) + 2
        start = whole.rfind("\n", 0, position) + 1
        talking = low.rfind("while talking to", max(paragraph - 2, 0), position)
        if talking >= 0:
            start = whole.rfind("\n", 0, talking) + 1
        end = whole.find("\n\n", position, position + enrich._PARAGRAPH_LIMIT)
        windows.append(whole[start:end if end >= 0 else position + enrich._PARAGRAPH_LIMIT])
        position = low.find(needle, position + len(needle))
    if not windows:
        return whole if alone else ""
    return "\n\n".join(windows)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.lists(st.one_of(_TEXTS, st.sampled_from(["u1@b.cd", "a@x.cd", "@", ""])),
                        min_size=1, max_size=6), st.booleans())
def test_text_about_is_the_rescan(whole: str, addresses: list[str], alone: bool) -> None:
    low = whole.lower()
    for rescanned in (0, 2, enrich._RESCANNED):  # the index from the first, the third...
        kept, enrich._RESCANNED = enrich._RESCANNED, rescanned
        try:
            about = enrich._TextAbout(whole, low)
            for address in addresses:
                assert about.about(address, alone) == _text_about(whole, low, address, alone)
        finally:
            enrich._RESCANNED = kept


def test_text_about_with_long_local_parts_and_domains() -> None:
    # Past the index's key lengths (64 characters before the "@", 8 from it), candidates
    # share a key and are told apart by the full comparison.
    local = "l" * 70
    whole = "".join(f"{local}{number}@domain-{number}.example\n\n" for number in range(30))
    low = whole.lower()
    about = enrich._TextAbout(whole, low)
    for address in ("a@b.cd",) * enrich._RESCANNED:  # the next ones read the index
        assert about.about(address, False) == ""
    for number in (0, 7, 29):
        address = f"{local}{number}@domain-{number}.example"
        assert about.about(address, False) == _text_about(whole, low, address, False)
        assert about.about(address, False) == address
    assert about.about(f"{local}@domain-1.example", False) == ""


def _header_block(block: bytes) -> list[tuple[str, str]]:
    """The reference: a header block read line by line."""
    try:
        decoded = block.decode("utf-8")
    except UnicodeDecodeError:
        decoded = block.decode("latin-1")
    fields: list[tuple[str, list[str]]] = []
    for line in decoded.split("\n"):
        if not line:
            continue
        if line[0] in " \t":
            if fields:
                fields[-1][1].append(line)
            continue
        found = re.match(r"([!-9;-~]+)[ \t]*:", line)
        if found is not None:
            fields.append((found.group(1), [line[found.end():]]))
    return [(name, "".join(value).strip()) for name, value in fields]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([b"Subject", b"X-y", b":", b" : ", b" ", b"\t", b"\n",
                                 b"\n ", b"\n\t", b"\n\n", b"value", b"\xc3\xa9", b"\xff",
                                 b"\r", b"\xc2\x85", b"\xe2\x80\xa8"]), max_size=30)
       .map(b"".join))
def test_header_block_is_the_line_loop(block: bytes) -> None:
    assert mime.read_header_block(block) == _header_block(block)


def test_header_block_fast_path_and_its_fallback() -> None:
    assert mime.read_header_block(b"To: a@b.cd\nSubject: one\n two\n\tthree\n") == [
        ("To", "a@b.cd"), ("Subject", "one two\tthree")]
    # A line that is no field: the line loop reads the block, the continuation still
    # joins the field before the junk line.
    assert mime.read_header_block(b"Subject: one\njunk\n two") == [("Subject", "one two")]
    assert mime.read_header_block(b" lead\nTo: x") == [("To", "x")]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)))
def test_ascii_lower_is_the_translate_table(value: str) -> None:
    assert text.ascii_lower(value) == value.translate(_ASCII_LOWER)


def test_ascii_lower_keeps_surrogates_and_non_ascii_letters() -> None:
    assert text.ascii_lower("A\ud800\udfffZ\u0130\u212aK") == "a\ud800\udfffz\u0130\u212ak"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["in reply to ", "rcpt to", " command", "after ", "data",
                                 "while ", "sending ", "the ", "x", " ", "\n", "mail from",
                                 "_", "ehlo"]), max_size=20).map("".join))
def test_command_search_at_the_word_is_the_search(value: str) -> None:
    for word, pattern in transcript._COMMAND:
        found = transcript._search_at_word(pattern, word, value)
        expected = pattern.search(value)
        assert (None if found is None else found.span()) == (
            None if expected is None else expected.span())


# The reply pattern as first written: the boundary before the code tested first, which the
# regex engine can only try at every position.
_REPLY_AS_WRITTEN = re.compile(
    r"(?:^|(?<=[\s'\"(:<\[]))([245][0-5][0-9])(?::?[ -]['\"]?#?([245]\.[0-9]{1,3}"
    r"\.[0-9]{1,3})(?![0-9.])|:?[ -][A-Za-z<'\"(\[]|$)", re.MULTILINE)
_REPLY_PIECES = st.lists(st.sampled_from(
    ["2", "4", "5", "0", "1", "9", "55", "550", "5.1.1", " ", "\n", "\t", "'", '"', "(", ":",
     "<", "[", "#", ".", "-", "a", "X", "\u2028"]), max_size=30).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_REPLY_PIECES)
def test_the_reply_pattern_finds_what_it_was_written_to(whole: str) -> None:
    found = [(match.span(), match.groups())
             for match in text._patterns().reply.finditer(whole)]
    assert found == [(match.span(), match.groups())
                     for match in _REPLY_AS_WRITTEN.finditer(whole)]


def _remote_host_searched(whole: str) -> str | None:
    """The reference: each remote-host pattern searched over the whole text."""
    whole = whole[:transcript._DIAGNOSTIC_LIMIT]
    for word, _, pattern in transcript._REMOTE:
        if word in whole or word.upper() in whole:
            found = pattern.search(whole)
            if found is not None:
                return found.group(1)
    return None


_HOST_PIECES = st.lists(st.sampled_from(
    ["host ", "Host ", "HOST ", "with ", "WiTh ", "connect to ", "Connect To ", "by ",
     "while talking to ", "connected to ", "Connected to ", "but ", "mx.example", "a.b",
     "[192.0.2.1]", " [192.0.2.1]", "192.0.2.1", ".", ":", "x", "\n", " ", "wh",
     "\u0130", "\u0131", "\u017f", "\u212a", "ho\u017ft ", "w\u0131th "]), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_HOST_PIECES)
def test_remote_host_is_the_plain_search(whole: str) -> None:
    assert transcript.remote_host(whole) == _remote_host_searched(whole)


def _flat(role: str) -> re.Pattern[str]:
    """The reference: the role's phrases as the plain alternation the reader once built."""
    return re.compile("(?:" + "|".join(map(re.escape, text._phrases(role))) + ")")


_PHRASE_TEXTS = st.lists(st.one_of(
    st.sampled_from(sorted({phrase[:cut] for role in ("delayed", "permanent", "failure",
                                                      "recipients-follow")
                            for phrase in text._phrases(role)
                            for cut in (len(phrase), len(phrase) // 2)})),
    st.sampled_from([" ", "\n", "x", "550 ", "#5.", "-0500 "])), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(_PHRASE_TEXTS)
def test_the_phrase_tries_match_where_the_alternations_do(whole: str) -> None:
    patterns = text._patterns()
    for role, pattern in (("delayed", patterns.delayed), ("permanent", patterns.permanent)):
        found, plain = pattern.search(whole), _flat(role).search(whole)
        assert (found and found.start()) == (plain and plain.start())
    opener = re.compile(_flat("recipients-follow").pattern + r"[^\n]*")
    assert ([match.span() for match in patterns.openers.finditer(whole)]
            == [match.span() for match in opener.finditer(whole)])
    failure = re.compile(_flat("failure").pattern + patterns.failure.pattern[
        len(patterns.failure.pattern.split("|#[45]")[0]):])
    found, plain = patterns.failure.search(whole), failure.search(whole)
    assert (found and found.start()) == (plain and plain.start())


def _human_text_as_written(whole: str) -> str:
    """The reference: the cut where the returned message starts, found by a line-start
    search of the phrases' plain alternation (longest first)."""
    phrases = sorted(text._phrases("returned"), key=lambda phrase: (-len(phrase), phrase))
    returned = re.compile(r"^[ \t|>*=-]*(?:" + "|".join(map(re.escape, phrases)) + ")",
                          re.MULTILINE)
    first = re.search(r"\S", whole)
    start = 0 if first is None else whole.find("\n", first.start())
    if start < 0:
        return whole
    cut = returned.search(text.ascii_lower(whole), start)
    return whole[:cut.start()] if cut else whole


_RETURNED_TEXTS = st.lists(st.one_of(
    st.sampled_from(sorted({phrase[:cut] for phrase in text._phrases("returned")
                            for cut in (len(phrase), len(phrase) - 1)})),
    st.sampled_from([" ", "\n", "\n\n", "\t", "-", "--- ", "> ", "|", "x", "Original ",
                     "MESSAGE"])), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(_RETURNED_TEXTS)
def test_the_returned_message_starts_where_the_line_search_says(whole: str) -> None:
    assert text.human_text(whole) == _human_text_as_written(whole)


def test_the_returned_message_cut_keeps_the_line_break_before_it() -> None:
    whole = "Delivery failed.\n\n--- Below this line is a copy of the message.\nTo: x"
    assert text.human_text(whole) == "Delivery failed.\n\n"
    # The first line that says something is never cut.
    assert text.human_text("Original message follows\nOriginal message follows\n") == (
        "Original message follows\n")


_LOOSE_AS_WRITTEN = re.compile(rb"^(?:Reporting-MTA|Original-Envelope-Id|Final-Recipient|"
                               rb"Original-Recipient)[ \t]*:", re.IGNORECASE | re.MULTILINE)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([b"Final-Recipient", b"final-recipient:", b"REPORTING-MTA",
                                 b"Original-Recipient", b"Original-Envelope-Id", b":", b" ",
                                 b"\t", b"\n", b"x", b"-"]), max_size=12).map(b"".join))
def test_the_loose_dsn_start_is_the_line_start_search(body: bytes) -> None:
    found = _LOOSE_AS_WRITTEN.search(body)
    assert reader._loose_start(body) == (-1 if found is None else found.start())


def test_the_loose_dsn_start_on_the_first_line_and_after_it() -> None:
    assert reader._loose_start(b"Final-Recipient: rfc822; a@b.cd") == 0
    assert reader._loose_start(b"Oops\nstatus: 5.0.0\n reporting-mta :dns; x") == -1
    assert reader._loose_start(b"Oops\nx Final-Recipient: a\nreporting-mta :dns; x") == 26


_LINE_TEXTS = st.lists(st.sampled_from(
    ["<", ">", "a@b.cd", "x@y", "@", " ", "\t", "\n", ":", " (expanded from x)", "To:", "to:",
     "word", ".", "\n\n"]), max_size=16).map("".join)


@settings(max_examples=600, deadline=None)
@given(_LINE_TEXTS)
def test_the_line_patterns_tried_at_the_lines_with_an_at_find_every_match(whole: str) -> None:
    patterns = text._patterns()
    at_lines = text._at_lines(whole)
    for pattern in (patterns.angle_paragraph, patterns.colon_line, patterns.to_line):
        at_starts = [pattern.match(whole, start) for start, _ in at_lines]
        assert ([match.span() for match in at_starts if match is not None]
                == [match.span() for match in pattern.finditer(whole)])


def _status_as_searched(context: str, action: Action, permanent_text: bool
                        ) -> tuple[int, int, int, str] | None:
    """The reference: each status's plain alternation searched in turn."""
    low = text.ascii_lower(context)
    for pattern, _, subject, detail, by_nature in text._patterns().phrases:
        found = pattern.search(low)
        if found is not None:
            permanent = action != "delayed" and (by_nature or permanent_text)
            return (5 if permanent else 4, subject, detail, context[found.start():found.end()])
    return None


_ACTIONS: list[Action] = ["failed", "delayed"]
_STATUS_WORDS = sorted({word for row in FORMATS if row["role"] == "status"
                        for word in row["phrase"].replace("…", " ").split()})
_STATUS_TEXTS = st.lists(st.one_of(
    st.sampled_from(sorted({row["phrase"].replace("…", "x y") for row in
                            FORMATS if row["role"] == "status"})),
    st.sampled_from(_STATUS_WORDS), st.sampled_from([" ", "\n", "MAILBOX ", "x" * 41])),
    max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(_STATUS_TEXTS, st.sampled_from(_ACTIONS), st.booleans())
def test_the_status_phrases_found_from_their_first_words_are_the_search(
        context: str, action: Action, permanent_text: bool) -> None:
    assert text.infer_status(context, action, permanent_text) == _status_as_searched(
        context, action, permanent_text)
