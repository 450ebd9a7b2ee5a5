"""`log`: add a note, a milestone, a promise or files to a case. The command most often run: keep it light."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import app, options
from complaintctl.cli.context import emit_json, progress_bar, report_event, say, store
from complaintctl.core.vocabulary import Milestone

Text = Annotated[str, typer.Argument(help="What happened, in your words.", show_default=False)]


@app.command(
    epilog="""Examples:

  complaintctl log 1 "Chat with agent Priya: she promised a refund within 3 days" --channel chat --agent Priya --ref CS-88812 --at "2026-11-14 15:20" --promise refund --due 2026-11-17

  complaintctl log 1 --event seller-contacted --at "2026-11-11 09:00" --channel web "Asked the seller"

  complaintctl log 1 "Screenshot of the chat before it closed" --attach chat.png --attach receipt.pdf

  complaintctl log 1 --event resolved --outcome refunded "Refund of 59.99 received"

  complaintctl log 1 --email reply.eml          (or an mbox file, or - for standard input)

  complaintctl log 1 --transcript chat.txt --channel chat --agent Priya --at 2026-11-14
"""
)
@options.entry_options
def log(
    ctx: typer.Context,
    case: options.CaseId,
    text: Text = "",
    event: Annotated[Milestone | None, typer.Option("--event", help="A milestone this entry records.")] = None,
    *,
    entry: options.EntryFields,
    promise: Annotated[str | None, typer.Option(help="What was promised to you (give --due too).")] = None,
    due: options.Due = None,
    outcome: options.Outcome = None,
    target: options.Target = None,
    attach: options.Attach = None,
    email: Annotated[
        str | None,
        typer.Option("--email", help="An email saved as .eml, an mbox file of many, or - to read standard input."),
    ] = None,
    transcript: Annotated[
        Path | None, typer.Option("--transcript", help="A chat transcript saved as a text file.", dir_okay=False)
    ] = None,
    force: options.Force = False,
    as_json: options.Json = False,
) -> None:
    """Add a note, a milestone, a promise, files, emails or a chat transcript to a case."""
    from complaintctl.actions.record import EntryDraft, log_event

    draft = EntryDraft(
        text=text,
        milestone=event,
        **entry,
        promise=promise,
        due=due,
        outcome=outcome,
        target=target,
        attach=tuple(attach or ()),
        force=force,
    )
    _say_links(
        [*(attach or ()), *([transcript] if transcript else []), *([Path(email)] if email and email != "-" else [])]
    )
    if email is not None or transcript is not None:
        if email is not None and transcript is not None:
            raise typer.BadParameter("give --email or --transcript, not both")
        if event is not None or promise is not None or attach:
            raise typer.BadParameter("--email and --transcript stand alone: log milestones and files separately")
        if email is not None:
            given = ["TEXT"] if text else []
            given += [options.ENTRY_FLAGS[name] for name, value in entry.items() if value]
            if given:  # an email carries its own date, sender and text: say so rather than ignore them
                raise typer.BadParameter(
                    f"{', '.join(given)} do not apply to --email: the message's own headers "
                    "say when and who; correct them afterwards with complaintctl amend"
                )
            _import_emails(ctx, case, email, as_json)
            return
        from complaintctl.actions.mail import import_transcript
        from complaintctl.evidence.files import read_file

        assert transcript is not None
        stored = import_transcript(store(ctx), case, read_file(transcript).content, transcript.name, draft)
        report_event(stored, as_json)
        return
    stored = log_event(store(ctx), case, draft)
    report_event(stored, as_json)


def _import_emails(ctx: typer.Context, case: int, source: str, as_json: bool) -> None:
    from complaintctl.actions.mail import import_emails, read_input

    name = "standard input" if source == "-" else source
    with progress_bar("Importing messages") as tick:
        result = import_emails(
            store(ctx), case, read_input(source), source_name=name, progress=lambda done: tick(done, 0)
        )
    if as_json:
        emit_json(
            {
                "case": case,
                "stored": result.stored,
                "duplicates": [{"message": m, "event": e} for m, e in result.duplicates],
                "warnings": result.warnings,
            }
        )
        return
    for warning in result.warnings:
        say(f"Warning: {warning}")
    for label, existing in result.duplicates:
        say(f"Already stored: {label} is event {existing}; not stored again.")
    if result.stored:
        ids = result.stored
        span = f"event {ids[0]}" if len(ids) == 1 else f"events {ids[0]} to {ids[-1]}"
        say(f"Stored {len(ids)} message(s) in case {case} ({span}). See them with: complaintctl emails {case}")


def _say_links(paths: list[Path]) -> None:
    if not paths:
        return
    from complaintctl.evidence.files import followed_link

    for path in paths:
        notice = followed_link(path)
        if notice:
            say(f"Note: {notice}")
