"""A case as the sum of its events: the fold that both the store's summaries and `verify` rely on. Pure.

The store keeps summaries (the case row, the promises table) so that `list` stays fast with thousands of
cases; they are produced by ``apply`` here, and `verify` rebuilds them from the events with the same
function to prove they were not edited behind the tool's back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from complaintctl.core import vocabulary
from complaintctl.core.chain import GENESIS
from complaintctl.core.clock import falls_due, utc_stamp

OPEN, KEPT, BROKEN = "open", "kept", "broken"
# Fields of a logged event that `amend` may correct, besides its text and time.
AMENDABLE = ("channel", "agent", "ref", "direction", "duration_s", "due", "outcome", "target")


LARGE_DETAILS = 64 * 1024


def _parse(details_json: str) -> dict[str, Any]:
    try:
        value = json.loads(details_json)
    except (ValueError, RecursionError):  # damaged rows still have to be shown, and verify names them
        return {}
    return value if isinstance(value, dict) else {}


@lru_cache(maxsize=4)
def _parse_large(details_json: str) -> dict[str, Any]:
    return _parse(details_json)


class Event(NamedTuple):
    id: int
    case_id: int
    seq: int
    kind: str
    occurred: str
    occurred_utc: str
    recorded_utc: str
    text: str
    details_json: str
    prev_hash: str
    hash: str

    @property
    def details(self) -> dict[str, Any]:
        """The parsed details; read-only by convention. A large one (a transcript of a million lines) is parsed
        once and shared, since rendering asks for it several times."""
        if len(self.details_json) > LARGE_DETAILS:
            return _parse_large(self.details_json)
        return _parse(self.details_json)

    @property
    def attachments(self) -> list[dict[str, str]]:
        return [a for a in self.details.get("attachments", []) if isinstance(a, dict)]

    @property
    def backdated(self) -> bool:
        """The user gave a time more than a day before they recorded it: allowed, and shown. An email's or a
        chat's time comes from the message itself, so importing an old one later is not this."""
        if self.kind in (vocabulary.EMAIL, vocabulary.TRANSCRIPT, vocabulary.MARKETPLACE_RECORD, vocabulary.OCR):
            return False
        gap = datetime.fromisoformat(self.recorded_utc) - datetime.fromisoformat(self.occurred_utc)
        return gap.total_seconds() > 86400


class Correction(NamedTuple):
    """An `amend` event as every reader of the log applies it: the event it corrects, the corrected text
    ('' keeps the original) and the corrected fields (AMENDABLE ones, "occurred", and the words typed)."""

    event: Event
    corrects: int
    text: str
    changes: dict[str, Any]


def correction_of(event: Event) -> Correction | None:
    """What an event corrects: None for any other kind, and for an amendment whose details are damaged."""
    if event.kind != vocabulary.AMEND:
        return None
    details = event.details
    corrects, changes = details.get("corrects"), details.get("changes", {})
    if not isinstance(corrects, int) or not isinstance(changes, dict):
        return None
    return Correction(event, corrects, event.text, changes)


def corrections_of(events: list[Event]) -> dict[int, list[Correction]]:
    """Every correction in a case's events, by the event it corrects, in the order they were made."""
    found: dict[int, list[Correction]] = {}
    for event in sorted(events, key=lambda e: e.seq):
        correction = correction_of(event)
        if correction is not None:
            found.setdefault(correction.corrects, []).append(correction)
    return found


class Contacts(NamedTuple):
    """Who spoke last, from the whole log (the fold keeps it in the case row: read without loading events)."""

    last_outbound_utc: str | None
    last_inbound_utc: str | None
    channels: tuple[str, ...]


_OUTBOUND, _INBOUND = frozenset(vocabulary.OUTBOUND_KINDS), frozenset(vocabulary.INBOUND_KINDS)


def contacted(known: Contacts, event: Event, details: dict[str, Any]) -> Contacts:
    """``known`` with one more event counted: the one rule for who spoke last, which the fold keeps in the
    case row (and `verify` recomputes from the events)."""
    direction = details.get("direction")
    last_out, last_in, channels = known
    if direction == "outbound" or event.kind in _OUTBOUND:
        last_out = max(last_out or event.occurred_utc, event.occurred_utc)
    if direction == "inbound" or event.kind in _INBOUND:
        last_in = max(last_in or event.occurred_utc, event.occurred_utc)
    channel = details.get("channel")
    if channel is not None and str(channel) not in channels:
        channels = tuple(sorted((*channels, str(channel))))
    return Contacts(last_out, last_in, channels)


def speaks_of_contact(event: Event) -> bool:
    """Whether the event can change who spoke last: without a direction or a channel in its details, and of a
    kind neither outbound nor inbound, it cannot (its details need not be parsed)."""
    return (
        event.kind in _OUTBOUND
        or event.kind in _INBOUND
        or '"direction"' in event.details_json
        or '"channel"' in event.details_json
    )


NO_CONTACT = Contacts(None, None, ())


def contacts_of(events: list[Event]) -> Contacts:
    """Who spoke last, from the events alone (what the fold keeps in the case row). Pure."""
    found = NO_CONTACT
    for event in events:
        if speaks_of_contact(event):
            found = contacted(found, event, event.details)
    return found


class Promise:
    """A promise made to the user, and what became of it (mutable: the fold settles it)."""

    __slots__ = ("event_id", "case_id", "what", "due", "state", "settled_by")

    def __init__(
        self, event_id: int, case_id: int, what: str, due: str, state: str = OPEN, settled_by: int | None = None
    ) -> None:
        self.event_id, self.case_id, self.what, self.due = event_id, case_id, what, due
        self.state, self.settled_by = state, settled_by

    def overdue(self, now_utc: str) -> bool:
        return self.state == OPEN and utc_stamp(falls_due(self.due)) < now_utc

    def overdue_at(self, due: datetime, now: datetime) -> bool:
        """``overdue`` with the due moment read already (``falls_due``) and the clock in UTC: the moments
        compare as their UTC stamps do (fixed width, to the microsecond), without writing them out."""
        return self.state == OPEN and due.astimezone(UTC) < now


def promise_document(promise: Promise, now_utc: str) -> dict[str, Any]:
    """A promise as plain data, as `--json` prints it and the dossier carries it."""
    return {
        "event": promise.event_id,
        "what": promise.what,
        "due": promise.due,
        "state": promise.state,
        "overdue": promise.overdue(now_utc),
        "settled_by": promise.settled_by,
    }


class CaseState:
    """What a case's events add up to (plain class, not a dataclass: this module is on every command's path)."""

    def __init__(
        self,
        id: int,
        facts: dict[str, Any] | None = None,
        status: str = "open",
        resolved: bool = False,
        opened_utc: str = "",
        last_activity_utc: str = "",
        events_count: int = 0,
        head_hash: str = GENESIS,
        contacts: Contacts = NO_CONTACT,
    ) -> None:
        self.id = id
        self.facts: dict[str, Any] = facts if facts is not None else {}
        self.status, self.resolved = status, resolved
        self.opened_utc, self.last_activity_utc = opened_utc, last_activity_utc
        self.events_count, self.head_hash = events_count, head_hash
        self.contacts = contacts  # who spoke last: kept in the case row, so `next CASE` reads no events
        self.promises: dict[int, Promise] = {}
        # Promises the last applied event created or changed: the store writes only these.
        self.touched: set[int] = set()

    @property
    def title(self) -> str:
        return str(self.facts.get("title", ""))


def summary_row(state: CaseState) -> dict[str, Any]:
    """The case's row in the store's `cases` table (a column per fact, then the fold's totals): what the store
    writes after each event, and what `verify` expects to find there."""
    row: dict[str, Any] = {name: state.facts.get(name) for name in vocabulary.FACT_LABELS}
    row.update(
        status=state.status,
        resolved=int(state.resolved),
        opened_utc=state.opened_utc,
        last_activity_utc=state.last_activity_utc,
        events_count=state.events_count,
        head_hash=state.head_hash,
        last_outbound_utc=state.contacts.last_outbound_utc,
        last_inbound_utc=state.contacts.last_inbound_utc,
        contact_channels=channels_text(state.contacts.channels),
    )
    return row


def channels_text(channels: tuple[str, ...]) -> str | None:
    """The channels as the case row keeps them: a JSON list, sorted (None for none)."""
    return json.dumps(list(channels), ensure_ascii=False, separators=(",", ":")) if channels else None


def channels_of(text: str | None) -> tuple[str, ...]:
    """The case row's channels read back; a value edited into something else reads as none (`verify` names it)."""
    try:
        value = json.loads(text) if text else []
    except (ValueError, RecursionError):
        return ()
    return tuple(str(channel) for channel in value) if isinstance(value, list) else ()


# Kinds whose details the fold reads whatever they hold; any other event matters to it only through a promise.
_FOLDED_KINDS = frozenset(
    {vocabulary.OPENED, vocabulary.FACTS, vocabulary.PROMISE_KEPT, vocabulary.PROMISE_BROKEN}
    | set(vocabulary.STATUS_AFTER)
)


def apply(state: CaseState, event: Event) -> CaseState:
    """Fold one event into the case; returns the same state object, changed."""
    # Most events are notes: their details are not parsed unless they carry a promise (`verify` folds every
    # event of the database, and the JSON parse was most of that fold).
    contact = speaks_of_contact(event)
    reads_details = contact or event.kind in _FOLDED_KINDS or '"promise"' in event.details_json
    details = event.details if reads_details else {}
    if contact:
        state.contacts = contacted(state.contacts, event, details)
    state.touched = set()
    state.events_count += 1
    state.head_hash = event.hash
    state.last_activity_utc = max(state.last_activity_utc, event.recorded_utc)
    if event.kind == vocabulary.OPENED:
        state.opened_utc = event.recorded_utc
    facts = details.get("facts")
    if event.kind in (vocabulary.OPENED, vocabulary.FACTS) and isinstance(facts, dict):
        for name, value in facts.items():
            if value is None:
                state.facts.pop(name, None)
            else:
                state.facts[name] = value
    if event.kind in vocabulary.STATUS_AFTER:
        outcome = details.get("outcome")
        state.status = vocabulary.STATUS_AFTER[vocabulary.Milestone(event.kind)] + (f": {outcome}" if outcome else "")
        state.resolved = event.kind == vocabulary.Milestone.resolved
    promise = details.get("promise")
    if isinstance(promise, dict) and "what" in promise and "due" in promise:
        state.promises[event.id] = Promise(event.id, event.case_id, str(promise["what"]), str(promise["due"]))
        state.touched.add(event.id)
    if event.kind in (vocabulary.PROMISE_KEPT, vocabulary.PROMISE_BROKEN) and isinstance(details.get("promise"), int):
        target = state.promises.get(details["promise"])
        if target is not None:
            target.state = KEPT if event.kind == vocabulary.PROMISE_KEPT else BROKEN
            target.settled_by = event.id
            state.touched.add(target.event_id)
    correction = correction_of(event)
    if correction is not None:
        target = state.promises.get(correction.corrects)
        due = correction.changes.get("due")
        if target is not None and due:
            target.due = due
            state.touched.add(target.event_id)
    return state


def fold(case_id: int, events: list[Event]) -> CaseState:
    """``apply`` of each event in turn. A plain note (most events) only counts, and says who spoke last: it is
    folded here without apply's bookkeeping, since `verify` folds every event of the database (a test holds
    the two equal). Notes repeat their details (the same agent on the same channel): each is parsed once."""
    state = CaseState(case_id)
    folded, amend = _FOLDED_KINDS, vocabulary.AMEND
    parsed: dict[str, dict[str, Any]] = {}
    for event in sorted(events, key=_by_seq):
        kind, details_json = event.kind, event.details_json
        if kind in folded or kind == amend or '"promise"' in details_json:
            apply(state, event)
            continue
        state.events_count += 1
        state.head_hash = event.hash
        state.last_activity_utc = max(state.last_activity_utc, event.recorded_utc)
        if state.touched:
            state.touched = set()
        if kind in _OUTBOUND or kind in _INBOUND or '"direction"' in details_json or '"channel"' in details_json:
            details = parsed.get(details_json)
            if details is None:
                details = event.details
                if len(parsed) < 1024:  # a bounded memo: a case of unique details costs no memory
                    parsed[details_json] = details
            state.contacts = contacted(state.contacts, event, details)
    return state


def _by_seq(event: Event) -> int:
    return event.seq
