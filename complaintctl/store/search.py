"""Full-text search over the entries' text and the names and references they carry (FTS5)."""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

from complaintctl.core.clock import to_utc
from complaintctl.errors import ComplaintError
from complaintctl.store.connection import StoreBase

# Markers around matched words in search snippets: control characters cannot occur in stored text.
MATCH_START, MATCH_END = "\x02", "\x03"


class SearchHit(NamedTuple):
    event_id: int
    case_id: int
    case_title: str
    kind: str
    occurred: str
    snippet: str


class Search(StoreBase):
    def search(self, query: str, *, case_id: int | None = None, limit: int = 50) -> list[SearchHit]:
        match = fts_query(query)
        where = "events_fts MATCH ?"
        parameters: list[Any] = [MATCH_START, MATCH_END, match]
        if case_id is not None:
            first, last = self.conn.execute(
                "SELECT min(id), max(id) FROM events WHERE case_id = ?", (case_id,)
            ).fetchone()
            if first is None:
                return []
            # FTS5 seeks to a rowid range itself: only the stretch of the index the case spans is walked, not
            # every match in the database (a common word in a case among a million notes).
            where += " AND events_fts.rowid BETWEEN ? AND ? AND e.case_id = ?"
            parameters += [first, last, case_id]
        parameters.append(limit)
        try:
            rows = self.conn.execute(
                "SELECT e.id AS event_id, e.case_id, c.title AS case_title, e.kind, e.occurred,"
                " snippet(events_fts, -1, ?, ?, '…', 16) AS snippet"
                " FROM events_fts JOIN events e ON e.id = events_fts.rowid JOIN cases c ON c.id = e.case_id"
                # Newest first by rowid: FTS5 walks its index in that order, so LIMIT stops early instead of
                # sorting every match (a common word matches most of a large database).
                f" WHERE {where} ORDER BY events_fts.rowid DESC LIMIT ?",
                parameters,
            ).fetchall()
        except sqlite3.OperationalError:
            raise ComplaintError(f"cannot search for {query!r}: use plain words, optionally ending in *") from None
        hits = [SearchHit(**dict(row)) for row in rows]
        return sorted(hits, key=lambda hit: (to_utc(hit.occurred), hit.event_id))


def fts_query(query: str) -> str:
    """Each word quoted, so that punctuation in what people type is never FTS5 syntax; a trailing * keeps
    its meaning as a prefix search."""
    terms = []
    for word in query.split():
        prefix = word.endswith("*")
        word = word.rstrip("*").replace('"', '""')
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    if not terms:
        raise ComplaintError("the search is empty: give one or more words, e.g. complaintctl search refund")
    return " ".join(terms)
