"""Long listings stream as plain lines instead of Rich tables, and a long timeline shows its latest entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from helpers.waiting import HANG_LIMIT

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
    assert "291 earlier entries not shown" in shown and "complaintctl show 1 --all" in shown
    # newest first: the case was opened (on the fixed clock) after the entries it was given
    assert shown.index("case opened") < shown.index("entry 299") < shown.index("entry 291")
    assert "entry 290" not in shown
    most = cli("show", "1", "--last", "200").stdout
    assert "101 earlier entries not shown" in most and "entry 101 " in most and "entry 100 " not in most
    every = cli("show", "1", "--all").stdout
    assert "entry 0" in every and "entry 299" in every and len(every.splitlines()) > 300


def test_the_latest_entries_are_read_without_the_whole_case_and_match_the_whole_timeline(cli, make_case):
    """Corrections move entries in time (into the latest 200 and out of them), and one naming no event of the
    case stands as an entry of its own: the few events read give exactly the whole timeline's last 200."""
    from complaintctl.core.timeline import latest, timeline

    make_case(title="Long and corrected")
    store = Store.open(cli.db)
    with store.atomic():
        for number in range(400):  # event number + 2: the case's first event is its opening
            moment = START + timedelta(hours=number if number % 7 else 400 - number)  # some logged late
            store.append(1, kind="note", occurred=moment, recorded=moment, text=f"entry {number}")
        back = START - timedelta(days=5)  # three entries out of the latest 200, one into them, one text alone
        corrected = {2: START + timedelta(days=200), 353: back, 354: back, 355: back, 17: None}
        for target, occurred in {**corrected, 9999: None}.items():
            changes = {} if occurred is None else {"occurred": occurred.isoformat()}
            moment = START + timedelta(days=300)
            details = {"corrects": target, "changes": changes}
            store.append(1, kind="amend", occurred=moment, recorded=moment, text=f"fixed {target}", details=details)
    whole = timeline(*store.case_with_events(1))
    state, events, others = store.latest_events(1, 200)
    assert len(events) < 300, "the latest entries were read with most of the case"
    entries, total = latest(state, events, others, 200)
    assert total == len(whole) == 402
    assert [(e.event.id, e.text, e.occurred, e.corrections) for e in entries] == [
        (e.event.id, e.text, e.occurred, e.corrections) for e in whole[-200:]
    ]
    assert whole[-1].text == "fixed 9999" and whole[-2].event.id == 2  # the entry moved to day 200 is shown
    store.close()
    shown = cli("show", "1").stdout
    assert "392 earlier entries not shown" in shown and "fixed 9999" in shown


def test_the_latest_entries_of_a_long_case_cost_what_they_show_not_what_the_case_holds(cli, make_case):
    """Counted in SQLite's own steps (not in time): the corrections are found through their index, so reading
    the latest 10 entries of 2,000 is a small part of reading the case whole."""
    make_case(title="Long")
    store = Store.open(cli.db)
    with store.atomic():
        for number in range(2000):
            moment = START + timedelta(minutes=number)
            store.append(1, kind="note", occurred=moment, recorded=moment, text=f"entry {number}")

    def steps(read) -> int:
        counted = []
        store.conn.set_progress_handler(lambda: counted.append(1) and 0, 10)
        read()
        store.conn.set_progress_handler(None, 10)
        return len(counted)

    latest, whole = steps(lambda: store.latest_events(1, 10)), steps(lambda: store.case_with_events(1))
    assert latest * 20 < whole, (latest, whole)
    store.close()


def _modules_loaded_by(arguments: list[str], db) -> list[str]:
    """Which of Typer, Click and Rich a real run of the console script's entry point has loaded at its end."""
    import ast
    import os
    import subprocess
    import sys

    from helpers.cases import NOW

    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'rich'}),"
        " file=sys.stderr))\n"
        "sys.argv = ['complaintctl', *sys.argv[1:]]\n"
        "from complaintctl.launcher import main\n"
        "main()\n"
    )
    environment = {**os.environ, "COMPLAINTCTL_DB": str(db), "COMPLAINTCTL_NOW": NOW, "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-c", program, *arguments], env=environment, capture_output=True, text=True, timeout=HANG_LIMIT
    )
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stderr.splitlines()[-1])


def test_a_long_plain_list_loads_no_rich(cli):
    many_cases(cli.db, 201)
    assert "rich" not in _modules_loaded_by(["list"], cli.db)
    assert "rich" not in _modules_loaded_by(["list", "--json"], cli.db)
    assert "rich" in _modules_loaded_by(["list", "--limit", "5"], cli.db)  # a short one is a Rich table


def test_a_long_plain_next_loads_no_rich(cli):
    many_cases(cli.db, 201)
    shown = cli("next").stdout
    assert len([line for line in shown.splitlines() if line.strip()]) == 203  # header, rule, a line per case
    assert "rich" not in _modules_loaded_by(["next"], cli.db)
    assert "rich" in _modules_loaded_by(["next", "1"], cli.db)  # one case's advice is a Rich view
