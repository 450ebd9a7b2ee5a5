"""A repair or replacement under the Consumer Rights Act 2015 (issue 15): the 30-day short-term right to reject
stops running while the user waits for the goods to come back (s.22(6) and (8)), runs at least 7 days after
they come back not conforming (s.22(7)), and a repair or replacement that failed opens the final right to reject
or a price reduction (s.24(5)(a)). Through the CLI, on a UK case delivered on 1 November 2026: the 30 days begin
on 2 November and end on 1 December (s.22(3))."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE

S22 = "https://www.legislation.gov.uk/ukpga/2015/15/section/22"


@pytest.fixture
def delivered(cli, make_case, monkeypatch):
    make_case(**{**UK_CASE, "marketplace": "other", "issue": "defective"})
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-09T12:00:00+00:00")
    cli("log", "1", "--event", "delivered", "--at", "2026-11-01 10:00")
    return 1


def log(cli, monkeypatch, kind: str, day: str) -> None:
    """Logged on the day it happened, at noon."""
    monkeypatch.setenv("COMPLAINTCTL_NOW", f"{day}T12:00:00+00:00")
    cli("log", "1", "--event", kind, "--at", f"{day} 10:00")


def rule(cli, rule_id: str, today: str, monkeypatch) -> dict:
    monkeypatch.setenv("COMPLAINTCTL_NOW", f"{today}T12:00:00+00:00")
    return {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}[rule_id]


def test_the_short_term_right_to_reject_pauses_while_the_repair_is_awaited(cli, delivered, monkeypatch):
    """CRA 2015 s.22(6): if the consumer requests a repair or replacement, the 30 days stop running for the
    waiting period, which begins with the day of the request (s.22(8)). Asked on 25 November: 7 days were left
    (25 November to 1 December). While waiting, no date runs out and `next` waits for the goods; after a week
    without an answer it says to follow up, dated a week after the request."""
    log(cli, monkeypatch, "repair-requested", "2026-11-25")
    found = rule(cli, "cra-short-term-right-to-reject", "2026-12-10", monkeypatch)
    assert (found["status"], found["deadline"]) == ("not-yet", None), found
    assert "s.22(6)" in found["reason"] and "7 days" in found["reason"], found
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-28T12:00:00+00:00")
    advice = cli("next", "1", "--json").json()
    assert (advice["step"], advice["do_by"]) == ("wait-for-repair", None), advice
    assert "repair-returned" in advice["how"] and "repair-failed" in advice["how"] and "s.23(2)(a)" in advice["why"]
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-12-10T12:00:00+00:00")
    later = cli("next", "1", "--json").json()
    assert (later["step"], later["do_by"], later["days_overdue"]) == ("follow-up", "2026-12-02", 8), later


@pytest.mark.parametrize(
    ("requested", "returned", "last_day"),
    [
        # 5 days waited (10 to 14 November): 1 December + 5; more than 7 days after the return
        ("2026-11-10", "2026-11-14", "2026-12-06"),
        # 3 days were left when asked (29 November): they come back on 3 December, so the period ends 7 days
        # after (s.22(7)(a)), later than 1 December + 5 days waited
        ("2026-11-29", "2026-12-03", "2026-12-10"),
        # asked on the last day, back the same day: 1 day waited, and still 7 days after
        ("2026-12-01", "2026-12-01", "2026-12-08"),
    ],
)
def test_the_period_resumes_when_the_goods_come_back_and_leaves_at_least_7_days(
    cli, delivered, monkeypatch, requested, returned, last_day
):
    """CRA 2015 s.22(7)-(8): the waiting period ends with the day the consumer receives the goods back; the
    time limit is then the original one extended by the waiting period, or 7 days after it ends if later."""
    log(cli, monkeypatch, "repair-requested", requested)
    log(cli, monkeypatch, "repair-returned", returned)
    found = rule(cli, "cra-short-term-right-to-reject", returned, monkeypatch)
    assert (found["status"], found["deadline"]) == ("eligible", last_day), found
    assert "s.22(7)" in found["reason"] or "waited" in found["reason"], found


def test_a_repair_asked_for_after_the_30_days_pauses_nothing(cli, delivered, monkeypatch):
    """CRA 2015 s.22(6) stops a period that is running: once the 30 days ended on 1 December there is nothing
    to pause, and the right stays expired."""
    log(cli, monkeypatch, "repair-requested", "2026-12-03")
    found = rule(cli, "cra-short-term-right-to-reject", "2026-12-04", monkeypatch)
    assert (found["status"], found["deadline"]) == ("expired", "2026-12-01"), found


def test_a_failed_repair_opens_the_final_right_to_reject_or_a_price_reduction(cli, delivered, monkeypatch):
    """CRA 2015 s.24(5)(a): after one repair or one replacement the goods still do not conform: the final right
    to reject or a price reduction. `next` names that step; the short-term right also runs 7 days after the
    goods came back (s.22(7)), so the step is dated by it."""
    log(cli, monkeypatch, "repair-requested", "2026-11-28")
    log(cli, monkeypatch, "repair-failed", "2026-12-04")
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-12-05T12:00:00+00:00")
    advice = cli("next", "1", "--json").json()
    assert advice["step"] == "final-reject-or-reduce", advice
    assert advice["do_by"] == "2026-12-11" and "s.24" in advice["why"] + advice["how"], advice
    assert "price reduction" in advice["title"].lower()
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    assert results["cra-final-right-to-reject"]["status"] == "eligible"
    assert results["cra-short-term-right-to-reject"]["deadline"] == "2026-12-11"
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-12-20T12:00:00+00:00")  # the short-term right has ended
    later = cli("next", "1", "--json").json()
    assert later["step"] == "final-reject-or-reduce" and later["days_overdue"] == 0, later


def test_a_failed_repair_is_told_in_the_words_of_the_statute(cli, delivered):
    """The source of the final right names its section on legislation.gov.uk."""
    cli("log", "1", "--event", "repair-requested", "--at", "2026-11-05 10:00")
    cli("log", "1", "--event", "repair-failed", "--at", "2026-11-08 10:00")
    found = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}["cra-final-right-to-reject"]
    assert "legislation.gov.uk/ukpga/2015/15/section/24" in found["source"], found
    assert (
        S22
        in {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}["cra-short-term-right-to-reject"][
            "source"
        ]
    )
