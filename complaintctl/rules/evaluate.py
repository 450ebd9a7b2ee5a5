"""The evaluator: a case's facts and milestones in, one result per rule out. Pure: no database, no clock.

For each rule: eligible, not-yet (from a date or a moment, or once something happens), not-eligible (why),
expired (since when), done (its step was taken) or unknown (which fact is missing, and the command that
supplies it). A wait counted in hours gives a moment, not a date: 48 hours after 15:20 is 15:20.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from complaintctl.core import vocabulary
from complaintctl.core.casefile import Promise
from complaintctl.core.vocabulary import EVENT_PHRASES, FACT_LABELS, FACT_PHRASES
from complaintctl.rules.calendar import Duration, add, latest_start, next_business_day, parse_time_limit
from complaintctl.rules.conditions import condition_holds, history, late_notice, pause_of
from complaintctl.rules.packs import NO_FIXED_PERIOD, Anchor, Pack, Rule
from complaintctl.rules.plans import PackPlan, RulePlan, plan_for
from complaintctl.rules.unknowns import NO_RULE, OPEN_ENDED, set_command, unknown_reason

MILESTONES = frozenset(m.value for m in vocabulary.Milestone)
ELIGIBLE, NOT_YET, NOT_ELIGIBLE, EXPIRED, UNKNOWN, DONE = (
    "eligible",
    "not-yet",
    "not-eligible",
    "expired",
    "unknown",
    "done",
)
STATUS_ORDER = {ELIGIBLE: 0, NOT_YET: 1, UNKNOWN: 2, EXPIRED: 3, DONE: 4, NOT_ELIGIBLE: 5}
Moment = date | datetime  # a date, or an exact moment when a wait is counted in hours


class Happening(NamedTuple):
    """A milestone as the rules see it: its kind, when it occurred (the user's own offset) and its details."""

    kind: str
    occurred: datetime
    details: dict[str, Any]


class Situation(NamedTuple):
    case_id: int
    facts: dict[str, Any]
    happenings: tuple[Happening, ...]  # in the order they occurred
    promises: tuple[Promise, ...]
    now: datetime
    last_outbound: datetime | None = None
    last_inbound: datetime | None = None
    channels: tuple[str, ...] = ()  # every channel the case's events used
    # Every moment still ahead that a rule or the ladder compared the clock with: until the first of them,
    # the advice reads the same with no new event (the advice cache keeps it that long). None: not recorded.
    horizon: list[datetime] | None = None
    # Whether the case stands resolved, as its summary says (`list` reads the same); None: judge by milestones.
    resolved: bool | None = None

    @property
    def today(self) -> date:
        return self.now.date()

    def reached(self, moment: Moment) -> bool:
        """Whether the clock has reached a moment, or the first moment of a date where the user is. Every
        comparison of the clock with a date goes through here or ``after``, so the horizon misses none."""
        instant = _instant(moment, self.now)
        if self.now >= instant:
            return True
        self.watch(instant)
        return False

    def after(self, day: date) -> bool:
        """Whether that whole day is over (today is later)."""
        return self.reached(day + timedelta(days=1))

    def watch(self, instant: datetime) -> None:
        """Note a moment at which the advice could change by itself."""
        if self.horizon is not None and instant > self.now:
            self.horizon.append(instant)

    @property
    def role(self) -> str:
        return str(self.facts.get("role", "buyer"))

    def first(self, kind: str) -> Happening | None:
        for happening in self.happenings:  # a handful at most: a loop beats building a generator
            if happening.kind == kind:
                return happening
        return None

    def last(self, kind: str) -> Happening | None:
        for happening in reversed(self.happenings):
            if happening.kind == kind:
                return happening
        return None


class Result(NamedTuple):
    rule: str
    title: str
    programme: str
    pack: str
    pack_version: str
    status: str
    eligible_from: date | None
    deadline: date | None
    reason: str
    source: str
    action: str
    obliged: str
    step: str
    missing: tuple[str, ...] = ()
    eligible_at: datetime | None = None  # the exact moment, when the wait was counted in hours
    # Waiting for the user's own step (contact the seller): the last day it leaves the waits before the deadline.
    act_by: date | None = None

    def as_dict(self) -> dict[str, Any]:
        document = self._asdict()
        for key in ("eligible_from", "deadline", "eligible_at", "act_by"):
            document[key] = document[key].isoformat() if document[key] else None
        document["missing"] = list(self.missing)
        return document


class _Missing(NamedTuple):
    fact: str


class _Waiting(NamedTuple):
    event: str


def _shown(moment: Moment) -> str:
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def _instant(moment: Moment, now: datetime) -> datetime:
    """A date as the first moment of that day where the user is, so dates and moments compare."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time.min, tzinfo=now.tzinfo)


def _day(moment: Moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


_limit = lru_cache(maxsize=256)(parse_time_limit)  # a pack's few periods, read for every case


def _duration(plan: PackPlan, plus: str) -> str | None:
    if plus.startswith("param:"):
        return plan.periods[plus]  # as the case's marketplace and country set it
    return plus


def _resolve(plan: PackPlan, anchor: Anchor, situation: Situation) -> tuple[Moment | _Missing | _Waiting, str]:
    """The moment an anchor gives, with how it reads ("3 days after the latest estimated delivery date (...)")."""
    start: date | datetime
    if anchor.source == "fact":
        raw = situation.facts.get(anchor.name)
        if raw is None:
            return _Missing(anchor.name), ""
        start = date.fromisoformat(str(raw))
        what = f"{FACT_PHRASES.get(anchor.name, FACT_LABELS[anchor.name].lower())}, {start.isoformat()}"
    else:
        happening = situation.last(anchor.name) if anchor.last else situation.first(anchor.name)
        if happening is None:
            return _Waiting(anchor.name), ""
        start = happening.occurred
        what = f"{EVENT_PHRASES.get(anchor.name, anchor.name)} on {happening.occurred.date().isoformat()}"
    if anchor.plus is None:
        return (start.date() if isinstance(start, datetime) else start), what
    period = _duration(plan, anchor.plus)
    if period is None:
        return _Missing(NO_RULE), ""
    if period == NO_FIXED_PERIOD:
        return _Missing(OPEN_ENDED), ""
    duration = _limit(period)
    moment = add(start, duration, situation.facts.get("country"), situation.facts.get("region"))
    if isinstance(moment, datetime):  # elapsed hours, shown where the user is
        return moment.astimezone(situation.now.tzinfo), f"{duration} after {what}"
    if anchor.inclusive:
        return moment - timedelta(days=1), f"{duration} beginning with the day {what} (that day counts)"
    return moment, f"{duration} after {what}"


def _skipped(anchor: Anchor, situation: Situation) -> bool:
    if anchor.unless is None:
        return False
    kind, _, name = anchor.unless.partition(":")
    return (situation.first(name) if kind == "event" else situation.facts.get(name)) is not None


def _act_by(plan: PackPlan, rule: Rule, kinds: list[str], deadline: date | None, situation: Situation) -> date | None:
    """The last day the awaited events may happen so that the waits counted from them end by the deadline."""
    periods = [
        _duration(plan, anchor.plus)
        for anchor in (*rule.eligible_from, *rule.precondition)
        if anchor.source == "event" and anchor.name in kinds and anchor.plus and not _skipped(anchor, situation)
    ]
    if deadline is None or None in periods:
        return None
    waits: list[Duration] = [_limit(period) for period in periods if period is not None]
    return latest_start(deadline, waits, situation.facts.get("country"), situation.facts.get("region"))


_NONE: tuple[list[tuple[Moment, str]], list[str], list[str]] = ([], [], [])  # no anchors (never changed)


def _anchors(
    plan: PackPlan, anchors: tuple[Anchor, ...], situation: Situation
) -> tuple[list[tuple[Moment, str]], list[str], list[str]]:
    """The anchors that count, resolved: the dated ones with how they read, the facts and the events they await."""
    dated: list[tuple[Moment, str]] = []
    needs: list[str] = []
    waits: list[str] = []
    for anchor in anchors:
        if _skipped(anchor, situation):
            continue
        value, text = _resolve(plan, anchor, situation)
        if isinstance(value, _Missing):
            needs.append(value.fact)
        elif isinstance(value, _Waiting):
            waits.append(value.event)
        else:
            dated.append((value, text))
    return dated, needs, waits


def evaluate(packs: list[Pack], situation: Situation) -> list[Result]:
    results: list[Result] = []
    for planned in plan_for(packs, situation.facts).packs:  # the packs that speak to the case
        if planned.missing:
            results.append(_unknown(planned, None, situation, list(planned.missing)))
            continue
        for rule in planned.rules:
            result = _evaluate_rule(planned, rule, situation)
            if result is not None:
                results.append(result)
    return sorted(results, key=lambda r: (STATUS_ORDER[r.status], r.deadline or date.max, r.rule))


def _result(
    planned: RulePlan,
    pack: Pack,
    status: str,
    reason: str,
    *,
    eligible_from: date | None = None,
    deadline: date | None = None,
    source: str | None = None,
    missing: tuple[str, ...] = (),
    eligible_at: datetime | None = None,
    act_by: date | None = None,
) -> Result:
    rule = planned.rule
    return Result(
        rule.id,
        rule.title,
        pack.programme,
        pack.id,
        pack.version,
        status,
        eligible_from,
        deadline,
        reason,
        source or planned.source,  # cited as the case's country and marketplace publish it (see plans.py)
        rule.action,
        rule.obliged,
        rule.step,
        missing,
        eligible_at,
        act_by,
    )


def _unknown(plan: PackPlan, rule: RulePlan | None, situation: Situation, missing: list[str]) -> Result:
    reason, names = unknown_reason(situation.case_id, missing, situation.facts.get("country"))
    if rule is None:
        pack = plan.pack
        return Result(
            pack.id,
            pack.programme,
            pack.programme,
            pack.id,
            pack.version,
            UNKNOWN,
            None,
            None,
            reason,
            plan.source,
            "",
            "you",
            "",
            names,
        )
    return _result(rule, plan.pack, UNKNOWN, reason, missing=names)


def _evaluate_rule(plan: PackPlan, planned: RulePlan, situation: Situation) -> Result | None:
    pack, rule = plan.pack, planned.rule
    # History first: a step taken stays taken, whatever happened since (a chargeback filed after a claim does
    # not make the claim "not eligible"); its reason tells what became of it.
    for kind in rule.settled_by:
        happening = situation.first(kind)
        if happening is not None:
            return _result(planned, pack, DONE, history(happening, situation.happenings))
    if planned.notices and (late := late_notice(pack.rules, planned.notices, situation.last, situation.facts)):
        return _result(planned, pack, NOT_ELIGIBLE, late)
    if not planned.per_case:  # the facts decide, unless an event excludes first: the plan holds the outcome
        excluded = planned.excluded
        for place, condition, cited in planned.events:
            if excluded is not None and place > excluded[0]:
                break
            if condition_holds(condition, situation.facts, situation.last, pack.rules) is True:
                return _result(planned, pack, NOT_ELIGIBLE, condition.reason, source=cited)
        if excluded is not None:
            return _result(planned, pack, NOT_ELIGIBLE, excluded[1], source=excluded[2])
        if planned.lacks is not None:
            pieces, names = planned.lacks
            return _result(planned, pack, UNKNOWN, str(situation.case_id).join(pieces), missing=names)
    else:
        missing = list(planned.missing)
        for condition, decided, cited in planned.conditions:  # on facts, decided by the plan; on events, here
            held = (
                condition_holds(condition, situation.facts, situation.last, pack.rules) if decided is None else decided
            )
            if held is True:
                return _result(planned, pack, NOT_ELIGIBLE, condition.reason, source=cited)
            if isinstance(held, str):
                missing.append(held)
        missing += planned.requires
        if missing:
            return _unknown(plan, planned, situation, missing)

    now = situation.now
    dated, needs, waits = _anchors(plan, rule.eligible_from, situation)
    starts = bool(dated or needs or waits)
    ground: tuple[Moment, str] | None = min(dated, key=lambda p: _instant(p[0], now)) if dated else None
    if starts and not dated and needs:
        return _unknown(plan, planned, situation, needs)
    # A precondition holds whatever the ground: every one of them must have passed, so the latest counts.
    gates, before_needs, unmet = _anchors(plan, rule.precondition, situation) if rule.precondition else _NONE
    if before_needs:
        return _unknown(plan, planned, situation, before_needs)
    opening = max([*([ground] if ground else []), *gates], key=lambda p: _instant(p[0], now), default=None)
    eligible_from, why_from = opening if opening else (None, "")

    dated_ends, deadline_needs, _ = _anchors(plan, rule.deadline, situation)
    deadline: date | None = None
    why_deadline = ""
    if dated_ends:  # the latest of them
        latest, why_deadline = max(dated_ends, key=lambda pair: _day(pair[0]))
        deadline = _day(latest)
    caps = [(_day(value), text) for value, text in _anchors(plan, rule.cap, situation)[0]] if rule.cap else []
    if deadline is not None and caps and min(caps)[0] < deadline:
        deadline, why_deadline = min(caps)[0], f"{min(caps)[1]}, the longest the scheme allows"
    paused = (
        pause_of(rule.pause, deadline, situation.happenings, situation.case_id) if deadline and rule.pause else None
    )
    if paused is not None:
        deadline, why_paused = paused
        if deadline is None:
            return _result(
                planned, pack, NOT_YET, why_paused, eligible_from=_day(eligible_from) if eligible_from else None
            )
        why_deadline += f"; {why_paused}"
    if deadline is not None and rule.rolls_to_working_day:
        moved = next_business_day(deadline, situation.facts.get("country"), situation.facts.get("region"))
        if moved != deadline:
            why_deadline += f"; it fell on {deadline:%A} {deadline}, a non-working day, so it moves to {moved}"
            deadline = moved
    open_ended = OPEN_ENDED in deadline_needs
    deadline_needs = [fact for fact in deadline_needs if fact != OPEN_ENDED]
    if deadline is None and NO_RULE in deadline_needs:
        return _unknown(plan, planned, situation, [NO_RULE])
    caveat = ""
    if deadline is None and deadline_needs:
        labels = ", ".join(FACT_LABELS[f].lower() for f in deadline_needs)
        caveat = f" Deadline unknown without the {labels}: {set_command(situation.case_id, deadline_needs)}"

    exact = eligible_from if isinstance(eligible_from, datetime) else None
    day_from = _day(eligible_from) if eligible_from is not None else None
    if deadline is not None and situation.after(deadline):
        expired_on = deadline + timedelta(days=1)
        return _result(
            planned,
            pack,
            EXPIRED,
            f"Expired on {expired_on}: the deadline was {deadline}, {why_deadline}.",
            eligible_from=day_from,
            deadline=deadline,
            eligible_at=exact,
        )
    by = ""
    if deadline is not None:
        by = f" {'They must answer' if rule.obliged == 'them' else 'Act'} by {deadline}: {why_deadline}."
    elif open_ended:
        statute = re.sub(r",?\s*https?://\S+", "", planned.statute or "")
        by = (
            " No fixed period: the seller answers for faults for as long as goods of this kind can be expected"
            f" to last{f' ({statute})' if statute else ''}."
        )
    if unmet or (starts and ground is None):
        kinds = unmet or waits
        hints = " or ".join(EVENT_PHRASES.get(kind, kind) for kind in kinds)
        command = f"complaintctl log {situation.case_id} --event {kinds[0]}"
        first = "first " if unmet else ""
        later = (
            f" It cannot open before {_shown(ground[0])} in any case: {ground[1]}."
            if unmet and ground and not situation.reached(ground[0])
            else ""
        )
        return _result(
            planned,
            pack,
            NOT_YET,
            f"Not yet: applies once {hints} {first}({command}).{later}{by}{caveat}",
            eligible_from=_day(ground[0]) if unmet and ground else None,
            deadline=deadline,
            act_by=_act_by(plan, rule, kinds, deadline, situation),
        )
    if eligible_from is not None and not situation.reached(eligible_from):
        return _result(
            planned,
            pack,
            NOT_YET,
            f"Eligible from {_shown(eligible_from)}: {why_from}.{by}{caveat}",
            eligible_from=day_from,
            deadline=deadline,
            eligible_at=exact,
        )
    since = f"Eligible since {_shown(eligible_from)}: {why_from}." if eligible_from else "Eligible now."
    return _result(
        planned, pack, ELIGIBLE, f"{since}{by}{caveat}", eligible_from=day_from, deadline=deadline, eligible_at=exact
    )
