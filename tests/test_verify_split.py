"""`verify` of a large database walks the later half of the chains in a second process: the report must be the
one a single walk gives, problem for problem, and a helper that dies must cost time, never a finding."""

from __future__ import annotations

import io
import pickle
from datetime import UTC, datetime

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes

from complaintctl.actions import verify_split
from complaintctl.store import Store

WHEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def damaged(cli, make_case, tmp_path, monkeypatch):
    """Five cases, damaged in the first and the last, with an attachment and a (forged) stamp in the later half."""
    monkeypatch.setattr(verify_split, "_cores", lambda: 2)  # the split is this machine's choice; tests make it
    make_case(**UK_CASE)
    for number in range(2, 6):
        make_case(title=f"Case number {number}")
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(4, 4))
    for case in range(1, 6):
        cli("log", str(case), f"A note in case {case}", "--promise", "refund", "--due", "2026-11-30")
    cli("log", "5", "Screenshot", "--attach", str(shot))
    store = Store.open(cli.db)
    try:  # a stamp whose token is missing: verify names it, wherever the case was walked
        store.append(4, kind="stamped", occurred=WHEN, recorded=WHEN, details={"stamp": {"covers": "x"}})
    finally:
        store.close()
    for table in ("events", "attachments"):
        cli.sql(f"DROP TRIGGER {table}_append_only_update")
        cli.sql(f"DROP TRIGGER {table}_append_only_delete")
    cli.sql("UPDATE events SET text = 'rewritten' WHERE case_id = 1 AND seq = 2")
    cli.sql("UPDATE events SET text = 'rewritten' WHERE case_id = 5 AND seq = 2")
    cli.sql("DELETE FROM attachments")
    return cli


def report(cli, monkeypatch, split_at: int) -> dict:
    monkeypatch.setenv(verify_split.SPLIT_VARIABLE, str(split_at))
    return cli("verify", "--json", code=1).json()


def test_the_split_walk_reports_exactly_what_one_walk_reports(damaged, monkeypatch):
    store = Store.open(damaged.db)
    monkeypatch.setenv(verify_split.SPLIT_VARIABLE, "0")
    try:
        own, helper = verify_split.share(store)
        assert helper is not None and own, "a database over the threshold is shared between two processes"
        assert own + helper.case_ids == [1, 2, 3, 4, 5]
        walked = helper._received()
        assert walked is not None and [w.case_id for w in walked] == helper.case_ids  # the helper's own answer
    finally:
        store.close()
    split = report(damaged, monkeypatch, 0)
    single = report(damaged, monkeypatch, 10**9)
    assert split == single
    messages = " | ".join(p["message"] for p in split["problems"])
    for expected in ("event 6 was changed", "event 10 was changed", "attachment d6325bd24a66", "stamp event 12"):
        assert expected in messages, messages
    assert split["cases"] == 5 and set(split["chain_heads"]) == {"1", "2", "3", "4", "5"}


def test_a_helper_killed_midway_costs_time_not_a_finding(damaged, monkeypatch):
    single = report(damaged, monkeypatch, 10**9)
    monkeypatch.setenv("COMPLAINTCTL_TEST_POINT", "verify-helper:kill")
    store = Store.open(damaged.db)
    monkeypatch.setenv(verify_split.SPLIT_VARIABLE, "0")
    try:
        _, helper = verify_split.share(store)
        assert helper is not None and helper._received() is None  # it died: nothing of it is taken
    finally:
        store.close()
    assert report(damaged, monkeypatch, 0) == single


@pytest.mark.parametrize(
    "sent",
    [b"", b"junk", pickle.dumps("a string"), pickle.dumps([1, 2]), pickle.dumps([("not", "a walk")])[:-3]],
)
def test_anything_but_a_list_of_walks_from_the_helper_is_refused(sent):
    assert verify_split._load(io.BytesIO(sent)) is None


def test_a_small_database_or_a_single_case_is_walked_in_one_process(cli, make_case, monkeypatch):
    make_case(title="Only one")
    store = Store.open(cli.db)
    try:
        assert verify_split.share(store) == (None, None)  # a few events: below SPLIT_AT
        monkeypatch.setenv(verify_split.SPLIT_VARIABLE, "0")
        assert verify_split.share(store) == (None, None)  # one case: nothing to share
    finally:
        store.close()
