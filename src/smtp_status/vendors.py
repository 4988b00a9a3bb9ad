"""How Microsoft 365 and Google use enhanced status codes, beside IANA's registry.

The two largest providers send codes IANA does not register (Microsoft's 5.7.606-5.7.649) and
registered codes with meanings of their own (Microsoft's 5.2.2 is the sender's quota, not a
full mailbox). ``lookup_vendor`` gives the provider's meaning, but only when the provider is
recognised from a host name (Remote-MTA, Reporting-MTA, or a host the reply names) or from a
marker its replies carry: it never guesses a vendor from the code alone. Where the provider
gives one code several meanings (Google's 4.7.28 for an IP address, an SPF domain, a DKIM
domain or a URL domain), the reply code and a phrase of the reply text tell them apart. The
rows come from registry/vendor-codes.yaml, each with the page it is sourced from: the
provider's own, or a public page or bounce corpus that quotes the provider's replies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ._generated.vendors import ENTRIES, PROVIDERS
from .status import InvalidStatusCode, StatusCode

__all__ = ["VendorCode", "bounce_provider", "citation", "documents", "host_name",
           "lookup_vendor", "provider_of"]


class VendorCode(NamedTuple):
    """One provider's documented use of a code or a range of codes."""

    provider: str  # its id: "microsoft", "google"
    provider_name: str
    code: str  # as the provider lists it: "5.7.606-5.7.649" or "5.2.2"
    meaning: str  # this project's paraphrase of the provider's page
    permanent: bool  # whether the provider treats it as permanent
    reply_codes: tuple[int, ...] | None  # what the provider pairs it with; None: not given
    source: str  # the page the entry is taken from
    seen: str  # the date that page showed, or was read, ISO 8601
    differs_from_iana: str | None  # how IANA's meaning of the same X.s.d differs
    known_inconsistency: str | None
    match_text: str | None  # the reply phrase that picked this meaning of the code, if any
    reason: str  # the bounce reason id: "rate-limited", "user-unknown", ...
    source_kind: str  # "provider": its own page; "secondary": a page quoting the provider
    primary_source: str | None  # the provider page a secondary source quotes

    def as_json(self) -> dict[str, object]:
        """The object ``explain --json`` and ``bounce --json`` print (their schemas say so)."""
        record: dict[str, object] = dict(self._asdict())
        record["reply_codes"] = None if self.reply_codes is None else list(self.reply_codes)
        return record

    @property
    def citation(self) -> str:
        """Where the entry comes from, as one line of prose (see ``citation``)."""
        return citation(self.source, self.source_kind, self.primary_source, self.seen)


def citation(source: str, source_kind: str, primary_source: str | None, seen: str) -> str:
    """``https://... (seen 2024-03-08)``, or for a secondary entry the provider's page "as
    recorded by" the page that quotes it."""
    if source_kind == "secondary" and primary_source is not None:
        return f"{primary_source}, as recorded by {source} (seen {seen})"
    return f"{source} (seen {seen})"


_Span = tuple[int, int, int]
_NAMES = {row["id"]: row["name"] for row in PROVIDERS}
_BY_PROVIDER: dict[str, list[tuple[_Span, _Span, str | None, VendorCode]]] = {}
for _row in ENTRIES:
    _BY_PROVIDER.setdefault(_row["provider"], []).append((
        _row["first"], _row["last"], _row["folded_match"], VendorCode(
            provider=_row["provider"], provider_name=_NAMES[_row["provider"]],
            code=_row["code"], meaning=_row["meaning"], permanent=_row["permanent"],
            reply_codes=_row["reply_codes"], source=_row["source"], seen=_row["seen"],
            differs_from_iana=_row["differs_from_iana"],
            known_inconsistency=_row["known_inconsistency"], match_text=_row["match_text"],
            reason=_row["reason"], source_kind=_row["source_kind"],
            primary_source=_row["primary_source"])))
# Every span of codes some provider documents, for ``documents``: few, so a scan is cheap,
# and each code's answer is kept (a bounce processor sees a few hundred codes).
_SPANS = sorted({(first, last) for rows in _BY_PROVIDER.values() for first, last, _, _ in rows})
_DOCUMENTED: dict[_Span, bool] = {}


def documents(status: StatusCode) -> bool:
    """Whether any provider documents ``status`` (so that looking up who answered can
    change anything)."""
    key = (status.status_class.value, status.subject, status.detail)
    known = _DOCUMENTED.get(key)
    if known is None:
        known = any(first <= key <= last for first, last in _SPANS)
        if len(_DOCUMENTED) < 4096:
            _DOCUMENTED[key] = known
    return known


# A host name as replies and DSN fields write it: labels of ASCII letters, digits and
# hyphens. The letters are spelt out, never re.IGNORECASE: under it [a-z] also matches
# U+0130, U+0131 (dotless i), U+017F (long s) and the Kelvin sign, which fold into ASCII
# (the npm package agrees).
_HOST = re.compile(r"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
                   r"(?![\w-])")
_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+\Z")
_WORD = re.compile(r"[\w.-]+")
# Each provider's rows as the look-ups test them, derived once: the suffixes as a set (a
# host equal to one) and dotted (a host under one), the markers as a set, the prefixes as
# a tuple for str.startswith.
_SUFFIXES = tuple((row["id"], frozenset(row["host_suffixes"]),
                   tuple("." + suffix for suffix in row["host_suffixes"])) for row in PROVIDERS)
_MARKERS = tuple((row["id"], frozenset(row["reply_markers"]), tuple(row["reply_prefixes"]))
                 for row in PROVIDERS)
# Every marker and prefix of every provider: a text holding none of them names no provider
# by its words, whose set is then not built.
_WORD_NEEDLES = tuple(sorted({needle for row in PROVIDERS
                              for needle in (*row["reply_markers"], *row["reply_prefixes"])}))
_HEADERS = tuple((row["id"], frozenset(header.lower() for header in row["bounce_headers"]),
                  row["bounce_senders"]) for row in PROVIDERS)
_ASCII_SPACE = " \t\n\r\x0b\x0c"
# What folding a reply text drops: the reply and status codes that start its lines, also where
# a DSN field has folded them into the middle ("... with a 550-5.7.26 hard fail policy").
_LINE_CODES = re.compile(
    r"(?<![0-9A-Za-z])[2-5][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9A-Za-z])")
_SPACES = re.compile(r"[ \t\r\n]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _fold(text: str) -> str:
    """A reply text as match texts are compared with it: line codes dropped, white space runs
    made one space, ASCII letters in lower case (no other case mapping, so that JavaScript's
    lookupVendor folds alike)."""
    return _SPACES.sub(" ", _LINE_CODES.sub(" ", text)).translate(_ASCII_LOWER)


def host_name(host: str) -> str | None:
    """``host`` as a host name to compare: ASCII white space and trailing dots stripped,
    lower-cased; None when what is left is no host name. Host names are ASCII letters,
    digits, hyphens and dots (RFC 1123 s2.1; internationalised ones as A-labels, RFC 5890
    s2.3.2.1), so any other character (a control, U+FEFF, U+0131) makes none. The npm
    package's hostName is the same function."""
    name = host.strip(_ASCII_SPACE).rstrip(".")
    if not _HOST_NAME.match(name):
        return None
    return name.translate(_ASCII_LOWER)


def _host_provider(host: str) -> str | None:
    name = host_name(host)
    if name is None:
        return None
    for provider, suffixes, dotted in _SUFFIXES:
        if name in suffixes or name.endswith(dotted):
            return provider
    return None


def provider_of(*, host: str | None = None, text: str | None = None) -> str | None:
    """The provider a host name, or a reply's text, belongs to; None when none is recognised.

    The host wins; in the text, a marker (Gmail's ``gsmtp``), a word that starts with one of
    the provider's prefixes (Exchange's ``RESOLVER.ADR.RecipientNotFound``), or a host name
    under one of its suffixes (``...prod.protection.outlook.com``) counts.
    """
    if host:
        found = _host_provider(host)
        if found is not None:
            return found
    if text:
        words: set[str] = (set(_WORD.findall(text))
                           if any(needle in text for needle in _WORD_NEEDLES) else set())
        for provider, markers, prefixes in _MARKERS:
            if not markers.isdisjoint(words) or (prefixes and any(
                    word.startswith(prefixes) and any(
                        len(word) > len(prefix) and word.startswith(prefix)
                        for prefix in prefixes) for word in words)):
                return provider
        for candidate in _HOST.findall(text):
            found = _host_provider(candidate)
            if found is not None:
                return found
    return None


def bounce_provider(fields: Iterable[tuple[str, str]]) -> str | None:
    """The provider whose report a bounce is, by its own header fields: one of the provider's
    bounce header fields present (Exchange's ``X-MS-Exchange-Message-Is-Ndr``), or a From
    display name it signs its bounces with (``Microsoft Outlook``); None otherwise.

    For bounces whose host names say nothing, as when an organization hides them.
    """
    names: set[str] = set()
    sender: str | None = None
    for name, value in fields:
        lower = name.lower()
        names.add(lower)
        if lower == "from" and sender is None:
            sender = value.split("<", 1)[0].strip().strip('"').strip()
    for provider, headers, senders in _HEADERS:
        if not headers.isdisjoint(names) or sender in senders:
            return provider
    return None


def lookup_vendor(status: StatusCode | str, *, reply_code: int | None = None,
                  host: str | None = None, text: str | None = None,
                  provider: str | None = None) -> VendorCode | None:
    """The recognised provider's entry for ``status``, or None.

    The provider is ``provider`` when given (an id such as ``"microsoft"``, for a caller that
    knows it otherwise, e.g. from a bounce's headers), else recognised from ``host`` or
    ``text``. None when no provider is recognised, when it documents nothing for the code (or
    nothing paired with ``reply_code``), or when ``status`` is not a status code.

    Of the provider's entries for the code, those paired with other reply codes are passed
    over (an entry that gives none takes any). Where the code has several meanings, the first
    entry whose match text ``text`` contains wins, ignoring ASCII case, the codes that start
    reply lines and runs of white space; else the code's general entry, if it has one.
    """
    if isinstance(status, str):
        try:
            status = StatusCode.parse(status)
        except InvalidStatusCode:
            return None
    if provider is None:
        provider = provider_of(host=host, text=text)
        if provider is None:
            return None
    key = (status.status_class.value, status.subject, status.detail)
    general: VendorCode | None = None
    folded: str | None = None
    for first, last, match, entry in _BY_PROVIDER.get(provider, ()):
        if not first <= key <= last or (
                reply_code is not None and entry.reply_codes is not None
                and reply_code not in entry.reply_codes):
            continue
        if match is None:
            if general is None:
                general = entry
            continue
        if folded is None:
            folded = _fold(text or "")
        if match in folded:
            return entry
    return general
