"""The next step: where a case stands on the escalation ladder (seed 000), with a date to act by. Pure.

Inputs are the situation and the rule results; the ladder's wording, waiting times and the agencies of each
country come from ladder.toml.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from complaintctl.core.clock import falls_due
from complaintctl.rules.coverage import STATUTORY_RIGHTS
from complaintctl.rules.evaluate import DONE, ELIGIBLE, NOT_YET, UNKNOWN, Happening, Result, Situation, set_command
from complaintctl.rules.routes import card_route, closed_dispute, lost_context, statutory_route
from complaintctl.rules.steps import (
    CLAIM_STEPS,
    DENIED,
    ESCALATION,
    ESSENTIAL_FACTS,
    FOLLOW_ON_STEPS,
    GRANTED,
    STEP_TITLES,
    Advice,
    agencies,
    counted,
    days,
    days_late,
    deadlines_of,
    ladder,
)


def _step_done(step: str, situation: Situation) -> bool:
    spec = ladder()["steps"][step]
    if any(situation.first(kind) for kind in spec.get("done_by_events", [])):
        return True
    targets = [str(h.details.get("target", "")).lower() for h in situation.happenings if h.kind == "escalated"]
    if any(word in target for target in targets for word in spec.get("done_by_targets", [])):
        return True
    return bool(set(spec.get("done_by_channels", [])) & set(situation.channels))


def _promises(situation: Situation) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    now = situation.now.astimezone(UTC)
    overdue: list[dict[str, Any]] = []
    counts: dict[str, list[int]] = {}
    for promise in situation.promises:
        key = " ".join(promise.what.lower().split())
        counts.setdefault(key, []).append(promise.event_id)
        due = falls_due(promise.due)  # read once, for both
        if promise.overdue_at(due, now):
            overdue.append(
                {"event": promise.event_id, "what": promise.what, "due": promise.due, "days_overdue": None}
            )  # counted by next_step
        else:  # overdue once the due moment has passed
            situation.watch(due + timedelta(microseconds=1))
    repeated = [{"what": what, "times": len(ids), "events": ids} for what, ids in counts.items() if len(ids) > 1]
    return overdue, repeated


def _deadline(result: Result) -> date:
    return result.deadline or date.max


def _by_step(results: list[Result], step: str, status: str = ELIGIBLE) -> list[Result]:
    return sorted([r for r in results if r.step == step and r.status == status], key=_deadline)


def _follow_up(situation: Situation) -> tuple[str | None, date | None]:
    """The follow-up line, and the day it fell due (a week after the last message that got no answer)."""
    out, back = situation.last_outbound, situation.last_inbound
    if out is None or (back is not None and back >= out):
        return None, None
    wait = ladder()["follow_up_days"]
    silent = (situation.now - out).days
    if silent < wait:
        situation.watch(out + days(wait))
        return None, None
    situation.watch(out + days(silent + 1))  # the count of days in the text
    line = f"No reply for {silent} days since your message of {out.date()}: follow up, and quote your reference."
    return line, out.date() + days(wait)


def resolved(situation: Situation) -> bool:
    """Whether the case stands resolved: as the case's own summary says (so `list` and `next` agree), or from
    the milestones when there is no summary (a situation built by hand)."""
    if situation.resolved is not None:
        return situation.resolved
    last = max(
        (h for h in situation.happenings if h.kind in ("resolved", "reopened")), key=lambda h: h.occurred, default=None
    )
    return last is not None and last.kind == "resolved"


def next_step(situation: Situation, results: list[Result], flags: list[str] | None = None) -> Advice:
    today = situation.today
    done = resolved(situation)
    # A resolved case asks for nothing: no follow-up, no overdue promise (they stay in `show` and the dossier).
    overdue, repeated = _promises(situation) if not done else ([], [])
    follow_up, silent_since = _follow_up(situation) if not done else (None, None)
    step, do_by, why, how = _choose(situation, results)
    cautions = _chargeback_caution(situation, results)
    if step.startswith("wait-"):
        waiting = do_by is not None and not situation.after(do_by)
        if overdue or (follow_up and not waiting):
            # The date the follow-up fell due: a promise's due day, the end of the silence, or the end of the
            # wait. It stays that date and turns overdue, rather than sliding to today.
            dues = [date.fromisoformat(p["due"][:10]) for p in overdue]
            dues += [do_by] if do_by is not None and not waiting else []
            dues += [silent_since] if silent_since and follow_up and do_by is None else []
            waited = why
            step, how = "follow-up", "Contact them again; quote the reference and the date of the promise."
            do_by = min(dues, default=None)
            why = (f"{len(overdue)} promise(s) overdue. " if overdue else "") + (follow_up or "") + f" ({waited})"
        elif waiting:
            follow_up = None  # the wait has a date of its own: until then, silence is expected
    title = STEP_TITLES.get(step) or ladder()["steps"].get(step, {}).get("title", step)
    if step == "wait-for-issuer" and situation.facts.get("paid_by") == "paypal":
        title = "Wait for PayPal's decision"
    deadlines, overdue = counted(deadlines_of(results, situation) if not done else [], overdue, today)
    return Advice(
        situation.case_id,
        step,
        title,
        do_by,
        why.strip(),
        how,
        overdue,
        repeated,
        deadlines,
        follow_up,
        list(flags or []),
        cautions,
        days_late(do_by, today, step),
        next((r.reason for r in results if r.rule == STATUTORY_RIGHTS), ""),
    )


def _open_guarantee(situation: Situation, results: list[Result]) -> Result | None:
    """A guarantee route that is open, about to open, or under way: a chargeback now would forfeit it."""
    if situation.first("chargeback-filed"):
        return None
    routes = [r for r in results if r.step in CLAIM_STEPS and r.status in (ELIGIBLE, NOT_YET, UNKNOWN)]
    # A follow-on step waiting for a claim that was never filed is no route at all: it counts once it is
    # open, or dated (its claim was filed or decided).
    routes += [
        r
        for r in results
        if r.step in FOLLOW_ON_STEPS and (r.status == ELIGIBLE or (r.status == NOT_YET and r.eligible_from is not None))
    ]
    return min(routes, key=lambda r: r.deadline or date.max, default=None)


def _claim_under_way(situation: Situation) -> bool:
    claim, decided = situation.last("claim-filed"), situation.last("claim-decided")
    appeal, verdict = situation.last("appeal-filed"), situation.last("appeal-decided")
    waiting_claim = claim is not None and not (decided and decided.occurred >= claim.occurred)
    waiting_appeal = appeal is not None and not (verdict and verdict.occurred >= appeal.occurred)
    return waiting_claim or waiting_appeal


def _chargeback_caution(situation: Situation, results: list[Result]) -> list[str]:
    if situation.first("chargeback-filed") or situation.first("resolved") or situation.role == "seller":
        return []
    route = _open_guarantee(situation, results)
    if route is None and not _claim_under_way(situation):
        return []
    used = [r.programme for r in results if r.step in CLAIM_STEPS and r.status == DONE]
    programme = route.programme if route else used[0] if used else None
    until = f" (open until {route.deadline})" if route and route.deadline else ""
    windows = [r for r in _by_step(results, "chargeback") if r.deadline]
    later = (
        (f" The chargeback window stays open until {windows[0].deadline}: if the guarantee fails, it is still there.")
        if windows
        else ""
    )
    return [
        "Do not file a chargeback or payment dispute yet: it would end "
        + (f"your {programme} claim" if programme else "the claim you filed with the marketplace")
        + f"{until}. "
        f"Use the guarantee first.{later}"
    ]


def _choose(situation: Situation, results: list[Result]) -> tuple[str, date | None, str, str]:
    if resolved(situation):
        resolution = situation.last("resolved")
        outcome = f" ({resolution.details['outcome']})" if resolution and resolution.details.get("outcome") else ""
        when = f" on {resolution.occurred.date()}" if resolution else ""
        return (
            "done",
            None,
            f"Resolved{when}{outcome}.",
            f"If it starts again: complaintctl reopen {situation.case_id}",
        )
    if situation.role == "seller":
        return _seller(situation, results)

    if not any(situation.facts.get(name) for name in ESSENTIAL_FACTS):
        names = [name for name in ESSENTIAL_FACTS if not situation.facts.get(name)]
        return (  # no date: nothing in the case says by when, and a date that moved with the clock would lie
            "add-facts",
            None,
            "Nothing can be judged without the marketplace and what went wrong: "
            f"{set_command(situation.case_id, names)}",
            "Add the facts from the order page, then run complaintctl next again.",
        )
    route = card_route(situation, results)
    if route is not None:
        return route
    lost = lost_context(situation) or closed_dispute(situation, results)
    if lost:
        return _escalate(situation, results, lost)
    appealed, verdict = situation.last("appeal-filed"), situation.last("appeal-decided")
    if appealed and not (verdict and verdict.occurred >= appealed.occurred):
        return (
            "wait-for-appeal",
            appealed.occurred.date() + days(ladder()["appeal_decision_days"]),
            f"You appealed on {appealed.occurred.date()}.",
            f"When the answer comes: complaintctl log {situation.case_id} --event appeal-decided "
            "--outcome granted|denied",
        )
    claim, decided = situation.last("claim-filed"), situation.last("claim-decided")
    if claim and not (decided and decided.occurred >= claim.occurred):
        step_in = [r for r in results if r.step == "ask-ebay-to-step-in" and r.status in (ELIGIBLE, NOT_YET)]
        if step_in and step_in[0].status == ELIGIBLE:
            return "ask-ebay-to-step-in", step_in[0].deadline, step_in[0].reason, step_in[0].action
        if step_in:
            return (
                "wait-for-claim",
                step_in[0].eligible_from,
                f"Request opened on {claim.occurred.date()}; "
                f"the seller has 3 business days to answer. {step_in[0].reason}",
                step_in[0].action,
            )
        wait = ladder()["claim_decision_days"]
        return (
            "wait-for-claim",
            claim.occurred.date() + days(wait),
            f"Claim filed on {claim.occurred.date()}; the seller has {wait} days to respond to Amazon.",
            f"If there is no decision by then, contact customer service: complaintctl log "
            f"{situation.case_id} --event claim-decided --outcome ... when it comes.",
        )
    if verdict and verdict.details.get("outcome") == "granted" and not situation.first("refund-issued"):
        return _refund_due(situation, verdict, "appeal")
    if decided and not verdict:
        outcome = str(decided.details.get("outcome", ""))
        appeal = _by_step(results, "appeal-claim")
        if outcome in DENIED and appeal and not situation.first("appeal-filed"):
            return "appeal-claim", appeal[0].deadline, appeal[0].reason, appeal[0].action
        if outcome in GRANTED and not situation.first("refund-issued"):
            return _refund_due(situation, decided, "claim")
        if outcome in GRANTED:
            return (
                "done",
                None,
                "The claim was granted and a refund issued.",
                f"Close the case: complaintctl log {situation.case_id} --event resolved --outcome refunded",
            )

    urgent = _urgent_chargeback(situation, results)
    if urgent:
        return urgent
    for step in CLAIM_STEPS:
        eligible = _by_step(results, step)
        if eligible and not claim:
            return step, eligible[0].deadline, eligible[0].reason, eligible[0].action
    if not claim:
        waiting = _waiting_for_claim(situation, results)
        if waiting:
            return waiting
        unknown = [r for r in results if r.step in CLAIM_STEPS and r.status == UNKNOWN]
        if unknown:
            return (
                "add-facts",
                None,
                f"The guarantee cannot be judged yet. {unknown[0].reason}",
                "Add the facts from the order page, then run complaintctl next again.",
            )
    return _escalate(situation, results)


def _refund_due(situation: Situation, decision: Happening, what: str) -> tuple[str, date | None, str, str]:
    """A granted claim or appeal: wait for the refund until it is due, then ask customer service where it is,
    by the day it was due (overdue from then on)."""
    due = decision.occurred.date() + days(ladder()["refund_after_decision_days"])
    granted = f"The {what} was granted on {decision.occurred.date()}"
    if not situation.after(due):
        return (
            "wait-for-claim",
            due,
            f"{granted}: the refund should follow.",
            f"When it arrives: complaintctl log {situation.case_id} --event refund-issued",
        )
    return (
        "contact-customer-service",
        due,
        f"{granted} but no refund is recorded: it was due by {due}.",
        "Ask customer service where the refund is.",
    )


def _urgent_chargeback(situation: Situation, results: list[Result]) -> tuple[str, date | None, str, str] | None:
    if situation.first("chargeback-filed") or _open_guarantee(situation, results) or _claim_under_way(situation):
        return None  # a chargeback now would forfeit the guarantee: the caution says so
    urgent = days(ladder()["chargeback_urgent_days"])
    claimable = any(_by_step(results, s) for s in CLAIM_STEPS)
    for result in _by_step(results, "chargeback"):
        if result.deadline and not claimable and situation.reached(result.deadline - urgent):
            return (
                "chargeback",
                result.deadline,
                f"{result.title}: the window closes on {result.deadline}.",
                result.action,
            )
    return None


def _waiting_for_claim(situation: Situation, results: list[Result]) -> tuple[str, date | None, str, str] | None:
    """The guarantee is not open yet: contact the seller, or wait for the date it opens."""
    pending = [r for step in CLAIM_STEPS for r in _by_step(results, step, NOT_YET)]
    if not pending:
        return None
    # A return request made through the marketplace is a message to the seller too (A-to-z: the wait runs from it).
    contacted = situation.first("seller-contacted") or situation.first("return-requested")
    dated = sorted((r for r in pending if r.eligible_from), key=lambda r: r.eligible_from or date.max)
    # The last day a message leaves the seller's whole time to answer before the claim window closes: a date
    # of the case's own, which turns overdue once passed (never today's date, moving with the clock).
    act_by = min((r.act_by for r in pending if r.act_by), default=None)
    leaves = (
        f" Writing by {act_by} leaves the seller their full time to answer before the claim window closes."
        if act_by
        else ""
    )
    if not contacted:
        return (
            "contact-seller",
            act_by,
            "The marketplace expects you to contact the seller first; "
            f"it also starts the seller's time to answer.{leaves} {pending[0].reason}",
            f"Message the seller, then: complaintctl log {situation.case_id} --event seller-contacted",
        )
    if dated:
        first = dated[0]
        return "wait-for-seller", first.eligible_from, first.reason, first.action
    first = pending[0]
    needs = first.reason
    if "return" in needs:
        return (
            "contact-seller",
            act_by,
            f"{needs}{leaves}",
            "Request a return from the seller: Your Orders > "
            f"Return or replace items; then complaintctl log {situation.case_id} --event return-requested",
        )
    return "wait-for-seller", None, needs, first.action


def _escalate(situation: Situation, results: list[Result], context: str = "") -> tuple[str, date | None, str, str]:
    base = max(
        (
            h.occurred.date()
            for h in situation.happenings
            if h.kind
            in (
                "escalated",
                "claim-decided",
                "appeal-filed",
                "appeal-decided",
                "chargeback-filed",
                "chargeback-decided",
                "data-requested",
            )
        ),
        default=None,
    )
    # A week after the last escalation; once that day has passed the step is overdue, it does not slide. With
    # no escalation yet, nothing in the case dates the step: no date rather than one that moves with the clock.
    do_by = base + days(ladder()["follow_up_days"]) if base else None
    country = situation.facts.get("country")
    context = context or _guarantee_context(results)
    statutory = statutory_route(situation, results, context)
    if statutory is not None:
        return statutory
    for step in ESCALATION:
        if _step_done(step, situation):
            continue
        spec = ladder()["steps"][step]
        how = spec["how"]
        why = f"{context} {spec['why']}".strip()
        if step == "data-access-request":
            offered = _by_step(results, "data-access-request")
            if not offered:
                continue
            how = offered[0].action
        if step == "formal-complaint":
            letter = _by_step(results, "formal-complaint")
            how = letter[0].action if letter else how
        if step == "chargeback":
            # PayPal's own dispute comes before a card chargeback, which would end it too.
            offered = sorted(_by_step(results, "chargeback"), key=lambda r: r.pack != "paypal-buyer-protection")
            if not offered or _open_guarantee(situation, results) or _claim_under_way(situation):
                continue
            return (
                "chargeback",
                offered[0].deadline or do_by,
                f"{context} {offered[0].reason}".strip(),
                offered[0].action,
            )
        if step == "consumer-agency":
            names = agencies(country)
            if not names:
                continue
            how = "Report to " + "; ".join(names) + "."
        if step == "small-claims":
            court = ladder()["countries"].get(country or "", {}).get("small_claims")
            how = f"Claim through {court}." if court else spec["how"]
        return step, do_by, why, how
    return "done", None, "Every step of the ladder has been taken.", ""


def _guarantee_context(results: list[Result]) -> str:
    """Why the marketplace's guarantee is not the way on: it was used (with its history), or it does not apply
    (with the reason). Nothing when the case has no guarantee at all (a statutory case)."""
    claims = [r for r in results if r.step in CLAIM_STEPS and r.status not in (ELIGIBLE, NOT_YET, UNKNOWN)]
    used = [r for r in claims if r.status == DONE]
    if used:
        return f"{used[0].programme}: {used[0].reason}"
    return claims[0].reason if claims else ""


def _seller(situation: Situation, results: list[Result]) -> tuple[str, date | None, str, str]:
    respond = _by_step(results, "respond-to-claim")
    if respond:
        return "respond-to-claim", respond[0].deadline, respond[0].reason, respond[0].action
    appeal = _by_step(results, "appeal-claim")
    if appeal:
        return "appeal-claim", appeal[0].deadline, appeal[0].reason, appeal[0].action
    decided = situation.last("claim-decided")
    if decided:
        return "done", None, f"The claim was decided: {decided.details.get('outcome')}.", ""
    return (
        "follow-up",
        None,
        "No claim is recorded yet.",
        f"When Amazon notifies you of a claim: complaintctl log {situation.case_id} --event claim-filed",
    )
