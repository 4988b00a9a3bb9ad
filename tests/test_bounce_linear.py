"""Hostile shapes cost linear time: no regex backtracks quadratically, no per-recipient
rescan. Each case is 1 MB; a quadratic step would take minutes, not milliseconds."""

from __future__ import annotations

import time

import pytest
from smtp_status.bounce import read_bounce, read_bounces

HEAD = b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n"
SIZE = 1_000_000
CASES = {
    "a line of dashes": HEAD + b"x" * 50 + b"\n" + b"-" * SIZE + b"\n",
    "a local part with no domain": HEAD + b"error " + b"a" * SIZE + b"@!\n",
    "a chain of @": HEAD + b"error " + b"a@" * (SIZE // 2) + b"\n",
    "a long mbox From line": b"From " + b"a" * SIZE + b"\n" + HEAD,
    "one address repeated on a line": HEAD + b"user a@b.cd " * (SIZE // 12),
    "many distinct failure lines": HEAD + b"".join(b"unknown u%d@b.cd\n" % i
                                                   for i in range(SIZE // 20)),
    "many address: lines": HEAD + b"".join(b"u%d@b.cd: x\n" % i for i in range(SIZE // 15)),
    "many openers": HEAD + b"following address\n" * (SIZE // 18),
    "many boundaries": b"From: a\nContent-Type: multipart/mixed; boundary=b\n\n" + b"--b\n" * (
        SIZE // 4),
    "deeply nested multiparts": b"From: a\nContent-Type: multipart/mixed; boundary=b0\n\n"
    + b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
        for i in range(20000)),
    "DSN groups run together": b"From: a\nContent-Type: message/delivery-status\n\n"
                               + b"Final-Recipient: rfc822; a@b\n" * (SIZE // 30),
    "DSN groups without Action": b"From: a\nContent-Type: message/delivery-status\n\n"
                                 + b"Final-Recipient: rfc822; a@b\n\n" * (SIZE // 30),
    "folded header": b"From: a\nSubject: x\n" + b" cont\n" * (SIZE // 6) + b"\nbody",
    "CR only": HEAD.replace(b"\n", b"\r") + b"<a@b.cd>:\r" * (SIZE // 10),
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_hostile_shapes_read_fast(data: bytes) -> None:
    start = time.perf_counter()
    read_bounce(data)
    list(read_bounces(data))
    assert time.perf_counter() - start < 5.0
