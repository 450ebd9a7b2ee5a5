"""Full-text search over notes."""

from __future__ import annotations


def test_search_finds_words_with_case_and_time(cli, make_case):
    make_case(title="Headphones")
    make_case(title="Kettle")
    cli("log", "1", "Agent promised a refund within 3 days", "--at", "2026-11-14 15:20")
    cli("log", "2", "Refunds are processed weekly, said the seller", "--at", "2026-11-15 09:00")
    cli("log", "2", "Nothing relevant here")
    hits = cli("search", "refund", "--json").json()
    assert [(h["case_id"], h["occurred"]) for h in hits] == [
        (1, "2026-11-14T15:20:00+00:00"),
        (2, "2026-11-15T09:00:00+00:00"),
    ]  # stemming: refunds ~ refund
    assert hits[0]["case_title"] == "Headphones" and "refund" in hits[0]["snippet"]
    assert [h["case_id"] for h in cli("search", "refund", "--case", "2", "--json").json()] == [2]
    table = cli("search", "promised refund").stdout
    assert "Headphones" in table and "2026-11-14 15:20" in table


def test_search_treats_punctuation_as_text_not_syntax(cli, make_case):
    make_case(title="t")
    cli("log", "1", 'He said "NEAR(refund" AND OR -- ref CS-88812')
    assert len(cli("search", '"NEAR(refund', "--json").json()) == 1
    assert len(cli("search", "CS-88812", "--json").json()) == 1
    assert len(cli("search", "ref*", "--json").json()) == 1
    assert cli("search", "absent", "--json").json() == []
    assert "Nothing found" in cli("search", "absent").stderr
    assert "search is empty" in cli.fails("search", "***")


def test_corrected_text_is_searchable(cli, make_case):
    make_case(title="t")
    event = cli("log", "1", "Chat with Pria", "--json").json()["id"]
    cli("amend", str(event), "Chat with Priya about the replacement")
    assert len(cli("search", "replacement", "--json").json()) == 1


def test_search_finds_reference_numbers_agent_names_and_corrections(cli, make_case):
    make_case(title="Refs")
    note = cli("log", "1", "Chat about the parcel", "--agent", "Priya", "--ref", "CS-88812", "--json").json()["id"]
    cli("log", "1", "Another chat", "--agent", "Marco")
    assert [h["event_id"] for h in cli("search", "CS-88812", "--json").json()] == [note]
    assert [h["event_id"] for h in cli("search", "priya", "--json").json()] == [note]
    fix = cli("amend", str(note), "--agent", "Priyanka", "--json").json()["id"]
    assert fix in [h["event_id"] for h in cli("search", "Priyanka", "--json").json()]
    assert "Intact" in cli("verify").stderr


def test_a_search_in_one_case_walks_only_that_case_of_the_index(cli, make_case):
    """Counted in SQLite's own steps (not in time): five matches in a case beside a case of 2,000 cost less than
    the fifty a search of the busy case stops at, which they would not if every match in the database were
    walked and filtered."""
    from datetime import UTC, datetime

    from complaintctl.store import Store

    make_case(title="Busy")
    store = Store.open(cli.db)
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    with store.atomic():
        for number in range(2000):
            store.append(1, kind="note", occurred=moment, recorded=moment, text=f"refund chased {number}")
        quiet = store.open_case({"title": "Quiet"}, text="", occurred=moment, recorded=moment).case_id
        for number in range(5):
            store.append(quiet, kind="note", occurred=moment, recorded=moment, text=f"refund asked {number}")
            store.append(1, kind="note", occurred=moment, recorded=moment, text=f"refund again {number}")

    def steps(case_id: int) -> tuple[int, int]:
        counted = []
        store.conn.set_progress_handler(lambda: counted.append(1) and 0, 100)
        hits = store.search("refund", case_id=case_id)
        store.conn.set_progress_handler(None, 100)
        return len(hits), len(counted)

    found, walked = steps(quiet)
    assert found == 5
    busy_found, busy_walked = steps(1)  # stops at its limit, 50 matches in
    assert busy_found == 50 and walked < busy_walked / 2, (walked, busy_walked)
    store.close()
    assert [hit["case_id"] for hit in cli("search", "refund", "--case", str(quiet), "--json").json()] == [quiet] * 5
