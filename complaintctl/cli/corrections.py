"""Commands that correct or settle what was logged: amend, kept, broken. Each adds an event; none changes one."""

from typing import Annotated

import typer

from complaintctl.cli import options
from complaintctl.cli.application import app
from complaintctl.cli.context import report_event, store


@app.command(
    epilog="""Examples:

  complaintctl amend 7 "Chat with agent Priya (not Pria)"

  complaintctl amend 7 --at "2026-11-14 15:25" --agent Priya
"""
)
@options.entry_options
def amend(
    ctx: typer.Context,
    event: options.EventId,
    text: Annotated[str, typer.Argument(help="The corrected text (leave out to keep it).", show_default=False)] = "",
    *,
    entry: options.EntryFields,
    due: options.Due = None,
    force: options.Force = False,
    as_json: options.Json = False,
) -> None:
    """Correct an event. The correction is a new event naming the one it corrects; the original stays."""
    from complaintctl.actions.record import EntryDraft, amend_event

    draft = EntryDraft(text=text, **entry, force=force)
    stored = amend_event(store(ctx), event, draft, due=due)
    report_event(stored, as_json)


def _settle(ctx: typer.Context, event: int, note: str, at: str | None, kept: bool, as_json: bool) -> None:
    from complaintctl.actions.record import settle_promise

    stored = settle_promise(store(ctx), event, kept=kept, note=note, at=at)
    report_event(stored, as_json)


Note = Annotated[str, typer.Argument(help="A note about it (optional).", show_default=False)]


@app.command(epilog='Example:\n\n  complaintctl kept 7 "Refund arrived on my card"')
def kept(
    ctx: typer.Context, event: options.EventId, note: Note = "", at: options.At = None, as_json: options.Json = False
) -> None:
    """Mark the promise recorded in EVENT as kept."""
    _settle(ctx, event, note, at, True, as_json)


@app.command(epilog='Example:\n\n  complaintctl broken 7 "No refund by the 17th; a new agent denies it"')
def broken(
    ctx: typer.Context, event: options.EventId, note: Note = "", at: options.At = None, as_json: options.Json = False
) -> None:
    """Mark the promise recorded in EVENT as broken."""
    _settle(ctx, event, note, at, False, as_json)
