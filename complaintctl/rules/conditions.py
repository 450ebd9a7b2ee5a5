"""Conditions of the rule packs (facts that match patterns, amounts under a cap, events that happened) and the
history of a step that was taken. Pure; the evaluator calls these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from complaintctl.core.vocabulary import EVENT_PHRASES
from complaintctl.rules.calendar import Pause, add, next_business_day, parse_time_limit, paused_end
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


def pause_of(
    pause: Pause, deadline: date, happenings: Iterable[Occurrence], case_id: int
) -> tuple[date | None, str] | None:
    """A deadline moved by a rule's pause (CRA 2015 s.22(6)-(8)), with how it reads; None when nothing paused
    it. While the user waits for the trader it does not run: the date is None and the reason says so."""
    kept = list(happenings)
    began = next((h for h in kept if h.kind == pause.by and h.occurred.date() <= deadline), None)
    if began is None:
        return None
    start, left = began.occurred.date(), (deadline - began.occurred.date()).days + 1
    ended = next((h for h in kept if h.kind in pause.until and h.occurred >= began.occurred), None)
    what, law = EVENT_PHRASES.get(pause.by, pause.by), f" ({pause.law})" if pause.law else ""
    if ended is None:
        return None, (
            f"Paused since {start}, when {what}: the period stops running while you wait{law}. {left} days of it "
            f"are left once {EVENT_PHRASES[pause.until[0]]} (complaintctl log {case_id} --event {pause.until[0]})."
        )
    back = ended.occurred.date()
    floor = add(back, parse_time_limit(pause.at_least), None) if pause.at_least else None
    waited = f"extended by the {(back - start).days + 1} days you waited, {start} to {back}"
    at_least = f", and at least {pause.at_least} after that{law}" if pause.at_least else law
    return paused_end(deadline, start, back, floor if isinstance(floor, date) else None), waited + at_least
