"""Cases, events and search hits as plain data: what `--json` prints (and, later, what exports carry)."""

from __future__ import annotations

from typing import Any

from complaintctl.core.casefile import CaseState, Event, promise_document
from complaintctl.core.timeline import TimelineEntry
from complaintctl.evidence.files import AttachmentInfo
from complaintctl.store import CaseSummary, SearchHit


def event_document(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "case": event.case_id,
        "seq": event.seq,
        "kind": event.kind,
        "occurred": event.occurred,
        "recorded_utc": event.recorded_utc,
        "text": event.text,
        "details": event.details,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def case_document(
    state: CaseState,
    entries: list[TimelineEntry],
    attachments: dict[str, AttachmentInfo],
    now_utc: str,
) -> dict[str, Any]:
    promises = [promise_document(p, now_utc) for p in state.promises.values()]
    return {
        "id": state.id,
        "facts": state.facts,
        "status": state.status,
        "resolved": state.resolved,
        "opened_utc": state.opened_utc,
        "last_activity_utc": state.last_activity_utc,
        "events_count": state.events_count,
        "chain_head": state.head_hash,
        "promises": promises,
        "open_promises": sum(p["state"] == "open" for p in promises),
        "overdue_promises": sum(p["overdue"] for p in promises),
        "timeline": [
            {
                **event_document(entry.event),
                "text": entry.text,
                "occurred": entry.occurred,
                "fields": entry.fields,
                "backdated": entry.event.backdated,
                "clock_override": entry.event.details.get("clock_override"),
                "corrected_by": [c.id for c in entry.corrections],
                "original": (
                    {"text": entry.event.text, "occurred": entry.event.occurred} if entry.corrections else None
                ),
                "attachments": [
                    {**a, **(attachments[a["sha256"]]._asdict() if a.get("sha256") in attachments else {})}
                    for a in entry.event.attachments
                ],
            }
            for entry in entries
        ],
    }


def summary_document(summary: CaseSummary) -> dict[str, Any]:
    return summary._asdict()


def hit_document(hit: SearchHit, start: str, end: str) -> dict[str, Any]:
    document = hit._asdict()
    document["snippet"] = hit.snippet.replace(start, "").replace(end, "")
    return document
