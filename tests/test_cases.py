"""Opening, describing and listing cases."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE


def test_new_with_every_fact_is_shown_back(cli, make_case):
    case = make_case(**UK_CASE)
    assert case == 1
    shown = cli("show", "1", "--json").json()
    assert shown["facts"] == {
        "title": "Headphones never arrived",
        "role": "buyer",
        "marketplace": "amazon.co.uk",
        "order_id": "202-1234567-1234567",
        "seller": "SoundShop EU",
        "sold_by": "third-party",
        "fulfilled_by": "seller",
        "issue": "not-received",
        "ordered_on": "2026-11-01",
        "delivery_by": "2026-11-10",
        "amount": "59.99",
        "currency": "GBP",
        "paid_by": "credit-card",
        "country": "GB",
    }
    assert shown["timeline"][0]["kind"] == "opened"
    assert shown["status"] == "open"


def test_new_prints_the_id_for_scripts_and_a_message_for_people(cli):
    result = cli("new", "--title", "Broken kettle", "--marketplace", "amazon.fr")
    assert result.stdout.strip() == "1"
    assert "Opened case 1" in result.stderr
    assert "Country set to FR from amazon.fr" in result.stderr
    assert cli("new", "--title", "Second", "--json").json()["id"] == 2


def test_country_alias_and_lowercase_codes_are_normalised(cli, make_case):
    make_case(title="x", country="uk", currency="gbp", amount="59,99")
    facts = cli("show", "1", "--json").json()["facts"]
    assert (facts["country"], facts["currency"], facts["amount"]) == ("GB", "GBP", "59.99")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--marketplace", "amazon.com", "--order", "12345"], "not an Amazon order id"),
        (["--currency", "GPB", "--amount", "5"], "ISO 4217"),
        (["--country", "XX"], "ISO 3166"),
        (["--amount", "-3", "--currency", "EUR"], "above 0"),
        (["--amount", "abc", "--currency", "EUR"], "not an amount"),
        (["--amount", "1.999", "--currency", "EUR"], "two decimals"),
        (["--amount", "12"], "needs its currency"),
        (["--ordered", "2026-02-30"], "not a real order date"),
        (["--ordered", "03/04/2026"], "ambiguous"),
        (["--ordered", "next blursday"], "cannot read"),
        (["--ordered", "2026-11-10", "--delivery-by", "2026-11-01"], "before the order date"),
        (["--marketplace", "amazon.xyz"], "unknown marketplace"),
        (["--order", "../../etc/passwd"], "not an order id"),
    ],
)
def test_new_refuses_invalid_facts_with_one_line_and_stores_nothing(cli, options, message):
    error = cli.fails("new", "--title", "t", *options)
    assert message in error
    assert cli("list", "--json").json() == []


def test_new_needs_a_title(cli):
    assert "needs a title" in cli.fails("new", "--marketplace", "amazon.de")


def test_unknown_choice_is_a_usage_error(cli):
    stderr = cli.fails("new", "--title", "t", "--issue", "meh", code=2)
    assert "not-received" in stderr


def test_set_records_a_fact_change_as_an_event_and_keeps_the_old_value(cli, make_case):
    make_case(**UK_CASE)
    result = cli("set", "1", "--seller", "SoundShop Ltd", "--delivery-by", "2026-11-12")
    assert "changed seller, delivery by" in result.stderr
    shown = cli("show", "1", "--json").json()
    assert shown["facts"]["seller"] == "SoundShop Ltd"
    assert shown["timeline"][0]["details"]["facts"]["seller"] == "SoundShop EU"
    assert shown["timeline"][-1]["kind"] == "facts"
    assert "already has these facts" in cli("set", "1", "--seller", "SoundShop Ltd").stderr
    assert cli("show", "1", "--json").json()["events_count"] == 2


def test_set_validates_order_ids_against_the_cases_marketplace(cli, make_case):
    make_case(title="t", marketplace="amazon.de")
    assert "Amazon order id" in cli.fails("set", "1", "--order", "ABC")
    assert "there is no case 9" in cli.fails("set", "9", "--seller", "x")


def test_list_counts_open_and_overdue_promises_and_hides_resolved_with_open(cli, make_case):
    make_case(title="Late parcel")
    make_case(title="Broken blender")
    cli(
        "log",
        "1",
        "Agent promised a call back",
        "--promise",
        "call back",
        "--due",
        "2026-11-20",
        "--at",
        "2026-11-18 10:00",
    )
    cli("log", "1", "Agent promised a refund", "--promise", "refund", "--due", "2026-11-30")
    cli("log", "2", "--event", "resolved", "--outcome", "refunded", "Refunded in full")
    listed = {row["id"]: row for row in cli("list", "--json").json()}
    assert (listed[1]["open_promises"], listed[1]["overdue_promises"]) == (2, 1)
    assert listed[2]["status"] == "resolved: refunded" and listed[2]["resolved"] is True
    assert [row["id"] for row in cli("list", "--open", "--json").json()] == [1]
    table = cli("list").stdout
    assert "Late parcel" in table and "1 overdue" in table


def test_list_on_an_empty_database_says_how_to_start(cli):
    cli.create_empty()
    assert "complaintctl new" in cli("list").stderr


def test_show_prints_facts_timeline_and_escapes_markup(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "[bold red]not markup[/] <script>alert(1)</script>", "--at", "2026-11-12 10:00")
    out = cli("show", "1").stdout
    assert "SoundShop EU" in out and "202-1234567-1234567" in out
    assert "[bold red]not markup[/] <script>alert(1)</script>" in out
    assert cli.fails("show", "42").endswith("`complaintctl list` shows your cases")
