"""The escalation ladder: each step, and what `next` reports beside it."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.rules import advise, situation

from complaintctl.core.casefile import Promise

DENIED = {"outcome": "closed-denied"}
GONE = {"sold_by": "amazon"}  # the guarantee does not apply: the ladder goes on to escalation
ESCALATED = [
    ("escalated", "2026-11-15", {"target": t})
    for t in ("Customer service chat", "Seller Performance", "formal complaint letter")
]


@pytest.mark.parametrize(
    ("changes", "events", "today", "step", "do_by"),
    [
        # the last day a message leaves the seller two UK business days before the claim window closes (18 February)
        ({"delivery_by": "2026-11-20"}, [], "2026-11-15", "contact-seller", "2027-02-16"),
        # two UK business days after a Saturday message: Tuesday
        (
            {"delivery_by": "2026-11-10"},
            [("seller-contacted", "2026-11-14")],
            "2026-11-15",
            "wait-for-seller",
            "2026-11-17",
        ),
        # ... but never before the not-received window opens, 3 days after the latest estimated delivery
        (
            {"delivery_by": "2026-11-20"},
            [("seller-contacted", "2026-11-14")],
            "2026-11-15",
            "wait-for-seller",
            "2026-11-23",
        ),
        ({}, [], "2026-11-22", "contact-seller", "2027-02-04"),
        ({}, [("seller-contacted", "2026-11-13")], "2026-11-22", "file-atoz-claim", "2027-02-08"),
        (
            {},
            [
                ("seller-contacted", "2026-11-13"),
                ("claim-filed", "2026-11-16"),
                ("claim-decided", "2026-11-18", DENIED),
                ("appeal-filed", "2026-11-19"),
            ],
            "2026-11-22",
            "wait-for-appeal",
            "2026-12-03",
        ),
        (
            {},
            [
                ("claim-filed", "2026-11-16"),
                ("claim-decided", "2026-11-18", DENIED),
                ("appeal-filed", "2026-11-19"),
                ("appeal-decided", "2026-11-21", {"outcome": "granted"}),
            ],
            "2026-11-22",
            "wait-for-claim",
            "2026-11-28",
        ),
        (
            {},
            [
                ("claim-filed", "2026-11-16"),
                ("claim-decided", "2026-11-18", DENIED),
                ("appeal-filed", "2026-11-19"),
                ("appeal-decided", "2026-11-21", {"outcome": "denied"}),
            ],
            "2026-11-22",
            "contact-customer-service",
            "2026-11-28",
        ),
        (
            {"marketplace": "ebay.com", "country": "US"},
            [("claim-filed", "2026-11-16")],
            "2026-11-18",
            "wait-for-claim",
            "2026-11-19",
        ),
        (
            {"marketplace": "ebay.com", "country": "US"},
            [("claim-filed", "2026-11-16")],
            "2026-11-19",
            "ask-ebay-to-step-in",
            "2026-12-16",
        ),
        ({"title": "Only a title", "marketplace": None, "issue": None}, [], "2026-11-22", "add-facts", None),
        ({"marketplace": "ebay.co.uk"}, [], "2026-11-22", "file-ebay-claim", "2026-12-10"),
        ({}, [("claim-filed", "2026-11-20")], "2026-11-21", "wait-for-claim", "2026-11-23"),
        (
            {},
            [("claim-filed", "2026-11-16"), ("claim-decided", "2026-11-18", DENIED)],
            "2026-11-22",
            "appeal-claim",
            "2026-12-18",
        ),
        (
            {},
            [("claim-filed", "2026-11-16"), ("claim-decided", "2026-11-18", {"outcome": "granted-seller-funded"})],
            "2026-11-30",
            "contact-customer-service",
            "2026-11-25",  # the day the refund was due: overdue since, never today's date
        ),
        (
            {},
            [
                ("claim-filed", "2026-11-16"),
                ("claim-decided", "2026-11-18", {"outcome": "granted-seller-funded"}),
                ("refund-issued", "2026-11-19"),
            ],
            "2026-11-30",
            "done",
            None,
        ),
        (GONE, [], "2026-11-22", "contact-customer-service", None),
        (GONE, ESCALATED[:1], "2026-11-22", "escalate-specialist", "2026-11-22"),
        (GONE, ESCALATED[:2], "2026-11-22", "formal-complaint", "2026-11-22"),
        (GONE, ESCALATED, "2026-11-22", "data-access-request", "2026-11-22"),
        (GONE, ESCALATED + [("data-requested", "2026-11-20")], "2026-11-22", "chargeback", "2027-03-10"),
        (
            GONE,
            ESCALATED
            + [
                ("data-requested", "2026-11-20"),
                ("chargeback-filed", "2026-11-21"),
                ("chargeback-decided", "2026-11-21", {"outcome": "lost"}),
            ],
            "2026-11-22",
            "consumer-agency",
            "2026-11-28",
        ),
        (
            GONE,
            ESCALATED
            + [
                ("data-requested", "2026-11-20"),
                ("chargeback-filed", "2026-11-21"),
                ("chargeback-decided", "2026-11-21", {"outcome": "lost"}),
                ("escalated", "2026-11-21", {"target": "Citizens Advice"}),
            ],
            "2026-11-22",
            "small-claims",
            "2026-11-28",
        ),
        ({}, [("resolved", "2026-11-21", {"outcome": "refunded"})], "2026-11-22", "done", None),
        ({"sold_by": None}, [], "2026-11-22", "add-facts", None),
        ({"role": "seller"}, [("claim-filed", "2026-11-20")], "2026-11-21", "respond-to-claim", "2026-11-23"),
        (
            {"role": "seller"},
            [("claim-filed", "2026-11-10"), ("claim-decided", "2026-11-12", {"outcome": "granted-seller-funded"})],
            "2026-11-21",
            "appeal-claim",
            "2026-12-12",
        ),
        ({"role": "seller"}, [], "2026-11-21", "follow-up", None),
    ],
)
def test_each_step_of_the_ladder(changes, events, today, step, do_by):
    advice = advise(situation(changes, events, today=today))
    assert advice.step == step, advice
    assert (advice.do_by.isoformat() if advice.do_by else None) == do_by, advice
    assert advice.title and (advice.why or step == "done")


def test_a_damaged_item_asks_for_a_return_first():
    answered = [("seller-contacted", "2026-11-14"), ("seller-replied", "2026-11-15")]
    advice = advise(situation({"issue": "damaged"}, answered))
    assert advice.step == "contact-seller" and "return" in advice.how.lower()


def test_a_chargeback_window_closing_soon_comes_first():
    advice = advise(situation(GONE, today="2027-02-20"))
    assert advice.step == "chargeback" and advice.do_by == date(2027, 3, 10)


def test_consumer_agency_names_the_countrys_bodies():
    done = ESCALATED + [
        ("data-requested", "2026-11-20"),
        ("chargeback-filed", "2026-11-21"),
        ("chargeback-decided", "2026-11-21", {"outcome": "lost"}),
    ]
    uk = advise(situation(GONE, done))
    assert "Citizens Advice" in uk.how
    fr = advise(situation({**GONE, "marketplace": "amazon.fr", "country": "FR", "currency": "EUR"}, done))
    assert "SignalConso" in fr.how and "ECC-Net" in fr.how and "ODR" not in fr.how


def test_overdue_and_repeated_promises_and_follow_up_turn_waiting_into_following_up():
    promises = [
        Promise(5, 1, "Refund", "2026-11-17T00:00:00+00:00"),
        Promise(9, 1, "refund ", "2026-11-25T00:00:00+00:00"),
        Promise(12, 1, "call back", "2026-11-18T00:00:00+00:00", state="kept"),
    ]
    advice = advise(situation({}, [("claim-filed", "2026-11-21")], today="2026-11-22", promises=promises))
    # the follow-up is due since the promise fell due: that date stays, and counts as overdue (issue 15)
    assert advice.step == "follow-up" and advice.do_by == date(2026, 11, 17) and advice.days_overdue == 5
    assert [p["event"] for p in advice.overdue_promises] == [5]
    assert advice.overdue_promises[0]["days_overdue"] == 5
    assert advice.repeated_promises == [{"what": "refund", "times": 2, "events": [5, 9]}]


def test_no_reply_for_seven_days_is_reported():
    quiet = advise(situation(outbound="2026-11-14T10:00:00+00:00", today="2026-11-22"))
    assert quiet.follow_up and "8 days" in quiet.follow_up
    answered = advise(situation(outbound="2026-11-14T10:00:00+00:00", inbound="2026-11-15T10:00:00+00:00"))
    assert answered.follow_up is None
    recent = advise(situation(outbound="2026-11-20T10:00:00+00:00"))
    assert recent.follow_up is None


def test_deadlines_list_the_earliest_first():
    advice = advise(situation())
    dates = [d["deadline"] for d in advice.deadlines]
    assert dates == sorted(dates) and dates[0] == "2027-02-08"


def test_an_expired_guarantee_no_longer_holds_back_the_chargeback():
    # A-to-z closed on 30 October (90 days after 1 August); the card chargeback runs to 29 November.
    advice = advise(
        situation(
            {"delivery_by": "2026-08-01", "ordered_on": "2026-07-25"},
            [("seller-contacted", "2026-08-05")],
            today="2026-11-22",
        )
    )
    assert advice.step == "chargeback" and advice.do_by == date(2026, 11, 29), advice
    assert advice.cautions == []


def test_a_guarantee_still_open_holds_back_the_chargeback_and_says_why():
    advice = advise(situation({}, [("seller-contacted", "2026-11-11")], today="2026-11-22"))
    assert advice.step == "file-atoz-claim"
    assert "would end your Amazon A-to-z Guarantee claim (open until 2027-02-08)" in advice.cautions[0]
