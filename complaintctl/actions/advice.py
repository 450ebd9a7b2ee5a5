"""Advice for a case: the store's rows in, rule results and the next step out (the CLI renders them)."""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from complaintctl.actions.mail import thread_flags
from complaintctl.core.vocabulary import DATA_EXPORT, MARKETPLACE_RECORD
from complaintctl.rules.assess import CaseAdvice, assess
from complaintctl.rules.evaluate import Situation
from complaintctl.rules.packs import Pack, load_packs
from complaintctl.rules.steps import advice_from_dict
from complaintctl.store import Store


def packs(rules_dirs: list[Path] | None = None) -> list[Pack]:
    return load_packs(rules_dirs or [])


def advise(store: Store, case_id: int, loaded: list[Pack], now: datetime) -> CaseAdvice:
    state, events, contacts = store.advice_inputs(case_id)
    flags = [flag.message for flag in thread_flags(store, case_id)]
    records = store.events_of_kind(case_id, MARKETPLACE_RECORD)
    if records:  # the marketplace's data export was imported: say where it and the record part
        from complaintctl.evidence.reconcile import disagreements, export_lacks

        exports = store.events_of_kind(case_id, DATA_EXPORT)
        found = disagreements(state.facts, [*events, *records, *exports], state.promises)
        flags += [f"Amazon's data export disagrees with your record: {d.message}" for d in found]
        lacks = export_lacks(exports)
        if lacks:
            flags.append(
                f"Amazon's data export does not hold: {'; '.join(lacks)}. Ask for them by name in a follow-up "
                f"request (complaintctl letter {case_id} data-access)"
            )
    return assess(state, events, contacts, loaded, now, flags)


def advise_open_cases(store: Store, loaded: list[Pack], now: datetime) -> list[CaseAdvice]:
    """Every open case's next step, most urgent first. Advice still valid from an earlier run is read from the
    cache (its rule results are not kept: callers use the step, the promises and the deadlines); the rest is
    computed and cached until the moment it could change."""
    from complaintctl.core.clock import utc_stamp
    from complaintctl.evidence.threads import thread_flags_of

    # Local midnights are among the moments advice changes at: advice kept under another UTC offset (a
    # journey, a change to summer time) is computed again rather than trusted.
    engine = engine_signature(now.utcoffset())
    stamp = utc_stamp(now)
    needed = sorted({fact for pack in loaded for fact in pack.applies} | {"role"})
    signatures: dict[tuple[Any, ...], str] = {}  # cases with the same facts share one: computed once
    found: list[CaseAdvice] = []
    stale: set[int] = set()
    wanted: dict[int, str] = {}
    for case_id, values, kept_with, kept in store.cached_advice(needed, stamp):
        signature = signatures.get(values)
        if signature is None:
            facts = {name: value for name, value in zip(needed, values, strict=True) if value is not None}
            signature = signatures[values] = case_signature(engine, loaded, facts)
        wanted[case_id] = signature
        advice = _read_kept(case_id, kept, now) if kept is not None and kept_with == signature else None
        if advice is None:
            stale.add(case_id)
        else:
            found.append(advice)
    fresh = []
    if stale:
        inputs = store.open_cases_advice_inputs(stale if found else None)
        for state, events, contacts, emails in inputs:
            computed = assess(state, events, contacts, loaded, now, [f.message for f in thread_flags_of(emails)])
            found.append(computed)
            until = valid_until(computed)
            fresh.append(
                (
                    state.id,
                    state.head_hash,
                    wanted.get(state.id) or case_signature(engine, loaded, state.facts),
                    stamp,
                    utc_stamp(until) if until else FOREVER,
                    json.dumps(_to_cache(computed), ensure_ascii=False),
                )
            )
    store.save_advice(fresh)
    return sorted(found, key=lambda a: (a.advice.urgency(), a.situation.case_id))


CACHE_FORMAT = "advice-cache-4"  # change it whenever _to_cache writes something else, or advice reads differently
FOREVER = "9999-12-31T23:59:59.999999+00:00"  # advice that no passing of time changes: only a new event does


def _to_cache(found: CaseAdvice) -> dict[str, Any]:
    """What `next` and `agenda` read of a case: the advice, the title and the open promises."""
    promises = [[p.event_id, p.what, p.due, p.state, p.settled_by] for p in found.situation.promises]
    return {
        "advice": found.advice.as_dict(),
        "title": found.situation.facts.get("title", ""),
        "promises": promises,
    }


def _read_kept(case_id: int, kept: str, now: datetime) -> CaseAdvice | None:
    """Kept advice read back; None when the row is damaged (edited, or cut short by a full disk): it is only a
    cache, so the advice is computed again rather than the command stopping."""
    try:
        return _from_cache(case_id, json.loads(kept), now)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        return None


def _from_cache(case_id: int, cached: dict[str, Any], now: datetime) -> CaseAdvice:
    from complaintctl.core.casefile import Promise

    promises = tuple(
        Promise(event_id, case_id, what, due, state, settled_by)
        for event_id, what, due, state, settled_by in cached["promises"]
    )
    situation = Situation(case_id, {"title": cached["title"]}, (), promises, now)
    return CaseAdvice(situation, [], advice_from_dict(cached["advice"], now.date()), None)


# What advice is computed by, besides the packs: the case's fold, the clock and calendar, the rules engine and
# the ladder, and the thread checks. Their sources, hashed, say whether kept advice is still this engine's.
ENGINE_SOURCES = ("core", "rules", "evidence/threads.py")


@functools.cache
def _engine_digest() -> str:
    import hashlib

    from complaintctl import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}|{CACHE_FORMAT}".encode())
    for source in ENGINE_SOURCES:
        place = package / source
        files = [place] if place.is_file() else sorted(p for p in place.glob("*") if p.suffix in (".py", ".toml"))
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def engine_signature(offset: timedelta | None = None) -> str:
    """This installation's advice engine, by content (an upgrade that changes nothing in it keeps the cache; a
    reinstall elsewhere too), with the UTC offset local dates are counted in."""
    return f"{_engine_digest()}|{offset}"


def case_signature(engine: str, loaded: list[Pack], facts: dict[str, Any]) -> str:
    """What one case's advice depends on: the engine and the content of every pack that speaks to the case, so
    that editing the eBay pack recomputes eBay cases only."""
    import hashlib

    role = str(facts.get("role") or "buyer")
    parts = [engine] + sorted(
        f"{pack.id}|{pack.version}|{pack.digest}" for pack in loaded if pack.speaks_to(role, facts)
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def valid_until(found: CaseAdvice) -> datetime | None:
    """The first moment the advice could read differently with no new event: a window opening or closing, an
    hour-based wait ending, a promise falling due, a follow-up coming due (the horizon the rules and the
    ladder recorded as they compared the clock with dates). None: time alone changes nothing. Day counts
    and "today" are not among them: the cache keeps the dates and counts from the day it is read."""
    return min(found.situation.horizon or (), default=None)
