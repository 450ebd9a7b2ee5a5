"""The SQLite store: opening the file, migrations, and every SQL statement of the project.

The standard ``sqlite3`` module serves every command; sqlite-utils (slow to import) is loaded only when a
migration has to run, so that `log` starts as fast as Typer itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.core import casefile, testpoints
from complaintctl.core.casefile import CaseState, Contacts, Event, Promise
from complaintctl.core.chain import GENESIS, canonical_json, event_hash
from complaintctl.core.clock import iso, override, to_utc, utc_stamp
from complaintctl.core.encoding import clean_text
from complaintctl.core.vocabulary import AMEND, FACT_LABELS, INBOUND_KINDS, OUTBOUND_KINDS, Milestone
from complaintctl.errors import ComplaintError, NotFound
from complaintctl.store.schema import GUARD_TRIGGERS, MIGRATION_SET, MIGRATIONS, MIGRATIONS_TABLE, TRIGGER_SQL

if TYPE_CHECKING:
    from complaintctl.evidence.files import FileEvidence

BUSY_TIMEOUT_S = 60.0
# A clock read before the write lock may trail the last entry by the lock wait; more than this is a wrong clock.
CLOCK_SLACK = timedelta(minutes=5)
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
# Markers around matched words in search snippets: control characters cannot occur in stored text.
MATCH_START, MATCH_END = "\x02", "\x03"


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


class SearchHit(NamedTuple):
    event_id: int
    case_id: int
    case_title: str
    kind: str
    occurred: str
    snippet: str


class AttachmentInfo(NamedTuple):
    sha256: str
    size_bytes: int
    media_type: str
    width_px: int | None
    height_px: int | None


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner alone, before SQLite opens it.

    SQLite gives its -wal and -shm files the same permissions as the database, so they stay private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = connection
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path) -> Store:
        if path.exists() and not _writable(path):
            return cls._open_read_only(path)
        try:
            create_private_file(path)
        except OSError as error:
            raise ComplaintError(
                f"cannot create the database at {path} ({error.strerror}): choose another place with --db"
            ) from None
        connection: sqlite3.Connection | None = None
        try:
            # isolation_level=None: transactions are begun explicitly (see _write), never implicitly.
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError as error:
            if "readonly" in str(error) or "read-only" in str(error):
                if connection is not None:
                    connection.close()
                return cls._open_read_only(path)
            raise ComplaintError(_database_message(path, error)) from None
        except sqlite3.DatabaseError as error:
            raise ComplaintError(_database_message(path, error)) from None
        store = cls(connection, path)
        store._migrate()
        return store

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        """A database on a write-protected stick or folder: everything that only reads still works.

        With the folder read-only too, SQLite cannot make the WAL index beside the file; ``immutable``
        tells it nobody writes there, which a write-protected medium guarantees.
        """
        flags = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S
            )
            connection.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as error:
            raise ComplaintError(_database_message(path, error)) from None
        store = cls(connection, path, read_only=True)
        applied = store._applied_migrations()
        if applied is None or len(applied) < len(MIGRATIONS):
            if applied is not None and all(name in MIGRATIONS for name in applied):
                raise ComplaintError(
                    f"{path} is read-only and needs an upgrade: copy it to a writable place, "
                    "then use --db with the copy"
                )
            store._migrate()  # refuses a newer or foreign file with the same words as ever
        return store

    def close(self) -> None:
        self.conn.close()

    # -- schema -------------------------------------------------------------------------------------------

    def _applied_migrations(self) -> list[str] | None:
        try:
            rows = self.conn.execute(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id", (MIGRATION_SET,)
            ).fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        except sqlite3.DatabaseError as error:
            raise ComplaintError(_database_message(self.path, error)) from None
        return [row[0] for row in rows]

    def _migrate(self) -> None:
        applied = self._applied_migrations()
        if applied is not None:
            unknown = [name for name in applied if name not in MIGRATIONS]
            if unknown:
                raise ComplaintError(
                    f"{self.path} was written by a newer complaintctl (schema {unknown[-1]}): "
                    "upgrade complaintctl to open it"
                )
            if len(applied) == len(MIGRATIONS):
                return
        if applied is None and self._has_foreign_tables():
            raise ComplaintError(f"{self.path} is not a complaintctl database: choose another file with --db")
        from sqlite_utils import Database

        from complaintctl.store.migrations import migrations

        with self._write():
            # Another process may have migrated while we waited for the write lock: pending() re-reads.
            migrations.apply(Database(self.conn))

    def _has_foreign_tables(self) -> bool:
        row = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return bool(row[0])

    def schema_sql(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name"
        ).fetchall()
        return [row[0] for row in rows]

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

    def quick_check(self) -> list[str]:
        """SQLite's own check of the file's structure: ["ok"] when sound."""
        return [str(row[0]) for row in self.conn.execute("PRAGMA quick_check")]

    def search_index_problem(self) -> str | None:
        """FTS5's integrity-check: the search index must hold exactly the events' text."""
        try:
            self.conn.execute("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            if "readonly" in str(error) or "read-only" in str(error):
                return None  # a read-only file cannot run the check; quick_check still covered the file
            return str(error)
        return None

    def id_gaps(self, table: str) -> list[tuple[int, int]]:
        """Ranges of ids missing below the highest one: rows deleted (or cases restored from elsewhere)."""
        rows = self.conn.execute(
            f"SELECT id + 1, (SELECT min(b.id) FROM {table} b WHERE b.id > a.id) - 1 FROM {table} a"
            f" WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.id = a.id + 1)"
            f"   AND a.id < (SELECT max(id) FROM {table})"
        ).fetchall()
        first = self.conn.execute(f"SELECT min(id) FROM {table}").fetchone()[0]
        gaps = [(1, first - 1)] if first and first > 1 else []
        return gaps + [(int(start), int(end)) for start, end in rows]

    def events_by_hash(self, prefix: str) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE hash >= ? AND hash < ? ORDER BY id",
            (prefix, prefix + "g"),  # a range on the text: hex digits sort below "g"
        ).fetchall()
        return [Event._make(row) for row in rows]

    def events_by_id(self, ids: list[int]) -> dict[int, Event]:
        found: dict[int, Event] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ({marks})", chunk):
                event = Event._make(row)
                found[event.id] = event
        return found

    # -- transactions -------------------------------------------------------------------------------------

    def atomic(self) -> AbstractContextManager[None]:
        """Group several writes (many appends, one import) into one transaction: all stored, or none."""
        return self._write()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One atomic write. IMMEDIATE takes the write lock up front, so a concurrent writer waits on the
        busy timeout instead of failing with "database is locked" when its read turns into a write.
        Inside atomic() it joins the transaction already open."""
        if self.conn.in_transaction:
            yield
            return
        if self.read_only:
            raise ComplaintError(
                f"{self.path} is read-only (a write-protected disk or folder): show, verify, "
                "export and backup work; to add to it, copy it somewhere writable and use --db"
            )
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise ComplaintError(_busy_message(error)) from None
        testpoints.reached("write-begun")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        testpoints.reached("write-before-commit")
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self.conn.execute("ROLLBACK")
            raise ComplaintError(_busy_message(error)) from None
        testpoints.reached("write-committed")

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A consistent snapshot across several SELECTs; inside a write it reads what that write holds."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # -- writes -------------------------------------------------------------------------------------------

    def open_case(self, facts: dict[str, Any], *, text: str, occurred: datetime, recorded: datetime) -> Event:
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
                details={"facts": facts},
                files=[],
            )

    def append(
        self,
        case_id: int,
        *,
        kind: str,
        occurred: datetime,
        recorded: datetime,
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
                recorded=recorded,
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
        testpoints.reached("attachments-stored")
        if files:
            details["attachments"] = [{"sha256": f.sha256, "name": f.name} for f in files]
        fixed = override()
        if fixed:  # a replaced clock is part of the record: verify accepts its times only with this mark
            details["clock_override"] = fixed
        elif state.last_activity_utc and utc_stamp(recorded) < state.last_activity_utc:
            last = datetime.fromisoformat(state.last_activity_utc)
            if recorded < last - CLOCK_SLACK:
                raise ComplaintError(
                    f"the system clock reads {utc_stamp(recorded)[:19]} UTC, before this case's last "
                    f"entry ({state.last_activity_utc[:19]} UTC): set the clock right, then try again"
                )
            recorded = last  # recorded after the entry before it, whatever a slow lock made the clock say
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

    def _next_id(self, table: str) -> int:
        # Safe only inside _write(): the write lock makes max(id) + 1 ours, and the id is hashed before insert.
        return int(self.conn.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {table}").fetchone()[0])

    def _save_summary(self, state: CaseState) -> None:
        fact_columns = list(FACT_LABELS)
        assignments = ", ".join(f"{name} = :{name}" for name in fact_columns)
        values = {name: state.facts.get(name) for name in fact_columns}
        values.update(
            id=state.id,
            status=state.status,
            resolved=int(state.resolved),
            opened_utc=state.opened_utc,
            last_activity_utc=state.last_activity_utc,
            events_count=state.events_count,
            head_hash=state.head_hash,
        )
        self.conn.execute(
            f"UPDATE cases SET {assignments}, status = :status, resolved = :resolved, opened_utc = :opened_utc,"
            " last_activity_utc = :last_activity_utc, events_count = :events_count, head_hash = :head_hash"
            " WHERE id = :id",
            values,
        )
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

    # -- reads --------------------------------------------------------------------------------------------

    def case_state(self, case_id: int) -> CaseState:
        with self._read():
            return self._case_state(case_id)

    def _case_state(self, case_id: int) -> CaseState:
        row = self.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no case {case_id}: `complaintctl list` shows your cases")
        state = _state_of(row)
        for promise in self.conn.execute(
            "SELECT event_id, case_id, what, due, state, settled_by FROM promises WHERE case_id = ? ORDER BY event_id",
            (case_id,),
        ):
            state.promises[promise["event_id"]] = Promise(**dict(promise))
        return state

    def cached_advice(self, packs: str, now_utc: str) -> tuple[dict[int, str], set[int]]:
        """Every open case's cached advice that still holds (computed at its current chain head, with these
        packs, not later than now, and not yet due to change), and the open cases that have none."""
        with self._read():
            valid = {
                row[0]: row[1]
                for row in self.conn.execute(
                    "SELECT c.id, a.advice_json FROM cases c JOIN advice_cache a ON a.case_id = c.id"
                    " AND a.head_hash = c.head_hash WHERE c.resolved = 0 AND a.packs = ? AND a.computed_utc <= ?"
                    " AND a.valid_until_utc > ?",
                    (packs, now_utc, now_utc),
                )
            }
            stale = {row[0] for row in self.conn.execute("SELECT id FROM cases WHERE resolved = 0")} - set(valid)
        return valid, stale

    def save_advice(self, rows: list[tuple[int, str, str, str, str, str]]) -> None:
        """(case id, head hash, packs, computed at, valid until, JSON) rows; skipped when the file is read-only or
        another command holds the write lock, since a cache must never make a reading command wait or fail."""
        if self.read_only or not rows:
            return
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO advice_cache"
                " (case_id, head_hash, packs, computed_utc, valid_until_utc, advice_json) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            self.conn.execute("ROLLBACK")

    def open_cases_advice_inputs(
        self, only: set[int] | None = None
    ) -> list[tuple[CaseState, list[Event], Contacts, list[Event]]]:
        """advice_inputs for every open case, and each one's emails, in five queries instead of five per case:
        `next` and `agenda` over 10,000 cases would otherwise spend most of their time asking."""
        marks = ", ".join("?" for _ in ADVICE_KINDS)
        open_ids = "SELECT id FROM cases WHERE resolved = 0"
        if only is not None:  # a few stale cases among many: name them rather than read every open one
            open_ids = f"SELECT value FROM json_each('{json.dumps(sorted(only))}')"
        with self._read():
            states = {
                row["id"]: _state_of(row)
                for row in self.conn.execute(
                    f"SELECT * FROM cases WHERE resolved = 0 AND id IN ({open_ids}) ORDER BY id"
                )
            }
            for promise in self.conn.execute(
                "SELECT event_id, case_id, what, due, state, settled_by FROM promises"
                f" WHERE case_id IN ({open_ids}) ORDER BY case_id, event_id"
            ):
                states[promise["case_id"]].promises[promise["event_id"]] = Promise(**dict(promise))
            milestones: dict[int, list[Event]] = {case_id: [] for case_id in states}
            for row in self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE kind IN ({marks}) AND case_id IN ({open_ids})"
                " ORDER BY case_id, seq",
                ADVICE_KINDS,
            ):
                milestones[row["case_id"]].append(Event._make(row))
            emails: dict[int, list[Event]] = {case_id: [] for case_id in states}
            for row in self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE kind = 'email' AND case_id IN ({open_ids})"
                " ORDER BY case_id, seq"
            ):
                emails[row["case_id"]].append(Event._make(row))
            contacts = {case_id: Contacts(None, None, ()) for case_id in states}
            for case_id, last_out, last_in, channels in self.conn.execute(
                f"SELECT case_id, {CONTACTS_COLUMNS} FROM events WHERE case_id IN ({open_ids}) GROUP BY case_id"
            ):
                contacts[case_id] = _contacts(last_out, last_in, channels)
        return [(state, milestones[case_id], contacts[case_id], emails[case_id]) for case_id, state in states.items()]

    def case_with_events(self, case_id: int) -> tuple[CaseState, list[Event]]:
        with self._read():
            state = self._case_state(case_id)
            return state, self._events(case_id)

    def _events(self, case_id: int) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq", (case_id,)
        ).fetchall()
        return [Event._make(row) for row in rows]

    def advice_inputs(self, case_id: int) -> tuple[CaseState, list[Event], Contacts]:
        """What advice needs, without loading every note: milestones and their corrections, and who spoke last."""
        marks = ", ".join("?" for _ in ADVICE_KINDS)
        with self._read():
            state = self._case_state(case_id)
            rows = self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind IN ({marks}) ORDER BY seq",
                (case_id, *ADVICE_KINDS),
            ).fetchall()
            last_out, last_in, channels = self.conn.execute(
                f"SELECT {CONTACTS_COLUMNS} FROM events WHERE case_id = ?", (case_id,)
            ).fetchone()
        return state, [Event._make(row) for row in rows], _contacts(last_out, last_in, channels)

    def find_email(self, case_id: int, message_id: str | None, sha256: str) -> int | None:
        """The event that already holds this message in the case (same Message-ID, or the same bytes).

        Each question is written exactly as its partial index (m003) is, so SQLite answers from the index."""
        found = [
            row[0]
            for row in self.conn.execute(
                "SELECT min(id) FROM events WHERE case_id = ? AND kind = 'email'"
                " AND json_extract(details_json, '$.email.sha256') = ?",
                (case_id, sha256),
            )
        ]
        if message_id is not None:
            found += [
                row[0]
                for row in self.conn.execute(
                    "SELECT min(id) FROM events WHERE case_id = ? AND kind = 'email'"
                    " AND json_extract(details_json, '$.email.message_id') = ?",
                    (case_id, message_id),
                )
            ]
        ids = [int(i) for i in found if i is not None]
        return min(ids) if ids else None

    def events_of_kind(self, case_id: int, kind: str) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind = ? ORDER BY seq", (case_id, kind)
        ).fetchall()
        return [Event._make(row) for row in rows]

    def case_outcomes(self) -> list[tuple[str, bool, str | None, str | None]]:
        """Per case: issue, resolved, when its first event happened, when it was resolved (for `stats`)."""
        rows = self.conn.execute(
            "SELECT coalesce(c.issue, ''), c.resolved,"
            " (SELECT min(occurred_utc) FROM events e WHERE e.case_id = c.id),"
            " (SELECT max(occurred_utc) FROM events e WHERE e.case_id = c.id AND e.kind = 'resolved')"
            " FROM cases c ORDER BY c.id"
        ).fetchall()
        return [(row[0], bool(row[1]), row[2], row[3]) for row in rows]

    def open_case_ids(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT id FROM cases WHERE resolved = 0 ORDER BY id")]

    def event(self, event_id: int) -> Event:
        row = self.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no event {event_id}: `complaintctl show CASE` lists the event numbers")
        return Event._make(row)

    def attachments_info(self, shas: list[str]) -> dict[str, AttachmentInfo]:
        if not shas:
            return {}
        marks = ", ".join("?" for _ in shas)
        rows = self.conn.execute(
            f"SELECT sha256, size_bytes, media_type, width_px, height_px FROM attachments WHERE sha256 IN ({marks})",
            shas,
        ).fetchall()
        return {row["sha256"]: AttachmentInfo(**dict(row)) for row in rows}

    def attachment_content(self, sha256: str) -> bytes:
        row = self.conn.execute("SELECT content FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFound(f"there is no attachment {sha256[:12]}: `complaintctl show CASE` lists them")
        return bytes(row[0])

    def cases(self, *, now_utc: str, include_resolved: bool = True, limit: int | None = None) -> list[CaseSummary]:
        where = "" if include_resolved else "WHERE c.resolved = 0"
        rows = self.conn.execute(
            "SELECT c.id, c.title, c.status, c.resolved, c.marketplace, c.order_id, c.last_activity_utc,"
            " c.events_count,"
            " (SELECT count(*) FROM promises p WHERE p.case_id = c.id AND p.state = 'open') AS open_promises,"
            " (SELECT count(*) FROM promises p WHERE p.case_id = c.id AND p.state = 'open' AND p.due_utc < ?)"
            "   AS overdue_promises"
            f" FROM cases c {where} ORDER BY c.last_activity_utc DESC, c.id DESC LIMIT ?",
            (now_utc, -1 if limit is None else limit),
        ).fetchall()
        return [CaseSummary(**{**dict(row), "resolved": bool(row["resolved"])}) for row in rows]

    def search(self, query: str, *, case_id: int | None = None, limit: int = 50) -> list[SearchHit]:
        match = _fts_query(query)
        where = "events_fts MATCH ?" + (" AND e.case_id = ?" if case_id is not None else "")
        parameters: list[Any] = [MATCH_START, MATCH_END, match]
        if case_id is not None:
            parameters.append(case_id)
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

    # -- integrity ----------------------------------------------------------------------------------------

    def chains(self, case_id: int | None = None) -> Iterator[tuple[sqlite3.Row | None, int, list[Event]]]:
        """Each case's summary row and its events in chain order, one case at a time (memory stays flat).

        Events whose case has no summary row are yielded too, with ``None``: a deleted case is evidence lost.
        """
        with self._read():
            if case_id is None:
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT id FROM cases UNION SELECT DISTINCT case_id FROM events ORDER BY 1"
                    )
                ]
            else:
                ids = [case_id]
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

    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API: safe while another process writes."""
        try:
            create_private_file(target)
            destination = sqlite3.connect(target)
        except (OSError, sqlite3.Error) as error:
            raise ComplaintError(f"cannot write the backup to {target} ({error}): choose another place") from None
        try:
            with destination:
                self.conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        except sqlite3.Error as error:
            raise ComplaintError(f"the backup to {target} failed ({error}): try again") from None
        finally:
            destination.close()

    def restore_case(self, case_id: int, rows: list[dict[str, Any]], files: list[FileEvidence]) -> CaseState:
        """Put back a case exactly as exported: the same ids, the same hashes, the same attachments."""
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
                self.conn.execute(
                    "INSERT OR IGNORE INTO attachments (sha256, content, size_bytes, media_type, width_px,"
                    " height_px) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        evidence.sha256,
                        evidence.content,
                        evidence.size_bytes,
                        evidence.media_type,
                        evidence.width_px,
                        evidence.height_px,
                    ),
                )
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


def _contacts(last_out: str | None, last_in: str | None, channels: str | None) -> Contacts:
    return Contacts(last_out, last_in, tuple(sorted(channels.split(","))) if channels else ())


def _state_of(row: sqlite3.Row) -> CaseState:
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


def _fts_query(query: str) -> str:
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


def _busy_message(error: sqlite3.OperationalError) -> str:
    if "locked" in str(error) or "busy" in str(error):
        return f"the database stayed busy for {BUSY_TIMEOUT_S:.0f} s (another complaintctl is writing): try again"
    return f"the database refused the write ({error}): check the disk and run `complaintctl verify`"


def _database_message(path: Path, error: sqlite3.DatabaseError) -> str:
    if "not a database" in str(error) or "malformed" in str(error):
        return f"{path} is not a readable complaintctl database ({error}): choose another file with --db"
    return f"cannot open {path} ({error}): check the path and its permissions"
