"""Advice for a case: the store's rows in, rule results and the next step out (the CLI renders them)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.casefile import CaseState, Contacts, Event
from complaintctl.rules.evaluate import Result, Situation, build_situation, evaluate
from complaintctl.rules.ladder import Advice, claim_standing, next_step
from complaintctl.rules.packs import Pack, load_packs
from complaintctl.mail_import import thread_flags
from complaintctl.store import Store


class CaseAdvice(NamedTuple):
    situation: Situation
    results: list[Result]
    advice: Advice
    standing: dict[str, Any] | None  # sellers: the claim outcome and the order defect rate


def packs(rules_dirs: list[Path] | None = None) -> list[Pack]:
    return load_packs(rules_dirs or [])


def advise(store: Store, case_id: int, loaded: list[Pack], now: datetime) -> CaseAdvice:
    state, events, contacts = store.advice_inputs(case_id)
    return assess(state, events, contacts, loaded, now, [flag.message for flag in thread_flags(store, case_id)])


def assess(state: CaseState, events: list[Event], contacts: Contacts, loaded: list[Pack], now: datetime,
           flags: list[str]) -> CaseAdvice:
    """The advice from a case's rows, wherever they come from (the store, or an exported dossier). Pure."""
    situation = build_situation(state, events, now, contacts)
    results = evaluate(loaded, situation)
    advice = next_step(situation, results, flags)
    standing = None
    if situation.role == "seller":
        outcomes: dict[str, Any] = {}
        for pack in loaded:
            outcomes.update(pack.extras.get("claim_outcomes", {}))
        standing = claim_standing(situation, outcomes)
    return CaseAdvice(situation, results, advice, standing)


def advise_open_cases(store: Store, loaded: list[Pack], now: datetime) -> list[CaseAdvice]:
    from complaintctl.mail_import import thread_flags_of

    found = [assess(state, events, contacts, loaded, now, [flag.message for flag in thread_flags_of(emails)])
             for state, events, contacts, emails in store.open_cases_advice_inputs()]
    return sorted(found, key=lambda a: (a.advice.urgency(), a.situation.case_id))
