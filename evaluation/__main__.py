"""``python -m evaluation SUBCOMMAND``: measure the runtime on the labelled bounce corpus."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .corpus import corpus_folder


def _reasons() -> Callable[[], int]:
    from .reasons import main

    return main


# One line per area: its subcommand and the function that runs it.
SUBCOMMANDS: dict[str, tuple[str, Callable[[], Callable[[], int]]]] = {
    "reasons": ("reason and hard-bounce agreement with sisimai, and the confusion", _reasons),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("subcommand", choices=sorted(SUBCOMMANDS),
                        help="; ".join(f"{name}: {help}" for name, (help, _) in
                                       sorted(SUBCOMMANDS.items())))
    arguments = parser.parse_args(argv)
    if corpus_folder() is None:
        print("python -m evaluation: the bounce corpus is not in ../shared/bounce-corpus "
              "(or $SMTP_STATUS_BOUNCE_CORPUS)", file=sys.stderr)
        return 2
    return SUBCOMMANDS[arguments.subcommand][1]()()


if __name__ == "__main__":
    sys.exit(main())
