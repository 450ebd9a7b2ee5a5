"""What one case's chain must be, checked without the rest of the database: the hashes and their order, the
summary row and promises the events add up to, the last external anchor, the attachments named. Pure: `verify`
runs it here, or in a second process for half of a large database (actions/verify_split.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple

from complaintctl.core.casefile import Event, fold, summary_row
from complaintctl.core.chain import GENESIS, stored_hash
from complaintctl.core.clock import utc_stamp

# OpenSSL's SHA-256, loaded anyway by this command: faster than the interpreter's own over a million events.
sha256 = hashlib.sha256

ANCHOR_KINDS = ("stamped", "exported", "sealed")  # what fixes a chain head outside this machine
_kind = attrgetter("kind")


@dataclass(frozen=True)
class Problem:
    message: str
    case_id: int | None = None
    event_id: int | None = None
    attachment: str | None = None


def check_chain(case_id: int, events: list[Event]) -> list[Problem]:
    """Each event numbered in turn, following the one before it, hashing to its stored hash, and recorded no
    earlier than the one before it. One tight pass: `verify` runs it over every event of the database."""
    problems = []
    expected_prev = GENESIS
    previous_recorded = ""
    for position, event in enumerate(events, start=1):
        event_id, _, seq, _, _, _, recorded_utc, _, _, prev_hash, recorded_hash = event
        if seq != position:
            problems.append(
                Problem(
                    f"event {event_id} is number {seq} of case {case_id} where {position} was expected: "
                    "an event before it was deleted or moved",
                    case_id,
                    event_id,
                )
            )
        elif prev_hash != expected_prev:
            problems.append(
                Problem(
                    f"event {event_id} does not follow the event before it: events were deleted, inserted or reordered",
                    case_id,
                    event_id,
                )
            )
        try:
            intact = stored_hash(event, sha256) == recorded_hash  # the stored columns, in the chain's order
        except (TypeError, ValueError):  # a BLOB written into a column: complaintctl never stores one there
            intact = False
        if not intact:
            problems.append(Problem(f"event {event_id} was changed after it was recorded", case_id, event_id))
        try:
            retimed = recorded_utc < previous_recorded
        except TypeError:  # a time edited into another type: the hash above names the event already
            retimed = False
        if retimed and position > 1 and "clock_override" not in event.details:
            problems.append(
                Problem(
                    f"event {event_id} was recorded before the event preceding it: the record was re-timed",
                    case_id,
                    event_id,
                )
            )
        expected_prev = recorded_hash
        previous_recorded = recorded_utc
    return problems


def _utc(due: str) -> str | None:
    try:
        return utc_stamp(datetime.fromisoformat(due))
    except (TypeError, ValueError):
        return None


def check_summary(case_id: int, row: Any, events: list[Event], promise_rows: list[dict[str, Any]]) -> list[Problem]:
    """The case row and its promises must be exactly what the events add up to."""
    if row is None:
        return [
            Problem(
                f"event {e.id} names case {case_id}, which does not exist: the event was moved, or its case deleted",
                case_id,
                e.id,
            )
            for e in events
        ]
    if not events:
        return [Problem(f"case {case_id} has no events: its opening event was deleted", case_id)]
    try:
        state = fold(case_id, events)
    except Exception:  # verify must report damage of any shape, never stop at it
        return [Problem(f"case {case_id}'s events cannot be read back: their data was damaged", case_id)]
    if row["events_count"] > len(events):
        missing = row["events_count"] - len(events)
        return [Problem(f"case {case_id} lost its last {missing} event(s): they were deleted", case_id)]
    expected = summary_row(state)
    differing = sorted(name for name, value in expected.items() if row[name] != value)
    promises = [
        {
            "event_id": p.event_id,
            "case_id": p.case_id,
            "what": p.what,
            "due": p.due,
            "due_utc": _utc(p.due),
            "state": p.state,
            "settled_by": p.settled_by,
        }
        for p in sorted(state.promises.values(), key=lambda p: p.event_id)
    ]
    if promises != promise_rows:
        differing.append("promises")
    if differing:
        return [
            Problem(
                f"case {case_id}'s summary ({', '.join(differing)}) does not match its events: "
                "it was edited outside complaintctl",
                case_id,
            )
        ]
    return []


class CaseWalk(NamedTuple):
    """What `verify` learnt of one case: all it needs to merge into its report, wherever the case was walked."""

    case_id: int
    events: int
    problems: list[Problem]
    head: str | None
    stamped: bool  # holds a stamp: checked where the trusted anchors are (the first process)
    unanchored: tuple[int, Event | None, int] | None  # (case, its last stamp or export, entries after it)
    referenced: list[tuple[str, int, int]]  # (attachment SHA-256, case, event), in the order of the chain


def walk_case(case_id: int, row: Any, events: list[Event], promise_rows: list[dict[str, Any]]) -> CaseWalk:
    problems = check_chain(case_id, events) + check_summary(case_id, row, events, promise_rows)
    kinds = set(map(_kind, events))
    anchor = None
    if not kinds.isdisjoint(ANCHOR_KINDS):
        anchor = next((n for n in range(len(events) - 1, -1, -1) if events[n].kind in ANCHOR_KINDS), None)
    unanchored = None
    if anchor is None or anchor < len(events) - 1:
        after = len(events) - 1 - anchor if anchor is not None else len(events)
        unanchored = (case_id, events[anchor] if anchor is not None else None, after)
    referenced = []
    for event in events:
        if '"attachments"' not in event.details_json:  # most events have none: skip parsing them again
            continue
        referenced += [(str(attachment.get("sha256")), case_id, event.id) for attachment in event.attachments]
    head = events[-1].hash if events else None
    return CaseWalk(case_id, len(events), problems, head, "stamped" in kinds, unanchored, referenced)
