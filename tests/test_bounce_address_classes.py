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
