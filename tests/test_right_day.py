"""Deadlines counted from the right day (issue 15): the real delivery over the estimate, periods that include
their first day, windows that open the day after a date, elapsed hours across a clock change, in the case's
own zone. Each test names its statute or page."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from helpers.rules import advise, packs, result, situation

from complaintctl.rules.evaluate import Happening

EST, EDT = timezone(timedelta(hours=-5)), timezone(timedelta(hours=-4))
US = {"marketplace": "amazon.com", "country": "US", "currency": "USD"}


def test_amazon_com_48_hours_are_elapsed_across_the_dst_change_and_shown_in_the_case_zone():
    """amazon.com A-to-z help (nodeId 201889410): wait 48 hours. US summer time ends on 1 November 2026:
    48 hours after Saturday 10:00 EDT is Monday 09:00 EST, shown in the zone of the case, not the machine's."""
    base = situation({**US, "issue": "not-received", "delivery_by": "2026-10-20"})
    contacted = Happening("seller-contacted", datetime(2026, 10, 31, 10, tzinfo=EDT), {})
    now = datetime(2026, 11, 2, 8, 30, tzinfo=EST)
    found = result("atoz-not-received", base._replace(happenings=(contacted,), now=now))
    assert found.status == "not-yet" and found.eligible_at == datetime(2026, 11, 2, 9, tzinfo=EST), found
    assert found.eligible_at.utcoffset() == timedelta(hours=-5)
    assert "2026-11-02 09:00" in found.reason


def test_a_return_request_through_amazon_is_the_contact_with_the_seller():
    """amazon.com / amazon.ca A-to-z: for items not as described, request a return from the seller: that
    request is the contact. 36 hours after it, `next` waits for the seller, it never says "contact the seller"."""
    found = advise(
        situation({"issue": "damaged"}, [("return-requested", "2026-11-20T00:00:00+00:00")], today="2026-11-21")
    )
    assert found.step == "wait-for-seller" and found.do_by == date(2026, 11, 24), found


def test_etsy_not_received_opens_the_day_after_the_estimated_delivery_date():
    """help.etsy.com: a case can be opened once the estimated delivery date has passed."""
    etsy = {"marketplace": "etsy.com", "country": "US", "currency": "USD"}
    found = result("etsy-open-case", situation(etsy, [("seller-contacted", "2026-11-01")], today="2026-11-10"))
    assert (found.status, found.eligible_from) == ("not-yet", date(2026, 11, 11)), found


def test_section_75_counts_from_the_delivery_logged_with_the_scottish_note():
    """Limitation Act 1980 s.5 (6 years); Prescription and Limitation (Scotland) Act 1973 s.6 (5 years, from
    when the buyer knew of the loss since the Prescription (Scotland) Act 2018): counted from delivery."""
    facts = {"amount": "150.00", "sold_by": "amazon", "region": "GB-SCT"}
    found = result("uk-section-75", situation(facts, [("delivered", "2026-11-18")]))
    assert found.deadline == date(2031, 11, 18), found
    notes = {rule.id: rule.note for pack in packs() for rule in pack.rules}
    assert all("Prescription (Scotland) Act 2018" in notes[rule] for rule in ("uk-section-75", "cra-claim-time-limit"))


def test_cra_presumption_ends_the_day_before_the_six_month_anniversary_at_month_ends():
    """CRA 2015 s.19(15): six months beginning with the day of delivery. 31 August: the anniversary is
    28 February (no 31st), so the last day is 27 February; in a leap year 29 February gives 28 February."""
    for delivered, last in (("2026-08-31", "2027-02-27"), ("2027-08-31", "2028-02-28"), ("2026-11-12", "2027-05-11")):
        found = result("cra-fault-presumed", situation({"issue": "defective"}, [("delivered", delivered)]))
        assert found.deadline == date.fromisoformat(last), (delivered, found)


def test_ccpa_asks_which_state_without_a_region():
    """Cal. Civ. Code 1798.100, 1798.140(i): a "consumer" is a California resident. Without --region the answer is
    unknown and the question is asked; another state gets no CCPA rule."""
    found = result("data-access-us", situation({"marketplace": "amazon.com", "country": "US", "currency": "USD"}))
    assert found.status == "unknown" and "which state do you live in?" in found.reason, found


def test_eu_legal_guarantee_per_country_and_unknown_where_the_tool_has_no_rule():
    """Decreto-Lei 84/2021 arts. 12-13 (Portugal: 3 years, 2-year presumption); Codice del consumo arts. 133 and
    135 (Italy: 2 years, 1 year). A member state not in the data is unknown, never the Directive's minimum."""
    delivered = [("delivered", "2026-11-12")]
    eu = {"currency": "EUR", "issue": "defective", "marketplace": "other"}
    portugal = situation({**eu, "country": "PT"}, delivered)
    assert result("eu-legal-guarantee", portugal).deadline == date(2029, 11, 12)
    assert result("eu-fault-presumed", portugal).deadline == date(2028, 11, 12)
    italy = situation({**eu, "country": "IT"}, delivered)
    assert result("eu-fault-presumed", italy).deadline == date(2027, 11, 12)
    found = result("eu-legal-guarantee", situation({**eu, "country": "LI"}, delivered))
    assert found.status == "unknown" and "no rule for this country (LI)" in found.reason, found


def test_the_card_network_sets_the_merchants_time_to_contest():
    """Merchant response (representment): Visa 30 days, Mastercard 45, American Express 20
    (docs.chargeflow.io network timelines; Visa Core Rules). Without --network: 45 days."""
    filed = [("chargeback-filed", "2026-11-10")]
    for network, last in (
        ("visa", "2026-12-10"),
        ("mastercard", "2026-12-25"),
        ("amex", "2026-11-30"),
        (None, "2026-12-25"),
    ):
        found = result("card-merchant-reply", situation({"network": network}, filed))
        assert found.deadline == date.fromisoformat(last), (network, found)


def test_second_hand_goods_in_france_are_presumed_faulty_for_12_months():
    """Code de la consommation L217-7: 24 months, 12 for second-hand goods (--second-hand yes)."""
    facts = {"marketplace": "other", "country": "FR", "currency": "EUR", "issue": "defective"}
    delivered = [("delivered", "2026-11-12")]
    assert result("eu-fault-presumed", situation(facts, delivered)).deadline == date(2028, 11, 12)
    used = situation({**facts, "second_hand": "yes"}, delivered)
    assert result("eu-fault-presumed", used).deadline == date(2027, 11, 12)
    assert result("eu-legal-guarantee", used).deadline == date(2028, 11, 12)
