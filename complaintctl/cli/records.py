"""Commands that read across the record: search and verify."""

from pathlib import Path
from typing import Annotated, Any

import typer

from complaintctl.cli import options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, paging, progress_bar, say, store


@app.command(
    epilog='Examples:\n\n  complaintctl search refund\n\n  complaintctl search "promised refund" --case 1 --json'
)
def search(
    ctx: typer.Context,
    words: Annotated[str, typer.Argument(help="Words to find (all of them); end a word with * for a prefix.")],
    case: Annotated[
        int | None, typer.Option("--case", help="Only this case.", parser=options.case_number, metavar="CASE")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.", min=1)] = 50,
    as_json: options.Json = False,
) -> None:
    """Full-text search over every note: the newest matches (--limit, default 50), shown in time order."""
    from complaintctl.store import MATCH_END, MATCH_START

    hits = store(ctx).search(words, case_id=case, limit=limit)
    if as_json:
        from complaintctl.cli.render.json import hit_document

        emit_json([hit_document(hit, MATCH_START, MATCH_END) for hit in hits])
        return
    if not hits:
        say(f"Nothing found for {words!r}.")
        return
    from complaintctl.cli.render.cases import search_results

    with paging(ctx):
        search_results(hits)


@app.command(
    epilog="""Examples:

  complaintctl verify

  complaintctl verify 1 --json

  complaintctl verify --bundle dossier-1-20261122.zip      (the bundle alone, offline)

  complaintctl verify --against dossier-1-20261122.zip     (is what left the machine still in the database?)

  complaintctl verify --head 3f5a9c0e1d2b4a67              (a chain head you wrote down earlier)
"""
)
def verify(
    ctx: typer.Context,
    case: Annotated[int | None, options.case_argument("Only this case (default: all).")] = None,
    bundle: Annotated[
        Path | None, typer.Option("--bundle", help="Check an exported dossier .zip instead.", dir_okay=False)
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="Also check that an export is still held by the history: the bundle (.zip), or one file it wrote "
            "(.pdf, .html, .md, .json, or one taken out of the zip).",
            dir_okay=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help="Also check that a chain head written down earlier is still in the chain."),
    ] = None,
    tsa_ca: Annotated[
        Path | None,
        typer.Option(
            "--tsa-ca",
            help="Check trusted timestamps against this CA certificate (.pem) instead of the system's CA store.",
            dir_okay=False,
        ),
    ] = None,
    as_json: options.Json = False,
) -> None:
    """Recompute every hash and check every attachment; exit 1 and name what was changed, if anything was.
    Also says what no local check can see: entries after a case's last stamp or export."""
    from complaintctl.evidence.timestamps import anchors

    trusted = None
    if tsa_ca is not None:
        from complaintctl.evidence.files import read_file

        trusted = anchors(read_file(tsa_ca.expanduser()).content)
    if bundle is not None:
        _verify_bundle(bundle, as_json, trusted)
        return
    from complaintctl.actions.exported_file import check_file, is_bundle
    from complaintctl.actions.verify import Problem, check_against, check_head
    from complaintctl.actions.verify import verify as run_verify

    current = store(ctx)
    with progress_bar("Checking every chain" if case is None else f"Checking case {case}") as tick:
        checked = 0

        def counted(events: int) -> None:  # a million events take seconds: the terminal shows it working
            nonlocal checked
            checked += events
            tick(checked, 0)

        report = run_verify(current, case, progress=counted, trusted=trusted)
    if head is not None:
        found, where = check_head(current, head, case)
        report.problems += found
        report.notes += [where] if where else []
    if against is not None and not is_bundle(against.expanduser()):
        found, notes = check_file(current, against.expanduser(), case)
        report.problems += found
        report.notes += notes
    elif against is not None:
        from complaintctl.dossier.bundle import open_bundle

        opened = open_bundle(against.expanduser(), trusted)
        report.problems += [Problem(f"the bundle {against.name}: {p}") for p in opened.problems]
        if opened.dossier is not None:
            found, notes = check_against(current, opened.dossier, opened.sha256, opened.documents)
            report.problems += found
            report.notes += notes
    if as_json:
        emit_json(report.as_dict())
        if not report.intact:
            raise typer.Exit(1)
        return
    for note in report.notes:
        say(f"Note: {note}")
    if report.intact:
        say(
            f"Intact: {report.cases} case(s), {report.events} event(s) and {report.attachments} attachment(s) "
            "match their hashes."
        )
    else:
        for problem in report.problems:
            say(f"BROKEN: {problem.message}")
        say(
            f"{len(report.problems)} problem(s) in {report.cases} case(s): keep this database as it is and "
            "restore from a backup or an exported dossier."
        )
    if not report.intact:
        raise typer.Exit(1)


def _verify_bundle(bundle: Path, as_json: bool, trusted: Any) -> None:
    from complaintctl.dossier.bundle import open_bundle

    opened = open_bundle(bundle.expanduser(), trusted)
    problems = opened.problems
    # Only what the chain binds is shown: bag-info.txt is a copy, checked against it, never a source.
    case = opened.dossier["case"]["id"] if opened.dossier else None
    head = opened.dossier["case"]["chain_head"] if opened.dossier else None
    if as_json:
        emit_json(
            {
                "bundle": str(bundle),
                "intact": not problems,
                "case": case,
                "exported_utc": opened.exported_utc,
                "chain_head": head,
                "problems": problems,
                "notes": opened.notes,
            }
        )
        if problems:
            raise typer.Exit(1)
        return
    for note in opened.notes:
        say(f"Note: {note}")
    if not problems:
        say(f"Intact: {bundle} (case {case}, exported {opened.exported_utc}, chain head {head}).")
    else:
        for problem in problems:
            say(f"BROKEN: {problem}")
    if problems:
        raise typer.Exit(1)


@app.command(
    epilog="""Examples:

  complaintctl stamp 1

  complaintctl stamp --tsa https://freetsa.org/tsr --tsa-ca cacert.pem      (every open case)
"""
)
def stamp(
    ctx: typer.Context,
    case: Annotated[int | None, options.case_argument("Only this case (default: every open case).")] = None,
    tsa: Annotated[
        str | None,
        typer.Option(
            "--tsa", help="The RFC 3161 timestamp authority's URL (default: $COMPLAINTCTL_TSA_URL or freetsa.org)."
        ),
    ] = None,
    tsa_ca: Annotated[
        Path | None,
        typer.Option(
            "--tsa-ca",
            help="The authority's CA certificate (.pem): the reply is checked against it now, and it is stored "
            "with the token as information only (verify trusts the system's CA store, or verify --tsa-ca).",
            dir_okay=False,
        ),
    ] = None,
    as_json: options.Json = False,
) -> None:
    """Have an outside authority sign that each chain head exists now (RFC 3161): a later rewrite cannot be
    dated back. The token is chained into the case; verify checks it offline."""
    from complaintctl.actions.stamp import authority_url, stamp_case
    from complaintctl.evidence.files import read_file

    url = authority_url(tsa)
    ca_pem = read_file(tsa_ca.expanduser()).content if tsa_ca else None
    current = store(ctx)
    cases = [case] if case is not None else current.open_case_ids()
    stamped = [stamp_case(current, number, url=url, ca_pem=ca_pem) for number in cases]
    if as_json:
        emit_json(
            [
                {
                    "case": e.case_id,
                    "event": e.id,
                    "chain_head": e.details["stamp"]["chain_head"],
                    "gen_time": e.details["stamp"]["gen_time"],
                    "authority": e.details["stamp"]["authority"],
                }
                for e in stamped
            ]
        )
        return
    for event in stamped:
        say(f"Case {event.case_id}: {event.text} (event {event.id}).")
    if not stamped:
        say("No open case to stamp.")
