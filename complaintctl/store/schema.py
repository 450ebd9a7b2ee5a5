"""What the code expects of the database, readable without importing sqlite-utils (start-up time)."""

MIGRATION_SET = "complaintctl"
# Every migration in store/migrations.py, in order; a test keeps the two in step.
MIGRATIONS = ("m001_ledger", "m002_region_item_statement", "m003_email_lookup")
MIGRATIONS_TABLE = "_sqlite_migrations"
GUARD_TRIGGERS = (
    "events_append_only_update",
    "events_append_only_delete",
    "attachments_append_only_update",
    "attachments_append_only_delete",
)

# Every trigger's SQL, whitespace folded: `verify` compares them, so a guard that was replaced by one that
# lets changes through (same name, different body) is caught, not only a removed one.
TRIGGER_SQL = {
    "attachments_append_only_delete": "CREATE TRIGGER attachments_append_only_delete BEFORE DELETE ON attachments "
                                      "BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END",
    "attachments_append_only_update": "CREATE TRIGGER attachments_append_only_update BEFORE UPDATE ON attachments "
                                      "BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END",
    "events_append_only_delete": "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT "
                                 "RAISE(ABORT, 'events are append-only'); END",
    "events_append_only_update": "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT "
                                 "RAISE(ABORT, 'events are append-only'); END",
    "events_ad": 'CREATE TRIGGER "events_ad" AFTER DELETE ON "events" BEGIN INSERT INTO "events_fts" ("events_fts", '
                 "rowid, \"text\") VALUES('delete', old.rowid, old.\"text\"); END",
    "events_ai": 'CREATE TRIGGER "events_ai" AFTER INSERT ON "events" BEGIN INSERT INTO "events_fts" (rowid, "text") '
                 'VALUES (new.rowid, new."text"); END',
    "events_au": 'CREATE TRIGGER "events_au" AFTER UPDATE ON "events" BEGIN INSERT INTO "events_fts" ("events_fts", '
                 "rowid, \"text\") VALUES('delete', old.rowid, old.\"text\"); INSERT INTO \"events_fts\" (rowid, "
                 '"text") VALUES (new.rowid, new."text"); END',
}
