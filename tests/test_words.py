"""Words (issue 15): every step, reason and caution that the rule packs and the ladder can say, for a spread of
generated cases, reads as a sentence: no doubled word, no unfilled placeholder, no empty reason, none of the
broken phrasings the issue found ("your the marketplace's", "by today" for a later date)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from helpers.rules import advise, packs, situation

from complaintctl.rules.evaluate import evaluate

MARKETS = [
    {"marketplace": "amazon.co.uk", "country": "GB", "currency": "GBP"},
    {"marketplace": "amazon.com", "country": "US", "currency": "USD", "region": "US-CA"},
    {"marketplace": "amazon.fr", "country": "FR", "currency": "EUR"},
    {"marketplace": "ebay.de", "country": "DE", "currency": "EUR"},
    {"marketplace": "etsy.com", "country": "US", "currency": "USD"},
    {"marketplace": "walmart.com", "country": "US", "currency": "USD"},
    {"marketplace": "other", "country": "PT", "currency": "EUR"},
    {"marketplace": "other", "country": "LT", "currency": "EUR"},
    {"marketplace": "other", "country": "GB", "currency": "GBP"},
]
ISSUES = ["not-received", "defective", "return-not-refunded", "service"]
PAID = ["credit-card", "paypal", "debit-card"]
STORIES = [
    [],
    [("seller-contacted", "2026-11-12")],
    [("seller-contacted", "2026-11-12"), ("claim-filed", "2026-11-14")],
    [("claim-filed", "2026-11-14"), ("appeal-filed", "2026-11-17")],
    [("delivered", "2026-11-08"), ("return-requested", "2026-11-12")],
    [
        ("seller-contacted", "2026-11-12"),
        ("claim-filed", "2026-11-14"),
        ("claim-decided", "2026-11-16", {"outcome": "closed-denied"}),
    ],
    [
        ("claim-filed", "2026-11-14"),
        ("claim-decided", "2026-11-16", {"outcome": "closed-denied"}),
        ("appeal-filed", "2026-11-17"),
        ("appeal-decided", "2026-11-19", {"outcome": "denied"}),
    ],
    [("chargeback-filed", "2026-11-12")],
    [("chargeback-filed", "2026-11-12"), ("chargeback-contested", "2026-11-15")],
    [("chargeback-filed", "2026-11-12"), ("dispute-escalated", "2026-11-14")],
    [("chargeback-filed", "2026-11-12"), ("chargeback-decided", "2026-11-18", {"outcome": "lost"})],
    [("chargeback-filed", "2026-11-12"), ("chargeback-decided", "2026-11-18", {"outcome": "won"})],
    [("data-requested", "2026-10-01"), ("escalated", "2026-10-02", {"target": "Customer service chat"})],
    [("resolved", "2026-11-20", {"outcome": "refunded"})],
    # a repair or replacement: awaited, back, failed (CRA 2015 s.22(6)-(8), s.24)
    [("delivered", "2026-11-08"), ("repair-requested", "2026-11-12")],
    [("delivered", "2026-11-08"), ("repair-requested", "2026-11-12"), ("repair-returned", "2026-11-15")],
    [("delivered", "2026-11-08"), ("repair-requested", "2026-11-12"), ("repair-failed", "2026-11-15")],
]
DAYS = ["2026-11-13", "2026-11-22", "2027-03-15"]

DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
BROKEN = [
    re.compile(pattern)
    for pattern in (
        r"[{}]",  # an unfilled placeholder
        r"\bNone\b",
        r"\byour the\b",
        r"by today\b",
        r"(?<!\.)\.\.(?!\.)",  # a doubled full stop (an ellipsis "..." in a command is fine)
        r"\s[,;:]|\s\.(?!\.)",  # a space before punctuation
        r"\(\s*\)",
        r"^\s*$",
        r"^Done:",
    )
]


def problems(text: str) -> list[str]:
    found = [f"doubled word {match.group(0)!r}" for match in DOUBLED.finditer(text)]
    found += [f"matches {pattern.pattern!r}" for pattern in BROKEN if pattern.search(text)]
    return found


def spread():
    for market, issue, paid, story, today in itertools.product(MARKETS, ISSUES, PAID, STORIES, DAYS):
        facts = {**market, "issue": issue, "paid_by": paid, "item": "service" if issue == "service" else None}
        facts = {key: value for key, value in facts.items() if value is not None}
        yield situation(facts, story, today=today)


def test_every_pack_rule_has_a_title_a_source_and_words_that_read():
    for pack in packs():
        for rule in pack.rules:
            for text in (rule.title, rule.source, rule.action, rule.note):
                if text:
                    assert not problems(text), (pack.id, rule.id, text, problems(text))
            for condition in (*pack.exclusions, *rule.exclusions):
                assert condition.reason and not problems(condition.reason), (rule.id, condition.reason)


@pytest.mark.parametrize("market", MARKETS, ids=lambda m: f"{m['marketplace']}-{m['country']}")
def test_every_reason_step_and_caution_reads_as_a_sentence(market):
    seen = 0
    for case in spread():
        if case.facts["marketplace"] != market["marketplace"] or case.facts["country"] != market["country"]:
            continue
        results = evaluate(list(packs()), case)
        for result in results:
            assert result.reason.strip(), (result.rule, case)
            assert not problems(result.reason), (result.rule, result.reason, problems(result.reason))
        advice = advise(case)
        texts = [advice.title, advice.why, advice.how, *advice.cautions, advice.follow_up or "x"]
        assert advice.why.strip(), (advice, case)
        for text in texts:
            assert not problems(text), (advice.step, text, problems(text), case.happenings)
        seen += 1
    assert seen > 100


@pytest.mark.parametrize(("lang", "label"), [("en", "Card network"), ("fr", "Réseau de la carte")])
def test_a_card_network_and_yes_no_facts_read_as_phrases_in_the_dossier(cli, make_case, tmp_path, lang, label):
    case = make_case(
        title="Headphones",
        marketplace="amazon.co.uk",
        order="202-1234567-1234567",
        seller="SoundShop",
        issue="defective",
        ordered="2026-11-01",
        amount="59.99",
        currency="GBP",
        paid_by="credit-card",
        country="GB",
        network="amex",
    )
    path = cli("export", str(case), "--format", "md", "--lang", lang, "-o", str(tmp_path / lang)).stdout.strip()
    text = Path(path).read_text(encoding="utf-8")
    assert label in text and "American Express" in text
    assert "amex" not in text.replace("American Express", "")


def test_the_spread_reaches_the_steps_issue_15_added():
    """The wording test above reads the steps issue 15 added: the card route, the statutory route with a repair
    awaited, back or failed (CRA 2015 s.22(6)-(8), s.24), and "contact the seller" with its own date."""
    advice = [advise(case) for case in spread()]
    seen = {found.step for found in advice}
    added = {"wait-for-issuer", "answer-issuer", "escalate-dispute", "reject-goods", "repair-or-replace"}
    assert added | {"wait-for-repair", "final-reject-or-reduce", "contact-seller"} <= seen, sorted(seen)
    assert any(found.step == "contact-seller" and "Writing by" in found.why for found in advice)
