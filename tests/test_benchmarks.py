"""The benchmark harness on stub measures: its table's shape, its ratios and medians, and the
rows it declares. Nothing here times anything or runs a real measure (python -m benchmarks
does that; the speed targets live in its table)."""

from __future__ import annotations

import itertools
import sys

import pytest

import benchmarks.__main__ as harness
from benchmarks.bounce import BOUNCE_MEASURES, bounce_messages
from benchmarks.measures import MEASURES, Measure, Result, Sample

from .hostile_bounces import hostile_cases


def stub(name: str, target: float, baseline: list[float], subject: list[float]) -> Measure:
    """A measure whose samplers return the given times in turn (the first is the warm-up)."""
    def prepare(quick: bool) -> tuple[Sample, Sample]:
        base, sub = itertools.cycle(baseline), itertools.cycle(subject)
        return (lambda: next(base)), (lambda: next(sub))
    return Measure(name, target, prepare)


def test_a_row_shows_median_spread_target_verdict_and_times() -> None:
    result = Result("parse (vs dict.get)", 4, (3.0, 5.0, 4.5), 0.0000125, 0.0000031)
    assert result.median == 4.5
    assert harness.format_row(result) == (
        "| parse (vs dict.get) | 4.50x | 3.00-5.00x | <= 4x | MISS | 12.5 us vs 3.1 us |")
    met = Result("import (vs http)", 2, (1.5,), 1.2345, 1.0)
    assert harness.format_row(met) == (
        "| import (vs http) | 1.50x | 1.50-1.50x | <= 2x | ok | 1,234,500.0 us vs "
        "1,000,000.0 us |")


def test_run_warms_up_then_pairs_each_baseline_with_its_subject() -> None:
    # Warm-up (10, 99) is dropped; the pairs are (2, 4), (4, 4), (1, 3).
    measure = stub("m", 1.5, [10, 2, 4, 1], [99, 4, 4, 3])
    result = measure.run(3, quick=True)
    assert result == Result("m", 1.5, (2.0, 1.0, 3.0), 4, 2)
    assert result.median == 2.0


def test_the_table_lists_every_row_and_counts_the_misses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(harness, "MEASURES", (stub("fast (vs floor)", 2, [1.0], [1.5]),))
    monkeypatch.setattr(harness, "BOUNCE_MEASURES", [stub("slow (vs floor)", 1, [1.0], [3.0])])
    assert harness.main(["--quick"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"python {sys.version.split()[0]}, 3 interleaved repetitions per row, CPU time",
        "| measure | median ratio | spread | target | verdict | median times |",
        "|---|---|---|---|---|---|",
        "| fast (vs floor) | 1.50x | 1.50-1.50x | <= 2x | ok | 1,500,000.0 us vs "
        "1,000,000.0 us |",
        "| slow (vs floor) | 3.00x | 3.00-3.00x | <= 1x | MISS | 3,000,000.0 us vs "
        "1,000,000.0 us |",
        "1 target(s) missed",
    ]
    assert harness.main(["--only", "fast"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(", 15 interleaved repetitions per row, CPU time")
    assert [line.split(" | ")[0] for line in lines[3:-1]] == ["| fast (vs floor)"]
    assert lines[-1] == "all targets met"


def test_the_declared_rows() -> None:
    names = [measure.name for measure in (*MEASURES, *BOUNCE_MEASURES)]
    assert len(set(names)) == len(names)
    assert all(" (vs " in name and name.endswith(")") for name in names)
    assert all(measure.target > 0 and callable(measure.prepare)
               for measure in (*MEASURES, *BOUNCE_MEASURES))
    # The floor on the fixtures and on the corpus, flufl.bounce, the 20 MB growth.
    assert [measure.target for measure in BOUNCE_MEASURES[:4]] == [0.6, 0.6, 1, 1.3]


def test_every_hostile_shape_is_a_row_of_its_own() -> None:
    rows = [row for row in BOUNCE_MEASURES if row.name.startswith("read_bounce per MB, hostile")]
    assert [row.name for row in rows] == [
        f"read_bounce per MB, hostile: {name}, 200 KB (vs 20 KB)" for name in hostile_cases(100)]
    assert {row.target for row in rows} == {1.5}


def test_the_bounce_rows_read_every_fixture_bounce() -> None:
    assert len(bounce_messages()) >= 28
