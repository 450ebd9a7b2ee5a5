"""Advice from a case's rows: the rule results and the next step, wherever the rows come from (the store, or
an exported dossier being re-derived). Pure."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from complaintctl.core.casefile import CaseState, Contacts, Event, corrections_of
from complaintctl.rules.coverage import statutory_gap
from complaintctl.rules.evaluate import MILESTONES, STATUS_ORDER, Happening, Result, Situation, evaluate
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
    return advice_for(build_situation(state, events, now, contacts), loaded, flags)


def advice_for(situation: Situation, loaded: list[Pack], flags: list[str]) -> CaseAdvice:
    """The advice for a situation: the rule results, the next step and, for a seller, the claim standing."""
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


def build_situation(state: CaseState, events: list[Event], now: datetime, contacts: Contacts) -> Situation:
    """The situation from stored rows: milestones with their corrections applied, in the order they occurred."""
    corrections = corrections_of(events)
    happenings = []
    for event in events:
        if event.kind not in MILESTONES:
            continue
        details = dict(event.details)
        for correction in corrections.get(event.id, []):
            details.update(correction.changes)
        occurred = datetime.fromisoformat(str(details.get("occurred", event.occurred)))
        happenings.append(Happening(event.kind, occurred, details))
    happenings.sort(key=lambda h: h.occurred)
    local = now.tzinfo

    def moment(stamp: str | None) -> datetime | None:
        return datetime.fromisoformat(stamp).astimezone(local) if stamp else None

    return Situation(
        state.id,
        dict(state.facts),
        tuple(happenings),
        tuple(state.promises.values()),
        now,
        moment(contacts.last_outbound_utc),
        moment(contacts.last_inbound_utc),
        contacts.channels,
        [],
        state.resolved,
    )
