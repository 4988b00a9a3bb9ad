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


def row_pattern(row: dict[str, str]) -> str:
    """A row's phrase as a regular expression: its text, each " … " a space and up to 40
    characters of the line (written here again, not taken from the generator)."""
    return r" [^\n]{0,40}".join(re.escape(part) for part in row["phrase"].split(" \u2026 "))


def matched_phrases(role: str, data: bytes) -> set[str]:
    """What the reader's pattern for ``role`` matches in the example, as lower-case text
    from the start of the match (a label's separator and address cut off)."""
    root = parse_mime(normalize(data))
    patterns = text._patterns()
    if role in ("subject", "subject-end"):
        subject = detect.decoded_subject(root.get("subject") or "")
        found = (detect._registry_subjects() if role == "subject"
                 else detect._registry_subject_ends()).search(subject)
        return {found.group(0).lower().rstrip()} if found else set()
    if role == "bare-name-domain":
        # The domains of the recipients the reader completed from a bare name.
        return {recipient.address.rpartition("@")[2]
                for recipient in read_bounce(data).recipients}
    part = reader._first_text(root)
    full = "" if part is None else reader._part_text(part)[0]
    low = full.translate(text._LOWER)
    if role == "returned":
        return {match.group(0).lstrip("\n \t|>*=-")
                for match in patterns.returned.finditer("\n" + low)}
    human = text.human_text(full).translate(text._LOWER)
    if role == "status":
        # Every status's phrases, as the reader tries them on a recipient's text.
        return {match.group(0) for pattern, _, _, _, _ in patterns.phrases
                for match in pattern.finditer(human)}
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
    if row["role"] in ("subject", "subject-end"):
        assert any(match.endswith(phrase) for match in found), found
    elif row["role"] == "status":
        assert any(re.fullmatch(row_pattern(row), match) for match in found), found
    elif row["role"] in ("delayed", "permanent", "failure", "bare-name-domain"):
        assert phrase in found, found
    else:
        assert any(match.startswith(phrase) for match in found), found
    if row["role"] in ("recipients-follow", "address-label", "subject", "subject-end"):
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
        role = f'{row["role"]} {row["status"]}' if "status" in row else row["role"]
        expected.setdefault(row["mta"], [["role", "phrase", "example"]]).append(
            [role, f'"{row["phrase"]}"', row["example"]])
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
     "$.formats[0].role: 'opener' is not one of ['subject', 'subject-end', 'returned', "
     "'recipients-follow', 'address-label', 'reply-label', 'delayed', 'permanent', "
     "'failure', 'status', 'bare-name-domain'] (schema: enum)"),
    (FIRST_ROW.replace("role: returned", "role: status"), "role: status\n    phrase: below",
     "status",
     "$.formats[0].role: a status row needs the status its phrase implies "
     "(rule format-status-field)"),
    (FIRST_ROW.replace("role: returned", "role: returned\n    status: 5.1.1"),
     "returned\n    status: 5.1.1", "5.1.1",
     "$.formats[0].status: only a status row has a status, not a 'returned' row "
     "(rule format-status-field)"),
    (FIRST_ROW.replace("role: returned", "role: status\n    status: 2.0.0"),
     "status: 2.0.0", "2.0.0",
     "$.formats[0].status: '2.0.0' does not match '^[45]\\\\.[0-9]{1,3}\\\\.[0-9]{1,3}$"
     "(?!\\\\n)' (schema: pattern)"),
    (FIRST_ROW.replace("below this line is a copy", "below \u2026 copy"),
     "phrase: below \u2026", "below",
     "$.formats[0].phrase: phrase 'below \u2026 copy of the message' holds '\u2026' other "
     "than as a gap between words of a status row (' \u2026 '; rule format-gap)"),
    (FIRST_ROW.replace("role: returned\n    phrase: below this line is a copy",
                       "role: status\n    status: 5.1.1\n    phrase: below this line"
                       " is a copy\u2026"),
     "phrase: below this line is a copy\u2026", "below",
     "$.formats[0].phrase: phrase 'below this line is a copy\u2026 of the message' holds "
     "'\u2026' other than as a gap between words of a status row (' \u2026 '; rule "
     "format-gap)"),
    (FIRST_ROW.replace("role: returned\n    phrase: below this line is a copy of the "
                       "message", "role: bare-name-domain\n    phrase: yale edu"),
     "phrase: yale edu", "yale",
     "$.formats[0].phrase: phrase 'yale edu' of a bare-name-domain row is not a domain "
     "name (rule format-bare-name-domain)"),
], ids=["no-mta", "no-example", "upper-case", "missing-fixture", "bad-example", "bad-role",
        "status-missing", "status-not-allowed", "status-not-a-failure", "gap-outside-status",
        "gap-not-between-words", "bad-bare-name-domain"])
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
        if row["role"] == "bare-name-domain":  # looked up, not matched
            assert row["phrase"] in dict(bounce_formats.BARE_NAME_DOMAINS)[row["mta"]]
            continue
        if row["role"] == "status":
            status = tuple(int(number) for number in row["status"].split("."))
            sample = row["phrase"].replace(" \u2026 ", " within forty characters ")
            pattern = next(p for p in dict(bounce_formats.STATUS)[status]
                           if re.fullmatch(p, sample))
            assert re.fullmatch(pattern, sample + "x") is None
            if " \u2026 " in row["phrase"]:  # a gap holds at most 40 characters of a line
                assert re.fullmatch(pattern, row["phrase"].replace("\u2026", "y" * 39))
                assert not re.fullmatch(pattern, row["phrase"].replace("\u2026", "y" * 40))
                assert not re.fullmatch(pattern, row["phrase"].replace("\u2026", "y\ny"))
            continue
        constant = getattr(bounce_formats, row["role"].upper().replace("-", "_"))
        pattern = next(p for p in constant if re.fullmatch(p, row["phrase"]))
        # The pattern matches exactly the phrase: special characters are escaped.
        assert re.fullmatch(pattern, row["phrase"] + "x") is None
    for constant in (bounce_formats.RETURNED, bounce_formats.ADDRESS_LABEL):
        lengths = [len(re.sub(r"\\(.)", r"\1", pattern)) for pattern in constant]
        assert lengths == sorted(lengths, reverse=True)  # longest first


def notice(sender: str, subject: str, body: str, *fields: str) -> bytes:
    head = [f"From: {sender}", "To: list-bounces@lists.example.org", f"Subject: {subject}",
            "Date: Wed, 03 Dec 2025 10:00:00 +0100", *fields]
    return ("\n".join(head) + "\n\n" + body).encode("utf-8")


TAGGED_BODY = "Your message could not be delivered to\nann@example.com\n"


def test_a_subject_tagged_delivery_failed_is_a_bounce_even_behind_re() -> None:
    """A gateway's notice from a person's address: the returned subject ("RE: ..." when it
    was a reply), then the subject-end row's tag."""
    bounce = read_bounce(notice(
        "Gateway Notices <notices@corp.example>",
        "RE: Your message to Team awaits moderator approval : non remis\n\t(delivery failed)",
        TAGGED_BODY))
    assert (bounce.kind, [r.address for r in bounce.recipients]) == (
        "failure", ["ann@example.com"])
    assert [(r.action, r.permanent, r.source) for r in bounce.recipients] == [
        ("failed", True, "text")]


@pytest.mark.parametrize(("subject", "fields"), [
    # A person's reply to such a notice says what it answers (RFC 5322 s3.6.4).
    ("RE: Your message : non remis (delivery failed)", ("In-Reply-To: <n1@corp.example>",)),
    ("Re: RE: Your message (delivery failed)", ("References: <n1@corp.example>",)),
    # The tag is not at the end: someone writing about a failure.
    ("RE: (delivery failed) what happened to my mail?", ()),
], ids=["in-reply-to", "references", "not-at-the-end"])
def test_a_reply_about_a_tagged_notice_is_no_bounce(subject: str, fields: tuple[str, ...]
                                                    ) -> None:
    bounce = read_bounce(notice("Ann <ann@corp.example>", subject, TAGGED_BODY, *fields))
    assert (bounce.kind, bounce.recipients) == ("not-a-bounce", ())


YALE_BODY = (" --------Message not delivered to the following:\n"
             " Sorry.\n\n"
             " ann    No matches to nameserver query\n"
             " bob.k\tNo matches to nameserver query\n"
             " carl\n\n"
             " --------Error Detail (phquery V4.1):\n\n"
             " Please check the name\n")


def test_bare_names_of_a_known_mta_get_each_of_its_domains() -> None:
    bounce = read_bounce(notice("MAILER-DAEMON@mx.its.yale.edu", "Returned mail", YALE_BODY))
    assert [(r.address, r.diagnostic) for r in bounce.recipients] == [
        ("ann@cs.yale.edu", "ann    No matches to nameserver query"),
        ("ann@yale.edu", "ann    No matches to nameserver query"),
        ("bob.k@cs.yale.edu", "bob.k\tNo matches to nameserver query"),
        ("bob.k@yale.edu", "bob.k\tNo matches to nameserver query"),
        ("carl@cs.yale.edu", "carl"),
        ("carl@yale.edu", "carl")]


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@yale.edu.example.net",
                                    "MAILER-DAEMON@notyale.edu"])
def test_bare_names_are_not_completed_for_other_senders(sender: str) -> None:
    body = YALE_BODY.replace(" carl\n", "")  # a lone name gets the sender's domain (AOL)
    bounce = read_bounce(notice(sender, "Returned mail", body))
    assert bounce.recipients == ()
    assert [warning.code for warning in bounce.warnings] == ["no-recipients"]


@pytest.mark.parametrize(("domain", "served"), [
    ("mr2.its.yale.edu", ("cs.yale.edu", "yale.edu")), ("YALE.EDU", ("cs.yale.edu", "yale.edu")),
    ("cs.yale.edu", ("cs.yale.edu", "yale.edu")), ("notyale.edu", ()),
    ("yale.edu.example.net", ()), (None, ()), ("", ())])
def test_bare_name_domains_are_those_of_the_senders_mta(
        domain: str | None, served: tuple[str, ...]) -> None:
    assert text.bare_name_domains(domain) == served


@pytest.mark.parametrize(("diagnostic", "reply"), [
    ("[Status: Error, Address: <kai@example.net>, ResponseCode 421, , Host not reachable.]",
     (421, None)),
    ("kai@example.net Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.", (421, None)),
    # A reply the text writes wins over a labelled code.
    ("[Status: Error, Address: <kai@example.net>, ResponseCode 421, , 550 5.1.1 unknown]",
     (550, (5, 1, 1))),
    # A label is a word of its own: no code after "xresponsecode".
    ("xresponsecode 421, host not reachable", (None, None)),
], ids=["zoho-responsecode", "zoho-error-code", "reply-wins", "not-a-word"])
def test_a_labelled_reply_code_is_read(diagnostic: str,
                                       reply: tuple[int | None, object]) -> None:
    assert text.smtp_reply(diagnostic) == reply


GENERIC_STATUS_ROWS = [row for row in ROWS if row["role"] == "status"
                       and row["example"].startswith("tests/fixtures/bounces/generic_")]


@pytest.mark.parametrize("row", GENERIC_STATUS_ROWS,
                         ids=[row["phrase"] for row in GENERIC_STATUS_ROWS])
def test_each_generic_status_phrase_gives_its_status_to_a_recipient(row: dict[str, str]
                                                                    ) -> None:
    """The generic fixtures give one recipient per phrase, with no code: the reader infers
    the row's status from the row's phrase, and says so."""
    bounce = read_bounce((REPO / row["example"]).read_bytes())
    inferred = []
    for recipient in bounce.recipients:
        [warning] = recipient.warnings
        prefix = f"the text gives no code; {recipient.effective_status} inferred from "
        assert warning.code == "status-inferred" and warning.message.startswith(prefix)
        quoted = warning.message.removeprefix(prefix)
        inferred.append((str(recipient.effective_status), quoted[1:-1].lower()))
    assert [status for status, phrase in inferred if re.fullmatch(row_pattern(row), phrase)
            ] == [row["status"]]


def test_the_status_rows_keep_their_order() -> None:
    """The first status whose phrases a text holds wins: a text that names an unknown user
    and a full mailbox is about the user (5.1.1 comes first in the table)."""
    from smtp_status._generated import bounce_formats

    assert [status for status, _ in bounce_formats.STATUS] == [
        (5, 1, 1), (5, 1, 2), (4, 2, 2), (5, 2, 1), (5, 3, 4), (5, 4, 6), (5, 7, 1), (4, 4, 1),
        (4, 4, 7)]
    assert text.infer_status("mailbox full: user unknown", "failed", False) == (
        5, 1, 1, "user unknown")
    assert text.infer_status("Mailbox FULL, try later", "failed", False) == (
        4, 2, 2, "Mailbox FULL")
    # Permanent by the text's own words, or delayed whatever the phrase.
    assert text.infer_status("Mailbox FULL", "failed", True) == (5, 2, 2, "Mailbox FULL")
    assert text.infer_status("user unknown", "delayed", True) == (4, 1, 1, "user unknown")
    assert text.infer_status("it exceeds the 10 MB size", "failed", False) == (
        5, 3, 4, "exceeds the 10 MB size")
    assert text.infer_status("nothing to see", "failed", False) is None


def test_zohos_expiry_notice_gives_its_labelled_reply_code() -> None:
    """Zoho Mail's "[Status: Error, Address: <...>, ResponseCode 421, , Host not
    reachable.]": the address by its label, the reply code by the reply-label row, and the
    returned message (its headers from "Received:from", no space) left out."""
    bounce = read_bounce((REPO / "tests" / "fixtures" / "bounces" / "zoho_text.eml"
                          ).read_bytes())
    [recipient] = bounce.recipients
    assert (recipient.address, recipient.reply_code, str(recipient.effective_status),
            recipient.retry, recipient.reason, recipient.diagnostic) == (
        "quentin@slow.example.net", 421, "4.0.0", "yes", "expired",
        "[Status: Error, Address: <quentin@slow.example.net>, ResponseCode 421, , Host not "
        "reachable.]")
    assert bounce.original is not None
    assert bounce.original.message_id == (
        "<19a0b2e1c0d.77aa11bb22.1234567890123456789@zoho.example.org>")
