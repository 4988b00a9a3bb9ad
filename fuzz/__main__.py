"""``python -m fuzz [TARGET ...] [--runs N] [--engine hypothesis|atheris]``: fuzz the targets
(all by default; see fuzz/__init__.py), starting from the seeds.

hypothesis (a test dependency) mutates the seeds: splices of hostile tokens, flipped bytes,
cuts. atheris (``pip install atheris``, coverage-guided, libFuzzer's mutations) runs each
target in its own process, its corpus the seeds. Exit 0 when no target failed, 1 with the
failing input printed as a Python bytes literal, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import TARGETS, seeds

# Fragments that break readers: encoded words, controls, separators, MIME and DSN syntax.
TOKENS = [
    b"=?utf-8?b?A?=", b"=?utf-8?q?a?= ", b"=?x?q?", b"\x1b[31m", b"\x1c", b"\x85", b"\r",
    b"\xe2\x80\xa8", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\xc2\x9b", b"\xff", b"\x00", b"<",
    b"<script", b"</p>", b"+1B", b"+0A", b"\\x{1B}", b"--", b"\n\n", b"\n ", b"boundary=",
    b"Content-Type: multipart/mixed; boundary=x\n\n--x\n", b"Content-Type: message/rfc822\n\n",
    b"Content-Type: message/delivery-status\n\n", b"Content-Transfer-Encoding: base64\n",
    b"Final-Recipient: rfc822; a@b.example\n", b"Final-Recipient: a@b.example\n",
    b"Status: 5.1.1(x)\n", b"Action: relayed\nStatus: 5.6.2\n",
    b"Last-Attempt-Date: Mon, 2 Dec 0001 10:00:00 -0000\n", b"Arrival-Date: 2 Dec 24 10:00\n",
    b"Remote-MTA: dns; \xc4\xb0.google.com\n", b"From: MAILER-DAEMON@x.example\n",
    b"Subject: Undelivered Mail Returned to Sender\n", b"<a@b.example>:\n550 5.1.1 no\n",
]


def mutate(seed: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """``seed`` with each (position, kind, token) edit applied: insert a token, overwrite
    a byte, cut a span, or repeat a token a few hundred times."""
    data = bytearray(seed)
    for position, kind, token in edits:
        where = position % (len(data) + 1)
        fragment = TOKENS[token % len(TOKENS)]
        if kind == 0:
            data[where:where] = fragment
        elif kind == 1 and data:
            data[min(where, len(data) - 1)] = token % 256
        elif kind == 2:
            del data[where:where + token % 300]
        else:
            data[where:where] = fragment * (100 + token % 400)
    return bytes(data)


def run_hypothesis(name: str, target: Callable[[bytes], None], runs: int,
                   seed: int | None) -> bytes | None:
    """The input that broke ``target``, or None."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    starts = seeds()
    edit = st.tuples(st.integers(0, 1 << 20), st.integers(0, 3), st.integers(0, 1 << 16))
    inputs = st.one_of(st.builds(mutate, st.sampled_from(starts), st.lists(edit, max_size=6)),
                       st.binary(max_size=2000))
    failure: list[bytes] = []

    @settings(max_examples=runs, database=None, deadline=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(inputs)
    def check(data: bytes) -> None:
        try:
            target(data)
        except BaseException:
            if not failure or len(data) < len(failure[0]):
                failure[:] = [data]
            raise

    for data in starts:  # every seed as it is, first
        try:
            target(data)
        except Exception:
            traceback.print_exc()
            return data
    try:
        check()
    except Exception:
        traceback.print_exc()
        return failure[0] if failure else b""
    return None


def run_atheris(name: str, runs: int, seed: int | None) -> int:
    """Run one target under atheris in a process of its own; its exit status."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        for index, data in enumerate(seeds()):
            (corpus / f"seed-{index}").write_bytes(data)
        command = [sys.executable, "-m", "fuzz.atheris_target", name, f"-runs={runs}",
                   "-max_len=65536", str(corpus)]
        if seed is not None:
            command.insert(4, f"-seed={seed}")
        return subprocess.run(command, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help=f"what to fuzz: {', '.join(TARGETS)} (all when none is named)")
    parser.add_argument("--runs", type=int, default=2000, help="inputs per target")
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--seed", type=int, help="a fixed seed: the same inputs each run")
    arguments = parser.parse_args(argv)
    unknown = [name for name in arguments.targets if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    failed = 0
    for name in arguments.targets or list(TARGETS):
        if arguments.engine == "atheris":
            status = run_atheris(name, arguments.runs, arguments.seed)
            print(f"{name}: {'ok' if status == 0 else f'FAILED (atheris exit {status})'}")
            failed += status != 0
            continue
        broken = run_hypothesis(name, TARGETS[name], arguments.runs, arguments.seed)
        if broken is None:
            print(f"{name}: ok, {arguments.runs} inputs")
        else:
            print(f"{name}: FAILED on {broken!r}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
