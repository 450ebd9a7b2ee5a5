"""What every command shares: the database, JSON output, and messages on stderr."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer

from complaintctl.core.casefile import Event
from complaintctl.core.encoding import visible
from complaintctl.errors import ComplaintError
from complaintctl.store import Store

APP_NAME = "complaintctl"
# The commands that may start a database where there is none; any other would only read an empty one made
# by a mistyped path, and say all is well.
CREATING_COMMANDS = frozenset({"new", "restore", "amazon"})  # `import amazon --order` opens a case


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


def store(ctx: typer.Context) -> Store:
    app_context: AppContext = ctx.ensure_object(AppContext)
    return app_context.store(ctx.info_name)


def paging(ctx: typer.Context) -> AbstractContextManager[None]:
    """Output of the block through the pager on a terminal, unless --no-pager (see cli/pager.py)."""
    from complaintctl.cli.pager import paged

    return paged(ctx.ensure_object(AppContext).pager)


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else: scripts parse it."""
    # Indented for a person reading a short document; a long listing is written compact, which the C encoder
    # does ten times faster (10,000 cases: 0.8 s indented).
    long = isinstance(document, list) and len(document) > 200
    typer.echo(json.dumps(document, ensure_ascii=False, indent=None if long else 2))


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
    typer.echo(visible(message), err=True)


def fail(message: str) -> NoReturn:
    # One line, always: a file name can hold a line break, and a script reads the error's first line.
    line = visible(message).replace("\n", "\\n").replace("\r", "\\r")
    typer.echo(f"Error: {line}", err=True)
    raise typer.Exit(1)


def echo_text(text: str) -> None:
    """Plain text for a person on stdout (a letter, a path), escaped like everything else shown."""
    typer.echo(visible(text), nl=False)


def stdout_console() -> Any:
    from rich.console import Console

    from complaintctl.cli.pager import paging_width

    # Rich honours NO_COLOR and COLUMNS by itself, and writes no colour codes into a pipe; a pager's pipe
    # shows on the terminal, so there it lays out for the terminal (less -R shows the colours).
    width = paging_width()
    if width is None:
        console = Console(highlight=False)
    else:
        console = Console(highlight=False, force_terminal=True, width=None if "COLUMNS" in os.environ else width)
    console.push_render_hook(_visible_hook())
    return console


def _visible_hook() -> Any:
    """Every renderable printed to a person passes through this hook: values from emails and notes can carry
    terminal escape sequences, and each table cell is one of them. Rich's own styling stays intact, since
    only the text of plain segments is escaped."""
    from rich.console import RenderHook
    from rich.segment import Segment

    class Visible:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __rich_console__(self, console: Any, options: Any) -> Any:
            for segment in console.render(self.inner, options):
                if segment.control or segment.text.isprintable():
                    yield segment
                else:
                    yield Segment(visible(segment.text), segment.style)

    class Hook(RenderHook):
        def process_renderables(self, renderables: list[Any]) -> list[Any]:
            return [Visible(renderable) for renderable in renderables]

    return Hook()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on a terminal; nothing at all when stderr is a pipe or a file."""
    import sys

    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)  # 0: not known
