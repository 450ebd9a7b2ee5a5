"""What every command shares and needs no Typer for: the database of the run, messages on stderr, JSON on
stdout, and the one translation of errors into a message. The launcher's fast path (launcher.py) runs `log`
and `new` with this module and cli/hot.py alone, so it must never import Typer, Click or Rich."""

from __future__ import annotations

import errno
import json
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

from complaintctl.core.casefile import Event
from complaintctl.core.encoding import visible
from complaintctl.errors import ComplaintError
from complaintctl.store import Store

APP_NAME = "complaintctl"
# The commands that may start a database where there is none; any other would only read an empty one made
# by a mistyped path, and say all is well.
CREATING_COMMANDS = frozenset({"new", "restore", "amazon"})  # `import amazon --order` opens a case
_UTF8_NAMES = frozenset({"utf-8", "UTF-8", "utf8", "UTF8"})


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "complaintctl.db"


class AppContext:
    def __init__(self, db_path: Path | None, *, pager: bool = True) -> None:
        self.db_path = db_path
        self.pager = pager  # False with --no-pager
        self._store: Store | None = None

    def store(self, command: str | None = None) -> Store:
        if self._store is None:
            path = (self.db_path or default_db_path()).expanduser()
            if command not in CREATING_COMMANDS and not path.exists():
                raise ComplaintError(self._missing(path))
            self._store = Store.open(path)
        return self._store

    def _missing(self, path: Path) -> str:
        if self.db_path is None:
            return 'no cases yet: complaintctl new --title "Headphones never arrived" starts the first'
        return (
            f"there is no database at {path}: check the path given with --db or COMPLAINTCTL_DB, "
            f'or start one there with `complaintctl --db {path} new --title "..."`'
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def error_message(error: BaseException) -> str | None:
    """The one-line message for an error a command met, or None for an error that is a bug (re-raised)."""
    if isinstance(error, ComplaintError):
        return str(error)
    if isinstance(error, sqlite3.Error):  # disk full, I/O errors: nothing was half-written (transactions)
        if "full" in str(error):
            return "the disk is full; nothing was changed. Free some space, then try again"
        return f"the database failed ({error}); nothing was changed. Check the disk, then run complaintctl verify"
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "the disk is full; nothing was written. Free some space, then try again"
    return None


def echo(message: str, *, err: bool = False) -> None:
    """One line on stdout or stderr, flushed, byte for byte as Typer's echo writes it. Every caller passes
    text escaped by ``visible`` or JSON, which hold no ANSI sequence for Typer to strip; a stream in another
    encoding than UTF-8 (Typer re-wraps an ASCII one) goes through Typer's own echo."""
    stream = sys.stderr if err else sys.stdout
    if getattr(stream, "encoding", None) not in _UTF8_NAMES:
        import typer

        typer.echo(message, err=err)
        return
    stream.write(f"{message}\n")
    stream.flush()


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else: scripts parse it."""
    # Indented for a person reading a short document; a long listing is written compact, which the C encoder
    # does ten times faster (10,000 cases: 0.8 s indented).
    long = isinstance(document, list) and len(document) > 200
    echo(json.dumps(document, ensure_ascii=False, indent=None if long else 2))


def report_event(event: Event, as_json: bool) -> None:
    """What every command that records an event prints: its number, or one JSON object."""
    if as_json:
        emit_json(
            {"id": event.id, "case": event.case_id, "kind": event.kind, "occurred": event.occurred, "hash": event.hash}
        )
    else:
        say(f"Recorded event {event.id} ({event.kind}) in case {event.case_id}, at {event.occurred}.")


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so stdout stays clean for data."""
    echo(visible(message), err=True)


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end a command as an error would: open transactions roll back and temporary
    folders are removed."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_on_signal)


def _exit_on_signal(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)
