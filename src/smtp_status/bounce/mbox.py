"""mbox files: the messages they hold."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..dsn import text_bytes
from .mime import normalize
from .reader import read_bounce
from .types import Bounce

__all__ = ["read_bounces", "split_mbox"]

# mbox "From " separator lines (RFC 4155 s2): "From sender Thu Oct  4 15:25:26 2001", the
# date as asctime writes it. Each part is a run of non-spaces then spaces: no two
# quantifiers compete for a character.
_MBOX_FROM = re.compile(
    rb"^From [^ \n]* +(?:[^ \n]+ +)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2} +[0-9]{1,2}:[0-9]{2}"
    rb"[^\n]*\n", re.MULTILINE)


def read_bounces(data: bytes | str) -> Iterator[Bounce]:
    """Each message of an mbox file (or the one message that is not an mbox) as a Bounce."""
    raw = text_bytes(data) if isinstance(data, str) else bytes(data)
    for message in split_mbox(raw):
        yield read_bounce(message)


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox file: split at every "From " separator line, one with a
    sender and an asctime date (RFC 4155 s2), whether or not a blank line comes before it
    (mbox writers escape "From " at the start of body lines as ">From ", and many omit the
    blank line: Postfix's and procmail's mailboxes, files joined with cat). Data that does
    not start with such a line is one message."""
    flat = normalize(data)
    if not _MBOX_FROM.match(flat):
        return [data]
    starts = [0] + [found.start() for found in _MBOX_FROM.finditer(flat, 1)]
    ends = [*starts[1:], len(flat)]
    return [flat[start:end] for start, end in zip(starts, ends, strict=True)]
