"""The progress line of ``smtp-status bounce`` on a terminal: messages read, their rate,
and where the size of the input is known, the bytes read of it and the time left.

Only a terminal gets it (never a pipe or a file), redrawn at most ten times a second, and
cleared before any other output so that it never mixes with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

__all__ = ["Progress", "progress_line"]

_INTERVAL = 0.1


def progress_line(messages: int, seconds: float, consumed: int, total: int | None) -> str:
    """``1,200 messages, 400/s, 12.0 of 48.0 MB, 0:09 left`` (rate and time left once any
    time has passed; bytes and time left only with a known total)."""
    parts = [f"{messages:,} message{'s' if messages != 1 else ''}"]
    if seconds > 0:
        parts.append(f"{messages / seconds:,.0f}/s")
    if total:
        parts.append(f"{consumed / 1e6:,.1f} of {total / 1e6:,.1f} MB")
        if seconds > 0 and consumed:
            left = max(0, round(seconds * (total - consumed) / consumed))
            parts.append(f"{left // 3600}:{left // 60 % 60:02}:{left % 60:02} left"
                         if left >= 3600 else f"{left // 60}:{left % 60:02} left")
    return ", ".join(parts)


class Progress:
    """The line on ``stream`` when it is a terminal; ``total`` is asked for only then."""

    def __init__(self, stream: IO[str], total: Callable[[], int | None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.enabled: bool = stream.isatty()
        self.total: int | None = total() if self.enabled else None
        self.clock = clock
        self.start: float = clock()
        self.last: float = float("-inf")
        self.messages: int = 0
        self.consumed: int = 0
        self.width: int = 0

    def update(self, messages: int, consumed: int) -> None:
        self.messages += messages
        self.consumed = max(self.consumed, consumed)

    def show(self) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.last < _INTERVAL:
            return
        self.last = now
        line = progress_line(self.messages, now - self.start, self.consumed, self.total)
        self.stream.write("\r" + line)
        self.stream.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
