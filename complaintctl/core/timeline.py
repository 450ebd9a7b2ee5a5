"""A case's timeline as the user should read it: in the order things happened, corrections applied. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from complaintctl.core.casefile import AMENDABLE, CaseState, Event, Promise, correction_of
from complaintctl.core.clock import to_utc
from complaintctl.core.vocabulary import AMEND


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
        correction = correction_of(event)
        if correction is not None and correction.corrects in entries:
            entry = entries[correction.corrects]
            entry.corrections.append(event)
            changes = correction.changes
            if correction.text:
                entry.text = correction.text
            if changes.get("occurred"):
                entry.occurred = changes["occurred"]
            entry.fields.update({k: val for k, val in changes.items() if k in AMENDABLE and k != "due"})
            continue
        details = event.details
        fields = {k: details[k] for k in AMENDABLE if k in details}
        entries[event.id] = TimelineEntry(
            event=event,
            text=event.text,
            occurred=event.occurred,
            fields=fields,
            promise=state.promises.get(event.id),
        )
    return sorted(entries.values(), key=lambda e: (to_utc(e.occurred), e.event.seq))


def latest(state: CaseState, events: list[Event], others: int, count: int) -> tuple[list[TimelineEntry], int]:
    """The last ``count`` entries of a timeline and how many it has in all, from the events that
    ``Store.latest_events`` read and the number of the case's events that are not corrections (``others``).

    A correction that names no earlier event of the case is an entry of its own, as in ``timeline``."""
    entries = timeline(state, events)
    return entries[-count:], others + sum(entry.event.kind == AMEND for entry in entries)
