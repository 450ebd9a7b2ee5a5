"""Python's cyclic garbage collector, paused where a command builds many objects that form no cycles.

Every 700 new containers (dicts, lists, tuples) the collector walks the young objects, and every so often all
of them: reading 10,000 cases' advice builds a few hundred thousand containers that all stay alive, so most
of that walking finds nothing to free and, unpaused, costs more than the reading itself. Objects without
cycles are freed by reference counting whether the collector runs or not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
