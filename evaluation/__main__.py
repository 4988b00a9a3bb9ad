"""``python -m evaluation [AREA ...]``: print the scores of each area (all by default)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .corpus import ABSENT, folder

# Area -> the module whose ``report()`` returns its lines.
AREAS = {
    "statuses": "evaluation.statuses",
    "reasons": "evaluation.reasons",
    "kinds": "evaluation.kinds",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("areas", nargs="*", metavar="AREA",
                        help=f"what to score: {', '.join(AREAS)} (all when none is named)")
    arguments = parser.parse_args(argv)
    unknown = [area for area in arguments.areas if area not in AREAS]
    if unknown:
        parser.error(f"unknown area {unknown[0]!r}; choose from {', '.join(AREAS)}")
    if folder() is None:
        print(f"python -m evaluation: {ABSENT}", file=sys.stderr)
        return 2
    for area in arguments.areas or list(AREAS):
        module = importlib.import_module(AREAS[area])
        for line in module.report():
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
