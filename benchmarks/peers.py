"""Taskwarrior beside complaintctl in the same benchmark run (issue 18: `new` and `log` no slower than
`task add` and `task annotate`). Skipped when `task` is not installed.

Taskwarrior gets a database of its own in a temporary folder (TASKRC and TASKDATA), filled through
`task import` with as many pending tasks as the benchmark has cases."""

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
    ]


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
