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


_NAMES = {row["id"]: row["name"] for row in PROVIDERS}
_BY_PROVIDER: dict[str, list[tuple[tuple[int, int, int], tuple[int, int, int], VendorCode]]] = {}
for _row in ENTRIES:
    _BY_PROVIDER.setdefault(_row["provider"], []).append((_row["first"], _row["last"], VendorCode(
        provider=_row["provider"], provider_name=_NAMES[_row["provider"]],
        code=_row["code"], meaning=_row["meaning"], permanent=_row["permanent"],
        reply_codes=_row["reply_codes"], source=_row["source"], seen=_row["seen"],
        differs_from_iana=_row["differs_from_iana"],
        known_inconsistency=_row["known_inconsistency"])))
# A host name as replies and DSN fields write it: labels of letters, digits and hyphens.
_HOST = re.compile(r"(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?![\w-])",
                   re.IGNORECASE)


def _host_provider(host: str) -> str | None:
    host = host.strip().rstrip(".").lower()
    for provider in PROVIDERS:
        if any(host == suffix or host.endswith("." + suffix)
               for suffix in provider["host_suffixes"]):
            return provider["id"]
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
        for provider in PROVIDERS:
            if any(marker in words for marker in provider["reply_markers"]):
                return provider["id"]
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
