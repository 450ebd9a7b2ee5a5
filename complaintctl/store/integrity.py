"""What `verify` asks of the file beyond the chains' contents: the guards, SQLite's own checks, the ids."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from complaintctl.core.casefile import Event
from complaintctl.errors import NotFound
from complaintctl.store.connection import BUSY_TIMEOUT_S
from complaintctl.store.reads import Reads
from complaintctl.store.schema import GUARD_TRIGGERS, TRIGGER_SQL


class Integrity(Reads):
    def missing_guards(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        present = {row[0] for row in rows}
        return [name for name in GUARD_TRIGGERS if name not in present]

    def altered_triggers(self) -> list[str]:
        """Triggers present under their name whose SQL is not what the migrations wrote (or that are missing)."""
        rows = self.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        present = {row[0]: " ".join(str(row[1]).split()) for row in rows}
        return [name for name, sql in TRIGGER_SQL.items() if name in present and present[name] != sql]

    def missing_index_triggers(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        present = {row[0] for row in rows}
        return [name for name in TRIGGER_SQL if name not in GUARD_TRIGGERS and name not in present]

    def file_checks(self) -> tuple[list[str], str | None]:
        """SQLite's quick_check of the file's structure (["ok"] when sound) and FTS5's integrity-check (None when
        the search index holds exactly the events' text). They read every page: on a connection of their own
        when the file allows one, so a caller can run them in a thread while it walks the chains on this one
        (SQLite lets go of the interpreter's lock while it works)."""
        if self.read_only:
            return self._file_checks(self.conn)
        own = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            return self._file_checks(own)
        finally:
            own.close()

    @staticmethod
    def _file_checks(connection: sqlite3.Connection) -> tuple[list[str], str | None]:
        quick = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        try:
            connection.execute("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            if "readonly" in str(error) or "read-only" in str(error):
                return quick, None  # a read-only file cannot run the check; quick_check still covered the file
            return quick, str(error)
        return quick, None

    def id_gaps(self, table: str) -> list[tuple[int, int]]:
        """Ranges of ids missing below the highest one: rows deleted (or cases restored from elsewhere)."""
        count, first, last = self.conn.execute(f"SELECT count(*), min(id), max(id) FROM {table}").fetchone()
        if not count or (first == 1 and last == count):  # ids 1 to n, all there: no gap (one pass, not a seek per id)
            return []
        rows = self.conn.execute(
            f"SELECT id + 1, (SELECT min(b.id) FROM {table} b WHERE b.id > a.id) - 1 FROM {table} a"
            f" WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.id = a.id + 1)"
            f"   AND a.id < (SELECT max(id) FROM {table})"
        ).fetchall()
        gaps = [(1, first - 1)] if first > 1 else []
        return gaps + [(int(start), int(end)) for start, end in rows]

    def chain_sizes(self) -> list[tuple[int, int]]:
        """Every case id with events or a summary row, in order, with its recorded number of events (0 for a case
        row that is gone): how `verify` shares the walk between two processes. The counts only balance the
        work; the walk itself trusts none of them."""
        rows = self.conn.execute(
            "SELECT ids.id, coalesce(c.events_count, 0) FROM"
            " (SELECT id FROM cases UNION SELECT DISTINCT case_id FROM events) ids"
            " LEFT JOIN cases c ON c.id = ids.id ORDER BY 1"
        ).fetchall()
        return [(int(row[0]), int(row[1]) if isinstance(row[1], int) else 0) for row in rows]

    def chains(
        self, case_id: int | None = None, case_ids: Sequence[int] | None = None
    ) -> Iterator[tuple[sqlite3.Row | None, int, list[Event]]]:
        """Each case's summary row and its events in chain order, one case at a time (memory stays flat): one
        case, the cases named, or all of them.

        Events whose case has no summary row are yielded too, with ``None``: a deleted case is evidence lost.
        """
        with self._read():
            if case_id is not None:
                ids: Sequence[int] = [case_id]
            elif case_ids is not None:
                ids = case_ids
            else:
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT id FROM cases UNION SELECT DISTINCT case_id FROM events ORDER BY 1"
                    )
                ]
            for cid in ids:
                row = self.conn.execute("SELECT * FROM cases WHERE id = ?", (cid,)).fetchone()
                if row is None and case_id is not None:
                    raise NotFound(f"there is no case {case_id}: `complaintctl list` shows your cases")
                yield row, cid, self._events(cid)

    def promise_rows(self, case_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT event_id, case_id, what, due, due_utc, state, settled_by FROM promises WHERE case_id = ?"
            " ORDER BY event_id",
            (case_id,),
        ).fetchall()
        return [dict(row) for row in rows]

    def attachment_rows(self, shas: set[str]) -> Iterator[sqlite3.Row]:
        for sha in sorted(shas):
            row = self.conn.execute("SELECT * FROM attachments WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                yield row
