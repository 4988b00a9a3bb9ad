"""Basic SMTP reply codes as an enum, with the enhanced codes IANA pairs with each.

Loaded on first use of ``smtp_status.ReplyCode``, so programs that only need status codes
do not pay for it. The member list is generated (``_generated/replies.py``).
"""

from ._generated.replies import REPLY_ROWS, ReplyCode
from .enums import EnhancedCode

__all__ = ["ReplyCode"]


def _attach() -> None:
    for reply, (text, description, defined, references, enhanced) in zip(
            ReplyCode, REPLY_ROWS, strict=True):
        reply.text = text
        reply.description = description
        reply.__doc__ = description
        reply.defined = defined
        reply.references = references
        reply.enhanced_codes = tuple(EnhancedCode(code) for code in enhanced)


_attach()
