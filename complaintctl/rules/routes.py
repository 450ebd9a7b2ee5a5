"""The routes a case takes once it leaves the marketplace's guarantee: a card chargeback or a PayPal dispute,
and the statutory rights (reject the goods, repair or replacement, a letter before action). Pure.

Each function answers the ladder's question, "what next, by when, why, how", or None when its route is not the
one the case is on. Dates come from the rule packs' results (each with its source); the fallbacks below are
used only when a user's pack replaced a built-in one without the rule.
"""

from __future__ import annotations

from datetime import date, timedelta

from complaintctl.rules.evaluate import ELIGIBLE, EXPIRED, Happening, Result, Situation

Choice = tuple[str, date | None, str, str]

# The chargeback outcomes that leave the user without (all) their money, and those that end the route.
LOST = ("lost", "partly-won")
WON = ("won", "credit-final")
# Steps of the statutory route, in the order they come: after a repair or replacement that failed, the final
# right to reject or a price reduction (CRA s.24(5)); rejecting is open for 30 days (CRA s.22); a repair or
# replacement is the next remedy (CRA s.23; Directive 2019/771 art. 13).
STATUTORY_STEPS = ("final-reject-or-reduce", "reject-goods", "repair-or-replace")
REPAIR_ENDED = ("repair-returned", "repair-failed")
FALLBACK_DAYS = {"issuer": 45, "paypal-escalate": 20, "paypal-decision": 30, "answer": 10}


def _rule(results: list[Result], rule_id: str) -> Result | None:
    for result in results:
        if result.rule == rule_id:
            return result
    return None


def _since(later: Happening | None, earlier: Happening) -> bool:
    return later is not None and later.occurred >= earlier.occurred


def _day(happening: Happening) -> date:
    return happening.occurred.date()


def _by(result: Result | None, start: Happening, fallback: str) -> date:
    if result is not None and result.deadline is not None:
        return result.deadline
    return _day(start) + timedelta(days=FALLBACK_DAYS[fallback])


def card_route(situation: Situation, results: list[Result]) -> Choice | None:
    """The steps after a chargeback or a PayPal dispute was filed: wait for the issuer (or escalate the PayPal
    dispute to a claim), answer the issuer when the merchant contests, and what to do after the decision."""
    filed = situation.last("chargeback-filed")
    if filed is None:
        return None
    case = situation.case_id
    decided = situation.last("chargeback-decided")
    if _since(decided, filed):
        assert decided is not None
        return after_decision(situation, results, decided)
    decide = (
        f"When the decision comes: complaintctl log {case} --event chargeback-decided "
        "--outcome won|lost|partly-won|credit-final"
    )
    if situation.facts.get("paid_by") == "paypal":
        escalated = situation.last("dispute-escalated")
        if not _since(escalated, filed):
            rule = _rule(results, "paypal-escalate-to-claim")
            if rule is not None and rule.status == EXPIRED:
                # PayPal closed the dispute by itself and cannot reopen it: escalating is no longer a step.
                return statutory_route(situation, results, closed_dispute(situation, results) or "")
            return (
                "escalate-dispute",
                _by(rule, filed, "paypal-escalate"),
                f"You opened the PayPal dispute on {_day(filed)}. PayPal closes a dispute 20 days after it was "
                "opened unless it was escalated to a claim, and a closed dispute cannot be reopened or escalated.",
                "PayPal Resolution Center > the dispute > Escalate to PayPal; then "
                f"complaintctl log {case} --event dispute-escalated",
            )
        assert escalated is not None
        rule = _rule(results, "paypal-claim-decision")
        return (
            "wait-for-issuer",
            _by(rule, escalated, "paypal-decision"),
            f"You escalated the dispute to a claim on {_day(escalated)}. PayPal usually decides within 14 days; "
            "some claims take 30 days or longer.",
            f"Answer PayPal's questions in the Resolution Center by the date it gives. {decide}",
        )
    contested = situation.last("chargeback-contested")
    if _since(contested, filed):
        assert contested is not None
        rule = _rule(results, "card-answer-issuer")
        return (
            "answer-issuer",
            _by(rule, contested, "answer"),
            f"The merchant contested your chargeback on {_day(contested)} (a representment). Your issuer "
            "can take it further (pre-arbitration) only with your answer; the issuer's letter gives its own date.",
            "Write to the issuer: why the merchant's evidence does not answer your complaint, with the record "
            f"(complaintctl export {case}). {decide}",
        )
    rule = _rule(results, "card-merchant-reply")
    fcba = _rule(results, "fcba-issuer-must-resolve")
    why = f"You filed the chargeback on {_day(filed)}. {rule.title if rule else 'The merchant may contest it'}"
    why += f" by {_by(rule, filed, 'issuer')}."
    if fcba is not None and fcba.deadline is not None:
        why += f" The Fair Credit Billing Act gives the issuer until {fcba.deadline} to resolve it."
    return (
        "wait-for-issuer",
        _by(rule, filed, "issuer"),
        why,
        "Answer every question the issuer asks, by the date it gives. If the merchant contests: "
        f"complaintctl log {case} --event chargeback-contested. {decide}",
    )


def lost_context(situation: Situation) -> str | None:
    """ "The chargeback was lost on ...": what the ladder says when a lost chargeback leaves only escalation."""
    filed, decided = situation.last("chargeback-filed"), situation.last("chargeback-decided")
    if filed is None or decided is None or not _since(decided, filed):
        return None
    outcome = str(decided.details.get("outcome", ""))
    if outcome not in LOST:
        return None
    what = "PayPal dispute" if situation.facts.get("paid_by") == "paypal" else "chargeback"
    return f"The {what} was {'lost' if outcome == 'lost' else 'only partly won'} on {_day(decided)}."


def closed_dispute(situation: Situation, results: list[Result]) -> str | None:
    """ "The PayPal dispute closed on ...": a dispute not escalated within its 20 days closes by itself and
    cannot be reopened or escalated (paypal.com faq1583), so the case goes on as after a lost one."""
    filed, escalated = situation.last("chargeback-filed"), situation.last("dispute-escalated")
    rule = _rule(results, "paypal-escalate-to-claim")
    if filed is None or _since(escalated, filed) or rule is None or rule.status != EXPIRED or not rule.deadline:
        return None
    closed = rule.deadline + timedelta(days=1)
    return f"The PayPal dispute closed on {closed} without being escalated to a claim: PayPal cannot reopen it."


def after_decision(situation: Situation, results: list[Result], decided: Happening) -> Choice | None:
    outcome = str(decided.details.get("outcome", ""))
    case = situation.case_id
    what = "PayPal dispute" if situation.facts.get("paid_by") == "paypal" else "chargeback"
    when = _day(decided)
    if outcome in WON:
        words = "won" if outcome == "won" else "made final (the temporary credit stays with you)"
        return (
            "done",
            None,
            f"The {what} was {words} on {when}.",
            f"Close the case: complaintctl log {case} --event resolved --outcome refunded",
        )
    context = lost_context(situation) or ""
    section_75 = _rule(results, "uk-section-75")
    if section_75 is not None and section_75.status == ELIGIBLE and section_75.deadline:
        return (
            "section-75-claim",
            section_75.deadline,
            f"{context} A section 75 claim is not a chargeback: the card issuer is liable with the seller for the "
            "breach (Consumer Credit Act 1974 s.75), whatever the card scheme decided.",
            f"{section_75.action} Then: complaintctl log {case} --event section-75-filed",
        )
    statutory = statutory_route(situation, results, context)
    if statutory is not None:
        return statutory
    return None  # the ladder goes on: a formal letter, the agencies, small claims


def statutory_route(situation: Situation, results: list[Result], context: str = "") -> Choice | None:
    """The statutory remedy open now, earliest deadline first: after a failed repair the final right to reject
    or a price reduction, else reject the goods, then repair or replacement; while a repair is awaited, wait."""
    if not any(r.step in STATUTORY_STEPS for r in results):
        return None
    waiting = _awaited_repair(situation, results, context)
    if waiting is not None:
        return waiting
    for step in STATUTORY_STEPS:
        open_now = sorted(
            (r for r in results if r.step == step and r.status == ELIGIBLE and r.deadline),
            key=lambda r: r.deadline or date.max,
        )
        if open_now:
            first = open_now[0]
            why = f"{context} {first.title}: {first.reason}".strip()
            if step == "final-reject-or-reduce":
                return _after_failed_repair(results, first, why)
            return step, first.deadline, why, first.action
    return None


def _awaited_repair(situation: Situation, results: list[Result], context: str) -> Choice | None:
    """A repair or replacement asked for and not back yet: wait for it (CRA 2015 s.23(2)(a): within a reasonable
    time and without significant inconvenience), while the 30 days to reject stand still (s.22(6))."""
    asked = situation.last("repair-requested")
    if asked is None or any(h.kind in REPAIR_ENDED and h.occurred >= asked.occurred for h in situation.happenings):
        return None
    paused = [r.reason for r in results if r.step == "reject-goods" and r.reason.startswith("Paused")]
    why = (
        f"{context} You asked for a repair or replacement on {_day(asked)}: the trader must make it within a "
        "reasonable time and without significant inconvenience to you (CRA 2015 s.23(2)(a)). "
        + (paused[0] if paused else "")
    )
    case = situation.case_id
    return (
        "wait-for-repair",
        None,
        why.strip(),
        f"When the goods come back: complaintctl log {case} --event repair-returned. If the fault is still there, "
        f"or nothing comes within a reasonable time: complaintctl log {case} --event repair-failed",
    )


def _after_failed_repair(results: list[Result], final: Result, why: str) -> Choice:
    """The final right to reject or a price reduction (CRA 2015 s.24(5)); while the short-term right to reject
    still runs (s.22(7): at least 7 days after the goods came back) rejecting by then is dated by it."""
    short = [r for r in results if r.step == "reject-goods" and r.status == ELIGIBLE and r.deadline]
    if short and final.deadline and short[0].deadline and short[0].deadline < final.deadline:
        why += (
            f" Your short-term right to reject also runs until {short[0].deadline} (CRA 2015 s.22(7)): "
            "rejecting by then gives a full refund."
        )
        return "final-reject-or-reduce", short[0].deadline, why, final.action
    return "final-reject-or-reduce", final.deadline, why, final.action
