"""The CLI as a user runs it: real processes, the installed entry points, and processes at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cases import NOW
from helpers.waiting import HANG_LIMIT

from complaintctl.cli import COMMAND_MODULES, app, load_commands, requested_command

SCRIPT = Path(sys.executable).with_name("complaintctl")


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "COMPLAINTCTL_DB": str(tmp_path / "p.db"), "COMPLAINTCTL_NOW": NOW, "TZ": "UTC"}


def run(args, env, check=True):
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=HANG_LIMIT)
    if check:
        assert result.returncode == 0, result
    return result


def test_console_script_and_module_entry_points(env):
    assert SCRIPT.exists(), "install the package (pip install -e '.[test]') before running the tests"
    created = run([str(SCRIPT), "new", "--title", "Entry points", "--json"], env)
    assert json.loads(created.stdout)["id"] == 1
    shown = run([sys.executable, "-m", "complaintctl", "show", "1", "--json"], env)
    assert json.loads(shown.stdout)["facts"]["title"] == "Entry points"
    assert "Usage" in run([str(SCRIPT), "--help"], env).stdout
    assert run([str(SCRIPT), "--version"], env).stdout.startswith("complaintctl ")


def test_the_collector_is_paused_only_while_the_cli_loads(monkeypatch):
    """Loading runs with the cyclic garbage collector off (its walks cost `log` as much as its own work); the
    command itself runs with it on, and what loading built is frozen out of later walks."""
    import gc

    import complaintctl.cli.application
    from complaintctl import launcher
    from complaintctl.collector import paused

    seen = []
    monkeypatch.setattr(
        complaintctl.cli.application, "main", lambda: seen.append((gc.isenabled(), gc.get_freeze_count()))
    )
    try:
        launcher.main()
    finally:
        gc.unfreeze()
    assert seen and seen[0][0] is True and seen[0][1] > 0
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_errors_reach_the_user_as_one_line_without_a_traceback(env):
    run([str(SCRIPT), "new", "--title", "One case"], env)
    result = run([str(SCRIPT), "log", "5", "hello"], env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: there is no case 5: `complaintctl list` shows your cases"
    assert result.stdout == ""
    usage = run([str(SCRIPT), "log"], env, check=False)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_a_bad_clock_override_is_a_clear_error(env):
    run([str(SCRIPT), "new", "--title", "One case"], env)
    result = run([str(SCRIPT), "list"], {**env, "COMPLAINTCTL_NOW": "soon"}, check=False)
    assert result.returncode == 1 and "COMPLAINTCTL_NOW" in result.stderr


def test_concurrent_log_processes_are_all_stored(env):
    run([str(SCRIPT), "new", "--title", "Busy case"], env)
    loop = 'for n in $(seq 0 14); do "$0" log 1 "writer $1 note $n" || exit 1; done'
    writers = [
        subprocess.Popen(["sh", "-c", loop, str(SCRIPT), str(w)], env=env, stderr=subprocess.PIPE, text=True)
        for w in range(4)
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=HANG_LIMIT)
        assert writer.returncode == 0, stderr
        assert "locked" not in stderr
    shown = json.loads(run([str(SCRIPT), "show", "1", "--json"], env).stdout)
    assert shown["events_count"] == 61
    notes = {e["text"] for e in shown["timeline"] if e["kind"] == "note"}
    assert notes == {f"writer {w} note {n}" for w in range(4) for n in range(15)}
    assert run([str(SCRIPT), "verify"], env).returncode == 0


def test_every_command_is_mapped_to_the_module_that_defines_it():
    load_commands()
    found = {command.name or command.callback.__name__: command.callback for command in app.registered_commands}
    # A group of commands (`import amazon`) is defined, with its commands, by one module.
    for group in app.registered_groups:
        found[group.name] = group.typer_instance.registered_commands[0].callback
    assert set(found) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        assert found[name].__module__ == f"complaintctl.cli.{module}"


def test_a_command_module_registers_only_its_own_commands():
    """`export` runs with only its own module loaded: it reads --rules from the shared options."""
    program = (
        "from complaintctl.cli import app\n"
        "import complaintctl.cli.dossier\n"
        "print(sorted(c.name or c.callback.__name__ for c in app.registered_commands))"
    )
    printed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "['export', 'letter', 'stats']"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["log", "1", "x"], "log"),
        (["--db", "x.db", "show", "1"], "show"),
        (["--db=x.db", "list"], "list"),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_word_is_found_after_global_options(argv, expected):
    assert requested_command(argv) == expected


def test_sigterm_and_sighup_remove_temporary_folders(env, tmp_path):
    """The process holds at a named point once the bundle is unpacked and is signalled there: no race with
    the machine's speed."""
    import signal
    import zipfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    bundle = tmp_path / "many.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("b/bagit.txt", "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n")
        for number in range(300):
            archive.writestr(f"b/data/{number}.txt", "x")
    held = {**env, "TMPDIR": str(temporary), "COMPLAINTCTL_TEST_POINT": "bundle-unpacked:hold"}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        process = subprocess.Popen(
            [str(SCRIPT), "verify", "--bundle", str(bundle)],
            env=held,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        assert process.stderr.readline() == "test point bundle-unpacked reached\n"
        assert any(temporary.iterdir()), "verify never unpacked the bundle"
        process.send_signal(signum)
        _, stderr = process.communicate()
        assert process.returncode == 128 + signum, stderr
        assert "Traceback" not in stderr
        assert list(temporary.iterdir()) == [], f"{signum.name} left a temporary folder behind"


def test_a_full_disk_says_so_and_stores_nothing(cli, make_case, monkeypatch):
    import sqlite3

    from complaintctl.store import Store

    make_case(title="Disk")
    before = cli.snapshot()

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "append", full)
    assert "the disk is full" in cli.fails("log", "1", "A note")
    assert cli.snapshot() == before


def test_log_loads_nothing_heavy_at_start_up(env):
    """What `log` must not import on its way to one INSERT: each of these costs start-up time on every note
    (sqlite-utils only when a migration runs; tempfile pulls in `random`)."""
    run([str(SCRIPT), "new", "--title", "One case"], env)
    probe = (
        "import sys; sys.argv = ['complaintctl', 'log', '1', 'a note']\n"
        "from complaintctl.launcher import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    loaded = set(run([sys.executable, "-c", probe], env).stderr.split())
    assert "complaintctl.store" in loaded
    assert not loaded & {"sqlite_utils", "rich", "tempfile", "random", "jinja2", "dateutil", "zipfile"}
