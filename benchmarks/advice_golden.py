"""A guard for work on the rules engine: the advice for a wide spread of cases, dumped so that two versions of
the engine can be compared byte for byte.

Each line is one case: every rule result (as `check --json` prints it), the next step (as `next --json` prints
it), the claim standing, and the horizon (every moment the rules and the ladder compared the clock with: what
the advice cache keeps the advice until). The cases are the wording test's spread (tests/test_words.py: every
marketplace, issue, payment and story on three days) and seeded random cases drawn as the horizon test draws
them (tests/test_advice_horizon.py: milestones in any order, promises, contacts, time zones), plus regions,
card networks, second-hand goods and sellers.

    .venv/bin/python benchmarks/advice_golden.py before.jsonl     # on the engine before a change
    .venv/bin/python benchmarks/advice_golden.py after.jsonl      # after it
    cmp before.jsonl after.jsonl
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.rules import situation as built  # noqa: E402
from test_words import DAYS, ISSUES, MARKETS, PAID, STORIES  # noqa: E402

from complaintctl.core.casefile import Promise  # noqa: E402
from complaintctl.core.vocabulary import MILESTONE_OUTCOMES, Issue, Milestone  # noqa: E402
from complaintctl.rules.assess import advice_for  # noqa: E402
from complaintctl.rules.evaluate import Happening, Situation  # noqa: E402
from complaintctl.rules.packs import load_packs  # noqa: E402

PLACES = [
    ("amazon.co.uk", "GB", "GBP"),
    ("amazon.com", "US", "USD"),
    ("amazon.de", "DE", "EUR"),
    ("amazon.fr", "FR", "EUR"),
    ("amazon.es", "ES", "EUR"),
    ("amazon.it", "IT", "EUR"),
    ("ebay.co.uk", "GB", "GBP"),
    ("ebay.com", "US", "USD"),
    ("ebay.de", "DE", "EUR"),
    ("etsy.com", "US", "USD"),
    ("walmart.com", "US", "USD"),
    ("other", "PT", "EUR"),
    ("other", "NL", "EUR"),
    ("other", "CH", "CHF"),
]
# Every issue, milestone and outcome the tool knows, from its own vocabulary: a new one is drawn without an edit here.
RANDOM_ISSUES = [issue.value for issue in Issue]
OUTCOMES = {str(kind): [outcome.value for outcome in outcomes] for kind, outcomes in MILESTONE_OUTCOMES.items()}
KINDS = [milestone.value for milestone in Milestone]
REGIONS = {"GB": ["GB-SCT", "GB-NIR"], "US": ["US-CA", "US-NY"], "DE": ["DE-BY"]}
ZONES = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)), timezone(timedelta(hours=9))]
START = datetime(2026, 1, 1, tzinfo=UTC)


def spread() -> list[Situation]:
    """The wording test's cases (tests/test_words.py), as a buyer and, for a few, as a seller."""
    found = []
    for market, issue, paid, story, today in itertools.product(MARKETS, ISSUES, PAID, STORIES, DAYS):
        facts = {**market, "issue": issue, "paid_by": paid, "item": "service" if issue == "service" else None}
        found.append(built({key: value for key, value in facts.items() if value is not None}, story, today=today))
    return found


def drawn(draw: random.Random, number: int) -> Situation:
    """One case drawn as the horizon test draws them, with more places, kinds and facts."""

    def moment() -> datetime:
        hours = draw.randint(0, 400 * 24)
        return START + timedelta(hours=hours, minutes=hours % 60)

    marketplace, country, currency = draw.choice(PLACES)
    facts: dict[str, Any] = {
        "title": f"case {number}",
        "role": draw.choice(["buyer", "buyer", "buyer", "seller"]),
        "marketplace": marketplace,
        "country": country,
        "issue": draw.choice(RANDOM_ISSUES),
        "sold_by": draw.choice(["third-party", "amazon"]),
        "fulfilled_by": draw.choice(["seller", "amazon"]),
        "amount": draw.choice(["19.99", "150.00", "3000", "30000.01"]),
        "currency": draw.choice([currency, "USD", "EUR"]),
        "paid_by": draw.choice(["credit-card", "debit-card", "paypal", "bank-transfer"]),
    }
    if country in REGIONS and draw.random() < 0.3:
        facts["region"] = draw.choice(REGIONS[country])
    if draw.random() < 0.2:
        facts["network"] = draw.choice(["visa", "mastercard", "amex"])
    if draw.random() < 0.15:
        facts["second_hand"] = "yes"
    if draw.random() < 0.1:
        facts["item"] = "service"
    for name in ("ordered_on", "delivery_by", "statement_date"):
        if draw.random() < 0.5:
            facts[name] = moment().date().isoformat()
    if draw.random() < 0.5:
        del facts[draw.choice(["issue", "sold_by", "amount", "paid_by", "country", "marketplace"])]
    if draw.randint(0, 19) == 0:
        facts = {"title": "t"}
    story = ["seller-contacted", "claim-filed", "claim-decided", "appeal-filed", "appeal-decided"]
    kinds = story[: draw.randint(1, 5)] if draw.random() < 0.5 else []
    kinds += [draw.choice(KINDS) for _ in range(draw.randint(0, 7 - len(kinds)))]
    step = moment()
    happenings = []
    for index, kind in enumerate(kinds):
        details: dict[str, Any] = {}
        if kind in OUTCOMES:
            details["outcome"] = draw.choice(OUTCOMES[kind])
        if kind == "escalated":
            details["target"] = draw.choice(["Customer service chat", "formal complaint letter", "Trading Standards"])
        step += timedelta(hours=draw.randint(1, 30 * 24))
        happenings.append(Happening(kind, step if index < 5 else moment(), details))
    happenings.sort(key=lambda happening: happening.occurred)
    promises = tuple(
        Promise(index, number, draw.choice(["refund", "a replacement"]), moment().isoformat(), state, None)
        for index, state in enumerate(
            draw.choice(["open", "open", "kept", "broken"]) for _ in range(draw.randint(0, 3))
        )
    )
    outbound = moment() if draw.random() < 0.5 else None
    inbound = moment() if draw.random() < 0.5 else None
    channels = tuple(draw.sample(["chat", "email", "phone", "letter"], draw.randint(0, 2)))
    now = moment().astimezone(draw.choice(ZONES))
    resolved = draw.choice([None, None, None, True, False])
    return Situation(number, facts, tuple(happenings), promises, now, outbound, inbound, channels, None, resolved)


def dumped(case: Situation, loaded: list[Any], flags: list[str]) -> str:
    found = advice_for(case._replace(horizon=[]), loaded, flags)
    return json.dumps(
        {
            "case": case.case_id,
            "results": [result.as_dict() for result in found.results],
            "advice": found.advice.as_dict(),
            "standing": found.standing,
            "horizon": sorted(moment.isoformat() for moment in found.situation.horizon or ()),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "advice-golden.jsonl")
    loaded = load_packs()
    draw = random.Random(18)
    cases = [case._replace(case_id=number) for number, case in enumerate(spread(), start=1)]
    cases += [drawn(draw, number) for number in range(len(cases) + 1, len(cases) + 3001)]
    with out.open("w", encoding="utf-8") as lines:
        for case in cases:
            flags = ["The seller's last email went unanswered"] if case.case_id % 7 == 0 else []
            lines.write(dumped(case, loaded, flags) + "\n")
    print(f"{len(cases)} cases -> {out}")


if __name__ == "__main__":
    main()
