"""Commands that add to a case's record: log, amend, kept, broken. Nothing here ever changes an event."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from complaintctl.cli import app
from complaintctl.cli import options as o
from complaintctl.cli.context import emit_json, say, store
from complaintctl.vocabulary import Milestone

Text = Annotated[str, typer.Argument(help="What happened, in your words.", show_default=False)]


def _report(event_id: int, case_id: int, kind: str, occurred: str, digest: str, as_json: bool) -> None:
    if as_json:
        emit_json({"id": event_id, "case": case_id, "kind": kind, "occurred": occurred, "hash": digest})
    else:
        say(f"Recorded event {event_id} ({kind}) in case {case_id}, at {occurred}.")


@app.command(epilog="""Examples:

  complaintctl log 1 "Chat with agent Priya: she promised a refund within 3 days" --channel chat --agent Priya --ref CS-88812 --at "2026-11-14 15:20" --promise refund --due 2026-11-17

  complaintctl log 1 --event seller-contacted --at "2026-11-11 09:00" --channel web "Asked the seller"

  complaintctl log 1 "Screenshot of the chat before it closed" --attach chat.png --attach receipt.pdf

  complaintctl log 1 --event resolved --outcome refunded "Refund of 59.99 received"
""")
def log(
    ctx: typer.Context,
    case: o.CaseId,
    text: Text = "",
    event: Annotated[Optional[Milestone], typer.Option("--event", help="A milestone this entry records.")] = None,
    at: o.At = None,
    channel: o.ChannelOpt = None,
    agent: o.Agent = None,
    ref: o.Ref = None,
    direction: o.DirectionOpt = None,
    duration: o.Duration = None,
    promise: Annotated[Optional[str], typer.Option(help="What was promised to you (give --due too).")] = None,
    due: o.Due = None,
    outcome: o.Outcome = None,
    target: o.Target = None,
    attach: o.Attach = None,
    force: o.Force = False,
    as_json: o.Json = False,
) -> None:
    """Add a note, a milestone, a promise or files to a case, with when it happened."""
    from complaintctl.ledger import EntryDraft, log_event

    draft = EntryDraft(
        text=text, milestone=None if event is None else event.value, at=at,
        channel=None if channel is None else channel.value, agent=agent, ref=ref,
        direction=None if direction is None else direction.value, duration=duration, promise=promise, due=due,
        outcome=outcome, target=target, attach=list(attach or []), force=force,
    )
    stored = log_event(store(ctx), case, draft)
    _report(stored.id, stored.case_id, stored.kind, stored.occurred, stored.hash, as_json)


@app.command(epilog="""Examples:

  complaintctl amend 7 "Chat with agent Priya (not Pria)"

  complaintctl amend 7 --at "2026-11-14 15:25" --agent Priya
""")
def amend(
    ctx: typer.Context,
    event: o.EventId,
    text: Annotated[str, typer.Argument(help="The corrected text (leave out to keep it).", show_default=False)] = "",
    at: o.At = None,
    channel: o.ChannelOpt = None,
    agent: o.Agent = None,
    ref: o.Ref = None,
    direction: o.DirectionOpt = None,
    duration: o.Duration = None,
    due: o.Due = None,
    force: o.Force = False,
    as_json: o.Json = False,
) -> None:
    """Correct an event. The correction is a new event naming the one it corrects; the original stays."""
    from complaintctl.ledger import EntryDraft, amend_event

    draft = EntryDraft(
        text=text, at=at, channel=None if channel is None else channel.value, agent=agent, ref=ref,
        direction=None if direction is None else direction.value, duration=duration, force=force,
    )
    stored = amend_event(store(ctx), event, draft, due=due)
    _report(stored.id, stored.case_id, stored.kind, stored.occurred, stored.hash, as_json)


def _settle(ctx: typer.Context, event: int, note: str, at: str | None, kept: bool, as_json: bool) -> None:
    from complaintctl.ledger import settle_promise

    stored = settle_promise(store(ctx), event, kept=kept, note=note, at=at)
    _report(stored.id, stored.case_id, stored.kind, stored.occurred, stored.hash, as_json)


Note = Annotated[str, typer.Argument(help="A note about it (optional).", show_default=False)]


@app.command(epilog='Example:\n\n  complaintctl kept 7 "Refund arrived on my card"')
def kept(ctx: typer.Context, event: o.EventId, note: Note = "", at: o.At = None, as_json: o.Json = False) -> None:
    """Mark the promise recorded in EVENT as kept."""
    _settle(ctx, event, note, at, True, as_json)


@app.command(epilog='Example:\n\n  complaintctl broken 7 "No refund by the 17th; a new agent denies it"')
def broken(ctx: typer.Context, event: o.EventId, note: Note = "", at: o.At = None, as_json: o.Json = False) -> None:
    """Mark the promise recorded in EVENT as broken."""
    _settle(ctx, event, note, at, False, as_json)
