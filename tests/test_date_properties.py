"""Property tests for the edges of the date rules (issue 15): month ends, leap years, clock changes for waits in
hours, public holidays by country and region, rolling to the next working day, the last day to act before a
wait, and a period that stops while the user waits. Each test names the statute or page whose rule it checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from helpers.fuzz import examples
from helpers.rules import result, situation
from hypothesis import example, given
from hypothesis import strategies as st

from complaintctl.rules.calendar import (
    Duration,
    add,
    is_business_day,
    latest_start,
    next_business_day,
    parse_time_limit,
    paused_end,
)
from complaintctl.rules.evaluate import Happening

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))
# Where the holidays differ inside a country: Scotland's 2 January and St Andrew's Day, England's Easter Monday
# and late August bank holiday; Bavaria's Epiphany and Assumption, Berlin's International Women's Day.
REGIONS = st.sampled_from(
    [("GB", "GB-SCT"), ("GB", "GB-ENG"), ("GB", "GB-NIR"), ("DE", "DE-BY"), ("DE", "DE-BE"), ("FR", None), ("US", None)]
)
WORKING = st.sampled_from(["1 business day", "2 business days", "3 business days", "2 werktage", "10 business days"])


def last_day_of_month(day: date) -> int:
    following = day.replace(day=28) + timedelta(days=4)
    return (following - timedelta(days=following.day)).day


@examples(200)
@given(DAYS, st.integers(min_value=1, max_value=24))
@example(date(2026, 1, 31), 1)
@example(date(2027, 8, 31), 6)
def test_a_period_in_months_ends_on_the_same_date_or_the_last_day_of_a_shorter_month(start, months):
    """Regulation (EEC, Euratom) No 1182/71 art. 3(2)(c) (https://eur-lex.europa.eu/legal-content/EN/ALL/
    ?uri=CELEX:31971R1182): a period in months ends on the same date, or on the last day of the last month when
    that date does not occur in it (31 January + 1 month is 28 or 29 February, never 3 March)."""
    end = add(start, Duration(months, "months"), None)
    assert isinstance(end, date)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == min(start.day, last_day_of_month(end))


@examples(100)
@given(st.integers(min_value=2024, max_value=2040))
def test_a_year_from_29_february_ends_on_28_february_and_a_year_from_any_other_day_on_that_day(year):
    """Regulation 1182/71 art. 3(2)(c) and the Limitation Act 1980 s.5 (6 years): a period in years from
    29 February ends on 28 February of a common year; every other date keeps its day and month."""
    for start in (date(2024, 2, 29), date(2028, 2, 29), date(year, 3, 1), date(year, 2, 28)):
        for years in (1, 2, 5, 6):
            end = add(start, Duration(years, "years"), None)
            assert isinstance(end, date) and end.year == start.year + years
            leap = end.year % 4 == 0 and (end.year % 100 != 0 or end.year % 400 == 0)
            expected = (2, 28) if (start.month, start.day) == (2, 29) and not leap else (start.month, start.day)
            assert (end.month, end.day) == expected, (start, years, end)


@examples(200)
@given(DAYS)
@example(date(2026, 8, 31))
@example(date(2027, 8, 31))
@example(date(2027, 8, 29))
def test_the_cra_presumption_is_six_months_beginning_with_the_day_of_delivery(delivered):
    """Consumer Rights Act 2015 s.19(14)-(15): a fault within "6 months beginning with the day on which the goods
    were delivered" is presumed present at delivery: the last day is the day before the six-month date (the
    day itself counts), at month ends and in leap years alike."""
    found = result("cra-fault-presumed", situation({"issue": "defective"}, [("delivered", delivered.isoformat())]))
    six_months = add(delivered, Duration(6, "months"), None)
    assert isinstance(six_months, date)
    assert found.deadline == six_months - timedelta(days=1), (delivered, found.deadline)
    assert timedelta(days=179) <= found.deadline - delivered <= timedelta(days=183)


# The days the clocks change in 2026 and 2027, in London (29 March, 25 October; 28 March, 31 October) and New
# York (8 March, 1 November; 14 March, 7 November); a wait of 48 hours started on or just before them crosses it.
CHANGES = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]
CHANGES_US = [date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7)]


@st.composite
def around_a_change(draw: st.DrawFn) -> tuple[str, datetime]:
    zone, days = draw(st.sampled_from([("Europe/London", CHANGES), ("America/New_York", CHANGES_US)]))
    day = draw(st.sampled_from(days)) - timedelta(days=draw(st.integers(min_value=0, max_value=2)))
    minutes = draw(st.integers(min_value=0, max_value=24 * 60 - 1))
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)
    return zone, moment.astimezone(ZoneInfo(zone))


@examples(200)
@given(around_a_change())
def test_48_hours_are_48_real_hours_across_a_clock_change_shown_in_the_case_zone(place):
    """amazon.com and amazon.ca A-to-z help (nodeId 201889410): wait 48 hours after contacting the seller.
    Hours are elapsed time: across a change to or from summer time the wait ends 48 real hours later, at a
    wall-clock hour one off, and it is shown in the zone of the case (Europe/London, America/New_York), not
    the machine's."""
    zone, contacted = place
    estimate = (contacted - timedelta(days=5)).date().isoformat()  # the claim window is open
    facts = {"marketplace": "amazon.com", "country": "US", "currency": "USD", "delivery_by": estimate}
    now = contacted + timedelta(hours=1)
    case = situation(facts)._replace(happenings=(Happening("seller-contacted", contacted, {}),), now=now)
    found = result("atoz-not-received", case)
    assert found.status == "not-yet" and found.eligible_at is not None, found
    # in UTC: two times in one zone subtract as wall-clock times in Python, which is what a clock change breaks
    assert found.eligible_at.astimezone(UTC) - contacted.astimezone(UTC) == timedelta(hours=48)
    assert found.eligible_at.utcoffset() == found.eligible_at.astimezone(ZoneInfo(zone)).utcoffset()
    assert found.eligible_at.tzinfo == now.tzinfo


def business_days_between(start: date, end: date, country: str, region: str | None, saturday: bool) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day, country, region, saturday=saturday)
    return count


@examples(150)
@given(DAYS, REGIONS, WORKING)
@example(date(2025, 12, 31), ("GB", "GB-SCT"), "2 business days")
@example(date(2026, 1, 5), ("DE", "DE-BY"), "1 business day")
def test_business_days_skip_weekends_and_the_holidays_of_the_case_region(start, place, wait):
    """amazon.co.uk A-to-z help (two business days), amazon.de ("zwei Werktage": Monday to Saturday, public
    holidays excluded) and eBay's 3 business days: the wait ends on a working day of the case's country and
    region (holidays package: GB-SCT keeps 2 January and St Andrew's Day, GB-ENG Easter Monday; DE-BY keeps
    Epiphany), after exactly that many of its working days."""
    country, region = place
    duration = parse_time_limit(wait)
    saturday = duration.unit == "werktage"
    end = add(start, duration, country, region)
    assert isinstance(end, date) and end > start
    assert is_business_day(end, country, region, saturday=saturday)
    assert business_days_between(start, end, country, region, saturday) == duration.amount


def test_scotland_and_england_and_bavaria_and_berlin_differ_on_their_own_holidays():
    """Banking and Financial Dealings Act 1971 sch. 1 (2 January is a bank holiday in Scotland, not in England)
    and the Bavarian Feiertagsgesetz (Epiphany, 6 January; not a holiday in Berlin): two business days from New
    Year's Eve 2025 end a day later in Scotland; one business day from 5 January 2026 a day later in Bavaria."""
    two, one = parse_time_limit("2 business days"), parse_time_limit("1 business day")
    assert add(date(2025, 12, 31), two, "GB", "GB-SCT") == date(2026, 1, 6)
    assert add(date(2025, 12, 31), two, "GB", "GB-ENG") == date(2026, 1, 5)
    assert add(date(2026, 1, 5), one, "DE", "DE-BY") == date(2026, 1, 7)
    assert add(date(2026, 1, 5), one, "DE", "DE-BE") == date(2026, 1, 6)


@examples(200)
@given(DAYS, REGIONS)
@example(date(2026, 12, 25), ("GB", "GB-ENG"))
@example(date(2027, 1, 1), ("GB", "GB-SCT"))
def test_a_deadline_on_a_weekend_or_holiday_rolls_to_the_next_working_day(day, place):
    """Regulation 1182/71 art. 3(4): where the last day of a period is a public holiday, a Sunday or a Saturday,
    the period ends with the following working day (the GDPR's month to answer; the EU right of withdrawal):
    the day itself when it is a working day, else the first working day after it, and none in between."""
    country, region = place
    moved = next_business_day(day, country, region)
    assert moved >= day and is_business_day(moved, country, region)
    assert all(not is_business_day(day + timedelta(days=n), country, region) for n in range((moved - day).days))
    assert (moved == day) == is_business_day(day, country, region)


@examples(150)
@given(DAYS, REGIONS, st.sampled_from(["48 hours", "2 business days", "2 werktage", "3 business days", "2 days"]))
def test_the_last_day_to_contact_the_seller_leaves_the_whole_wait_before_the_window_closes(deadline, place, wait):
    """amazon.com (48 hours), amazon.co.uk (two business days), amazon.fr and amazon.de (deux jours ouvrables,
    zwei Werktage) A-to-z help, and the 90-day claim window (nodeId 200783670): "contact the seller by" is the
    last day from which the seller's whole time to answer still ends by the window's last day."""
    country, region = place
    duration = parse_time_limit(wait)
    last = latest_start(deadline, [duration], country, region)
    assert last is not None and last < deadline

    def ends(day: date) -> date:
        moment = add(day, duration, country, region)
        return moment.date() if isinstance(moment, datetime) else moment

    assert ends(last) <= deadline < ends(last + timedelta(days=1))


@examples(300)
@given(
    DAYS,
    st.integers(min_value=-40, max_value=40),
    st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
)
@example(date(2026, 12, 1), -6, 4)  # asked with 7 days left, back after 5: 7 days after (s.22(7))
@example(date(2026, 12, 1), -21, 4)  # asked with 22 days left: the 5 days waited are added
def test_the_short_term_right_to_reject_stops_while_a_repair_is_awaited(end, asked_offset, back_after):
    """Consumer Rights Act 2015 s.22(6)-(8) (https://www.legislation.gov.uk/ukpga/2015/15/section/22): a request
    for repair or replacement stops the 30 days for the waiting period, from the day of the request to the day
    the goods come back, both included; the right then runs at least 7 days more (s.22(7)). A request made after
    the period ended stops nothing."""
    asked = end + timedelta(days=asked_offset)
    back = asked + timedelta(days=back_after) if back_after is not None else None
    floor = back + timedelta(days=7) if back else None
    moved = paused_end(end, asked, back, floor)
    if asked > end:
        assert moved == end
    elif back is None:
        assert moved is None
    else:
        assert moved is not None and floor is not None
        waited = (back - asked).days + 1
        assert moved == max(end + timedelta(days=waited), floor)
        assert moved >= floor and moved > end
        left_when_asked = (end - asked).days + 1  # the request's day is already waiting
        assert (moved - back).days == max(left_when_asked, 7)
