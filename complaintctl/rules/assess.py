"""Advice from a case's rows: the rule results and the next step, wherever the rows come from (the store, or
an exported dossier being re-derived). Pure."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from complaintctl.core.casefile import CaseState, Contacts, Event
from complaintctl.rules.coverage import statutory_gap
from complaintctl.rules.evaluate import STATUS_ORDER, Result, Situation, build_situation, evaluate
from complaintctl.rules.ladder import next_step
from complaintctl.rules.packs import Pack
from complaintctl.rules.steps import Advice, claim_standing


class CaseAdvice(NamedTuple):
    situation: Situation
    results: list[Result]
    advice: Advice
    standing: dict[str, Any] | None  # sellers: the claim outcome and the order defect rate


def assess(
    state: CaseState, events: list[Event], contacts: Contacts, loaded: list[Pack], now: datetime, flags: list[str]
) -> CaseAdvice:
    """The advice from a case's rows. ``flags`` are the thread warnings the next step takes into account."""
    situation = build_situation(state, events, now, contacts)
    results = evaluate(loaded, situation)
    gap = statutory_gap(loaded, situation)
    if gap is not None:  # after the other unknowns: the sort is stable, so their order stays
        results = sorted([*results, gap], key=lambda result: STATUS_ORDER[result.status])
    advice = next_step(situation, results, flags)
    standing = None
    if situation.role == "seller":
        outcomes: dict[str, Any] = {}
        for pack in loaded:
            outcomes.update(pack.extras.get("claim_outcomes", {}))
        standing = claim_standing(situation, outcomes)
    return CaseAdvice(situation, results, advice, standing)
