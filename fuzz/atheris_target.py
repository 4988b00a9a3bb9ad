"""``python -m fuzz.atheris_target TARGET [libFuzzer options] [CORPUS]``: one target under
atheris (``pip install atheris``); ``python -m fuzz --engine atheris`` runs it."""

from __future__ import annotations

import importlib
import sys


def main() -> None:
    try:
        import atheris  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        print("python -m fuzz --engine atheris needs atheris: pip install atheris",
              file=sys.stderr)
        sys.exit(2)
    from . import TARGETS

    name = sys.argv[1]
    target = TARGETS[name]
    # What the targets run, imported here first so that atheris instruments it for coverage.
    with atheris.instrument_imports():
        for module in ("smtp_status.bounce.reader", "smtp_status.bounce.command",
                       "smtp_status.dsn", "smtp_status.explain", "smtp_status.vendors"):
            importlib.import_module(module)
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
