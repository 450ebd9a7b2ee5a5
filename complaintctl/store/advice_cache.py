"""Each open case's advice, kept until its chain, the rule packs or the time it could change: a cache, not
evidence, so it never makes a reading command wait or fail."""

from __future__ import annotations

import sqlite3

from complaintctl.store.connection import BUSY_TIMEOUT_S, StoreBase


class AdviceCache(StoreBase):
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
