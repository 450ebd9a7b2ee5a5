"""The life of a case after the happy path (issue 15): a chargeback and what follows it, a PayPal dispute and its
claim, a resolved case, the history of a programme that was used, and the statutory route. Through the CLI."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE


@pytest.fixture
def uk_case(make_case):
    return make_case(**UK_CASE)


def step(cli, case=1):
    return cli("next", str(case), "--json").json()


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("COMPLAINTCTL_NOW", f"{moment}T12:00:00+00:00")


def test_after_a_chargeback_wait_for_the_issuer_by_the_schemes_date(cli, uk_case):
    """Visa 30 days, Mastercard 45, Amex 20 for the merchant to contest (docs.chargeflow.io network timelines;
    Visa Core Rules): without the network, 45 days from filing. Never "contact customer service"."""
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-20")
    advice = step(cli)
    assert advice["step"] == "wait-for-issuer", advice
    assert advice["do_by"] == "2027-01-04" and advice["days_overdue"] == 0
    assert "chargeback-contested" in advice["how"] and "chargeback-decided" in advice["how"]
    assert advice["cautions"] == [] and advice["follow_up"] is None  # silence is expected while it waits


def test_a_step_date_never_slides_it_turns_overdue(cli, uk_case, monkeypatch):
    """Issue 15: once a step's date has passed, the step keeps that date and counts the days overdue, in
    next --json, the next view and the agenda."""
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-20")
    for today in ("2027-01-10", "2027-01-20"):
        at(monkeypatch, today)
        advice = step(cli)
        assert advice["do_by"] == "2027-01-04", advice
    assert advice["days_overdue"] == 16
    assert "(overdue by 16 days)" in cli("next", "1").stdout
    agenda = cli("agenda", "--json").json()
    steps = [item for item in agenda if item["kind"] == "step"]
    assert steps and steps[0]["due"] == "2027-01-04" and "(overdue by 16 days)" in steps[0]["text"], agenda


def test_the_other_sides_deadline_is_dated_in_the_agenda(cli, uk_case):
    """Issue 15: "They must answer by today" for a date 17 days away; it names the date."""
    cli("log", "1", "--event", "data-requested", "--at", "2026-11-21")
    agenda = cli("agenda", "--days", "60", "--json").json()
    theirs = [item for item in agenda if item["kind"] == "their-deadline"]
    assert theirs and all(f"by {item['due']}" in item["text"] for item in theirs), agenda


def test_the_merchant_contests_answer_the_issuer(cli, uk_case):
    """Representment: the issuer needs the cardholder's answer to take it to pre-arbitration."""
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-10")
    cli("log", "1", "--event", "chargeback-contested", "--at", "2026-11-18")
    advice = step(cli)
    assert (advice["step"], advice["do_by"]) == ("answer-issuer", "2026-11-28"), advice
    assert "pre-arbitration" in advice["why"]


def test_a_chargeback_won_ends_the_route(cli, uk_case):
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-10")
    cli("log", "1", "--event", "chargeback-decided", "--outcome", "won", "--at", "2026-11-20")
    advice = step(cli)
    assert advice["step"] == "done" and "won on 2026-11-20" in advice["why"] and "resolved" in advice["how"]


def test_after_a_lost_chargeback_a_uk_section_75_claim_which_is_not_a_chargeback(cli, make_case):
    """Consumer Credit Act 1974 s.75: the card issuer is jointly liable; a lost chargeback does not end it."""
    make_case(**{**UK_CASE, "amount": "150.00", "sold_by": "amazon"})
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-10")
    cli("log", "1", "--event", "chargeback-decided", "--outcome", "lost", "--at", "2026-11-20")
    advice = step(cli)
    assert advice["step"] == "section-75-claim", advice
    assert advice["do_by"] == "2032-11-10" and "not a chargeback" in advice["why"]
    assert "section-75-filed" in advice["how"]


def test_after_a_lost_chargeback_without_section_75_the_ladder_goes_on(cli, uk_case):
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-10")
    cli("log", "1", "--event", "chargeback-decided", "--outcome", "partly-won", "--at", "2026-11-20")
    advice = step(cli)
    assert advice["step"] == "contact-customer-service", advice
    assert advice["why"].startswith("The chargeback was only partly won on 2026-11-20.")
    assert advice["do_by"] == "2026-11-27"  # a week after the decision


def test_paypal_escalate_the_dispute_to_a_claim_by_day_20(cli, make_case):
    """paypal.com faq822 / faq1583: escalate within 20 calendar days of opening the dispute, or it closes."""
    make_case(**{**UK_CASE, "paid_by": "paypal"})
    cli("log", "1", "--event", "chargeback-filed", "--at", "2026-11-12")
    advice = step(cli)
    assert (advice["step"], advice["do_by"]) == ("escalate-dispute", "2026-12-02"), advice
    assert "used up" not in advice["why"] and "dispute-escalated" in advice["how"]
    cli("log", "1", "--event", "dispute-escalated", "--at", "2026-11-15")
    advice = step(cli)
    assert (advice["step"], advice["title"], advice["do_by"]) == (
        "wait-for-issuer",
        "Wait for PayPal's decision",
        "2026-12-15",
    ), advice
    cli("log", "1", "--event", "chargeback-decided", "--outcome", "won", "--at", "2026-11-21")
    assert step(cli)["step"] == "done"


def test_a_resolved_case_asks_for_nothing(cli, uk_case):
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-05")  # 17 days without a reply
    cli("log", "1", "--promise", "refund", "--due", "2026-11-15", "Agent promised a refund")
    cli("log", "1", "--event", "resolved", "--outcome", "refunded", "--at", "2026-11-20")
    advice = step(cli)
    assert advice["step"] == "done" and advice["follow_up"] is None, advice
    assert advice["overdue_promises"] == [] and advice["deadlines"] == []
    shown = cli("next", "1").stdout
    assert "follow up" not in shown.lower() and "Nothing to do" in shown


def test_a_milestone_on_a_resolved_case_is_refused_unless_it_is_reopened(cli, uk_case):
    cli("log", "1", "--event", "resolved", "--outcome", "refunded", "--at", "2026-11-20")
    before = cli.snapshot()
    error = cli.fails("log", "1", "--event", "claim-filed")
    assert "complaintctl reopen 1" in error and "--reopen" in error
    assert cli.snapshot() == before
    cli("log", "1", "A note is always welcome")
    cli("log", "1", "--event", "claim-filed", "--reopen")
    assert cli("list", "--json").json()[0]["status"] == "claim filed"
    assert step(cli)["step"] != "done"
    cli("log", "1", "--event", "resolved", "--outcome", "refunded")
    cli("reopen", "1", "The refund was reversed")
    assert "reopened" in cli("list", "--json").json()[0]["status"]
    assert step(cli)["step"] != "done"
    assert "not resolved" in cli.fails("reopen", "1")


def test_list_and_next_agree_about_a_case_state(cli, uk_case, make_case):
    make_case(**UK_CASE)
    cli("log", "2", "--event", "resolved", "--outcome", "refunded")
    listed = {row["id"]: row for row in cli("list", "--json").json()}
    every = {row["case_id"]: row for row in cli("next", "--json").json()}
    assert set(every) == {1} and listed[2]["status"].startswith("resolved")


def test_a_used_programme_keeps_its_history(cli, uk_case):
    """A claim filed, denied, appealed and denied again, then a chargeback: the A-to-z rule says "used" with
    every date and outcome, never "not eligible: a chargeback was filed"."""
    for args in (
        ("--event", "seller-contacted", "--at", "2026-11-12"),
        ("--event", "claim-filed", "--at", "2026-11-14"),
        ("--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-16"),
        ("--event", "appeal-filed", "--at", "2026-11-17"),
        ("--event", "appeal-decided", "--outcome", "denied", "--at", "2026-11-19"),
        ("--event", "chargeback-filed", "--at", "2026-11-20"),
    ):
        cli("log", "1", *args)
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    claim = results["atoz-not-received"]
    assert claim["status"] == "done", claim
    for part in ("2026-11-14", "2026-11-16 (closed-denied)", "2026-11-17", "2026-11-19 (denied)"):
        assert part in claim["reason"], claim
    assert "chargeback" not in claim["reason"]
    assert results["atoz-claim-appeal"]["reason"].startswith("Used: you appealed on 2026-11-17")
    assert "used" in cli("check", "1").stdout


def test_uk_statutory_case_names_the_statutory_step(cli, make_case):
    """CRA 2015 s.22: reject within 30 days of delivery, in writing to keep proof (s.20(6): a clear
    indication is enough). Never "the guarantee route is used up"."""
    make_case(**{**UK_CASE, "marketplace": "other", "issue": "defective"})
    cli("log", "1", "--event", "delivered", "--at", "2026-11-08")
    advice = step(cli)
    assert (advice["step"], advice["do_by"]) == ("reject-goods", "2026-12-08"), advice
    assert "used up" not in advice["why"] and "s.20(6)" in advice["how"]
    cli("log", "1", "--event", "goods-rejected", "--at", "2026-11-20")
    assert step(cli)["step"] == "repair-or-replace"
