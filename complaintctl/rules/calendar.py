"""Durations as rule packs write them ("3 days", "48 hours", "2 business days", "1 month"), added to dates.

Business days skip weekends and the public holidays of the case's country, substitute days included
(the `holidays` package). It is imported only when a business-day duration is actually computed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from complaintctl.errors import ComplaintError

UNITS = {
    "hour": "hours", "hours": "hours",
    "day": "days", "days": "days", "calendar day": "days", "calendar days": "days",
    "business day": "business_days", "business days": "business_days",
    "working day": "business_days", "working days": "business_days",
    "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months",
    "year": "years", "years": "years",
}
_DURATION = r"(?i)^\s*(\d+)\s+([a-z ]+?)\s*$"


class Duration(NamedTuple):
    amount: int
    unit: str  # one of UNITS' values

    def __str__(self) -> str:
        word = self.unit.replace("_", " ")
        return f"{self.amount} {word[:-1] if self.amount == 1 else word}"


def parse_duration(text: str) -> Duration:
    match = re.match(_DURATION, text)
    unit = UNITS.get(match.group(2).lower()) if match else None
    if not match or unit is None:
        raise ComplaintError(f"{text!r} is not a duration: write e.g. '3 days', '48 hours', '2 business days'")
    return Duration(int(match.group(1)), unit)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    from holidays import country_holidays
    from holidays.utils import list_supported_countries

    if country not in list_supported_countries():
        return frozenset()
    return frozenset(country_holidays(country, years=year).keys())


def is_business_day(day: date, country: str | None) -> bool:
    if day.weekday() >= 5:
        return False
    return not country or day not in _holidays(country, day.year)


def add(start: datetime | date, duration: Duration, country: str | None) -> date:
    """The date ``duration`` after ``start``, in the start's own local time.

    Hours are added to the moment (48 hours after Monday 09:00 is Wednesday); every other unit counts whole
    days from the start's date.
    """
    if duration.unit == "hours":
        if not isinstance(start, datetime):
            start = datetime.combine(start, datetime.min.time())
        return (start + timedelta(hours=duration.amount)).date()
    day = start.date() if isinstance(start, datetime) else start
    if duration.unit == "days":
        return day + timedelta(days=duration.amount)
    if duration.unit == "weeks":
        return day + timedelta(weeks=duration.amount)
    if duration.unit in ("months", "years"):
        from dateutil.relativedelta import relativedelta

        step = relativedelta(months=duration.amount) if duration.unit == "months" else relativedelta(
            years=duration.amount)
        return day + step
    remaining = duration.amount
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, country):
            remaining -= 1
    return day
