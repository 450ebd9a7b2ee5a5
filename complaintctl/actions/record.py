"""What the commands do to a case, in the terms of the evidence log; the CLI parses, this decides, the store writes.

Everything the user typed is parsed and every file is read before the first write, so a refused command
leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.core import clock, vocabulary
from complaintctl.core import facts as fact_parsers
from complaintctl.core.casefile import AMENDABLE, KEPT, OPEN, CaseState, Event
from complaintctl.errors import ComplaintError
from complaintctl.store import RecordedAt, Store

if TYPE_CHECKING:
    from complaintctl.evidence.files import FileEvidence

# A clock a few minutes fast on the user's phone is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=5)
# A clock read before the write lock may trail the last entry by the lock wait; more than this is a wrong clock.
CLOCK_SLACK = timedelta(minutes=5)
_DURATION = r"(?ai)^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$"  # compiled on first use


class EntryDraft(NamedTuple):
    """What the user said about one event, still as text: parsed by ``log``."""

    text: str = ""
    milestone: str | None = None
    at: str | None = None
    channel: str | None = None
    agent: str | None = None
    ref: str | None = None
    direction: str | None = None
    duration: str | None = None
    promise: str | None = None
    due: str | None = None
    outcome: str | None = None
    target: str | None = None
    attach: tuple[Path, ...] = ()
    force: bool = False
    reopen: bool = False  # a milestone on a resolved case reopens it


# Free-text facts: what the error message calls each, and its longest sensible length.
TEXT_FACTS = {
    "seller": ("seller name", 200),
    "buyer_name": ("buyer's name (--buyer-name)", 200),
    "buyer_address": ("buyer's postal address (--buyer-address)", 300),
    "seller_address": ("seller's postal address (--seller-address)", 300),
    "product": ("product (--product)", 200),
    "descriptor": ("name on the card statement (--descriptor)", 100),
}
DATE_LABELS = {
    "ordered_on": "order date",
    "delivery_by": "delivery date",
    "statement_date": "statement date",
    "fault_noticed": "date the fault was noticed (--fault-noticed)",
    "charged": "date the card was charged (--charged)",
}


def parse_facts(raw: dict[str, str | None], *, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Turn the user's fact options into valid values; ``current`` is the case's facts when changing them."""
    given = {name: value for name, value in raw.items() if value is not None}
    merged_marketplace = given.get("marketplace") or (current or {}).get("marketplace")
    parsed: dict[str, Any] = {}
    for name, value in given.items():
        if name == "title":
            parsed[name] = fact_parsers.parse_text(value, "title", limit=200)
        elif name in TEXT_FACTS:
            what, limit = TEXT_FACTS[name]
            parsed[name] = fact_parsers.parse_text(value, what, limit=limit)
        elif name == "marketplace":
            parsed[name] = fact_parsers.parse_marketplace(value)
        elif name == "order_id":
            market = fact_parsers.parse_marketplace(merged_marketplace) if merged_marketplace else None
            parsed[name] = fact_parsers.parse_order_id(value, market)
        elif name == "amount":
            parsed[name] = fact_parsers.parse_amount(value)
        elif name == "currency":
            parsed[name] = fact_parsers.parse_currency(value)
        elif name == "country":
            parsed[name] = fact_parsers.parse_country(value)
        elif name == "region":
            parsed[name] = fact_parsers.parse_region(value)
        elif name in vocabulary.DATE_FACTS:
            label = DATE_LABELS[name]
            parsed[name] = clock.parse_day(value, what=label).isoformat()
        else:  # choice values, already checked by the CLI's enums
            parsed[name] = str(value)
    if current is None and "country" not in parsed:
        inferred = fact_parsers.country_for(parsed.get("marketplace"))
        if inferred:
            parsed["country"] = inferred
    if current is None:
        parsed.setdefault("role", vocabulary.Role.buyer.value)
    fact_parsers.check_consistent({**(current or {}), **parsed})
    return parsed


def open_case(store: Store, raw_facts: dict[str, str | None], *, note: str = "") -> Event:
    if not (raw_facts.get("title") or "").strip():
        raise ComplaintError('a case needs a title: add --title "Headphones never arrived"')
    parsed = parse_facts(raw_facts)
    moment = clock.now()
    return store.open_case(parsed, text=note.strip(), occurred=moment, recorded=moment, details=clock_mark())


def append(
    store: Store,
    case_id: int,
    *,
    kind: str,
    occurred: datetime,
    recorded: datetime,
    text: str = "",
    details: dict[str, Any] | None = None,
    files: list[FileEvidence] | None = None,
) -> Event:
    """Every entry a command adds to a case goes through here: the clock's rules, then the store's write."""
    return store.append(
        case_id,
        kind=kind,
        occurred=occurred,
        recorded=_recorded_after_last_entry(recorded),
        text=text,
        details={**(details or {}), **clock_mark()},
        files=files,
    )


def clock_mark() -> dict[str, str]:
    """A replaced clock is part of the record: verify accepts its times only with this mark."""
    fixed = clock.override()
    return {"clock_override": fixed} if fixed else {}


def _recorded_after_last_entry(now: datetime) -> RecordedAt:
    """The recorded time, given the case's last activity as the write lock sees it: never before it.

    A clock read just before a slow lock may trail the entry a concurrent writer stored meanwhile, by no
    more than the wait; further back, the system clock is wrong and the entry is refused. A replaced clock
    (COMPLAINTCTL_NOW) is taken as it is, since the entry carries the mark."""

    def recorded(last_activity_utc: str) -> datetime:
        if clock.override() or not last_activity_utc or clock.utc_stamp(now) >= last_activity_utc:
            return now
        last = datetime.fromisoformat(last_activity_utc)
        if now < last - CLOCK_SLACK:
            raise ComplaintError(
                f"the system clock reads {clock.utc_stamp(now)[:19]} UTC, before this case's last "
                f"entry ({last_activity_utc[:19]} UTC): set the clock right, then try again"
            )
        return last  # recorded after the entry before it, whatever a slow lock made the clock say

    return recorded


def change_facts(store: Store, case_id: int, raw_facts: dict[str, str | None]) -> Event | None:
    state = store.case_state(case_id)
    parsed = parse_facts(raw_facts, current=state.facts)
    changed = {name: value for name, value in parsed.items() if state.facts.get(name) != value}
    if not changed:
        return None
    moment = clock.now()
    return append(store, case_id, kind=vocabulary.FACTS, occurred=moment, recorded=moment, details={"facts": changed})


def parse_occurred(at: str | None, *, force: bool, now: datetime) -> datetime:
    if at is None:
        return now
    occurred = clock.parse_when(at, what="time of the event (--at)", reference=now, tense="past")
    if occurred > now + FUTURE_TOLERANCE and not force:
        raise ComplaintError(
            f"--at {at!r} is in the future ({clock.iso(occurred)}): check it, or add --force if you mean it"
        )
    return occurred


def parse_due(due: str, *, now: datetime) -> dict[str, str]:
    """A promise's due time as stored: the absolute time, and the words the user typed when they differ."""
    moment = clock.iso(clock.parse_when(due, what="due date (--due)", reference=now, tense="future"))
    return {"due": moment, **said("due_text", due, moment)}


def said(name: str, typed: str | None, stored: str) -> dict[str, str]:
    """``{name: typed}`` when the user wrote the time in words ("in 3 days"): evidence keeps what was said
    beside the absolute time it was read as. Nothing when they typed the stored form itself."""
    if typed is None or typed.strip() == stored:
        return {}
    return {name: " ".join(typed.split())[:120]}


def parse_call_length(text: str) -> int:
    """Call length: '25' (minutes), '25m', '1h 5m', '90s' -> seconds."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():
        return int(raw) * 60
    match = re.match(_DURATION, raw)
    if not raw or not match or not any(match.groups()):
        raise ComplaintError(f"--duration {text!r} is not a length of time: write 25m, 1h 5m or 90s")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def entry_details(draft: EntryDraft, now: datetime) -> dict[str, Any]:
    """The details of an entry from what the user said about it: how, who, the promise, the outcome."""
    details: dict[str, Any] = {}
    for name in ("channel", "direction"):  # StrEnum members from the CLI, or plain strings
        value = getattr(draft, name)
        if value is not None:
            details[name] = str(value)
    if draft.agent is not None:
        details["agent"] = fact_parsers.parse_text(draft.agent, "agent name", limit=120)
    if draft.ref is not None:
        details["ref"] = fact_parsers.parse_text(draft.ref, "reference", limit=120)
    if draft.duration is not None:
        details["duration_s"] = parse_call_length(draft.duration)
    if (draft.promise is None) != (draft.due is None):
        raise ComplaintError('a promise needs both --promise "what was promised" and --due WHEN')
    if draft.promise is not None and draft.due is not None:
        due = parse_due(draft.due, now=now)
        details["promise"] = {"what": fact_parsers.parse_text(draft.promise, "promise"), **due}
    milestone = draft.milestone
    outcomes = vocabulary.MILESTONE_OUTCOMES.get(milestone or "")
    if outcomes is not None:
        if draft.outcome is None:
            choices = ", ".join(o.value for o in outcomes)
            raise ComplaintError(f"--event {milestone} needs --outcome: one of {choices}")
        details["outcome"] = _choice(draft.outcome, outcomes, "--outcome")
    elif draft.outcome is not None:
        raise ComplaintError("--outcome goes with --event claim-decided, appeal-decided or resolved")
    if milestone in vocabulary.MILESTONE_NEEDS_TARGET:
        if draft.target is None:
            raise ComplaintError('--event escalated needs --target, e.g. --target "Seller Performance"')
        details["target"] = fact_parsers.parse_text(draft.target, "target", limit=120)
    elif draft.target is not None:
        raise ComplaintError("--target goes with --event escalated")
    if draft.force:
        details["forced"] = True
    return details


def _choice(value: str, choices: type[StrEnum], option: str) -> str:
    try:
        return choices(value.strip().lower()).value
    except ValueError:
        names = ", ".join(c.value for c in choices)
        raise ComplaintError(f"{option} {value!r} is not one of {names}") from None


def read_attachments(paths: tuple[Path, ...]) -> list[FileEvidence]:
    if not paths:
        return []
    from complaintctl.evidence.files import read_file

    files = [read_file(path) for path in paths]
    unique: dict[str, FileEvidence] = {}
    for evidence in files:
        unique.setdefault(evidence.sha256, evidence)
    return list(unique.values())


def log_event(store: Store, case_id: int, draft: EntryDraft) -> Event:
    now = clock.now()
    occurred = parse_occurred(draft.at, force=draft.force, now=now)
    details = {**entry_details(draft, now), **said("at_text", draft.at, clock.iso(occurred))}
    text = draft.text.strip()
    if len(text) > 1_000_000:
        raise ComplaintError("the note is over 1,000,000 characters: attach it as a file with --attach instead")
    files = read_attachments(draft.attach)
    if draft.milestone:
        kind = str(draft.milestone)
    elif "promise" in details:
        kind = vocabulary.PROMISE
    elif text:
        kind = vocabulary.NOTE
    elif files:
        kind = vocabulary.ATTACHMENT
    else:
        raise ComplaintError("nothing to log: give a note, --event, --promise or --attach (see `log --help`)")
    state = store.case_state(case_id)  # a clear "no such case" before any file is stored
    if draft.milestone:
        _check_reopening(state, case_id, kind, draft.reopen, details)
    elif draft.reopen:
        raise ComplaintError("--reopen goes with --event: a note or a file never changes a case's state")
    return append(store, case_id, kind=kind, occurred=occurred, recorded=now, text=text, details=details, files=files)


def _check_reopening(state: CaseState, case_id: int, kind: str, reopen: bool, details: dict[str, Any]) -> None:
    """A resolved case takes no milestone unless the user reopens it: a milestone after the end would make
    `list` and `next` disagree about where the case stands. Notes and files are always welcome."""
    if kind == vocabulary.Milestone.reopened:
        if not state.resolved:
            raise ComplaintError(f"case {case_id} is not resolved: there is nothing to reopen")
        return
    if not state.resolved:
        if reopen:
            raise ComplaintError(f"case {case_id} is not resolved: leave out --reopen")
        return
    if not reopen or kind not in vocabulary.STATUS_AFTER or kind == vocabulary.Milestone.resolved:
        raise ComplaintError(
            f"case {case_id} is resolved: reopen it first (complaintctl reopen {case_id}), "
            + (
                "or add --reopen to this command"
                if kind in vocabulary.STATUS_AFTER and kind != "resolved"
                else "then log it"
            )
        )
    details["reopens"] = True


def reopen_case(store: Store, case_id: int, *, note: str = "", at: str | None = None) -> Event:
    """Reopen a resolved case: an event of its own, so the record shows when and why it started again."""
    now = clock.now()
    occurred = parse_occurred(at, force=False, now=now)
    state = store.case_state(case_id)
    _check_reopening(state, case_id, vocabulary.Milestone.reopened, False, {})
    text = fact_parsers.parse_text(note, "reason for reopening", limit=1000) if note.strip() else ""
    details = said("at_text", at, clock.iso(occurred))
    return append(
        store,
        case_id,
        kind=vocabulary.Milestone.reopened.value,
        occurred=occurred,
        recorded=now,
        text=text,
        details=details,
    )


def amend_event(store: Store, event_id: int, draft: EntryDraft, *, due: str | None = None) -> Event:
    target = store.event(event_id)
    if target.kind in (vocabulary.AMEND, vocabulary.OPENED, vocabulary.FACTS):
        raise ComplaintError(
            f"event {event_id} is a {target.kind} event: amend the event it is about, or use `complaintctl set`"
        )
    now = clock.now()
    changes = entry_details(draft, now)
    changes.pop("forced", None)
    if due is not None:
        if target.id not in store.case_state(target.case_id).promises:
            raise ComplaintError(f"event {event_id} holds no promise: --due corrects a promise's due date")
        changes.update(parse_due(due, now=now))
    if draft.at is not None:
        changes["occurred"] = clock.iso(parse_occurred(draft.at, force=draft.force, now=now))
        changes.update(said("at_text", draft.at, changes["occurred"]))
    changes = {k: val for k, val in changes.items() if k in AMENDABLE or k in ("occurred", "at_text", "due_text")}
    text = draft.text.strip()
    if not text and not changes:
        raise ComplaintError("nothing to correct: give the corrected text, or options such as --at or --agent")
    details = {"corrects": target.id, "changes": changes}
    return append(store, target.case_id, kind=vocabulary.AMEND, occurred=now, recorded=now, text=text, details=details)


def settle_promise(store: Store, event_id: int, *, kept: bool, note: str = "", at: str | None = None) -> Event:
    target = store.event(event_id)
    promise = store.case_state(target.case_id).promises.get(target.id)
    if promise is None:
        raise ComplaintError(f"event {event_id} holds no promise: `complaintctl show {target.case_id}` lists them")
    if promise.state != OPEN:
        word = "kept" if promise.state == KEPT else "broken"
        raise ComplaintError(f"the promise in event {event_id} is already marked {word} (event {promise.settled_by})")
    now = clock.now()
    occurred = parse_occurred(at, force=False, now=now)
    kind = vocabulary.PROMISE_KEPT if kept else vocabulary.PROMISE_BROKEN
    details = {"promise": target.id, **said("at_text", at, clock.iso(occurred))}
    return append(store, target.case_id, kind=kind, occurred=occurred, recorded=now, text=note.strip(), details=details)


def record_export(
    store: Store,
    case_id: int,
    *,
    chain_head: str,
    file_name: str,
    file_sha256: str,
    documents: dict[str, str],
    format: str,
) -> Event | None:
    """Bind what left the machine to the chain: an event naming the exported head and every file's SHA-256.

    A later rewrite of the history can no longer keep the dossier in step with the database, and `verify
    --against` finds the bundle's own record. A read-only database cannot hold the event: None then.
    """
    if store.read_only:
        return None
    now = clock.now()
    details = {
        "export": {
            "format": format,
            "file": file_name,
            "sha256": file_sha256,
            "chain_head": chain_head,
            "documents": documents,
        }
    }
    text = f"Exported the dossier ({format}) at chain head {chain_head[:16]}: {file_name}"
    return append(store, case_id, kind=vocabulary.EXPORTED, occurred=now, recorded=now, text=text, details=details)


def record_seal(store: Store, case_id: int, now: datetime, exhibit_files: list[str], documents: list[str]) -> Event:
    """Chain the seal of a bundle about to be written: its export time and every file of its data/ folder."""
    from complaintctl.dossier.seal import seal_details

    exported = now.isoformat(timespec="seconds")
    details = seal_details(exported, exhibit_files, documents)
    text = f"Sealed a dossier bundle exported at {exported}: {len(documents)} documents, {len(exhibit_files)} exhibits"
    return append(store, case_id, kind=vocabulary.SEALED, occurred=now, recorded=now, text=text, details=details)
