"""Dates as people say them: which relative forms `--at` (the past) and `--due` (the future) take, what each
means, and the edges (month ends, summer time) held by properties in zones that change their clocks."""

from __future__ import annotations

import calendar
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from helpers.cases import UK_CASE
from helpers.fuzz import examples
from hypothesis import given
from hypothesis import strategies as st

from complaintctl.core import clock
from complaintctl.errors import ComplaintError

SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # COMPLAINTCTL_NOW in the CLI tests
REFUSED = None

# One row per form: what it means for --at (tense "past") and for --due (tense "future"), from Sunday
# 2026-11-22 12:00 UTC. REFUSED: the option does not take that form (it points the other way, or is unreadable).
FORMS = [
    ("now", "2026-11-22T12:00:00+00:00", "2026-11-22T12:00:00+00:00"),
    ("today", "2026-11-22T00:00:00+00:00", "2026-11-22T00:00:00+00:00"),
    ("today 17:30", "2026-11-22T17:30:00+00:00", "2026-11-22T17:30:00+00:00"),
    ("yesterday", "2026-11-21T00:00:00+00:00", REFUSED),
    ("yesterday 10:00", "2026-11-21T10:00:00+00:00", REFUSED),
    ("Yesterday at 3pm", "2026-11-21T15:00:00+00:00", REFUSED),
    ("10:00 yesterday", "2026-11-21T10:00:00+00:00", REFUSED),
    ("2 days ago", "2026-11-20T00:00:00+00:00", REFUSED),
    ("a week ago", "2026-11-15T00:00:00+00:00", REFUSED),
    ("3 hours ago", "2026-11-22T09:00:00+00:00", REFUSED),
    ("last tuesday", "2026-11-17T00:00:00+00:00", REFUSED),
    ("last sunday", "2026-11-15T00:00:00+00:00", REFUSED),  # said on a Sunday: a week ago
    ("last tue 3:20pm", "2026-11-17T15:20:00+00:00", REFUSED),
    ("last week", "2026-11-15T00:00:00+00:00", REFUSED),
    ("last month", "2026-10-22T00:00:00+00:00", REFUSED),
    ("tuesday", "2026-11-17T00:00:00+00:00", "2026-11-24T00:00:00+00:00"),  # the past one / the coming one
    ("friday", "2026-11-20T00:00:00+00:00", "2026-11-27T00:00:00+00:00"),
    ("sunday 10:00", "2026-11-22T10:00:00+00:00", "2026-11-29T10:00:00+00:00"),  # today / a week on
    ("tomorrow", REFUSED, "2026-11-23T00:00:00+00:00"),
    ("tomorrow 11:00", REFUSED, "2026-11-23T11:00:00+00:00"),
    ("in 3 days", REFUSED, "2026-11-25T00:00:00+00:00"),
    ("in 2 hours", REFUSED, "2026-11-22T14:00:00+00:00"),
    ("in a month", REFUSED, "2026-12-22T00:00:00+00:00"),
    ("next friday", REFUSED, "2026-11-27T00:00:00+00:00"),
    ("next week", REFUSED, "2026-11-29T00:00:00+00:00"),
    ("2026-11-14 15:20", "2026-11-14T15:20:00+00:00", "2026-11-14T15:20:00+00:00"),
    ("03/04/2026", REFUSED, REFUSED),  # March or April: evidence cannot guess
    ("yesterday 10", REFUSED, REFUSED),  # the 10th, or 10 o'clock?
    ("yesterday 25:00", REFUSED, REFUSED),
    ("3 hours ago 10:00", REFUSED, REFUSED),
    ("99999 years ago", REFUSED, REFUSED),
]


def read(text: str, tense: clock.Tense, reference: datetime = SUNDAY_NOON) -> str | None:
    try:
        return clock.iso(clock.parse_when(text, reference=reference, tense=tense))
    except ComplaintError:
        return REFUSED


@pytest.mark.parametrize(("text", "at", "due"), FORMS)
def test_each_form_belongs_to_the_option_it_says(text, at, due, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    assert (read(text, "past"), read(text, "future")) == (at, due)


@pytest.mark.parametrize("text", ["friday", "tue 10:00"])
def test_a_bare_weekday_with_no_direction_is_refused_as_ambiguous(text):
    with pytest.raises(ComplaintError, match="last .* or next"):
        clock.parse_when(text, reference=SUNDAY_NOON)


def test_the_cli_stores_the_absolute_time_and_keeps_the_words_beside_it(cli, make_case):
    make_case(**UK_CASE)
    logged = cli("log", "1", "Chat", "--at", "yesterday 15:20", "--promise", "refund", "--due", "in 3 days", "--json")
    entry = [e for e in cli("show", "1", "--json").json()["timeline"] if e["id"] == logged.json()["id"]][0]
    assert entry["occurred"] == "2026-11-21T15:20:00+00:00"
    assert entry["details"]["at_text"] == "yesterday 15:20"
    assert entry["details"]["promise"] == {
        "what": "refund",
        "due": "2026-11-25T00:00:00+00:00",
        "due_text": "in 3 days",
    }
    amended = cli("amend", str(logged.json()["id"]), "--due", "next friday", "--json").json()
    assert cli("show", "1", "--json").json()["promises"][0]["due"].startswith("2026-11-27")
    [(details,)] = cli.sql("SELECT details_json FROM events WHERE id = ?", amended["id"])
    assert json.loads(details)["changes"] == {"due": "2026-11-27T00:00:00+00:00", "due_text": "next friday"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--at", "tomorrow 10:00"], "is in the future"),
        (["--at", "in 3 days"], "is in the future"),
        (["--promise", "refund", "--due", "2 days ago"], "is in the past"),
        (["--promise", "refund", "--due", "last friday"], "is in the past"),
        (["--at", "05/06/2026"], "ambiguous"),
    ],
)
def test_the_cli_refuses_a_form_pointing_the_wrong_way(cli, make_case, options, message):
    make_case(**UK_CASE)
    error = cli.fails("log", "1", "note", *options)
    assert message in error
    assert len(cli("show", "1", "--json").json()["timeline"]) == 1  # nothing stored


# Properties: zones that change their clocks, references over many years, counts across month ends.
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney"]
references = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC))


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def offset_in(zone: str, moment: datetime) -> timedelta | None:
    return moment.astimezone(ZoneInfo(zone)).utcoffset()


@examples(200)
@given(st.sampled_from(ZONES), references, st.integers(0, 800))
def test_days_ago_is_that_calendar_day_at_midnight_with_that_days_offset(zone, reference, days):
    with local_zone(zone):
        result = clock.parse_when(f"{days} days ago", reference=reference, tense="past")
    today = reference.astimezone(ZoneInfo(zone)).date()
    assert result.date() == today - timedelta(days=days)
    assert (result.hour, result.minute) == (0, 0)
    assert result.utcoffset() == offset_in(zone, result)  # summer or winter time, as on that day


@examples(200)
@given(st.sampled_from(ZONES), references, st.integers(1, 30))
def test_in_months_stays_in_the_month_and_keeps_the_day_or_takes_the_last(zone, reference, months):
    with local_zone(zone):
        result = clock.parse_when(f"in {months} months", reference=reference, tense="future")
    today = reference.astimezone(ZoneInfo(zone)).date()
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    assert result.date() == date(year, month + 1, min(today.day, last_day))
    assert result.utcoffset() == offset_in(zone, result)


@examples(200)
@given(st.sampled_from(ZONES), references, st.integers(1, 200))
def test_hours_are_counted_on_the_clock_of_the_world_not_the_wall(zone, reference, hours):
    with local_zone(zone):
        before = clock.parse_when(f"{hours} hours ago", reference=reference, tense="past")
        after = clock.parse_when(f"in {hours} hours", reference=reference, tense="future")
    assert reference - before == after - reference == timedelta(hours=hours)
    assert before.utcoffset() == offset_in(zone, before) and after.utcoffset() == offset_in(zone, after)


@examples(200)
@given(st.sampled_from(ZONES), references, st.sampled_from(["mon", "tuesday", "wed", "thu", "friday", "sat", "sun"]))
def test_a_bare_weekday_is_the_latest_for_at_and_the_coming_one_for_due(zone, reference, name):
    with local_zone(zone):
        past = clock.parse_when(name, reference=reference, tense="past").date()
        coming = clock.parse_when(name, reference=reference, tense="future").date()
        last = clock.parse_when(f"last {name}", reference=reference, tense="past").date()
    today = reference.astimezone(ZoneInfo(zone)).date()
    assert past.weekday() == coming.weekday() == last.weekday()
    assert 0 <= (today - past).days <= 6 and 1 <= (coming - today).days <= 7 and 1 <= (today - last).days <= 7


def test_a_time_the_clocks_skipped_is_refused_not_moved():
    with local_zone("Europe/London"), pytest.raises(ComplaintError, match="clocks went forward"):
        # 2026-03-29: London's clocks went from 01:00 to 02:00
        clock.parse_when("yesterday 01:30", reference=datetime(2026, 3, 30, 12, tzinfo=UTC), tense="past")


def test_summer_and_winter_offsets_on_either_side_of_the_change():
    reference = datetime(2026, 3, 30, 12, tzinfo=UTC)  # Monday, British Summer Time since Sunday
    with local_zone("Europe/London"):
        assert clock.iso(clock.parse_when("2 days ago 10:00", reference=reference, tense="past")) == (
            "2026-03-28T10:00:00+00:00"
        )
        assert clock.iso(clock.parse_when("yesterday 10:00", reference=reference, tense="past")) == (
            "2026-03-29T10:00:00+01:00"
        )
