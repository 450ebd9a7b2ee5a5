"""Who spoke last is kept in the case row by every write (issue 18): `next CASE` reads no events for it, the
migration fills it in for older databases, and `verify` recomputes it from the events."""

from __future__ import annotations

import sqlite3

import pytest
from helpers.cases import UK_CASE

COLUMNS = "last_outbound_utc, last_inbound_utc, contact_channels"


@pytest.fixture
def spoken(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "--event", "seller-contacted", "Asked the seller", "--at", "2026-11-11 09:00")
    cli("log", "1", "Chat with Priya", "--channel", "chat", "--at", "2026-11-12 10:00")
    cli("log", "1", "--event", "seller-replied", "They will refund", "--at", "2026-11-13 11:00", "--channel", "email")
    cli("log", "1", "A phone call I made", "--channel", "phone", "--at", "2026-11-10 08:00")
    return cli


def test_every_write_keeps_who_spoke_last_in_the_case_row(spoken):
    [row] = spoken.sql(f"SELECT {COLUMNS} FROM cases WHERE id = 1")
    assert row == ("2026-11-11T09:00:00.000000+00:00", "2026-11-13T11:00:00.000000+00:00", '["chat","email","phone"]')


def test_next_case_reads_no_event_for_who_spoke_last(spoken):
    """Only the milestones are read from the events: no statement scans the case's notes."""
    from complaintctl.store import Store

    store = Store.open(spoken.db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        _, _, contacts = store.advice_inputs(1)
    finally:
        store.close()
    assert contacts == (
        "2026-11-11T09:00:00.000000+00:00",
        "2026-11-13T11:00:00.000000+00:00",
        ("chat", "email", "phone"),
    )
    reading_events = [s for s in statements if "FROM events" in s]
    assert reading_events and all("kind IN" in s for s in reading_events), statements


@pytest.mark.parametrize(
    "column, value",
    [("last_outbound_utc", "2026-11-20T00:00:00"), ("last_inbound_utc", None), ("contact_channels", '["chat"]')],
)
def test_verify_names_a_case_row_whose_contacts_disagree_with_its_events(spoken, column, value):
    spoken.sql(f"UPDATE cases SET {column} = ? WHERE id = 1", value)
    problems = [p["message"] for p in spoken("verify", "--json", code=1).json()["problems"]]
    assert problems == [f"case 1's summary ({column}) does not match its events: it was edited outside complaintctl"], (
        problems
    )


def test_the_migration_fills_in_who_spoke_last_from_the_events(spoken, make_case):
    make_case(title="Never spoke to anyone")
    expected = spoken.sql(f"SELECT id, {COLUMNS} FROM cases ORDER BY id")
    connection = sqlite3.connect(spoken.db, isolation_level=None)
    for column in COLUMNS.split(", "):
        connection.execute(f"ALTER TABLE cases DROP COLUMN {column}")
    connection.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_contacts_in_case_row'")
    connection.close()
    assert "Intact: 2 case(s), 6 event(s)" in spoken("verify").stderr  # opening it migrated it
    assert spoken.sql(f"SELECT id, {COLUMNS} FROM cases ORDER BY id") == expected
    assert expected[1][1:] == (None, None, None)
