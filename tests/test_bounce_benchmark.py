"""The bounce benchmark rows prepare and sample (timing is python -m benchmarks' job)."""

from __future__ import annotations

import pytest

from benchmarks.bounce import BOUNCE_MEASURES, bounce_messages

from .hostile_bounces import hostile_cases


def test_rows_measure_the_same_messages_and_sample() -> None:
    # The floor on the fixtures and on the corpus (issue 23), flufl.bounce, the 20 MB growth.
    assert [measure.target for measure in BOUNCE_MEASURES[:4]] == [0.6, 0.6, 1, 1.3]
    assert len(bounce_messages()) >= 28
    pytest.importorskip("flufl.bounce")
    for measure in BOUNCE_MEASURES[:4]:
        baseline, subject = measure.prepare(True)
        assert baseline() > 0
        assert subject() > 0


def test_every_hostile_shape_is_a_row_of_its_own() -> None:
    rows = [row for row in BOUNCE_MEASURES if row.name.startswith("read_bounce per MB, hostile")]
    assert [row.name for row in rows] == [
        f"read_bounce per MB, hostile: {name}, 200 KB (vs 20 KB)" for name in hostile_cases(100)]
    assert {row.target for row in rows} == {1.5}
    assert len(rows) == 25
    # Two of them sampled: the others prepare the same way.
    for row in (rows[0], rows[-1]):
        baseline, subject = row.prepare(True)
        assert baseline() > 0
        assert subject() > 0
