"""The launcher's fast path for `log` and `new` (issue 18): its spec is generated from the Typer commands and
kept current, it accepts only what Typer accepts, with the same values, and a command line gives the same
output, exit code and stored events through either path."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cases import NOW
from helpers.waiting import HANG_LIMIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintctl import launcher
from complaintctl.cli import fastparse, spec

SCRIPT = Path(sys.executable).with_name("complaintctl")
SPEC = fastparse.load_spec()


def test_the_committed_spec_is_what_the_typer_commands_generate():
    assert spec.SPEC_PATH.read_text(encoding="utf-8") == spec.render(spec.build()), (
        "the options of log, new or the global ones changed: run python -m complaintctl.cli.spec and commit"
    )


def test_the_spec_knows_every_type_the_hot_commands_use():
    parameters = [*SPEC["global"], *(p for command in SPEC["commands"].values() for p in command)]
    assert {p["type"]["name"] for p in parameters} <= {"text", "boolean", "choice", "path", "case number", "integer"}
    assert {"--channel", "-c"} <= {flag for p in SPEC["commands"]["log"] for flag in p["opts"]}


# Command lines through both paths: (arguments after `complaintctl`, whether the fast path takes them).
# DB is the database, FILE a readable file and FOLDER a folder, all in the run's own folder.
TABLE = [
    ("--db DB log 1 'A note'", True),
    (
        "--db DB log 1 'Chat' -c chat --agent Priya --ref CS-1 --at '2026-11-14 15:20' -p refund -d 2026-11-25 --json",
        True,
    ),
    ("--db DB log 1 --event shipped --at 2026-11-12 Shipped", True),
    ("--db DB log --json 1 note --channel=phone --duration 25m --direction inbound", True),
    ("--db DB log 1 'with files' -a FILE --attach FOLDER", True),
    ("--db DB log 1 --event resolved --outcome refunded 'Refund received'", True),
    ("--db DB log 2 --event shipped 'on a resolved case'", True),
    ("--db DB log 2 --event shipped --reopen 'reopening'", True),
    ("--db DB log ' 1' -p 'a refund' -d 'in 3 days'", True),
    ("--db DB --no-pager log 1 note --at 'next century'", True),
    ("--db DB log 1 note --at 2027-01-01 --force", True),
    ("--db DB log 9 'no such case'", True),
    ("--db MISSING log 1 note", True),
    ("--db DB new --title Second --marketplace amazon.com --sold-by amazon --issue late --json", True),
    ("--db DB new --title Third --note 'how it started' --amount 12.50 --currency EUR", True),
    ("--db DB new --marketplace amazon.co.uk", True),
    ("--db MISSING new --title 'A first case'", True),
    ("--db DB log 1", False),
    ("--db DB log one note", False),
    ("--db DB log 9223372036854775808 note", False),
    ("--db DB log 9223372036854775807 note", True),
    ("--db DB log 1 note --channel fax", False),
    ("--db DB log 1 note --bogus", False),
    ("--db DB log 1 note -cchat", False),
    ("--db DB log 1 a b", False),
    ("--db DB log 1 note --json --json", False),
    ("--db DB log 1 note --at -1", False),
    ("--db DB log 1 -- -note", False),
    ("--db DB log --help", False),
    ("--db FOLDER log 1 note", False),
    ("--db DB new", True),
    ("--db DB new --title T --sold-by nobody", False),
    ("log 1 note --db DB", False),
    ("--version", False),
    ("--db DB list", True),
    ("--db DB list --open --json", True),
    ("--db DB list --limit 1", True),
    ("--db DB --no-pager list --limit=2 --json", True),
    ("--db MISSING list", True),
    ("--db DB list --limit 0", False),
    ("--db DB list --limit one", False),
    ("--db DB list --limit 9223372036854775808", False),
    ("--db DB list 1", False),
    ("--db DB list --help", False),
    ("--db DB next", True),
    ("--db DB next 1", True),
    ("--db DB --no-pager next --json", True),
    ("--db DB next 1 --json", True),
    ("--db DB next 9", True),
    ("--db MISSING next", True),
    ("--db DB next one", False),
    ("--db DB next --rules FOLDER", False),
    ("--db DB agenda", True),
    ("--db DB agenda --days 400", True),
    ("--db DB agenda --days=0 --json", True),
    ("--db DB agenda --days -1", False),
    ("--db DB agenda --days 36501", False),
    ("--db DB agenda --ics FILE", False),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A database with an open case 1 and a resolved case 2, made through Typer."""
    folder = tmp_path_factory.mktemp("seed")
    environment = _environment(folder)
    for arguments in (
        ["new", "--title", "First", "--marketplace", "amazon.co.uk"],
        ["new", "--title", "Second", "--marketplace", "amazon.de"],
        ["log", "2", "--event", "resolved", "--outcome", "refunded", "done"],
    ):
        subprocess.run([str(SCRIPT), "--db", "seed.db", *arguments], cwd=folder, env=environment, check=True)
    return folder / "seed.db"


def _environment(folder: Path, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTCTL")}
    return environment | {
        "COMPLAINTCTL_NOW": NOW,
        "COMPLAINTCTL_CONFIG": str(folder / "none.toml"),
        "COMPLAINTCTL_DKIM_KEYS": "",
        "TZ": "UTC",
        "COLUMNS": "200",
        "NO_COLOR": "1",
        **extra,
    }


def _prepare(folder: Path, seed: Path, line: str) -> list[str]:
    """The run's folder with its files, and the command line's arguments with their names."""
    folder.mkdir()
    shutil.copy(seed, folder / "case.db")
    (folder / "receipt.txt").write_text("paid 12.50\n", encoding="utf-8")
    (folder / "photos").mkdir()
    names = {"DB": "case.db", "FILE": "receipt.txt", "FOLDER": "photos", "MISSING": "elsewhere.db"}
    return [names.get(word, word) for word in shlex.split(line)]


def _run(folder: Path, seed: Path, line: str, **extra: str) -> tuple[int, str, str, list[list[tuple]]]:
    done = subprocess.run(
        [str(SCRIPT), *_prepare(folder, seed, line)],
        cwd=folder,
        env=_environment(folder, **extra),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=HANG_LIMIT,
    )
    stored = []
    for database in ("case.db", "elsewhere.db"):
        if (folder / database).exists():
            with sqlite3.connect(folder / database) as connection:
                stored += [
                    connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
                    for table in ("cases", "events", "promises", "attachments")
                ]
    return done.returncode, done.stdout.decode(), done.stderr.decode(), stored


@pytest.mark.parametrize(("line", "fast"), TABLE, ids=[line for line, _ in TABLE])
def test_both_paths_print_exit_and_store_the_same(line, fast, seeded, tmp_path, monkeypatch):
    arguments = _prepare(tmp_path / "plan", seeded, line)
    monkeypatch.chdir(tmp_path / "plan")  # the paths on the line are relative
    assert (launcher.plan(arguments, {}) is not None) is fast
    through_fast = _run(tmp_path / "fast", seeded, line)
    through_typer = _run(tmp_path / "typer", seeded, line, COMPLAINTCTL_NO_FAST_PATH="1")
    assert through_fast == through_typer
    assert "Traceback" not in through_fast[2]


def test_the_database_from_the_environment_is_read_the_same_way(seeded, tmp_path):
    line = "log 1 'from the environment' --json"
    assert launcher.plan(shlex.split(line), {"COMPLAINTCTL_DB": "case.db"}) is not None
    through_fast = _run(tmp_path / "fast", seeded, line, COMPLAINTCTL_DB="case.db")
    through_typer = _run(tmp_path / "typer", seeded, line, COMPLAINTCTL_DB="case.db", COMPLAINTCTL_NO_FAST_PATH="1")
    assert through_fast == through_typer and through_fast[0] == 0


def test_a_plain_log_loads_neither_typer_click_nor_rich(seeded, tmp_path):
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'rich'}),"
        " file=sys.stderr))\n"
        "sys.argv = ['complaintctl', '--db', sys.argv[1], 'log', '1', 'a note', '-c', 'chat']\n"
        "from complaintctl.launcher import main\n"
        "main()\n"
    )
    shutil.copy(seeded, tmp_path / "case.db")
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path / "case.db")],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=HANG_LIMIT,
    )
    assert done.returncode == 0 and done.stderr.splitlines()[-1] == "[]", done.stderr


# Command lines built from the spec's own options with valid values, half of them then given one token of
# what Typer refuses or the fast parser leaves to it, anywhere on the line.
_GOOD = {
    "text": ["a note", "yesterday", "1", " 2", ""],
    "path": ["/", "x.txt", "/nonexistent/x"],
    "integer": ["1", "50", "+3", "9223372036854775807"],
}
_ODD = ["-1", "-", "--json", "fax", "0", "one", "--", "--help", "-h", "--bogus", "-cchat", "-c=chat", "--json=1"]
_ODD += ["-ac", "--db", "--version", "/", "9223372036854775808", "--no-pager"]


def _option_pieces(command: str) -> st.SearchStrategy[list[str]]:
    pieces = []
    for parameter in SPEC["commands"][command]:
        for flag in parameter["opts"] if parameter["kind"] == "option" else ():
            if parameter["is_flag"]:
                pieces.append(st.just([flag]))
                continue
            kind = parameter["type"]["name"]
            good = parameter["type"].get("choices", [])[:3] or _GOOD[kind]
            values = st.sampled_from(good * 3 + [{"choice": "fax", "text": "-x", "path": "-", "integer": "0"}[kind]])
            pieces.append(values.map(lambda value, flag=flag: [flag, value]))
            if flag.startswith("--"):
                pieces.append(values.map(lambda value, flag=flag: [f"{flag}={value}"]))
    return st.one_of(*pieces)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(list(spec.HOT_COMMANDS)))
    items = draw(st.lists(_option_pieces(command), max_size=4))
    if command == "log":
        items += [[draw(st.sampled_from(["1", " 2", "12"]))], *draw(st.lists(st.just(["a note"]), max_size=1))]
    if command == "next":
        items += draw(st.lists(st.sampled_from([["1"], [" 2"], ["12"]]), max_size=1))
    arguments = [token for item in draw(st.permutations(items)) for token in item]
    prefix = draw(st.sampled_from([[], ["--no-pager"], ["--db", "x.db"], ["--db=x.db"]]))
    line = [*prefix, command, *arguments]
    if draw(st.booleans()):
        position = draw(st.integers(0, len(line)))
        odd = draw(st.sampled_from(_ODD))
        if position < len(line) and draw(st.booleans()):
            line[position] = odd
        else:
            line.insert(position, odd)
    return line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=command_lines())
def test_the_fast_parser_declines_or_agrees_with_click(line):
    from typer.main import get_command

    from complaintctl.cli import load_commands

    parsed = fastparse.parse(line, SPEC, {})
    if parsed is None:
        return
    group = get_command(load_commands(list(spec.HOT_COMMANDS)))
    with group.make_context("complaintctl", list(line)) as context:
        name, subcommand, rest = group.resolve_command(context, [*context._protected_args, *context.args])
        sub_context = subcommand.make_context(name, rest, parent=context)
    assert (parsed.command, parsed.global_values, parsed.values) == (name, _read(context), _read(sub_context))


@pytest.mark.parametrize(
    "line",
    [
        "log 1 note",
        "--db x.db --no-pager log --json 1 'a note' -c chat --at yesterday -a / -a receipt.txt",
        "new --title T --sold-by amazon --note first",
        "--no-pager next 1 --json",
        "agenda --days 7",
    ],
)
def test_plain_forms_take_the_fast_path_with_clicks_values(line):
    from typer.main import get_command

    from complaintctl.cli import load_commands

    parsed = fastparse.parse(shlex.split(line), SPEC, {})
    assert parsed is not None
    group = get_command(load_commands(list(spec.HOT_COMMANDS)))
    with group.make_context("complaintctl", shlex.split(line)) as context:
        name, subcommand, rest = group.resolve_command(context, [*context._protected_args, *context.args])
        sub_context = subcommand.make_context(name, rest, parent=context)
    assert (parsed.global_values, parsed.values) == (_read(context), _read(sub_context))


def _read(context) -> dict:
    """Click's values, less those a parameter's callback makes (--version: never given to the fast path)."""
    made = {p.name for p in context.command.params if p.callback is not None}
    return {name: value for name, value in context.params.items() if name not in made}
