"""check, next and agenda through the real CLI and database."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from helpers.cases import UK_CASE


def test_check_lists_programmes_with_dates_reasons_and_sources(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked the seller")
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    not_received = results["atoz-not-received"]
    assert not_received["status"] == "eligible"
    assert (not_received["eligible_from"], not_received["deadline"]) == ("2026-11-13", "2027-02-08")
    assert not_received["programme"] == "Amazon A-to-z Guarantee" and not_received["pack_version"]
    assert "nodeId=201889410" in not_received["source"]
    assert results["uk-section-75"]["status"] == "not-eligible"
    out = cli("check", "1")
    assert "A-to-z claim: item not received" in out.stdout and "not legal advice" in out.stderr


def test_advice_reads_a_milestone_at_its_corrected_time(cli, make_case):
    make_case(**UK_CASE)
    contacted = cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-19 09:00", "x", "--json").json()
    early = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}["atoz-not-received"]
    assert early["status"] == "not-yet"
    cli("amend", str(contacted["id"]), "--at", "2026-11-11 09:00")
    corrected = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}["atoz-not-received"]
    assert (corrected["status"], corrected["eligible_from"]) == ("eligible", "2026-11-13")


def test_check_names_missing_facts_and_the_command(cli, make_case):
    make_case(title="Lost parcel", marketplace="amazon.de")
    results = cli("check", "1", "--json").json()["results"]
    unknown = [r for r in results if r["status"] == "unknown"]
    assert unknown and all("complaintctl set 1" in r["reason"] for r in unknown)


def test_next_for_one_case_and_for_all(cli, make_case):
    make_case(**UK_CASE)
    make_case(title="Settled", marketplace="amazon.fr")
    cli("log", "2", "--event", "resolved", "--outcome", "refunded", "Refunded")
    promise = cli(
        "log",
        "1",
        "Chat: refund promised",
        "--at",
        "2026-11-14 15:20",
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
        "--json",
    ).json()["id"]
    one = cli("next", "1", "--json").json()
    first = cli("next", "1", "--json").json()
    assert first["step"] == "contact-seller", first  # every A-to-z ground needs the seller contacted first
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked the seller")
    one = cli("next", "1", "--json").json()
    assert one["step"] == "file-atoz-claim" and one["do_by"] == "2027-02-08"
    assert one["cautions"] and "Do not file a chargeback" in one["cautions"][0], one
    assert [p["event"] for p in one["overdue_promises"]] == [promise]
    for key in ("step", "title", "do_by", "why", "overdue_promises", "deadlines"):
        assert key in one
    every = cli("next", "--json").json()
    assert [a["case_id"] for a in every] == [1]  # resolved cases have no next step
    shown = cli("next", "1").stdout
    assert "File an A-to-z Guarantee claim" in shown and "Caution: Do not file a chargeback" in shown
    assert "File an A-to-z Guarantee claim" in cli("next").stdout


def test_agenda_and_its_calendar_file(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked the seller")
    cli("log", "1", "Chat: refund promised", "--at", "2026-11-14", "--promise", "refund", "--due", "2026-11-17")
    items = cli("agenda", "--json").json()
    assert items[0]["kind"] == "promise" and items[0]["due"] == "2026-11-17"
    assert all(i["due"] <= "2026-12-22" for i in items)
    longer = cli("agenda", "--days", "120", "--json").json()
    assert any(i["kind"] == "step" and i["due"] == "2027-02-08" for i in longer)
    ics = tmp_path / "deadlines.ics"
    cli("agenda", "--days", "120", "--ics", str(ics))
    text = ics.read_text()
    assert text.count("BEGIN:VEVENT") == len(longer)
    assert "DTSTART;VALUE=DATE:20261117" in text and "UID:case-1-promise-3@complaintctl" in text
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600
    assert "cannot write" in cli.fails("agenda", "--ics", str(tmp_path / "missing" / "x.ics"))


def test_calendar_events_ring_the_day_before_a_deadline_and_on_the_day_of_a_promise(cli, make_case, tmp_path):
    import icalendar

    make_case(**UK_CASE)
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "Asked the seller")
    callback = cli("log", "1", "Phone: will call back", "--promise", "callback", "--due", "2026-11-24", "--json").json()
    refund = cli(
        "log", "1", "Chat: refund", "--at", "2026-11-14", "--promise", "refund", "--due", "2026-11-17", "--json"
    )
    ics = tmp_path / "agenda.ics"
    cli("agenda", "--days", "120", "--ics", str(ics))
    events = {
        str(event["uid"]).split("@")[0]: event
        for event in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    alarms = {uid: event.walk("VALARM") for uid, event in events.items()}
    callback_alarms = alarms[f"case-1-promise-{callback['id']}"]
    assert [str(alarm["action"]) for alarm in callback_alarms] == ["DISPLAY"]
    assert callback_alarms[0]["trigger"].dt == timedelta(hours=9)  # 09:00 on the day the callback is due
    assert callback_alarms[0]["description"].startswith("Today: [case 1] Promise due: callback")
    deadlines = [uid for uid in events if "-deadline-" in uid or "-step-" in uid]
    assert deadlines, events.keys()
    for uid in deadlines:
        assert alarms[uid][0]["trigger"].dt == timedelta(hours=-15), uid  # 09:00 the day before
        assert alarms[uid][0]["description"].startswith("Tomorrow: ")
    assert (
        alarms[f"case-1-promise-{refund.json()['id']}"] == []
    )  # overdue on 22 Nov: a reminder in the past would ring at every refresh


def test_a_deadline_due_today_rings_this_morning_not_yesterday(tmp_path):
    import icalendar

    from complaintctl.actions.agenda import AgendaItem, write_ics

    today = date(2026, 11, 22)
    item = AgendaItem(today, 1, "Lost parcel", "deadline", "Last day: A-to-z claim", "deadline-atoz")
    write_ics([item], tmp_path / "today.ics", datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    (alarm,) = icalendar.Calendar.from_ical((tmp_path / "today.ics").read_bytes()).walk("VALARM")
    assert alarm["trigger"].dt == timedelta(hours=9) and alarm["description"].startswith("Today: ")


def test_user_rule_packs_add_and_replace_and_bad_ones_are_refused(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "shop.toml").write_text(
        '[pack]\nid = "shop-goodwill"\nprogramme = "Shop goodwill policy"\nversion = "1"\n'
        'effective = "2026-01-01"\nsource = "my notes"\n\n'
        '[[rules]]\nid = "goodwill"\ntitle = "Ask for a goodwill gesture"\nsource = "the shop\'s terms"\n'
        'eligible_from = { after = "fact:delivery_by", plus = "1 week" }\n'
    )
    results = {r["rule"]: r for r in cli("check", "1", "--rules", str(mine), "--json").json()["results"]}
    assert results["goodwill"]["eligible_from"] == "2026-11-17" and "atoz-not-received" in results
    head = '[pack]\nid = "x"\nprogramme = "p"\nversion = "1"\neffective = "2026-01-01"\nsource = "s"\n'
    (mine / "bad.toml").write_text(head + '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\nwhen = 1\n')
    error = cli.fails("check", "1", "--rules", str(mine))
    assert "bad.toml, rule r: unknown key 'when'" in error
    (mine / "bad.toml").write_text(
        head + '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n'
        'deadline = { after = "event:exploded", plus = "3 days" }\n'
    )
    assert "'exploded' is not an event kind" in cli.fails("check", "1", "--rules", str(mine))
    (mine / "bad.toml").write_text(
        head + '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n'
        'deadline = { after = "fact:delivery_by", plus = "soon" }\n'
    )
    assert "is not a duration" in cli.fails("check", "1", "--rules", str(mine))
    (mine / "bad.toml").write_text(head)
    assert "at least one rule" in cli.fails("check", "1", "--rules", str(mine))
    (mine / "bad.toml").write_text("this is not toml [")
    assert "not valid TOML" in cli.fails("check", "1", "--rules", str(mine))
    assert "does not exist" in cli.fails("check", "1", "--rules", str(tmp_path / "nowhere"))


def test_advice_on_a_missing_case(cli):
    cli.create_empty()
    assert "there is no case 3" in cli.fails("next", "3")
    assert "there is no case 3" in cli.fails("check", "3")
    assert "No open cases" in cli("next").stderr


def test_packs_in_the_user_config_folder_are_used(cli, make_case, tmp_path, monkeypatch):
    make_case(**UK_CASE)
    folder = tmp_path / "config" / "complaintctl" / "rules"
    folder.mkdir(parents=True)
    (folder / "atoz.toml").write_text(
        '[pack]\nid = "amazon-atoz"\nprogramme = "A-to-z, my update"\nversion = "2027.1"\n'
        'effective = "2027-01-01"\nsource = "amazon.co.uk help page, January 2027"\n'
        'applies = { marketplace = ["amazon.co.uk"] }\n\n'
        '[[rules]]\nid = "atoz-not-received"\ntitle = "Not received (updated)"\nsource = "amazon.co.uk"\n'
        'eligible_from = { after = "fact:delivery_by", plus = "5 days" }\n'
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    assert results["atoz-not-received"]["eligible_from"] == "2026-11-15"
    assert results["atoz-not-received"]["pack_version"] == "2027.1"
    assert "atoz-seller-silent" not in results  # the user's pack replaced the built-in one whole


def test_region_item_and_statement_date_are_facts_with_clear_refusals(cli, make_case):
    make_case(**{**UK_CASE, "sold_by": "amazon", "amount": "150.00"})
    assert "ISO 3166-2 region" in cli.fails("set", "1", "--region", "GB-XYZ")
    assert "not in the country GB" in cli.fails("set", "1", "--region", "DE-BY")
    assert "not a real statement date" in cli.fails("set", "1", "--statement-date", "2026-02-30")
    cli("set", "1", "--region", "gb-sct")
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    assert results["uk-section-75"]["deadline"] == "2031-11-10"  # 5 years in Scotland
    cli("set", "1", "--item", "digital")
    results = {r["rule"]: r for r in cli("check", "1", "--json").json()["results"]}
    assert results["atoz-not-received"]["status"] == "not-eligible"
    us = cli(
        "new",
        "--title",
        "US card",
        "--marketplace",
        "amazon.com",
        "--paid-by",
        "credit-card",
        "--ordered",
        "2026-11-01",
        "--json",
    ).json()["id"]
    fcba = {r["rule"]: r for r in cli("check", str(us), "--json").json()["results"]}["fcba-billing-error-notice"]
    assert fcba["status"] == "unknown" and "--statement-date" in fcba["reason"]
    cli("set", str(us), "--statement-date", "2026-11-20")
    fcba = {r["rule"]: r for r in cli("check", str(us), "--json").json()["results"]}["fcba-billing-error-notice"]
    assert (fcba["status"], fcba["deadline"]) == ("eligible", "2027-01-19")


def test_next_after_an_appeal_waits_for_its_decision(cli, make_case):
    make_case(**UK_CASE)
    for args in (
        ["--event", "seller-contacted", "--at", "2026-11-11"],
        ["--event", "claim-filed", "--at", "2026-11-14"],
        ["--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-18"],
        ["--event", "appeal-filed", "--at", "2026-11-19"],
    ):
        cli("log", "1", *args, "x")
    assert cli("next", "1", "--json").json()["step"] == "wait-for-appeal"
    assert "needs --outcome" in cli.fails("log", "1", "--event", "appeal-decided", "x")
    cli("log", "1", "--event", "appeal-decided", "--outcome", "granted", "--at", "2026-11-21", "x")
    assert cli("next", "1", "--json").json()["step"] == "wait-for-claim"


def test_a_case_with_only_a_title_is_asked_for_its_facts(cli, make_case):
    make_case(title="Only a title")
    advice = cli("next", "1", "--json").json()
    assert advice["step"] == "add-facts" and "--marketplace" in advice["why"] and "--issue" in advice["why"]


PACK_HEAD = '[pack]\nid = "x"\nprogramme = "p"\nversion = "1"\neffective = "2026-01-01"\nsource = "s"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\nstep = "sue-everyone"\n', "'sue-everyone' is not a step"),
        (
            '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n'
            'eligible_from = { after = "fact:delivery_by", plus = "99999999 years" }\n',
            "longer than a century",
        ),
        (
            '[claim_outcomes.won]\ncounts_against_odr = true\nlabel = "x"\n[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n',
            "'won' is not a claim outcome",
        ),
        (
            '[claim_outcomes.closed-denied]\ncounts_against_odr = "yes"\nlabel = "x"\n'
            '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\n',
            "expected true or false",
        ),
        ('[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\nrolls_to_working_day = 1\n', "expected true or false"),
    ],
)
def test_bad_rule_packs_are_clear_errors(cli, make_case, tmp_path, body, message):
    make_case(**UK_CASE)
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "bad.toml").write_text(PACK_HEAD + body)
    assert message in cli.fails("check", "1", "--rules", str(mine))


def test_the_seller_view_counts_every_claim_that_is_not_denied(cli, make_case):
    make_case(**{**UK_CASE, "role": "seller"})
    cli("log", "1", "--event", "claim-filed", "--at", "2026-11-14", "x")
    cli("log", "1", "--event", "claim-decided", "--outcome", "under-review", "--at", "2026-11-15", "x")
    assert cli("check", "1", "--json").json()["claim"]["counts_against_odr"] is True
    cli("log", "1", "--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-16", "x")
    assert cli("check", "1", "--json").json()["claim"]["counts_against_odr"] is False
