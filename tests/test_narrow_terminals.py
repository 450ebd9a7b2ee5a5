"""A terminal of 80 or 60 columns: listings fit, or turn into blocks; no word, address or reference is cut."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE
from helpers.mail import message, write_mbox
from test_long_listings import many_cases

from complaintctl.core import vocabulary

LONG_TITLE = "Blender arrived broken with a cracked jug, a missing lid and the wrong plug for this country"
SENDER = '"Customer Service" <cs-reply+A3SC11E84PLJUR@marketplace-notifications.amazon.co.uk>'


@pytest.fixture
def cases(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    make_case(title=LONG_TITLE, marketplace="amazon.de", issue="damaged", ordered="2026-11-03")
    cli("log", "1", "Chat", "--at", "2026-11-14 15:20", "--promise", "refund of 59.99 GBP", "--due", "2026-11-17")
    mails = [
        message(1, sender=SENDER),
        message(2, token="XYZ123LONGTOKENVALUE", subject="Re: Your order 202-1234567-1234567 refund request update"),
    ]
    cli("log", "1", "--email", write_mbox(tmp_path / "m.mbox", mails))


def words_of(document, fields, depth) -> set[str]:
    """Every whitespace-separated word of the named fields in the objects ``depth`` levels down (lists are
    passed through): the values the listing prints."""
    found: set[str] = set()
    if isinstance(document, list):
        for item in document:
            found |= words_of(item, fields, depth)
    elif isinstance(document, dict) and depth > 0:
        for name, value in document.items():
            if name in fields and isinstance(value, str):
                found |= set(value.split())
            elif name in fields and isinstance(value, list):
                found |= {word for item in value if isinstance(item, str) for word in item.split()}
            else:
                found |= words_of(value, fields, depth - 1)
    return found


COMMANDS = [
    (["list"], {"title", "status"}, 1),
    (["agenda"], {"case_title", "text"}, 1),
    (["next"], {"title"}, 1),
    (["next", "1"], {"title", "why", "how"}, 1),
    (["check", "1"], {"title", "reason", "source", "rule", "programme"}, 2),
    (["emails", "1"], {"subject", "token", "to"}, 2),
]


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize(("command", "fields", "depth"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
def test_every_word_of_the_data_is_printed_whole(cli, cases, monkeypatch, columns, command, fields, depth):
    monkeypatch.setenv("COLUMNS", columns)
    shown = cli(*command).stdout
    words = words_of(cli(*command, "--json").json(), fields, depth)
    assert words, "the test needs data to look for"
    printed = set(shown.split())
    missing = sorted(word for word in words if word not in printed)
    assert not missing, f"cut or missing at {columns} columns: {missing}\n{shown}"
    for line in shown.splitlines():  # wider only where a word has no room even on a line of its own
        assert len(line) <= int(columns) or len(max(line.split(), key=len)) > int(columns) - 20, f"{line!r}\n{shown}"


def test_addresses_are_whole_in_the_emails_listing(cli, cases, monkeypatch):
    for columns in ("80", "60", "40"):
        monkeypatch.setenv("COLUMNS", columns)
        shown = cli("emails", "1").stdout
        assert "cs-reply+A3SC11E84PLJUR@marketplace-notifications.amazon.co.uk" in shown.split(), shown
        assert "cs-reply+XYZ123LONGTOKENVALUE@amazon.co.uk" in shown, shown


def test_a_table_that_fits_stays_a_table_and_one_that_cannot_becomes_blocks(cli, cases, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert "┃" in cli("next").stdout
    blocks = cli("check", "1").stdout
    assert "┃" not in blocks and "\nStatus:   eligible\n" in blocks  # its sources hold addresses of 70 characters
    monkeypatch.setenv("COLUMNS", "200")
    assert "┃" in cli("check", "1").stdout


def test_long_plain_listings_wrap_between_words_or_become_blocks(cli, monkeypatch):
    many_cases(cli.db, 201)
    cli.sql("UPDATE cases SET title = ? WHERE id = 7", LONG_TITLE)
    for columns in ("80", "60", "40"):
        monkeypatch.setenv("COLUMNS", columns)
        shown = cli("list").stdout
        assert set(LONG_TITLE.split()) <= set(shown.split()), shown
        too_wide = [line for line in shown.splitlines() if len(line) > int(columns)]
        assert not too_wide, (columns, too_wide[:3])
    assert "Title:" in shown  # 40 columns: the fixed columns alone leave no room for a title


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize(
    ("command", "choices"),
    [
        (["log"], [*vocabulary.Milestone, *vocabulary.Channel]),
        (["new"], [*vocabulary.Issue, *vocabulary.PaidBy]),
        (["set"], [*vocabulary.Issue, *vocabulary.PaidBy]),
    ],
)
def test_help_lists_choices_whole(cli, monkeypatch, columns, command, choices):
    monkeypatch.setenv("COLUMNS", columns)
    shown = cli(*command, "--help").stdout
    words = {word.strip("│,.()") for word in shown.split()}
    missing = [str(choice) for choice in choices if str(choice) not in words]
    assert not missing, f"cut at {columns} columns: {missing}\n{shown}"
    assert "…" not in shown, f"a word cut at {columns} columns:\n{shown}"
