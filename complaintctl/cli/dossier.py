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


@app.command(epilog="""Examples:

  complaintctl letter 1 formal

  complaintctl letter 1 formal --lang fr -o reclamation.txt

  complaintctl letter 1 data-access

  complaintctl letter 1 chargeback --lang es
""")
def letter(
    ctx: typer.Context,
    case: o.CaseId,
    kind: Annotated[str, typer.Argument(help="formal, data-access or chargeback.")],
    lang: Annotated[str, typer.Option("--lang", help="en, fr or es.")] = "en",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file instead of printing.",
                                                   dir_okay=False)] = None,
    rules: Rules = None,
) -> None:
    """A letter filled from the case: a formal complaint, a data-access request, or a chargeback request."""
    from complaintctl import advice, clock
    from complaintctl.dossier.letters import KINDS, LANGUAGES, letter_context, render_letter
    from complaintctl.output import write_private

    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="KIND")
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
    now, current = clock.now(), store(ctx)
    found = advice.advise(current, case, advice.packs(rules), now)
    state, events = current.case_with_events(case)
    text = render_letter(kind, lang, letter_context(kind, lang, found, events, now, state.head_hash))
    if output is None:
        typer.echo(text, nl=False)
        return
    write_private(output.expanduser(), text.encode("utf-8"))
    say(f"Wrote {output}. Fill in the parts in [brackets] before you send it.")


@app.command(epilog="Examples:\n\n  complaintctl stats\n\n  complaintctl stats --from dossier-1-20261122.zip dossier-2-20261201.zip --json")
def stats(
    ctx: typer.Context,
    bundles: Annotated[Optional[list[Path]], typer.Option("--from", help="Exported bundles to count instead of "
                                                          "the database (repeatable).", dir_okay=False)] = None,
    as_json: o.Json = False,
) -> None:
    """Per issue type: cases, resolution rate and mean days to resolution, as a table and a bar chart."""
    from complaintctl.dossier.stats import CaseOutcome, aggregate, outcomes_from_bundles

    if bundles:
        outcomes = outcomes_from_bundles(list(bundles))
    else:
        outcomes = [CaseOutcome(*row) for row in store(ctx).case_outcomes()]
    rows = aggregate(outcomes)
    if as_json:
        from complaintctl.cli.context import emit_json

        emit_json(rows)
        return
    if not rows:
        say("No cases to count yet.")
        return
    from complaintctl.cli.render_stats import stats_table

    stats_table(rows)
