"""The reader on the labelled corpus of real bounces (../shared/bounce-corpus, issue 15):
the targets, and CR-only and CRLF copies of every email read exactly as the LF one.

The figures are ``python -m evaluation statuses``'s; feedback reports and auto-replies are
left out until the reader reports them. Every miss must be one of the expectations
evaluation/statuses.py says we disagree with, and why.
"""

from __future__ import annotations

import pytest

from evaluation.corpus import ABSENT, emails, folder
from evaluation.statuses import DISAGREEMENTS, scores
from smtp_status.bounce import read_bounces

pytestmark = pytest.mark.skipif(folder() is None, reason=ABSENT)


def test_the_targets_on_the_corpus() -> None:
    total, _ = scores()
    assert total.emails == 265
    assert total.counted_right / total.emails >= 0.99
    assert total.statuses_right / total.statuses >= 0.99
    assert total.replies_right / total.replies >= 0.97
    assert total.nobody == 0
    for miss in total.misses:
        name = miss.partition(":")[0]
        assert name in DISAGREEMENTS, miss


def test_cr_only_and_crlf_copies_read_as_the_lf_one() -> None:
    for email in emails():
        lf = email.read().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        expected = list(read_bounces(lf))
        for copy in (lf.replace(b"\n", b"\r\n"), lf.replace(b"\n", b"\r")):
            assert list(read_bounces(copy)) == expected, email.name
