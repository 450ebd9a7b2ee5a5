"""Waiting for child processes without a speed budget.

A loaded machine ran the whole suite 25 times slower than an idle one (46 minutes instead of two), so no test
may give a child process a time to finish in: it waits for progress instead. HANG_LIMIT only stops a child that
is stuck for good (a deadlock would otherwise stall the suite forever); it is far beyond any honest run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

HANG_LIMIT = 3600.0


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds; fail only after HANG_LIMIT, naming `what` was awaited."""
    give_up = time.monotonic() + HANG_LIMIT
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"still waiting for {what} after {HANG_LIMIT:.0f} s: the process seems stuck")
        time.sleep(0.02)
