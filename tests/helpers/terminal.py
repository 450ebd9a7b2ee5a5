"""The installed command run as a person at a terminal runs it: standard input and output on a
pseudo-terminal, so that it pages, opens an editor, and lays out for a screen."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from helpers.cases import NOW
from helpers.waiting import HANG_LIMIT

SCRIPT = Path(sys.executable).with_name("complaintctl")


def environment(db: Path, **extra: str) -> dict[str, str]:
    """The test's environment for a process: its database, the fixed clock, and no pager or editor of the
    machine's own unless the test names one."""
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "COMPLAINTCTL_PAGER", "VISUAL", "EDITOR")}
    return {**env, "COMPLAINTCTL_DB": str(db), "COMPLAINTCTL_NOW": NOW, "TZ": "UTC", "COLUMNS": "100", **extra}


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``complaintctl ARGS``; returns the exit code and everything the terminal showed."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([str(SCRIPT), *args], stdin=secondary, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    return process.wait(timeout=HANG_LIMIT), output.decode(errors="replace")
