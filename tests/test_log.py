"""Adding to a case: notes, milestones, promises, corrections and attachments."""

from __future__ import annotations

import os

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes


@pytest.fixture
def case(make_case):
    return make_case(**UK_CASE)


def timeline(cli, case_id=1):
    return cli("show", str(case_id), "--json").json()["timeline"]


def test_the_issue_example_is_recorded_with_channel_agent_ref_and_promise(cli, case):
    logged = cli(
        "log",
        "1",
        "Chat with agent Priya: she promised a refund within 3 days",
        "--channel",
        "chat",
        "--agent",
        "Priya",
        "--ref",
        "CS-88812",
        "--at",
        "2026-11-14 15:20",
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
        "--json",
    ).json()
    assert logged["kind"] == "promise" and logged["occurred"] == "2026-11-14T15:20:00+00:00"
    entry = [e for e in timeline(cli) if e["id"] == logged["id"]][0]
    assert entry["fields"] == {"channel": "chat", "agent": "Priya", "ref": "CS-88812"}
    assert entry["details"]["promise"] == {
        "what": "refund",
        "due": "2026-11-17T00:00:00+00:00",
        "due_text": "2026-11-17",
    }
    assert entry["details"]["at_text"] == "2026-11-14 15:20"  # what was typed, beside the time it was read as
    assert entry["recorded_utc"].startswith("2026-11-22T12:00:00")
    assert entry["backdated"] is True


def test_timeline_is_in_the_order_things_happened(cli, case):
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "--channel", "web", "Asked")
    cli("log", "1", "Earlier note", "--at", "2026-11-05")
    kinds = [e["kind"] for e in timeline(cli)]
    assert kinds == ["note", "seller-contacted", "opened"]
    assert cli("show", "1", "--json").json()["status"] == "seller contacted"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--event", "claim-decided"], "needs --outcome"),
        (["--event", "claim-decided", "--outcome", "maybe"], "is not one of"),
        (["--event", "escalated"], "needs --target"),
        (["--outcome", "refunded", "x"], "--outcome goes with"),
        (["--target", "Legal", "x"], "--target goes with"),
        (["--promise", "refund", "x"], "needs both"),
        (["--due", "2026-11-30", "x"], "needs both"),
        (["x", "--at", "2027-01-01"], "in the future"),
        (["x", "--at", "tomorrow-ish"], "cannot read"),
        (["x", "--at", "04/05/2026"], "ambiguous"),
        (["x", "--duration", "forever"], "not a length of time"),
        ([], "nothing to log"),
        (["x", "--agent", "   "], "agent name is empty"),
    ],
)
def test_log_refuses_bad_input_and_writes_nothing(cli, case, options, message):
    before = cli.snapshot()
    assert message in cli.fails("log", "1", *options)
    assert cli.snapshot() == before


def test_log_to_a_missing_case_is_a_clear_error(cli, case):
    assert "there is no case 7" in cli.fails("log", "7", "hello")


def test_future_time_is_accepted_with_force_and_marked(cli, case):
    cli("log", "1", "Appointment", "--at", "2026-12-01 10:00", "--force")
    entry = timeline(cli)[-1]
    assert entry["details"]["forced"] is True
    assert "time in the future accepted" in cli("show", "1").stdout


def test_milestones_with_outcome_target_and_call_duration(cli, case):
    cli("log", "1", "--event", "escalated", "--target", "Seller Performance", "Escalated", "--at", "2026-11-15")
    cli(
        "log",
        "1",
        "Call",
        "--channel",
        "phone",
        "--duration",
        "1h 5m",
        "--direction",
        "outbound",
        "--at",
        "2026-11-16 10:00",
    )
    cli(
        "log",
        "1",
        "--event",
        "claim-decided",
        "--outcome",
        "granted-seller-funded",
        "Claim granted",
        "--at",
        "2026-11-17",
    )
    entries = timeline(cli)
    assert entries[0]["fields"] == {"target": "Seller Performance"}
    assert entries[1]["fields"] == {"channel": "phone", "direction": "outbound", "duration_s": 3900}
    assert entries[2]["fields"] == {"outcome": "granted-seller-funded"}
    assert cli("show", "1", "--json").json()["status"] == "claim decided: granted-seller-funded"


def test_promises_kept_broken_and_overdue(cli, case):
    first = cli(
        "log", "1", "Refund promised", "--promise", "refund", "--due", "2026-11-17", "--at", "2026-11-14", "--json"
    ).json()["id"]
    second = cli(
        "log",
        "1",
        "Call back promised",
        "--promise",
        "call back",
        "--due",
        "2026-11-18",
        "--at",
        "2026-11-14",
        "--json",
    ).json()["id"]
    shown = cli("show", "1", "--json").json()
    assert (shown["open_promises"], shown["overdue_promises"]) == (2, 2)
    cli("kept", str(first), "Refund arrived")
    cli("broken", str(second), "Nobody called")
    shown = cli("show", "1", "--json").json()
    assert {p["event"]: p["state"] for p in shown["promises"]} == {first: "kept", second: "broken"}
    assert shown["overdue_promises"] == 0
    assert "already marked kept" in cli.fails("broken", str(first))
    assert "holds no promise" in cli.fails("kept", "1")
    assert "there is no event 99" in cli.fails("kept", "99")


def test_amend_shows_the_corrected_text_and_keeps_the_original(cli, case):
    target = cli("log", "1", "Chat with Pria", "--agent", "Pria", "--at", "2026-11-14 15:20", "--json").json()["id"]
    amendment = cli(
        "amend", str(target), "Chat with Priya", "--agent", "Priya", "--at", "2026-11-14 15:25", "--json"
    ).json()
    entry = [e for e in timeline(cli) if e["id"] == target][0]
    assert entry["text"] == "Chat with Priya" and entry["fields"]["agent"] == "Priya"
    assert entry["occurred"] == "2026-11-14T15:25:00+00:00"
    assert entry["corrected_by"] == [amendment["id"]]
    assert entry["original"] == {"text": "Chat with Pria", "occurred": "2026-11-14T15:20:00+00:00"}
    assert all(e["id"] != amendment["id"] for e in timeline(cli))
    out = cli("show", "1").stdout
    assert "corrected by event" in out and "originally: Chat with Pria" in out
    rows = cli.sql("SELECT text FROM events WHERE id = ?", target)
    assert rows == [("Chat with Pria",)]


def test_amend_corrects_a_promise_due_date(cli, case):
    promise = cli(
        "log", "1", "Promise", "--promise", "refund", "--due", "2026-11-17", "--at", "2026-11-14", "--json"
    ).json()["id"]
    cli("amend", str(promise), "--due", "2026-11-30")
    shown = cli("show", "1", "--json").json()
    assert shown["promises"][0]["due"] == "2026-11-30T00:00:00+00:00" and shown["overdue_promises"] == 0


def test_amend_refusals(cli, case):
    note = cli("log", "1", "note", "--json").json()["id"]
    assert "nothing to correct" in cli.fails("amend", str(note))
    assert "holds no promise" in cli.fails("amend", str(note), "--due", "2026-12-01")
    assert "opened event" in cli.fails("amend", "1", "x")
    amendment = cli("amend", str(note), "better note", "--json").json()["id"]
    assert "amend event" in cli.fails("amend", str(amendment), "again")


def test_attachments_are_stored_whole_typed_by_bytes_and_deduplicated(cli, case, tmp_path):
    screenshot = tmp_path / "chat.pdf"  # a PNG with a misleading name
    screenshot.write_bytes(png_bytes(12, 7))
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4\n%receipt\n")
    cli("log", "1", "Screenshot of the chat", "--attach", str(screenshot), "--attach", str(receipt))
    cli("log", "1", "--attach", str(screenshot))
    entries = timeline(cli)
    first = entries[-2]["attachments"]
    assert [a["name"] for a in first] == ["chat.pdf", "receipt.pdf"]
    assert first[0]["media_type"] == "image/png" and (first[0]["width_px"], first[0]["height_px"]) == (12, 7)
    assert first[1]["media_type"] == "application/pdf" and first[1]["size_bytes"] == 18
    assert entries[-1]["kind"] == "attachment"
    assert cli.sql("SELECT count(*) FROM attachments") == [(2,)]
    stored = cli.sql("SELECT content FROM attachments WHERE sha256 = ?", first[0]["sha256"])[0][0]
    assert stored == png_bytes(12, 7)
    screenshot.unlink()  # the evidence must not depend on the file staying where it was
    assert first[0]["sha256"] in cli("show", "1").stdout


def test_attachment_errors_leave_the_database_unchanged(cli, case, tmp_path, monkeypatch):
    good = tmp_path / "ok.txt"
    good.write_text("fine")
    before = cli.snapshot()
    assert "does not exist" in cli.fails("log", "1", "x", "--attach", str(good), "--attach", str(tmp_path / "nope.png"))
    assert "is a folder" in cli.fails("log", "1", "x", "--attach", str(tmp_path))
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    monkeypatch.setenv("COMPLAINTCTL_MAX_ATTACHMENT_MB", "1")
    assert "over the 1 MB limit" in cli.fails("log", "1", "x", "--attach", str(big))
    monkeypatch.setenv("COMPLAINTCTL_MAX_ATTACHMENT_MB", "lots")
    assert "not a size in MB" in cli.fails("log", "1", "x", "--attach", str(good))
    if os.geteuid() != 0:  # root reads anything
        secret = tmp_path / "secret.txt"
        secret.write_text("x")
        secret.chmod(0)
        assert "cannot be read" in cli.fails("log", "1", "x", "--attach", str(secret))
    assert cli.snapshot() == before


def test_attachment_names_lose_their_directories_and_control_characters(cli, case, tmp_path):
    odd = tmp_path / "..\x1b[31mevil.txt"
    odd.write_text("text")
    cli("log", "1", "--attach", str(odd))
    assert timeline(cli)[-1]["attachments"][0]["name"] == "[31mevil.txt"


def test_relative_times_and_offsets_are_kept(cli, case):
    cli("log", "1", "a", "--at", "yesterday 10:00")
    cli("log", "1", "b", "--at", "2026-11-14T15:20:00+01:00")
    occurred = sorted(e["occurred"] for e in timeline(cli) if e["kind"] == "note")
    assert occurred == ["2026-11-14T15:20:00+01:00", "2026-11-21T10:00:00+00:00"]


def test_a_system_clock_behind_the_last_entry_is_refused_and_a_short_lag_is_recorded_after_it(
    cli, make_case, monkeypatch
):
    from datetime import UTC, datetime, timedelta

    real_now = datetime.now(UTC)
    monkeypatch.setenv("COMPLAINTCTL_NOW", (real_now + timedelta(days=30)).isoformat())
    make_case(title="Opened under a clock a month fast")
    monkeypatch.setenv("COMPLAINTCTL_NOW", (real_now + timedelta(minutes=2)).isoformat())
    make_case(title="Opened two minutes ahead, as by a writer that held the lock")
    monkeypatch.delenv("COMPLAINTCTL_NOW")

    assert "set the clock right, then try again" in cli.fails("log", "1", "a note")
    assert cli.sql("SELECT count(*) FROM events WHERE case_id = 1") == [(1,)]

    cli("log", "2", "a note")
    (opened, noted) = cli.sql("SELECT recorded_utc, details_json FROM events WHERE case_id = 2 ORDER BY seq")
    assert noted[0] == opened[0]  # never recorded before the entry it follows
    assert "clock_override" not in noted[1] and "clock_override" in cli.sql("SELECT details_json FROM events")[0][0]
