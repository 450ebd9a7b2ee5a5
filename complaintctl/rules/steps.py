"""The ladder's steps: their titles, the advice a step is given as (and read back from the cache), and the
ladder's own data (ladder.toml: waiting times, wording, the agencies of each country). Pure."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.rules.evaluate import ELIGIBLE, NOT_YET, Result, Situation

ESCALATION = (
    "contact-customer-service",
    "escalate-specialist",
    "formal-complaint",
    "data-access-request",
    "chargeback",
    "consumer-agency",
    "small-claims",
)
CLAIM_STEPS = ("file-atoz-claim", "file-ebay-claim", "file-etsy-case", "file-walmart-claim")
# What a chargeback or payment dispute would end: a claim open or about to open, and the steps that follow
# a claim (asking eBay to step in, an appeal) once that claim exists.
FOLLOW_ON_STEPS = ("ask-ebay-to-step-in", "appeal-claim")
ESSENTIAL_FACTS = ("marketplace", "issue")
DENIED = ("closed-denied",)
GRANTED = ("granted-amazon-funded", "granted-seller-funded", "closed-order-refunded")
STEP_TITLES = {
    "contact-seller": "Contact the seller",
    "wait-for-seller": "Wait for the seller's answer",
    "file-atoz-claim": "File an A-to-z Guarantee claim",
    "file-ebay-claim": "Open an eBay Money Back Guarantee request",
    "file-etsy-case": "Open an Etsy case",
    "file-walmart-claim": "Ask Walmart for the Marketplace Promise",
    "wait-for-appeal": "Wait for the appeal decision",
    "ask-ebay-to-step-in": "Ask eBay to step in",
    "wait-for-claim": "Wait for the claim decision",
    "appeal-claim": "Appeal the claim decision",
    "respond-to-claim": "Respond to Amazon about the claim",
    "follow-up": "Follow up",
    "escalate-dispute": "Escalate the PayPal dispute to a claim",
    "wait-for-issuer": "Wait for the card issuer's decision",
    "answer-issuer": "Answer your card issuer: the merchant contested",
    "section-75-claim": "Claim from your credit card issuer under section 75",
    "reject-goods": "Tell the trader you reject the goods",
    "repair-or-replace": "Ask the trader for a repair or replacement",
    "wait-for-repair": "Wait for the repair or replacement",
    "final-reject-or-reduce": "Reject the goods or ask for a price reduction",
    "add-facts": "Add the missing facts",
    "done": "Nothing to do",
}


class Advice(NamedTuple):
    case_id: int
    step: str
    title: str
    do_by: date | None
    why: str
    how: str
    overdue_promises: list[dict[str, Any]]
    repeated_promises: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    follow_up: str | None
    flags: list[str]
    cautions: list[str]
    days_overdue: int = 0  # the step's date has passed by this many days (counted on reading)
    statutory: str = ""  # "Statutory rights: unknown: ..." where no statutory pack covers the case's country

    def as_dict(self) -> dict[str, Any]:
        document = self._asdict()
        document["do_by"] = self.do_by.isoformat() if self.do_by else None
        return document

    def urgency(self) -> tuple[int, date]:
        """Sort key: overdue and dated steps first, 'done' last."""
        if self.step == "done":
            return (2, date.max)
        return (0 if self.do_by else 1, self.do_by or date.max)


def advice_from_dict(document: dict[str, Any], today: date) -> Advice:
    """An Advice back from its as_dict() form (the advice cache), as it reads today: its dates stay, and the
    days left and overdue are counted from today."""
    values = {field: document[field] for field in Advice._fields if field != "days_overdue"}
    values["do_by"] = date.fromisoformat(document["do_by"]) if document["do_by"] else None
    values["days_overdue"] = days_late(values["do_by"], today, values["step"])
    values["deadlines"], values["overdue_promises"] = counted(
        document["deadlines"], document["overdue_promises"], today
    )
    return Advice(**values)


def days_late(do_by: date | None, today: date, step: str) -> int:
    """Days since a step's date passed: a date never moves forward by itself, it turns overdue."""
    if do_by is None or step == "done":
        return 0
    return max(0, (today - do_by).days)


def counted(
    deadlines: list[dict[str, Any]], overdue: list[dict[str, Any]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Deadlines with their days left and overdue promises with their days late, counted from today: the one
    place these counts are made, for fresh advice and for advice kept from an earlier day alike."""

    def day(stamp: str) -> date:  # an ISO date or timestamp, in its own offset
        return date.fromisoformat(stamp[:10])

    return (
        [{**d, "days_left": (day(d["deadline"]) - today).days} for d in deadlines],
        [{**p, "days_overdue": (today - day(p["due"])).days} for p in overdue],
    )


@lru_cache(maxsize=1)
def ladder() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("ladder.toml").read_text(encoding="utf-8"))


def agencies(country: str | None) -> list[str]:
    countries = ladder()["countries"]
    found = list(countries.get(country or "", {}).get("agencies", []))
    if country in countries["EU"]["members"]:
        found += countries["EU"]["agencies"]
    return found


def days(n: int) -> timedelta:
    return timedelta(days=n)


def deadlines_of(results: list[Result], situation: Situation) -> list[dict[str, Any]]:
    open_ones = [
        r for r in results if r.status in (ELIGIBLE, NOT_YET) and r.deadline and not situation.after(r.deadline)
    ]
    return [
        {
            "rule": r.rule,
            "title": r.title,
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "days_left": None,
            "obliged": r.obliged,
        }  # counted by next_step
        for r in sorted(open_ones, key=lambda r: r.deadline or date.max)
    ]


def claim_standing(situation: Situation, outcomes: dict[str, Any]) -> dict[str, Any] | None:
    """For sellers: the latest claim outcome and whether it counts against the order defect rate (seed 002)."""
    decided = situation.last("claim-decided")
    if decided is None:
        return None
    outcome = str(decided.details.get("outcome"))
    entry = outcomes.get(outcome, {})
    return {
        "outcome": outcome,
        "decided": decided.occurred.date().isoformat(),
        "counts_against_odr": bool(entry.get("counts_against_odr", False)),
        "label": entry.get("label", outcome),
    }
