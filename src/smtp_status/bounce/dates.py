"""Dates of DSN fields (RFC 3464 s2.2.5, s2.3.5, s2.3.8: RFC 5322 date-times) as aware
datetimes, so that every date the reader gives has a zone and prints as RFC 3339.

- the date-time of RFC 5322 s3.3, with the obsolete forms of s4.3: a two-digit year is
  2000-2049 for 00-49 and 1950-1999 for 50-99, a three-digit year adds 1900; a four-digit
  year is that year (``0001`` is year 1, never 2001);
- the zone: ``+hhmm`` or ``-hhmm``; ``UT``, ``GMT``, ``Z`` and the US zones of s4.3 (EST,
  EDT, CST, CDT, MST, MDT, PST, PDT). ``-0000`` says the time is UTC and the sender's
  local zone unknown (s3.3), so it reads as UTC; so do a zone this reader does not know
  and a missing zone, which s4.3 says to treat as ``-0000``;
- a leap second (``:60``) reads as ``:59``; anything else that is no date gives None.
"""

from __future__ import annotations

import datetime
import functools
import re

__all__ = ["parse_date"]

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ZONES = {"ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
          "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}
# [day-of-week ","] day month year hour ":" minute [":" second] [zone], with the
# white space, comments and dots that real MTAs add.
_DATE = re.compile(
    r"[ \t]*(?:[A-Za-z]{3,9}[ \t]*,?[ \t]*)?([0-9]{1,2})[ \t-]+([A-Za-z]{3})[A-Za-z]*\.?[ \t-]+"
    r"([0-9]{2,4})[ \t]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\.[0-9]{1,9})?[ \t]*"
    r"(?:([+-])([0-9]{2})([0-9]{2})|([A-Za-z]{1,5}))?(?![0-9A-Za-z])")
_LIMIT = 200


def parse_date(text: str | None) -> datetime.datetime | None:
    """The date-time ``text`` gives, with its zone (see the module docstring), or None."""
    if not text:
        return None
    return _parse(text[:_LIMIT])


def _zone(minutes: int) -> datetime.timezone:
    """The fixed zone ``minutes`` east of UTC, one object per offset (they are immutable)."""
    zone = _ZONES_BY_OFFSET.get(minutes)
    if zone is None:
        zone = _ZONES_BY_OFFSET[minutes] = datetime.timezone(datetime.timedelta(minutes=minutes))
    return zone


# At most 2 * 24 * 60 offsets, each a few dozen bytes.
_ZONES_BY_OFFSET: dict[int, datetime.timezone] = {}


# A bounce gives the same date in several fields (Arrival-Date, Last-Attempt-Date, Date),
# and datetimes are immutable: each text is read once.
@functools.lru_cache(maxsize=256)
def _parse(text: str) -> datetime.datetime | None:
    found = _DATE.match(text)
    if found is None:
        return None
    day, month_name, year_text, hour, minute, second, sign, zone_hours, zone_minutes, name = (
        found.groups())
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 50 else 1900
    elif len(year_text) == 3:
        year += 1900
    if sign is not None:
        minutes = int(zone_hours) * 60 + int(zone_minutes)
        if int(zone_minutes) > 59 or minutes >= 24 * 60:
            return None
        zone = _zone(-minutes if sign == "-" else minutes)
    else:
        zone = _zone(_ZONES.get(name.lower(), 0) * 60 if name else 0)
    try:
        return datetime.datetime(year, month, int(day), int(hour), int(minute),
                                 min(int(second or 0), 59), tzinfo=zone)
    except ValueError:  # year 0, 31 February, hour 24
        return None
