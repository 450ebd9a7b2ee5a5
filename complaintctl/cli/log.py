"""`log`: add a note, a milestone, a promise or files to a case. The command most often run: keep it light."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import hot, options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, progress_bar, report_event, say, store
from complaintctl.cli.session import AppContext
from complaintctl.core.vocabulary import Milestone

NOTE_LIMIT_BYTES = 4 * 1024 * 1024  # the store refuses notes over 1,000,000 characters anyway
Text = Annotated[
    str,
    typer.Argument(
        help="What happened, in your words; - reads it from standard input; none on a terminal opens $EDITOR.",
        show_default=False,
    ),
]


@app.command(
    epilog="""Examples:

  complaintctl log 1 "Chat with agent Priya: she promised a refund within 3 days" --channel chat --agent Priya --ref CS-88812 --at "2026-11-14 15:20" --promise refund --due 2026-11-17

  complaintctl log 1 --event seller-contacted --at "2026-11-11 09:00" --channel web "Asked the seller"

  complaintctl log 1 "Screenshot of the chat before it closed" --attach chat.png --attach receipt.pdf

  complaintctl log 1 --event resolved --outcome refunded "Refund of 59.99 received"

  complaintctl log 1 --email reply.eml          (or an mbox file, or - for standard input)

  complaintctl log 1 --transcript chat.txt --agent Priya --ref CS-1 --at 2026-11-14 -p refund -d "in 3 days"

  complaintctl log 1 - -c phone --at "yesterday 10:00" < call-notes.txt

  complaintctl log 1            (on a terminal: write the note in $EDITOR)
"""
)
@options.entry_options
def log(
    ctx: typer.Context,
    case: options.CaseId,
    text: Text = "",
    event: Annotated[Milestone | None, typer.Option("--event", "-e", help="A milestone this entry records.")] = None,
    *,
    entry: options.EntryFields,
    promise: Annotated[
        str | None, typer.Option("--promise", "-p", help="What was promised to you (give --due too).")
    ] = None,
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
    reopen: Annotated[
        bool, typer.Option("--reopen", help="Log this milestone on a resolved case, reopening it.")
    ] = False,
    as_json: options.Json = False,
) -> None:
    """Add a note, a milestone, a promise, files, emails or a chat transcript to a case."""
    if text == "-":
        if email == "-":
            raise typer.BadParameter("standard input holds the note (-) or the email (--email -), not both")
        text = _note_from_standard_input()
    elif not text and event is None and promise is None and not attach and email is None and transcript is None:
        text = _note_from_editor(case)
    if email is None and transcript is None:
        hot.log_entry(
            ctx.ensure_object(AppContext),
            case,
            text,
            event,
            **entry,
            promise=promise,
            due=due,
            outcome=outcome,
            target=target,
            attach=attach,
            force=force,
            reopen=reopen,
            as_json=as_json,
        )
        return
    draft = hot.entry_draft(
        text,
        event,
        **entry,
        promise=promise,
        due=due,
        outcome=outcome,
        target=target,
        attach=list(attach or ()),
        force=force,
        reopen=reopen,
    )
    hot.say_links(
        [*(attach or ()), *([transcript] if transcript else []), *([Path(email)] if email and email != "-" else [])]
    )
    if email is not None and transcript is not None:
        raise typer.BadParameter("give --email or --transcript, not both")
    if event is not None or attach or (email is not None and promise is not None):
        raise typer.BadParameter(
            "--email and --transcript stand alone (a transcript takes the --promise made in it): "
            "log milestones and files separately"
        )
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


def _note_from_standard_input() -> str:
    import sys

    from complaintctl.errors import ComplaintError

    data = sys.stdin.buffer.read(NOTE_LIMIT_BYTES + 1)
    if len(data) > NOTE_LIMIT_BYTES:
        raise ComplaintError("the note on standard input is over 4 MB: attach it as a file with --attach instead")
    try:
        note = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ComplaintError(
            "standard input is not UTF-8 text: keep the file as evidence with --attach FILE instead"
        ) from None
    if not note.strip():
        raise ComplaintError("standard input was empty: nothing was logged")
    return note


def _note_from_editor(case: int) -> str:
    """The note written in $EDITOR, as `git commit` does; without a terminal, say how to give one."""
    import sys

    from complaintctl.errors import ComplaintError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ComplaintError(
            f'nothing to log: give the note as text (complaintctl log {case} "What happened"), or - to read it '
            "from standard input; on a terminal, with no text, your $EDITOR opens"
        )
    import click  # sqlite-utils' dependency; Typer keeps its own copy without click.edit

    template = f"\n# The note for case {case}. Lines starting with # are left out; an empty note logs nothing.\n"
    try:
        written = click.edit(template, extension=".txt")
    except click.ClickException as error:
        raise ComplaintError(
            f"the editor did not run ({error.message}): set $EDITOR, or give the note as text"
        ) from None
    note = "\n".join(line for line in (written or "").splitlines() if not line.startswith("#")).strip()
    if not note:
        raise ComplaintError("the note was empty: nothing was logged")
    return note


@app.command(
    epilog="""Examples:

  complaintctl reopen 1 "The refund was reversed"

  complaintctl reopen 1 --at 2026-12-02
"""
)
def reopen(
    ctx: typer.Context,
    case: options.CaseId,
    text: Annotated[str, typer.Argument(help="Why it starts again, in your words.", show_default=False)] = "",
    at: options.At = None,
    as_json: options.Json = False,
) -> None:
    """Reopen a resolved case (recorded as an event), so that milestones can be logged on it again."""
    from complaintctl.actions.record import reopen_case

    report_event(reopen_case(store(ctx), case, note=text, at=at), as_json)


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
    if result.pictured:
        from complaintctl.actions.ocr import start_background_reading

        start_background_reading(store(ctx), case)  # pictures inside the messages get their text read
