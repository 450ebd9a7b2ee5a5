"""Time: the one clock (``COMPLAINTCTL_NOW`` replaces it) and the parsing of what users type as a time.

Times are kept as ISO 8601 strings with the offset the user meant, because evidence says "at 15:20 in
London", not "at 15:20 UTC". Sorting uses the UTC form, computed from the same value.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from complaintctl.errors import ComplaintError

NOW_VARIABLE = "COMPLAINTCTL_NOW"
# Online marketplaces, and the evidence of a dispute with one, fall well inside these years; outside them
# dates overflow when converted between zones, and no real entry needs them.
FIRST_YEAR, LAST_YEAR = 1970, 2999

# Two numbers then a year: 03/04/2026 is March or April depending on the reader. Evidence cannot guess.
_NUMERIC_DATE = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"  # compiled on first use

if TYPE_CHECKING:  # a runtime Literal costs `log` about 3% of its start-up; annotations alone use it
    Tense = Literal["past", "future"] | None
# The relative forms, by the option that takes them; tests/test_parsers.py holds one row per form.
# --at (the past):   now, today, yesterday [10:00], 2 days ago, 3 hours ago, last tuesday [3pm], last week,
#                    a bare weekday (the latest one, today included: "friday 10:00" said on a Friday)
# --due (the future): tomorrow [11:00], in 3 days, in 2 hours, next friday, next week, next month,
#                    a bare weekday (the coming one, today excluded)
_NAMED_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
_UNITS = {
    **{name: "minutes" for name in ("minute", "minutes", "min", "mins")},
    **{name: "hours" for name in ("hour", "hours")},
    **{name: "days" for name in ("day", "days")},
    **{name: "weeks" for name in ("week", "weeks")},
    **{name: "months" for name in ("month", "months")},
    **{name: "years" for name in ("year", "years")},
}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SPAN_BODY = r"(?:\d{{1,6}}|an?|one|two|three|four|five|six|seven)\s+(?:{units})"
_SPAN = r"(?:in\s+)?(?P<count>\d{1,6}|an?|one|two|three|four|five|six|seven)\s+(?P<unit>[a-z]+)(?:\s+ago)?"
_CLOCK = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<half>am|pm)?"
# The same, unnamed, for the whole pattern: a colon or am/pm, since "yesterday 10" could be a day or an hour.
_CLOCK_BODY = r"\d{1,2}(?::\d{2}(?::\d{2})?\s*(?:am|pm)?|\s*(?:am|pm))"
_RELATIVE: re.Pattern[str] | None = None  # compiled on first use: `log` without --at never needs it
_EXAMPLES: dict[Tense, str] = {
    "past": 'write it like 2026-11-14 15:20, "yesterday 10:00", "2 days ago" or "last tuesday"',
    "future": 'write it like 2026-11-17, "tomorrow 11:00", "in 3 days" or "friday"',
    None: "write it like 2026-11-14 or 2026-11-14 15:20",
}
_WRONG_WAY: dict[Tense, str] = {
    "past": "is in the future: --at says when it happened; for a time still to come write the date and add --force",
    "future": "is in the past: --due says when a promise falls due; for one already due write its date, e.g. 2026-11-14",
}


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


def falls_due(due: str) -> datetime:
    """When a promise falls due. A due time at 00:00:00 is a day (what ``--due 2026-11-17`` stores): the
    promise holds until the end of that day, 23:59:59.999999 in the zone it was given in."""
    moment = datetime.fromisoformat(due)
    if moment.time() == time():
        return moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    return moment


def _aware(value: datetime) -> datetime:
    # A naive time means the user's local zone; astimezone() on a naive value assumes exactly that.
    return value if value.tzinfo is not None else value.astimezone()


def parse_when(text: str, *, what: str = "time", reference: datetime | None = None, tense: Tense = None) -> datetime:
    """Parse a user's time: ISO 8601, "2026-11-14 15:20", "14 Nov 2026 3:20pm", or a time said relative to now.

    ``tense`` says which way the option looks: "past" for when something happened (``--at``), "future" for
    when something falls due (``--due``). Relative words that point the other way are refused, and a bare
    weekday means the past one or the coming one accordingly (with no tense it is refused as ambiguous).
    A day without a time of day means its start, 00:00 local time. Ambiguous all-numeric dates are refused.
    """
    text = (text or "").strip()
    if not text:
        raise ComplaintError(f"the {what} is empty: give a date such as 2026-11-14 or 2026-11-14 15:20")
    current = reference or now()
    spoken = " ".join(text.lower().split())
    if spoken == "now":
        return current
    relative = _parse_relative(spoken, text, what, current, tense)
    if relative is not None:
        return relative
    _refuse_ambiguous(text, what)
    from dateutil import parser

    base = datetime.combine(current.astimezone().date(), time())
    try:
        value = parser.parse(text, default=base)
    except (ValueError, OverflowError, parser.ParserError):
        raise ComplaintError(f"cannot read {text!r} as a {what}: {_EXAMPLES[tense]}") from None
    try:
        offset = value.utcoffset()
    except ValueError:  # dateutil builds "+25:00"; the datetime refuses it only when asked for the offset
        raise ComplaintError(
            f"{text!r} has a UTC offset beyond ±24:00: give the {what} with one such as +01:00 or -05:00"
        ) from None
    if value.tzinfo is not None and offset is None:
        value = value.replace(tzinfo=None)
    _check_year(value.year, text, what)
    return value if value.tzinfo is not None else _local(value, text, what)


def _parse_relative(spoken: str, text: str, what: str, current: datetime, tense: Tense) -> datetime | None:
    """The relative forms of ``RELATIVE_FORMS``, or None when ``spoken`` is not one (an absolute date)."""
    match = _relative_pattern().fullmatch(spoken)
    if match is None:
        return None
    day_words, clock_words = (
        match.group("day") or match.group("day_first"),
        match.group("time") or match.group("time_first"),
    )
    pointing = _direction(day_words)
    if tense is not None and pointing is not None and pointing != tense:
        raise ComplaintError(f"the {what} {text!r} {_WRONG_WAY[tense]}")
    amount_match = re.fullmatch(_SPAN, day_words)
    try:
        if amount_match is not None and amount_match.group("unit").startswith(("hour", "minute", "min")):
            if clock_words:
                raise ComplaintError(f"the {what} {text!r} gives a time twice: write e.g. {day_words!r} alone")
            span = timedelta(**{_UNITS[amount_match.group("unit")]: _amount(amount_match.group("count"))})
            moment = current - span if pointing == "past" else current + span
            _check_year(moment.year, text, what)
            return moment.astimezone()
        day = _relative_day(day_words, current.astimezone().date(), tense, text, what)
    except (OverflowError, ValueError):
        raise ComplaintError(
            f"the {what} {text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the number"
        ) from None
    _check_year(day.year, text, what)
    return _local(datetime.combine(day, _time_of_day(clock_words, text, what)), text, what)


def _direction(day_words: str) -> Tense:
    first = day_words.split()[0]
    if first in ("yesterday", "last") or day_words.endswith(" ago"):
        return "past"
    if first in ("tomorrow", "next", "in"):
        return "future"
    return None


def _relative_day(day_words: str, today: date, tense: Tense, text: str, what: str) -> date:
    if day_words in _NAMED_DAYS:
        return today + timedelta(days=_NAMED_DAYS[day_words])
    words = day_words.split()
    step = -1 if _direction(day_words) == "past" else 1
    if words[-1] in _WEEKDAYS:
        weekday = _WEEKDAYS[words[-1]]
        if len(words) == 1 and tense is None:
            raise ComplaintError(
                f"the {what} {text!r} could be the past or the coming {words[-1]}: "
                f"write last {words[-1]} or next {words[-1]}"
            )
        if len(words) == 1 and tense == "past":  # "friday 10:00" said on a Friday is this morning
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        if step < 0:  # "last tuesday" said on a Tuesday is a week ago
            return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    span = re.fullmatch(_SPAN, day_words)
    count, unit = (_amount(span.group("count")), span.group("unit")) if span else (1, words[-1])
    from dateutil.relativedelta import relativedelta

    # Calendar arithmetic: a month on from 31 January is the last day of February, not 3 March.
    return today + relativedelta(**{_UNITS[unit]: step * count})  # type: ignore[arg-type]  # a unit keyword


def _amount(count: str) -> int:
    return _NUMBER_WORDS[count] if count in _NUMBER_WORDS else int(count)


def _time_of_day(clock_words: str | None, text: str, what: str) -> time:
    if not clock_words:
        return time()
    if clock_words in ("noon", "midday"):
        return time(12)
    if clock_words == "midnight":
        return time()
    match = re.fullmatch(_CLOCK, clock_words)
    assert match is not None  # the relative pattern matched it already
    hour, minute, second = (int(match.group(n) or 0) for n in ("hour", "minute", "second"))
    half = match.group("half")
    if half is not None:
        if not 1 <= hour <= 12:
            raise ComplaintError(f"the {what} {text!r} has no hour {hour}{half}: write e.g. 3pm or 15:00")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ComplaintError(f"the {what} {text!r} is not a time of day: write e.g. 10:00 or 3:20pm")
    return time(hour, minute, second)


def _local(value: datetime, text: str, what: str) -> datetime:
    """A wall-clock time in the local zone, with the offset in force on that day (summer time or not)."""
    aware = value.astimezone()
    if aware.replace(tzinfo=None) != value:  # the hour skipped when the clocks went forward
        raise ComplaintError(
            f"the {what} {text!r} did not exist here: the clocks went forward that night; "
            "give a time before or after the change"
        )
    return aware


def _relative_pattern() -> re.Pattern[str]:
    global _RELATIVE
    if _RELATIVE is None:
        days = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
        units = "|".join(sorted(_UNITS, key=len, reverse=True))
        day = (
            rf"(?:today|yesterday|tomorrow|(?:last|next)\s+(?:{days}|week|month|year)|{days}"
            rf"|{_SPAN_BODY.format(units=units)}\s+ago|in\s+{_SPAN_BODY.format(units=units)})"
        )
        clock_words = rf"(?:{_CLOCK_BODY}|noon|midday|midnight)"
        _RELATIVE = re.compile(
            rf"(?P<day>{day})(?:,?\s+(?:at\s+)?(?P<time>{clock_words}))?"
            rf"|(?:at\s+)?(?P<time_first>{clock_words})\s+(?P<day_first>{day})"
        )
    return _RELATIVE


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
