"""The flufl.bounce 6.0.0 corpus (117 real bounces, tests/flufl_corpus.py says how to fetch
it): on the files Mailman's tests mark as bounces, our addresses include the ones Mailman
expects for at least 95% of them.

"Our addresses" of a message are every recipient's ``address`` and ``original_recipient``,
compared case-insensitively: Mailman wants the address it sent to, which a DSN gives as
Original-Recipient when the Final-Recipient is rewritten (an X.400 gateway, an alias).
"""

from __future__ import annotations

import pytest

from smtp_status.bounce import read_bounce
from tests.flufl_corpus import TARGET, corpus_folder, expected_addresses

FOLDER = corpus_folder()
pytestmark = pytest.mark.skipif(
    FOLDER is None, reason="the flufl.bounce 6.0.0 sdist is not unpacked in "
    "$SMTP_STATUS_FLUFL_CORPUS or .cache/flufl.bounce-6.0.0 (see tests/flufl_corpus.py)")


def ours(data: bytes) -> set[str]:
    bounce = read_bounce(data)
    return {address.lower() for recipient in bounce.recipients
            for address in (recipient.address, recipient.original_recipient) if address}


def test_expected_addresses_are_found_for_95_percent() -> None:
    assert FOLDER is not None
    expected = expected_addresses(FOLDER)
    assert len(expected) == 111
    missed = sorted(name for name, addresses in expected.items()
                    if not addresses <= ours((FOLDER / "tests" / "data" / name).read_bytes()))
    rate = 1 - len(missed) / len(expected)
    assert rate >= TARGET, (rate, missed)
    # Measured: 111 of 111. simple_20 (a gateway's "RE: <returned subject> : non remis
    # (delivery failed)" from a person's address) is read by its subject-end row; yale_01
    # names "userx" without a domain, completed by Yale's bare-name-domain rows.
    assert missed == []


# The DSNs whose Final-Recipient is not the address Mailman sent to: an X.400 string
# (dsn_02, dsn_09), a local name (dsn_01's user@sims-ms-daemon) or an alias's mailbox.
ORIGINAL_RECIPIENT_CASES = ["dsn_01.txt", "dsn_02.txt", "dsn_04.txt", "dsn_09.txt",
                            "dsn_17.txt"]


def test_the_address_is_the_one_sent_to() -> None:
    assert FOLDER is not None
    expected = expected_addresses(FOLDER)
    missed = sorted(name for name, addresses in expected.items() if not addresses <= {
        recipient.address.lower() for recipient in read_bounce(
            (FOLDER / "tests" / "data" / name).read_bytes()).recipients})
    # ``address`` alone (no original_recipient needed) finds as much as both together.
    assert missed == []
    for name in ORIGINAL_RECIPIENT_CASES:
        [recipient] = read_bounce((FOLDER / "tests" / "data" / name).read_bytes()).recipients
        assert recipient.address.lower() in expected[name]
        assert recipient.final_recipient is not None
        assert recipient.final_recipient.lower() not in expected[name]


def test_every_corpus_message_reads_without_error() -> None:
    assert FOLDER is not None
    files = sorted((FOLDER / "tests" / "data").glob("*.txt"))
    assert len(files) == 117
    for path in files:
        bounce = read_bounce(path.read_bytes())
        assert all(warning.code != "unreadable-message" for warning in bounce.warnings)


@pytest.mark.parametrize(("name", "kind"), [("groupwise_03.txt", "not-a-bounce"),
                                            ("qmail_08.txt", "auto-reply")])
def test_non_bounces_of_the_corpus_give_no_bounced_recipients(name: str, kind: str) -> None:
    assert FOLDER is not None
    # Mailman expects nothing from these: an ordinary reply and an auto-reply, whose only
    # recipient is the responder, read from its headers.
    bounce = read_bounce((FOLDER / "tests" / "data" / name).read_bytes())
    assert bounce.kind == kind
    assert [r.source for r in bounce.recipients] == (["headers"] if kind == "auto-reply" else [])


def test_yales_bare_name_is_completed_with_both_of_its_domains() -> None:
    assert FOLDER is not None
    bounce = read_bounce((FOLDER / "tests" / "data" / "yale_01.txt").read_bytes())
    assert [(r.address, str(r.effective_status), r.reason, r.diagnostic, r.source)
            for r in bounce.recipients] == [
        (address, "5.1.1", "user-unknown", "userx    No matches to nameserver query", "text")
        for address in ("userx@cs.yale.edu", "userx@yale.edu")]
    assert [w.message for r in bounce.recipients for w in r.warnings] == [
        "the text gives no code; 5.1.1 inferred from 'No matches to nameserver'"] * 2


def test_a_gateways_tagged_reply_subject_is_read_as_its_notice() -> None:
    assert FOLDER is not None
    bounce = read_bounce((FOLDER / "tests" / "data" / "simple_20.txt").read_bytes())
    assert (bounce.kind, bounce.is_bounce, bounce.warnings) == ("failure", True, ())
    assert [(r.address, r.action, r.permanent, r.diagnostic, r.source)
            for r in bounce.recipients] == [
        ("userx@example.com", "failed", True, "userx@example.com", "text")]
