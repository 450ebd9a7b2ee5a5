"""Durations as rule packs write them ("3 days", "48 hours", "2 business days", "1 month"), added to dates.

Business days skip weekends and the public holidays of the case's country (and region, when one is
given), substitute days included (the `holidays` package). German "Werktage" skip Sundays and holidays but
count Saturdays. Hours are elapsed time: 48 hours across a clock change end at a different wall-clock hour.
The `holidays` package is imported only when a working-day duration is actually computed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from complaintctl.errors import ComplaintError

UNITS = {
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "calendar day": "days",
    "calendar days": "days",
    "business day": "business_days",
    "business days": "business_days",
    "working day": "business_days",
    "working days": "business_days",
    "werktag": "werktage",
    "werktage": "werktage",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
_DURATION = r"(?i)^\s*(\d+)\s+([a-z ]+?)\s*$"


# The longest period a rule may give, per unit (a century): beyond it a date cannot be computed.
LIMITS = {
    "hours": 876_000,
    "days": 36_500,
    "weeks": 5_200,
    "months": 1_200,
    "years": 100,
    "business_days": 26_000,
    "werktage": 31_000,
}


class Duration(NamedTuple):
    amount: int
    unit: str  # one of UNITS' values

    def __str__(self) -> str:
        if self.unit == "werktage":
            return f"{self.amount} Werktag{'' if self.amount == 1 else 'e'} (Monday to Saturday)"
        word = self.unit.replace("_", " ")
        return f"{self.amount} {word[:-1] if self.amount == 1 else word}"


class Pause(NamedTuple):
    """The deadline stops running from the day ``by`` happens until the day one of ``until`` happens (both days
    count as waiting), then runs on, and ends no sooner than ``at_least`` after that (CRA 2015 s.22(6)-(8))."""

    by: str
    until: tuple[str, ...]
    at_least: str | None
    law: str  # the provision, cited in the reason


def parse_time_limit(text: str) -> Duration:
    """A rule's time limit as a rule pack writes it: '3 days', '48 hours', '2 business days', '2 Werktage'."""
    match = re.match(_DURATION, text)
    unit = UNITS.get(match.group(2).lower()) if match else None
    if not match or unit is None:
        raise ComplaintError(f"{text!r} is not a duration: write e.g. '3 days', '48 hours', '2 business days'")
    amount = int(match.group(1))
    if amount > LIMITS[unit]:
        raise ComplaintError(f"{text!r} is longer than a century: no consumer rule runs that long")
    return Duration(amount, unit)


@lru_cache(maxsize=64)
def _holidays(country: str, region: str | None, year: int) -> frozenset[date]:
    from holidays import country_holidays
    from holidays.utils import list_supported_countries

    supported = list_supported_countries()
    if country not in supported:
        return frozenset()
    subdivision = region.partition("-")[2] if region and region.startswith(f"{country}-") else None
    if subdivision not in supported[country]:
        subdivision = None  # a region the package does not know: its national holidays still apply
    return frozenset(country_holidays(country, subdiv=subdivision, years=year).keys())


def is_business_day(day: date, country: str | None, region: str | None = None, *, saturday: bool = False) -> bool:
    if day.weekday() == 6 or (day.weekday() == 5 and not saturday):
        return False
    return not country or day not in _holidays(country, region, day.year)


def next_business_day(day: date, country: str | None, region: str | None = None) -> date:
    """``day`` itself when people work on it, or the next day they do (statutory deadlines move so)."""
    while not is_business_day(day, country, region):
        day += timedelta(days=1)
    return day


def add(start: datetime | date, duration: Duration, country: str | None, region: str | None = None) -> date | datetime:
    """The moment ``duration`` after ``start``, in the start's own local time.

    Hours give a moment (48 hours after Monday 15:20 is Wednesday 15:20, elapsed time, shown in the local
    zone of that moment); every other unit counts whole days from the start's date and gives a date.
    """
    if duration.unit == "hours":
        if not isinstance(start, datetime):
            start = datetime.combine(start, datetime.min.time())
        if start.tzinfo is None:
            start = start.astimezone()
        return (start.astimezone(UTC) + timedelta(hours=duration.amount)).astimezone()
    day = start.date() if isinstance(start, datetime) else start
    if duration.unit == "days":
        return day + timedelta(days=duration.amount)
    if duration.unit == "weeks":
        return day + timedelta(weeks=duration.amount)
    if duration.unit in ("months", "years"):
        from dateutil.relativedelta import relativedelta

        step = (
            relativedelta(months=duration.amount) if duration.unit == "months" else relativedelta(years=duration.amount)
        )
        return day + step
    remaining = duration.amount
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, country, region, saturday=duration.unit == "werktage"):
            remaining -= 1
    return day


def latest_start(deadline: date, waits: list[Duration], country: str | None, region: str | None = None) -> date | None:
    """The last day on which something may start so that every wait counted from it ends by ``deadline``
    (contact the seller by this day and the seller's 48 hours or 2 business days are over before the claim
    window closes). None when no day within a year and a half before the deadline does."""
    day = deadline
    for wait in waits:
        for _ in range(550):  # a wait of a year and some holidays: no rule waits longer before a window closes
            end = add(day, wait, country, region)
            if (end.date() if isinstance(end, datetime) else end) <= deadline:
                break
            day -= timedelta(days=1)
        else:
            return None
    return day


def paused_end(end: date, began: date, ended: date | None, floor: date | None = None) -> date | None:
    """The last day of a period that stopped running on ``began`` and ran on from the day after ``ended``; None
    while it is still stopped. Both days count as waiting, not as part of the period (CRA 2015 s.22(8): the
    waiting period begins with the day of the request and ends with the day the goods come back), and the
    period then ends no sooner than ``floor`` (s.22(7): 7 days after the waiting period). A wait that began
    after the period ended stops nothing."""
    if began > end:
        return end
    if ended is None:
        return None
    waited = (ended - began).days + 1
    return max(end + timedelta(days=waited), floor or date.min)
