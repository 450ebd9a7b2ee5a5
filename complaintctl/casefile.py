"""A case as the sum of its events: the fold that both the store's summaries and `verify` rely on. Pure.

The store keeps summaries (the case row, the promises table) so that `list` stays fast with thousands of
cases; they are produced by ``apply`` here, and `verify` rebuilds them from the events with the same
function to prove they were not edited behind the tool's back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from complaintctl import vocabulary as v
from complaintctl.chain import GENESIS

OPEN, KEPT, BROKEN = "open", "kept", "broken"
# Fields of a logged event that `amend` may correct, besides its text and time.
AMENDABLE = ("channel", "agent", "ref", "direction", "duration_s", "due", "outcome", "target")


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
        try:
            value = json.loads(self.details_json)
        except ValueError:  # damaged rows still have to be shown, and verify names them
            return {}
        return value if isinstance(value, dict) else {}

    @property
    def attachments(self) -> list[dict[str, str]]:
        return [a for a in self.details.get("attachments", []) if isinstance(a, dict)]

    @property
    def backdated(self) -> bool:
        """Recorded more than a day after it happened: allowed, and shown."""
        gap = datetime.fromisoformat(self.recorded_utc) - datetime.fromisoformat(self.occurred_utc)
        return gap.total_seconds() > 86400


@dataclass
class Promise:
    event_id: int
    case_id: int
    what: str
    due: str
    state: str = OPEN
    settled_by: int | None = None

    def overdue(self, now_utc: str) -> bool:
        return self.state == OPEN and _utc(self.due) < now_utc


@dataclass
class CaseState:
    id: int
    facts: dict[str, Any] = field(default_factory=dict)
    status: str = "open"
    resolved: bool = False
    opened_utc: str = ""
    last_activity_utc: str = ""
    events_count: int = 0
    head_hash: str = GENESIS
    promises: dict[int, Promise] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.facts.get("title", ""))


def _utc(iso_text: str) -> str:
    from complaintctl.clock import to_utc

    return to_utc(iso_text)


def apply(state: CaseState, event: Event) -> CaseState:
    """Fold one event into the case; returns the same state object, changed."""
    details = event.details
    state.events_count += 1
    state.head_hash = event.hash
    state.last_activity_utc = max(state.last_activity_utc, event.recorded_utc)
    if event.kind == v.OPENED:
        state.opened_utc = event.recorded_utc
    if event.kind in (v.OPENED, v.FACTS):
        for name, value in details.get("facts", {}).items():
            if value is None:
                state.facts.pop(name, None)
            else:
                state.facts[name] = value
    if event.kind in v.STATUS_AFTER:
        outcome = details.get("outcome")
        state.status = v.STATUS_AFTER[v.Milestone(event.kind)] + (f": {outcome}" if outcome else "")
        state.resolved = event.kind == v.Milestone.resolved
    promise = details.get("promise")
    if isinstance(promise, dict):
        state.promises[event.id] = Promise(event.id, event.case_id, str(promise["what"]), str(promise["due"]))
    if event.kind in (v.PROMISE_KEPT, v.PROMISE_BROKEN):
        target = state.promises.get(details.get("promise", -1))
        if target is not None:
            target.state = KEPT if event.kind == v.PROMISE_KEPT else BROKEN
            target.settled_by = event.id
    if event.kind == v.AMEND:
        target = state.promises.get(details.get("corrects", -1))
        due = details.get("changes", {}).get("due")
        if target is not None and due:
            target.due = due
    return state


def fold(case_id: int, events: list[Event]) -> CaseState:
    state = CaseState(case_id)
    for event in sorted(events, key=lambda e: e.seq):
        apply(state, event)
    return state


@dataclass
class TimelineEntry:
    """An event as the user should read it: corrections applied, and the history kept beside it."""

    event: Event
    text: str
    occurred: str
    fields: dict[str, Any]
    corrections: list[Event] = field(default_factory=list)
    promise: Promise | None = None


def timeline(state: CaseState, events: list[Event]) -> list[TimelineEntry]:
    """Events in the order they happened, with amendments applied to what they correct."""
    entries: dict[int, TimelineEntry] = {}
    for event in sorted(events, key=lambda e: e.seq):
        details = event.details
        if event.kind == v.AMEND and details.get("corrects") in entries:
            entry = entries[details["corrects"]]
            entry.corrections.append(event)
            changes = details.get("changes", {})
            if event.text:
                entry.text = event.text
            if changes.get("occurred"):
                entry.occurred = changes["occurred"]
            entry.fields.update({k: val for k, val in changes.items() if k in AMENDABLE and k != "due"})
            continue
        fields = {k: details[k] for k in AMENDABLE if k in details}
        entries[event.id] = TimelineEntry(
            event=event,
            text=event.text,
            occurred=event.occurred,
            fields=fields,
            promise=state.promises.get(event.id),
        )
    return sorted(entries.values(), key=lambda e: (_utc(e.occurred), e.event.seq))
