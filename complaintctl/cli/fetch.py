"""`fetch`: messages from an IMAP mailbox into a case, stored exactly as `log --email` stores them."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import app, options
from complaintctl.cli.context import emit_json, progress_bar, say, store


@app.command(
    epilog="""Examples:

  COMPLAINTCTL_IMAP_PASSWORD=... complaintctl fetch 1 --imap imap.gmail.com --user jane@gmail.com --from amazon --since 2026-11-01

  complaintctl fetch 1 --imap imap.fastmail.com --user jane@fastmail.com --order 202-1234567-1234567   (asks for the password)

  complaintctl fetch 1 --imap localhost --port 1143 --starttls --user jane --folder Amazon
"""
)
def fetch(
    ctx: typer.Context,
    case: options.CaseId,
    imap: Annotated[str, typer.Option("--imap", help="The IMAP server, e.g. imap.gmail.com.", show_default=False)],
    user: Annotated[str, typer.Option("--user", help="Your login on that server.", show_default=False)],
    folder: Annotated[str, typer.Option("--folder", help="The mailbox folder to read.")] = "INBOX",
    sender: Annotated[str | None, typer.Option("--from", help="Only messages from this address or name.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only messages since this day, e.g. 2026-11-01.")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Only messages whose subject holds this.")] = None,
    order: Annotated[str | None, typer.Option("--order", help="Only messages that mention this order number.")] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Default: 993 (TLS), 143 with --starttls or --plain.", min=1, max=65535)
    ] = None,
    starttls: Annotated[
        bool, typer.Option("--starttls", help="Connect in clear, then STARTTLS (localhost only).")
    ] = False,
    plain: Annotated[bool, typer.Option("--plain", help="No TLS at all (localhost only, for a local bridge).")] = False,
    cafile: Annotated[
        Path | None,
        typer.Option("--cafile", help="Trust the server's certificate from this CA file (PEM).", dir_okay=False),
    ] = None,
    as_json: options.Json = False,
) -> None:
    """Fetch messages from a mailbox over IMAP (TLS by default). The password comes from
    COMPLAINTCTL_IMAP_PASSWORD or a prompt, never a flag, and is never stored. Messages already in the case
    are skipped, so running it again fetches only what is new, or what a lost connection left."""
    import os
    import sys

    from complaintctl.actions.imap_fetch import PASSWORD_VARIABLE, Mailbox, Search, fetch_messages
    from complaintctl.core import clock

    current = store(ctx)  # a mistyped --db is said before the password is asked for
    if starttls and plain:
        raise typer.BadParameter("give --starttls or --plain, not both")
    security = "starttls" if starttls else "plain" if plain else "tls"
    day = clock.parse_day(since, what="--since date") if since else None
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        if not sys.stdin.isatty():
            raise typer.BadParameter(f"set {PASSWORD_VARIABLE}, or run it in a terminal to be asked for the password")
        password = typer.prompt(f"IMAP password for {user}", hide_input=True)
    box = Mailbox(imap, port, user, password, folder, security, cafile)
    with progress_bar("Fetching messages") as tick:
        result = fetch_messages(current, case, box, Search(sender, day, subject, order), tick)
    if as_json:
        emit_json(
            {
                "case": case,
                "found": result.found,
                "stored": result.stored,
                "skipped": result.skipped,
                "warnings": result.warnings,
            }
        )
    else:
        for warning in result.warnings[:50]:
            say(f"Warning: {warning}")
        span = f" (events {result.stored[0]} to {result.stored[-1]})" if result.stored else ""
        say(
            f"Found {result.found} message(s) in {folder}: stored {len(result.stored)}{span}, "
            f"{result.skipped} already in case {case}."
        )
    if result.pictured:
        from complaintctl.actions.ocr import start_background_reading

        start_background_reading(current, case)  # pictures inside the messages get their text read
