"""``python -m evaluation reasons``: our bounce reasons against sisimai's on the corpus.

On every recipient whose expected reason is a failure (not delivered, feedback, vacation,
onhold or undefined), the reason agrees when sisimai's is among our reason's
``maps_to.sisimai``, and ``hard_bounce`` agrees when it equals sisimai's ``hardbounce``. A
recipient our reader does not find counts against both in the rates "of all"; the targets
apply to the recipients it reads (finding recipients is the reader's measure, not this one).
Prints the rates, the targets, the confusion by reason and each disagreement.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import REPO, emails

REASON_TARGET = 0.90
HARD_TARGET = 0.97
NOT_FAILURES = frozenset({"delivered", "feedback", "vacation", "onhold", "undefined"})
MISSING = "(not read)"


def sisimai_names() -> dict[str, tuple[str, ...]]:
    """Our reason id -> the sisimai reasons it maps to, from the published JSON."""
    document = json.loads((REPO / "generated" / "json" / "smtp-bounce-reasons.json")
                          .read_text("utf-8"))
    return {reason["id"]: tuple(reason["maps_to"].get("sisimai", ()))
            for reason in document["reasons"]}


@dataclass
class Outcome:
    recipients: int = 0
    missing: int = 0
    reason_agrees: int = 0
    hard_agrees: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (file, index, sisimai's reason and hardbounce, ours, rule)
    disagreements: list[tuple[str, int, str, bool, str, bool | None, str]] = field(
        default_factory=list)

    @property
    def read(self) -> int:
        return self.recipients - self.missing

    @property
    def reason_rate(self) -> float:
        """Agreement on the recipients the reader found."""
        return self.reason_agrees / self.read if self.read else 0.0

    @property
    def hard_rate(self) -> float:
        return self.hard_agrees / self.read if self.read else 0.0


def evaluate(folder: Path | None = None) -> Outcome:
    from smtp_status.bounce import read_bounce

    names = sisimai_names()
    outcome = Outcome()
    for email in emails(folder):
        ours = read_bounce(email.read()).recipients
        for position, expected in enumerate(email.recipients):
            if expected.reason in NOT_FAILURES:
                continue
            outcome.recipients += 1
            if position >= len(ours):
                reason, hard, rule = MISSING, None, ""
                outcome.missing += 1
            else:
                recipient = ours[position]
                reason, hard, rule = (recipient.reason, recipient.hard_bounce,
                                      recipient.reason_rule)
            same_reason = expected.reason in names.get(reason, ())
            same_hard = hard is expected.hard_bounce
            outcome.reason_agrees += same_reason
            outcome.hard_agrees += same_hard
            outcome.confusion[(expected.reason, reason)] += 1
            if not (same_reason and same_hard):
                outcome.disagreements.append((email.name, expected.index, expected.reason,
                                              expected.hard_bounce, reason, hard, rule))
    return outcome


def report(outcome: Outcome | None = None) -> list[str]:
    """The lines ``python -m evaluation reasons`` prints."""
    outcome = outcome if outcome is not None else evaluate()

    def verdict(rate: float, target: float) -> str:
        return "ok" if rate >= target else "MISS"

    def of_all(count: int) -> str:
        return f"{count / outcome.recipients:.1%} of all" if outcome.recipients else "-"

    lines = [
        "# reasons: ours against sisimai's reason and hard-bounce verdict",
        f"recipients whose expected reason is a failure: {outcome.recipients}, of which the "
        f"reader finds {outcome.read}",
        f"reason agrees with sisimai: {outcome.reason_agrees} ({outcome.reason_rate:.1%} of "
        f"those read, {of_all(outcome.reason_agrees)}; target >= {REASON_TARGET:.0%}: "
        f"{verdict(outcome.reason_rate, REASON_TARGET)})",
        f"hard_bounce agrees with sisimai: {outcome.hard_agrees} ({outcome.hard_rate:.1%} of "
        f"those read, {of_all(outcome.hard_agrees)}; target >= {HARD_TARGET:.0%}: "
        f"{verdict(outcome.hard_rate, HARD_TARGET)})",
        "",
        "confusion (sisimai's reason -> ours: count):",
    ]
    by_expected: dict[str, list[tuple[str, int]]] = {}
    for (expected, ours), count in outcome.confusion.items():
        by_expected.setdefault(expected, []).append((ours, count))
    for expected in sorted(by_expected):
        cells = ", ".join(f"{ours} {count}" for ours, count in
                          sorted(by_expected[expected], key=lambda item: (-item[1], item[0])))
        lines.append(f"  {expected}: {cells}")
    lines += ["", "disagreements (file#recipient: sisimai's reason/hard -> ours/hard by rule):"]
    for file, index, expected, hard, ours, our_hard, rule in sorted(outcome.disagreements):
        lines.append(f"  {file}#{index}: {expected}/{'hard' if hard else 'soft'} -> {ours}/"
                     f"{'hard' if our_hard else 'soft' if our_hard is False else '-'}"
                     + (f" by {rule}" if rule else ""))
    return lines
