"""Long output through a pager on a terminal, as git does; never into a pipe, never with --json or --no-pager."""

from __future__ import annotations

import subprocess

import pytest
from helpers.cases import UK_CASE
from helpers.terminal import SCRIPT, environment, run_on_a_terminal
from test_long_listings import many_cases


@pytest.fixture
def pager(tmp_path):
    """A pager that keeps what it was given in a file and shows nothing."""
    kept = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\necho "$LESS" > "{kept}.less"\ncat > "{kept}"\n')
    script.chmod(0o755)
    return script, kept


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "Asked the seller where the parcel is")


# The agenda over 90 days: the case's step and deadline fall in February (within 30 days there is nothing).
@pytest.mark.parametrize("command", [["show", "1"], ["list"], ["check", "1"], ["next"], ["agenda", "--days", "90"]])
def test_a_terminal_pages_through_pager(cli, case, pager, command):
    script, kept = pager
    code, shown = run_on_a_terminal(command, environment(cli.db, PAGER=str(script)))
    assert code == 0, shown
    assert kept.exists(), f"the pager was not run:\n{shown}"
    assert "Headphones" in kept.read_text() and "Headphones" not in shown
    assert kept.with_name("paged.txt.less").read_text().strip() == "FRX"  # as git sets it for less


def test_show_through_the_pager_keeps_the_terminal_layout(cli, case, pager):
    script, kept = pager
    run_on_a_terminal(["show", "1"], environment(cli.db, PAGER=str(script), NO_COLOR="1"))
    assert "┏" in kept.read_text()  # a table for the terminal, not the pipe's plain text


@pytest.mark.parametrize(
    ("args", "variables"),
    [
        (["--no-pager", "show", "1"], {}),
        (["show", "1", "--json"], {}),
        (["show", "1"], {"COMPLAINTCTL_PAGER": "cat"}),
        (["show", "1"], {"COMPLAINTCTL_PAGER": ""}),
        (["show", "1"], {"PAGER": "cat"}),
        (["show", "1"], {"PAGER": "/no/such/pager"}),  # a pager that cannot start: the output still shows
    ],
)
def test_no_pager_when_told_or_for_json(cli, case, pager, args, variables):
    script, kept = pager
    env = environment(cli.db, **{"PAGER": str(script), **variables})
    code, shown = run_on_a_terminal(args, env)
    assert code == 0 and "Headphones never arrived" in shown, shown
    assert not kept.exists()


def test_complaintctl_pager_comes_before_pager(cli, case, pager, tmp_path):
    script, kept = pager
    code, shown = run_on_a_terminal(
        ["list"], environment(cli.db, PAGER="/no/such/pager", COMPLAINTCTL_PAGER=str(script))
    )
    assert code == 0 and kept.exists(), shown


def test_never_into_a_pipe(cli, case, pager):
    script, kept = pager
    piped = subprocess.run([str(SCRIPT), "show", "1"], env=environment(cli.db, PAGER=str(script)), capture_output=True)
    assert piped.returncode == 0 and b"Headphones never arrived" in piped.stdout
    assert not kept.exists()


def test_quitting_the_pager_early_is_not_an_error(cli, tmp_path):
    many_cases(cli.db, 1500)  # more than a pipe holds (64 KB): the writes meet the closed pipe
    quitter = tmp_path / "quit.sh"
    quitter.write_text("#!/bin/sh\nhead -c 10 > /dev/null\n")  # reads a little, then goes away
    quitter.chmod(0o755)
    code, shown = run_on_a_terminal(["list"], environment(cli.db, PAGER=str(quitter)))
    assert code == 0 and "Traceback" not in shown and "Error" not in shown, shown
