"""The bounce reason ids, as the project's decisions fix them.

The one place this tool lists them until registry/bounce-reasons.yaml lands; then the check
that uses them (vendor-reason-known) becomes a cross-registry rule over that file.
"""

from __future__ import annotations

REASON_IDS: frozenset[str] = frozenset((
    "user-unknown", "host-unknown", "mailbox-full", "has-moved", "not-accept", "suspended",
    "filtered", "policy", "spam-detected", "virus-detected", "authentication", "blocked",
    "bad-reputation", "require-ptr", "rate-limited", "too-many-connections", "message-too-big",
    "content-error", "not-rfc-compliant", "no-relaying", "sender-rejected", "expired",
    "network-error", "system-error", "system-full", "mailer-error", "failed-starttls",
    "security-error", "syntax-error", "suppressed", "on-hold", "undetermined", "feedback",
    "auto-reply", "delivered",
))
