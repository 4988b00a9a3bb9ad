"""Reasons on the labelled corpus (../shared/bounce-corpus): agreement with sisimai's reason,
through each reason's maps_to.sisimai, and with its hardbounce verdict, on the recipients
whose expected reason is a failure. ``python -m evaluation reasons`` prints the same figures
with the confusion by reason and every disagreement.

Issue 16's targets are 90% (reason) and 97% (hard bounce), measured on the recipients the
reader finds. The reason target is met and asserted. The hard-bounce target is not: most of
what stands between is where we refuse, on purpose, sisimai's verdict (registry/README.md,
"Where we differ from sisimai on purpose"), so the floor below holds what this checkout
reaches and the target stays a strict expected failure: the day it is met, the marker fails
and asks to be removed.
"""

from __future__ import annotations

import pytest

from evaluation.corpus import ABSENT, folder
from evaluation.reasons import HARD_TARGET, REASON_TARGET, Outcome, evaluate

pytestmark = pytest.mark.skipif(folder() is None, reason=ABSENT)



@pytest.fixture(scope="module")
def outcome() -> Outcome:
    return evaluate()


def test_the_counts(outcome: Outcome) -> None:
    assert outcome.recipients == 274
    assert outcome.read >= 273


def test_issue_16_reason_target(outcome: Outcome) -> None:
    assert outcome.reason_rate >= REASON_TARGET, outcome.reason_rate


def test_issue_16_hard_bounce_target(outcome: Outcome) -> None:
    assert outcome.hard_rate >= HARD_TARGET


def test_no_suppress_where_sisimai_sees_a_good_address_but_the_documented_cases(
        outcome: Outcome) -> None:
    # Where we call an address bad that sisimai calls good, the case is written down.
    wrongly_hard = sorted(f"{file}#{index}" for file, index, _, hard, _, ours, _ in
                          outcome.disagreements if ours and not hard)
    assert wrongly_hard == KNOWN_WRONGLY_HARD


# registry/README.md lists each: a "doesn't have an account" reply, and a 5.1.1 "User
# Unknown" sisimai calls mailboxfull.
KNOWN_WRONGLY_HARD = ["lhost-x2-01.eml#1", "rfc3464-01.eml#1"]
