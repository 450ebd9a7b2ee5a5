"""Advice for a case: the store's rows in, rule results and the next step out (the CLI renders them)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from complaintctl.actions.mail import thread_flags
from complaintctl.rules.assess import CaseAdvice, assess
from complaintctl.rules.evaluate import Situation
from complaintctl.rules.ladder import advice_from_dict
from complaintctl.rules.packs import Pack, load_packs
from complaintctl.store import Store


def packs(rules_dirs: list[Path] | None = None) -> list[Pack]:
    return load_packs(rules_dirs or [])


def advise(store: Store, case_id: int, loaded: list[Pack], now: datetime) -> CaseAdvice:
    state, events, contacts = store.advice_inputs(case_id)
    return assess(state, events, contacts, loaded, now, [flag.message for flag in thread_flags(store, case_id)])


def advise_open_cases(store: Store, loaded: list[Pack], now: datetime) -> list[CaseAdvice]:
    """Every open case's next step, most urgent first. Advice still valid from an earlier run is read from the
    cache (its rule results are not kept: callers use the step, the promises and the deadlines); the rest is
    computed and cached until the moment it could change."""
    from complaintctl.core.clock import utc_stamp
    from complaintctl.evidence.threads import thread_flags_of

    # Local midnights are among the moments advice changes at: advice kept under another UTC offset (a
    # journey, a change to summer time) is computed again rather than trusted.
    signature = packs_signature(loaded, now.utcoffset())
    stamp = utc_stamp(now)
    cached, stale = store.cached_advice(signature, stamp)
    found = [_from_cache(case_id, json.loads(text), now) for case_id, text in cached.items()]
    fresh = []
    if stale:
        inputs = store.open_cases_advice_inputs(stale if cached else None)
        for state, events, contacts, emails in inputs:
            computed = assess(state, events, contacts, loaded, now, [f.message for f in thread_flags_of(emails)])
            found.append(computed)
            until = valid_until(computed)
            fresh.append(
                (
                    state.id,
                    state.head_hash,
                    signature,
                    stamp,
                    utc_stamp(until) if until else FOREVER,
                    json.dumps(_to_cache(computed), ensure_ascii=False),
                )
            )
    store.save_advice(fresh)
    return sorted(found, key=lambda a: (a.advice.urgency(), a.situation.case_id))


CACHE_FORMAT = "advice-cache-2"  # change it whenever _to_cache writes something else, or advice reads differently
FOREVER = "9999-12-31T23:59:59.999999+00:00"  # advice that no passing of time changes: only a new event does


def _to_cache(found: CaseAdvice) -> dict[str, Any]:
    """What `next` and `agenda` read of a case: the advice, the title and the open promises."""
    promises = [[p.event_id, p.what, p.due, p.state, p.settled_by] for p in found.situation.promises]
    return {
        "advice": found.advice.as_dict(),
        "asap": found.advice.asap,
        "title": found.situation.facts.get("title", ""),
        "promises": promises,
    }


def _from_cache(case_id: int, cached: dict[str, Any], now: datetime) -> CaseAdvice:
    from complaintctl.core.casefile import Promise

    promises = tuple(
        Promise(event_id, case_id, what, due, state, settled_by)
        for event_id, what, due, state, settled_by in cached["promises"]
    )
    situation = Situation(case_id, {"title": cached["title"]}, (), promises, now)
    return CaseAdvice(situation, [], advice_from_dict(cached["advice"], now.date(), cached["asap"]), None)


def packs_signature(loaded: list[Pack], offset: timedelta | None = None) -> str:
    """What the cached advice was computed with: this version's ladder, each pack's id, version and file, and
    the UTC offset its local dates were counted in."""
    import hashlib
    import os

    from complaintctl import __version__

    parts = [__version__, CACHE_FORMAT, str(offset)]
    for pack in sorted(loaded, key=lambda p: p.id):
        try:
            stamp = os.stat(pack.path).st_mtime_ns
        except OSError:
            stamp = 0
        parts.append(f"{pack.id}|{pack.version}|{pack.path}|{stamp}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def valid_until(found: CaseAdvice) -> datetime | None:
    """The first moment the advice could read differently with no new event: a window opening or closing, an
    hour-based wait ending, a promise falling due, a follow-up coming due (the horizon the rules and the
    ladder recorded as they compared the clock with dates). None: time alone changes nothing. Day counts
    and "today" are not among them: the cache keeps the dates and counts from the day it is read."""
    return min(found.situation.horizon or (), default=None)
