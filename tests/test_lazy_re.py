"""smtp_status._lazy_re: a pattern compiled by its first use behaves as the compiled one."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from smtp_status._lazy_re import LazyPattern, lazy

TEXT = "550 5.1.1 <a@b.example>: user unknown\n421 4.4.2 timeout\n"


@pytest.mark.parametrize("method", ["search", "match", "fullmatch", "finditer", "findall",
                                    "split"])
def test_each_method_gives_what_the_compiled_pattern_gives(method: str) -> None:
    source, flags = r"([245])[0-9]{2} ([245]\.[0-9]\.[0-9])", re.MULTILINE
    compiled = re.compile(source, flags)
    for first in (True, False):  # the compiling call, then the compiled pattern's own
        pattern = lazy(source, flags)
        calls = 2 if first else 1
        if not first:
            pattern.compiled()
        for _ in range(calls):
            ours = getattr(pattern, method)(TEXT)
            theirs = getattr(compiled, method)(TEXT)
            if method == "finditer":
                ours, theirs = ([m.span() for m in ours], [m.span() for m in theirs])
            elif method in ("search", "match", "fullmatch"):
                ours = None if ours is None else (ours.span(), ours.groups())
                theirs = None if theirs is None else (theirs.span(), theirs.groups())
            assert ours == theirs


def test_positions_counts_and_bytes_patterns() -> None:
    words = lazy(rb"\w+")
    assert words.search(b"ab cd", 2) is not None and words.findall(b"ab cd ef", 3, 5) == [b"cd"]
    assert lazy("a").sub("b", "aaa", 2) == "bba"
    assert lazy(",").split("a,b,c", 1) == ["a", "b,c"]
    assert lazy("x").match("ax", 1) is not None and lazy("x").fullmatch("ax", 0, 1) is None


def test_the_first_call_puts_the_compiled_methods_on_the_instance() -> None:
    pattern: LazyPattern[str] = lazy("a+", re.IGNORECASE)
    assert "search" not in vars(pattern)
    assert pattern.search("xAAy") is not None
    assert vars(pattern)["search"] == re.compile("a+", re.IGNORECASE).search
    assert (pattern.pattern, pattern.flags) == ("a+", re.IGNORECASE)


def test_a_bad_pattern_fails_when_first_used() -> None:
    broken = lazy("(")
    with pytest.raises(re.error):
        broken.search("x")


def test_the_bounce_readers_patterns_are_not_compiled_at_import() -> None:
    script = (
        "from smtp_status import read_bounce\n"
        "from smtp_status._lazy_re import LazyPattern\n"
        "from smtp_status.bounce import detect, transcript\n"
        "lazy = [v for m in (detect, transcript) for v in vars(m).values()\n"
        "        if isinstance(v, LazyPattern)]\n"
        "print(len(lazy), sum('search' in vars(v) for v in lazy))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    count, compiled = map(int, result.stdout.split())
    assert count >= 10 and compiled == 0
