"""Bounce-shaped inputs built to make a careless reader slow: a regex that backtracks
quadratically, or a rescan per recipient. The tests read them for correctness; the
benchmarks (python -m benchmarks) measure their cost per byte at two sizes."""

from __future__ import annotations

HEAD = b"From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n"
MULTIPART = b"From: a\nContent-Type: multipart/mixed; boundary=b0\n\n"
DSN = b"From: a\nContent-Type: message/delivery-status\n\n"
HTML = b"From: MAILER-DAEMON@x.example\nSubject: failure notice\nContent-Type: text/html\n\n"
PLAIN = b"From: someone@x.example\nSubject: "


def hostile_cases(size: int) -> dict[str, bytes]:
    """Each shape at about ``size`` bytes."""
    return {
        "a line of dashes": HEAD + b"x" * 50 + b"\n" + b"-" * size + b"\n",
        "a local part with no domain": HEAD + b"error " + b"a" * size + b"@!\n",
        "a chain of @": HEAD + b"error " + b"a@" * (size // 2) + b"\n",
        "a long mbox From line": b"From " + b"a" * size + b"\n" + HEAD,
        "one address repeated on a line": HEAD + b"user a@b.cd " * (size // 12),
        "many distinct failure lines": HEAD + b"".join(
            b"unknown u%d@b.cd\n" % i for i in range(size // 20)),
        "many address: lines": HEAD + b"".join(b"u%d@b.cd: x\n" % i for i in range(size // 15)),
        "many openers": HEAD + b"following address\n" * (size // 18),
        "many boundaries": MULTIPART.replace(b"b0", b"b") + b"--b\n" * (size // 4),
        "deeply nested multiparts": MULTIPART + b"".join(
            b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
            for i in range(size // 50)),
        "DSN groups run together": DSN + b"Final-Recipient: rfc822; a@b\n" * (size // 30),
        "DSN groups without Action": DSN + b"Final-Recipient: rfc822; a@b\n\n" * (size // 30),
        "folded header": b"From: a\nSubject: x\n" + b" cont\n" * (size // 6) + b"\nbody",
        "CR only": HEAD.replace(b"\n", b"\r") + b"<a@b.cd>:\r" * (size // 10),
        # Issue 18's shapes.
        "HTML of unclosed <": HTML + b"<" * size,
        "HTML of <script repeated": HTML + b"<script" * (size // 7),
        "HTML of unclosed tags with text": HTML + b"<b x" * (size // 4),
        "a Subject of encoded words": PLAIN + b"=?utf-8?q?a?= " * (size // 14) + b"\n\nx\n",
        "a Subject of broken base64 words": PLAIN + b"=?utf-8?b?A?=" * (size // 13)
        + b"\n\nx\n",
        "DSN addresses with controls": DSN + b"Final-Recipient: rfc822; a+1B@b.cd\n\n"
        * (size // 36),
        "DSN Status comments and dates": DSN + b"Final-Recipient: rfc822; a@b.cd\nStatus: "
        b"5.1.1(x)\nLast-Attempt-Date: Mon, 2 Dec 0001 10:00:00 -0000\n\n" * (size // 100),
        "text addresses with separators": HEAD + "<a\u2028\u202eb@x.example>:\n".encode()
        * (size // 20),
        "a DSN nested past the depth limit": MULTIPART + b"".join(
            b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
            for i in range(9)) + b"--b9\nContent-Type: message/delivery-status\n\n"
        + b"Final-Recipient: rfc822; a@b.cd\n\n" * (size // 30),
        "a long Final-Recipient without a type": DSN + b"Final-Recipient: " + b"a" * size
        + b"@b.cd\n",
        "a long From and To of addresses": b"From: " + b"a@b.cd, " * (size // 16) + b"\nTo: "
        + b"c@d.ef, " * (size // 16) + b"\nSubject: failure notice\n\n<x@y.example>:\n550 no\n",
    }
