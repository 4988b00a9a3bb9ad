"""The IANA SMTP Enhanced Status Codes registry (RFC 3463, RFC 5248) as typed Python.

>>> from smtp_status import EnhancedCode, StatusCode
>>> code = StatusCode.parse("5.1.1")
>>> code.enhanced_code is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
True
>>> code.is_permanent
True

Layout: the modules here are written by hand; ``_generated/`` holds the tables that
``python -m generators generate`` writes from the YAML under registry/. The reply parser,
the code finder and the reply code table load on first use, so ``import smtp_status``
costs only the status code tables.
"""

from ._generated import VERSION as _VERSION
from ._generated import EnhancedCode, StatusClass, Subject
from .status import InvalidStatusCode, StatusCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime

    from ._generated.reasons import Advice, ReasonId
    from .bounce import Bounce, BouncedRecipient, read_bounce, read_bounces
    from .bounce.types import BounceKind, SmtpCommand
    from .dsn import (
        DeliveryStatus,
        DSNWarning,
        InvalidDSN,
        RecipientStatus,
        TypedValue,
        parse_dsn,
    )
    from .finder import StatusCodeMatch, find_status_codes
    from .replies import ReplyCode
    from .reply import InvalidReply, Reply, parse_reply
    from .vocabulary import Action, ExplainKind, RecipientSource, Retry, RetryBy, VerdictBy

    #: The date IANA last updated the registry this package was generated from.
    REGISTRY_UPDATED: datetime.date

__all__ = [
    "REGISTRY_UPDATED",
    "Action",
    "Advice",
    "Bounce",
    "BounceKind",
    "BouncedRecipient",
    "DSNWarning",
    "DeliveryStatus",
    "EnhancedCode",
    "ExplainKind",
    "InvalidDSN",
    "InvalidReply",
    "InvalidStatusCode",
    "ReasonId",
    "RecipientSource",
    "RecipientStatus",
    "Reply",
    "ReplyCode",
    "Retry",
    "RetryBy",
    "SmtpCommand",
    "StatusClass",
    "StatusCode",
    "StatusCodeMatch",
    "Subject",
    "TypedValue",
    "VerdictBy",
    "__version__",
    "find_status_codes",
    "parse_dsn",
    "parse_reply",
    "read_bounce",
    "read_bounces",
]

#: YEAR.MMDD.N (2024.1206.0): IANA's update date and the code-only releases since
#: (CHANGELOG.md); ``REGISTRY_UPDATED`` is the date itself.
__version__: str = _VERSION

# Public name -> the submodule that defines it, imported on first access (PEP 562).
_LAZY = {
    "ReplyCode": "replies",
    "InvalidReply": "reply",
    "Reply": "reply",
    "parse_reply": "reply",
    "StatusCodeMatch": "finder",
    "find_status_codes": "finder",
    "Bounce": "bounce",
    "BouncedRecipient": "bounce",
    "read_bounce": "bounce",
    "read_bounces": "bounce",
    "DeliveryStatus": "dsn",
    "DSNWarning": "dsn",
    "InvalidDSN": "dsn",
    "RecipientStatus": "dsn",
    "TypedValue": "dsn",
    "parse_dsn": "dsn",
    # The closed vocabularies, as Literal types (smtp_status.vocabulary documents them).
    "Action": "vocabulary",
    "ExplainKind": "vocabulary",
    "RecipientSource": "vocabulary",
    "Retry": "vocabulary",
    "RetryBy": "vocabulary",
    "VerdictBy": "vocabulary",
    "ReasonId": "_generated.reasons",
    "Advice": "_generated.reasons",
    "BounceKind": "bounce.types",
    "SmtpCommand": "bounce.types",
}


def __getattr__(name: str) -> object:
    if name == "REGISTRY_UPDATED":
        import datetime

        from ._generated import UPDATED

        value: object = datetime.date(*UPDATED)
    elif name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
