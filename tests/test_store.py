"""The database: its exact schema, migrations, permissions, and files that are not ours."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC

import pytest
from sqlite_utils import Database

from complaintctl.store import Store
from complaintctl.store.migrations import migrations
from complaintctl.store.schema import MIGRATION_SET, MIGRATIONS, search_meta

META = {row: search_meta(row) for row in ("events", "new", "old")}
EXPECTED_SCHEMA = [
    "CREATE VIEW events_search AS SELECT id, text, " + META["events"] + " AS meta FROM events",
    "CREATE TRIGGER attachments_append_only_delete BEFORE DELETE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END",
    "CREATE TRIGGER attachments_append_only_update BEFORE UPDATE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END",
    "CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN INSERT INTO events_fts (events_fts, rowid, text, meta) VALUES ('delete', old.id, old.text, "
    + META["old"]
    + "); END",
    "CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO events_fts (rowid, text, meta) VALUES (new.id, new.text, "
    + META["new"]
    + "); END",
    "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN INSERT INTO events_fts (events_fts, rowid, text, meta) VALUES ('delete', old.id, old.text, "
    + META["old"]
    + "); INSERT INTO events_fts (rowid, text, meta) VALUES (new.id, new.text, "
    + META["new"]
    + "); END",
    'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY, "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )',
    'CREATE TABLE "advice_cache" ( "case_id" INTEGER PRIMARY KEY, "head_hash" TEXT NOT NULL, "packs" TEXT NOT NULL, "valid_until_utc" TEXT NOT NULL, "advice_json" TEXT NOT NULL , "computed_utc" TEXT)',
    'CREATE TABLE "attachments" ( "sha256" TEXT PRIMARY KEY, "content" BLOB NOT NULL, "size_bytes" INTEGER NOT NULL, "media_type" TEXT NOT NULL, "width_px" INTEGER, "height_px" INTEGER )',
    'CREATE TABLE "cases" ( "id" INTEGER PRIMARY KEY, "title" TEXT NOT NULL, "role" TEXT, "marketplace" TEXT, "order_id" TEXT, "seller" TEXT, "sold_by" TEXT, "fulfilled_by" TEXT, "issue" TEXT, "ordered_on" TEXT, "delivery_by" TEXT, "amount" TEXT, "currency" TEXT, "paid_by" TEXT, "country" TEXT, "status" TEXT NOT NULL, "resolved" INTEGER NOT NULL, "opened_utc" TEXT NOT NULL, "last_activity_utc" TEXT NOT NULL, "events_count" INTEGER NOT NULL, "head_hash" TEXT NOT NULL , "region" TEXT, "item" TEXT, "statement_date" TEXT, "buyer_name" TEXT, "buyer_address" TEXT, "seller_address" TEXT, "product" TEXT, "fault_noticed" TEXT, "charged" TEXT, "descriptor" TEXT, "network" TEXT, "second_hand" TEXT, "card_dispute" TEXT, "last_outbound_utc" TEXT, "last_inbound_utc" TEXT, "contact_channels" TEXT)',
    'CREATE TABLE "events" ( "id" INTEGER PRIMARY KEY, "case_id" INTEGER NOT NULL REFERENCES "cases"("id"), "seq" INTEGER NOT NULL, "kind" TEXT NOT NULL, "occurred" TEXT NOT NULL, "occurred_utc" TEXT NOT NULL, "recorded_utc" TEXT NOT NULL, "text" TEXT NOT NULL, "details_json" TEXT NOT NULL, "prev_hash" TEXT NOT NULL, "hash" TEXT NOT NULL )',
    "CREATE VIRTUAL TABLE events_fts USING fts5(text, meta, content='events_search', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TABLE 'events_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID",
    "CREATE TABLE 'events_fts_data'(id INTEGER PRIMARY KEY, block BLOB)",
    "CREATE TABLE 'events_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",
    "CREATE TABLE 'events_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",
    'CREATE TABLE "notices" ( "name" TEXT PRIMARY KEY, "shown_utc" TEXT NOT NULL )',
    'CREATE TABLE "promises" ( "event_id" INTEGER PRIMARY KEY REFERENCES "events"("id"), "case_id" INTEGER NOT NULL REFERENCES "cases"("id"), "what" TEXT NOT NULL, "due" TEXT NOT NULL, "due_utc" TEXT NOT NULL, "state" TEXT NOT NULL, "settled_by" INTEGER )',
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON "_sqlite_migrations" ("migration_set", "name")',
    'CREATE INDEX "idx_cases_last_activity_utc" ON "cases" ("last_activity_utc")',
    'CREATE INDEX "idx_events_case_id_kind_seq" ON "events" ("case_id", "kind", "seq")',
    'CREATE INDEX "idx_events_case_id_occurred_utc" ON "events" ("case_id", "occurred_utc")',
    'CREATE UNIQUE INDEX "idx_events_case_id_seq" ON "events" ("case_id", "seq")',
    "CREATE INDEX idx_events_email_message_id ON events (case_id, json_extract(details_json, '$.email.message_id')) WHERE kind = 'email'",
    "CREATE INDEX idx_events_email_sha256 ON events (case_id, json_extract(details_json, '$.email.sha256')) WHERE kind = 'email'",
    'CREATE INDEX "idx_promises_case_id_state" ON "promises" ("case_id", "state")',
]


def normalised_schema(store: Store) -> list[str]:
    rows = store.conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name")
    return [" ".join(row[0].split()) for row in rows]


def test_a_blank_database_migrates_to_the_exact_schema(tmp_path):
    store = Store.open(tmp_path / "new.db")
    assert normalised_schema(store) == EXPECTED_SCHEMA
    applied = store.conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert [tuple(row) for row in applied] == [(MIGRATION_SET, name) for name in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_fast_path_names_every_registered_migration():
    # store/schema.py lists the migrations so that opening needs no sqlite-utils import: keep them in step.
    assert [m.name for m in migrations.pending(Database(memory=True))] == list(MIGRATIONS)


def test_reopening_applies_nothing_twice(tmp_path):
    Store.open(tmp_path / "db").close()
    store = Store.open(tmp_path / "db")
    assert store.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS)


def test_the_database_is_private_to_its_owner(cli, make_case):
    make_case(title="t")
    assert stat.S_IMODE(cli.db.stat().st_mode) == 0o600
    for suffix in ("-wal", "-shm"):
        sidecar = cli.db.with_name(cli.db.name + suffix)
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600
    assert stat.S_IMODE(cli.db.parent.stat().st_mode) == 0o700


def test_a_database_from_a_newer_version_is_refused(cli, make_case):
    make_case(title="t")
    cli.sql(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')", MIGRATION_SET
    )
    assert "written by a newer complaintctl" in cli.fails("list")


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(cli):
    cli.db.parent.mkdir(parents=True)
    cli.db.write_bytes(b"these are my holiday photos" * 100)
    assert "not a readable complaintctl database" in cli.fails("list")
    assert cli.db.read_bytes() == b"these are my holiday photos" * 100


def test_another_programs_database_is_refused(cli):
    cli.db.parent.mkdir(parents=True)
    other = sqlite3.connect(cli.db)
    other.execute("CREATE TABLE photos (id INTEGER)")
    other.commit()
    other.close()
    assert "not a complaintctl database" in cli.fails("list")


def test_an_uncreatable_location_is_a_clear_error(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "cannot create the database" in cli.fails("--db", str(blocker / "sub" / "db"), "new", "--title", "t")


def test_db_option_overrides_the_environment(cli, tmp_path):
    cli.create_empty()
    other = tmp_path / "other.db"
    cli("--db", str(other), "new", "--title", "elsewhere")
    assert other.exists()
    assert cli("list", "--json").json() == []


def test_a_failing_disk_is_one_line_and_changes_nothing(cli, make_case, monkeypatch):
    make_case(title="t")
    before = cli.snapshot()
    original = Store._save_summary

    def fail_midway(self, state):  # the event row is already inserted when the disk gives out
        original(self, state)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "_save_summary", fail_midway)
    error = cli.fails("log", "1", "a note that cannot be written")
    assert "the database failed (disk I/O error); nothing was changed" in error
    assert cli.snapshot() == before


def test_a_note_writes_a_fixed_number_of_rows_however_many_promises_the_case_holds(tmp_path):
    from datetime import datetime

    store = Store.open(tmp_path / "p.db")
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    case_id = store.open_case({"title": "t"}, text="", occurred=moment, recorded=moment).case_id

    def changes_for_one_note() -> int:
        before = store.conn.total_changes
        store.append(case_id, kind="note", occurred=moment, recorded=moment, text="a note")
        return store.conn.total_changes - before

    baseline = changes_for_one_note()
    for number in range(60):
        store.append(
            case_id,
            kind="promise",
            occurred=moment,
            recorded=moment,
            text="promise",
            details={"promise": {"what": f"thing {number}", "due": "2026-11-20T00:00:00+00:00"}},
        )
    assert changes_for_one_note() == baseline  # not one more row per promise


PARTY_COLUMNS = ("buyer_name", "buyer_address", "seller_address", "product", "fault_noticed", "charged", "descriptor")


def test_a_0_1_database_upgrades_and_keeps_its_cases(cli, make_case):
    make_case(title="Before the upgrade", country="GB")
    cli("log", "1", "A note from 0.1", "--agent", "Priya", "--ref", "CS-88812")
    # the schema as 0.1 left it
    for column in ("region", "item", "statement_date", *PARTY_COLUMNS):
        cli.sql(f"ALTER TABLE cases DROP COLUMN {column}")
    cli.sql("DROP INDEX idx_events_email_message_id")
    cli.sql("DROP INDEX idx_events_email_sha256")
    for trigger in ("events_ai", "events_ad", "events_au"):
        cli.sql(f"DROP TRIGGER {trigger}")
    cli.sql("DROP TABLE events_fts")
    cli.sql("DROP VIEW events_search")
    Database(cli.db)["events"].enable_fts(
        ["text"], fts_version="FTS5", create_triggers=True, tokenize="porter unicode61"
    )
    cli.sql("DROP TABLE advice_cache")
    cli.sql("DROP TABLE notices")
    cli.sql(
        "DELETE FROM _sqlite_migrations WHERE name IN ('m002_region_item_statement', 'm003_email_lookup',"
        " 'm004_search_names_and_refs', 'm005_advice_cache', 'm006_advice_horizon', 'm007_parties_and_dates',"
        " 'm009_notices')"
    )
    assert "Intact: 1 case(s), 2 event(s)" in cli("verify").stderr
    cli("set", "1", "--region", "GB-SCT", "--statement-date", "2026-11-20", "--item", "physical")
    cli("set", "1", "--buyer-name", "Ann Example", "--charged", "2026-11-02")
    facts = cli("show", "1", "--json").json()["facts"]
    assert (facts["region"], facts["statement_date"], facts["item"]) == ("GB-SCT", "2026-11-20", "physical")
    assert (facts["buyer_name"], facts["charged"]) == ("Ann Example", "2026-11-02")
    assert "Intact: 1 case(s), 4 event(s)" in cli("verify").stderr
    found = cli("search", "CS-88812", "--json").json()
    assert [hit["event_id"] for hit in found] == [2]  # the upgrade indexed the names and refs of old entries


def test_contacts_from_sql_and_from_the_events_agree(cli, make_case):
    """`next` reads who spoke last in SQL; the dossier (and verify --bundle) from the events: never apart."""
    from complaintctl.core.casefile import contacts_of

    make_case(title="Contacts")
    cli("log", "1", "Wrote to the seller", "--channel", "web", "--direction", "outbound", "--at", "2026-11-10 09:00")
    cli("log", "1", "--event", "seller-replied", "--at", "2026-11-12 10:00", "They answered", "--channel", "email")
    cli("log", "1", "Called", "--channel", "phone", "--at", "2026-11-13 11:00")
    cli("log", "1", "--event", "claim-filed", "--at", "2026-11-14 12:00", "Filed")
    store = Store.open(cli.db)
    state, events = store.case_with_events(1)
    assert store.advice_inputs(1)[2] == contacts_of(events)


EVERY_COMMAND_BUT_NEW_AND_RESTORE = [
    ("set", "1", "--title", "x"),
    ("list",),
    ("show", "1"),
    ("log", "1", "a note"),
    ("reopen", "1"),
    ("amend", "1", "a note"),
    ("kept", "1"),
    ("broken", "1"),
    ("search", "refund"),
    ("verify",),
    ("stamp", "1"),
    ("check", "1"),
    ("next",),
    ("agenda",),
    ("emails", "1"),
    ("export", "1"),
    ("letter", "1", "formal"),
    ("stats",),
    ("backup", "copy.db"),
    ("import", "amazon", "export.zip", "--order", "202-1234567-1234567", "--case", "1"),
    ("ocr", "1"),
    ("fetch", "1", "--imap", "localhost", "--user", "jane"),
]


def test_the_parametrised_commands_are_every_command_but_new_and_restore():
    from complaintctl.cli import COMMAND_MODULES

    assert {args[0] for args in EVERY_COMMAND_BUT_NEW_AND_RESTORE} == set(COMMAND_MODULES) - {"new", "restore"}


@pytest.mark.parametrize("command", EVERY_COMMAND_BUT_NEW_AND_RESTORE, ids=lambda args: args[0])
def test_a_mistyped_database_path_is_an_error_not_a_new_empty_database(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "cses.db"
    error = cli.fails("--db", str(typo), *command)
    assert f"there is no database at {typo}: check the path" in error and "complaintctl --db" in error
    monkeypatch.setenv("COMPLAINTCTL_DB", str(typo))
    assert "there is no database at" in cli.fails(*command)
    assert not typo.exists() and not (tmp_path / "copy.db").exists()


def test_the_default_location_is_created_by_the_first_new(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPLAINTCTL_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    assert "no cases yet: complaintctl new" in cli.fails("list")
    assert "no cases yet" in cli.fails("verify")
    assert not (tmp_path / "data-home").exists()
    cli("new", "--title", "The first case")
    assert (tmp_path / "data-home" / "complaintctl" / "complaintctl.db").exists()
    assert [case["id"] for case in cli("list", "--json").json()] == [1]


def test_restore_starts_a_database_where_there_is_none(cli, make_case, tmp_path):
    make_case(title="Kept elsewhere")
    bundle = cli("export", "1", "-f", "json", "-o", str(tmp_path)).stdout.strip()
    fresh = tmp_path / "new-machine" / "cases.db"
    assert "Restored case 1" in cli("--db", str(fresh), "restore", bundle).stderr
    assert "Intact: 1 case(s)" in cli("--db", str(fresh), "verify").stderr
