"""Time: the one clock (``COMPLAINTCTL_NOW`` replaces it) and the parsing of what users type as a time.

Times are kept as ISO 8601 strings with the offset the user meant, because evidence says "at 15:20 in
London", not "at 15:20 UTC". Sorting uses the UTC form, computed from the same value.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from complaintctl.errors import ComplaintError

NOW_VARIABLE = "COMPLAINTCTL_NOW"
# Online marketplaces, and the evidence of a dispute with one, fall well inside these years; outside them
# dates overflow when converted between zones, and no real entry needs them.
FIRST_YEAR, LAST_YEAR = 1970, 2999

# Two numbers then a year: 03/04/2026 is March or April depending on the reader. Evidence cannot guess.
_NUMERIC_DATE = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"  # compiled on first use
_RELATIVE_DAYS = {"today": 0, "yesterday": 1}


def now() -> datetime:
    """The current time, aware, in the local zone; ``COMPLAINTCTL_NOW`` overrides it for reproducible runs."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return datetime.now().astimezone()
    try:
        value = datetime.fromisoformat(fixed.strip())
    except ValueError:
        raise ComplaintError(
            f"{NOW_VARIABLE}={fixed!r} is not an ISO 8601 time: use e.g. 2026-11-22T10:00:00+00:00 or unset it"
        ) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ComplaintError(
            f"{NOW_VARIABLE}={fixed!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}: use a real time, or unset it"
        )
    return _aware(value)


def override() -> str | None:
    """The value of ``COMPLAINTCTL_NOW`` when it replaces the clock: every event written under it says so."""
    return os.environ.get(NOW_VARIABLE) or None


def utc_stamp(moment: datetime) -> str:
    """The UTC form used for ``*_utc`` columns: sortable as text, microseconds kept."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def to_utc(iso: str) -> str:
    return utc_stamp(datetime.fromisoformat(iso))


def _aware(value: datetime) -> datetime:
    # A naive time means the user's local zone; astimezone() on a naive value assumes exactly that.
    return value if value.tzinfo is not None else value.astimezone()


def parse_when(text: str, *, what: str = "time", reference: datetime | None = None) -> datetime:
    """Parse a user's time ("2026-11-14 15:20", "14 Nov 2026 3:20pm", "yesterday 10:00", ISO 8601).

    A date alone means midnight local time. Ambiguous all-numeric dates are refused rather than guessed.
    """
    text = (text or "").strip()
    if not text:
        raise ComplaintError(f"the {what} is empty: give a date such as 2026-11-14 or 2026-11-14 15:20")
    current = reference or now()
    lowered = text.lower()
    if lowered == "now":
        return current
    words = lowered.split(maxsplit=1)
    base = current.replace(hour=0, minute=0, second=0, microsecond=0)
    if words[0] in _RELATIVE_DAYS:
        base -= timedelta(days=_RELATIVE_DAYS[words[0]])
        text = words[1] if len(words) > 1 else ""
        if not text:
            return base
    _refuse_ambiguous(text, what)
    from dateutil import parser

    try:
        value = parser.parse(text, default=base.replace(tzinfo=None))
    except (ValueError, OverflowError, parser.ParserError):
        raise ComplaintError(
            f"cannot read {text!r} as a {what}: write it like 2026-11-14 or 2026-11-14 15:20"
        ) from None
    if value.tzinfo is not None and value.utcoffset() is None:
        value = value.replace(tzinfo=None)
    _check_year(value.year, text, what)
    return _aware(value)


def _check_year(year: int, text: str, what: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ComplaintError(f"the {what} {text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the year")


def parse_day(text: str, *, what: str = "date") -> date:
    """Parse a calendar date (no time of day): order dates, delivery estimates."""
    text = (text or "").strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ComplaintError(f"{text!r} is not a real {what}: check the month and the day") from None
        _check_year(day.year, text, what)
        return day
    return parse_when(text, what=what).date()


def _refuse_ambiguous(text: str, what: str) -> None:
    match = re.match(_NUMERIC_DATE, text)
    if not match:
        return
    first, second = int(match.group(1)), int(match.group(2))
    if first != second and first <= 12 and second <= 12:
        raise ComplaintError(
            f"the {what} {text!r} is ambiguous (day/month or month/day?): write it as YYYY-MM-DD, e.g. 2026-11-14"
        )


def iso(moment: datetime) -> str:
    """The stored form of an occurred time: ISO 8601 with the offset, seconds precision."""
    return moment.isoformat(timespec="seconds")


def humanize(iso_text: str) -> str:
    """How a stored time reads in a table: '2026-11-14 15:20 +00:00'."""
    value = datetime.fromisoformat(iso_text)
    offset = value.strftime("%z")
    return f"{value:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}" if offset else f"{value:%Y-%m-%d %H:%M}"
