"""Facts about the registry file's layout that several modules need."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9]{1,9}")

TABLE_KEYS = ("classes", "subjects", "codes")

HEADER = """\
The IANA "SMTP Enhanced Status Codes" registry (RFC 3463, RFC 5248): the one canonical
table this project generates everything from. See registry/README.md for every field.

Under each record, `iana:` mirrors IANA's record field by field (whitespace folded,
inline xrefs written [RFC6376]); everything beside it is ours. Refresh IANA's parts with
`python -m generators sync-iana FILE.xml --write`; edit our parts by hand; then run
`python -m generators generate`.
"""


def code_sort_key(code: str) -> tuple[int, ...]:
    """Numeric order for IANA codes: 2.XXX.YYY < 4.XXX.YYY, X.1.2 < X.1.10.

    Defined for every string, so that sorting never fails: a part that is not 1 to 9
    ASCII digits ("X", "YYY", but also "²", which str.isdigit accepts and int() refuses,
    or a number too long for int()) sorts before all numbers.
    """
    return tuple(int(part) if _NUMBER.fullmatch(part) else -1 for part in code.split("."))
