"""Alternations of literal words as one regular expression factored by common prefix.

The regex engine tries the branches of ``a|b|c`` one after the other at every position, so
an alternation of dozens of phrases costs dozens of comparisons per character. Factored as
a trie (``ab(?:c|d)``) it costs one per branch point, and it opens with a character set,
which lets the engine skip in C to the positions where some word can start.

A match is the longest word at its position (each optional tail is greedy), where the
plain alternation gives the first word listed that matches there: the same start, and the
same end wherever the rest of the pattern does not depend on which word matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie_pattern"]

_END = ""  # the key that marks a word ending at a node (no character is empty)
_Node = dict[str, "_Node"]


def trie_pattern(words: Iterable[str]) -> str:
    """The words (literal text, not patterns) as one non-capturing pattern; "(?!)" when
    there are none."""
    root: _Node = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[_END] = {}
    if not root:
        return "(?!)"
    return _pattern(root)


def _pattern(node: _Node) -> str:
    branches = [re.escape(character) + _pattern(child)
                for character, child in sorted(node.items()) if character != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if _END in node else body
