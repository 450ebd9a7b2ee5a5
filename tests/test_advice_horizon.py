"""Advice kept across days reads exactly as advice computed afresh, at every moment before its horizon.

The advice cache keeps a case's advice until the first moment the rules or the ladder compared the clock
with (a window opening or closing, a promise falling due, a follow-up coming due). If any comparison escaped
the horizon, `next` would show yesterday's advice: this test computes advice for random cases on every
shipped marketplace at a random moment, then at random later moments before the horizon, and requires the
kept advice, read on that later day, to equal the fresh one field by field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from helpers.rules import packs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintctl.actions.advice import _listed, _to_cache, valid_until
from complaintctl.core.casefile import Promise
from complaintctl.rules.assess import CaseAdvice
from complaintctl.rules.evaluate import Happening, Situation, evaluate
from complaintctl.rules.ladder import next_step

PLACES = [
    ("amazon.co.uk", "GB", "GBP"),
    ("amazon.com", "US", "USD"),
    ("amazon.de", "DE", "EUR"),
    ("amazon.fr", "FR", "EUR"),
    ("amazon.es", "ES", "EUR"),
    ("ebay.co.uk", "GB", "GBP"),
    ("ebay.com", "US", "USD"),
    ("etsy.com", "US", "USD"),
    ("walmart.com", "US", "USD"),
]
ISSUES = [
    "not-received",
    "late",
    "damaged",
    "defective",
    "not-as-described",
    "wrong-item",
    "return-not-refunded",
    "wrong-refund",
    "unauthorized-charge",
    "other",
]
OUTCOMES = {
    "claim-decided": [
        "granted-amazon-funded",
        "closed-denied",
        "closed-withdrawn",
        "under-review",
        "closed-order-refunded",
    ],
    "appeal-decided": ["granted", "denied"],
    "resolved": ["refunded"],
}
KINDS = [
    "seller-contacted",
    "seller-replied",
    "shipped",
    "delivered",
    "delivered-missing",
    "return-requested",
    "return-shipped",
    "return-received",
    "refund-issued",
    "claim-filed",
    "claim-decided",
    "appeal-filed",
    "appeal-decided",
    "chargeback-filed",
    "escalated",
    "data-requested",
    "resolved",
]
START = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)), timezone(timedelta(hours=9))]

moments = st.integers(min_value=0, max_value=300 * 24).map(
    lambda hours: START + timedelta(hours=hours, minutes=hours % 60)
)
days = moments.map(lambda moment: moment.date().isoformat())


@st.composite
def cases(draw: st.DrawFn) -> tuple[Situation, datetime, list[datetime]]:
    marketplace, country, currency = draw(st.sampled_from(PLACES))
    facts = {
        "title": "t",
        "role": draw(st.sampled_from(["buyer", "buyer", "seller"])),
        "marketplace": marketplace,
        "country": country,
        "issue": draw(st.sampled_from(ISSUES)),
        "sold_by": draw(st.sampled_from(["third-party", "amazon"])),
        "fulfilled_by": draw(st.sampled_from(["seller", "amazon"])),
        "amount": draw(st.sampled_from(["19.99", "150.00", "3000"])),
        "currency": draw(st.sampled_from([currency, "USD"])),
        "paid_by": draw(st.sampled_from(["credit-card", "debit-card", "paypal", "bank-transfer"])),
    }
    for name in ("ordered_on", "delivery_by", "statement_date"):
        if draw(st.booleans()):
            facts[name] = draw(days)
    if draw(st.booleans()):
        del facts[draw(st.sampled_from(["issue", "sold_by", "amount", "paid_by"]))]
    if draw(st.integers(0, 9)) == 0:  # a case with only a title
        facts = {"title": "t"}
    happenings = []
    # Half the cases follow the ladder's own story (contact, claim, decision, appeal), whose branches random
    # milestones would rarely reach; the rest are milestones in any order.
    story = ["seller-contacted", "claim-filed", "claim-decided", "appeal-filed", "appeal-decided"]
    kinds = story[: draw(st.integers(1, 5))] if draw(st.booleans()) else []
    step = draw(moments)
    for number, kind in enumerate(kinds + draw(st.lists(st.sampled_from(KINDS), max_size=6 - len(kinds)))):
        details = {}
        if kind in OUTCOMES:
            details["outcome"] = draw(st.sampled_from(OUTCOMES[kind]))
        if kind == "escalated":
            details["target"] = draw(st.sampled_from(["Customer service chat", "formal complaint letter"]))
        step += timedelta(hours=draw(st.integers(1, 30 * 24)))
        happenings.append(Happening(kind, step if number < len(kinds) else draw(moments), details))
    happenings.sort(key=lambda h: h.occurred)
    promises = tuple(
        Promise(
            number,
            1,
            "refund",
            draw(moments).isoformat(),
            draw(st.sampled_from(["open", "open", "kept", "broken"])),
            None,
        )
        for number in range(draw(st.integers(0, 3)))
    )
    outbound = draw(st.none() | moments)
    inbound = draw(st.none() | moments)
    zone = draw(st.sampled_from(ZONES))
    now = draw(moments).astimezone(zone)
    later = [now + timedelta(minutes=draw(st.integers(1, 400 * 24 * 60))) for _ in range(4)]
    situation = Situation(1, facts, tuple(happenings), promises, now, outbound, inbound, ("chat",), [])
    return situation, now, later


def fresh(situation: Situation, now: datetime) -> CaseAdvice:
    at = situation._replace(now=now, horizon=[])
    results = evaluate(list(packs()), at)
    return CaseAdvice(at, results, next_step(at, results), None)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_kept_advice_reads_as_fresh_advice_until_its_horizon(case):
    situation, now, later = case
    computed = fresh(situation, now)
    until = valid_until(computed)
    assert until is None or until > now
    kept = _to_cache(computed)
    # Random moments, and the first moment of each of the next 40 days: the first run of each day.
    midnights = [
        datetime.combine(now.date() + timedelta(days=n), datetime.min.time(), now.tzinfo) for n in range(1, 41)
    ]
    checked = [moment for moment in later + midnights if until is None or moment < until]
    if until is not None and until - timedelta(microseconds=1) > now:
        # the last moment it is still read, where the user is (kept advice is never read under another offset)
        checked.append((until - timedelta(microseconds=1)).astimezone(now.tzinfo))
    for moment in checked:
        read = _listed(1, kept, moment.date(), whole=True).advice.as_dict()
        assert read == fresh(situation, moment).advice.as_dict(), f"kept from {now}, read at {moment}"


def test_a_case_waiting_for_a_date_keeps_its_advice_until_that_date():
    """The point of the horizon: advice that only waits for a date is not recomputed every day."""
    opened = datetime(2026, 11, 2, 10, tzinfo=UTC)
    facts = {
        "title": "t",
        "role": "buyer",
        "marketplace": "amazon.co.uk",
        "country": "GB",
        "issue": "not-received",
        "sold_by": "third-party",
        "fulfilled_by": "seller",
        "ordered_on": "2026-11-01",
        "delivery_by": "2026-11-20",
    }
    situation = Situation(1, facts, (Happening("seller-contacted", opened, {}),), (), opened, None, None, (), [])
    computed = fresh(situation, opened)
    assert computed.advice.step == "wait-for-seller" and computed.advice.do_by == date(2026, 11, 23)
    # Kept for weeks, not a day: until the Consumer Rights Act window opens on the delivery date
    assert valid_until(computed) == datetime(2026, 11, 20, tzinfo=UTC)
    eve = datetime(2026, 11, 19, 23, tzinfo=UTC)
    kept = _listed(1, _to_cache(computed), eve.date(), whole=True).advice
    assert kept.as_dict() == fresh(situation, eve).advice.as_dict()
    assert kept.deadlines[0]["days_left"] == (date(2027, 2, 18) - date(2026, 11, 19)).days  # counted on the 19th
