"""What ``smtp-status bounce`` reads: files, folders, Maildir and MH mailboxes, compressed
files and standard input, as one lazy stream of messages in a stable order.

- A file is one message or an mbox (``mbox.iter_mbox``, read incrementally). A file that
  starts with the magic bytes of gzip, bzip2 or xz is decompressed as it is read, whatever
  its name.
- A folder with ``cur`` and ``new`` subfolders is a Maildir, one with ``.mh_sequences`` an
  MH folder: their messages are read by the standard library's ``mailbox``, in key order
  (numbered by place for a Maildir, by their own number for MH).
  Any other folder is walked recursively, entries sorted by name (bytes of the name, so the
  order never depends on the locale); a Maildir's or MH folder's own subfolders are walked
  the same way after its messages.
- ``-`` is standard input.

Whatever cannot be read (a missing file, a folder that cannot be listed, a corrupt gzip
stream) is yielded as an ``Unreadable`` in its place, and reading goes on with the next.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .mbox import ByteStream, iter_mbox

if TYPE_CHECKING:
    import mailbox

__all__ = ["InputMessage", "Unreadable", "input_size", "read_inputs"]

# Each format's magic bytes and the module that reads it (imported only when met: a run
# over plain files never pays for them).
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "lzma"))
_MAGIC_LENGTH = 6


class InputMessage(NamedTuple):
    """One message read: where from, its place there (from 1) and its bytes.

    ``consumed`` is how many bytes of the input files have been read so far, all inputs
    together (compressed bytes for a compressed file), for progress against ``input_size``.
    """

    source: str
    number: int
    data: bytes
    consumed: int


class Unreadable(NamedTuple):
    """An input that could not be read (or not to its end), and why."""

    source: str
    reason: str


class _Counter:
    """Bytes consumed by the inputs finished so far."""

    def __init__(self) -> None:
        self.done = 0


def read_inputs(names: Sequence[str], stdin: BinaryIO) -> Iterator[InputMessage | Unreadable]:
    """Every message of every input, in order; an Unreadable where one fails."""
    counter = _Counter()
    for name in names:
        if name == "-":
            yield from _read_stream(name, stdin, counter, None)
        else:
            yield from _read_path(name, counter)


def input_size(names: Sequence[str], stdin: BinaryIO) -> int | None:
    """The bytes ``read_inputs`` will read, or None when that is not known in advance (a
    pipe on standard input, a folder that cannot be listed)."""
    total = 0
    for name in names:
        try:
            if name == "-":
                status = os.fstat(stdin.fileno())
                if not stat.S_ISREG(status.st_mode):
                    return None
                total += status.st_size - stdin.tell()
            elif os.path.isdir(name):
                for folder, _, files in os.walk(name):
                    total += sum(_size(os.path.join(folder, file)) for file in files)
            else:
                total += _size(name)
        except (OSError, ValueError):
            return None
    return total


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported when read


def _read_path(path: str, counter: _Counter) -> Iterator[InputMessage | Unreadable]:
    if os.path.isdir(path):
        yield from _read_folder(path, counter)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by _read_stream
    except OSError as error:
        yield Unreadable(path, _reason(error))
        return
    yield from _read_stream(path, stream, counter, stream)


def _read_folder(path: str, counter: _Counter) -> Iterator[InputMessage | Unreadable]:
    try:
        entries = sorted(os.listdir(path), key=os.fsencode)
    except OSError as error:
        yield Unreadable(path, _reason(error))
        return
    subfolders: list[str] = []
    box: mailbox.Mailbox[mailbox.Message] | None = None
    if "cur" in entries and "new" in entries and os.path.isdir(os.path.join(path, "cur")):
        import mailbox

        box = mailbox.Maildir(path, factory=None, create=False)
        subfolders = [name for name in entries if name not in ("cur", "new", "tmp")]
    elif ".mh_sequences" in entries:
        import mailbox

        box = mailbox.MH(path, factory=None, create=False)
        subfolders = [name for name in entries if not name.isdigit()
                      and name != ".mh_sequences"]
    if box is None:
        for name in entries:
            yield from _read_path(os.path.join(path, name), counter)
        return
    yield from _read_mailbox(path, box, counter)
    for name in subfolders:
        child = os.path.join(path, name)
        if os.path.isdir(child):
            yield from _read_folder(child, counter)


def _read_mailbox(path: str, box: mailbox.Mailbox[mailbox.Message],
                  counter: _Counter) -> Iterator[InputMessage | Unreadable]:
    try:
        keys = sorted(box.keys(), key=_key_order)
    except OSError as error:
        yield Unreadable(path, _reason(error))
        return
    for place, key in enumerate(keys, 1):
        # An MH message is known by its number; a Maildir's by its place in key order.
        number = key if isinstance(key, int) else place
        try:
            data = box.get_bytes(key)
        except (OSError, KeyError) as error:
            # KeyError: the message went away (another program moved it) since the listing.
            reason = _reason(error) if isinstance(error, OSError) else "message removed"
            yield Unreadable(f"{path} message {number}", reason)
            continue
        counter.done += len(data)
        yield InputMessage(path, number, data, counter.done)


def _key_order(key: object) -> tuple[int, str]:
    # MH keys are message numbers, Maildir keys unique names that start with the time.
    return (key, "") if isinstance(key, int) else (0, str(key))


def _read_stream(name: str, stream: BinaryIO, counter: _Counter,
                 owned: BinaryIO | None) -> Iterator[InputMessage | Unreadable]:
    start = counter.done
    errors: tuple[type[Exception], ...] = (OSError, EOFError)
    try:
        reader, errors = _decompressed(stream)
        for number, data in enumerate(iter_mbox(reader), 1):
            yield InputMessage(name, number, data, start + _position(stream, counter, start))
    except errors as error:
        yield Unreadable(name, _reason(error))
    finally:
        counter.done = start + _position(stream, counter, start)
        if owned is not None:
            owned.close()


def _position(stream: BinaryIO, counter: _Counter, start: int) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):  # a pipe: count what the messages held instead
        return counter.done - start


def _decompressed(stream: BinaryIO) -> tuple[ByteStream, tuple[type[Exception], ...]]:
    """``stream``, or a decompressing reader over it when it starts with a known magic, and
    the errors reading it can raise for bad data."""
    peek = getattr(stream, "peek", None)
    head = peek(_MAGIC_LENGTH)[:_MAGIC_LENGTH] if peek is not None else b""
    plain: tuple[type[Exception], ...] = (OSError, EOFError)
    for magic, codec in _COMPRESSED:
        if not head.startswith(magic):
            continue
        if codec == "gzip":
            import gzip
            import zlib

            return gzip.GzipFile(fileobj=stream, mode="rb"), (*plain, zlib.error)
        if codec == "bz2":
            import bz2

            return bz2.BZ2File(stream), plain
        import lzma

        return lzma.LZMAFile(stream), (*plain, lzma.LZMAError)
    return stream, plain


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, EOFError):
        return "compressed data ends before its end marker"
    return str(error) or type(error).__name__
