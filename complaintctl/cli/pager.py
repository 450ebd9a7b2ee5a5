"""Long output on a terminal through a pager, as git does: ``COMPLAINTCTL_PAGER``, then ``$PAGER``, then
``less -FRX`` (which quits at once when the output fits the screen). Never into a pipe or a file, never with
``--json``, never with ``--no-pager``; an empty pager or ``cat`` means none."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

PAGER_VARIABLE = "COMPLAINTCTL_PAGER"
DEFAULT_PAGER = "less -FRX"
_width: int | None = None  # the terminal's width while output goes through a pager


def paging_width() -> int | None:
    """The terminal's width when stdout is a pager's pipe: layouts fit the screen the pager shows."""
    return _width


def pager_command() -> list[str] | None:
    """The pager to run, or None to write straight to stdout."""
    if not sys.stdout.isatty():
        return None
    chosen = os.environ.get(PAGER_VARIABLE)
    if chosen is None:
        chosen = os.environ.get("PAGER", DEFAULT_PAGER)
    import shlex

    try:
        command = shlex.split(chosen)
    except ValueError:  # an unbalanced quote: no pager rather than no output
        return None
    return None if not command or command == ["cat"] else command


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Everything written to stdout inside the block goes to the pager; the block ends when the pager does.

    The person may quit the pager before the end: the rest of the output is dropped quietly, as git does."""
    global _width
    command = pager_command() if enabled else None
    if command is None:
        yield
        return
    import io
    import shutil
    import subprocess

    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # as git sets them, for a bare `less` in $PAGER
    environment.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:  # no such program: the output still shows
        yield
        return
    assert pager.stdin is not None
    original = sys.stdout
    _width = shutil.get_terminal_size().columns
    sys.stdout = io.TextIOWrapper(pager.stdin, encoding=original.encoding or "utf-8", errors="replace")
    try:
        yield
    except BrokenPipeError:
        pass
    finally:
        piped, sys.stdout, _width = sys.stdout, original, None
        with suppress(BrokenPipeError):
            piped.close()
        pager.wait()
