"""Tampering behind the tool's back is detected and named."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes


@pytest.fixture
def ledger(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    make_case(title="Second case")
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(4, 4))
    cli("log", "1", "Chat with Priya", "--at", "2026-11-14 15:20", "--promise", "refund", "--due", "2026-11-17")
    cli("log", "1", "Screenshot", "--attach", str(shot))
    cli("log", "1", "--event", "seller-contacted", "Asked the seller", "--at", "2026-11-11")
    cli("log", "2", "A note in the other case")
    return cli


def unguard(cli, table="events"):
    cli.sql(f"DROP TRIGGER {table}_append_only_update")
    cli.sql(f"DROP TRIGGER {table}_append_only_delete")


def problems(cli, *, guards=False):
    """The problems verify names; those about guards the test removed itself are left out unless asked."""
    result = cli("verify", "--json", code=1)
    found = [p["message"] for p in result.json()["problems"]]
    return found if guards else [m for m in found if "append-only guard" not in m]


def test_an_intact_database_verifies(ledger):
    result = ledger("verify")
    assert "Intact: 2 case(s), 6 event(s) and 1 attachment(s)" in result.stderr
    report = ledger("verify", "--json").json()
    assert report["intact"] is True and report["problems"] == []
    assert report["chain_heads"]["1"] == ledger("show", "1", "--json").json()["chain_head"]
    assert ledger("verify", "2", "--json").json()["events"] == 2


def test_the_database_itself_refuses_to_change_evidence(ledger):
    with pytest.raises(Exception, match="append-only"):
        ledger.sql("UPDATE events SET text = 'x' WHERE id = 3")
    with pytest.raises(Exception, match="append-only"):
        ledger.sql("DELETE FROM attachments")


def test_removing_a_guard_is_reported(ledger):
    ledger.sql("DROP TRIGGER events_append_only_delete")
    assert problems(ledger, guards=True) == [
        "the append-only guard events_append_only_delete was removed from the database"
    ]


def test_edited_event_text_is_named(ledger):
    unguard(ledger)
    ledger.sql("UPDATE events SET text = 'Chat with Priya, no promise' WHERE id = 3")
    found = problems(ledger)
    assert "event 3 was changed after it was recorded" in found[-1]
    result = ledger("verify", code=1)
    assert "BROKEN: event 3 was changed" in result.stderr


@pytest.mark.parametrize("column", ["occurred", "recorded_utc", "details_json", "kind", "case_id"])
def test_any_edited_column_is_caught(ledger, column):
    unguard(ledger)
    value = ledger.sql(f"SELECT {column} FROM events WHERE id = 5")[0][0]
    changed = value + 1 if isinstance(value, int) else value[:-1] + chr(ord(value[-1]) ^ 1)
    assert changed != value
    ledger.sql(f"UPDATE events SET {column} = ? WHERE id = 5", changed)
    assert any("event 5" in p for p in problems(ledger))


def test_a_changed_byte_in_an_attachment_is_named(ledger):
    unguard(ledger, "attachments")
    sha, content = ledger.sql("SELECT sha256, content FROM attachments")[0]
    damaged = bytes([content[0] ^ 1]) + content[1:]
    ledger.sql("UPDATE attachments SET content = ? WHERE sha256 = ?", damaged, sha)
    assert problems(ledger) == [f"attachment {sha[:12]} does not match its SHA-256: its bytes were changed"]


def test_a_deleted_attachment_is_named(ledger):
    unguard(ledger, "attachments")
    ledger.sql("DELETE FROM attachments")
    assert any("is missing from the database" in p and "event 4" in p for p in problems(ledger))


def test_a_deleted_middle_event_is_named(ledger):
    unguard(ledger)
    ledger.sql("DELETE FROM events WHERE id = 3")
    found = problems(ledger)
    assert any("event 4 is number 3 of case 1 where 2 was expected" in p for p in found), found


def test_a_deleted_last_event_is_caught(ledger):
    unguard(ledger)
    ledger.sql("DELETE FROM events WHERE id = 5")
    assert any("lost its last 1 event(s)" in p for p in problems(ledger))


def test_reordered_events_are_caught(ledger):
    unguard(ledger)
    ledger.sql("UPDATE events SET seq = 99 WHERE id = 3")
    ledger.sql("UPDATE events SET seq = 2 WHERE id = 4")
    ledger.sql("UPDATE events SET seq = 3 WHERE id = 3")
    found = problems(ledger)
    assert any("event 4" in p for p in found) and any("event 3" in p for p in found), found


def test_an_edited_summary_is_caught(ledger):
    ledger.sql("UPDATE cases SET seller = 'Someone else' WHERE id = 1")
    assert problems(ledger) == [
        "case 1's summary (seller) does not match its events: it was edited outside complaintctl"
    ]
    ledger.sql("UPDATE cases SET seller = 'SoundShop EU' WHERE id = 1")
    ledger.sql("UPDATE promises SET state = 'kept'")
    assert "promises" in problems(ledger)[0]


def test_verify_of_a_missing_case(ledger):
    assert "there is no case 9" in ledger.fails("verify", "9")


def test_anyone_can_recompute_the_chain_with_hashlib_and_json(ledger):
    """The hash is plain SHA-256 of the canonical JSON of the stored columns: an auditor without complaintctl
    recomputes it (whichever SHA-256 implementation the tool itself loaded)."""
    import hashlib
    import json

    from complaintctl.core.chain import HASHED_COLUMNS

    rows = ledger.sql(f"SELECT {', '.join(HASHED_COLUMNS)}, hash FROM events ORDER BY id")
    assert len(rows) == 6
    for row in rows:
        payload = json.dumps(list(row[:-1]), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == row[-1]


def test_an_event_s_first_fields_are_the_hashed_columns_in_their_order():
    """verify hashes an Event's first fields directly, without building a dict: they must be the chain's columns."""
    from complaintctl.core.casefile import Event
    from complaintctl.core.chain import HASHED_COLUMNS

    assert Event._fields[: len(HASHED_COLUMNS)] == HASHED_COLUMNS


def test_the_hash_verify_computes_is_the_chain_s_hash_for_any_stored_values():
    """verify hashes rows with the canonical encoder's C function called directly: for the types complaintctl
    writes and for any other a tampered column may hold, it gives values_hash's digest, or refuses a BLOB."""
    from complaintctl.core.chain import stored_hash, values_hash

    rows = [
        (
            1,
            2,
            3,
            "note",
            "2026-11-14T15:20:00+00:00",
            "2026-11-14T15:20:00",
            "2026-11-14T15:21:00",
            'ü " \\ \x00 \x1f \u2028',
            "{}",
            "0" * 64,
        ),
        ("1", 2.5, None, 7, float("inf"), -0.0, 10**30, "", '{"a":[1,2]}', "f" * 64),
    ]
    for row in rows:
        assert stored_hash((*row, "unused hash")) == values_hash(row)
    with pytest.raises(TypeError):
        stored_hash((b"bytes",) * 10)


def test_a_blob_written_into_an_event_is_named_not_a_traceback(ledger):
    unguard(ledger)
    ledger.sql("UPDATE events SET text = CAST('Chat with Priya' AS BLOB) WHERE id = 3")
    assert "event 3 was changed after it was recorded" in problems(ledger)


def test_a_gap_in_the_middle_of_the_numbering_is_noted(ledger):
    unguard(ledger)
    ledger.sql("DELETE FROM events WHERE id = 6")
    ledger.sql("UPDATE events SET id = 7 WHERE id = 5")
    notes = ledger("verify", "--json", code=1).json()["notes"]
    assert any(note.startswith("events 5 to 6 missing from the numbering") for note in notes)


def test_fold_counts_plain_notes_as_apply_does():
    """fold skips apply's bookkeeping for plain notes: the state must be what applying every event gives."""
    from complaintctl.core.casefile import CaseState, Event, apply, fold, summary_row

    def event(number, kind, details="{}", recorded="2026-11-14T10:00:00"):
        return Event(number, 1, number, kind, "", recorded, recorded, "", details, "", f"h{number}")

    events = [
        event(1, "opened", '{"facts":{"title":"Case"}}'),
        event(2, "note", recorded="2026-11-15T10:00:00"),
        event(3, "note", '{"promise":{"what":"refund","due":"2026-11-20"}}'),
        event(4, "promise-kept", '{"promise":3}'),
        event(5, "note", recorded="2026-11-13T10:00:00"),
        event(6, "note", '{"agent":"Priya","channel":"chat"}', recorded="2026-11-16T10:00:00"),
        event(7, "seller-replied", recorded="2026-11-17T10:00:00"),
        event(8, "note", '{"channel":"phone","direction":"outbound"}', recorded="2026-11-16T12:00:00"),
        event(9, "note", '{"agent":"Priya","channel":"chat"}', recorded="2026-11-18T10:00:00"),
    ]
    for cut in range(1, len(events) + 1):
        expected = CaseState(1)
        for one in events[:cut]:
            apply(expected, one)
        folded = fold(1, list(reversed(events[:cut])))
        assert summary_row(folded) == summary_row(expected)
        assert {n: vars_of(p) for n, p in folded.promises.items()} == {
            n: vars_of(p) for n, p in expected.promises.items()
        }
        assert folded.touched == expected.touched
        assert folded.contacts == expected.contacts
    assert folded.contacts == ("2026-11-16T12:00:00", "2026-11-17T10:00:00", ("chat", "phone"))


def vars_of(promise):
    return tuple(getattr(promise, name) for name in promise.__slots__)


def test_verify_on_a_terminal_shows_it_is_working_and_a_pipe_gets_only_the_verdict(ledger):
    from helpers.terminal import environment, run_on_a_terminal

    code, shown = run_on_a_terminal(["verify"], environment(ledger.db))
    assert code == 0, shown
    assert "Checking every chain" in shown and "Intact: 2 case(s)" in shown
    piped = ledger("verify")
    assert "Checking" not in piped.stderr + piped.stdout and "Intact: 2 case(s)" in piped.stderr
