"""Every rule pack, table-driven: the day before eligibility, the day of, the last day, the day after;
weekends and holidays in several countries; missing facts; exclusions."""

from __future__ import annotations

from datetime import date

import pytest

from complaintctl.rules.calendar import add, parse_duration
from rules_helpers import result, results, situation

E, NY, NE, X, U = "eligible", "not-yet", "not-eligible", "expired", "unknown"

CONTACTED = [("seller-contacted", "2026-11-13T09:00:00+00:00")]  # a Friday
BOUNDARIES = [
    # rule, situation changes, events, today, status, eligible_from, deadline
    ("atoz-not-received", {}, [], "2026-11-12", NY, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", {}, [], "2026-11-13", E, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", {}, [], "2027-02-08", E, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", {}, [], "2027-02-09", X, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", {}, [("delivered-missing", "2026-11-09")], "2026-11-09", E, "2026-11-09", "2027-02-08"),
    ("atoz-not-received", {"issue": "damaged"}, [], "2026-11-20", None, None, None),
    # UK: two business days after Friday's message is Tuesday
    ("atoz-seller-silent", {}, CONTACTED, "2026-11-16", NY, "2026-11-17", "2027-02-08"),
    ("atoz-seller-silent", {}, CONTACTED, "2026-11-17", E, "2026-11-17", "2027-02-08"),
    # amazon.com: 48 hours, weekends count
    ("atoz-seller-silent", {"marketplace": "amazon.com", "country": "US"}, CONTACTED, "2026-11-15", E,
     "2026-11-15", "2027-02-08"),
    ("atoz-seller-silent", {}, CONTACTED + [("seller-replied", "2026-11-14")], "2026-11-20", NE, None, None),
    ("atoz-seller-silent", {}, [], "2026-11-20", NY, None, "2027-02-08"),
    ("atoz-not-as-described", {"issue": "damaged"}, [("return-requested", "2026-11-15")], "2026-11-16", NY,
     "2026-11-17", "2027-02-08"),
    ("atoz-not-as-described", {"issue": "damaged"}, [("return-requested", "2026-11-15")], "2026-11-17", E,
     "2026-11-17", "2027-02-08"),
    ("atoz-returned-not-refunded", {"issue": "return-not-refunded"}, [("return-received", "2026-11-18")],
     "2026-11-18", E, "2026-11-18", "2027-02-08"),
    ("atoz-returned-not-refunded", {"issue": "return-not-refunded"},
     [("return-received", "2026-11-18"), ("refund-issued", "2026-11-19")], "2026-11-20", NE, None, None),
    ("atoz-uk-return-request-window", {"issue": "defective"}, [("delivered", "2026-11-05")], "2026-12-05", E,
     "2026-11-05", "2026-12-05"),
    ("atoz-uk-return-request-window", {"issue": "defective"}, [("delivered", "2026-11-05")], "2026-12-06", X,
     "2026-11-05", "2026-12-05"),
    ("atoz-uk-wrong-refund", {"issue": "wrong-refund"}, [("refund-issued", "2026-11-20")], "2026-11-20", E,
     "2026-11-20", "2027-02-08"),
    ("atoz-claim-appeal", {}, [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})], "2026-12-20", E,
     "2026-11-20", "2026-12-20"),
    ("atoz-claim-appeal", {}, [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})], "2026-12-21", X,
     "2026-11-20", "2026-12-20"),
    ("atoz-claim-appeal", {}, [("claim-decided", "2026-11-20", {"outcome": "granted-seller-funded"})],
     "2026-11-21", NE, None, None),
    ("ebay-open-request", {"marketplace": "ebay.com", "country": "US", "order_id": None}, [], "2026-12-10", E,
     "2026-11-10", "2026-12-10"),
    ("ebay-open-request", {"marketplace": "ebay.com", "country": "US"}, [], "2026-12-11", X, "2026-11-10",
     "2026-12-10"),
    # eBay: 3 business days after Monday 16 Nov; 21 business days skip US Thanksgiving (26 Nov)
    ("ebay-ask-to-step-in", {"marketplace": "ebay.com", "country": "US"}, [("claim-filed", "2026-11-16")],
     "2026-11-18", NY, "2026-11-19", "2026-12-16"),
    ("ebay-ask-to-step-in", {"marketplace": "ebay.com", "country": "US"}, [("claim-filed", "2026-11-16")],
     "2026-11-19", E, "2026-11-19", "2026-12-16"),
    ("paypal-open-dispute", {"paid_by": "paypal"}, [], "2027-04-30", E, "2026-11-01", "2027-04-30"),
    ("paypal-open-dispute", {"paid_by": "paypal"}, [], "2027-05-01", X, "2026-11-01", "2027-04-30"),
    ("paypal-escalate-to-claim", {"paid_by": "paypal"}, [("chargeback-filed", "2026-11-20")], "2026-12-10", E,
     "2026-11-20", "2026-12-10"),
    # card chargeback: 120 days from the later of the order and the expected delivery
    ("card-scheme-chargeback", {}, [], "2027-03-10", E, "2026-11-01", "2027-03-10"),
    ("card-scheme-chargeback", {}, [], "2027-03-11", X, "2026-11-01", "2027-03-10"),
    ("card-scheme-chargeback", {"paid_by": "gift-card"}, [], "2026-11-20", None, None, None),
    ("fcba-billing-error-notice", {"marketplace": "amazon.com", "country": "US"}, [], "2026-12-31", E,
     "2026-11-01", "2026-12-31"),
    ("fcba-billing-error-notice", {"marketplace": "amazon.com", "country": "US"}, [], "2027-01-01", X,
     "2026-11-01", "2026-12-31"),
    ("fcba-issuer-must-resolve", {"marketplace": "amazon.com", "country": "US"},
     [("chargeback-filed", "2026-11-20")], "2026-11-21", E, "2026-11-20", "2027-02-18"),
    ("uk-section-75", {"amount": "150.00"}, [], "2026-11-20", E, "2026-11-10", "2032-11-10"),
    ("uk-section-75", {"amount": "100.00"}, [], "2026-11-20", NE, None, None),
    ("uk-section-75", {"amount": "30000.01"}, [], "2026-11-20", NE, None, None),
    ("uk-section-75", {"amount": None}, [], "2026-11-20", U, None, None),
    ("ccr-cancel-online-purchase", {}, [("delivered", "2026-11-12")], "2026-11-26", E, "2026-11-01",
     "2026-11-26"),
    ("ccr-cancel-online-purchase", {}, [("delivered", "2026-11-12")], "2026-11-27", X, "2026-11-01",
     "2026-11-26"),
    ("ccr-cancel-online-purchase", {}, [], "2026-11-27", E, "2026-11-01", None),
    ("cra-short-term-right-to-reject", {"issue": "defective"}, [("delivered", "2026-11-12")], "2026-12-12", E,
     "2026-11-12", "2026-12-12"),
    ("cra-short-term-right-to-reject", {"issue": "defective"}, [("delivered", "2026-11-12")], "2026-12-13", X,
     "2026-11-12", "2026-12-12"),
    ("cra-fault-presumed", {"issue": "defective"}, [("delivered", "2026-11-12")], "2027-05-12", E, "2026-11-12",
     "2027-05-12"),
    ("cra-claim-time-limit", {}, [], "2032-11-11", X, "2026-11-10", "2032-11-10"),
    ("eu-right-of-withdrawal", {"marketplace": "amazon.fr", "country": "FR", "currency": "EUR"},
     [("delivered", "2026-11-12")], "2026-11-26", E, "2026-11-01", "2026-11-26"),
    ("eu-legal-guarantee", {"marketplace": "amazon.de", "country": "DE", "issue": "defective"},
     [("delivered", "2026-11-12")], "2028-11-13", X, "2026-11-12", "2028-11-12"),
    ("gdpr-access-request", {}, [], "2026-11-20", E, None, None),
    ("gdpr-access-request", {}, [("data-requested", "2026-11-20")], "2026-11-21", NE, None, None),
    ("gdpr-access-answer-due", {}, [("data-requested", "2026-11-20")], "2026-12-20", E, "2026-11-20",
     "2026-12-20"),
    ("ccpa-answer-due", {"marketplace": "amazon.com", "country": "US"}, [("data-requested", "2026-11-20")],
     "2027-01-04", E, "2026-11-20", "2027-01-04"),
    ("ccpa-request", {"marketplace": "amazon.com", "country": "US"}, [], "2026-11-20", E, None, None),
    ("ebay-appeal", {"marketplace": "ebay.de", "country": "DE", "currency": "EUR"},
     [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})], "2026-12-21", X, "2026-11-20", "2026-12-20"),
    ("seller-respond-to-claim", {"role": "seller"}, [("claim-filed", "2026-11-20")], "2026-11-24", X, "2026-11-20",
     "2026-11-23"),
    ("seller-respond-to-claim", {"role": "seller"}, [], "2026-11-24", NY, None, None),
    ("seller-appeal-claim", {"role": "seller"}, [("claim-decided", "2026-11-20", {"outcome": "granted-seller-funded"})],
     "2026-12-20", E, "2026-11-20", "2026-12-20"),
    ("seller-appeal-claim", {"role": "seller"}, [("claim-decided", "2026-11-20", {"outcome": "granted-amazon-funded"})],
     "2026-11-21", NE, None, None),
]


def test_every_shipped_rule_has_boundary_cases():
    from rules_helpers import packs

    shipped = {rule.id for pack in packs() for rule in pack.rules}
    assert shipped - {row[0] for row in BOUNDARIES} == set()


@pytest.mark.parametrize(("rule", "changes", "events", "today", "status", "start", "end"), BOUNDARIES,
                         ids=[f"{b[0]}@{b[3]}-{b[4]}" for b in BOUNDARIES])
def test_rule_boundaries(rule, changes, events, today, status, start, end):
    s = situation(changes, events, today=today)
    if status is None:
        assert rule not in results(s), "the rule should not apply to this case"
        return
    found = result(rule, s)
    assert found.status == status, found.reason
    if start is not None or status in (E, NY):
        assert (found.eligible_from.isoformat() if found.eligible_from else None) == start, found.reason
    if end is not None or status in (E, NY):
        assert (found.deadline.isoformat() if found.deadline else None) == end, found.reason
    assert found.source and found.pack_version


@pytest.mark.parametrize(
    ("market", "country", "contacted", "eligible"),
    [
        ("amazon.co.uk", "GB", "2026-12-24", "2026-12-30"),  # Christmas, weekend, Boxing Day substitute (28th)
        ("amazon.fr", "FR", "2026-12-24", "2026-12-29"),
        ("amazon.de", "DE", "2026-12-24", "2026-12-29"),  # 25 and 26 are holidays
        ("amazon.es", "ES", "2027-01-05", "2027-01-08"),  # Epiphany on the 6th
        ("amazon.com", "US", "2026-12-24", "2026-12-26"),  # 48 hours, holidays or not
    ],
)
def test_seller_wait_across_holidays(market, country, contacted, eligible):
    s = situation({"marketplace": market, "country": country, "currency": "EUR"},
                  [("seller-contacted", f"{contacted}T09:00:00+00:00")], today="2027-01-20")
    assert result("atoz-seller-silent", s).eligible_from == date.fromisoformat(eligible)


def test_business_days_for_a_country_without_holiday_data_still_skip_weekends():
    assert add(date(2026, 11, 13), parse_duration("2 business days"), "AQ") == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("changes", "events", "reason"),
    [
        ({"sold_by": "amazon"}, [], "Sold by Amazon itself"),
        ({"fulfilled_by": "amazon"}, [], "Fulfilled (delivered) by Amazon"),
        ({}, [("chargeback-filed", "2026-11-15")], "chargeback"),
        ({}, [("claim-filed", "2026-11-15")], "Already done: the claim was filed on 2026-11-15"),
    ],
)
def test_atoz_exclusions(changes, events, reason):
    found = result("atoz-not-received", situation(changes, events))
    assert found.status == NE and reason in found.reason


def test_missing_facts_are_named_with_the_command_that_supplies_them():
    found = result("atoz-not-received", situation({"sold_by": None}))
    assert found.status == U and found.missing == ("sold_by",)
    assert "complaintctl set 1 --sold-by ..." in found.reason
    no_date = result("atoz-not-received", situation({"delivery_by": None}))
    assert no_date.status == U and "--delivery-by" in no_date.reason
    no_country = results(situation({"country": None}))
    for pack in ("statutory-uk", "statutory-eu", "data-access"):
        assert no_country[pack].status == U and no_country[pack].missing == ("country",)


def test_a_pack_whose_filter_fact_is_missing_gives_one_unknown():
    found = results(situation({"paid_by": None}))
    assert found["card-chargeback"].status == U and found["card-chargeback"].missing == ("paid_by",)
    assert "paypal-buyer-protection" in found


def test_seller_packs_apply_only_to_seller_cases():
    buyer = results(situation())
    assert "seller-respond-to-claim" not in buyer
    seller = results(situation({"role": "seller"}, [("claim-filed", "2026-11-20")], today="2026-11-23"))
    assert "atoz-not-received" not in seller
    respond = seller["seller-respond-to-claim"]
    assert (respond.status, respond.deadline) == (E, date(2026, 11, 23))


def test_result_documents_carry_what_scripts_need():
    document = result("atoz-not-received", situation()).as_dict()
    for key in ("rule", "programme", "status", "eligible_from", "deadline", "reason", "source", "pack_version"):
        assert key in document
    assert document["eligible_from"] == "2026-11-13"
