"""mbox files: the messages they hold, read incrementally.

``iter_mbox`` reads a binary stream by chunks and holds one message (and one chunk) at a
time, so memory stays bounded by the largest message whatever the size of the file.
``split_mbox`` and ``read_bounces`` are the same reading over bytes in memory.
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

    def read(self, size: int = -1, /) -> bytes: ...


# mbox "From " separator lines (RFC 4155 s2): "From sender Thu Oct  4 15:25:26 2001", the
# date as asctime writes it. Each part is a run of non-spaces then spaces: no two
# quantifiers compete for a character.
_MBOX_FROM = re.compile(
    rb"^From [^ \n]* +(?:[^ \n]+ +)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2} +[0-9]{1,2}:[0-9]{2}"
    rb"[^\n]*\n", re.MULTILINE)
# mboxrd (RFC 4155 s2, and the mboxrd convention it cites): a body line that starts with
# ">From " after any number of ">" was escaped by adding one ">"; reading takes it off.
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
# Read by chunks; the first line, read whole (up to a limit), says whether it is an mbox.
_CHUNK = 1 << 18
_FIRST_LINE_LIMIT = 1 << 16


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
    """The messages of an mbox file: split at every "From " separator line, one with a
    sender and an asctime date (RFC 4155 s2), whether or not a blank line comes before it
    (mbox writers escape "From " at the start of body lines as ">From ", and many omit the
    blank line: Postfix's and procmail's mailboxes, files joined with cat); line ends as LF
    and mboxrd's ">From " unescaped. Data that does not start with such a line is one
    message, as given."""
    return list(iter_mbox(io.BytesIO(data)))


def iter_mbox(stream: ByteStream) -> Iterator[bytes]:
    """The messages of an mbox stream, one at a time (see ``split_mbox``).

    The stream is read in chunks and searched for separators with bytes.find, so the cost
    per byte stays that of C code; only the current message (and one chunk) is held.
    """
    raw = stream.read(_CHUNK)
    # A first line ends at LF, or at a CR followed by anything but LF (CR-only files).
    while (raw and b"\n" not in raw and (b"\r" not in raw or raw.endswith(b"\r"))
           and len(raw) < _FIRST_LINE_LIMIT):
        more = stream.read(_CHUNK)  # the first line whole, to tell an mbox by it
        if not more:
            break
        raw += more
    carry = b"\r" if raw.endswith(b"\r") else b""  # a CRLF may straddle two reads
    head = normalize(raw[:-1] if carry else raw)
    if not _MBOX_FROM.match(head):
        # One message: handed over whole and unchanged, as read_bounce takes any bytes.
        yield raw + stream.read()
        return
    pending = bytearray(head)
    begin = 0  # where the current message starts in pending
    scanned = 0  # separators are searched for from here on
    ended = False
    while True:
        while True:
            found = pending.find(b"\nFrom ", scanned)
            if found < 0:
                # Keep the last line's start in reach: a separator may be cut by the read.
                scanned = max(scanned, len(pending) - len(b"\nFrom "))
                break
            start = found + 1
            if pending.find(b"\n", start) < 0 and not ended:
                scanned = found  # the separator line is not whole yet: read more
                break
            if _MBOX_FROM.match(pending, start) is None:
                scanned = start
                continue
            yield _unescaped(bytes(pending[begin:start]))
            begin = scanned = start
        if ended:
            break
        chunk = carry + stream.read(_CHUNK)
        ended = chunk == carry
        carry = b""
        if chunk.endswith(b"\r") and not ended:
            chunk, carry = chunk[:-1], b"\r"
        if begin:  # drop the messages yielded, once a chunk rather than once a message
            del pending[:begin]
            scanned -= begin
            begin = 0
        pending += normalize(chunk)
    yield _unescaped(bytes(pending[begin:]))


def _unescaped(message: bytes) -> bytes:
    return _ESCAPED_FROM.sub(rb"\1", message) if b">From " in message else message
