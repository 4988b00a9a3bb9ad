"""The fuzz targets (python -m fuzz) hold on every seed and on a short, fixed-seed run; the
long runs are the maintainer's (README, Developing)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fuzz import TARGETS, seeds
from fuzz.__main__ import main, mutate

from .conftest import REPO

SEEDS = seeds()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_target_holds_on_every_seed(name: str) -> None:
    for data in SEEDS:
        TARGETS[name](data)


def test_a_short_fixed_seed_run_of_every_target_passes(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert main(["--runs", "15", "--seed", "1"]) == 0
    assert capsys.readouterr().out == "".join(f"{name}: ok, 15 inputs\n" for name in TARGETS)


def test_a_failing_target_is_reported_with_its_input(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes) -> None:
        assert b"From" not in data

    monkeypatch.setitem(TARGETS, "broken", broken)
    assert main(["broken", "--runs", "5", "--seed", "1"]) == 1
    assert capsys.readouterr().out.startswith("broken: FAILED on b'")


def test_mutations_apply_each_edit() -> None:
    assert mutate(b"abcdef", [(2, 0, 0)]) == b"ab=?utf-8?b?A?=cdef"
    assert mutate(b"abcdef", [(2, 1, 0x41)]) == b"abAdef"
    assert mutate(b"abcdef", [(2, 2, 3)]) == b"abf"
    assert len(mutate(b"", [(0, 3, 0)])) == len(b"=?utf-8?b?A?=") * 100


def test_an_unknown_target_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "-m", "fuzz", "nope"], cwd=REPO,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "python -m fuzz: error: unknown target 'nope'; choose from read_bounce, "
        "read_bounce_text, parse_dsn_message, bounce_output, explain_output, host_name")


def test_atheris_runs_a_target_when_installed() -> None:
    pytest.importorskip("atheris")
    result = subprocess.run([sys.executable, "-m", "fuzz", "--engine", "atheris", "--runs",
                             "200", "--seed", "1", "host_name"], cwd=REPO, capture_output=True,
                            text=True, timeout=300, check=False)
    assert (result.returncode, result.stdout) == (0, "host_name: ok\n")
