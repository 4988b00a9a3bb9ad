"""The benchmark runs in its quickest mode and prints every row (a smoke test, no timing)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from benchmarks.bounce import BOUNCE_MEASURES
from benchmarks.measures import MEASURES

from .conftest import REPO

ROW = re.compile(r"\| (?P<name>.+?) \| (?P<ratio>[0-9.]+)x \| [0-9.]+-[0-9.]+x \| <= [0-9.]+x \| "
                 r"(?:ok|MISS) \| [0-9,.]+ us vs [0-9,.]+ us \|")


@pytest.mark.skipif(importlib.util.find_spec("flufl") is None,
                    reason="the bounce rows measure flufl.bounce, which needs Python 3.11+")
def test_quick_run_prints_every_row() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == ("| measure | median ratio | spread | target | verdict | "
                        "median times |")
    rows = [ROW.fullmatch(line) for line in lines[3:-1]]
    assert all(rows), lines
    names = [measure.name for measure in (*MEASURES, *BOUNCE_MEASURES)]
    assert [row.group("name") for row in rows if row] == names
    assert lines[-1] == "all targets met" or lines[-1].endswith(" target(s) missed")
