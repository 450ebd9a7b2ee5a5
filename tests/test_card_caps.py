"""Card schemes cap how late a chargeback may come, whatever the delivery date (issue 15). Through the CLI."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE

PRE_ORDER = {
    **UK_CASE,
    "title": "Pre-ordered console",
    "ordered": "2026-01-05",
    "charged": "2026-01-05",
    "delivery_by": "2027-05-01",
    "sold_by": "amazon",
}


@pytest.mark.parametrize(
    ("network", "last_day"),
    [("mastercard", "2027-06-29"), ("visa", "2027-06-29"), ("amex", "2027-06-29"), (None, "2027-06-29")],
)
def test_every_network_caps_a_late_delivery_chargeback_at_540_days_from_the_charge(
    cli, make_case, monkeypatch, network, last_day
):
    """Mastercard Chargeback Guide (Merchant Edition), Goods or Services Not Provided: within 120 days of the
    latest anticipated delivery date, but never after 540 calendar days from the first presentment. A pre-order
    charged on 5 January 2026 and due by 1 May 2027: 120 days after the due date is 29 August 2027, past the
    cap of 29 June 2027. Visa 13.1 ("not to exceed 540 calendar days from the Transaction Processing Date") and
    American Express C08 cap it the same way, and without the network the same cap is the safer date (secondary
    copies of the schemes' rules only)."""
    facts = {**PRE_ORDER, **({"network": network} if network else {})}
    case = str(make_case(**facts))
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2027-05-10T12:00:00+00:00")
    results = {r["rule"]: r for r in cli("check", case, "--json").json()["results"]}
    found = results["card-not-received"]
    assert (found["status"], found["deadline"]) == ("eligible", last_day), found
    assert "540 days after the day your card was charged" in found["reason"], found
