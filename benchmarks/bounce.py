"""The bounce reader's rows: read_bounce against the floor any Python reader pays (the
standard library's parse of the same bytes), and against flufl.bounce.

The floor is measured twice: on our fixture bounces (tests/fixtures/bounces), and on the
real bounces of the labelled corpus where evaluation/corpus.py finds it
(``../shared/bounce-corpus`` beside the checkout; the row is skipped, with that reason, where
it is absent). The flufl.bounce row reads the fixtures and, when it is unpacked
(tests/flufl_corpus.py), the 117 bounces of the flufl.bounce 6.0.0 corpus; it needs
``pip install flufl.bounce==6.0.0`` (benchmark-only).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from .measures import REPO, Measure, Sample, Skipped, per_call

FIXTURES = REPO / "tests" / "fixtures" / "bounces"


def fixture_messages() -> list[bytes]:
    """Every fixture bounce, in file name order."""
    return [path.read_bytes() for path in sorted(FIXTURES.iterdir()) if path.is_file()]


def corpus_messages(where: Path | None = None) -> list[bytes]:
    """Every email of the labelled corpus (real bounces of 57 MTA families, read where they
    are), in its own order; Skipped, with evaluation's reason, when it is absent."""
    from evaluation import corpus

    try:
        return [email.read() for email in corpus.emails(where)]
    except FileNotFoundError as error:
        raise Skipped(str(error)) from None


def bounce_messages() -> list[bytes]:
    """Every fixture bounce, then the flufl.bounce corpus when present."""
    from tests.flufl_corpus import corpus_folder

    paths: list[Path] = sorted(path for path in FIXTURES.iterdir() if path.is_file())
    folder = corpus_folder()
    if folder is not None:
        paths += sorted((folder / "tests" / "data").glob("*.txt"))
    return [path.read_bytes() for path in paths]


def parse_floor(messages: Callable[[], list[bytes]]) -> Callable[[bool], tuple[Sample, Sample]]:
    """read_bounce over ``messages()`` against BytesParser(policy=compat32) on the same bytes."""

    def prepare(quick: bool) -> tuple[Sample, Sample]:
        from email import policy
        from email.parser import BytesParser

        from smtp_status.bounce import read_bounce

        emails = messages()
        parse = BytesParser(policy=policy.compat32).parsebytes

        def baseline() -> None:
            for message in emails:
                parse(message)

        def subject() -> None:
            for message in emails:
                read_bounce(message)

        return per_call(baseline, True), per_call(subject, True)

    return prepare


prepare_parse_floor = parse_floor(bounce_messages)


def prepare_flufl(quick: bool) -> tuple[Sample, Sample]:
    from email import message_from_bytes

    try:
        from flufl.bounce import all_failures
    except ImportError as error:  # a benchmark-only dependency
        raise RuntimeError("this row needs flufl.bounce: pip install flufl.bounce==6.0.0") \
            from error

    from smtp_status.bounce import read_bounce

    messages = bounce_messages()

    def baseline() -> None:
        # flufl.bounce reads a parsed Message: parsing is part of what it costs.
        for message in messages:
            all_failures(message_from_bytes(message))

    def subject() -> None:
        for message in messages:
            read_bounce(message)

    return per_call(baseline, True), per_call(subject, True)


def big_bounce(size: int) -> bytes:
    """The Postfix fixture with a returned base64 attachment of about ``size`` bytes."""
    head = (FIXTURES / "postfix_dsn.eml").read_bytes().split(
        b"--4Qx7Zk1bXYz9vBd.1733127247/mx1.example.net--")[0]
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n"
    return (head + b"--4Qx7Zk1bXYz9vBd.1733127247/mx1.example.net\n"
            b"Content-Type: message/rfc822\n\nFrom: a@example.net\nSubject: big\n"
            b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
            + line * (size // len(line)) + b"--4Qx7Zk1bXYz9vBd.1733127247/mx1.example.net--\n")


def _per_byte(data: bytes, repeats: int) -> Sample:
    import time

    from smtp_status.bounce import read_bounce, read_bounces

    def sample() -> float:
        start = time.thread_time()
        for _ in range(repeats):
            read_bounce(data)
            list(read_bounces(data))
        return (time.thread_time() - start) / repeats / len(data) * 1_000_000  # per MB

    return sample


def prepare_growth(quick: bool) -> tuple[Sample, Sample]:
    """Per-byte cost of a 20 MB bounce against a 2 MB one: linear growth is 1x."""
    small, large = (200_000, 2_000_000) if quick else (2_000_000, 20_000_000)
    return _per_byte(big_bounce(small), 3), _per_byte(big_bounce(large), 1)


HOSTILE_SIZES = (20_000, 200_000)


def _prepare_hostile_shape(name: str) -> Callable[[bool], tuple[Sample, Sample]]:
    def prepare(quick: bool) -> tuple[Sample, Sample]:
        """Per-byte cost of one hostile shape at 200 KB against the same shape at 20 KB:
        a regex that backtracks quadratically, or a rescan per recipient, shows as a ratio
        near 10. Both sizes stay under the reader's caps (200 KB of a part, 64 K characters
        of text), which would hide a quadratic cost above them; the small size is read ten
        times a sample so both samples read as many bytes."""
        from tests.hostile_bounces import hostile_cases

        small, large = (size // (10 if quick else 1) for size in HOSTILE_SIZES)
        return (_per_byte(hostile_cases(small)[name], 10),
                _per_byte(hostile_cases(large)[name], 1))

    return prepare


def _hostile_measures() -> list[Measure]:
    from tests.hostile_bounces import hostile_cases

    return [Measure(f"read_bounce per MB, hostile: {name}, 200 KB (vs 20 KB)", 1.5,
                    _prepare_hostile_shape(name)) for name in hostile_cases(100)]


# --- the bounce command at scale (issue 19) ---------------------------------------------------
# These rows time the command in a fresh process, as a user runs it, on mboxes written to a
# temporary folder when the row is prepared (never committed).


def _fixture_messages() -> list[bytes]:
    return [path.read_bytes() for path in sorted(FIXTURES.glob("*.eml"))]


def write_mbox(path: Path, messages: int, padding: int = 0) -> Path:
    """An mbox of ``messages`` fixture bounces in turn, each carrying ``padding`` bytes of
    returned text after its own (a returned message is what makes bounces big)."""
    fixtures = _fixture_messages()
    line = b"The returned message went on for many lines, as returned messages do.\n"
    tail = line * (padding // len(line))
    with open(path, "wb") as stream:
        for number in range(messages):
            body = fixtures[number % len(fixtures)].replace(b"\r\n", b"\n")
            stream.write(b"From MAILER-DAEMON Mon Dec  2 10:00:00 2024\n" + body.rstrip(b"\n")
                         + b"\n" + tail + b"\n")
    return path


def _command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "smtp_status", "bounce", *arguments]


def _wall_seconds(command: list[str]) -> Sample:
    """Wall-clock seconds of a run: what --jobs buys is elapsed time, not CPU time (which
    more processes can only add to)."""
    import subprocess
    import time

    def sample() -> float:
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        return time.perf_counter() - start

    return sample


# Runs the command in this interpreter, then prints the CPU seconds of the calling process
# and of its workers (the pool's processes, children that have all exited by then).
_CPU_PROGRAM = """\
import os, resource, sys
from smtp_status.__main__ import main
sys.stdout = open(os.devnull, "w")
status = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime, file=sys.stderr)
sys.exit(status)
"""


def _cpu_seconds(arguments: list[str]) -> tuple[float, float]:
    """CPU seconds of a run: the calling process's own, and its workers' together."""
    import subprocess

    result = subprocess.run([sys.executable, "-c", _CPU_PROGRAM, *arguments],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            check=True)
    own, workers = map(float, result.stderr.split())
    return own, workers


def _free_cores_seconds(arguments: list[str], jobs: int) -> Sample:
    """The wall time a run takes on ``jobs`` free cores, from CPU times, which other load
    on a shared machine does not change (its wall time it does): the start (interpreter
    and imports, measured on an empty input) runs alone; then the calling process's other
    work and the workers' share run at once, ``jobs`` processes at a time, so they take the
    longest of the caller's rest, a worker's share (the pool hands each batch to a free
    worker) and all of it spread over the cores."""
    def sample() -> float:
        start, _ = _cpu_seconds(["bounce", "--jobs", "1", os.devnull])
        own, workers = _cpu_seconds(arguments)
        if not workers:
            return own
        rest = max(own - start, 0.0)
        return start + max(rest, workers / jobs, (rest + workers) / jobs)

    return sample


def _peak_rss(command: list[str]) -> Sample:
    """The peak resident set of a run, in kilobytes (ru_maxrss of the child itself)."""
    import os
    import subprocess

    def sample() -> float:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"{command} exited {child.returncode}")
        # Kilobytes, shown by the harness's time column as "us" (1 KB per microsecond).
        return usage.ru_maxrss / 1e6

    return sample


def _folder() -> Path:
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="smtp-status-bench-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def prepare_jobs(quick: bool) -> tuple[Sample, Sample]:
    """--jobs 2 against --jobs 1 over 2,000 messages (fixture bounces, each returning 10 KB
    of text, 21 MB in all): the time ratio is the inverse of the throughput ratio, so 1.6x
    the throughput is a time ratio of 1 / 1.6 = 0.625."""
    mbox = str(write_mbox(_folder() / "2000.mbox", 400 if quick else 2000, 10_000))
    return _wall_seconds(_command("--jobs", "1", mbox)), _wall_seconds(
        _command("--jobs", "2", mbox))


def prepare_jobs_cpu(quick: bool) -> tuple[Sample, Sample]:
    """The same runs as prepare_jobs, timed as they run on two free cores (see
    _free_cores_seconds)."""
    mbox = str(write_mbox(_folder() / "2000.mbox", 400 if quick else 2000, 10_000))
    return (_free_cores_seconds(["bounce", "--jobs", "1", mbox], 1),
            _free_cores_seconds(["bounce", "--jobs", "2", mbox], 2))


def prepare_memory(quick: bool) -> tuple[Sample, Sample]:
    """Peak RSS of --jobs 1 on a 200 MB mbox against a 20 MB one (messages of about 100 KB):
    a reader that holds the file grows tenfold; one that holds a message stays flat."""
    folder = _folder()
    small, large = (2, 20) if quick else (20, 200)
    per_message = 100_000
    paths = [str(write_mbox(folder / f"{size}mb.mbox", size * 1_000_000 // per_message,
                            per_message)) for size in (small, large)]
    return _peak_rss(_command("--jobs", "1", paths[0])), _peak_rss(
        _command("--jobs", "1", paths[1]))


def corpus_or_fixture_messages() -> list[bytes]:
    """The labelled bounce corpus (../shared/bounce-corpus), else the fixture bounces."""
    try:
        return corpus_messages()
    except Skipped:
        return fixture_messages()


def prepare_reasons(quick: bool) -> tuple[Sample, Sample]:
    """read_bounce against the same reading without its last step, which classifies every
    recipient (smtp_status.reasons): the ratio is what the reasons cost on top."""
    from smtp_status.bounce import read_bounce
    from smtp_status.bounce.reader import read_unclassified

    messages = corpus_or_fixture_messages()

    def baseline() -> None:
        for message in messages:
            read_unclassified(message)

    def subject() -> None:
        for message in messages:
            read_bounce(message)

    return per_call(baseline, True), per_call(subject, True)


BOUNCE_MEASURES = [
    # Issue 23: reading a bounce must cost well under the standard library's parse of it.
    Measure("read_bounce, fixture bounces (vs BytesParser(compat32).parsebytes)", 0.6,
            parse_floor(fixture_messages)),
    Measure("read_bounce, shared corpus of real bounces (vs BytesParser(compat32).parsebytes)",
            0.6, parse_floor(corpus_messages)),
    Measure("read_bounce, fixture and corpus bounces (vs flufl.bounce all_failures)", 1,
            prepare_flufl),
    Measure("read_bounce per MB, 20 MB bounce with a returned attachment (vs 2 MB)", 1.3,
            prepare_growth),
    *_hostile_measures(),
    Measure("bounce --jobs 2 wall time, 2,000 messages (vs --jobs 1; 0.625x = 1.6x the "
            "throughput)", 1 / 1.6, prepare_jobs),
    Measure("bounce --jobs 2 time on two free cores (from CPU times), 2,000 messages (vs "
            "--jobs 1)", 1 / 1.6, prepare_jobs_cpu),
    Measure("bounce peak RSS, 200 MB mbox (vs 20 MB; times column: KB)", 1.5,
            prepare_memory),
    Measure("read_bounce with reasons, corpus bounces (vs read_bounce without the reason step)",
            1.25, prepare_reasons),
]
