"""Long listings stream as plain lines instead of Rich tables, and a long timeline shows its latest entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from complaintctl.store import Store

START = datetime(2026, 11, 1, 9, tzinfo=UTC)


def many_cases(db, count: int) -> None:
    store = Store.open(db)
    with store.atomic():
        for number in range(count):
            moment = START + timedelta(minutes=number)
            facts = {
                "title": f"Case {number} \x1b[31m",
                "marketplace": "amazon.co.uk",
                "country": "GB",
                "role": "buyer",
                "issue": "not-received",
                "delivery_by": "2026-11-10",
            }
            case_id = store.open_case(facts, text="", occurred=moment, recorded=moment).case_id
            store.append(
                case_id,
                kind="note",
                occurred=moment,
                recorded=moment,
                text="a note",
                details={"promise": {"what": "refund", "due": "2026-11-17T00:00:00+00:00"}},
            )
    store.close()


def test_lists_of_many_cases_stream_plain_aligned_escaped_lines(cli):
    many_cases(cli.db, 250)
    listed = cli("list").stdout.splitlines()
    assert listed[0].split() == ["#", "Title", "Status", "Last", "activity", "Promises"]
    assert len(listed) == 2 + 250 and "┃" not in listed[0]
    assert "\x1b" not in "".join(listed) and "\\x1b[31m" in listed[2]
    assert "(1 overdue)" in listed[2]
    upcoming = cli("next").stdout.splitlines()
    assert len(upcoming) == 2 + 250 and upcoming[0].split()[:3] == ["#", "Case", "Next"]
    agenda = cli("agenda").stdout.splitlines()
    assert len(agenda) > 200 and agenda[0].split() == ["Date", "Case", "What"]


def test_a_long_timeline_shows_its_latest_entries_and_all_on_request(cli, make_case):
    make_case(title="Long")
    store = Store.open(cli.db)
    with store.atomic():
        for number in range(300):
            moment = START + timedelta(hours=number)
            store.append(1, kind="note", occurred=moment, recorded=moment, text=f"entry {number}")
    store.close()
    shown = cli("show", "1").stdout
    assert "the latest 200 of 301 entries" in shown and "entry 299" in shown and "entry 50 " not in shown
    every = cli("show", "1", "--all").stdout
    assert "entry 0" in every and "entry 299" in every and len(every.splitlines()) > 300
