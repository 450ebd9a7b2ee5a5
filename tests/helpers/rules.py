"""Building situations for the pure evaluator and ladder tests, with the shipped packs."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from complaintctl.core.casefile import Promise
from complaintctl.rules.evaluate import Happening, Result, Situation, evaluate
from complaintctl.rules.ladder import next_step
from complaintctl.rules.packs import Pack, load_packs
from complaintctl.rules.steps import Advice

UK = {
    "title": "t",
    "role": "buyer",
    "marketplace": "amazon.co.uk",
    "country": "GB",
    "sold_by": "third-party",
    "fulfilled_by": "seller",
    "issue": "not-received",
    "ordered_on": "2026-11-01",
    "delivery_by": "2026-11-10",
    "amount": "59.99",
    "currency": "GBP",
    "paid_by": "credit-card",
}


@lru_cache(maxsize=1)
def packs() -> tuple[Pack, ...]:
    return tuple(load_packs())


def at(text: str) -> datetime:
    """'2026-11-13' means 09:00 UTC that day; anything longer is ISO 8601 with its offset."""
    return datetime.fromisoformat(text if "T" in text else f"{text}T09:00:00+00:00")


def situation(
    facts: dict[str, Any] | None = None,
    events: list[tuple[Any, ...]] = (),
    today: str = "2026-11-22",
    promises: list[Promise] = (),
    outbound: str | None = None,
    inbound: str | None = None,
    channels: tuple[str, ...] = (),
    **changes: Any,
) -> Situation:
    merged = {**UK, **(facts or {}), **changes}
    merged = {k: v for k, v in merged.items() if v is not None}
    happenings = tuple(
        sorted((Happening(e[0], at(e[1]), e[2] if len(e) > 2 else {}) for e in events), key=lambda h: h.occurred)
    )
    return Situation(
        1,
        merged,
        happenings,
        tuple(promises),
        at(f"{today}T12:00:00+00:00"),
        at(outbound) if outbound else None,
        at(inbound) if inbound else None,
        channels,
    )


def results(s: Situation) -> dict[str, Result]:
    return {r.rule: r for r in evaluate(list(packs()), s)}


def result(rule: str, s: Situation) -> Result:
    found = results(s)
    assert rule in found, f"{rule} not evaluated; got {sorted(found)}"
    return found[rule]


def advise(s: Situation) -> Advice:
    return next_step(s, evaluate(list(packs()), s))
