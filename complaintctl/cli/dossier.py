"""`export`: the dossier a card issuer, regulator or court receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from complaintctl.cli import app
from complaintctl.cli import options as o
from complaintctl.cli.advice import Rules
from complaintctl.cli.context import say, store

FORMATS = ("zip", "html", "pdf", "json", "md")
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help="The folder to write into (default: here).")]


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
        yield lambda done, total: bar.update(task, completed=done, total=total)


@app.command(epilog="""Examples:

  complaintctl export 1                         (dossier-1-DATE.zip: a BagIt bag with HTML, PDF, JSON and exhibits)

  complaintctl export 1 --format html -o out/

  complaintctl export 1 --format json
""")
def export(
    ctx: typer.Context,
    case: o.CaseId,
    format: Annotated[str, typer.Option("--format", "-f", help="zip (default), html, pdf, json or md.")] = "zip",
    output: Output = None,
    rules: Rules = None,
) -> None:
    """Write the dossier: cover summary, remedies, timeline, exhibits, statistics, and the hashes that prove it."""
    from complaintctl import advice, clock
    from complaintctl.dossier.collect import collect
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.errors import ComplaintError
    from complaintctl.output import output_dir, write_private

    chosen = format.lower()
    if chosen not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    folder = output_dir(output)
    now = clock.now()
    with progress_bar("Reading exhibits") as tick:
        dossier, exhibits = collect(store(ctx), case, advice.packs(rules), now, tick)
    name = f"dossier-{case}-{now:%Y%m%d}"
    if chosen != "zip":
        path = folder / f"{name}{EXPORTERS[chosen].suffix}"
        write_private(path, EXPORTERS[chosen]().render(dossier, exhibits))
    else:
        from complaintctl.dossier.bundle import build_bag

        documents = {"dossier.json": EXPORTERS["json"]().render(dossier, exhibits)}
        documents["dossier.html"] = EXPORTERS["html"]().render(dossier, exhibits)
        documents["dossier.md"] = EXPORTERS["md"]().render(dossier, exhibits)
        try:
            from complaintctl.dossier.render import html_to_pdf

            documents["dossier.pdf"] = html_to_pdf(documents["dossier.html"])
        except ComplaintError as error:
            say(f"Warning: no PDF in the bundle. {error}")
        path = folder / f"{name}.zip"
        write_private(path, build_bag(dossier, exhibits, documents))
    say(f"Wrote {path} ({len(dossier['timeline'])} events, {len(dossier['exhibits'])} exhibits, "
        f"chain head {dossier['case']['chain_head'][:16]}…)")
    typer.echo(str(path))
