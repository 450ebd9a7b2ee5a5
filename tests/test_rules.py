"""Every rule pack, table-driven: the day before eligibility, the day of, the last day, the day after;
weekends and holidays in several countries; missing facts; exclusions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from helpers.rules import result, results, situation

from complaintctl.errors import ComplaintError
from complaintctl.rules.calendar import add, parse_time_limit

E, NY, NE, X, U, D = "eligible", "not-yet", "not-eligible", "expired", "unknown", "done"

CONTACTED = [("seller-contacted", "2026-11-13T09:00:00+00:00")]  # a Friday
US = {"marketplace": "amazon.com", "country": "US"}
CA = {**US, "region": "US-CA"}  # California: the CCPA protects its residents only
BOUNDARIES = [
    # rule, situation changes, events, today, status, eligible_from, deadline
    # A-to-z: contacting the seller and waiting is a precondition of every ground
    ("atoz-not-received", {}, [], "2026-11-20", NY, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", {}, CONTACTED, "2026-11-16", NY, "2026-11-17", "2027-02-08"),  # 2 UK business days
    ("atoz-not-received", {}, CONTACTED, "2026-11-17", E, "2026-11-17", "2027-02-08"),
    ("atoz-not-received", {}, CONTACTED, "2027-02-08", E, "2026-11-17", "2027-02-08"),
    ("atoz-not-received", {}, CONTACTED, "2027-02-09", X, "2026-11-17", "2027-02-08"),
    # contacting the seller early does not open the claim before the not-received window
    ("atoz-not-received", US, [("seller-contacted", "2026-11-01")], "2026-11-12", NY, "2026-11-13", "2027-02-08"),
    ("atoz-not-received", US, [("seller-contacted", "2026-11-01")], "2026-11-13", E, "2026-11-13", "2027-02-08"),
    (
        "atoz-not-received",
        US,
        [("seller-contacted", "2026-11-05"), ("delivered-missing", "2026-11-09")],
        "2026-11-09",
        E,
        "2026-11-09",
        "2027-02-08",
    ),
    (
        "atoz-not-received",
        {"marketplace": "amazon.de", "country": "DE", "currency": "EUR"},
        CONTACTED,
        "2026-11-16",
        E,
        "2026-11-16",
        "2027-02-08",
    ),  # zwei Werktage: Saturday counts
    ("atoz-not-received", {"issue": "damaged"}, [], "2026-11-20", None, None, None),
    # the return request made through Amazon is the contact with the seller: two UK business days after
    # Friday 20 November is Tuesday 24 (amazon.co.uk), later than Seller Central's 2 calendar days (issue 15)
    (
        "atoz-not-as-described",
        {"issue": "damaged"},
        CONTACTED + [("return-requested", "2026-11-20")],
        "2026-11-23",
        NY,
        "2026-11-24",
        "2027-02-08",
    ),
    (
        "atoz-not-as-described",
        {"issue": "damaged"},
        CONTACTED + [("return-requested", "2026-11-20")],
        "2026-11-24",
        E,
        "2026-11-24",
        "2027-02-08",
    ),
    (
        "atoz-not-as-described",
        {"issue": "damaged"},
        [("return-requested", "2026-11-20")],
        "2026-11-24",
        E,
        "2026-11-24",
        "2027-02-08",
    ),
    (
        "atoz-returned-not-refunded",
        {"issue": "return-not-refunded"},
        [("return-requested", "2026-11-12"), ("return-received", "2026-11-18")],
        "2026-11-18",
        E,
        "2026-11-18",
        "2027-02-08",
    ),
    (
        "atoz-returned-not-refunded",
        {"issue": "return-not-refunded"},
        [("return-received", "2026-11-18"), ("refund-issued", "2026-11-19")],
        "2026-11-20",
        NE,
        None,
        None,
    ),
    (
        "atoz-uk-return-request-window",
        {"issue": "defective"},
        [("delivered", "2026-11-05")],
        "2026-12-05",
        E,
        "2026-11-05",
        "2026-12-05",
    ),
    (
        "atoz-uk-return-request-window",
        {"issue": "defective"},
        [("delivered", "2026-11-05")],
        "2026-12-06",
        X,
        "2026-11-05",
        "2026-12-05",
    ),
    (
        "atoz-wrong-refund",
        {"issue": "wrong-refund"},
        CONTACTED + [("refund-issued", "2026-11-20")],
        "2026-11-20",
        E,
        "2026-11-20",
        "2027-02-08",
    ),
    (
        "atoz-wrong-refund",
        {**US, "issue": "wrong-refund"},
        CONTACTED + [("refund-issued", "2026-11-20")],
        "2026-11-20",
        E,
        "2026-11-20",
        "2027-02-08",
    ),
    (
        "atoz-wrong-refund",
        {"marketplace": "amazon.ca", "country": "CA", "issue": "wrong-refund"},
        [],
        "2026-11-20",
        None,
        None,
        None,
    ),
    (
        "atoz-claim-appeal",
        {},
        [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})],
        "2026-12-20",
        E,
        "2026-11-20",
        "2026-12-20",
    ),
    (
        "atoz-claim-appeal",
        {},
        [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})],
        "2026-12-21",
        X,
        "2026-11-20",
        "2026-12-20",
    ),
    (
        "atoz-claim-appeal",
        {},
        [("claim-decided", "2026-11-20", {"outcome": "granted-seller-funded"})],
        "2026-11-21",
        NE,
        None,
        None,
    ),
    (
        "atoz-claim-appeal",
        {},
        [("claim-decided", "2026-11-20", {"outcome": "closed-withdrawn"})],
        "2026-11-21",
        NE,
        None,
        None,
    ),
    # eBay item not received: open once the estimated delivery date has passed, the day after it (issue 15)
    (
        "ebay-open-request",
        {"marketplace": "ebay.com", "country": "US"},
        [],
        "2026-11-10",
        NY,
        "2026-11-11",
        "2026-12-10",
    ),
    (
        "ebay-open-request",
        {"marketplace": "ebay.com", "country": "US", "order_id": None},
        [],
        "2026-12-10",
        E,
        "2026-11-11",
        "2026-12-10",
    ),
    (
        "ebay-open-request",
        {"marketplace": "ebay.com", "country": "US"},
        [],
        "2026-12-11",
        X,
        "2026-11-11",
        "2026-12-10",
    ),
    # the 30 days run from the actual delivery when it came later than the estimate
    (
        "ebay-open-request",
        {"marketplace": "ebay.com", "country": "US"},
        [("delivered", "2026-11-20")],
        "2026-12-20",
        E,
        "2026-11-11",
        "2026-12-20",
    ),
    # eBay not as described: 30 days from the real delivery, even when it came before the estimate
    (
        "ebay-open-return-request",
        {"marketplace": "ebay.com", "country": "US", "issue": "defective"},
        [("delivered", "2026-11-05")],
        "2026-12-06",
        X,
        "2026-11-05",
        "2026-12-05",
    ),
    (
        "ebay-open-return-request",
        {"marketplace": "ebay.com", "country": "US", "issue": "defective"},
        [],
        "2026-12-10",
        E,
        "2026-11-10",
        "2026-12-10",
    ),
    # eBay: 3 business days after Monday 16 Nov; 21 business days skip US Thanksgiving (26 Nov)
    (
        "ebay-ask-to-step-in",
        {"marketplace": "ebay.com", "country": "US"},
        [("claim-filed", "2026-11-16")],
        "2026-11-18",
        NY,
        "2026-11-19",
        "2026-12-16",
    ),
    (
        "ebay-ask-to-step-in",
        {"marketplace": "ebay.com", "country": "US"},
        [("claim-filed", "2026-11-16")],
        "2026-11-19",
        E,
        "2026-11-19",
        "2026-12-16",
    ),
    (
        "etsy-open-case",
        {"marketplace": "etsy.com", "country": "US", "currency": "USD"},
        [("seller-contacted", "2026-11-11")],
        "2026-11-12",
        NY,
        "2026-11-13",
        "2027-02-18",
    ),
    (
        "etsy-open-case",
        {"marketplace": "etsy.com", "country": "US", "currency": "USD"},
        [("seller-contacted", "2026-11-11")],
        "2026-11-13",
        E,
        "2026-11-13",
        "2027-02-18",
    ),
    (
        "etsy-open-case",
        {"marketplace": "etsy.com", "country": "US", "currency": "USD"},
        [("seller-contacted", "2026-11-11")],
        "2027-02-19",
        X,
        "2026-11-13",
        "2027-02-18",
    ),
    (
        "etsy-seller-responds",
        {"marketplace": "etsy.com", "country": "US", "currency": "USD"},
        [("claim-filed", "2026-11-20")],
        "2026-11-21",
        E,
        "2026-11-20",
        "2026-11-23",
    ),
    (
        "walmart-not-received",
        {"marketplace": "walmart.com", "country": "US", "currency": "USD"},
        [("seller-contacted", "2026-11-11")],
        "2026-11-13",
        E,
        "2026-11-13",
        "2027-02-08",
    ),
    (
        "walmart-not-received",
        {"marketplace": "walmart.com", "country": "US", "sold_by": "walmart"},
        [],
        "2026-11-13",
        NE,
        None,
        None,
    ),
    (
        "walmart-return-denied",
        {"marketplace": "walmart.com", "country": "US", "issue": "damaged"},
        [("seller-contacted", "2026-11-11"), ("return-requested", "2026-11-15")],
        "2026-11-17",
        E,
        "2026-11-17",
        "2027-02-08",
    ),
    (
        "walmart-returned-not-refunded",
        {"marketplace": "walmart.com", "country": "US", "issue": "return-not-refunded"},
        [("return-received", "2026-11-18")],
        "2026-11-19",
        NY,
        "2026-11-20",
        "2027-02-08",
    ),
    ("paypal-open-dispute", {"paid_by": "paypal"}, [], "2027-04-30", E, "2026-11-01", "2027-04-30"),
    ("paypal-open-dispute", {"paid_by": "paypal"}, [], "2027-05-01", X, "2026-11-01", "2027-04-30"),
    (
        "paypal-escalate-to-claim",
        {"paid_by": "paypal"},
        [("chargeback-filed", "2026-11-20")],
        "2026-12-10",
        E,
        "2026-11-20",
        "2026-12-10",
    ),
    # after a chargeback: the merchant has 45 days to contest without the network (Visa 30, Mastercard 45,
    # American Express 20: docs.chargeflow.io network timelines); then 10 days to answer the issuer
    (
        "card-merchant-reply",
        {},
        [("chargeback-filed", "2026-11-20")],
        "2027-01-04",
        E,
        "2026-11-20",
        "2027-01-04",
    ),
    (
        "card-answer-issuer",
        {},
        [("chargeback-filed", "2026-11-20"), ("chargeback-contested", "2026-12-15")],
        "2026-12-26",
        X,
        "2026-12-15",
        "2026-12-25",
    ),
    # PayPal decides a claim usually within 14 days, some in 30 or more (paypal.com faq822)
    (
        "paypal-claim-decision",
        {"paid_by": "paypal"},
        [("chargeback-filed", "2026-11-20"), ("dispute-escalated", "2026-11-25")],
        "2026-12-01",
        E,
        "2026-11-25",
        "2026-12-25",
    ),
    # card chargeback: 120 days from the later of the order and the expected delivery
    # Visa 13.1: goods not received, not before the latest estimated delivery date has passed (issue 15)
    ("card-not-received", {}, [], "2026-11-10", NY, "2026-11-11", "2027-03-10"),
    ("card-not-received", {}, [], "2027-03-10", E, "2026-11-11", "2027-03-10"),
    ("card-not-received", {}, [], "2027-03-11", X, "2026-11-11", "2027-03-10"),
    ("card-not-received", {"charged": "2026-11-20"}, [], "2027-03-20", E, "2026-11-11", "2027-03-20"),
    # Visa 13.3: 120 days from the day the goods were received (delivered 5 November, before the estimate)
    (
        "card-scheme-chargeback",
        {"issue": "defective"},
        [("delivered", "2026-11-05")],
        "2027-03-06",
        X,
        "2026-11-01",
        "2027-03-05",
    ),
    ("card-scheme-chargeback", {"issue": "defective"}, [], "2027-03-10", E, "2026-11-01", "2027-03-10"),
    ("card-scheme-chargeback", {"paid_by": "gift-card"}, [], "2026-11-20", None, None, None),
    # FCBA: 60 days from the first statement showing the charge, unknown until it is given
    ("fcba-billing-error-notice", US, [], "2026-12-31", U, None, None),
    (
        "fcba-billing-error-notice",
        {**US, "statement_date": "2026-11-28"},
        [],
        "2027-01-27",
        E,
        "2026-11-28",
        "2027-01-27",
    ),
    (
        "fcba-billing-error-notice",
        {**US, "statement_date": "2026-11-28"},
        [],
        "2027-01-28",
        X,
        "2026-11-28",
        "2027-01-27",
    ),
    ("fcba-issuer-must-resolve", US, [("chargeback-filed", "2026-11-20")], "2026-11-21", E, "2026-11-20", "2027-02-18"),
    # s.75: not for Amazon Marketplace third-party sellers; the limits need the amount in pounds
    ("uk-section-75", {"amount": "150.00", "sold_by": "amazon"}, [], "2026-11-20", E, "2026-11-10", "2032-11-10"),
    (
        "uk-section-75",
        {"amount": "150.00", "sold_by": "amazon", "region": "GB-SCT"},
        [],
        "2026-11-20",
        E,
        "2026-11-10",
        "2031-11-10",
    ),
    ("uk-section-75", {"amount": "150.00", "marketplace": "other"}, [], "2026-11-20", E, "2026-11-10", "2032-11-10"),
    ("uk-section-75", {"amount": "150.00"}, [], "2026-11-20", NE, None, None),
    ("uk-section-75", {"amount": "100.00", "sold_by": "amazon"}, [], "2026-11-20", NE, None, None),
    ("uk-section-75", {"amount": "30000.01", "sold_by": "amazon"}, [], "2026-11-20", NE, None, None),
    ("uk-section-75", {"amount": None, "sold_by": "amazon"}, [], "2026-11-20", U, None, None),
    ("uk-section-75", {"amount": "150.00", "currency": "EUR", "sold_by": "amazon"}, [], "2026-11-20", U, None, None),
    ("ccr-cancel-online-purchase", {}, [("delivered", "2026-11-12")], "2026-11-26", E, "2026-11-01", "2026-11-26"),
    ("ccr-cancel-online-purchase", {}, [("delivered", "2026-11-12")], "2026-11-27", X, "2026-11-01", "2026-11-26"),
    ("ccr-cancel-online-purchase", {}, [], "2026-11-27", E, "2026-11-01", None),
    (
        "cra-short-term-right-to-reject",
        {"issue": "defective"},
        [("delivered", "2026-11-12")],
        "2026-12-12",
        E,
        "2026-11-12",
        "2026-12-12",
    ),
    (
        "cra-short-term-right-to-reject",
        {"issue": "defective"},
        [("delivered", "2026-11-12")],
        "2026-12-13",
        X,
        "2026-11-12",
        "2026-12-12",
    ),
    (
        "cra-fault-presumed",
        {"issue": "defective"},
        [("delivered", "2026-11-12")],
        "2027-05-11",
        E,
        "2026-11-12",
        "2027-05-11",
    ),
    # CRA s.24(5)(a): the final right to reject or a price reduction opens once a repair or replacement failed;
    # a claim within 6 years of delivery (Limitation Act 1980), and it is used by rejecting the goods
    (
        "cra-final-right-to-reject",
        {"issue": "defective"},
        [("delivered", "2026-11-12")],
        "2026-12-01",
        NY,
        None,
        "2032-11-12",
    ),
    (
        "cra-final-right-to-reject",
        {"issue": "defective"},
        [("delivered", "2026-11-12"), ("repair-requested", "2026-11-20"), ("repair-failed", "2026-12-01")],
        "2026-12-01",
        E,
        "2026-12-01",
        "2032-11-12",
    ),
    (
        "cra-final-right-to-reject",
        {"issue": "defective"},
        [("delivered", "2026-11-12"), ("repair-failed", "2026-12-01"), ("goods-rejected", "2026-12-02")],
        "2026-12-03",
        D,
        None,
        None,
    ),
    ("cra-final-right-to-reject", {"issue": "not-received"}, [], "2026-12-01", None, None, None),
    # CRA s.19(15): "six months beginning with the day on which the goods were delivered" ends the day before
    ("cra-fault-presumed", {"issue": "defective"}, [("delivered", "2026-11-12")], "2027-05-12", X, None, "2027-05-11"),
    # CCR 2013 reg. 30(3): a service's 14 days run from the day the contract was made, not from a delivery
    ("ccr-cancel-service", {"item": "service"}, [], "2026-11-15", E, "2026-11-01", "2026-11-15"),
    ("ccr-cancel-service", {}, [], "2026-11-15", NE, None, None),
    ("ccr-cancel-online-purchase", {"item": "service"}, [], "2026-11-15", NE, None, None),
    ("cra-claim-time-limit", {}, [], "2032-11-11", X, "2026-11-10", "2032-11-10"),
    # Limitation Act 1980: from the delivery logged, not the estimate
    ("cra-claim-time-limit", {}, [("delivered", "2026-11-20")], "2032-11-20", E, "2026-11-20", "2032-11-20"),
    ("cra-claim-time-limit", {"region": "GB-SCT"}, [], "2031-11-11", X, "2026-11-10", "2031-11-10"),
    (
        "eu-right-of-withdrawal",
        {"marketplace": "amazon.fr", "country": "FR", "currency": "EUR"},
        [("delivered", "2026-11-12")],
        "2026-11-26",
        E,
        "2026-11-01",
        "2026-11-26",
    ),
    # Code de la consommation L221-18 1°, Directive 2011/83 art. 9(2)(a): a service, from the conclusion
    (
        "eu-withdrawal-service",
        {"marketplace": "amazon.fr", "country": "FR", "currency": "EUR", "item": "service"},
        [],
        "2026-11-16",
        E,
        "2026-11-01",
        "2026-11-16",
    ),  # 15 November 2026 is a Sunday: the period runs to Monday 16
    # ends on Christmas Day (a Friday): runs to Monday 28 December
    (
        "eu-right-of-withdrawal",
        {"marketplace": "amazon.fr", "country": "FR", "currency": "EUR"},
        [("delivered", "2026-12-11")],
        "2026-12-28",
        E,
        "2026-11-01",
        "2026-12-28",
    ),
    (
        "eu-right-of-withdrawal",
        {"marketplace": "amazon.de", "country": "DE", "currency": "EUR"},
        [("delivered", "2026-12-12")],
        "2026-12-29",
        X,
        "2026-11-01",
        "2026-12-28",
    ),
    (
        "eu-legal-guarantee",
        {"marketplace": "amazon.de", "country": "DE", "issue": "defective"},
        [("delivered", "2026-11-12")],
        "2028-11-13",
        X,
        "2026-11-12",
        "2028-11-12",
    ),
    (
        "eu-legal-guarantee",
        {"marketplace": "amazon.es", "country": "ES", "issue": "defective", "currency": "EUR"},
        [("delivered", "2026-11-12")],
        "2028-11-13",
        E,
        "2026-11-12",
        "2029-11-12",
    ),
    (
        "eu-fault-presumed",
        {"marketplace": "amazon.de", "country": "DE", "issue": "defective", "currency": "EUR"},
        [("delivered", "2026-11-12")],
        "2027-11-13",
        X,
        "2026-11-12",
        "2027-11-12",
    ),
    (
        "eu-fault-presumed",
        {"marketplace": "amazon.fr", "country": "FR", "issue": "defective", "currency": "EUR"},
        [("delivered", "2026-11-12")],
        "2027-11-13",
        E,
        "2026-11-12",
        "2028-11-12",
    ),
    (
        "eu-fault-presumed",
        {"marketplace": "amazon.es", "country": "ES", "issue": "defective", "currency": "EUR"},
        [("delivered", "2026-11-12")],
        "2027-11-13",
        E,
        "2026-11-12",
        "2028-11-12",
    ),
    ("gdpr-access-request", {}, [], "2026-11-20", E, None, None),
    ("gdpr-access-request", {}, [("data-requested", "2026-11-20")], "2026-11-21", D, None, None),
    # one month from 20 November is Sunday 20 December: it runs to Monday 21 December (ICO)
    ("gdpr-access-answer-due", {}, [("data-requested", "2026-11-20")], "2026-12-21", E, "2026-11-20", "2026-12-21"),
    ("gdpr-access-answer-due", {}, [("data-requested", "2026-11-20")], "2026-12-22", X, "2026-11-20", "2026-12-21"),
    ("ccpa-answer-due", CA, [("data-requested", "2026-11-20")], "2027-01-04", E, "2026-11-20", "2027-01-04"),
    # 10 business days, skipping Thanksgiving and California's day after it
    ("ccpa-confirm-receipt", CA, [("data-requested", "2026-11-20")], "2026-11-21", E, "2026-11-20", "2026-12-08"),
    ("ccpa-request", CA, [], "2026-11-20", E, None, None),
    # Cal. Civ. Code 1798.130(a)(2): extended once by 45 days, 90 from the request
    (
        "ccpa-answer-extended",
        CA,
        [("data-requested", "2026-11-20"), ("extension-notified", "2026-12-10")],
        "2027-02-18",
        E,
        "2026-12-10",
        "2027-02-18",
    ),
    (
        "ccpa-answer-due",
        CA,
        [("data-requested", "2026-11-20"), ("extension-notified", "2026-12-10")],
        "2026-12-11",
        NE,
        None,
        None,
    ),
    # GDPR art. 12(3): one month plus two; 20 February 2027 is a Saturday, so Monday 22 (ICO)
    (
        "gdpr-access-extended",
        {},
        [("data-requested", "2026-11-20"), ("extension-notified", "2026-12-10")],
        "2027-02-22",
        E,
        "2026-12-10",
        "2027-02-22",
    ),
    # 12 CFR 1026.12(c): a quality claim over $50; 1026.13 billing errors otherwise (the default)
    (
        "fcba-claims-and-defenses",
        {**US, "currency": "USD", "amount": "80.00", "card_dispute": "quality"},
        [("delivered", "2026-11-08")],
        "2026-11-20",
        E,
        "2026-11-08",
        None,
    ),
    ("fcba-claims-and-defenses", {**US, "currency": "USD"}, [], "2026-11-20", NE, None, None),
    (
        "fcba-billing-error-notice",
        {**US, "currency": "USD", "card_dispute": "quality", "statement_date": "2026-11-05"},
        [],
        "2026-11-20",
        NE,
        None,
        None,
    ),
    ("ccpa-request", {**US, "region": "US-NY"}, [], "2026-11-20", None, None, None),
    (
        "ebay-appeal",
        {"marketplace": "ebay.de", "country": "DE", "currency": "EUR"},
        [("claim-decided", "2026-11-20", {"outcome": "closed-denied"})],
        "2026-12-21",
        X,
        "2026-11-20",
        "2026-12-20",
    ),
    (
        "ebay-appeal",
        {"marketplace": "ebay.de", "country": "DE", "currency": "EUR"},
        [("claim-decided", "2026-11-20", {"outcome": "closed-withdrawn"})],
        "2026-11-21",
        NE,
        None,
        None,
    ),
    (
        "seller-respond-to-claim",
        {"role": "seller"},
        [("claim-filed", "2026-11-20")],
        "2026-11-24",
        X,
        "2026-11-20",
        "2026-11-23",
    ),
    ("seller-respond-to-claim", {"role": "seller"}, [], "2026-11-24", NY, None, None),
    (
        "seller-appeal-claim",
        {"role": "seller"},
        [("claim-decided", "2026-11-20", {"outcome": "granted-seller-funded"})],
        "2026-12-20",
        E,
        "2026-11-20",
        "2026-12-20",
    ),
    (
        "seller-appeal-claim",
        {"role": "seller"},
        [("claim-decided", "2026-11-20", {"outcome": "granted-amazon-funded"})],
        "2026-11-21",
        NE,
        None,
        None,
    ),
]


def test_every_shipped_rule_has_boundary_cases():
    from helpers.rules import packs

    shipped = {rule.id for pack in packs() for rule in pack.rules}
    assert shipped - {row[0] for row in BOUNDARIES} == set()


@pytest.mark.parametrize(
    ("rule", "changes", "events", "today", "status", "start", "end"),
    BOUNDARIES,
    ids=[f"{b[0]}@{b[3]}-{b[4]}" for b in BOUNDARIES],
)
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
        ("amazon.fr", "FR", "2026-12-24", "2026-12-28"),  # jours ouvrables: Saturday 26th counts
        ("amazon.de", "DE", "2026-12-24", "2026-12-29"),  # Werktage: 25 and 26 are holidays
        ("amazon.es", "ES", "2027-01-05", "2027-01-08"),  # Epiphany on the 6th
        ("amazon.com", "US", "2026-12-24", "2026-12-26"),  # 48 hours, holidays or not
    ],
)
def test_seller_wait_across_holidays(market, country, contacted, eligible):
    s = situation(
        {"marketplace": market, "country": country, "currency": "EUR"},
        [("seller-contacted", f"{contacted}T09:00:00+00:00")],
        today="2027-01-20",
    )
    assert result("atoz-not-received", s).eligible_from == date.fromisoformat(eligible)


def test_business_days_for_a_country_without_holiday_data_still_skip_weekends():
    assert add(date(2026, 11, 13), parse_time_limit("2 business days"), "AQ") == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("changes", "events", "reason"),
    [
        ({"sold_by": "amazon"}, [], "Sold by Amazon itself"),
        ({"fulfilled_by": "amazon"}, [], "Fulfilled (delivered) by Amazon"),
        ({}, [("chargeback-filed", "2026-11-15")], "chargeback"),
        ({"item": "digital"}, [], "digital items"),
        ({"item": "service"}, [], "services"),
        ({"item": "gift-card"}, [], "gift cards"),
        ({"order_id": "D01-1234567-1234567"}, [], "digital order"),
    ],
)
def test_atoz_exclusions(changes, events, reason):
    found = result("atoz-not-received", situation(changes, events))
    assert found.status == NE and reason in found.reason


def test_a_finished_step_is_done_not_ineligible():
    found = result("atoz-not-received", situation({}, [("claim-filed", "2026-11-15")]))
    assert (found.status, found.reason) == (D, "Used: the claim was filed on 2026-11-15.")


def test_an_hour_based_wait_keeps_its_hour():
    s = situation(US, [("seller-contacted", "2026-11-20T15:20:00+00:00")], today="2026-11-22")  # now: 12:00
    found = result("atoz-not-received", s)
    assert found.status == NY and found.eligible_at is not None
    assert found.eligible_at.astimezone(UTC).isoformat() == "2026-11-22T15:20:00+00:00"
    assert "Eligible from 2026-11-22 15:20" in found.reason
    later = situation(US, [("seller-contacted", "2026-11-20T15:20:00+00:00")], today="2026-11-23")
    assert result("atoz-not-received", later).status == E


def test_an_hour_based_wait_across_a_clock_change_is_elapsed_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        start = datetime.fromisoformat("2026-10-24T10:00:00+01:00")  # Saturday, British Summer Time
        moment = add(start, parse_time_limit("48 hours"), "GB")
        assert moment.isoformat() == "2026-10-26T09:00:00+00:00"  # the clocks went back on the 25th
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_werktage_count_saturdays_but_not_sundays_or_holidays():
    assert add(date(2026, 11, 13), parse_time_limit("2 werktage"), "DE") == date(2026, 11, 16)
    assert add(date(2026, 11, 13), parse_time_limit("2 business days"), "DE") == date(2026, 11, 17)
    assert str(parse_time_limit("2 Werktage")) == "2 Werktage (Monday to Saturday)"


def test_regional_holidays_follow_the_region():
    # 30 November, St Andrew's Day, is a bank holiday in Scotland only
    assert add(date(2026, 11, 27), parse_time_limit("1 business day"), "GB", "GB-SCT") == date(2026, 12, 1)
    assert add(date(2026, 11, 27), parse_time_limit("1 business day"), "GB", "GB-ENG") == date(2026, 11, 30)


@pytest.mark.parametrize("text", ["1000000 years", "99999999 days", "4000 months"])
def test_periods_longer_than_a_century_are_refused(text):
    with pytest.raises(ComplaintError, match="longer than a century"):
        parse_time_limit(text)


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


def test_cases_with_the_same_facts_share_a_plan_but_keep_their_own_case_number_and_events():
    """The evaluator works out once what the facts alone decide (rules/plans.py): a second case with the same
    facts gets its own case number in each command, and an event that excludes a rule still counts per case."""
    lacking = {"sold_by": None, "fulfilled_by": None}
    first, second = situation(lacking), situation(lacking)._replace(case_id=2)
    assert "complaintctl set 1 --sold-by" in result("atoz-not-received", first).reason
    assert "complaintctl set 2 --sold-by" in result("atoz-not-received", second).reason
    # the exclusion comes before the missing facts, for this case only
    charged = situation(lacking, [("chargeback-filed", "2026-11-14")])
    assert result("atoz-not-received", charged).status == NE
    assert result("atoz-not-received", first).status == U
