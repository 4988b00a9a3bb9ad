"""The format registry (registry/bounce-formats.yaml): every row is exercised by its example,
validate refuses a bad row at its position, and the docs page lists every MTA's phrases.

A row is exercised when the reader's own compiled pattern for the row's role, run where the
reader runs it on the example (the Subject, the text of the first text part, its
human-readable part), matches with the row's phrase as the alternative that matched. Rows
whose example is a file of the labelled corpus or of flufl.bounce's corpus are skipped,
each with the reason, when that corpus is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from evaluation.corpus import folder as corpus_folder
from smtp_status.bounce import detect, read_bounce, reader, text
from smtp_status.bounce.mime import normalize, parse_mime
from tests.flufl_corpus import corpus_folder as flufl_folder

from .conftest import assert_invalid, position, run_cli

REPO = Path(__file__).resolve().parents[1]
REGISTRY = REPO / "registry" / "bounce-formats.yaml"
ROWS = yaml.safe_load(REGISTRY.read_text("utf-8"))["formats"]
CORPUS = corpus_folder()
FLUFL = flufl_folder()


def example_path(example: str) -> Path:
    if example.startswith("corpus:"):
        if CORPUS is None:
            pytest.skip("the labelled bounce corpus (../shared/bounce-corpus) is absent")
        return CORPUS / "emails" / example.removeprefix("corpus:")
    if example.startswith("flufl:"):
        if FLUFL is None:
            pytest.skip("the flufl.bounce 6.0.0 corpus is not unpacked (tests/flufl_corpus.py)")
        return FLUFL / "tests" / "data" / example.removeprefix("flufl:")
    return REPO / example


def matched_phrases(role: str, data: bytes) -> set[str]:
    """What the reader's pattern for ``role`` matches in the example, as lower-case text
    from the start of the match (a label's separator and address cut off)."""
    root = parse_mime(normalize(data))
    patterns = text._patterns()
    if role == "subject":
        subject = detect.decoded_subject(root.get("subject") or "")
        found = detect._registry_subjects().search(subject)
        return {found.group(0).lower()} if found else set()
    part = reader._first_text(root)
    full = "" if part is None else reader._part_text(part)[0]
    low = full.translate(text._LOWER)
    if role == "returned":
        return {match.group(0).lstrip(" \t|>*=-") for match in patterns.returned.finditer(low)}
    human = text.human_text(full).translate(text._LOWER)
    pattern = {"recipients-follow": patterns.openers, "address-label": patterns.labels,
               "reply-label": patterns.reply_label, "delayed": patterns.delayed,
               "permanent": patterns.permanent, "failure": patterns.failure}[role]
    assert pattern is not None
    return {match.group(0) for match in pattern.finditer(human)}


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['role']}:{row['phrase']}" for row in ROWS])
def test_every_row_is_exercised_by_its_example(row: dict[str, str]) -> None:
    data = example_path(row["example"]).read_bytes()
    found = matched_phrases(row["role"], data)
    phrase = row["phrase"]
    if row["role"] == "subject":
        assert any(match.endswith(phrase) for match in found), found
    elif row["role"] in ("delayed", "permanent", "failure"):
        assert phrase in found, found
    else:
        assert any(match.startswith(phrase) for match in found), found
    if row["role"] in ("recipients-follow", "address-label", "subject"):
        # The example is read as a bounce with someone in it.
        assert read_bounce(data).recipients


def test_the_docs_page_lists_every_mta_with_its_phrases() -> None:
    """Rendered by a CommonMark renderer: a heading per MTA, then a table whose cells read
    exactly as the MTA's rows."""
    from markdown_it import MarkdownIt

    page = (REPO / "generated" / "docs" / "bounce-formats.md").read_text("utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(page)
    rendered: dict[str, list[list[str]]] = {}
    heading = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h3":
            heading = tokens[index + 1].content
            rendered[heading] = []
        elif token.type == "tr_open" and heading is not None:
            cells = []
            for inner in tokens[index + 1:]:
                if inner.type == "tr_close":
                    break
                if inner.type == "inline":
                    cells.append("".join(child.content for child in inner.children or ()))
            rendered[heading].append(cells)
    expected: dict[str, list[list[str]]] = {}
    for row in ROWS:
        expected.setdefault(row["mta"], [["role", "phrase", "example"]]).append(
            [row["role"], f'"{row["phrase"]}"', row["example"]])
    assert rendered == dict(sorted(expected.items()))


def bad_registry(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    source = REGISTRY.read_text("utf-8")
    assert source.count(old) >= 1
    edited = source.replace(old, new, 1)
    path = tmp_path / "bounce-formats.yaml"
    path.write_text(edited, encoding="utf-8")
    return path, edited


FIRST_ROW = ("  - mta: qmail\n    role: returned\n    phrase: below this line is a copy of "
             "the message\n    example: tests/fixtures/bounces/qmail.eml\n")


@pytest.mark.parametrize(("new", "needle", "target", "message"), [
    ("  - role: returned\n    phrase: below this line is a copy of the message\n"
     "    example: tests/fixtures/bounces/qmail.eml\n", "  - role: returned\n    phrase: below",
     "role", "$.formats[0]: 'mta' is a required property (schema: required)"),
    ("  - mta: qmail\n    role: returned\n    phrase: below this line is a copy of the "
     "message\n", "  - mta: qmail\n    role: returned\n    phrase: below this line", "mta",
     "$.formats[0]: 'example' is a required property (schema: required)"),
    (FIRST_ROW.replace("below this line", "Below This line"), "phrase: Below", "Below",
     "$.formats[0].phrase: phrase 'Below This line is a copy of the message' is not "
     "lower-case; the reader matches phrases on the lower-cased text "
     "(rule format-phrase-lower-case)"),
    (FIRST_ROW.replace("qmail.eml", "nowhere.eml"), "tests/fixtures/bounces/nowhere.eml",
     "tests", "$.formats[0].example: example 'tests/fixtures/bounces/nowhere.eml' names no "
     "fixture file (rule format-example-exists)"),
    (FIRST_ROW.replace("qmail.eml", "qmail.txt"), "tests/fixtures/bounces/qmail.txt",
     "tests", "$.formats[0].example: 'tests/fixtures/bounces/qmail.txt' does not match "
     "'^(tests/fixtures/bounces/[a-z0-9_-]+\\\\.eml|corpus:[a-z0-9-]+\\\\.eml|flufl:"
     "[a-z0-9_]+\\\\.txt)$(?!\\\\n)' (schema: pattern)"),
    (FIRST_ROW.replace("role: returned", "role: opener"), "role: opener", "opener",
     "$.formats[0].role: 'opener' is not one of ['subject', 'returned', "
     "'recipients-follow', 'address-label', 'reply-label', 'delayed', 'permanent', "
     "'failure'] (schema: enum)"),
], ids=["no-mta", "no-example", "upper-case", "missing-fixture", "bad-example", "bad-role"])
def test_a_bad_row_is_refused_with_its_position(
        tmp_path: Path, new: str, needle: str, target: str, message: str) -> None:
    path, edited = bad_registry(tmp_path, FIRST_ROW, new)
    assert_invalid(run_cli("validate", "--formats", str(path)),
                   [f"{path}:{position(edited, needle, target)}: {message}"])


def test_a_phrase_given_twice_for_one_role_is_refused(tmp_path: Path) -> None:
    path, edited = bad_registry(tmp_path, FIRST_ROW, FIRST_ROW + FIRST_ROW.replace(
        "mta: qmail", "mta: netqmail"))
    line = edited.splitlines().index("  - mta: netqmail") + 3
    assert_invalid(run_cli("validate", "--formats", str(path)), [
        f"{path}:{line}:13: $.formats[1].phrase: phrase 'below this line is a copy of the "
        "message' is given for role 'returned' already, in formats[0] "
        "(rule format-unique-phrase)"])


def test_phrases_are_literal_text_in_the_generated_alternations() -> None:
    from smtp_status._generated import bounce_formats

    for row in ROWS:
        constant = getattr(bounce_formats, row["role"].upper().replace("-", "_"))
        pattern = next(p for p in constant if re.fullmatch(p, row["phrase"]))
        # The pattern matches exactly the phrase: special characters are escaped.
        assert re.fullmatch(pattern, row["phrase"] + "x") is None
    for constant in (bounce_formats.RETURNED, bounce_formats.ADDRESS_LABEL):
        lengths = [len(re.sub(r"\\(.)", r"\1", pattern)) for pattern in constant]
        assert lengths == sorted(lengths, reverse=True)  # longest first
