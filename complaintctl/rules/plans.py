"""What the rule packs say about a case that its facts alone decide, worked out once per kind of case. Pure.

`next` over thousands of cases evaluates the same packs against facts that repeat from case to case (the
marketplace, the country, the issue, how it was paid). Which packs and rules apply, which facts they lack,
which exclusions on facts hold, the periods the case's marketplace and country set and the page each result
cites depend on those facts only: a plan holds them for one set of facts, and the evaluator does for each case
only what its dates and milestones decide. A plan is keyed on every fact any pack reads by value, and on
whether each fact it only needs to be given is given, so two cases share one only when no pack could tell
them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from complaintctl.rules.conditions import NOTICES, condition_holds
from complaintctl.rules.packs import PARAM, Anchor, Condition, Pack, Rule, match_filter
from complaintctl.rules.unknowns import unknown_pieces

# Facts Pack.param reads to choose a marketplace's or a country's period or page.
PARAM_FACTS = ("network", "region", "marketplace", "country", "second_hand")
_KEPT = 4096  # plans kept per set of packs: a few kinds of case each, thousands only for odd amounts
_PLAIN = frozenset((str, type(None)))  # fact values a plan can be keyed on (equal values read the same)


class RulePlan(NamedTuple):
    rule: Rule
    missing: tuple[str, ...]  # facts the rule's filter needs and the case lacks
    # The pack's exclusions then the rule's, each with what the facts decide (None: an event's, decided per case)
    # and the source its "not eligible" result cites.
    conditions: tuple[tuple[Condition, bool | str | None, str], ...]
    requires: tuple[str, ...]  # facts the rule requires and the case lacks
    source: str  # the source its results cite: the country's statute beside the rule's own, the case's page
    statute: str | None  # the statute of the case's country for the period the rule counts
    notices: tuple[str, ...]  # the rule's grounds, when one is a notice that may come too late to count
    # What the facts alone decide once no step was taken, no notice came late and no condition on an event
    # held: excluded (the place of the first condition on facts that holds, the reason and the source of its
    # "not eligible"), or lacks (an "unknown": its reason split where the case number goes, and the facts it
    # needs), or neither: the rule's dates decide. per_case: the conditions are read for each case instead
    # (a country the reason cannot be kept for).
    per_case: bool = True
    events: tuple[tuple[int, Condition, str], ...] = ()  # the conditions on events, with their places
    excluded: tuple[int, str, str] | None = None
    lacks: tuple[tuple[str, ...], tuple[str, ...]] | None = None


class PackPlan(NamedTuple):
    pack: Pack
    missing: tuple[str, ...]  # facts the pack's filter needs and the case lacks: then one "unknown" for the pack
    source: str  # the pack's source as the case's marketplace publishes it
    rules: tuple[RulePlan, ...]  # the rules whose filter matches, in the pack's order
    periods: dict[str, str | None]  # each anchor's "param:NAME" as the case's marketplace and country set it


class Plan(NamedTuple):
    packs: tuple[PackPlan, ...]  # the packs that speak to the case, in order
    statutory: bool  # whether one of them holds the law of consumer sales


class _Book:
    """The plans for one list of packs. It keeps the packs themselves, so their ids stay theirs."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = tuple(packs)
        valued: dict[str, None] = {"role": None, **dict.fromkeys(PARAM_FACTS)}
        given: dict[str, None] = {}
        for pack in self.packs:
            valued.update(dict.fromkeys(pack.applies))
            for rule in pack.rules:
                valued.update(dict.fromkeys(rule.applies))
                given.update(dict.fromkeys(rule.requires))
                for condition in (*pack.exclusions, *rule.exclusions):
                    if not condition.event:
                        valued.update(dict.fromkeys((str(condition.fact), "currency", *condition.when)))
        self.valued = tuple(valued)
        self.given = tuple(name for name in given if name not in valued)
        self.plans: dict[tuple[Any, ...], Plan] = {}


_books: dict[tuple[int, ...], _Book] = {}


def plan_for(packs: Sequence[Pack], facts: dict[str, Any]) -> Plan:
    """The plan for a case with these facts (computed once for every case the packs cannot tell apart)."""
    ids = tuple(map(id, packs))
    book = _books.get(ids)
    if book is None:
        if len(_books) > 16:
            _books.clear()
        book = _books[ids] = _Book(packs)
    values = tuple(map(facts.get, book.valued))
    if not set(map(type, values)) <= _PLAIN:  # a number or a list: not shared, computed afresh
        return _plan(book.packs, facts)
    key = (values, tuple(facts.get(name) is None for name in book.given))
    found = book.plans.get(key)
    if found is None:
        if len(book.plans) >= _KEPT:
            book.plans.clear()
        found = book.plans[key] = _plan(book.packs, facts)
    return found


def _plan(packs: tuple[Pack, ...], facts: dict[str, Any]) -> Plan:
    role = str(facts.get("role", "buyer"))
    planned = []
    for pack in packs:
        applies, missing = match_filter(pack.applies, facts)
        if pack.role not in ("any", role) or not applies:
            continue
        rules = () if missing else tuple(filter(None, (_rule_plan(pack, rule, facts) for rule in pack.rules)))
        periods = {
            anchor.plus: pack.param(anchor.plus[len(PARAM) :], facts)
            for rule in pack.rules
            for anchor in _anchors_of(rule)
            if anchor.plus is not None and anchor.plus.startswith(PARAM)
        }
        planned.append(PackPlan(pack, tuple(missing), pack.cite(pack.source, facts), rules, periods))
    return Plan(tuple(planned), any(found.pack.extras.get("statutory") for found in planned))


def _anchors_of(rule: Rule) -> tuple[Anchor, ...]:
    return (*rule.eligible_from, *rule.precondition, *rule.deadline, *rule.cap)


def _rule_plan(pack: Pack, rule: Rule, facts: dict[str, Any]) -> RulePlan | None:
    applies, missing = match_filter(rule.applies, facts)
    if not applies:
        return None
    statute = pack.statute(rule, facts)

    def cited(source: str | None) -> str:
        # The evaluator's order: a result citing the rule's own source gets the country's statute beside it,
        # then a "param:page" source becomes the case's marketplace's page.
        raw = source or rule.source
        if raw == rule.source and statute:
            raw = f"{statute}; {rule.source}"
        return pack.cite(raw, facts)

    conditions = tuple(
        (condition, None if condition.event else condition_holds(condition, facts, _never), cited(condition.source))
        for condition in (*pack.exclusions, *rule.exclusions)
    )
    grounds = [anchor.name for anchor in rule.eligible_from]
    requires = tuple(fact for fact in rule.requires if facts.get(fact) is None)
    planned = RulePlan(
        rule,
        tuple(missing),
        conditions,
        requires,
        cited(None),
        statute,
        tuple(grounds) if any(name in NOTICES for name in grounds) else (),
    )
    # The evaluator's order: the first condition that holds excludes (one on an event holds or not, it never
    # lacks a fact); the facts the others lack add up.
    events = tuple(
        (place, condition, source) for place, (condition, held, source) in enumerate(conditions) if held is None
    )
    lacking = list(missing)
    for place, (condition, held, source) in enumerate(conditions):
        if held is True:
            return planned._replace(per_case=False, events=events, excluded=(place, condition.reason, source))
        if isinstance(held, str):
            lacking.append(held)
    lacking += requires
    if not lacking:
        return planned._replace(per_case=False, events=events)
    lacks = unknown_pieces(tuple(dict.fromkeys(lacking)), facts.get("country"))
    return planned if lacks is None else planned._replace(per_case=False, events=events, lacks=lacks)


def _never(kind: str) -> None:
    """A fact's condition reads no event: this stands in for the case's milestones."""
    raise AssertionError(f"a condition on a fact asked for the event {kind}")
