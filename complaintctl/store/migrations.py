"""Named schema migrations, applied on open (sqlite-utils ``Migrations``). Never edit one that has shipped."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from complaintctl.store.schema import MIGRATION_SET, SEARCH_TRIGGERS, search_meta

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_ledger(db: Database) -> None:
    db.table("cases").create(
        {
            "id": int,
            "title": str,
            "role": str,
            "marketplace": str,
            "order_id": str,
            "seller": str,
            "sold_by": str,
            "fulfilled_by": str,
            "issue": str,
            "ordered_on": str,
            "delivery_by": str,
            "amount": str,
            "currency": str,
            "paid_by": str,
            "country": str,
            "status": str,
            "resolved": int,
            "opened_utc": str,
            "last_activity_utc": str,
            "events_count": int,
            "head_hash": str,
        },
        pk="id",
        not_null={"title", "status", "resolved", "opened_utc", "last_activity_utc", "events_count", "head_hash"},
    )
    db.table("events").create(
        {
            "id": int,
            "case_id": int,
            "seq": int,
            "kind": str,
            "occurred": str,
            "occurred_utc": str,
            "recorded_utc": str,
            "text": str,
            "details_json": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null={
            "case_id",
            "seq",
            "kind",
            "occurred",
            "occurred_utc",
            "recorded_utc",
            "text",
            "details_json",
            "prev_hash",
            "hash",
        },
        foreign_keys=[("case_id", "cases", "id")],
    )
    db.table("cases").create_index(["last_activity_utc"])  # `list` shows the most recently active first
    db.table("events").create_index(["case_id", "seq"], unique=True)
    db.table("events").create_index(["case_id", "occurred_utc"])
    db.table("attachments").create(
        {
            "sha256": str,
            "content": bytes,
            "size_bytes": int,
            "media_type": str,
            "width_px": int,
            "height_px": int,
        },
        pk="sha256",
        not_null={"content", "size_bytes", "media_type"},
    )
    db.table("promises").create(
        {
            "event_id": int,
            "case_id": int,
            "what": str,
            "due": str,
            "due_utc": str,
            "state": str,
            "settled_by": int,
        },
        pk="event_id",
        not_null={"case_id", "what", "due", "due_utc", "state"},
        foreign_keys=[("event_id", "events", "id"), ("case_id", "cases", "id")],
    )
    db.table("promises").create_index(["case_id", "state"])
    db.table("events").enable_fts(["text"], fts_version="FTS5", create_triggers=True, tokenize="porter unicode61")
    # Evidence is append-only: the database itself refuses to change or drop an event or an attachment,
    # so no code path, present or future, can do it by mistake. `verify` checks these guards exist.
    for table in ("events", "attachments"):
        for action in ("update", "delete"):
            db.execute(
                f"CREATE TRIGGER {table}_append_only_{action} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )


@migrations()
def m002_region_item_statement(db: Database) -> None:
    # Facts added in 0.2: a region for regional holidays and laws (GB-SCT), what was bought, and the date of
    # the first card statement showing the charge (the Fair Credit Billing Act counts from it).
    for column in ("region", "item", "statement_date"):
        db.table("cases").add_column(column, str)


@migrations()
def m003_email_lookup(db: Database) -> None:
    # Importing a mailbox asks, for every message, whether the case already holds it: without these partial
    # expression indexes each question scans every email of the case, and 50,000 messages take hours.
    for name, path in (("message_id", "$.email.message_id"), ("sha256", "$.email.sha256")):
        db.execute(
            f"CREATE INDEX idx_events_email_{name} ON events (case_id, json_extract(details_json, '{path}'))"
            " WHERE kind = 'email'"
        )


@migrations()
def m004_search_names_and_refs(db: Database) -> None:
    # `search CS-88812` and `search Priya` must find the entries that name them: the index gains a second
    # column, read through a view, so nothing outside the hash chain is stored twice.
    for trigger in SEARCH_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS events_fts")
    db.execute(f"CREATE VIEW events_search AS SELECT id, text, {search_meta('events')} AS meta FROM events")
    db.execute(
        "CREATE VIRTUAL TABLE events_fts USING fts5(text, meta, content='events_search', "
        "content_rowid='id', tokenize='porter unicode61')"
    )
    for sql in SEARCH_TRIGGERS.values():
        db.execute(sql)
    db.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")


@migrations()
def m005_advice_cache(db: Database) -> None:
    # `next` and `agenda` over 10,000 cases: each case's advice, kept until its events, the rule packs or the
    # time it could change (midnight, an hour-based wait ending, a promise falling due). A cache, not
    # evidence: dropping it loses nothing, and `verify` does not read it.
    db.table("advice_cache").create(
        {"case_id": int, "head_hash": str, "packs": str, "valid_until_utc": str, "advice_json": str},
        pk="case_id",
        not_null={"head_hash", "packs", "valid_until_utc", "advice_json"},
    )


@migrations()
def m006_advice_horizon(db: Database) -> None:
    # Advice is now kept across days, until the first moment it could change: a cache row must say when it
    # was computed, so that a clock set back (COMPLAINTCTL_NOW, a wrong system clock) never reads it. Rows
    # from before say nothing: dropped, they are computed again.
    db.execute("DELETE FROM advice_cache")
    db.table("advice_cache").add_column("computed_utc", str)


@migrations()
def m007_parties_and_dates(db: Database) -> None:
    # Facts a letter needs (issue 16): who the buyer and the seller are and where they live, what was bought,
    # when the fault showed and when the card was charged, and the merchant as the card statement names it.
    for column in (
        "buyer_name",
        "buyer_address",
        "seller_address",
        "product",
        "fault_noticed",
        "charged",
        "descriptor",
    ):
        db.table("cases").add_column(column, str)


@migrations()
def m008_events_by_kind(db: Database) -> None:
    # A case's corrections (for `show`'s latest entries) and its emails (thread warnings) are asked for by
    # kind: without this index each question reads every event of the case, 100,000 of them in a long one.
    db.table("events").create_index(["case_id", "kind", "seq"])


@migrations()
def m009_notices(db: Database) -> None:
    # The one-time notices a command has given (how to install Tesseract), so each is said once, not on every
    # `log`. Notices are not evidence: `verify` does not read them.
    db.table("notices").create({"name": str, "shown_utc": str}, pk="name", not_null={"shown_utc"})


@migrations()
def m010_network_second_hand_card_dispute(db: Database) -> None:
    # Facts the rules need (issue 15): the card network (scheme windows), second-hand goods (a shorter
    # presumption in France), and whether a US card dispute is a billing error or a quality claim.
    for column in ("network", "second_hand", "card_dispute"):
        db.table("cases").add_column(column, str)


@migrations()
def m011_contacts_in_case_row(db: Database) -> None:
    # Who spoke last (issue 18): kept in the case row by every write, so that `next CASE` reads no events for
    # it. Filled here by the fold's own rule, from the only events that can say it (`verify` recomputes it).
    from complaintctl.core.casefile import NO_CONTACT, Event, channels_text, contacted, speaks_of_contact
    from complaintctl.core.vocabulary import INBOUND_KINDS, OUTBOUND_KINDS

    for column in ("last_outbound_utc", "last_inbound_utc", "contact_channels"):
        db.table("cases").add_column(column, str)
    kinds = ", ".join(f"'{kind}'" for kind in (*OUTBOUND_KINDS, *INBOUND_KINDS))
    found: dict[int, Any] = {}
    for row in db.execute(
        "SELECT id, case_id, seq, kind, occurred, occurred_utc, recorded_utc, text, details_json, prev_hash, hash"
        f" FROM events WHERE kind IN ({kinds}) OR instr(details_json, '\"direction\"') > 0"
        " OR instr(details_json, '\"channel\"') > 0"
    ):
        event = Event._make(row)
        if speaks_of_contact(event):
            found[event.case_id] = contacted(found.get(event.case_id, NO_CONTACT), event, event.details)
    db.conn.executemany(
        "UPDATE cases SET last_outbound_utc = ?, last_inbound_utc = ?, contact_channels = ? WHERE id = ?",
        [
            (last_out, last_in, channels_text(channels), case_id)
            for case_id, (last_out, last_in, channels) in found.items()
        ],
    )
