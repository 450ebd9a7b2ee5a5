"""Named points in critical work where a test can stop the process: kill it there, or hold it for a signal.

Crash and signal tests must not depend on how fast the machine runs. Instead of killing after a guessed
delay, a test names a point (``COMPLAINTCTL_TEST_POINT=NAME:kill`` or ``NAME:hold``) and the process acts
when its own progress reaches it. Users never set the variable; unset, a point costs one comparison.
"""

from __future__ import annotations

import os
import sys

_WANTED = os.environ.get("COMPLAINTCTL_TEST_POINT", "")


def reached(name: str) -> None:
    if not _WANTED:
        return
    point, _, action = _WANTED.partition(":")
    if point != name:
        return
    import signal

    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "hold":
        # The test reads this line, then signals: the process waits here for as long as that takes.
        sys.stderr.write(f"test point {name} reached\n")
        sys.stderr.flush()
        while True:
            signal.pause()
