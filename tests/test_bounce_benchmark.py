"""The bounce benchmark rows prepare and sample (timing is python -m benchmarks' job)."""

from __future__ import annotations

import pytest

from benchmarks.bounce import BOUNCE_MEASURES, bounce_messages


def test_rows_measure_the_same_messages_and_sample() -> None:
    assert [measure.target for measure in BOUNCE_MEASURES] == [0.6, 0.6, 1, 1.3, 1.5]
    assert len(bounce_messages()) >= 28
    pytest.importorskip("flufl.bounce")
    for measure in BOUNCE_MEASURES:
        baseline, subject = measure.prepare(True)
        assert baseline() > 0
        assert subject() > 0
