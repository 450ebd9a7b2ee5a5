"""`ocr`: read the text of a case's pictures (Tesseract), or read them again to show the result is the same."""

from typing import Annotated

import typer

from complaintctl.cli import app, options
from complaintctl.cli.context import emit_json, say, store


@app.command(
    epilog="""Examples:

  complaintctl ocr 1            (every picture of case 1: the unread ones read, the others read again)

  complaintctl ocr 1 --json
"""
)
def ocr(
    ctx: typer.Context,
    case: options.CaseId,
    pending: Annotated[
        bool, typer.Option("--pending", hidden=True, help="Only pictures never read, quietly (after log).")
    ] = False,
    as_json: options.Json = False,
) -> None:
    """Read the text of every picture of a case with Tesseract: machine-read text, kept as an `ocr` event
    beside the picture and searchable. A picture read before is read again, and a new event is recorded only
    if the text differs (the same engine and trained data give the same text)."""
    from complaintctl.actions.ocr import read_pictures

    run = read_pictures(store(ctx), case, again=not pending)
    if pending:
        return
    if as_json:
        emit_json(
            {
                "case": case,
                "recorded": run.recorded,
                "same": [{"picture": name, "event": event} for name, event in run.same],
                "changed": [{"picture": name, "earlier": event} for name, event in run.changed],
                "skipped": run.skipped,
            }
        )
        return
    for note in run.skipped:
        say(f"Skipped {note}.")
    for name, earlier in run.same:
        say(f"{name}: the same text as the reading in event {earlier}.")
    for name, earlier in run.changed:
        say(f"{name}: read differently from event {earlier} (another engine or trained data): both are kept.")
    first = len(run.recorded) - len(run.changed)
    if first:
        say(f"Read {first} picture(s) for the first time.")
    if run.recorded:
        say(
            f"Recorded event(s) {', '.join(map(str, run.recorded))} in case {case}. See them with: complaintctl show {case}"
        )
    elif not run.same and not run.skipped:
        say(f"Case {case} has no pictures to read.")
