"""A forger with sqlite3 and the project's own functions rewrites the history and recomputes every hash.

Plain `verify` cannot see a consistent rewrite on its own; what left the machine can: a chain head written
down (`--head`), an exported bundle (`--against`). Re-timing against the recording order, altered guards,
a tampered search index and edited derived tables are caught by `verify` alone.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers.cases import UK_CASE

from complaintctl.core.casefile import Event, fold
from complaintctl.core.chain import GENESIS, event_hash
from complaintctl.store import EVENT_COLUMNS, Store
from complaintctl.store.schema import TRIGGER_SQL


@pytest.fixture
def history(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    make_case(title="Another case")
    cli(
        "log",
        "1",
        "Chat with Priya: refund in 3 days",
        "--at",
        "2026-11-14 15:20",
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
    )
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11", "Asked the seller")
    cli("log", "1", "Phone call: agent refused", "--at", "2026-11-16 10:00")
    cli("log", "2", "A note in the other case")
    head = cli("show", "1", "--json").json()["chain_head"]
    bundle = cli("export", "1", "-o", str(tmp_path / "out")).stdout.strip()
    return head, bundle


def forge(db: Path, change) -> None:
    """Drop the guards, change rows, renumber and re-chain every case, rebuild the summaries, put the guards
    back exactly as they were: everything a careful forger with this project's code would do."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.row_factory = sqlite3.Row
    for name in ("events_append_only_update", "events_append_only_delete"):
        connection.execute(f"DROP TRIGGER {name}")
    change(connection)
    store = Store(connection, db)
    for (case_id,) in connection.execute("SELECT id FROM cases").fetchall():
        rows = connection.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq", (case_id,)
        ).fetchall()
        previous, events = GENESIS, []
        connection.execute("UPDATE events SET seq = -seq WHERE case_id = ?", (case_id,))
        for position, row in enumerate(rows, start=1):
            fields = dict(row)
            fields.update(seq=position, prev_hash=previous)
            fields["hash"] = previous = event_hash(fields)
            connection.execute(
                "UPDATE events SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (position, fields["prev_hash"], fields["hash"], fields["id"]),
            )
            events.append(Event(**fields))
        connection.execute("DELETE FROM promises WHERE case_id = ?", (case_id,))
        state = fold(case_id, events)
        state.touched = set(state.promises)
        store._save_summary(state)
    for name in ("events_append_only_update", "events_append_only_delete"):
        connection.execute(TRIGGER_SQL[name])
    connection.close()


REWRITES = {
    "event-deleted": lambda c: c.execute("DELETE FROM events WHERE id = 5"),
    "text-rewritten": lambda c: c.execute("UPDATE events SET text = 'Phone call: all fine' WHERE id = 5"),
    "re-dated": lambda c: c.execute(
        "UPDATE events SET occurred = '2026-11-10T10:00:00+00:00',"
        " occurred_utc = '2026-11-10T10:00:00.000000+00:00' WHERE id = 5"
    ),
    "moved-to-another-case": lambda c: c.execute("UPDATE events SET case_id = 2, seq = 99 WHERE id = 5"),
}


@pytest.mark.parametrize("rewrite", list(REWRITES), ids=list(REWRITES))
def test_a_recomputed_rewrite_is_caught_by_what_left_the_machine(history, cli, rewrite):
    head, bundle = history
    forge(cli.db, REWRITES[rewrite])
    assert cli("verify").exit_code == 0  # a consistent rewrite: the chain alone cannot tell
    found = cli("verify", "--against", bundle, "--json", code=1).json()
    assert any("event 5" in p["message"] for p in found["problems"]), found
    lost = cli("verify", "--head", head, code=1).stderr
    assert f"the chain head {head[:16]}… is not in this database" in lost


def test_a_deleted_case_is_caught_against_its_bundle_and_leaves_a_gap(history, cli):
    _, bundle = history

    def delete_case(connection: sqlite3.Connection) -> None:
        connection.execute("DELETE FROM promises WHERE case_id = 1")
        connection.execute("DELETE FROM events WHERE case_id = 1")
        connection.execute("DELETE FROM cases WHERE id = 1")

    forge(cli.db, delete_case)
    plain = cli("verify").stderr
    assert "Note: event 1 missing from the numbering" in plain and "Note: case 1 missing" in plain
    found = cli("verify", "--against", bundle, "--json", code=1).json()
    assert "event 1 of the bundle is gone from the database" in [p["message"] for p in found["problems"]]


def test_an_untouched_history_holds_its_head_and_its_bundle(history, cli):
    head, bundle = history
    result = cli("verify", "--head", head[:16], "--against", bundle)
    assert f"chain head {head[:16]}… is event" in result.stderr
    assert "the export of chain head" in result.stderr and "Intact" in result.stderr
    assert "at least its first 16 hex digits" in cli.fails("verify", "--head", "abc")


def test_a_head_vouches_only_for_its_own_case(history, cli):
    head, _ = history
    assert f"chain head {head[:16]}… is event" in cli("verify", "1", "--head", head).stderr
    other = cli("verify", "2", "--head", head, code=1).stderr
    assert f"BROKEN: the chain head {head[:16]}… is event" in other and "of case 1, not of case 2" in other
    found = cli("verify", "2", "--head", head, "--json", code=1).json()
    assert [problem["case_id"] for problem in found["problems"]] == [2]


def test_recorded_times_never_go_backwards_without_a_clock_override(history, cli):
    stored = json.loads(cli.sql("SELECT details_json FROM events WHERE id = 5")[0][0])
    assert stored["clock_override"] == cli.env["COMPLAINTCTL_NOW"]  # the fixed clock is part of the record

    def back_in_time(connection: sqlite3.Connection) -> None:
        connection.execute(
            "UPDATE events SET recorded_utc = '2026-11-01T00:00:00.000000+00:00', details_json = '{}' WHERE id = 5"
        )

    forge(cli.db, back_in_time)
    found = [p["message"] for p in cli("verify", "--json", code=1).json()["problems"]]
    assert "event 5 was recorded before the event preceding it: the record was re-timed" in found


def test_a_guard_replaced_under_its_own_name_is_caught(history, cli):
    cli.sql("DROP TRIGGER events_append_only_update")
    cli.sql("CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT 1; END")
    found = [p["message"] for p in cli("verify", "--json", code=1).json()["problems"]]
    assert "the trigger events_append_only_update was altered: it no longer does what complaintctl wrote" in found


def test_a_tampered_search_index_is_caught(history, cli):
    cli.sql("INSERT INTO events_fts(rowid, text) VALUES (4, 'nothing was promised')")
    found = [p["message"] for p in cli("verify", "--json", code=1).json()["problems"]]
    assert any(m.startswith("the search index does not match the events") for m in found), found


def test_a_promise_due_time_edited_behind_the_tools_back_is_caught(history, cli):
    cli.sql("UPDATE promises SET due_utc = '2027-01-01T00:00:00.000000+00:00'")
    found = [p["message"] for p in cli("verify", "--json", code=1).json()["problems"]]
    assert "case 1's summary (promises) does not match its events: it was edited outside complaintctl" in found
