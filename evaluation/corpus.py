"""The labelled bounce corpus: ``../shared/bounce-corpus`` beside the repository, or the folder
named by ``$SMTP_STATUS_BOUNCE_CORPUS``.

Its README says what each field of ``expected.jsonl`` means: per email, the recipients in
the order the reference reader sisimai reports them, each with its status, whether that
status is a real RFC 3463 code, the reply code, sisimai's reason and its hard-bounce verdict.
The emails are read where they are and never copied into the repository.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO.parent / "shared" / "bounce-corpus"
ABSENT = ("the labelled bounce corpus is not beside the repository (../shared/bounce-corpus) "
          "and $SMTP_STATUS_BOUNCE_CORPUS names no folder")


@dataclass(frozen=True)
class Expected:
    """One recipient as the corpus expects it."""

    index: int
    status: str | None
    real: bool
    reply_code: int | None
    reason: str
    hard_bounce: bool


@dataclass(frozen=True)
class Email:
    """One email of the corpus and its expected recipients."""

    name: str
    path: Path
    recipients: tuple[Expected, ...]

    @property
    def family(self) -> str:
        """The MTA or provider that wrote it: the file name without its number."""
        stem = self.name.removesuffix(".eml")
        head, _, number = stem.rpartition("-")
        return head if number.isdigit() else stem

    def read(self) -> bytes:
        return self.path.read_bytes()


def folder() -> Path | None:
    """The corpus folder, or None when it is absent."""
    named = os.environ.get("SMTP_STATUS_BOUNCE_CORPUS")
    candidate = Path(named) if named else DEFAULT_FOLDER
    return candidate if (candidate / "expected.jsonl").is_file() else None


def emails(where: Path | None = None) -> Iterator[Email]:
    """Every email of the corpus, in the order of expected.jsonl."""
    base = where or folder()
    if base is None:
        raise FileNotFoundError(ABSENT)
    with open(base / "expected.jsonl", encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            yield Email(entry["file"], base / "emails" / entry["file"], tuple(
                Expected(item["index"], item["status"], item["real"], item["replycode"],
                         item["reason"], item["hardbounce"])
                for item in entry["recipients"]))
