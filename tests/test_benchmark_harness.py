"""The benchmark harness on stub samples: its rows, verdicts and skips (nothing is timed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.__main__ import format_row
from benchmarks.bounce import corpus_messages
from benchmarks.measures import Measure, Result, Skipped, fresh_interpreter_code, ratios_of


def stub_samplers(baseline: list[float], subject: list[float]) -> Measure:
    def prepare(quick: bool) -> tuple[object, object]:
        return iter(baseline).__next__, iter(subject).__next__

    return Measure("stub row", 2, prepare)  # type: ignore[arg-type]


def test_a_run_pairs_each_baseline_with_its_subject_after_one_warm_up_each() -> None:
    # The first sample of each side is the warm-up and is dropped.
    measure = stub_samplers([9.0, 1.0, 2.0, 4.0], [9.0, 3.0, 2.0, 4.0])
    result = measure.run(3, quick=True)
    assert result == Result("stub row", 2, (3.0, 1.0, 1.0), 3.0, 2.0)
    assert result.median == 1.0 and result.met


def test_rows_print_the_median_ratio_spread_target_verdict_and_times() -> None:
    result = ratios_of("lookup (vs dict.get)", 4, [(1e-6, 5e-6), (2e-6, 6e-6), (1e-6, 4.5e-6)])
    assert format_row(result) == (
        "| lookup (vs dict.get) | 4.50x | 3.00-5.00x | <= 4x | MISS | 5.0 us vs 1.0 us |")
    met = ratios_of("import (vs http)", 1.6, [(0.0125, 0.0150)])
    assert format_row(met) == (
        "| import (vs http) | 1.20x | 1.20-1.20x | <= 1.6x | ok | 15,000.0 us vs 12,500.0 us |")


def test_a_row_that_cannot_run_says_why_and_is_neither_met_nor_missed() -> None:
    def prepare(quick: bool) -> tuple[object, object]:
        raise Skipped("the shared bounce corpus is not at /nowhere")

    result = Measure("corpus row", 0.6, prepare).run(3, quick=True)  # type: ignore[arg-type]
    assert result.skipped == "the shared bounce corpus is not at /nowhere"
    assert not result.met
    assert format_row(result) == (
        "| corpus row | - | - | <= 0.6x | skipped: the shared bounce corpus is not at /nowhere "
        "| - |")


def test_the_corpus_row_reads_the_labelled_corpus_or_skips_with_its_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluation import corpus

    monkeypatch.setattr(corpus, "folder", lambda: None)
    try:
        corpus_messages()
    except Skipped as reason:
        assert str(reason) == corpus.ABSENT
    else:
        raise AssertionError("no Skipped")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "b.eml").write_bytes(b"B")
    (tmp_path / "emails" / "a.eml").write_bytes(b"A")
    (tmp_path / "expected.jsonl").write_text(
        '{"file": "b.eml", "recipients": []}\n{"file": "a.eml", "recipients": []}\n', "utf-8")
    assert corpus_messages(tmp_path) == [b"B", b"A"]


def test_an_import_is_timed_on_cpu_time_after_what_every_program_has_loaded() -> None:
    assert fresh_interpreter_code("import email.parser") == (
        "import enum, re\nimport time\nstart = time.process_time()\nimport email.parser\n"
        "print(time.process_time() - start)")
