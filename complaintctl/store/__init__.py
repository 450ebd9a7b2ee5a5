"""The SQLite store: every SQL statement of the project. Callers import from here; the parts live beside."""

from complaintctl.store.db import Store
from complaintctl.store.rows import EVENT_COLUMNS, CaseSummary
from complaintctl.store.search import MATCH_END, MATCH_START, SearchHit
from complaintctl.store.writes import RecordedAt

__all__ = [
    "EVENT_COLUMNS",
    "MATCH_END",
    "MATCH_START",
    "CaseSummary",
    "RecordedAt",
    "SearchHit",
    "Store",
]
