"""mbox files: the messages they hold, read incrementally.

``iter_mbox`` reads a binary stream line by line and holds one message at a time, so memory
stays bounded by the largest message whatever the size of the file. ``split_mbox`` and
``read_bounces`` are the same reading over bytes in memory.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Protocol

from ..dsn import text_bytes
from .mime import normalize
from .reader import read_bounce
from .types import Bounce

__all__ = ["ByteStream", "iter_mbox", "read_bounces", "split_mbox"]


class ByteStream(Protocol):
    """What ``iter_mbox`` reads from: a binary file, a pipe, a decompressing reader."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def read(self, size: int = -1, /) -> bytes: ...

# mbox "From " separator lines: "From sender Thu Oct  4 15:25:26 2001".
# Each part is a run of non-spaces then spaces: no two quantifiers compete for a character.
_MBOX_FROM = re.compile(rb"From [^ \n]* +(?:[^ \n]+ +)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b[^\n]*\n")
# mboxrd (RFC 4155 s2, and the mboxrd convention it cites): a body line that starts with
# ">From " after any number of ">" was escaped by adding one ">"; reading takes it off.
_ESCAPED_FROM = re.compile(rb">+From ")
# Lines read per call: a file with no line breaks is still read in bounded pieces.
_LINE_LIMIT = 1 << 16


def read_bounces(data: bytes | str | ByteStream) -> Iterator[Bounce]:
    """Each message of an mbox file (or the one message that is not an mbox) as a Bounce.

    ``data`` is the file's bytes (a str is encoded as ``smtp_status.dsn.text_bytes`` does)
    or a binary stream, read lazily: one message is read, then its Bounce yielded, then the
    next.
    """
    if isinstance(data, (bytes, bytearray, memoryview, str)):
        raw = text_bytes(data) if isinstance(data, str) else bytes(data)
        stream: ByteStream = io.BytesIO(raw)
    else:
        stream = data
    for message in iter_mbox(stream):
        yield read_bounce(message)


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox file: split at "From " lines that start the file or follow
    a blank line, line ends as LF and mboxrd's ">From " unescaped. Data that does not start
    with such a line is one message, as given."""
    return list(iter_mbox(io.BytesIO(data)))


def iter_mbox(stream: ByteStream) -> Iterator[bytes]:
    """The messages of an mbox stream, one at a time (see ``split_mbox``)."""
    first = stream.readline(_LINE_LIMIT)
    if not _MBOX_FROM.fullmatch(normalize(first)):
        # One message: handed over whole and unchanged, as read_bounce takes any bytes.
        yield first + stream.read()
        return
    message: list[bytes] = [normalize(first)]
    blank_before = False
    for line in _lines(stream):
        if blank_before and line.startswith(b"From ") and _MBOX_FROM.fullmatch(line):
            yield b"".join(message)
            message = [line]
            blank_before = False
            continue
        if line.startswith(b">") and _ESCAPED_FROM.match(line):
            line = line[1:]
        message.append(line)
        blank_before = line == b"\n"
    yield b"".join(message)


def _lines(stream: ByteStream) -> Iterator[bytes]:
    """The stream's lines, CRLF and bare CR as LF. A line longer than the read limit comes
    in pieces (only the first can look like a separator), so no line is held whole."""
    carry = b""
    while piece := stream.readline(_LINE_LIMIT):
        if not carry and b"\r" not in piece:
            yield piece  # the common case: an LF line
            continue
        text, carry = carry + piece, b""
        if text.endswith(b"\r"):
            # A CRLF may straddle two reads: hold the CR back until the next piece.
            text, carry = text[:-1], b"\r"
        yield from normalize(text).splitlines(keepends=True)
    if carry:
        yield b"\n"
