"""The flufl.bounce 6.0.0 corpus: 117 real bounces and the addresses Mailman expects.

The unpacked sdist is looked for in the folder named by ``SMTP_STATUS_FLUFL_CORPUS``, else
in ``<repo>/.cache/flufl.bounce-6.0.0`` (or the ``flufl_bounce-6.0.0`` folder the sdist
unpacks to). Its files are never committed. Fetch it with::

    pip download --no-deps --no-binary :all: flufl.bounce==6.0.0 -d .cache
    mkdir -p .cache/flufl.bounce-6.0.0
    tar -xzf .cache/flufl_bounce-6.0.0.tar.gz -C .cache/flufl.bounce-6.0.0 --strip-components=1
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.95


def corpus_folder() -> Path | None:
    """The unpacked sdist (holding tests/data and tests/test_detectors.py), or None."""
    named = os.environ.get("SMTP_STATUS_FLUFL_CORPUS")
    candidates = ([Path(named)] if named else
                  [REPO / ".cache" / "flufl.bounce-6.0.0", REPO / ".cache" / "flufl_bounce-6.0.0"])
    for folder in candidates:
        tests = folder / "tests"
        if (tests / "test_detectors.py").is_file() and (tests / "data").is_dir():
            return folder
    return None


def expected_addresses(folder: Path) -> dict[str, set[str]]:
    """File name -> the addresses Mailman expects, lower-cased, for the files that some
    detector marks as bounces (a non-empty expected list), read from DETECTORS in
    tests/test_detectors.py without importing it."""
    tree = ast.parse((folder / "tests" / "test_detectors.py").read_text(encoding="utf-8"))
    expected: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "DETECTORS"
                for target in node.targets):
            for _, filename, addresses, _ in ast.literal_eval(node.value):
                if addresses:
                    expected.setdefault(filename, set()).update(
                        address.decode("ascii").lower() for address in addresses)
    return expected
