"""`log`: add a note, a milestone, a promise or files to a case. The command most often run: keep it light."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from complaintctl.cli import app
from complaintctl.cli import options as o
from complaintctl.cli.context import report_event, store
from complaintctl.vocabulary import Milestone

Text = Annotated[str, typer.Argument(help="What happened, in your words.", show_default=False)]


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

    draft = EntryDraft(text=text, milestone=event, at=at, channel=channel, agent=agent, ref=ref, direction=direction,
                       duration=duration, promise=promise, due=due, outcome=outcome, target=target,
                       attach=tuple(attach or ()), force=force)
    stored = log_event(store(ctx), case, draft)
    report_event(stored, as_json)
