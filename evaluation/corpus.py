"""The labelled bounce corpus (../shared/bounce-corpus, its README says how to read it).

``expected.jsonl`` lists, per email, sisimai's recipients in report order; ours are paired
with them by position, the only key both have (the corpus lists no addresses).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# A worktree at /work/wt-X and the main checkout at /work/main both find it one level up.
DEFAULT = REPO.parent / "shared" / "bounce-corpus"


def corpus_folder() -> Path | None:
    """The corpus folder ($SMTP_STATUS_BOUNCE_CORPUS, else ../shared/bounce-corpus), or None."""
    folder = Path(os.environ.get("SMTP_STATUS_BOUNCE_CORPUS", DEFAULT))
    return folder if (folder / "expected.jsonl").is_file() else None


@dataclass(frozen=True)
class Expected:
    """sisimai's facts about one recipient."""

    file: str
    index: int  # 1, 2, ... within the email
    status: str | None
    real: bool
    reply_code: int | None
    reason: str
    hard_bounce: bool


@dataclass(frozen=True)
class Email:
    file: str
    path: Path
    recipients: tuple[Expected, ...]


def emails(folder: Path) -> Iterator[Email]:
    """Every email of the corpus with its expected recipients, in the file's order."""
    with open(folder / "expected.jsonl", encoding="utf-8") as stream:
        for line in stream:
            record: dict[str, Any] = json.loads(line)
            yield Email(record["file"], folder / "emails" / record["file"], tuple(
                Expected(record["file"], item["index"], item["status"], item["real"],
                         item["replycode"], item["reason"], item["hardbounce"])
                for item in record["recipients"]))
