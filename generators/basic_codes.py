"""Read IANA's free-text "associated basic status code" cell into a structured form.

IANA writes the cell by hand: "451, 550", "451/550", "250 or 251", "5XX", "Any",
"Not given", "." and "450, 550 (other 4XX or 5XX codes are allowed)". The structured
form keeps what a program needs: the explicit 3-digit codes, wildcards such as 5XX, and
whether the cell means "any code" or says nothing at all.
"""

from __future__ import annotations

import re
from typing import Any

# Cells that say nothing about basic codes. "." is what IANA put in X.7.28's cell.
NOT_GIVEN_TEXTS = frozenset({"Not given", "."})
ANY_TEXTS = frozenset({"Any"})

_TOKEN = re.compile(r"(?P<code>\d{3})|(?P<wildcard>\dXX)")
# Everything a cell may hold besides codes and wildcards.
_FILLER = re.compile(r"(?:[\s,/]|\bor\b|\(other\b|\bcodes are allowed\))*")


class BasicCodeTextError(ValueError):
    """The cell holds words this reader does not know how to interpret."""


def parse_basic_code_text(text: str | None) -> dict[str, Any]:
    """Interpret one cell; raise BasicCodeTextError when it cannot be read safely."""
    if text is None or text in NOT_GIVEN_TEXTS:
        return {"kind": "not_given"}
    if text in ANY_TEXTS:
        return {"kind": "any"}
    codes: list[int] = []
    wildcards: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        _require_filler(text, position, match.start())
        if match.group("code"):
            codes.append(int(match.group("code")))
        else:
            wildcards.append(match.group("wildcard"))
        position = match.end()
    _require_filler(text, position, len(text))
    if not codes and not wildcards:
        raise BasicCodeTextError(f"no basic code in {text!r}")
    return {"kind": "listed", "codes": codes, "wildcards": wildcards}


def _require_filler(text: str, start: int, end: int) -> None:
    gap = text[start:end]
    if _FILLER.fullmatch(gap) is None:
        raise BasicCodeTextError(f"cannot interpret {gap.strip()!r} in {text!r}")
