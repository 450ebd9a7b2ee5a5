"""Conditions of the rule packs (facts that match patterns, amounts under a cap, events that happened) and the
history of a step that was taken. Pure; the evaluator calls these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from complaintctl.core.vocabulary import EVENT_PHRASES
from complaintctl.rules.calendar import add, next_business_day, parse_time_limit
from complaintctl.rules.packs import Condition, Rule, match_filter, matches_any

# Notices that extend the other side's time to answer count only when given within that time (GDPR art. 12(3):
# "within one month of receipt of the request"; Cal. Civ. Code 1798.130(a)(2): "within the first 45-day period").
NOTICES = ("extension-notified",)


class Occurrence(Protocol):
    """A milestone as the rules see it (evaluate.Happening)."""

    @property
    def kind(self) -> str: ...
    @property
    def occurred(self) -> datetime: ...
    @property
    def details(self) -> dict[str, Any]: ...


def _amount(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def late_notice(
    rules: Sequence[Rule], events: Iterable[str], last: Callable[[str], Occurrence | None], facts: dict[str, Any]
) -> str | None:
    """Why a notice among ``events`` extends nothing (it came after the period it would extend, the deadline of
    the rule it excludes, had ended), or None."""
    for event in (event for event in events if event in NOTICES):
        notice = last(event)
        for first in rules if notice is not None else ():
            if not any(condition.event == event for condition in first.exclusions):
                continue
            for anchor in first.deadline:
                start = last(anchor.name) if anchor.source == "event" and anchor.plus else None
                if start is None or anchor.plus is None:
                    continue
                end = add(start.occurred, parse_time_limit(anchor.plus), facts.get("country"), facts.get("region"))
                end = end.date() if isinstance(end, datetime) else end
                if first.rolls_to_working_day:
                    end = next_business_day(end, facts.get("country"), facts.get("region"))
                assert notice is not None and isinstance(end, date)
                if notice.occurred.date() > end:
                    return (
                        f"They told you they needed longer on {notice.occurred.date()}, after their time to answer "
                        f"had ended on {end}: a late notice extends nothing ({first.source})."
                    )
    return None


def condition_holds(
    condition: Condition,
    facts: dict[str, Any],
    last: Callable[[str], Occurrence | None],
    rules: Sequence[Rule] = (),
) -> bool | str:
    """True when the condition holds, False when not, or the name of the fact needed to tell. ``last`` gives
    the latest time an event happened; ``rules`` (the pack's) tell whether a notice came too late to count."""
    if condition.event:
        happening = last(condition.event)
        if happening is None or late_notice(rules, [condition.event], last, facts):
            return False
        return not condition.outcomes or str(happening.details.get("outcome")) in condition.outcomes
    fact = str(condition.fact)
    value = facts.get(fact, condition.assume)
    applies, missing = match_filter(condition.when, facts)
    if not applies:
        return False
    if value is None or missing:
        return fact if value is None else missing[0]
    if condition.values and not matches_any(str(value), condition.values):
        return False
    if condition.at_most is not None or condition.above is not None:
        if condition.currency and facts.get("currency") != condition.currency:
            return "amount_in_" + condition.currency.lower()  # the limit is in that currency: cannot tell
        amount = _amount(value)
        if amount is None:
            return False
        if condition.at_most is not None and amount > Decimal(condition.at_most):
            return False
        if condition.above is not None and amount <= Decimal(condition.above):
            return False
    return True


# What follows a step, in the order it happens: told as the step's history.
AFTERMATH = (
    "claim-decided",
    "appeal-filed",
    "appeal-decided",
    "dispute-escalated",
    "chargeback-contested",
    "chargeback-decided",
)


def history(taken: Occurrence, happenings: Iterable[Occurrence]) -> str:
    """ "Used: the claim was filed on 2026-11-16; the claim was decided on 2026-11-18 (closed-denied); ..."."""
    parts = [f"{EVENT_PHRASES.get(taken.kind, taken.kind)} on {taken.occurred.date()}"]
    for happening in happenings:
        if happening is not taken and happening.kind in AFTERMATH and happening.occurred >= taken.occurred:
            outcome = happening.details.get("outcome")
            parts.append(
                f"{EVENT_PHRASES.get(happening.kind, happening.kind)} on {happening.occurred.date()}"
                + (f" ({outcome})" if outcome else "")
            )
    return "Used: " + "; ".join(parts) + "."
