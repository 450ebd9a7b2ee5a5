"""Each open case's advice, kept until its chain, the rule packs or the time it could change: a cache, not
evidence, so it never makes a reading command wait or fail."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from complaintctl.store.connection import BUSY_TIMEOUT_S, StoreBase


class AdviceCache(StoreBase):
    def cached_advice(
        self, facts: Sequence[str], now_utc: str, last_key: str | None = None
    ) -> list[tuple[int, tuple[Any, ...], str | None, str | None]]:
        """Every open case with the values of the facts named, in their order (None for a fact that is not a
        summary column), and its cached advice if that still holds at its current chain head: (case id, values,
        packs signature, JSON), the last two None when nothing holds (computed later than now, due to change,
        or for another head). Plain tuples: `next` reads 10,000 of them. With ``last_key``, the JSON object
        is cut before the first `, "key": ` (as json.dumps writes a key; a string holds its quotes escaped) and
        closed: what a listing needs stands before that key, and is all it reads. A row without it is whole."""
        kept, parameters = "a.advice_json", {"now": now_utc}
        if last_key is not None:
            parameters["marker"] = f', "{last_key}": '
            kept = (
                "CASE WHEN instr(a.advice_json, :marker) > 0"
                " THEN substr(a.advice_json, 1, instr(a.advice_json, :marker) - 1) || '}' ELSE a.advice_json END"
            )
        with self._read():
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(cases)")} - {"id"}
            # names checked against the table: never raw text
            selected = "".join(f", c.{name}" if name in columns else ", NULL" for name in facts)
            cursor = self.conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                f"SELECT c.id, a.packs, {kept}{selected} FROM cases c LEFT JOIN advice_cache a"
                " ON a.case_id = c.id AND a.head_hash = c.head_hash AND a.computed_utc <= :now AND a.valid_until_utc > :now"
                " WHERE c.resolved = 0",
                parameters,
            ).fetchall()
        return [(row[0], row[3:], row[1], row[2]) for row in rows]

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
