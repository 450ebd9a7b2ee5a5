"""Advice for a case: the store's rows in, rule results and the next step out (the CLI renders them)."""

from __future__ import annotations

import functools
import json
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.rules.packs import Pack, load_packs
from complaintctl.store import Store

if TYPE_CHECKING:  # the rules engine is loaded only when a case's advice has to be computed
    from complaintctl.rules.assess import CaseAdvice
    from complaintctl.rules.steps import Advice


def packs(rules_dirs: list[Path] | None = None) -> list[Pack]:
    return load_packs(rules_dirs or [])


def advise(store: Store, case_id: int, loaded: list[Pack], now: datetime) -> CaseAdvice:
    from complaintctl.actions.mail import thread_flags
    from complaintctl.core.vocabulary import DATA_EXPORT, MARKETPLACE_RECORD
    from complaintctl.rules.assess import assess

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


class Listed(NamedTuple):
    """One open case as `next` and `agenda` list it, read from its kept advice without building the advice
    itself: 10,000 of them are read on every run. The sort key comes first (see Advice.urgency)."""

    rank: int  # 0: a dated step, 1: an undated one, 2: nothing to do
    by: date  # the step's date, date.max without one
    case_id: int
    title: str  # the case's title
    step: str
    step_title: str
    do_by: date | None
    why: str
    overdue: int  # promises overdue when the advice was computed: one falling due ends the advice's validity
    promises: list[tuple[date, int, str]]  # the open ones: the day due (in its own offset), event id, what
    deadlines: list[tuple[date, str, str, str]]  # open ones: the last day, who is obliged, title, rule
    advice: Advice | None  # the whole advice, read only when asked for (`next --json`)


def advise_open_cases(store: Store, loaded: list[Pack], now: datetime, *, whole: bool = False) -> list[Listed]:
    """Every open case's next step, most urgent first; ``whole``: with the whole advice too. Advice still valid
    from an earlier run is read from the cache (what the listings show, and the rest only when whole); the rest
    is computed and cached until the moment it could change."""
    from complaintctl.core.clock import utc_stamp

    # Local midnights are among the moments advice changes at: advice kept under another UTC offset (a
    # journey, a change to summer time) is computed again rather than trusted.
    engine = engine_signature(now.utcoffset())
    stamp, today = utc_stamp(now), now.date()
    needed = sorted({fact for pack in loaded for fact in pack.applies} | {"role"})
    signatures: dict[tuple[Any, ...], str] = {}  # cases with the same facts share one: computed once
    found: list[Listed] = []
    stale: set[int] = set()
    wanted: dict[int, str] = {}
    for case_id, values, kept_with, kept in store.cached_advice(needed, stamp, None if whole else "advice"):
        signature = signatures.get(values)
        if signature is None:
            facts = {name: value for name, value in zip(needed, values, strict=True) if value is not None}
            signature = signatures[values] = case_signature(engine, loaded, facts)
        wanted[case_id] = signature
        listed = _read_kept(case_id, kept, today, whole) if kept is not None and kept_with == signature else None
        if listed is None:
            stale.add(case_id)
        else:
            found.append(listed)
    if stale:
        found += _recompute(store, loaded, now, stale if found else None, wanted, whole)
    return sorted(found, key=itemgetter(0, 1, 2))


def _recompute(
    store: Store, loaded: list[Pack], now: datetime, only: set[int] | None, wanted: dict[int, str], whole: bool
) -> list[Listed]:
    """The stale cases' advice computed, kept in the cache, and listed from what was kept, as kept advice is."""
    from complaintctl.core.clock import utc_stamp
    from complaintctl.evidence.threads import thread_flags_of
    from complaintctl.rules.assess import assess

    engine, stamp, today = engine_signature(now.utcoffset()), utc_stamp(now), now.date()
    found, fresh = [], []
    for state, events, contacts, emails in store.open_cases_advice_inputs(only):
        computed = assess(state, events, contacts, loaded, now, [f.message for f in thread_flags_of(emails)])
        kept = _to_cache(computed)
        found.append(_listed(state.id, kept, today, whole))
        until = valid_until(computed)
        fresh.append(
            (
                state.id,
                state.head_hash,
                wanted.get(state.id) or case_signature(engine, loaded, state.facts),
                stamp,
                utc_stamp(until) if until else FOREVER,
                json.dumps(kept, ensure_ascii=False),
            )
        )
    store.save_advice(fresh)
    return found


CACHE_FORMAT = "advice-cache-6"  # change it whenever _to_cache writes something else, or advice reads differently
FOREVER = "9999-12-31T23:59:59.999999+00:00"  # advice that no passing of time changes: only a new event does
LISTED = ("case_id", "step", "title", "do_by", "why", "days_overdue")  # kept apart from "advice", or recounted


def _to_cache(found: CaseAdvice) -> dict[str, Any]:
    """What `next` and `agenda` list of a case (its title, the step, the open promises and the deadlines), then
    the rest of the advice, last: the listings read each row cut before it (store.cached_advice), so they never
    decode it; only `next --json` does. Nothing before it holds an object, so its key is the first `"advice"`."""
    advice = found.advice
    rest = {name: value for name, value in advice.as_dict().items() if name not in LISTED}
    return {
        "title": found.situation.facts.get("title", ""),
        "step": [advice.step, advice.title, advice.do_by.isoformat() if advice.do_by else None, advice.why],
        "overdue": len(advice.overdue_promises),
        "promises": [[p.due, p.event_id, p.what] for p in found.situation.promises if p.state == "open"],
        "deadlines": [[d["deadline"], d["obliged"], d["title"], d["rule"]] for d in advice.deadlines],
        "advice": rest,
    }


def _read_kept(case_id: int, kept: str, today: date, whole: bool) -> Listed | None:
    """Kept advice read back; None when the row is damaged (edited, or cut short by a full disk): it is only a
    cache, so the advice is computed again rather than the command stopping."""
    try:
        return _listed(case_id, json.loads(kept), today, whole)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        return None


def _listed(case_id: int, kept: dict[str, Any], today: date, whole: bool) -> Listed:
    """A case's listing from its kept advice, as it reads today; raises on a damaged one."""
    step, step_title, do_by_text, why = kept["step"]
    do_by = date.fromisoformat(do_by_text) if do_by_text is not None else None
    rank, by = (2, date.max) if step == "done" else (0, do_by) if do_by else (1, date.max)
    promises = [(datetime.fromisoformat(due).date(), event_id, what) for due, event_id, what in kept["promises"]]
    deadlines = [(date.fromisoformat(day), obliged, title, rule) for day, obliged, title, rule in kept["deadlines"]]
    advice = None
    if whole:
        from complaintctl.rules.steps import advice_from_dict

        document = {**kept["advice"], "case_id": case_id, "step": step, "title": step_title, "why": why}
        advice = advice_from_dict({**document, "do_by": do_by_text}, today)
    title = str(kept["title"])
    overdue = kept["overdue"]
    return Listed(
        rank, by, case_id, title, step, str(step_title), do_by, str(why), overdue, promises, deadlines, advice
    )


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
