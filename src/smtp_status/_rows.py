"""The row types of the generated tables in ``_generated/``: one named field per column.

Each row is a dict literal written by key and read by key, so no column order exists for
the templates and the runtime to agree on; these TypedDicts are the rows' one description.
Only type checkers import this module (under TYPE_CHECKING): importing typing would cost
the package more than all its tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from ._generated.reasons import Advice, ReasonId


class HeaderRow(TypedDict):
    """A class or subject sub-code's texts, as IANA gives them."""

    summary: str
    description: str
    references: tuple[str, ...]
    submitter: str | None
    change_controller: str | None


class CodeRow(TypedDict):
    """An enumerated code's fields: IANA's texts and what the registry derives from them."""

    subject: int
    detail: int
    sample_text: str | None
    text: str  # the sample text, or a note where IANA gives none
    description: str
    basic_code: str | None
    basic_codes: tuple[int, ...]
    references: tuple[str, ...]
    submitter: str | None
    change_controller: str | None
    date: tuple[int, int, int] | None  # (year, month, day)
    deprecated: bool
    replaced_by: str | None  # the code that replaces a deprecated one: "X.6.8"
    classes: tuple[int, ...]


class ReplyRow(TypedDict):
    """A basic reply code's fields."""

    text: str | None
    description: str
    defined: bool
    references: tuple[str, ...]  # "RFC 5321 section 4.2.3"
    enhanced_codes: tuple[str, ...]  # whose IANA basic codes list the reply code


class ProviderRow(TypedDict):
    """A provider the vendor layer recognises, and how."""

    id: str
    name: str
    host_suffixes: tuple[str, ...]
    reply_markers: tuple[str, ...]
    reply_prefixes: tuple[str, ...]  # Exchange's "RESOLVER." and the like
    bounce_headers: tuple[str, ...]  # header fields its bounces carry
    bounce_senders: tuple[str, ...]  # display names its bounces come from


class VendorRow(TypedDict):
    """A provider's documented use of a code or a range of codes."""

    provider: str
    code: str  # as the provider lists it: "5.7.606-5.7.649"
    first: tuple[int, int, int]  # (class, subject, detail)
    last: tuple[int, int, int]
    reply_codes: tuple[int, ...] | None  # None when the source gives none
    match_text: str | None  # as the source quotes it; None for a code's general entry
    folded_match: str | None  # the same in lower case
    meaning: str
    reason: str
    permanent: bool
    source: str
    source_kind: str
    primary_source: str | None  # the primary page a secondary source quotes
    seen: str  # ISO 8601
    differs_from_iana: str | None
    known_inconsistency: str | None


class ReasonRow(TypedDict):
    """A bounce reason: whether it makes a hard bounce, and what to do about the address."""

    id: ReasonId
    hard: bool | None  # None: hard unless the failure is transient
    advice: Advice
    soft_advice: Advice | None  # the advice when transient, for the hard-unless-transient ones
    definition: str


class RuleRow(TypedDict):
    """A classification rule, in the order the rules are tried: the first that holds decides."""

    id: str
    reason: ReasonId
    # class, subject, lowest and highest detail (None matches any; class -1 matches only no
    # status); None: the rule holds with any status or none.
    status_match: tuple[int | None, int | None, int | None, int | None] | None
    reply_codes: tuple[int, ...]  # empty: any reply code
    text_any: tuple[str, ...]  # fragments of which one must appear; empty: no condition
    text_all: tuple[str, ...]  # fragments that must all appear
    provider: str | None
    tier: int


class FormatRow(TypedDict):
    """A phrase an MTA writes in its bounces, and the role it plays there."""

    mta: str
    role: str
    phrase: str
    example: str  # the fixture bounce that shows the phrase
    status: str | None  # the status a status row's phrase implies, "5.1.1"; None otherwise
