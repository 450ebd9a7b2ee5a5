"""The shapes rows are read into, and the column lists the store's queries share."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from complaintctl.core.casefile import CaseState, Contacts, channels_of
from complaintctl.core.vocabulary import AMEND, FACT_LABELS, Milestone

EVENT_COLUMNS = "id, case_id, seq, kind, occurred, occurred_utc, recorded_utc, text, details_json, prev_hash, hash"
# What advice reads of a case besides its summary (which holds who spoke last): milestones and corrections.
ADVICE_KINDS = tuple(m.value for m in Milestone) + (AMEND,)


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
        contacts=Contacts(row["last_outbound_utc"], row["last_inbound_utc"], channels_of(row["contact_channels"])),
    )
