"""The address classes of the text reader are written as negated ASCII classes (issue 24):
each must accept exactly the characters of its positive form, the ASCII characters RFC 5322
s3.4.1 allows there plus every non-ASCII one (RFC 6531), over all 1,114,112 code points,
with and without IGNORECASE."""

from __future__ import annotations

import re

import pytest

from smtp_status.bounce import text

# The positive forms the classes replace (slow to compile: 65k-entry charmaps).
POSITIVE = {
    "_LOCAL_CHAR": r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff]",
    "_DOMAIN_CHAR": r"[A-Za-z0-9\-.\[\]:\u0080-\U0010ffff]",
    "_DOMAIN_END": r"[A-Za-z0-9\]\u0080-\U0010ffff]",
}
EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("flags", [0, re.IGNORECASE], ids=["exact", "ignorecase"])
@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_negated_class_equals_its_positive_form(name: str, flags: int) -> None:
    negated = re.compile(getattr(text, name) + "+", flags)
    positive = re.compile(POSITIVE[name] + "+", flags)
    # What each leaves behind is what it refuses: the same characters, in order.
    assert negated.sub("", EVERY_CODE_POINT) == positive.sub("", EVERY_CODE_POINT)


def test_refused_ascii_is_what_rfc_5322_excludes() -> None:
    ascii_text = "".join(map(chr, range(0x80)))
    refused = {name: re.sub(getattr(text, name), "", ascii_text) for name in POSITIVE}
    controls = "".join(map(chr, range(0x21)))
    assert refused["_LOCAL_CHAR"] == controls + "\"(),:;<>@[\\]\x7f"
    assert refused["_DOMAIN_CHAR"] == controls + "!\"#$%&'()*+,/;<=>?@\\^_`{|}~\x7f"
    assert refused["_DOMAIN_END"] == controls + "!\"#$%&'()*+,-./:;<=>?@[\\^_`{|}~\x7f"


def test_importing_the_reader_compiles_none_of_the_text_patterns() -> None:
    # A fresh interpreter: the text reader's patterns, the vendor layer and the SES reader
    # wait for the first bounce that needs them (issue 24: every --jobs worker imports).
    import subprocess
    import sys

    code = ("import sys\nfrom smtp_status import read_bounce\n"
            "import smtp_status.bounce.reader\nfrom smtp_status.bounce import text\n"
            "print(text._patterns.cache_info().currsize, sorted(name for name in sys.modules "
            "if name in ('smtp_status.vendors', 'smtp_status.bounce.ses', 'json')))\n"
            "read_bounce(b'From: MAILER-DAEMON@a.example\\nSubject: failure notice\\n\\n"
            "<x@b.example>:\\n550 5.1.1 No such user\\n')\n"
            "print(text._patterns.cache_info().currsize, 'smtp_status.vendors' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 []\n1 True\n", "")
