"""The shapes rows are read into, and the column lists the store's queries share."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from complaintctl.core.casefile import CaseState, Contacts
from complaintctl.core.vocabulary import AMEND, FACT_LABELS, INBOUND_KINDS, OUTBOUND_KINDS, Milestone

EVENT_COLUMNS = "id, case_id, seq, kind, occurred, occurred_utc, recorded_utc, text, details_json, prev_hash, hash"
# What advice reads of a case besides its summary: milestones and corrections, and who spoke last (the same
# questions for one case and for every open case; casefile.contacts_of answers the last from the events).
ADVICE_KINDS = tuple(m.value for m in Milestone) + (AMEND,)
CONTACTS_COLUMNS = (
    "max(CASE WHEN json_extract(details_json, '$.direction') = 'outbound'"
    f" OR kind IN ({', '.join(repr(k) for k in OUTBOUND_KINDS)}) THEN occurred_utc END),"
    " max(CASE WHEN json_extract(details_json, '$.direction') = 'inbound'"
    f" OR kind IN ({', '.join(repr(k) for k in INBOUND_KINDS)}) THEN occurred_utc END),"
    " group_concat(DISTINCT json_extract(details_json, '$.channel'))"
)


class CaseSummary(NamedTuple):
    id: int
    title: str
    status: str
    resolved: bool
    marketplace: str | None
    order_id: str | None
    last_activity_utc: str
    events_count: int
    open_promises: int
    overdue_promises: int


def contacts(last_out: str | None, last_in: str | None, channels: str | None) -> Contacts:
    return Contacts(last_out, last_in, tuple(sorted(channels.split(","))) if channels else ())


def state_of(row: sqlite3.Row) -> CaseState:
    return CaseState(
        id=row["id"],
        facts={name: row[name] for name in FACT_LABELS if row[name] is not None},
        status=row["status"],
        resolved=bool(row["resolved"]),
        opened_utc=row["opened_utc"],
        last_activity_utc=row["last_activity_utc"],
        events_count=row["events_count"],
        head_hash=row["head_hash"],
    )
