"""Nothing lost, nothing doubled: processes killed mid-write, and many writers at once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers.cases import NOW
from helpers.waiting import HANG_LIMIT, wait_until

from complaintctl.store import Store

SCRIPT = Path(sys.executable).with_name("complaintctl")


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "COMPLAINTCTL_DB": str(db), "COMPLAINTCTL_NOW": NOW, "TZ": "UTC"}


def notes_in(db: Path) -> int:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        connection.close()


def verify(db: Path, env: dict[str, str]) -> dict:
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    result = subprocess.run([str(SCRIPT), "verify", "--json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


# Where a `log` can die: inside its write transaction (nothing of it may stay), or right after the commit and
# before it says so (all of it must stay). None: it runs to the end and acknowledges.
KILL_POINTS = {
    "write-begun": False,
    "attachments-stored": False,
    "write-before-commit": False,
    "write-committed": True,
    None: True,
}


def test_sigkill_at_every_point_of_a_write_loses_nothing_that_was_acknowledged(tmp_path, long_run):
    """Kills are placed by the write's own progress (named test points), not by a delay, so the test means the
    same on a fast machine and on a loaded one."""
    db = tmp_path / "crash.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Crash test"], env=env, check=True, capture_output=True)
    attachment = tmp_path / "shot.bin"
    rng = random.Random(20261122)
    runs = 300 if long_run else 40
    acknowledged, committed, rolled_back = [], [], []
    for attempt in range(runs):
        note = f"note {attempt}"
        point = rng.choice(list(KILL_POINTS))
        command = [str(SCRIPT), "log", "1", note]
        if rng.random() < 0.3 or point == "attachments-stored":
            attachment.write_bytes(os.urandom(200_000))  # new bytes: a new attachment each time
            command += ["--attach", str(attachment)]
        run_env = env if point is None else {**env, "COMPLAINTCTL_TEST_POINT": f"{point}:kill"}
        result = subprocess.run(command, env=run_env, capture_output=True, text=True)
        if point is None:
            assert result.returncode == 0, result.stderr
            assert "event" in result.stdout + result.stderr, "log exited 0 without acknowledging"
            acknowledged.append(note)
        else:
            assert result.returncode == -signal.SIGKILL, f"{point}: the process was not killed there: {result}"
            (committed if KILL_POINTS[point] else rolled_back).append(note)
    assert acknowledged and committed and rolled_back, "the draw missed a kind of run"
    report = verify(db, env)
    assert report["intact"], report
    rows = sqlite3.connect(db).execute("SELECT text FROM events WHERE kind IN ('note', 'attachment')").fetchall()
    stored = [row[0] for row in rows]
    assert len(stored) == len(set(stored)), "an event was stored twice"
    assert set(acknowledged) <= set(stored), "a log that exited 0 was lost"
    assert set(committed) <= set(stored), "a committed write was lost by a kill after its commit"
    assert not set(rolled_back) & set(stored), "a write killed before its commit left part of itself"
    orphans = (
        sqlite3.connect(db)
        .execute(
            "SELECT count(*) FROM attachments WHERE sha256 NOT IN (SELECT json_extract(a.value, '$.sha256') "
            "FROM events, json_each(events.details_json, '$.attachments') AS a)"
        )
        .fetchone()[0]
    )
    assert orphans == 0, "a killed write left an attachment no event names"


def test_eight_writers_of_two_hundred_notes_each(tmp_path):
    db = tmp_path / "busy.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Busy"], env=env, check=True, capture_output=True)
    # Each writer is its own process running the real CLI entry point 200 times, as 200 commands would.
    writer = (
        "import sys\n"
        "from complaintctl.cli import main\n"
        "me = sys.argv[1]\n"
        "for n in range(200):\n"
        "    sys.argv = ['complaintctl', 'log', '1', f'writer {me} note {n}']\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as stop:\n"
        "        if stop.code not in (0, None):\n"
        "            raise\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", writer, str(w)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(8)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=HANG_LIMIT)
        assert process.returncode == 0, stderr[-2000:]
        assert "locked" not in stderr.lower()
    report = verify(db, env)
    assert report["events"] == 1601
    texts = {row[0] for row in sqlite3.connect(db).execute("SELECT text FROM events WHERE kind = 'note'")}
    assert texts == {f"writer {w} note {n}" for w in range(8) for n in range(200)}


def test_backup_while_another_process_writes(tmp_path):
    db = tmp_path / "live.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Live"], env=env, check=True, capture_output=True)
    writer = subprocess.Popen(
        ["sh", "-c", f'for n in $(seq 1 40); do "{SCRIPT}" log 1 "n $n" || exit 1; done'],
        env=env,
        stderr=subprocess.PIPE,
    )
    copies = []
    for number in range(5):
        # Each backup waits for the writer to have added more notes, so the copies are taken while it writes,
        # however fast or slow the machine is.
        wait_until(lambda number=number: notes_in(db) > number * 8 or writer.poll() is not None, "the writer's notes")
        copy = tmp_path / f"copy{number}.db"
        subprocess.run([str(SCRIPT), "backup", str(copy)], env=env, check=True, capture_output=True)
        copies.append(copy)
    assert writer.wait(timeout=HANG_LIMIT) == 0, writer.stderr.read() if writer.stderr else ""
    for copy in copies:
        report = verify(copy, environment(copy))
        assert report["intact"] and report["events"] >= 1
        assert oct(copy.stat().st_mode)[-3:] == "600"


def test_a_backup_killed_before_it_is_complete_leaves_nothing_that_looks_like_a_backup(tmp_path):
    db = tmp_path / "source.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Backed up"], env=env, check=True, capture_output=True)
    attachment = tmp_path / "shot.bin"
    attachment.write_bytes(os.urandom(300_000))
    subprocess.run([str(SCRIPT), "log", "1", "a", "--attach", str(attachment)], env=env, check=True)
    folder = tmp_path / "backups"
    folder.mkdir()
    killed = {**env, "COMPLAINTCTL_TEST_POINT": "backup-written:kill"}
    for target in (folder, folder / "named.db"):
        result = subprocess.run([str(SCRIPT), "backup", str(target)], env=killed, capture_output=True, text=True)
        assert result.returncode == -signal.SIGKILL, f"the backup was not killed at the point: {result}"
    left = {path.name: path.stat().st_size for path in folder.iterdir()}
    temporary = {name: size for name, size in left.items() if name.startswith(".") and name.endswith(".tmp")}
    assert len(temporary) == 2 and min(temporary.values()) > 300_000, "the kill came before the copy was whole"
    assert all(size == 0 for name, size in left.items() if name not in temporary), left
    finished = subprocess.run([str(SCRIPT), "backup", str(folder)], env=env, capture_output=True, text=True)
    copy = Path(finished.stdout.strip())
    assert finished.returncode == 0 and verify(copy, environment(copy))["events"] == 2
    assert not [path for path in folder.iterdir() if path.name.startswith(f".{copy.name}")]


def _killed_at(point: str, command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env={**env, "COMPLAINTCTL_TEST_POINT": f"{point}:kill"}, capture_output=True)
    assert result.returncode == -signal.SIGKILL, f"{point}: the process was not killed there: {result}"


def test_an_export_killed_at_any_point_loses_nothing_and_leaves_no_half_bundle(tmp_path):
    db = tmp_path / "exported.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Exported"], env=env, check=True, capture_output=True)
    subprocess.run([str(SCRIPT), "log", "1", "kept note"], env=env, check=True, capture_output=True)
    for number, point in enumerate(("write-begun", "write-before-commit", "write-committed", "bundle-written")):
        folder = tmp_path / f"out{number}"
        _killed_at(point, [str(SCRIPT), "export", "1", "-o", str(folder)], env)
        bundles = [path for path in folder.glob("*") if not path.name.startswith(".")] if folder.exists() else []
        if point == "bundle-written":  # written whole and renamed into place, only the record of it missing
            assert len(bundles) == 1 and bundles[0].suffix == ".zip"
            checked = subprocess.run([str(SCRIPT), "verify", "--bundle", str(bundles[0])], env=env, capture_output=True)
            assert checked.returncode == 0, checked
        else:
            assert bundles == [], f"{point}: {bundles}"
        report = verify(db, env)
        assert report["intact"] and report["events"] >= 2
    finished = subprocess.run([str(SCRIPT), "export", "1", "-o", str(tmp_path / "done")], env=env, capture_output=True)
    assert finished.returncode == 0, finished


def test_a_restore_killed_at_any_point_is_all_or_nothing(tmp_path):
    source = tmp_path / "source.db"
    env = environment(source)
    subprocess.run([str(SCRIPT), "new", "--title", "Restored"], env=env, check=True, capture_output=True)
    subprocess.run([str(SCRIPT), "log", "1", "kept note"], env=env, check=True, capture_output=True)
    made = subprocess.run([str(SCRIPT), "export", "1", "-o", str(tmp_path)], env=env, check=True, capture_output=True)
    bundle = made.stdout.decode().strip()
    for point, whole in (("write-begun", False), ("write-before-commit", False), ("write-committed", True)):
        target = tmp_path / f"{point}.db"
        target_env = environment(target)
        Store.open(target).close()  # an existing database: the restore's write is its first
        _killed_at(point, [str(SCRIPT), "restore", bundle], target_env)
        shown = subprocess.run([str(SCRIPT), "show", "1", "--json"], env=target_env, capture_output=True, text=True)
        if whole:
            assert shown.returncode == 0 and json.loads(shown.stdout)["facts"]["title"] == "Restored", shown
        else:
            assert shown.returncode == 1 and "Traceback" not in shown.stderr, shown
        assert verify(target, target_env)["intact"]
        if not whole:  # and it can be restored again, whole
            again = subprocess.run([str(SCRIPT), "restore", bundle], env=target_env, capture_output=True, text=True)
            assert again.returncode == 0, again
            assert verify(target, target_env)["events"] == 3  # opened, the note, the seal
