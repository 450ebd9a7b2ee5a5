"""What the code expects of the database, readable without importing sqlite-utils (start-up time)."""

MIGRATION_SET = "complaintctl"
# Every migration in store/migrations.py, in order; a test keeps the two in step.
MIGRATIONS = ("m001_ledger", "m002_region_item_statement")
MIGRATIONS_TABLE = "_sqlite_migrations"
GUARD_TRIGGERS = (
    "events_append_only_update",
    "events_append_only_delete",
    "attachments_append_only_update",
    "attachments_append_only_delete",
)
