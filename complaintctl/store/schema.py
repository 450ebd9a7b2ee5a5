"""What the code expects of the database, readable without importing sqlite-utils (start-up time)."""

MIGRATION_SET = "complaintctl"
# Every migration in store/migrations.py, in order; a test keeps the two in step.
MIGRATIONS = (
    "m001_ledger",
    "m002_region_item_statement",
    "m003_email_lookup",
    "m004_search_names_and_refs",
    "m005_advice_cache",
    "m006_advice_horizon",
    "m007_parties_and_dates",
    "m008_events_by_kind",
    "m009_notices",
    "m010_network_second_hand_card_dispute",
    "m011_contacts_in_case_row",
)
MIGRATIONS_TABLE = "_sqlite_migrations"
GUARD_TRIGGERS = (
    "events_append_only_update",
    "events_append_only_delete",
    "attachments_append_only_update",
    "attachments_append_only_delete",
)


def search_meta(row: str) -> str:
    """Who and which reference an event names (agents, ticket numbers, escalation targets, senders, chat
    speakers, and the corrected values of an amendment): the second column of the search index."""
    paths = (
        "$.agent",
        "$.ref",
        "$.target",
        "$.email.from",
        "$.transcript.speakers",
        "$.changes.agent",
        "$.changes.ref",
        "$.changes.target",
    )
    names = " || ' ' || ".join(f"coalesce(json_extract({row}.details_json, '{path}'), '')" for path in paths)
    # A damaged row (verify names it) must not make the index, or a tamperer's statement, fail on its JSON.
    return f"CASE WHEN json_valid({row}.details_json) THEN {names} ELSE '' END"


# The search index's triggers (migration m004), kept here so that verify can compare them.
SEARCH_TRIGGERS = {
    "events_ai": "CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO events_fts (rowid, text, meta) "
    f"VALUES (new.id, new.text, {search_meta('new')}); END",
    "events_ad": "CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN INSERT INTO events_fts (events_fts, rowid, "
    f"text, meta) VALUES ('delete', old.id, old.text, {search_meta('old')}); END",
    "events_au": "CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN INSERT INTO events_fts (events_fts, rowid, "
    f"text, meta) VALUES ('delete', old.id, old.text, {search_meta('old')}); INSERT INTO events_fts "
    f"(rowid, text, meta) VALUES (new.id, new.text, {search_meta('new')}); END",
}

# Every trigger's SQL, whitespace folded: `verify` compares them, so a guard that was replaced by one that
# lets changes through (same name, different body) is caught, not only a removed one.
TRIGGER_SQL = {
    **{
        f"{table}_append_only_{action}": f"CREATE TRIGGER {table}_append_only_{action} BEFORE {action.upper()} ON "
        f"{table} BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
        for table in ("events", "attachments")
        for action in ("update", "delete")
    },
    **SEARCH_TRIGGERS,
}
