"""`backup` and `restore`: copies that survive the database, and the way back."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli.application import app
from complaintctl.cli.context import say, store


@app.command(
    epilog="Examples:\n\n  complaintctl backup ~/complaints-backup.db\n\n  complaintctl backup /media/usb/   "
    "(complaintctl-DATE-TIME.db in that folder)"
)
def backup(
    ctx: typer.Context,
    target: Annotated[
        Path, typer.Argument(help="A new file ending in .db, or an existing folder to put a dated copy in.")
    ],
) -> None:
    """A consistent copy of the whole database, safe to take while another complaintctl is writing."""
    from complaintctl.actions.private_files import new_private_file
    from complaintctl.core import clock
    from complaintctl.errors import ComplaintError

    path = target.expanduser()
    current = store(ctx)
    if path.is_dir():
        path = new_private_file(path, f"complaintctl-{clock.now():%Y%m%d-%H%M%S}", ".db")
    elif path.exists():
        raise ComplaintError(f"{path} already exists: choose a new file name, a backup never overwrites")
    elif not path.parent.is_dir():
        raise ComplaintError(f"the folder {path.parent} does not exist: create it first, or choose another place")
    elif path.suffix.lower() != ".db":
        raise ComplaintError(f"{path} does not exist: give an existing folder, or a new file name ending in .db")
    else:
        path = new_private_file(path.parent, path.stem, path.suffix)
    try:
        current.backup_to(path)
    except BaseException:
        path.unlink(missing_ok=True)  # a failed backup leaves nothing behind, not an empty file
        raise
    say(f"Backed up {current.path} to {path}.")
    typer.echo(str(path))


@app.command(
    epilog="Examples:\n\n  complaintctl restore dossier-1-20261122.zip\n\n  complaintctl --db new.db restore dossier-1-20261122.json"
)
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A dossier bundle (.zip) or its dossier.json.", dir_okay=False)],
) -> None:
    """Bring a case back from an exported dossier, hash chain and attachments included; refuse a damaged one."""
    from complaintctl.actions.restore import restore as run_restore

    state = run_restore(lambda: store(ctx), source.expanduser())
    say(f"Restored case {state.id} ({state.title}): {state.events_count} events, chain head {state.head_hash}.")
