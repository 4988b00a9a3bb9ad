"""The command line: ``smtp-status explain [TEXT ...]``, ``smtp-status bounce [FILE ...]``,
``smtp-status schema NAME``, ``smtp-status --version``.

``explain`` given several arguments that are each shaped like a code (digits and dots:
``5.1.1 550 6.1.1``) explains each on its own, in order: the text blocks apart by a blank
line, ``--json`` one object a line (JSON Lines); one that is no valid code gets its one
line on stderr and the others are still explained, and the exit status is then 2. Any
other arguments are one reply, joined by spaces, as is standard input (one reply, always).

Input is read as bytes (arguments as the bytes the shell passed) and decoded as UTF-8,
each invalid byte becoming U+FFFD, whatever the locale. Output is UTF-8, and ``--json``
output is always valid UTF-8 JSON. Exit status: 0 explained; 1 the output could not be
written (a full disk: one line on stderr); 2 input it cannot understand (one line on
stderr); 130 interrupted (Ctrl-C: no traceback); 141 the reader closed the pipe (as
SIGPIPE would).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import BinaryIO

from ._generated import VERSION
from ._text import escape, json_text
from .explain import Unexplainable, explain, render_text

EXIT_OK, EXIT_OUTPUT, EXIT_INPUT, EXIT_INTERRUPT, EXIT_PIPE = 0, 1, 2, 130, 141
_DECODING = "input is decoded as UTF-8, invalid bytes read as U+FFFD; output is UTF-8"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smtp-status",
        description="Explain SMTP enhanced status codes, reply codes and replies.",
        epilog=_DECODING)
    parser.add_argument("--version", action="version", version=f"smtp-status {VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "explain", help="explain a status code (5.1.1), a reply code (550) or a whole reply",
        epilog=_DECODING)
    command.add_argument("text", nargs="*",
                         help="what to explain; several codes (5.1.1 550) are explained each "
                         "on its own, other words are one reply; read from standard input "
                         "(one reply) when absent")
    command.add_argument("--json", action="store_true",
                         help="print machine-readable JSON (schema explain; one object a "
                         "line for several codes)")
    from .bounce.command import add_bounce_parser

    add_bounce_parser(commands)
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of an output (bounce, explain ...)",
        description="Print a JSON Schema the package ships: of bounce --json (bounce), of "
        "bounce --summary-json (bounce-summary), of explain --json (explain), or of the "
        "published JSON. Without NAME, list the names.")
    schema.add_argument("name", nargs="?", metavar="NAME", help="the schema to print")
    return parser


def run_schema(arguments: argparse.Namespace, stdout: BinaryIO, stderr: BinaryIO) -> int:
    from .schemas import UnknownSchema, schema_names, schema_text

    if arguments.name is None:
        stdout.write("".join(f"{name}\n" for name in schema_names()).encode())
        return EXIT_OK
    try:
        text = schema_text(arguments.name)
    except UnknownSchema as error:
        stderr.write(f"smtp-status schema: {escape(str(error))}\n".encode("utf-8", "replace"))
        return EXIT_INPUT
    stdout.write(text.encode("utf-8"))
    return EXIT_OK


def _decoded_argument(argument: str) -> str:
    # Python decodes argv with the locale and surrogateescape; take back the raw bytes.
    return os.fsencode(argument).decode("utf-8", "replace")


def run_explain(arguments: argparse.Namespace, stdin: BinaryIO, stdout: BinaryIO,
                stderr: BinaryIO) -> int:
    if arguments.text:
        texts = [_decoded_argument(argument) for argument in arguments.text]
        if len(texts) > 1 and all(_CODE_SHAPED.fullmatch(text) for text in texts):
            return _explain_each(texts, arguments.json, stdout, stderr)
        text = " ".join(texts)
    else:
        data = stdin.read()
        from .bounce.command import BOUNCE_HINT, looks_like_email

        if looks_like_email(data):
            stderr.write(f"smtp-status: {BOUNCE_HINT}\n".encode())
            return EXIT_INPUT
        text = data.decode("utf-8", "replace")
    try:
        result = explain(text)
    except Unexplainable as error:
        stderr.write(f"smtp-status: {error}\n".encode("utf-8", "replace"))
        return EXIT_INPUT
    # Both escape what the input says: nothing in the output can drive a terminal.
    output = json_text(result, indent=2) + "\n" if arguments.json else render_text(result)
    # "replace": a lone surrogate can only come from a caller's str, never from our decoding.
    stdout.write(output.encode("utf-8", "replace"))
    return EXIT_OK


# An argument that can only be meant as a code (never a word of a reply's text).
_CODE_SHAPED = re.compile(r"[0-9.]+")


def _explain_each(texts: list[str], as_json: bool, stdout: BinaryIO, stderr: BinaryIO) -> int:
    status = EXIT_OK
    blocks = 0
    for text in texts:
        try:
            result = explain(text)
        except Unexplainable as error:
            stdout.flush()  # in order with the explanations, on a terminal that shows both
            stderr.write(f"smtp-status: {error}\n".encode("utf-8", "replace"))
            status = EXIT_INPUT
            continue
        if as_json:
            output = json_text(result) + "\n"
        else:
            output = ("\n" if blocks else "") + render_text(result)
        blocks += 1
        stdout.write(output.encode("utf-8", "replace"))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    stdout, stderr = sys.stdout.buffer, sys.stderr.buffer
    sys.stdout.flush()
    try:
        if arguments.command == "explain":
            status = run_explain(arguments, sys.stdin.buffer, stdout, stderr)
        elif arguments.command == "schema":
            status = run_schema(arguments, stdout, stderr)
        else:
            from .bounce.command import run_bounce

            for stream in (sys.stdout, sys.stderr):
                stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
            status = run_bounce(arguments, sys.stdout, sys.stderr)
            sys.stdout.flush()
        stdout.flush()
    except KeyboardInterrupt:
        # Ctrl-C: the shell's status for SIGINT, and no traceback (what was written stays).
        return EXIT_INTERRUPT
    except BrokenPipeError:
        # The reader went away (| head): say nothing, and keep Python's exit-time flush
        # from raising again on the dead pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return EXIT_PIPE
    except OSError as error:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        stderr.write(f"smtp-status: cannot write output: {error.strerror}\n".encode())
        return EXIT_OUTPUT
    return status


if __name__ == "__main__":
    sys.exit(main())
