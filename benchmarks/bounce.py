"""The bounce reader's rows: read_bounce against the floor any Python reader pays, and
against flufl.bounce, on the same messages.

The messages are our fixture bounces (tests/fixtures/bounces) and, when it is unpacked
(tests/flufl_corpus.py), the 117 real bounces of the flufl.bounce 6.0.0 corpus. The second
row needs ``pip install flufl.bounce==6.0.0`` (a benchmark-only dependency).
"""

from __future__ import annotations

from pathlib import Path

from .measures import REPO, Measure, Sample, _per_call

FIXTURES = REPO / "tests" / "fixtures" / "bounces"


def bounce_messages() -> list[bytes]:
    """Every fixture bounce, then the flufl.bounce corpus when present."""
    from tests.flufl_corpus import corpus_folder

    paths: list[Path] = sorted(path for path in FIXTURES.iterdir() if path.is_file())
    folder = corpus_folder()
    if folder is not None:
        paths += sorted((folder / "tests" / "data").glob("*.txt"))
    return [path.read_bytes() for path in paths]


def prepare_parse_floor(quick: bool) -> tuple[Sample, Sample]:
    from email import policy
    from email.parser import BytesParser

    from smtp_status.bounce import read_bounce

    messages = bounce_messages()
    parse = BytesParser(policy=policy.compat32).parsebytes

    def baseline() -> None:
        for message in messages:
            parse(message)

    def subject() -> None:
        for message in messages:
            read_bounce(message)

    return _per_call(baseline, True), _per_call(subject, True)


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

    return _per_call(baseline, True), _per_call(subject, True)


BOUNCE_MEASURES = [
    Measure("read_bounce, fixture and corpus bounces (vs BytesParser(compat32).parsebytes)", 2,
            prepare_parse_floor),
    Measure("read_bounce, fixture and corpus bounces (vs flufl.bounce all_failures)", 1,
            prepare_flufl),
]
