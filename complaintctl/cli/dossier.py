"""`export`: the dossier a card issuer, regulator or court receives."""

from pathlib import Path
from typing import Annotated, Any

import typer

from complaintctl.cli import app
from complaintctl.cli import options as o
from complaintctl.cli.advice import Rules
from complaintctl.cli.context import echo_text, progress_bar, say, store

FORMATS = ("zip", "html", "pdf", "json", "md")
Output = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="The folder to write into (default: here), or a file ending in the format's extension."
    ),
]


@app.command(
    epilog="""Examples:

  complaintctl export 1                         (dossier-1-DATE.zip: a BagIt bag with HTML, PDF, JSON and exhibits)

  complaintctl export 1 --format html -o out/

  complaintctl export 1 --format json

  complaintctl export 1 --format pdf -o for-the-bank.pdf

  complaintctl export 1 --lang fr               (the dossier in French: labels, dates and sums)
"""
)
def export(
    ctx: typer.Context,
    case: o.CaseId,
    format: Annotated[str, typer.Option("--format", "-f", help="zip (default), html, pdf, json or md.")] = "zip",
    output: Output = None,
    rules: Rules = None,
    lang: Annotated[str, typer.Option("--lang", help="The dossier's language: en, fr or es.")] = "en",
) -> None:
    """Write the dossier: cover summary, remedies, timeline, exhibits, statistics, and the hashes that prove it."""
    from complaintctl.actions import advice
    from complaintctl.actions.export import collect
    from complaintctl.actions.private_files import output_path, write_private
    from complaintctl.core import clock
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.errors import ComplaintError

    chosen = format.lower()
    if chosen not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if lang not in ("en", "fr", "es"):
        raise typer.BadParameter("use one of en, fr, es", param_hint="--lang")
    now = clock.now()
    name = f"dossier-{case}-{now:%Y%m%d}"
    suffix = ".zip" if chosen == "zip" else EXPORTERS[chosen].suffix
    path = output_path(output, name, suffix)
    current = store(ctx)
    _buyer_from_settings(current, case)
    with progress_bar("Reading exhibits") as tick:
        dossier, exhibits = collect(current, case, advice.packs(rules), now, tick, lang=lang)
    documents: dict[str, bytes] = {}
    if chosen != "zip":
        content = EXPORTERS[chosen]().render(dossier, exhibits)
        documents[f"dossier{EXPORTERS[chosen].suffix}"] = content
        write_private(path, content)
    else:
        from complaintctl.dossier.bundle import build_bag

        documents["dossier.json"] = EXPORTERS["json"]().render(dossier, exhibits)
        documents["dossier.html"] = EXPORTERS["html"]().render(dossier, exhibits)
        documents["dossier.md"] = EXPORTERS["md"]().render(dossier, exhibits)
        try:
            documents["dossier.pdf"] = EXPORTERS["pdf"]().render(dossier, exhibits)
        except ComplaintError as error:
            say(f"Warning: no PDF in the bundle. {error}")
        content = build_bag(dossier, exhibits, documents)
        write_private(path, content)
    _record(current, case, dossier, path, content, documents, chosen)
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


def _record(
    current: Any,
    case: int,
    dossier: dict[str, Any],
    path: Path,
    content: bytes,
    documents: dict[str, bytes],
    chosen: str,
) -> None:
    import hashlib

    from complaintctl.actions.record import record_export

    recorded = record_export(
        current,
        case,
        chain_head=dossier["case"]["chain_head"],
        file_name=path.name,
        file_sha256=hashlib.sha256(content).hexdigest(),
        format=chosen,
        documents={name: hashlib.sha256(data).hexdigest() for name, data in documents.items()},
    )
    if recorded is None:
        say("Note: the database is read-only, so this export is not recorded in the case.")
    else:
        say(
            f"Recorded the export as event {recorded.id}: keep its chain head, and `complaintctl verify --against "
            f"{path.name}` shows later that the history still holds it."
        )


@app.command(
    epilog="""Examples:

  complaintctl letter 1 formal

  complaintctl letter 1 formal --lang fr -o reclamation.txt

  complaintctl letter 1 data-access

  complaintctl letter 1 chargeback --lang es
"""
)
def letter(
    ctx: typer.Context,
    case: o.CaseId,
    kind: Annotated[str, typer.Argument(help="formal, data-access or chargeback.")],
    lang: Annotated[str, typer.Option("--lang", help="en, fr or es.")] = "en",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of printing.", dir_okay=False)
    ] = None,
    rules: Rules = None,
) -> None:
    """A letter filled from the case: a formal complaint, a data-access request, or a chargeback request."""
    from complaintctl.actions import advice
    from complaintctl.actions.private_files import write_private
    from complaintctl.core import clock
    from complaintctl.dossier.letters import KINDS, LANGUAGES, letter_context, render_letter

    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="KIND")
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
    now, current = clock.now(), store(ctx)
    _buyer_from_settings(current, case)
    found = advice.advise(current, case, advice.packs(rules), now)
    from complaintctl.core.timeline import timeline

    state, events = current.case_with_events(case)
    text = render_letter(kind, lang, letter_context(kind, lang, found, timeline(state, events), now, state.head_hash))
    if output is None:
        echo_text(text)
        return
    write_private(output.expanduser(), text.encode("utf-8"))
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
    from complaintctl.cli.render.stats import stats_table

    stats_table(rows)
