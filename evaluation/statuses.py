"""Recipients, statuses and reply codes: ours against the corpus, per email and by family.

Recipients are compared in report order (the corpus lists no addresses). The figures:
- recipients counted right: emails whose recipient count is the expected one;
- status right: recipients with a real expected status whose ``effective_status`` equals it;
- reply code right: recipients with an expected reply code whose ``reply_code`` equals it;
- nobody reported: emails where recipients are expected and we report none.
Feedback reports and auto-replies (sisimai's reasons ``feedback`` and ``vacation``) are left
out of the counts until the reader reports them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from smtp_status.bounce import BouncedRecipient, read_bounces

from .corpus import Email, emails

LEFT_OUT_REASONS = frozenset({"feedback", "vacation"})

# Expectations of the corpus we looked at and disagree with, each with why: a miss listed
# here is the reader being right, and stays in the figures (they are sisimai's).
DISAGREEMENTS = {
    "lhost-qmail-25.eml": (
        "2 recipients, expected 1: qmail lists two addresses, each with its own "
        "'Remote host said' (552 5.2.2 and 550 5.1.1); both bounced"),
    "lhost-exchange2007-05.eml #1": (
        "status 4.4.7, expected 4.4.1: the DSN says Status 4.4.7 (the queue expired) and "
        "'smtp;550 4.4.7 QUEUE.Expired'; 4.4.1 is an earlier attempt quoted in the text"),
    "lhost-v5sendmail-07.eml #1": (
        "reply 501, expected 554: in the session with this recipient's host the server "
        "answered MAIL FROM with '501 ... no access from mail server ... which is an open "
        "relay'; Sendmail's '554 <address>... Remote protocol error' is its own summary of "
        "that refusal, not the server's reply"),
}


@dataclass
class Score:
    """Counts for one family, or for all."""

    emails: int = 0
    counted_right: int = 0
    nobody: int = 0
    statuses: int = 0
    statuses_right: int = 0
    replies: int = 0
    replies_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("emails", "counted_right", "nobody", "statuses", "statuses_right",
                     "replies", "replies_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)


def scored(email: Email) -> Score | None:
    """The score of one email, or None when it is left out."""
    if any(item.reason in LEFT_OUT_REASONS for item in email.recipients):
        return None
    # A file may be an mbox of several bounces (rhost-cox-01 holds two): its recipients
    # are those of every message in it, in order.
    ours = tuple(recipient for bounce in read_bounces(email.read())
                 for recipient in bounce.recipients)
    score = Score(emails=1)
    if len(ours) == len(email.recipients):
        score.counted_right = 1
    else:
        score.misses.append(f"{email.name}: {len(ours)} recipients, expected "
                            f"{len(email.recipients)}")
    if email.recipients and not ours:
        score.nobody = 1
    for expected, got in zip(email.recipients, _padded(ours, len(email.recipients)),
                             strict=True):
        status = None if got is None or got.effective_status is None else str(
            got.effective_status)
        if expected.real:
            score.statuses += 1
            if status == expected.status:
                score.statuses_right += 1
            else:
                score.misses.append(f"{email.name} #{expected.index}: status {status}, "
                                    f"expected {expected.status}")
        if expected.reply_code is not None:
            score.replies += 1
            reply = None if got is None else got.reply_code
            if reply == expected.reply_code:
                score.replies_right += 1
            else:
                score.misses.append(f"{email.name} #{expected.index}: reply {reply}, "
                                    f"expected {expected.reply_code}")
    return score


def _padded(ours: tuple[BouncedRecipient, ...], size: int) -> list[BouncedRecipient | None]:
    return [*ours[:size], *[None] * (size - len(ours))]


def scores() -> tuple[Score, dict[str, Score]]:
    """The total and the score of each family."""
    total = Score()
    families: dict[str, Score] = defaultdict(Score)
    for email in emails():
        score = scored(email)
        if score is not None:
            families[email.family].add(score)
            total.add(score)
    return total, dict(sorted(families.items()))


def _share(right: int, out_of: int) -> str:
    return f"{right}/{out_of} ({100 * right / out_of:.1f}%)" if out_of else "-"


def report() -> list[str]:
    total, families = scores()
    lines = ["# statuses: ours against the corpus",
             f"emails: {total.emails}; recipients counted right: "
             f"{_share(total.counted_right, total.emails)}; nobody reported: {total.nobody}",
             f"status right: {_share(total.statuses_right, total.statuses)}; reply code right: "
             f"{_share(total.replies_right, total.replies)}",
             "", "| family | emails | counted right | status right | reply right |",
             "|---|---|---|---|---|"]
    lines += [f"| {name} | {score.emails} | {_share(score.counted_right, score.emails)} | "
              f"{_share(score.statuses_right, score.statuses)} | "
              f"{_share(score.replies_right, score.replies)} |"
              for name, score in families.items()]
    lines += ["", "misses:", *(f"  {miss}" for miss in total.misses)]
    lines += ["", "expectations we disagree with (see DISAGREEMENTS):",
              *(f"  {name}: {why}" for name, why in DISAGREEMENTS.items())]
    return lines
