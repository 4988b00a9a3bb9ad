"""``smtp-status bounce`` over inputs of every kind: folders, Maildir, MH, mbox (read
incrementally, mboxrd unescaped), gzip, bzip2, xz, standard input, unreadable items; and
--jobs, whose output is the same whatever N."""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import lzma
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from smtp_status.bounce import iter_mbox, split_mbox
from smtp_status.bounce.command import add_bounce_parser, run_bounce
from smtp_status.bounce.inputs import InputMessage, Unreadable, input_size, read_inputs
from smtp_status.bounce.progress import Progress, progress_line

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
RETRY_NO = "retry: no (permanent failure: resending as is will fail again)"
SUPPRESS = ("    reason: user-unknown (rule code-bad-mailbox); advice: suppress the address "
            "(a hard bounce: the address itself is bad)\n")


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stdin: bytes = b"", stderr: io.StringIO | None = None,
        ) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="smtp-status")
    add_bounce_parser(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(["bounce", *argv])
    stdout, errors = io.StringIO(), stderr if stderr is not None else io.StringIO()
    status = run_bounce(arguments, stdout, errors, io.BufferedReader(io.BytesIO(stdin)))
    return status, stdout.getvalue(), errors.getvalue()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_mailboxes(root: Path) -> Path:
    """A folder with a Maildir, an MH folder, an mbox, a .gz, a truncated .gz and a link to
    nothing (an unreadable file)."""
    box = root / "box"
    for sub in ("cur", "new", "tmp"):
        (box / "maildir" / sub).mkdir(parents=True)
    (box / "maildir" / "new" / "1000.A.host").write_bytes(fixture("postfix_dsn.eml"))
    (box / "maildir" / "cur" / "1001.B.host:2,S").write_bytes(fixture("not_bounce.eml"))
    (box / "mh").mkdir()
    (box / "mh" / ".mh_sequences").write_bytes(b"")
    (box / "mh" / "2").write_bytes(fixture("exim_text.eml"))
    (box / "mh" / "10").write_bytes(fixture("exim_dsn.eml"))
    (box / "a.mbox").write_bytes(fixture("three.mbox"))
    compressed = gzip.compress(fixture("qmail.eml"), mtime=0)
    (box / "b.eml.gz").write_bytes(compressed)
    (box / "c.link").symlink_to(root / "nowhere")
    (box / "d.gz").write_bytes(compressed[:300])
    return box


POSTFIX = ("{name}: failure, 1 recipient, read from the DSN of mx1.example.net\n"
           "  original message: <lunch-1@example.net>, subject 'Lunch on Friday?'\n"
           f"  nobody@example.org: failed, 5.1.1 Bad destination mailbox address, reply 550, "
           f"{RETRY_NO}\n{SUPPRESS}")
QMAIL = ("{name}: failure, 2 recipients, read from the text\n"
         "  original message: no Message-ID, subject 'Minutes'\n"
         f"  bob@example.com: failed, 5.1.1 Bad destination mailbox address, reply 550, "
         f"{RETRY_NO}\n{SUPPRESS}"
         f"  carol@example.com: failed, 5.1.1 Bad destination mailbox address, {RETRY_NO}\n"
         f"{SUPPRESS}")


def test_a_folder_of_every_kind_of_mailbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           ) -> None:
    make_mailboxes(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = run("box")
    assert status == 2
    assert stdout == (
        POSTFIX.format(name="box/a.mbox")
        + QMAIL.format(name="box/a.mbox message 2")
        + "box/a.mbox message 3: not-a-bounce\n"
        + QMAIL.format(name="box/b.eml.gz")
        + POSTFIX.format(name="box/maildir")
        + "box/maildir message 2: not-a-bounce\n"
        "box/mh message 2: failure, 1 recipient, read from the text\n"
        "  original message: no Message-ID, subject 'hello; do not parse <trent@example.de>: "
        "550 5.1.1 here'\n"
        f"  peggy@example.de: failed, 5.1.1 Bad destination mailbox address, reply 550, "
        f"{RETRY_NO}\n{SUPPRESS}"
        "box/mh message 10: failure, 1 recipient, read from the DSN of mx.example.org\n"
        "  original message: no Message-ID, subject 'hi'\n"
        f"  judy@example.org: failed, 5.1.1 Bad destination mailbox address (Status says "
        f"5.0.0), reply 550, {RETRY_NO}\n{SUPPRESS}"
        "summary: 8 messages, 6 bounces, 8 recipients; by kind: failure 6, not-a-bounce 2; "
        "by class: 5.X.X 8; retry: no 8; advice: suppress 8\n")
    assert stderr == ("smtp-status bounce: cannot read box/c.link: No such file or directory\n"
                      "smtp-status bounce: cannot read box/d.gz: compressed data ends before "
                      "its end marker\n")


@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_jobs_give_the_same_output(tmp_path: Path, jobs: str) -> None:
    box = make_mailboxes(tmp_path)
    # Enough messages for several batches, so that a pool really starts.
    (box / "e.mbox").write_bytes(fixture("three.mbox") * 40)
    one = run("--jobs", "1", str(box))
    assert one[0] == 2
    assert one[2].count("cannot read") == 2
    assert run("--jobs", jobs, str(box)) == one
    assert run("--jobs", jobs, "--json", str(box)) == run("--jobs", "1", "--json", str(box))


def test_jobs_must_be_a_positive_number() -> None:
    result = subprocess.run([sys.executable, "-m", "smtp_status", "bounce", "--jobs", "0"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "smtp-status bounce: error: argument --jobs/-j: '0' is not a number of processes "
        "(1 or more)")


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress],
                         ids=["gzip", "bzip2", "xz"])
def test_compressed_files_are_read_by_their_magic(tmp_path: Path, compress: object) -> None:
    path = tmp_path / "returned"  # no suffix: the bytes say what it is
    path.write_bytes(compress(fixture("three.mbox")))  # type: ignore[operator]
    assert run(str(path))[1] == run(str(FIXTURES / "three.mbox"))[1].replace(
        str(FIXTURES / "three.mbox"), str(path))


def test_standard_input_may_be_compressed_too() -> None:
    status, stdout, stderr = run(stdin=gzip.compress(fixture("qmail.eml")))
    assert (status, stderr) == (0, "")
    assert stdout == QMAIL.format(name="- message 1")


def test_dash_names_standard_input_among_files() -> None:
    status, stdout, _ = run(str(FIXTURES / "qmail.eml"), "-", stdin=fixture("postfix_dsn.eml"))
    assert status == 0
    assert stdout.splitlines()[0] == (
        f"{FIXTURES / 'qmail.eml'}: failure, 2 recipients, read from the text")
    assert stdout.splitlines()[6] == (
        "- message 1: failure, 1 recipient, read from the DSN of mx1.example.net")


def test_a_folder_is_walked_in_byte_order_of_names(tmp_path: Path) -> None:
    for name in ("b", "a/z", "a/y", "B", "é"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(fixture("not_bounce.eml"))
    sources = [item.source for item in read_inputs([str(tmp_path)], io.BytesIO())]
    assert sources == [str(tmp_path / name) for name in ("B", "a/y", "a/z", "b", "é")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.eml"
    path.write_bytes(fixture("qmail.eml"))
    path.chmod(0)
    status, stdout, stderr = run(str(path), str(FIXTURES / "qmail.eml"))
    assert (status, stderr) == (2, f"smtp-status bounce: cannot read {path}: Permission denied\n")
    assert stdout == QMAIL.format(name=FIXTURES / "qmail.eml")


def test_unreadable_names_are_escaped(tmp_path: Path) -> None:
    name = str(tmp_path / "bad\x1b[31m.eml")
    _, _, stderr = run(name)
    assert stderr == (f"smtp-status bounce: cannot read {tmp_path}/bad\\x1b[31m.eml: "
                      "No such file or directory\n")


def test_mboxrd_from_lines_are_unescaped() -> None:
    data = (b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n>>From there\n"
            b"From inside a line stays\n\nFrom b@x Tue Jan  2 00:00:00 2024\r\nSubject: two\r\n"
            b"\r\nbody\r\n")
    assert split_mbox(data) == [
        b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nFrom here\n>From there\n"
        b"From inside a line stays\n\n",
        b"From b@x Tue Jan  2 00:00:00 2024\nSubject: two\n\nbody\n"]


def test_not_an_mbox_is_one_message_as_given() -> None:
    data = b"Subject: x\r\n\r\n>From me\r\n"
    assert split_mbox(data) == [data]


class OneByteAtATime(io.RawIOBase):
    """A stream that returns one byte per read: every line straddles reads."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.data.read(1)
        buffer[:len(chunk)] = chunk
        return len(chunk)


def test_crlf_split_across_reads() -> None:
    data = fixture("three.mbox").replace(b"\n", b"\r\n")
    stream = io.BufferedReader(OneByteAtATime(data), buffer_size=1)
    assert list(iter_mbox(stream)) == split_mbox(fixture("three.mbox"))


def test_a_huge_mbox_is_read_one_message_at_a_time() -> None:
    """The reader holds one message and one chunk: the stream is read no further than a
    chunk past the message it yields."""
    from smtp_status.bounce.mbox import _CHUNK  # pyright: ignore[reportPrivateUsage]

    message = fixture("qmail.eml")
    one = b"From a@x Mon Jan  1 00:00:00 2024\n" + message + b"\n"
    stream = io.BytesIO(one * 5000)
    assert len(one) * 5000 > 10 * _CHUNK
    messages = iter_mbox(stream)
    assert next(messages) == one
    assert stream.tell() <= len(one) + _CHUNK + 1
    assert sum(1 for _ in messages) == 4999


def test_separators_cut_by_a_chunk_boundary() -> None:
    one = b"From a@x Mon Jan  1 00:00:00 2024\r\nSubject: x\r\n\r\n>From body\r\n\r\n"
    data = one * 3000
    expected = [one.replace(b"\r\n", b"\n").replace(b">From", b"From")] * 3000
    for size, copy in [(size, copy) for size in (1, 7, 64, 1000)
                       for copy in (data, data.replace(b"\r\n", b"\r"))]:  # CRLF, CR only
        stream = io.BufferedReader(OneByteAtATime(copy), buffer_size=1) if size == 1 else (
            io.BytesIO(copy))
        import smtp_status.bounce.mbox as mbox

        saved = mbox._CHUNK  # pyright: ignore[reportPrivateUsage]
        mbox._CHUNK = size  # pyright: ignore[reportPrivateUsage]
        try:
            assert list(iter_mbox(stream)) == expected, size
        finally:
            mbox._CHUNK = saved  # pyright: ignore[reportPrivateUsage]


def test_input_size_and_consumed_bytes(tmp_path: Path) -> None:
    box = make_mailboxes(tmp_path)
    size = input_size([str(box)], io.BytesIO())
    assert size == sum(path.stat().st_size for path in box.rglob("*")
                       if path.is_file() and not path.is_symlink())
    items = list(read_inputs([str(box / "a.mbox")], io.BytesIO()))
    assert [item.consumed for item in items if isinstance(item, InputMessage)][-1] == (
        (box / "a.mbox").stat().st_size)
    assert input_size(["-"], io.BytesIO()) is None  # no file behind it: unknown
    assert not any(isinstance(item, Unreadable) for item in items)


def test_progress_line() -> None:
    assert progress_line(1, 0, 0, None) == "1 message"
    assert progress_line(1200, 3, 12_000_000, None) == "1,200 messages, 400/s"
    assert progress_line(1200, 3, 12_000_000, 48_000_000) == (
        "1,200 messages, 400/s, 12.0 of 48.0 MB, 0:09 left")
    assert progress_line(10, 1, 1, 10_000) == "10 messages, 10/s, 0.0 of 0.0 MB, 2:46:39 left"


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    box = make_mailboxes(tmp_path)
    tty = TTY()
    status, stdout, _ = run(str(box), stderr=tty)
    assert (status, stdout) == run(str(box))[:2]
    shown = tty.getvalue()
    size = input_size([str(box)], io.BytesIO())
    assert size is not None
    assert "messages, " in shown and f" of {size / 1e6:,.1f} MB, " in shown
    # Each line drawn is cleared before any other output, and at the end: take the
    # (draw, clear) pairs away and what is left is what a pipe gets.
    plain = run(str(box))[2]
    assert "\r" not in plain
    assert re.sub(r"\r[^\r\n]+\r +\r", "", shown) == plain


def test_progress_is_redrawn_at_most_ten_times_a_second() -> None:
    ticks = iter([0.0, 0.05, 0.1, 0.5])
    tty = TTY()
    progress = Progress(tty, lambda: 100, clock=lambda: next(ticks))
    progress.update(3, 50)
    progress.show()  # at 0.05 s
    progress.update(1, 60)
    progress.show()  # at 0.1 s: too soon
    progress.update(1, 100)
    progress.show()  # at 0.5 s
    assert tty.getvalue() == ("\r3 messages, 60/s, 0.0 of 0.0 MB, 0:00 left"
                              "\r5 messages, 10/s, 0.0 of 0.0 MB, 0:00 left")
    progress.clear()
    assert tty.getvalue().endswith("\r" + " " * 42 + "\r")
    assert Progress(io.StringIO(), lambda: 1 // 0).total is None  # never asked on a pipe


def test_corrupt_compressed_files_are_unreadable(tmp_path: Path) -> None:
    good = gzip.compress(b"x" * 1000, mtime=0)
    cases = {"bad.gz": (good[:10] + bytes(50) + good[60:],
                        "Error -3 while decompressing data: invalid stored block lengths"),
             "bad.xz": (b"\xfd7zXZ\x00" + bytes(100), "Corrupt input data"),
             "bad.bz2": (b"BZh9" + bytes(100), "Invalid data stream")}
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_inputs([str(tmp_path / name) for name in cases], io.BytesIO()))
    assert items == [Unreadable(str(tmp_path / name), reason)
                     for name, (_, reason) in cases.items()]


def test_ctrl_c_stops_the_pool_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, workers included: the run stops with status
    130 and not a word on stderr from the command or its workers."""
    import signal
    import time

    fifo = tmp_path / "input.mbox"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "smtp_status", "bounce", "--jobs", "2", str(fifo)],
        # Output unread would fill a pipe and stop the run: it goes nowhere.
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    with open(fifo, "wb") as writer:
        writer.write(fixture("three.mbox") * 300)  # many batches: the pool starts
        writer.flush()
        deadline = time.monotonic() + 60
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the workers have set their handlers
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, b"")


def test_read_bounces_is_lazy_over_a_stream() -> None:
    """read_bounces takes a binary stream too and reads it a message at a time."""
    from smtp_status.bounce import read_bounces
    from smtp_status.bounce.mbox import _CHUNK  # pyright: ignore[reportPrivateUsage]

    one = b"From a@x Mon Jan  1 00:00:00 2024\n" + fixture("qmail.eml") + b"\n"
    stream = io.BytesIO(one * 2000)
    bounces = read_bounces(stream)
    first = next(bounces)
    assert [r.address for r in first.recipients] == ["bob@example.com", "carol@example.com"]
    assert stream.tell() <= len(one) + _CHUNK + 1
    assert sum(1 for _ in bounces) == 1999
