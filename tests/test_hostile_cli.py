"""Every option a user controls, fed random text through the real CLI: an answer, or a one-line refusal
that leaves the database exactly as it was. Never a traceback."""

from __future__ import annotations

import stat

import pytest
from helpers.cases import UK_CASE
from helpers.fuzz import examples
from hypothesis import given
from hypothesis import strategies as st

from complaintctl.cli import app

OPTIONS = ["--at", "--due", "--duration", "--agent", "--ref", "--outcome", "--target"]
FACT_OPTIONS = [
    "--amount",
    "--currency",
    "--country",
    "--order",
    "--ordered",
    "--delivery-by",
    "--marketplace",
    "--seller",
    "--title",
    "--region",
    "--statement-date",
]
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
SETTINGS = examples(60)


def refused_cleanly(cli, result, before):
    assert "Traceback" not in result.stderr, result
    if result.exit_code == 1:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), result
    assert result.exit_code in (0, 1, 2), result
    if result.exit_code != 0:
        assert cli.snapshot() == before


@SETTINGS
@given(option=st.sampled_from(OPTIONS), value=texts, milestone=st.sampled_from(["", "claim-decided", "escalated"]))
def test_log_options(cli, make_case, option, value, milestone):
    if not cli.db.exists():
        make_case(**UK_CASE)
    before = cli.snapshot()
    args = ["log", "1", "a note", option, value]
    if milestone:
        args += ["--event", milestone]
    if option == "--due":
        args += ["--promise", "refund"]
    result = cli(*args, code=None)
    refused_cleanly(cli, result, before)


@SETTINGS
@given(option=st.sampled_from(FACT_OPTIONS), value=texts)
def test_fact_options(cli, make_case, option, value):
    if not cli.db.exists():
        make_case(**UK_CASE)
    before = cli.snapshot()
    result = cli("set", "1", option, value, code=None)
    refused_cleanly(cli, result, before)


@SETTINGS
@given(
    name=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"), min_size=1, max_size=30
    ),
    content=st.binary(max_size=300),
)
def test_attachment_names_and_bytes(cli, make_case, tmp_path_factory, name, content):
    if not cli.db.exists():
        make_case(**UK_CASE)
    folder = tmp_path_factory.mktemp("files")
    try:
        path = folder / name
        path.write_bytes(content)
    except OSError:
        return  # a name this file system refuses cannot reach complaintctl either
    before = cli.snapshot()
    result = cli("log", "1", "--attach", str(path), code=None)
    refused_cleanly(cli, result, before)
    for kind in ("--email", "--transcript"):
        before = cli.snapshot()
        refused_cleanly(cli, cli("log", "1", kind, str(path), code=None), before)


def test_errors_do_not_repeat_what_the_case_holds(cli, make_case):
    make_case(**{**UK_CASE, "title": "My private medical order"})
    cli("log", "1", "my home address is 1 Secret Lane")
    for args in (
        ["log", "1", "x", "--at", "garbage"],
        ["show", "9"],
        ["set", "1", "--country", "ZZ"],
        ["log", "1", "--event", "resolved"],
    ):
        error = cli.fails(*args)
        assert "Secret Lane" not in error and "medical" not in error


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "one"], "'one' is not a case number: `complaintctl list` shows them"),
        (["next", "0"], "'0' is not a case number: `complaintctl list` shows them"),
        (["search", "refund", "--case", "1.5"], "'1.5' is not a case number: `complaintctl list` shows them"),
        (["amend", "seven", "x"], "'seven' is not an event number: `complaintctl show CASE` shows them"),
        (["kept", "x"], "'x' is not an event number: `complaintctl show CASE` shows them"),
    ],
)
def test_case_and_event_numbers_are_named_in_words(cli, args, expected):
    error = cli.fails(*args, code=2)
    assert expected in " ".join(error.replace("│", " ").split())
    assert "int range" not in error
    name = "EVENT" if args[0] in ("amend", "kept") else "CASE"
    described = [line for line in cli(args[0], "--help").stdout.splitlines() if name in line.split()]
    assert described and not any("int range" in line for line in described)


def test_tracebacks_never_show_local_variables():
    assert app.pretty_exceptions_show_locals is False


def test_exports_backups_and_letters_are_private(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    written = [
        cli("export", "1", "-o", str(tmp_path / "out")).stdout.strip(),
        cli("export", "1", "-f", "json", "-o", str(tmp_path / "out")).stdout.strip(),
        cli("backup", str(tmp_path / "backup.db")).stdout.strip(),
    ]
    cli("letter", "1", "formal", "-o", str(tmp_path / "letter.txt"))
    written.append(str(tmp_path / "letter.txt"))
    for path in written:
        assert stat.S_IMODE((tmp_path / path).stat().st_mode) == 0o600, path


def test_undecodable_bytes_in_arguments_and_headers_are_stored_visibly(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    cli("log", "1", "broken \udcff bytes from a terminal")
    raw = (
        b"From: cs-reply+T1@amazon.com\nSubject: caf\xe9 \xff\nX-Odd: \x80\x81\n"
        b"Date: Thu, 12 Nov 2026 09:30:00 +0000\n\nbody\n"
    )
    path = tmp_path / "odd.eml"
    path.write_bytes(raw)
    cli("log", "1", "--email", str(path))
    texts = [e["text"] for e in cli("show", "1", "--json").json()["timeline"]]
    assert "broken \ufffd bytes from a terminal" in texts
    assert "Intact" in cli("verify").stderr
