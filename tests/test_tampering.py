"""Tampering, exhaustively on a small case: every byte of every event and attachment, changed in turn."""

from __future__ import annotations

import sqlite3

import pytest
from helpers.cases import UK_CASE

from complaintctl.actions.verify import verify
from complaintctl.core.chain import HASHED_COLUMNS
from complaintctl.store import Store


@pytest.fixture
def small(cli, make_case, tmp_path):
    make_case(**{k: v for k, v in UK_CASE.items() if k in ("title", "marketplace", "issue", "ordered")})
    proof = tmp_path / "proof.txt"
    proof.write_bytes(b"tiny proof")
    cli("log", "1", "Refund promised", "--promise", "refund", "--due", "2026-11-17", "--at", "2026-11-14")
    cli("log", "1", "Proof", "--attach", str(proof))
    for table in ("events", "attachments"):
        for action in ("update", "delete"):
            cli.sql(f"DROP TRIGGER {table}_append_only_{action}")
    return cli.db


def named(db, event_id=None, sha=None) -> bool:
    store = Store.open(db)
    try:
        problems = verify(store).problems
    finally:
        store.close()
    relevant = [p for p in problems if "guard" not in p.message]
    if event_id is not None:
        return any(p.event_id == event_id or f"event {event_id} " in p.message for p in relevant)
    return any(p.attachment == sha for p in relevant)


def changed(value):
    if isinstance(value, int):
        yield value + 1000  # far from its neighbours: an id may not collide
        return
    for index, char in enumerate(value):
        yield value[:index] + ("0" if char != "0" else "1") + value[index + 1 :]


def test_every_changed_character_of_every_event_is_named(small, long_run):
    connection = sqlite3.connect(small, isolation_level=None)
    rows = connection.execute(f"SELECT {', '.join(HASHED_COLUMNS)}, hash FROM events ORDER BY id").fetchall()
    columns = [*HASHED_COLUMNS, "hash"]
    checked = 0
    for row in rows:
        event_id = row[0]
        for column, original in zip(columns, row, strict=True):
            variants = list(changed(original))
            if not long_run and isinstance(original, str) and len(variants) > 24:
                variants = variants[:12] + variants[-12:]  # the ends of every field; --long does every character
            for variant in variants:
                connection.execute(f"UPDATE events SET {column} = ? WHERE rowid = ?", (variant, event_id))
                now_at = variant if column == "id" else event_id  # the id is the rowid
                assert named(small, event_id=now_at), (column, variant)
                connection.execute(f"UPDATE events SET {column} = ? WHERE rowid = ?", (original, now_at))
                checked += 1
    assert checked > 300
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == len(rows)
    connection.close()
    assert not named(small, event_id=rows[0][0]), "the database is back as it was: nothing to name"


def test_every_changed_byte_of_every_attachment_is_named(small):
    connection = sqlite3.connect(small, isolation_level=None)
    for sha, content in connection.execute("SELECT sha256, content FROM attachments").fetchall():
        for index in range(len(content)):
            damaged = content[:index] + bytes([content[index] ^ 0x01]) + content[index + 1 :]
            connection.execute("UPDATE attachments SET content = ? WHERE sha256 = ?", (damaged, sha))
            assert named(small, sha=sha), index
            connection.execute("UPDATE attachments SET content = ? WHERE sha256 = ?", (content, sha))
    connection.close()
