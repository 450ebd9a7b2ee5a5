"""`verify`: recompute every hash and every summary from the events, and name whatever does not match."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from complaintctl.casefile import Event, fold
from complaintctl.chain import GENESIS, event_hash
from complaintctl.evidence.files import describe
from complaintctl.vocabulary import FACT_LABELS
from complaintctl.store import Store


@dataclass(frozen=True)
class Problem:
    message: str
    case_id: int | None = None
    event_id: int | None = None
    attachment: str | None = None


@dataclass
class Report:
    cases: int = 0
    events: int = 0
    attachments: int = 0
    problems: list[Problem] = field(default_factory=list)
    chain_heads: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "cases": self.cases,
            "events": self.events,
            "attachments": self.attachments,
            "chain_heads": {str(k): v for k, v in self.chain_heads.items()},
            "problems": [asdict(p) for p in self.problems],
        }


def check_chain(case_id: int, events: list[Event]) -> list[Problem]:
    problems = []
    expected_prev = GENESIS
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            problems.append(Problem(
                f"event {event.id} is number {event.seq} of case {case_id} where {position} was expected: "
                "an event before it was deleted or moved", case_id, event.id))
        elif event.prev_hash != expected_prev:
            problems.append(Problem(
                f"event {event.id} does not follow the event before it: events were deleted, inserted or reordered",
                case_id, event.id))
        if event_hash(event._asdict()) != event.hash:
            problems.append(Problem(f"event {event.id} was changed after it was recorded", case_id, event.id))
        expected_prev = event.hash
    return problems


def check_summary(case_id: int, row: Any, events: list[Event],
                  promise_rows: list[dict[str, Any]]) -> list[Problem]:
    """The case row and its promises must be exactly what the events add up to."""
    if row is None:
        return [Problem(f"event {e.id} names case {case_id}, which does not exist: the event was moved, or its "
                        "case deleted", case_id, e.id) for e in events]
    if not events:
        return [Problem(f"case {case_id} has no events: its opening event was deleted", case_id)]
    try:
        state = fold(case_id, events)
    except Exception:  # verify must report damage of any shape, never stop at it
        return [Problem(f"case {case_id}'s events cannot be read back: their data was damaged", case_id)]
    if row["events_count"] > len(events):
        missing = row["events_count"] - len(events)
        return [Problem(f"case {case_id} lost its last {missing} event(s): they were deleted", case_id)]
    expected: dict[str, Any] = {name: state.facts.get(name) for name in FACT_LABELS}
    expected.update(status=state.status, resolved=int(state.resolved), events_count=state.events_count,
                    head_hash=state.head_hash, last_activity_utc=state.last_activity_utc,
                    opened_utc=state.opened_utc)
    differing = sorted(name for name, value in expected.items() if row[name] != value)
    promises = [
        {"event_id": p.event_id, "case_id": p.case_id, "what": p.what, "due": p.due, "state": p.state,
         "settled_by": p.settled_by}
        for p in sorted(state.promises.values(), key=lambda p: p.event_id)
    ]
    if promises != promise_rows:
        differing.append("promises")
    if differing:
        return [Problem(f"case {case_id}'s summary ({', '.join(differing)}) does not match its events: "
                        "it was edited outside complaintctl", case_id)]
    return []


def check_attachment(row: Any) -> list[Problem]:
    """``row`` is a sqlite3.Row of the attachments table (read by name)."""
    content = bytes(row["content"])
    sha = row["sha256"]
    if hashlib.sha256(content).hexdigest() != sha:
        return [Problem(f"attachment {sha[:12]} does not match its SHA-256: its bytes were changed", attachment=sha)]
    fresh = describe("x", content)
    stored = (row["size_bytes"], row["media_type"], row["width_px"], row["height_px"])
    if stored != (fresh.size_bytes, fresh.media_type, fresh.width_px, fresh.height_px):
        return [Problem(f"attachment {sha[:12]}'s size or type record was edited", attachment=sha)]
    return []


def verify(store: Store, case_id: int | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    report = Report()
    for name in store.missing_guards():
        report.problems.append(Problem(f"the append-only guard {name} was removed from the database"))
    referenced: dict[str, tuple[int, int]] = {}
    for row, cid, events in store.chains(case_id):
        report.cases += 1
        report.events += len(events)
        report.problems += check_chain(cid, events)
        report.problems += check_summary(cid, row, events, store.promise_rows(cid))
        if events:
            report.chain_heads[cid] = events[-1].hash
        for event in events:
            if '"attachments"' not in event.details_json:  # most events have none: skip parsing them again
                continue
            for attachment in event.attachments:
                referenced.setdefault(str(attachment.get("sha256")), (cid, event.id))
        if progress:
            progress(len(events))
    found = set()
    for row in store.attachment_rows(set(referenced)):
        found.add(row["sha256"])
        report.attachments += 1
        report.problems += check_attachment(row)
    for sha, (cid, event_id) in sorted(referenced.items()):
        if sha not in found:
            report.problems.append(Problem(
                f"attachment {sha[:12]} of event {event_id} is missing from the database", cid, event_id, sha))
    return report
