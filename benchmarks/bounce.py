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
    Measure("read_bounce with reasons, corpus bounces (vs read_bounce without the reason step)",
            1.25, prepare_reasons),
]
