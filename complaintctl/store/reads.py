"""Reading cases and their events: summaries, timelines, what advice needs, single events and attachments."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING

from complaintctl.core.casefile import CaseState, Contacts, Event, Promise, correction_of
from complaintctl.core.vocabulary import AMEND
from complaintctl.errors import NotFound
from complaintctl.store.connection import StoreBase
from complaintctl.store.rows import (
    ADVICE_KINDS,
    EVENT_COLUMNS,
    CaseSummary,
    state_of,
)

if TYPE_CHECKING:
    from complaintctl.evidence.files import AttachmentInfo

# When a promise falls due, as clock.falls_due says: a due time at 00:00:00 in its own zone is a day, due by its
# end (the next midnight, in UTC). due_utc itself stays the moment typed: verify recomputes it as such.
_as_event = partial(tuple.__new__, Event)  # Event._make without its Python frame (rows have Event's width)

FALLS_DUE_UTC = (
    "(CASE WHEN substr(p.due, 12, 8) = '00:00:00'"
    " THEN strftime('%Y-%m-%dT%H:%M:%S', p.due_utc, '+1 day') ELSE p.due_utc END)"
)


class Reads(StoreBase):
    def case_state(self, case_id: int) -> CaseState:
        with self._read():
            return self._case_state(case_id)

    def _case_state(self, case_id: int) -> CaseState:
        row = self.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no case {case_id}: `complaintctl list` shows your cases")
        state = state_of(row)
        for promise in self.conn.execute(
            "SELECT event_id, case_id, what, due, state, settled_by FROM promises WHERE case_id = ? ORDER BY event_id",
            (case_id,),
        ):
            state.promises[promise["event_id"]] = Promise(**dict(promise))
        return state

    def cases(self, *, now_utc: str, include_resolved: bool = True, limit: int | None = None) -> list[CaseSummary]:
        where = "" if include_resolved else "WHERE c.resolved = 0"
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: `list` reads 10,000 rows
        rows = cursor.execute(
            "SELECT c.id, c.title, c.status, c.resolved, c.marketplace, c.order_id, c.last_activity_utc,"
            " c.events_count,"
            " (SELECT count(*) FROM promises p WHERE p.case_id = c.id AND p.state = 'open') AS open_promises,"
            " (SELECT count(*) FROM promises p WHERE p.case_id = c.id AND p.state = 'open' AND"
            f" {FALLS_DUE_UTC} < ?) AS overdue_promises"
            f" FROM cases c {where} ORDER BY c.last_activity_utc DESC, c.id DESC LIMIT ?",
            (now_utc, -1 if limit is None else limit),
        ).fetchall()
        return [
            CaseSummary(number, title, status, bool(resolved), marketplace, order, last, count, promised, overdue)
            for number, title, status, resolved, marketplace, order, last, count, promised, overdue in rows
        ]

    def open_case_ids(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT id FROM cases WHERE resolved = 0 ORDER BY id")]

    def case_outcomes(self) -> list[tuple[str, bool, str | None, str | None]]:
        """Per case: issue, resolved, when its first event happened, when it was resolved (for `stats`)."""
        rows = self.conn.execute(
            "SELECT coalesce(c.issue, ''), c.resolved,"
            " (SELECT min(occurred_utc) FROM events e WHERE e.case_id = c.id),"
            " (SELECT max(occurred_utc) FROM events e WHERE e.case_id = c.id AND e.kind = 'resolved')"
            " FROM cases c ORDER BY c.id"
        ).fetchall()
        return [(row[0], bool(row[1]), row[2], row[3]) for row in rows]

    # -- events -------------------------------------------------------------------------------------------

    def case_with_events(self, case_id: int) -> tuple[CaseState, list[Event]]:
        with self._read():
            state = self._case_state(case_id)
            return state, self._events(case_id)

    def latest_events(self, case_id: int, count: int) -> tuple[CaseState, list[Event], int]:
        """What the last ``count`` entries of a case's timeline are made of, without reading the whole case:
        the latest ``count`` events by when they happened (one more for each correction, since a correction
        may move an entry in time), every correction, and every event a correction names. With them, the
        number of events that are not corrections (corrections fold into the entries they name)."""
        with self._read():
            state = self._case_state(case_id)
            corrections = [
                Event._make(row)
                for row in self.conn.execute(
                    f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind = ? ORDER BY seq",
                    (case_id, AMEND),
                )
            ]
            latest = [
                Event._make(row)
                for row in self.conn.execute(
                    f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind != ?"
                    " ORDER BY occurred_utc DESC, seq DESC LIMIT ?",
                    (case_id, AMEND, count + len(corrections)),
                )
            ]
            named = {found.corrects for found in map(correction_of, corrections) if found is not None}
            corrected = self.events_by_id(sorted(int(number) for number in named))
        found = {event.id: event for event in latest + corrections}
        found.update({number: event for number, event in corrected.items() if event.case_id == case_id})
        return state, sorted(found.values(), key=lambda event: event.seq), state.events_count - len(corrections)

    def _events(self, case_id: int) -> list[Event]:
        # Plain tuples made Events in C: `verify` reads every event of the database through here, and a
        # sqlite3.Row then a Python-level Event._make per row were a third of reading them.
        cursor = self.conn.cursor()
        cursor.row_factory = None
        rows = cursor.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq", (case_id,))
        return list(map(_as_event, rows.fetchall()))

    def events_of_kind(self, case_id: int, kind: str) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind = ? ORDER BY seq", (case_id, kind)
        ).fetchall()
        return [Event._make(row) for row in rows]

    def exports_naming(self, sha256: str) -> list[Event]:
        """The export events whose record holds this SHA-256 (of the file written, or of a document in it)."""
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE kind = 'exported' AND instr(details_json, ?) > 0 ORDER BY id",
            (sha256,),
        ).fetchall()
        return [Event._make(row) for row in rows]

    def event(self, event_id: int) -> Event:
        row = self.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no event {event_id}: `complaintctl show CASE` lists the event numbers")
        return Event._make(row)

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

    def find_transcript(self, case_id: int, sha256: str) -> int | None:
        """The transcript event of the case that already holds these bytes (a case has a few transcripts:
        no index needed)."""
        row = self.conn.execute(
            "SELECT min(events.id) FROM events, json_each(events.details_json, '$.attachments') AS file"
            " WHERE events.case_id = ? AND events.kind = 'transcript' AND json_valid(events.details_json)"
            " AND json_extract(file.value, '$.sha256') = ?",
            (case_id, sha256),
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    # -- what advice reads --------------------------------------------------------------------------------

    def advice_inputs(self, case_id: int) -> tuple[CaseState, list[Event], Contacts]:
        """What advice needs, without loading every note: milestones and their corrections, and who spoke last
        (kept in the case row by every write: no event is read for it)."""
        marks = ", ".join("?" for _ in ADVICE_KINDS)
        with self._read():
            state = self._case_state(case_id)
            rows = self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? AND kind IN ({marks}) ORDER BY seq",
                (case_id, *ADVICE_KINDS),
            ).fetchall()
        return state, [Event._make(row) for row in rows], state.contacts

    def open_cases_advice_inputs(
        self, only: set[int] | None = None
    ) -> list[tuple[CaseState, list[Event], Contacts, list[Event]]]:
        """advice_inputs for every open case, and each one's emails, in four queries instead of four per case:
        `next` and `agenda` over 10,000 cases would otherwise spend most of their time asking."""
        marks = ", ".join("?" for _ in ADVICE_KINDS)
        open_ids = "SELECT id FROM cases WHERE resolved = 0"
        if only is not None:  # a few stale cases among many: name them rather than read every open one
            open_ids = f"SELECT value FROM json_each('{json.dumps(sorted(only))}')"
        with self._read():
            states = {
                row["id"]: state_of(row)
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
        return [(state, milestones[case_id], state.contacts, emails[case_id]) for case_id, state in states.items()]

    # -- attachments --------------------------------------------------------------------------------------

    def attachments_info(self, shas: list[str]) -> dict[str, AttachmentInfo]:
        if not shas:
            return {}
        # Here, not at the top: evidence.files is not needed on `log`'s path.
        from complaintctl.evidence.files import AttachmentInfo

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
