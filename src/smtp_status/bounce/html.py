"""The text of an HTML bounce: scripts, styles and tags dropped, line breaks kept.

Linear in the size of the HTML whatever it holds: each search starts where the last one
stopped, so a body of unclosed ``<`` or of ``<script`` repeated is read in one pass.
"""

from __future__ import annotations

import re

from .text import ascii_lower

__all__ = ["html_text"]

_BLOCK_START = re.compile(r"<(script|style)\b")
_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</tr\s*>")
# A tag never holds "<": stopping there keeps each "<" to one scan up to the next one.
_TAG = re.compile(r"<[^<>]*>")


def html_text(html: str) -> str:
    """The text of ``html`` (see the module docstring)."""
    # ASCII-lowered: the same length and positions as the HTML.
    low = ascii_lower(html)
    kept: list[str] = []
    position = 0
    while True:
        start = _BLOCK_START.search(low, position)
        if start is None:
            kept.append(html[position:])
            break
        kept.append(html[position:start.start()])
        close = low.find(f"</{start.group(1)}", start.end())
        if close < 0:  # unclosed: it runs to the end, as browsers read it
            break
        end = low.find(">", close)
        position = len(html) if end < 0 else end + 1
        kept.append(" ")
    text = "".join(kept)
    low = ascii_lower(text)
    pieces: list[str] = []
    position = 0
    for found in _BREAK.finditer(low):
        pieces.append(text[position:found.start()])
        pieces.append("\n")
        position = found.end()
    pieces.append(text[position:])
    text = _TAG.sub(" ", "".join(pieces))
    return (text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&amp;", "&"))
