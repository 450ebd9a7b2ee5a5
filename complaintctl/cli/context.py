"""What every command shares: the database, JSON output, and messages on stderr."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, NoReturn

import typer

from complaintctl.cli.session import APP_NAME, CREATING_COMMANDS, AppContext, emit_json, report_event, say
from complaintctl.core.encoding import one_line, visible
from complaintctl.store import Store

__all__ = ["APP_NAME", "CREATING_COMMANDS", "AppContext", "emit_json", "report_event", "say"]


def store(ctx: typer.Context) -> Store:
    app_context: AppContext = ctx.ensure_object(AppContext)
    return app_context.store(ctx.info_name)


def paging(ctx: typer.Context) -> AbstractContextManager[None]:
    """Output of the block through the pager on a terminal, unless --no-pager (see cli/pager.py)."""
    from complaintctl.cli.pager import paged

    return paged(ctx.ensure_object(AppContext).pager)


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {one_line(message)}", err=True)
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
