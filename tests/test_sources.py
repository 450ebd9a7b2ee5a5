"""Every rule cites the programme's own page for the case's marketplace, never a blog.

The pages were found in stored copies of the marketplaces' help pages (November 2026); the packs keep them as
data (`page` per marketplace in amazon-atoz.toml) and the evaluator shows the case's own one.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from helpers.rules import packs

from complaintctl.core.facts import MARKETPLACE_COUNTRIES

AMAZON_MARKETPLACES = sorted(domain for domain in MARKETPLACE_COUNTRIES if domain.startswith("amazon."))
HELP = "gp/help/customer/display.html?nodeId="
COM_PAGE = f"https://www.amazon.com/{HELP}200783670"

# Each marketplace's own A-to-z Guarantee help page, as the stored copies show it.
OWN_PAGES = {
    "amazon.com": COM_PAGE,
    "amazon.ca": f"https://www.amazon.ca/{HELP}201889410",
    "amazon.co.uk": f"https://www.amazon.co.uk/{HELP}201889410",
    "amazon.de": f"https://www.amazon.de/{HELP}201889410",
    "amazon.pl": f"https://www.amazon.pl/{HELP}201889410",
    "amazon.ae": f"https://www.amazon.ae/{HELP}201889410",
    "amazon.com.au": f"https://www.amazon.com.au/{HELP}201889410",
    "amazon.in": f"https://www.amazon.in/{HELP}200680480",
}
# Marketplaces whose own help page is not in the stored corpus: Amazon's text for that marketplace on Amazon Pay,
# or else amazon.com's page; the pack's notes say so for each of them.
NOT_FOUND = {
    "amazon.fr": "https://pay.amazon.com/fr/help/201212340",
    "amazon.es": "https://pay.amazon.com/es/help/201751470",
    "amazon.it": "https://pay.amazon.it/help/201751470",
    **{
        domain: COM_PAGE
        for domain in AMAZON_MARKETPLACES
        if domain not in OWN_PAGES and domain not in ("amazon.fr", "amazon.es", "amazon.it")
    },
}

# Blogs, chargeback vendors' marketing and copies of other sites: never a rule's source. One list, here.
DENIED_HOSTS = (
    "chargeflow.io",
    "chargebacks911.com",
    "chargebackgurus.com",
    "chargebackstop.com",
    "justt.ai",
    "coachingsave.com",
    "chinaparcels.com",
    "parceldetect.com",
    "kingfisherflyshop.com",
    "psychologyapps.com",
    "analitec.com.br",
    "intomarkets.com",
    "scribd.com",
)
BLOG_HOST = re.compile(r"(^|\.)blog\.|\.blog$|blogg?(spot)?\.|wordpress\.com$|medium\.com$")


def atoz_source(cli, make_case, marketplace: str, **facts: str) -> dict:
    make_case(
        marketplace=marketplace,
        sold_by="third-party",
        fulfilled_by="seller",
        issue="not-received",
        ordered=facts.pop("ordered", "2026-11-01"),
        delivery_by=facts.pop("delivery_by", "2026-11-10"),
        **facts,
    )
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked the seller where it is")
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    return results["atoz-not-received"]


def test_every_amazon_marketplace_has_a_page_in_the_test():
    assert sorted({*OWN_PAGES, *NOT_FOUND}) == AMAZON_MARKETPLACES


@pytest.mark.parametrize("marketplace", AMAZON_MARKETPLACES)
def test_the_atoz_rule_cites_the_case_own_marketplace_page(cli, make_case, marketplace):
    """An amazon.fr case never cites amazon.com's page (nodeId=201889410 was shown for every marketplace)."""
    found = atoz_source(cli, make_case, marketplace)
    if marketplace in OWN_PAGES:
        assert found["source"] == OWN_PAGES[marketplace]
        assert urlparse(found["source"]).hostname == "www." + marketplace
    else:
        assert found["source"] == NOT_FOUND[marketplace]
        notes = next(p for p in packs() if p.id == "amazon-atoz").notes
        named = re.compile(re.escape(marketplace) + r"(?![.\w])")
        assert any(named.search(note) and "not in the stored corpus" in note for note in notes), marketplace
    assert found["status"] in ("eligible", "not-yet"), found


def test_every_amazon_rule_and_exclusion_of_a_case_cites_its_marketplace(cli, make_case):
    make_case(marketplace="amazon.de", sold_by="amazon", issue="not-received", delivery_by="2026-11-10")
    results = cli("check", "1", "--json").json()["results"]
    atoz = [r for r in results if r["pack"] == "amazon-atoz"]
    assert atoz and all(r["source"] == OWN_PAGES["amazon.de"] for r in atoz), atoz


def test_amazon_pl_waits_three_days_for_the_seller(cli, make_case):
    """amazon.pl nodeId=201889410: 'Zaczekaj trzy dni na odpowiedź' (wait three days), not 48 hours."""
    polish = atoz_source(cli, make_case, "amazon.pl")
    assert polish["eligible_from"] == "2026-11-14" and polish["source"] == OWN_PAGES["amazon.pl"]


def test_amazon_com_waits_48_hours_for_the_seller(cli, make_case):
    """amazon.ca and amazon.ae nodeId=201889410: 48 hours; eligible 3 days after the latest estimated delivery."""
    assert atoz_source(cli, make_case, "amazon.com")["eligible_from"] == "2026-11-13"


def test_amazon_in_counts_not_received_in_business_days(cli, make_case):
    """amazon.in nodeId=200680480: 'three business days post the maximum estimated delivery date'. From Friday
    6 November 2026 that is Wednesday 11 November (three calendar days would be Monday 9)."""
    found = atoz_source(cli, make_case, "amazon.in", ordered="2026-10-30", delivery_by="2026-11-06")
    assert found["eligible_from"] >= "2026-11-11" and found["source"] == OWN_PAGES["amazon.in"]


def test_a_source_naming_no_page_parameter_is_refused(cli, make_case, tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        '[pack]\nid = "mine"\nprogramme = "Mine"\nversion = "1"\neffective = "2026-11-01"\nsource = "param:page"\n'
        '[params.default]\nwait = "2 days"\n'
        '[[rules]]\nid = "r"\ntitle = "R"\nsource = "param:wait"\n',
        encoding="utf-8",
    )
    make_case(marketplace="amazon.fr")
    error = cli.fails("check", "1", "--rules", str(folder))
    assert "rule r.source" in error and "param:wait" in error and "[params.default]" in error
