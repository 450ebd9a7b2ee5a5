"""Every write of evidence: a new case, an entry appended to a case's chain, a case restored from a bundle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from complaintctl.core import casefile, testpoints
from complaintctl.core.casefile import CaseState, Event
from complaintctl.core.chain import GENESIS, canonical_json, event_hash
from complaintctl.core.clock import iso, utc_stamp
from complaintctl.core.encoding import clean_text
from complaintctl.errors import ComplaintError
from complaintctl.store.connection import StoreBase
from complaintctl.store.reads import Reads
from complaintctl.store.rows import EVENT_COLUMNS

if TYPE_CHECKING:
    from complaintctl.evidence.files import FileEvidence

# When an entry is recorded, decided inside its write from the case's last activity (its UTC stamp; "" for a
# case with none yet): the rule belongs to the action that logs, the last activity to the write lock.
RecordedAt = Callable[[str], datetime]
# The largest case or event number a restore may bring in: new ones are counted on from the highest, and must
# stay within SQLite's 64-bit integers and exact in every JSON reader (2**53).
LARGEST_ID = 2**53 - 1


class Writes(Reads, StoreBase):
    def open_case(
        self,
        facts: dict[str, Any],
        *,
        text: str,
        occurred: datetime,
        recorded: datetime,
        details: dict[str, Any] | None = None,
    ) -> Event:
        """A new case and its first event; ``details`` are kept beside the facts in that event."""
        with self._write():
            case_id = self._next_id("cases")
            state = CaseState(case_id, facts=dict(facts))
            stamp = utc_stamp(recorded)
            self.conn.execute(
                "INSERT INTO cases (id, title, status, resolved, opened_utc, last_activity_utc, events_count,"
                " head_hash) VALUES (?, ?, ?, 0, ?, ?, 0, ?)",
                (case_id, str(facts["title"]), state.status, stamp, stamp, GENESIS),
            )
            return self._append(
                CaseState(case_id),
                kind="opened",
                occurred=occurred,
                recorded=recorded,
                text=text,
                details={**(details or {}), "facts": facts},
                files=[],
            )

    def append(
        self,
        case_id: int,
        *,
        kind: str,
        occurred: datetime,
        recorded: datetime | RecordedAt,
        text: str = "",
        details: dict[str, Any] | None = None,
        files: list[FileEvidence] | None = None,
    ) -> Event:
        with self._write():
            state = self._case_state(case_id)
            return self._append(
                state,
                kind=kind,
                occurred=occurred,
                recorded=recorded if isinstance(recorded, datetime) else recorded(state.last_activity_utc),
                text=text,
                details=dict(details or {}),
                files=files or [],
            )

    def _append(
        self,
        state: CaseState,
        *,
        kind: str,
        occurred: datetime,
        recorded: datetime,
        text: str,
        details: dict[str, Any],
        files: list[FileEvidence],
    ) -> Event:
        for evidence in files:
            self._store_attachment(evidence)
        testpoints.reached("attachments-stored")
        if files:
            details["attachments"] = [{"sha256": f.sha256, "name": f.name} for f in files]
        row: dict[str, Any] = {
            "id": self._next_id("events"),
            "case_id": state.id,
            "seq": state.events_count + 1,
            "kind": kind,
            "occurred": iso(occurred),
            "occurred_utc": utc_stamp(occurred),
            "recorded_utc": utc_stamp(recorded),
            "text": clean_text(text),
            "details_json": clean_text(canonical_json(details)),
            "prev_hash": state.head_hash,
        }
        row["hash"] = event_hash(row)
        self.conn.execute(
            f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (:id, :case_id, :seq, :kind, :occurred, :occurred_utc,"
            " :recorded_utc, :text, :details_json, :prev_hash, :hash)",
            row,
        )
        event = Event(**row)
        self._save_summary(casefile.apply(state, event))
        return event

    def _store_attachment(self, evidence: FileEvidence) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO attachments (sha256, content, size_bytes, media_type, width_px, height_px)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                evidence.sha256,
                evidence.content,
                evidence.size_bytes,
                evidence.media_type,
                evidence.width_px,
                evidence.height_px,
            ),
        )

    def _next_id(self, table: str) -> int:
        # Safe only inside _write(): the write lock makes max(id) + 1 ours, and the id is hashed before insert.
        return int(self.conn.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {table}").fetchone()[0])

    def _save_summary(self, state: CaseState) -> None:
        values = casefile.summary_row(state)
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.conn.execute(f"UPDATE cases SET {assignments} WHERE id = :id", {**values, "id": state.id})
        for promise in (state.promises[event_id] for event_id in sorted(state.touched)):
            self.conn.execute(
                "INSERT OR REPLACE INTO promises (event_id, case_id, what, due, due_utc, state, settled_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    promise.event_id,
                    promise.case_id,
                    promise.what,
                    promise.due,
                    utc_stamp(datetime.fromisoformat(promise.due)),
                    promise.state,
                    promise.settled_by,
                ),
            )

    def notice_once(self, name: str, now_utc: str) -> bool:
        """True the first time a notice is given in this database, False ever after (and when read-only)."""
        if self.read_only:
            return False
        with self._write():
            cursor = self.conn.execute("INSERT OR IGNORE INTO notices (name, shown_utc) VALUES (?, ?)", (name, now_utc))
            return cursor.rowcount == 1

    def restore_case(self, case_id: int, rows: list[dict[str, Any]], files: list[FileEvidence]) -> CaseState:
        """Put back a case exactly as exported: the same ids, the same hashes, the same attachments."""
        numbers = [("case", case_id)] + [("event", row["id"]) for row in rows]
        for what, number in numbers:
            if not isinstance(number, int) or not 1 <= number <= LARGEST_ID:
                raise ComplaintError(
                    f"{what} number {number} is outside what this database can count on from "
                    f"(1 to {LARGEST_ID:,}): nothing was written"
                )
        with self._write():
            if self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone():
                raise ComplaintError(
                    f"case {case_id} already exists here: restore into another database with --db NEW.db"
                )
            ids = [int(row["id"]) for row in rows]
            marks = ", ".join("?" for _ in ids)
            if ids and self.conn.execute(f"SELECT 1 FROM events WHERE id IN ({marks})", ids).fetchone():
                raise ComplaintError(
                    "this database already holds events with the same numbers: restore into "
                    "another database with --db NEW.db"
                )
            for evidence in files:
                self._store_attachment(evidence)
            self.conn.execute(
                "INSERT INTO cases (id, title, status, resolved, opened_utc, last_activity_utc, events_count,"
                " head_hash) VALUES (?, '', 'open', 0, '', '', 0, ?)",
                (case_id, GENESIS),
            )
            events = [Event(**{column: row[column] for column in Event._fields}) for row in rows]
            for event in sorted(events, key=lambda e: e.seq):
                self.conn.execute(
                    f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (:id, :case_id, :seq, :kind, :occurred,"
                    " :occurred_utc, :recorded_utc, :text, :details_json, :prev_hash, :hash)",
                    event._asdict(),
                )
            state = casefile.fold(case_id, events)
            state.touched = set(state.promises)  # a restored case writes all its promises at once
            self._save_summary(state)
            return state
