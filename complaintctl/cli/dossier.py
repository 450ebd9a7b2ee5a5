"""`export`: the dossier a card issuer, regulator or court receives."""

from pathlib import Path
from typing import Annotated, Any

import typer

from complaintctl.cli import options
from complaintctl.cli.application import app
from complaintctl.cli.context import echo_text, progress_bar, say, store

Output = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="The folder to write into (default: here), or a file ending in the format's extension."
    ),
]


@app.command(
    epilog="""Examples:

  complaintctl export 1                         (dossier-1-DATE-en.zip: a BagIt bag with HTML, PDF, Markdown, JSON and exhibits)

  complaintctl export 1 --format html -o out/

  complaintctl export 1 --format json

  complaintctl export 1 --format pdf -o for-the-bank.pdf

  complaintctl export 1 --lang fr               (the dossier in French: labels, dates and sums)
"""
)
def export(
    ctx: typer.Context,
    case: options.CaseId,
    format: Annotated[str, typer.Option("--format", "-f", help="zip (default), html, pdf, json or md.")] = "zip",
    output: Output = None,
    rules: options.Rules = None,
    lang: Annotated[str, typer.Option("--lang", help="The dossier's language: en, fr, es or de.")] = "en",
) -> None:
    """Write the dossier: cover summary, remedies, timeline, exhibits, statistics, and the hashes that prove it."""
    from complaintctl.actions import advice
    from complaintctl.actions.export import FORMATS, collect, export_path, write_bundle, write_export
    from complaintctl.core import clock
    from complaintctl.dossier.words import LANGUAGES

    chosen = format.lower()
    if chosen not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
    now = clock.now()
    path = export_path(output, case, chosen, now, lang)
    current = store(ctx)
    _buyer_from_settings(current, case)
    with progress_bar("Reading exhibits") as tick:
        if chosen == "zip":
            written = write_bundle(current, case, advice.packs(rules), now, path, tick, lang)
        else:
            collected, exhibits = collect(current, case, advice.packs(rules), now, tick, lang=lang)
            written = write_export(current, case, collected, exhibits, chosen, path)
    dossier = written.dossier
    for warning in written.warnings:
        say(f"Warning: {warning}")
    if written.recorded is None:
        say("Note: the database is read-only, so this export is not recorded in the case.")
    else:
        say(
            f"Recorded the export as event {written.recorded.id}: keep its chain head, and `complaintctl verify "
            f"--against {path.name}` shows later that the history still holds it."
        )
    say(
        f"Wrote {path} ({len(dossier['timeline'])} events, {len(dossier['exhibits'])} exhibits, "
        f"chain head {dossier['case']['chain_head'][:16]}…)"
    )
    typer.echo(str(path))


def _buyer_from_settings(current: Any, case: int) -> None:
    from complaintctl.actions.parties import record_buyer_defaults

    recorded = record_buyer_defaults(current, case)
    if recorded is not None:
        from complaintctl.core.vocabulary import BUYER_FACTS

        names = " and ".join(n.replace("_", " ") for n in BUYER_FACTS if n in recorded.details["facts"])
        say(f"Recorded the {names} from your settings on case {case} (event {recorded.id}).")


@app.command(
    epilog="""Examples:

  complaintctl letter 1 formal                  (faulty-goods, non-delivery or complaint, from the case's issue)

  complaintctl letter 1 before-action --lang fr -o mise-en-demeure.txt

  complaintctl letter 1 data-access --lang de

  complaintctl letter 1 chargeback --lang es
"""
)
def letter(
    ctx: typer.Context,
    case: options.CaseId,
    kind: Annotated[
        str,
        typer.Argument(
            help="complaint, faulty-goods, non-delivery, before-action, data-access, chargeback, or formal."
        ),
    ],
    lang: Annotated[str, typer.Option("--lang", help="en, fr, es or de.")] = "en",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of printing.", dir_okay=False)
    ] = None,
    rules: options.Rules = None,
) -> None:
    """A letter filled from the case, citing the law of its country for its problem: to the seller (complaint,
    faulty goods, non-delivery, letter before action), a data-access request, or a chargeback request."""
    from complaintctl.actions import advice
    from complaintctl.actions.export import letter_text
    from complaintctl.actions.private_files import write_private
    from complaintctl.core import clock
    from complaintctl.dossier.letters import KINDS
    from complaintctl.dossier.words import LANGUAGES

    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="KIND")
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
    now, current = clock.now(), store(ctx)
    _buyer_from_settings(current, case)
    text = letter_text(current, case, kind, lang, advice.packs(rules), now)
    if output is None:
        echo_text(text)
        return
    from complaintctl.actions.private_files import free_path

    write_private(free_path(output.expanduser(), named=True), text.encode("utf-8"))
    say(f"Wrote {output}. Fill in the parts in [brackets] before you send it.")


@app.command(
    epilog="Examples:\n\n  complaintctl stats\n\n  complaintctl stats --from dossier-1-20261122.zip dossier-2-20261201.zip --json"
)
def stats(
    ctx: typer.Context,
    bundles: Annotated[
        list[Path] | None,
        typer.Option("--from", help="Exported bundles to count instead of the database (repeatable).", dir_okay=False),
    ] = None,
    as_json: options.Json = False,
) -> None:
    """Per issue type: cases, resolution rate and mean days to resolution, as a table and a bar chart."""
    from complaintctl.actions.export import bundle_statistics, case_statistics

    rows = bundle_statistics(list(bundles)) if bundles else case_statistics(store(ctx))
    if as_json:
        from complaintctl.cli.context import emit_json

        emit_json(rows)
        return
    if not rows:
        say("No cases to count yet.")
        return
    from complaintctl.cli.render.stats import stats_table

    stats_table(rows)
