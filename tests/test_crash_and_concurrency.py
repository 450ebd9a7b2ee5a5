"""Nothing lost, nothing doubled: processes killed mid-write, and many writers at once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import NOW

SCRIPT = Path(sys.executable).with_name("complaintctl")


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "COMPLAINTCTL_DB": str(db), "COMPLAINTCTL_NOW": NOW, "TZ": "UTC"}


def verify(db: Path, env: dict[str, str]) -> dict:
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    result = subprocess.run([str(SCRIPT), "verify", "--json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_sigkill_at_random_moments_loses_nothing_that_was_acknowledged(tmp_path, long_run):
    db = tmp_path / "crash.db"
    env = environment(db)
    subprocess.run([str(SCRIPT), "new", "--title", "Crash test"], env=env, check=True, capture_output=True)
    attachment = tmp_path / "shot.bin"
    attachment.write_bytes(os.urandom(200_000))
    rng = random.Random(20261122)
    kills, target = 0, (1000 if long_run else 100)
    acknowledged, attempted = [], 0
    while kills < target:
        note = f"note {attempted}"
        attempted += 1
        command = [str(SCRIPT), "log", "1", note]
        if rng.random() < 0.3:
            attachment.write_bytes(os.urandom(200_000))  # new bytes: a new attachment each time
            command += ["--attach", str(attachment)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 0.12))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        if process.returncode == 0:
            acknowledged.append(note)
    report = verify(db, env)
    assert report["intact"], report
    rows = sqlite3.connect(db).execute("SELECT text FROM events WHERE kind IN ('note', 'attachment')").fetchall()
    stored = [row[0] for row in rows]
    assert len(stored) == len(set(stored)), "an event was stored twice"
    assert set(acknowledged) <= set(stored), "a log that exited 0 was lost"
    assert acknowledged, "no log completed: the kill timing is off"


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
    processes = [subprocess.Popen([sys.executable, "-c", writer, str(w)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for w in range(8)]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
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
    writer = subprocess.Popen(["sh", "-c", f'for n in $(seq 1 40); do "{SCRIPT}" log 1 "n $n" || exit 1; done'],
                              env=env, stderr=subprocess.PIPE)
    copies = []
    for number in range(5):
        copy = tmp_path / f"copy{number}.db"
        subprocess.run([str(SCRIPT), "backup", str(copy)], env=env, check=True, capture_output=True)
        copies.append(copy)
        time.sleep(0.05)
    assert writer.wait(timeout=120) == 0
    for copy in copies:
        report = verify(copy, environment(copy))
        assert report["intact"] and report["events"] >= 1
        assert oct(copy.stat().st_mode)[-3:] == "600"
