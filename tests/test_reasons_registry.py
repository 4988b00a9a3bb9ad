"""registry/bounce-reasons.yaml under `python -m generators validate`: the committed table
passes; each broken copy (the real file with one small edit) is refused with exactly one line
per problem at its position, exit 2 and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.bounce_reasons import ADVICE, covers, parse_status_pattern

from .conftest import REPO, edit, position, run_cli

REASONS = REPO / "registry" / "bounce-reasons.yaml"
LAST_RULE = "  - id: nothing-said\n    tier: 5\n"
UNDETERMINED_SOURCE = ("    reason: undetermined\n"
                       "    source: RFC 3463 s3.1 (X.0.0 Other undefined status)\n"
                       "    example: {file: ses_text.eml}\n")
MAILBOX_FULL = "    hard: false\n    advice: retry\n    maps_to:\n      sisimai: [mailboxfull]\n"


def refused(tmp_path: Path, *edits: tuple[str, str]) -> tuple[str, list[str]]:
    """Validate the registry with ``edits``; its text and its stderr lines (exit 2)."""
    text = REASONS.read_text("utf-8")
    for old, new in edits:
        text = edit(text, old, new)
    path = tmp_path / "bounce-reasons.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--reasons", str(path))
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    return text, [line.removeprefix(f"{path}:") for line in result.stderr.splitlines()]


def test_a_rule_without_source_or_example_is_refused(tmp_path: Path) -> None:
    text, lines = refused(tmp_path, (UNDETERMINED_SOURCE, "    reason: undetermined\n"))
    assert lines == [
        f"{position(text, LAST_RULE, 'id')}: $.rules[{rule_count(text) - 1}]: rule "
        "'nothing-said' has neither a source nor an example; every rule cites the RFC, page "
        "or documentation it comes from, or a bounce it was seen in "
        "(rule reason-rule-evidence)"]


def test_suppress_for_a_reason_that_is_not_hard_is_refused(tmp_path: Path) -> None:
    text, lines = refused(tmp_path, (MAILBOX_FULL, MAILBOX_FULL.replace("retry", "suppress")))
    assert lines == [
        f"{position(text, MAILBOX_FULL.replace('retry', 'suppress'), 'suppress')}: "
        "$.reasons[2].advice: reason 'mailbox-full' advises 'suppress' but hard is False; "
        "only a hard reason advises suppress, and every hard reason does "
        "(rule reason-suppress-hard)"]


def test_a_bad_status_pattern_is_refused(tmp_path: Path) -> None:
    old = "    status: X.1.1\n    reason: user-unknown\n"
    text, lines = refused(tmp_path, (old, old.replace("X.1.1", "X.01.1")))
    assert lines == [
        f"{position(text, 'status: X.01.1', 'X')}: $.rules[{rule_index(text, 'code-bad-mailbox')}]"
        ".status: 'X.01.1' is not a status pattern: CLASS.SUBJECT.DETAIL with a class of 2, 4, "
        "5 or X and numbers (no leading zero) or X, a rising range within one class and "
        "subject such as X.7.20-X.7.26, or none (rule reason-status-pattern)"]


def test_a_rule_that_can_never_decide_is_refused(tmp_path: Path) -> None:
    # X.1.X before the specific X.1.6 and X.1.7 rows shadows every one of them.
    text, lines = refused(tmp_path, ("    status: X.1.3\n", "    status: X.1.X\n"))
    shadowed = ["code-moved", "code-bad-sender", "code-bad-sender-system",
                "code-null-mx-recipient", "text-address-status-refused", "code-addressing"]
    assert lines == [
        f"{position(text, f'  - id: {name}' + chr(10), 'id')}: $.rules[{rule_index(text, name)}]: "
        f"rule '{name}' can never decide: rule 'code-bad-mailbox-syntax' before it matches "
        "every status it matches, whatever the text (rule reason-rule-reachable)"
        for name in shadowed]


def test_the_last_rule_must_always_hold(tmp_path: Path) -> None:
    text, lines = refused(tmp_path, (LAST_RULE, LAST_RULE + "    reply_codes: [550]\n"))
    assert lines == [
        f"{position(text, LAST_RULE, 'id')}: $.rules[{rule_count(text) - 1}]: the last rule "
        "'nothing-said' has conditions; the last row must have none, so that every reply gets "
        "a rule (rule reason-rule-last)"]


def test_an_unknown_reason_and_tier_order_are_refused(tmp_path: Path) -> None:
    text, lines = refused(
        tmp_path, ("    reason: has-moved\n    source: RFC 3463 s3.2 (X.1.6",
                   "    reason: moved-away\n    source: RFC 3463 s3.2 (X.1.6"),
        (LAST_RULE, LAST_RULE.replace("5", "3")))
    assert lines == [
        f"{position(text, 'reason: moved-away', 'moved')}: "
        f"$.rules[{rule_index(text, 'code-moved')}].reason: reason 'moved-away' is not in the "
        "reasons table (rule reason-known)",
        f"{position(text, '  - id: nothing-said' + chr(10) + '    tier: 3', '3')}: "
        f"$.rules[{rule_count(text) - 1}].tier: rule 'nothing-said' of tier 3 comes after a "
        "rule of tier 4; rows are in tier order (rule reason-tier-order)"]


def test_an_example_that_names_no_bounce_is_refused(tmp_path: Path) -> None:
    text, lines = refused(tmp_path, ("example: {file: lhost-exim-43.eml}",
                                     "example: {file: notes.txt}"))
    assert lines == [
        f"{position(text, 'file: notes.txt', 'notes')}: "
        f"$.rules[{rule_index(text, 'text-ptr')}].example.file: example 'notes.txt' is neither "
        "a file of tests/fixtures/bounces nor a bounce corpus file name such as "
        "'lhost-postfix-01.eml' (rule reason-example-file)"]


def test_an_upper_case_fragment_and_an_unknown_provider_are_refused(tmp_path: Path) -> None:
    text, lines = refused(tmp_path, ("    text_any: [dmarc]\n", "    text_any: [DMARC]\n"))
    assert lines == [
        f"{position(text, 'text_any: [DMARC]', 'D')}: "
        f"$.rules[{rule_index(text, 'text-dmarc')}].text_any[0]: 'DMARC' holds upper-case "
        "letters; the text is matched lower-cased, so it could never match "
        "(rule reason-text-fragment)"]
    # Cross-rules run once every registry is valid: a provider vendor-codes.yaml lacks.
    text, lines = refused(tmp_path, ("    text_any: [dmarc]\n",
                                     "    text_any: [dmarc]\n    provider: yahoo\n"))
    assert lines == [
        f"{position(text, 'provider: yahoo', 'yahoo')}: "
        f"$.rules[{rule_index(text, 'text-dmarc')}].provider: provider 'yahoo' is "
        "not in vendor-codes.yaml's providers (rule reason-provider-known)"]


def rule_count(text: str) -> int:
    return text.split("\nrules:\n", 1)[1].count("\n  - id: ")


def rule_index(text: str, rule: str) -> int:
    rules = text.split("\nrules:\n", 1)[1]
    return rules[:rules.index(f"  - id: {rule}\n")].count("  - id: ")


@pytest.mark.parametrize(("pattern", "match"), [
    ("X.1.1", (None, 1, 1, 1)), ("5.X.X", (5, None, None, None)), ("X.7.X", (None, 7, None, None)),
    ("X.7.20-X.7.26", (None, 7, 20, 26)), ("5.7.606-5.7.649", (5, 7, 606, 649)),
    ("none", (-1, None, None, None)), ("X.X.0", (None, None, 0, 0)),
    ("X.01.1", None), ("3.1.1", None), ("X.7.26-X.7.20", None), ("X.7.2-X.8.3", None),
    ("X.7.X-X.7.9", None), ("5.7.1-4.7.2", None), ("X.1.1000", None), ("", None),
])
def test_status_patterns(pattern: str, match: object) -> None:
    assert parse_status_pattern(pattern) == match


def test_coverage_of_status_patterns() -> None:
    def parsed(text: str) -> tuple[int | None, int | None, int | None, int | None]:
        found = parse_status_pattern(text)
        assert found is not None
        return found

    assert covers(None, parsed("X.1.1")) and covers(None, None)
    assert covers(parsed("X.1.X"), parsed("5.1.6"))
    assert covers(parsed("X.7.20-X.7.26"), parsed("X.7.25"))
    assert not covers(parsed("X.7.20-X.7.26"), parsed("X.7.X"))
    assert not covers(parsed("5.X.X"), parsed("X.1.1"))
    assert not covers(parsed("X.X.X"), parsed("none")) and not covers(parsed("none"), None)
    assert not covers(parsed("X.1.1"), None)


def test_the_schemas_list_the_same_advice_and_reasons() -> None:
    from smtp_status.reasons import ADVICE as RUNTIME_ADVICE
    from smtp_status.reasons import REASON_IDS

    source = json.loads((REPO / "schema" / "input" / "bounce-reasons.schema.json")
                        .read_text("utf-8"))
    reason = source["properties"]["reasons"]["items"]["properties"]
    assert tuple(reason["advice"]["enum"]) == ADVICE == RUNTIME_ADVICE
    for name in ("bounce", "explain"):
        schema = json.loads((REPO / "schema" / "output" / f"{name}.schema.json")
                            .read_text("utf-8"))
        # bounce's record of a message that names no recipient has null ones.
        nullable = [None] if name == "bounce" else []
        assert schema["properties"]["reason"]["enum"] == [*REASON_IDS, *nullable], name
        assert schema["properties"]["advice"]["enum"] == [*ADVICE, *nullable], name


# The ids DECISIONS.md fixed for every area: bounce-reasons.yaml may add ids, never rename.
FIXED_REASON_IDS = frozenset((
    "user-unknown", "host-unknown", "mailbox-full", "has-moved", "not-accept", "suspended",
    "filtered", "policy", "spam-detected", "virus-detected", "authentication", "blocked",
    "bad-reputation", "require-ptr", "rate-limited", "too-many-connections", "message-too-big",
    "content-error", "not-rfc-compliant", "no-relaying", "sender-rejected", "expired",
    "network-error", "system-error", "system-full", "mailer-error", "failed-starttls",
    "security-error", "syntax-error", "suppressed", "on-hold", "undetermined", "feedback",
    "auto-reply", "delivered"))


def test_the_fixed_reason_ids_are_all_reasons_here() -> None:
    from smtp_status.reasons import REASON_IDS

    assert set(REASON_IDS) - FIXED_REASON_IDS == {"greylisted"}
    assert set(REASON_IDS) >= FIXED_REASON_IDS


def test_the_published_json_matches_its_schema() -> None:
    import jsonschema

    schema = json.loads((REPO / "schema" / "output" / "smtp-bounce-reasons.schema.json")
                        .read_text("utf-8"))
    document = json.loads((REPO / "generated" / "json" / "smtp-bounce-reasons.json")
                          .read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(validator.iter_errors(document)) == []
    broken = json.loads(json.dumps(document))
    broken["rules"][0]["source"], broken["rules"][0]["example"] = None, None
    broken["reasons"][0]["advice"] = "delete"
    assert sorted(error.json_path for error in validator.iter_errors(broken)) == [
        "$.reasons[0].advice", "$.rules[0]"]
