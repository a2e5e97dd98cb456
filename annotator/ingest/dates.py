"""Read the many ways articles write their publication date into ISO 8601."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

# "2020-09-03-17-07-47" (Jekyll-style file stamps), "2020-09-03 17:07", "2020/09/03T17:07:47Z", "20200903".
_NUMERIC = re.compile(
    r"""^(?P<y>\d{4})[-/._]?(?P<m>\d{1,2})[-/._]?(?P<d>\d{1,2})
        (?:[T\s_-]+(?P<H>\d{1,2})[:.-](?P<M>\d{2})(?:[:.-](?P<S>\d{2})(?:\.\d+)?)?
           \s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_WORDY_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
)


def _offset(tz: str | None) -> dt.tzinfo | None:
    if not tz:
        return None
    if tz.upper() == "Z":
        return dt.UTC
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _from_numeric(text: str) -> str | None:
    match = _NUMERIC.match(text)
    if match is None:
        return None
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is None:
            return day.isoformat()
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            int(match["H"]),
            int(match["M"]),
            int(match["S"] or 0),
            tzinfo=_offset(match["tz"]),
        )
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds")


def _from_words(text: str) -> str | None:
    # Drop ordinal suffixes ("3rd September") and stray periods ("Sept. 3") that strptime rejects.
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE).replace(".", "")
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.IGNORECASE)
    for fmt in _WORDY_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _from_rfc2822(text: str) -> str | None:
    # RSS and e-mail style: "Thu, 03 Sep 2020 17:07:47 GMT".
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat(timespec="seconds")


def normalise_date(value: object) -> str | None:
    """An ISO date ("2020-09-03"), or an ISO datetime when the source gives a time; None if unreadable.

    Values may already be dates: YAML front matter turns `date: 2020-09-03` into a `datetime.date`.
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    return _from_numeric(text) or _from_words(text) or _from_rfc2822(text)
