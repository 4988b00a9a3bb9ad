"""How Microsoft 365 and Google use enhanced status codes, beside IANA's registry.

The two largest providers send codes IANA does not register (Microsoft's 5.7.606-5.7.649) and
registered codes with meanings of their own (Microsoft's 5.2.2 is the sender's quota, not a
full mailbox). ``lookup_vendor`` gives the provider's meaning, but only when the provider is
recognised from a host name (Remote-MTA, Reporting-MTA, or a host the reply names) or from a
marker its replies carry: it never guesses a vendor from the code alone. The rows come from
registry/vendor-codes.yaml, each with the provider page it is sourced from.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ._generated.vendors import ENTRIES, PROVIDERS
from .status import InvalidStatusCode, StatusCode

__all__ = ["VendorCode", "lookup_vendor", "provider_of"]


class VendorCode(NamedTuple):
    """One provider's documented use of a code or a range of codes."""

    provider: str  # its id: "microsoft", "google"
    provider_name: str
    code: str  # as the provider lists it: "5.7.606-5.7.649" or "5.2.2"
    meaning: str  # this project's paraphrase of the provider's page
    permanent: bool  # whether the provider treats it as permanent
    reply_codes: tuple[int, ...] | None  # what the provider pairs it with; None: not given
    source: str  # the provider's page
    seen: str  # the date that page showed, ISO 8601
    differs_from_iana: str | None  # how IANA's meaning of the same X.s.d differs
    known_inconsistency: str | None

    def as_json(self) -> dict[str, object]:
        """The object ``explain --json`` and ``bounce --json`` print (their schemas say so)."""
        record: dict[str, object] = dict(self._asdict())
        record["reply_codes"] = None if self.reply_codes is None else list(self.reply_codes)
        return record


_NAMES = {row[0]: row[1] for row in PROVIDERS}
_BY_PROVIDER: dict[str, list[tuple[tuple[int, int, int], tuple[int, int, int], VendorCode]]] = {}
for (_provider, _code, _first, _last, _replies, _meaning, _permanent, _source, _seen,
     _differs, _inconsistency) in ENTRIES:
    _BY_PROVIDER.setdefault(_provider, []).append((_first, _last, VendorCode(
        _provider, _NAMES[_provider], _code, _meaning, _permanent, _replies, _source, _seen,
        _differs, _inconsistency)))
# A host name as replies and DSN fields write it: labels of ASCII letters, digits and
# hyphens. The letters are spelt out, never re.IGNORECASE: under it [a-z] also matches
# U+0130, U+0131 (dotless i), U+017F (long s) and the Kelvin sign, which fold into ASCII
# (the npm package agrees).
_HOST = re.compile(r"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
                   r"(?![\w-])")
_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+\Z")
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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
    for provider, _, suffixes, _ in PROVIDERS:
        if any(name == suffix or name.endswith("." + suffix) for suffix in suffixes):
            return provider
    return None


def provider_of(*, host: str | None = None, text: str | None = None) -> str | None:
    """The provider a host name, or a reply's text, belongs to; None when none is recognised.

    The host wins; in the text, a marker (Gmail's ``gsmtp``) or a host name under one of the
    provider's suffixes (``...prod.protection.outlook.com``) counts.
    """
    if host:
        found = _host_provider(host)
        if found is not None:
            return found
    if text:
        words = set(re.findall(r"[\w.-]+", text))
        for provider, _, _, markers in PROVIDERS:
            if any(marker in words for marker in markers):
                return provider
        for candidate in _HOST.findall(text):
            found = _host_provider(candidate)
            if found is not None:
                return found
    return None


def lookup_vendor(status: StatusCode | str, *, reply_code: int | None = None,
                  host: str | None = None, text: str | None = None) -> VendorCode | None:
    """The recognised provider's entry for ``status``, or None.

    None when no provider is recognised from ``host`` or ``text``, when the provider
    documents nothing for the code, or when ``status`` is not a status code. ``reply_code``
    breaks no tie (a provider's entries never overlap); it is accepted so callers can pass
    what they hold.
    """
    if isinstance(status, str):
        try:
            status = StatusCode.parse(status)
        except InvalidStatusCode:
            return None
    provider = provider_of(host=host, text=text)
    if provider is None:
        return None
    key = (status.status_class.value, status.subject, status.detail)
    for first, last, entry in _BY_PROVIDER.get(provider, ()):
        if first <= key <= last:
            return entry
    return None
