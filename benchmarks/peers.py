"""Taskwarrior and jrnl beside complaintctl in the same benchmark run (issue 18: `new`, `log` and `list` no
slower than `task add`, `task annotate` and `task list`). Each is skipped when it is not installed (jrnl:
`pip install jrnl` into the venv).

Taskwarrior gets a database of its own in a temporary folder (TASKRC and TASKDATA), filled through
`task import` with as many pending tasks as the benchmark has cases; jrnl a plain-text journal of as many
entries as the benchmark has events, and a configuration file of its own (XDG_CONFIG_HOME)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

Measure = Callable[[list[str], dict[str, str], int], tuple[float, float, float]]
Count = Callable[[list[str], dict[str, str]], "int | None"]


def taskwarrior(folder: Path, tasks: int, env: dict[str, str]) -> dict[str, str] | None:
    """The environment of a taskwarrior holding ``tasks`` pending tasks in ``folder``; None without `task`."""
    if shutil.which("task") is None:
        return None
    data = folder / "taskdata"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    version = subprocess.run(["task", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    # No confirmation prompts and no "run task news" notice: a person who uses it daily sees neither.
    rc.write_text(f"data.location={data}\nconfirmation=off\nnews.version={version}\n", encoding="utf-8")
    listing = folder / "tasks.json"
    with listing.open("w", encoding="utf-8") as out:
        for number in range(tasks):
            task = {
                "uuid": str(uuid.UUID(int=number + 1)),
                "description": f"Case {number}: the parcel never arrived, refund promised",
                "status": "pending",
                "entry": "20261101T090000Z",
                "project": "refunds",
            }
            out.write(json.dumps(task) + "\n")
    environment = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(["task", "import", str(listing)], env=environment, check=True, capture_output=True)
    return environment


def commands(tasks: int) -> list[tuple[str, list[str]]]:
    return [
        (f"task add ({tasks:,} tasks)", ["task", "add", "The parcel never arrived"]),
        (f"task annotate ({tasks:,} tasks)", ["task", "1", "annotate", "a note about the refund"]),
        (f"task list ({tasks:,} tasks)", ["task", "list"]),
    ]


def jrnl(folder: Path, entries: int, env: dict[str, str]) -> dict[str, str] | None:
    """The environment of a jrnl whose default journal holds ``entries`` entries; None without jrnl."""
    import sys

    program = shutil.which("jrnl") or str(Path(sys.executable).with_name("jrnl"))
    if not Path(program).exists():
        return None
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "config" / "jrnl").mkdir(parents=True)
    journal = folder / "journal.txt"
    with journal.open("w", encoding="utf-8") as out:
        for number in range(entries):
            day, minute = divmod(number, 1440)
            out.write(
                f"[2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} {minute // 60:02d}:{minute % 60:02d}] "
                f"Case {number % 1000}: the agent promised a refund\n\n"
            )
    (folder / "config" / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\n"
        "editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return {**env, "XDG_CONFIG_HOME": str(folder / "config"), "JRNL": program}


def jrnl_rows(folder: Path, entries: int, env: dict[str, str], measure: Measure, runs: int) -> list[tuple]:
    """jrnl writing an entry and printing the last 50, as `log` and `list --limit 50` do."""
    environment = jrnl(folder, entries, env)
    if environment is None:
        return []
    program = environment["JRNL"]
    found = []
    for label, command in (
        (f"jrnl (write an entry; {entries:,} entries)", [program, "a note about the refund"]),
        (f"jrnl -n 50 ({entries:,} entries)", [program, "-n", "50"]),
    ):
        seconds, megabytes, base = measure(command, environment, runs)
        shown = " ".join(["jrnl", *command[1:]])
        found.append((label, seconds, megabytes, base, shown + f" (a journal of {entries:,} entries)"))
    return found


def rows(folder: Path, tasks: int, env: dict[str, str], measure: Measure, runs: int) -> list[tuple]:
    """Timed rows in run.py's shape: label, seconds, megabytes, baseline seconds, what it ran."""
    environment = taskwarrior(folder, tasks, env)
    if environment is None:
        return []
    found = []
    for label, command in commands(tasks):
        seconds, megabytes, base = measure(command, environment, runs)
        found.append((label, seconds, megabytes, base, " ".join(command) + f" (TASKDATA of {tasks:,} tasks)"))
    return found


def counted(folder: Path, tasks: int, env: dict[str, str], count: Count) -> list[tuple[str, int | None]]:
    """Instructions of each taskwarrior command, on a fresh copy of its database each."""
    found = []
    for label, command in commands(tasks):
        environment = taskwarrior(folder, tasks, env)
        if environment is None:
            return []
        found.append((label, count(command, environment)))
    return found
