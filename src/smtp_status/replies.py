"""Basic SMTP reply codes as an enum, with the enhanced codes IANA pairs with each.

Loaded on first use of ``smtp_status.ReplyCode``, so programs that only need status codes
do not pay for it. The member list is generated (``_generated/replies.py``).
"""

from ._generated.replies import REPLY_ROWS, ReplyCode
from .enums import EnhancedCode

__all__ = ["ReplyCode"]


def _attach() -> None:
    for reply, row in zip(ReplyCode, REPLY_ROWS, strict=True):
        reply.text = row["text"]
        reply.description = row["description"]
        reply.__doc__ = row["description"]
        reply.defined = row["defined"]
        reply.references = row["references"]
        reply.enhanced_codes = tuple(EnhancedCode(code) for code in row["enhanced_codes"])


_attach()
