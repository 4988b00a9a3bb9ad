"""Print one row per measure: the median ratio to its baseline, its spread, and the target.

Each measure is interleaved with its baseline (baseline, subject, baseline, subject...)
so that noise on this shared machine hits both alike; the ratio of each pair is taken and
the median of those ratios reported with their spread (min-max). Every time is CPU time
(see measures.py), so load on a shared machine widens the spread, not the verdict. Absolute
times are context only. A row that cannot run here (the shared corpus absent, say) prints
its reason and counts as neither met nor missed. ``--quick`` runs few repetitions: a smoke
test, not a measurement.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .bounce import BOUNCE_MEASURES
from .measures import MEASURES, Result


def format_row(result: Result) -> str:
    if result.skipped is not None:
        return f"| {result.name} | - | - | <= {result.target:g}x | skipped: {result.skipped} | - |"
    verdict = "ok" if result.met else "MISS"
    return (f"| {result.name} | {result.median:.2f}x | {min(result.ratios):.2f}-"
            f"{max(result.ratios):.2f}x | <= {result.target:g}x | {verdict} | "
            f"{result.subject_seconds * 1e6:,.1f} us vs {result.baseline_seconds * 1e6:,.1f} us |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    parser.add_argument("--only", help="run only the measures whose name contains this")
    arguments = parser.parse_args(argv)
    repeats = 3 if arguments.quick else 15
    print(f"python {sys.version.split()[0]}, {repeats} interleaved repetitions per row, "
          "CPU time")
    print("| measure | median ratio | spread | target | verdict | median times |")
    print("|---|---|---|---|---|---|")
    misses = 0
    for measure in (*MEASURES, *BOUNCE_MEASURES):
        if arguments.only and arguments.only not in measure.name:
            continue
        result = measure.run(repeats, quick=arguments.quick)
        misses += result.skipped is None and not result.met
        print(format_row(result), flush=True)
    print(f"{misses} target(s) missed" if misses else "all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

