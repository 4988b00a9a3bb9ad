"""The measures: each pairs a subject with the baseline it is judged against.

Every sample is CPU time, never the wall clock: in-process rows read ``time.thread_time``
around their loop, rows that run a program read the children's rusage (user + system) before
and after it, and the import rows read ``time.process_time`` inside the fresh interpreter
around the one statement. On a loaded machine a preempted sample then costs no more than an
unpreempted one, so load widens the spread but does not move the verdict.
"""

from __future__ import annotations

import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The import rows time this checkout's package in a fresh interpreter (PYTHONPATH); the
# other rows use the installed package, as the tests do. Nothing here edits sys.path: the
# tests import this module, and the package they test must stay the installed one.
PACKAGE = REPO / "src"

Sample = Callable[[], float]


class Skipped(Exception):
    """Raised by a measure's prepare when it cannot run here; the message says why."""


@dataclass(frozen=True)
class Result:
    name: str
    target: float
    ratios: tuple[float, ...]
    subject_seconds: float
    baseline_seconds: float
    skipped: str | None = None  # the reason, for a row that could not run

    @property
    def median(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")

    @property
    def met(self) -> bool:
        return self.skipped is None and self.median <= self.target


@dataclass(frozen=True)
class Measure:
    name: str
    target: float
    # Given quick, returns the (baseline, subject) samplers, or raises Skipped.
    prepare: Callable[[bool], tuple[Sample, Sample]]

    def run(self, repeats: int, quick: bool) -> Result:
        try:
            baseline, subject = self.prepare(quick)
        except Skipped as reason:
            return Result(self.name, self.target, (), 0.0, 0.0, skipped=str(reason))
        baseline()
        subject()  # warm caches and lazy imports on both sides before measuring
        pairs: list[tuple[float, float]] = []
        for _ in range(repeats):
            pairs.append((baseline(), subject()))
        return ratios_of(self.name, self.target, pairs)


def ratios_of(name: str, target: float, pairs: list[tuple[float, float]]) -> Result:
    """The Result of (baseline, subject) CPU seconds, one pair per repetition."""
    return Result(
        name, target,
        tuple(subject_time / base_time for base_time, subject_time in pairs),
        statistics.median(s for _, s in pairs), statistics.median(b for b, _ in pairs))


def cpu_time_of(function: Callable[[], object]) -> float:
    """CPU seconds this thread spends in one call of ``function``."""
    start = time.thread_time()
    function()
    return time.thread_time() - start


def per_call(statement: Callable[[], object], quick: bool) -> Sample:
    """CPU seconds per call of ``statement``, over enough calls to beat the clock's grain."""
    number = 20 if quick else 200

    def sample() -> float:
        start = time.thread_time()
        for _ in range(number):
            statement()
        return (time.thread_time() - start) / number

    return sample


_per_call = per_call  # the earlier name


def children_cpu_time(command: list[str], cwd: Path | None = None,
                      environment: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) a program and the children it waits for spend."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, env=environment, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _program(command: list[str], environment: dict[str, str] | None = None) -> Sample:
    return lambda: children_cpu_time(command, cwd=REPO, environment=environment)


# What every real program has loaded before it imports this package: the usual site, and
# re and enum (logging, argparse, subprocess... all import them). A bare `python -c` does
# not load them, and timing them on our side only would measure the standard library.
USUAL_PRELUDE = "import enum, re"


def fresh_interpreter_code(statement: str) -> str:
    """The program that times ``statement`` on CPU time inside a fresh interpreter."""
    return (f"{USUAL_PRELUDE}\nimport time\nstart = time.process_time()\n{statement}\n"
            "print(time.process_time() - start)")


def _fresh_interpreter(statement: str, environment: dict[str, str]) -> Sample:
    """CPU seconds a fresh interpreter spends on ``statement``, timed inside it."""
    code = fresh_interpreter_code(statement)

    def sample() -> float:
        output = subprocess.run([sys.executable, "-c", code], env=environment, check=True,
                                capture_output=True, text=True).stdout
        return float(output)

    return sample


def import_environment() -> dict[str, str]:
    """This checkout's package first on the path, its bytecode compiled as an installed
    package's is (the standard library's is compiled too), no -S, no -I: a user's program."""
    # -f: compileall trusts a .pyc whose recorded mtime matches to the second, import also
    # checks the size, so an edit within the same second would be compiled on every import.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-f", str(PACKAGE / "smtp_status")],
                   check=True)
    environment = {**os.environ, "PYTHONPATH": str(PACKAGE)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def import_measure(baseline: str, subject: str) -> Callable[[bool], tuple[Sample, Sample]]:
    def prepare(quick: bool) -> tuple[Sample, Sample]:
        environment = import_environment()
        return (_fresh_interpreter(baseline, environment),
                _fresh_interpreter(subject, environment))

    return prepare


# The import rows' preparations (also named so for callers of the earlier harness).
prepare_import = import_measure("from http import HTTPStatus",
                                "from smtp_status import EnhancedCode, StatusCode")
prepare_bounce_import = import_measure("import email.parser", "from smtp_status import read_bounce")


def _registered_texts() -> list[str]:
    from smtp_status import EnhancedCode

    return [member.value.replace("X", str(cls), 1) for member in EnhancedCode for cls in (2, 4, 5)]


def prepare_parse(quick: bool) -> tuple[Sample, Sample]:
    from smtp_status import StatusCode

    texts = _registered_texts()
    table = {text: text for text in texts}
    get, parse = table.get, StatusCode.parse

    def baseline() -> None:
        for text in texts:
            get(text)

    def subject() -> None:
        for text in texts:
            parse(text)

    return per_call(baseline, quick), per_call(subject, quick)


def prepare_lookup(quick: bool) -> tuple[Sample, Sample]:
    from smtp_status import EnhancedCode

    values = [member.value for member in EnhancedCode]
    table = {value: value for value in values}
    get = table.get

    def baseline() -> None:
        for value in values:
            get(value)

    def subject() -> None:
        for value in values:
            EnhancedCode(value)

    return per_call(baseline, quick), per_call(subject, quick)


def bounce_text(size: int) -> str:
    """A deterministic mail log with bounce bodies, ``size`` characters long.

    Shaped like a real MTA's day: most lines are connections, queue bookkeeping and
    message text without any status code; deliveries carry dsn=, bounces carry DSN
    fields and the remote server's reply; some lines hold IP addresses, versions and
    dates that must not match.
    """
    rng = random.Random(3463)
    templates = [
        (30, "Nov 28 12:{d:02d}:01 mx postfix/smtpd[{n}]: connect from unknown[192.0.2.{d}]\n"),
        (30, "Nov 28 12:{d:02d}:02 mx postfix/smtpd[{n}]: disconnect from unknown[192.0.2.{d}]"
             " ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5\n"),
        (20, "Nov 28 12:{d:02d}:03 mx postfix/cleanup[{n}]: 4F{n:X}: message-id=<{n}.{d}@"
             "example.net>\n"),
        (20, "Nov 28 12:{d:02d}:04 mx postfix/qmgr[{n}]: 4F{n:X}: from=<a{n}@example.org>, "
             "size={n}, nrcpt=1 (queue active)\n"),
        (15, "Nov 28 12:{d:02d}:05 mx postfix/smtp[{n}]: 4F{n:X}: to=<b{n}@example.com>, "
             "relay=mx.example.com[198.51.100.{d}]:25, delay=1.2, delays=0.1/0/0.5/0.6, "
             "dsn=2.0.0, status=sent (250 2.0.0 OK id={n})\n"),
        (5, "Nov 28 12:{d:02d}:06 mx postfix/smtp[{n}]: 4F{n:X}: to=<c{n}@example.com>, "
            "relay=mx.example.com[198.51.100.{d}]:25, delay=3, dsn=4.7.1, status=deferred "
            "(host said: 451 4.7.1 Try again later)\n"),
        (3, "Final-Recipient: rfc822; nobody{n}@example.org\nAction: failed\nStatus: 5.1.1\n"
            "Diagnostic-Code: smtp; 550 5.1.1 <nobody{n}@example.org>: Recipient address "
            "rejected: User unknown in virtual mailbox table\n"),
        (3, "Hi,\nThanks for your note about the release of version 2.0.{d} on 5.1.2024; the "
            "build from 10.1.{d}.3 looks fine and I will send details tomorrow.\n"),
        (2, "Sorry, no mailbox here by that name. (#5.1.1)\n"),
    ]
    weights = [weight for weight, _ in templates]
    parts: list[str] = []
    length = 0
    while length < size:
        [template] = rng.choices([text for _, text in templates], weights)
        line = template.format(n=rng.randrange(1, 100000), d=rng.randrange(60))
        parts.append(line)
        length += len(line)
    return "".join(parts)[:size]


def prepare_finder(quick: bool) -> tuple[Sample, Sample]:
    from smtp_status import find_status_codes

    text = bounce_text(100_000 if quick else 1_000_000)
    simplest = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")

    return (lambda: cpu_time_of(lambda: list(simplest.finditer(text))),
            lambda: cpu_time_of(lambda: find_status_codes(text)))


REPLIES = [
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
    "550-5.1.1 double-checking the recipient's email address for typos or\r\n"
    "550 5.1.1 unnecessary spaces. For more information, go to the help center.\r\n",
    "250-mx.example.com at your service\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8\r\n",
    "451-4.7.1 Greylisted, please try again later\n451 4.7.1 (see the postmaster page)\n",
]


def prepare_reply(quick: bool) -> tuple[Sample, Sample]:
    from smtp_status import parse_reply

    line = re.compile(r"([2-5][0-5][0-9])([- ]|$)(?:([245]\.\d{1,3}\.\d{1,3}) )?(.*)")
    replies = REPLIES * (10 if quick else 100)

    def baseline() -> None:
        for reply in replies:
            for text in reply.splitlines():
                line.match(text)

    def subject() -> None:
        for reply in replies:
            parse_reply(reply)

    return per_call(baseline, True), per_call(subject, True)


def prepare_check(quick: bool) -> tuple[Sample, Sample]:
    # Both sides with their bytecode, as a maintainer's runs have it: the baseline's
    # packages were compiled by their install, so the maintainer tool and the package it
    # imports are compiled here (where PYTHONDONTWRITEBYTECODE is set, every run would
    # otherwise compile them from source, a cost the baseline never pays).
    environment = import_environment()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-f", str(REPO / "generators")],
                   check=True)
    return (_program([sys.executable, "-c", "import yaml, jsonschema, jinja2"], environment),
            _program([sys.executable, "-m", "generators", "generate", "--check"], environment))


def prepare_growth(quick: bool) -> tuple[Sample, Sample]:
    """Per-record validate + generate time: the small registry is the baseline."""
    from .synthetic import time_pipeline, write_synthetic_registry

    small, large = (100, 1000) if quick else (1000, 10_000)
    folder = Path(tempfile.mkdtemp(prefix="smtp-status-bench-"))
    small_path = write_synthetic_registry(folder / "small.yaml", small)
    large_path = write_synthetic_registry(folder / "large.yaml", large)
    return (lambda: time_pipeline(small_path) / small,
            lambda: time_pipeline(large_path) / large)


MEASURES = (
    Measure("from smtp_status import EnhancedCode, StatusCode, fresh interpreter "
            "(vs from http import HTTPStatus)", 2,
            prepare_import),
    Measure("from smtp_status import read_bounce, fresh interpreter (vs import email.parser)",
            1.6, prepare_bounce_import),
    Measure("StatusCode.parse, all registered codes x 3 classes (vs dict.get)", 4, prepare_parse),
    Measure("EnhancedCode(value) (vs dict.get)", 4, prepare_lookup),
    Measure("find_status_codes, 1 MB of bounces and logs (vs bare re.finditer)", 3,
            prepare_finder),
    Measure("parse_reply, multi-line replies (vs splitlines + one re.match a line)", 3,
            prepare_reply),
    Measure("generate --check (vs import yaml, jsonschema, jinja2)", 1.5,
            prepare_check),
    Measure("validate + generate per record, 10k codes (vs 1k codes)", 1.3, prepare_growth),
)
