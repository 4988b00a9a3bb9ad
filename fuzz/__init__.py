"""Fuzz targets for the bounce reader, parse_dsn, the command line's output and the vendor
lookup: ``python -m fuzz`` (maintainer-side, never shipped).

Each target takes bytes and checks what the package promises of any input, failing with
AssertionError when it breaks:

- ``read_bounce``: bytes never raise; every recipient has an address a mailbox can have,
  a retry verdict of RETRY_VERDICTS and dates with a zone; no ``unreadable-message``;
- ``read_bounce_text``: the same for str input, lone surrogates included;
- ``parse_dsn_message``: an email.message.Message (parsed under policy.default, SMTP or
  compat32) makes parse_dsn return or raise InvalidDSN, nothing else; read_bounce reads it;
- ``bounce_output``: the human output holds no character a terminal acts on (only
  printable ones and line breaks), and each --json record is valid JSON of the schema;
- ``explain_output``: explain and render_text raise only Unexplainable, and the text holds
  no character a terminal acts on;
- ``host_name``: vendors.host_name gives None or a lower-case ASCII host name, and
  provider_of never raises.

The seeds are the fixture bounces and the hostile shapes of tests/hostile_bounces.py.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

__all__ = ["TARGETS", "seeds"]

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "bounces"
_HOST_NAME = re.compile(r"[a-z0-9.-]+\Z")


def seeds() -> list[bytes]:
    """The inputs every run starts from: fixture bounces, then hostile shapes (small)."""
    from tests.hostile_bounces import hostile_cases

    found = [path.read_bytes() for path in sorted(FIXTURES.iterdir()) if path.is_file()]
    return found + list(hostile_cases(2_000).values())


def _check_bounce(bounce: object) -> None:
    from smtp_status.bounce import BOUNCE_KINDS, RETRY_VERDICTS, Bounce
    from smtp_status.bounce.address import forbidden_character

    assert isinstance(bounce, Bounce)
    assert all(warning.code != "unreadable-message" for warning in bounce.warnings)
    assert bounce.kind in BOUNCE_KINDS
    dates: list[datetime.datetime | None] = [bounce.arrival_date]
    if bounce.original is not None:
        dates.append(bounce.original.date)
    if bounce.feedback is not None:
        dates.append(bounce.feedback.arrival_date)
    for recipient in bounce.recipients:
        assert recipient.address
        assert forbidden_character(recipient.address) is None, recipient.address
        assert recipient.retry in RETRY_VERDICTS
        assert recipient.source in ("dsn", "text", "feedback", "headers")
        dates += [recipient.last_attempt, recipient.will_retry_until]
    for date in dates:
        assert date is None or date.utcoffset() is not None, date


def read_bounce_bytes(data: bytes) -> None:
    from smtp_status.bounce import read_bounce, read_bounces

    _check_bounce(read_bounce(data))
    for bounce in read_bounces(data):
        _check_bounce(bounce)


def read_bounce_text(data: bytes) -> None:
    from smtp_status.bounce import read_bounce, read_bounces

    # UTF-16 with surrogatepass: any str, lone surrogates included.
    text = data[:len(data) // 2 * 2].decode("utf-16-le", "surrogatepass")
    _check_bounce(read_bounce(text))
    _check_bounce(read_bounce(data.decode("utf-8", "surrogateescape")))
    for bounce in read_bounces(text):
        _check_bounce(bounce)


def parse_dsn_message(data: bytes) -> None:
    import email
    from email import policy

    from smtp_status.bounce import read_bounce
    from smtp_status.dsn import InvalidDSN, parse_dsn

    chosen = (policy.default, policy.SMTP, policy.compat32)[data[0] % 3 if data else 0]
    try:
        message = email.message_from_bytes(data[1:], policy=chosen)
    except Exception:  # the email package's own parser: not ours to judge
        return
    with contextlib.suppress(InvalidDSN):
        parse_dsn(message)
    _check_bounce(read_bounce(message))


def _printable(text: str) -> None:
    for line in text.split("\n"):
        assert line.isprintable(), repr(line)


def bounce_output(data: bytes) -> None:
    import argparse
    import io
    import tempfile

    from smtp_status.bounce.command import add_bounce_parser, run_bounce

    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m\x1b\u202e.eml"
        path.write_bytes(data)
        for flags in ([], ["--json"]):
            stdout, stderr = io.StringIO(), io.StringIO()
            status = run_bounce(parser.parse_args(["bounce", *flags, str(path)]), stdout,
                                stderr)
            assert status == 0
            if flags:
                # JSON Lines: any line splitter must do, str.splitlines included.
                lines = stdout.getvalue().splitlines()
                assert lines == stdout.getvalue().split("\n")[:-1]
                _printable(stdout.getvalue())
                for line in lines:
                    _check_record(json.loads(line))
            else:
                _printable(stdout.getvalue())
            _printable(stderr.getvalue())


_VALIDATOR: list[Callable[[object], list[str]]] = []


def _check_record(record: object) -> None:
    if not _VALIDATOR:
        import jsonschema

        schema = json.loads((REPO / "schema" / "output" / "bounce.schema.json").read_text("utf-8"))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        _VALIDATOR.append(lambda item: [error.message for error in validator.iter_errors(item)])
    assert _VALIDATOR[0](record) == [], record


def explain_output(data: bytes) -> None:
    from smtp_status.explain import Unexplainable, explain, render_text

    text = data.decode("utf-8", "replace")
    try:
        result = explain(text)
    except Unexplainable:
        return
    _printable(render_text(result))


def host_name(data: bytes) -> None:
    from smtp_status.vendors import host_name as normalised
    from smtp_status.vendors import provider_of

    text = data.decode("utf-8", "replace")
    name = normalised(text)
    assert name is None or _HOST_NAME.match(name), name
    provider_of(host=text, text=text)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "read_bounce": read_bounce_bytes,
    "read_bounce_text": read_bounce_text,
    "parse_dsn_message": parse_dsn_message,
    "bounce_output": bounce_output,
    "explain_output": explain_output,
    "host_name": host_name,
}
