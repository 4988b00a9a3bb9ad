"""The one rule that gives a new registry entry its stable identifier.

The rule runs once, when an entry first enters the registry; from then on the name is
data, so a later change to IANA's wording never renames an API.

Rule: take IANA's sample text (enumerated codes) or summary (classes and subjects) up
to its first comma; drop apostrophes; replace each run of other non-alphanumeric
characters with "_"; uppercase. An entry without text is named CODE_<code> with its dots
as underscores. A name already taken gets "_<code>" appended the same way, then "_2",
"_3", ... until it is free.
"""

from __future__ import annotations

import re
from collections.abc import Collection

NAME_PATTERN = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\Z")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def derive_name(code: str, text: str | None, taken: Collection[str] = ()) -> str:
    """Name a new entry from its IANA text, avoiding every name in ``taken``."""
    code_part = _NON_ALNUM.sub("_", code).upper()
    stem = (text or "").split(",", 1)[0].replace("'", "")
    name = _NON_ALNUM.sub("_", stem).strip("_").upper()
    if not name or not name[0].isalpha():
        name = f"CODE_{code_part}" if not name else f"CODE_{name}"
    if name in taken:
        name = f"{name}_{code_part}"
    # Still taken (another entry already carries the suffixed form): count on until free.
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate
