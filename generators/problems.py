"""The one shape every input problem takes, so all of them print alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A path into the loaded data: mapping keys and sequence indexes, from the root.
DataPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, pinned to where it is."""

    file: str
    line: int
    column: int
    path: DataPath
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {json_path(self.path)}: {self.message}"


class InputError(Exception):
    """Raised with every problem found, so the CLI can print them all and exit 2."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = tuple(sorted(problems))


def json_path(path: DataPath) -> str:
    """Render a data path the way JSONPath does: $.codes[3].name."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif step.isidentifier():
            parts.append(f".{step}")
        else:
            parts.append(f"[{step!r}]")
    return "".join(parts)


def quote(value: object) -> str:
    """Quote a bad datum for a message, shortened so one line stays one line."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
