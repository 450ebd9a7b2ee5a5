"""`next` and `agenda` reuse advice until the moment it could change: a new event, a new day, an hour-based
wait ending, a promise falling due, a changed rule pack. Each of those must show at once."""

from __future__ import annotations

import json
import os

import pytest
from helpers.cases import UK_CASE

US_CASE = {**UK_CASE, "marketplace": "amazon.com", "country": "US", "currency": "USD"}


def steps(cli, *args):
    return {a["case_id"]: (a["step"], a["do_by"]) for a in cli("next", *args, "--json").json()}


def cached_rows(cli):
    return cli.sql("SELECT count(*) FROM advice_cache")[0][0]


def test_the_cache_is_used_and_a_new_event_refreshes_its_case(cli, make_case):
    make_case(**UK_CASE)
    make_case(**UK_CASE)
    first = steps(cli)
    assert first[1] == ("contact-seller", "2027-02-04") and cached_rows(cli) == 2
    cli.sql("UPDATE advice_cache SET advice_json = replace(advice_json, 'Contact the seller', 'From the cache')")
    assert "From the cache" in cli("next").stdout  # served from the cache: nothing changed
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked")
    again = steps(cli)
    assert again[1] == ("file-atoz-claim", "2027-02-08") and again[2] == first[2]


def test_a_new_day_an_ending_wait_and_a_promise_falling_due_refresh_the_advice(cli, make_case, monkeypatch):
    make_case(**US_CASE)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-20T09:00:00+00:00")
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-19 10:00", "Asked")
    cli(
        "log",
        "1",
        "Chat: refund by noon",
        "--at",
        "2026-11-20 08:00",
        "--promise",
        "refund",
        "--due",
        "2026-11-20 12:00",
    )
    assert steps(cli)[1][0] == "wait-for-seller"  # 48 hours from 10:00 on the 19th
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-20T12:30:00+00:00")
    assert cli("next", "1", "--json").json()["overdue_promises"]  # the one-case view never used the cache
    assert steps(cli)[1][0] == "follow-up"  # the promise fell due at noon: the cached advice expired then
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-21T10:30:00+00:00")
    assert steps(cli)[1][0] in ("file-atoz-claim", "follow-up")
    agenda = cli("agenda", "--json").json()
    assert any(item["kind"] == "promise" for item in agenda)


def test_a_changed_rule_pack_refreshes_the_advice(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = rules / "extra.toml"
    pack.write_text(
        '[pack]\nid = "x"\nprogramme = "p"\nversion = "1"\neffective = "2026-01-01"\nsource = "s"\n'
        '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n'
    )
    cli("next", "--rules", str(rules))
    before = cli.sql("SELECT packs FROM advice_cache")[0][0]
    pack.write_text(pack.read_text().replace('version = "1"', 'version = "2"'))
    os.utime(pack, ns=(1, 1))
    cli("next", "--rules", str(rules))
    assert cli.sql("SELECT packs FROM advice_cache")[0][0] != before


def test_the_cache_is_not_evidence(cli, make_case):
    make_case(**UK_CASE)
    cli("next")
    cli.sql("DELETE FROM advice_cache")  # dropping it loses nothing, and verify does not read it
    assert "Intact" in cli("verify").stderr and steps(cli)[1][0] == "contact-seller"


def mark_cached(cli):
    cli.sql("UPDATE advice_cache SET advice_json = replace(advice_json, 'Contact the seller', 'From the cache')")


def test_advice_kept_from_an_earlier_day_reads_as_of_today(cli, make_case, monkeypatch):
    """Waiting for the seller's contact changes nothing until the claim window closes: days later the cache is
    read, not recomputed; its date stays the date it was (it never slides to today) and the counts are
    today's: the step is overdue by the days since."""
    make_case(**UK_CASE)
    first = cli("next", "--json").json()[0]
    assert (first["do_by"], first["days_overdue"], first["deadlines"][0]["days_left"]) == ("2027-02-04", 0, 78)
    mark_cached(cli)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2027-02-06T08:00:00+00:00")
    later = cli("next", "--json").json()[0]
    assert later["title"] == "From the cache"  # read, not recomputed
    assert (later["do_by"], later["days_overdue"], later["deadlines"][0]["days_left"]) == ("2027-02-04", 2, 2)
    agenda = cli("agenda", "--json").json()
    assert any(i["kind"] == "step" and i["due"] == "2027-02-04" and "overdue by 2 days" in i["text"] for i in agenda)


def test_a_clock_set_back_or_another_utc_offset_never_reads_kept_advice(cli, make_case, monkeypatch):
    make_case(**UK_CASE)
    cli("next")
    mark_cached(cli)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-21T12:00:00+00:00")  # a day before it was computed
    assert "From the cache" not in cli("next").stdout
    cli("next")  # computed again at the earlier time, and kept
    mark_cached(cli)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-21T14:00:00+02:00")  # the same moment, two hours east
    assert "From the cache" not in cli("next").stdout
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-21T12:30:00+00:00")
    cli("next")
    mark_cached(cli)
    assert "From the cache" in cli("next").stdout  # the control: same offset, later: read from the cache


def mark_titles(cli):
    cli.sql("UPDATE advice_cache SET advice_json = json_set(advice_json, '$.title', 'From the cache')")


def titles(cli, *args):
    """The case titles `next` shows: a title read from the cache says "From the cache"."""
    shown = cli("next", *args).stdout
    return {name for name in ("From the cache", "Amazon case", "eBay case", "Amazon kept") if name in shown}


EBAY_PACK = (
    '[pack]\nid = "ebay-extra"\nprogramme = "p"\nversion = "1"\neffective = "2026-01-01"\nsource = "s"\n'
    'applies = { marketplace = ["ebay.co.uk"] }\n[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n'
)


def test_the_same_packs_installed_elsewhere_keep_the_cache(cli, make_case, tmp_path):
    """The cache is keyed on the packs' contents, not on where they lie or when they were written: a reinstall
    or an upgrade that changes no rule keeps every case's advice."""
    make_case(**UK_CASE)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "extra.toml").write_text(EBAY_PACK)
    os.utime(second / "extra.toml", ns=(1, 1))
    cli("next", "--rules", str(first))
    mark_titles(cli)
    assert titles(cli, "--rules", str(second)) == {"From the cache"}


def test_editing_a_pack_recomputes_only_the_cases_it_applies_to(cli, make_case, tmp_path):
    make_case(**{**UK_CASE, "title": "Amazon case"})
    make_case(**{**UK_CASE, "title": "eBay case", "marketplace": "ebay.co.uk", "order": "12-34567-89012"})
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = rules / "extra.toml"
    pack.write_text(EBAY_PACK)
    cli("next", "--rules", str(rules))
    mark_titles(cli)
    pack.write_text(EBAY_PACK.replace('title = "t"', 'title = "another title"'))
    assert titles(cli, "--rules", str(rules)) == {"From the cache", "eBay case"}
    pack.unlink()  # a pack removed: the cases it spoke to are computed again, the others kept
    mark_titles(cli)
    cli.sql("UPDATE advice_cache SET advice_json = json_set(advice_json, '$.title', 'Amazon kept') WHERE case_id = 1")
    assert titles(cli, "--rules", str(rules)) == {"Amazon kept", "eBay case"}


def with_a_promise(cli, make_case):
    make_case(**UK_CASE)
    cli(
        "log",
        "1",
        "Chat: refund promised",
        "--at",
        "2026-11-20 08:00",
        "--promise",
        "refund",
        "--due",
        "2026-12-20 12:00",
    )


def test_the_listings_read_only_what_they_show_and_next_json_reads_the_rest(cli, make_case):
    """The kept advice holds what `next` and `agenda` list first, and the rest of the advice after it: the
    listings never read that rest, `next --json` does, so damage there is computed again for `next --json`."""
    with_a_promise(cli, make_case)
    whole, listing, agenda = cli("next", "--json").json(), cli("next").stdout, cli("agenda").stdout
    cli.sql("UPDATE advice_cache SET advice_json = replace(advice_json, '\"how\": ', '\"how\" ')")  # no colon
    mark_cached(cli)
    assert "From the cache" in cli("next").stdout and "From the cache" in cli("agenda", "--days", "365").stdout
    assert cli("next", "--json").json() == whole  # its rest is damaged: computed again, and kept again
    assert cli("next").stdout == listing and cli("agenda").stdout == agenda
    assert json.loads(cli.sql("SELECT advice_json FROM advice_cache")[0][0])["advice"]["how"]


@pytest.mark.parametrize(
    "damaged",
    [
        "json_set(advice_json, '$.promises[0][0]', 'soon')",  # the promise's due date
        "json_set(advice_json, '$.promises[0]', json('[1, 2]'))",
        "json_set(advice_json, '$.deadlines', json('[[\"2027-02-04\"]]'))",
        "json_set(advice_json, '$.step[2]', 'someday')",  # the step's date
        "json_set(advice_json, '$.step', json('[]'))",
        "json_set(advice_json, '$.promises', 5)",
        'replace(advice_json, \'"promises": [["\', \'"promises": [[\')',  # as written, not as json_set writes
    ],
)
def test_a_damaged_listing_in_kept_advice_is_computed_again(cli, make_case, damaged):
    with_a_promise(cli, make_case)
    agenda, listing = cli("agenda").stdout, cli("next").stdout
    assert "Promise due: refund" in agenda
    for command, shown in (("agenda", agenda), ("next", listing)):
        cli.sql(f"UPDATE advice_cache SET advice_json = {damaged}")
        assert cli(command).stdout == shown
