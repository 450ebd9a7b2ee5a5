"""Commands about whole cases: new, set, list, show."""

from typing import Annotated

import typer

from complaintctl.cli import hot, options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, paging, say, store
from complaintctl.cli.session import AppContext


@app.command(
    epilog="""Example:

  complaintctl new --title "Headphones never arrived" --marketplace amazon.co.uk --order 202-1234567-1234567 --seller "SoundShop EU" --sold-by third-party --fulfilled-by seller --issue not-received --ordered 2026-11-01 --delivery-by 2026-11-10 --amount 59.99 --currency GBP --paid-by credit-card
"""
)
@options.fact_options(title_help="A few words that name the problem.")
def new(
    ctx: typer.Context,
    *,
    facts: options.Facts,
    note: Annotated[str, typer.Option(help="A first note: how it started, in your words.")] = "",
    as_json: options.Json = False,
) -> None:
    """Open a case. Only --title is required; add the other facts now or later with `complaintctl set`."""
    hot.open_new(ctx.ensure_object(AppContext), facts, note=note, as_json=as_json)


@app.command(name="set", epilog='Example:\n\n  complaintctl set 1 --delivery-by 2026-11-12 --seller "SoundShop Ltd"')
@options.fact_options(title_help="A new title.")
def set_facts(ctx: typer.Context, case: options.CaseId, *, facts: options.Facts, as_json: options.Json = False) -> None:
    """Set or change facts of a case. The change is a new event: the earlier values stay in the record."""
    from complaintctl.actions.record import change_facts

    if not any(value is not None for value in facts.values()):
        raise typer.BadParameter("give at least one fact to set, e.g. --seller NAME")
    event = change_facts(store(ctx), case, facts)
    if as_json:
        emit_json(
            {
                "case": case,
                "event": None if event is None else event.id,
                "changed": {} if event is None else event.details["facts"],
            }
        )
        return
    if event is None:
        say(f"Case {case} already has these facts: nothing recorded.")
    else:
        from complaintctl.core.vocabulary import FACT_LABELS

        names = [label.lower() for name, label in FACT_LABELS.items() if name in event.details["facts"]]
        say(f"Recorded event {event.id}: changed {', '.join(names)} of case {case}.")


@app.command(name="list", epilog="Examples:\n\n  complaintctl list\n\n  complaintctl list --open --json")
def list_cases(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only cases not yet resolved.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many cases, most recent first.", min=1)] = None,
    as_json: options.Json = False,
) -> None:
    """One line per case: number, title, status, last activity, open and overdue promises."""
    hot.list_cases(ctx.ensure_object(AppContext), open_only=open_only, limit=limit, as_json=as_json)


LATEST = 10  # entries `show` prints by default, newest first


@app.command(
    epilog="Examples:\n\n  complaintctl show 1\n\n  complaintctl show 1 --last 50\n\n"
    "  complaintctl show 1 --all          (every entry, oldest first)\n\n  complaintctl show 1 --json"
)
def show(
    ctx: typer.Context,
    case: options.CaseId,
    last: Annotated[
        int,
        typer.Option("--last", "-n", help="How many of the latest entries to print, newest first.", min=1, max=200),
    ] = LATEST,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="Every entry, oldest first (a timeline over 200 entries is streamed as plain lines)."
        ),
    ] = False,
    as_json: options.Json = False,
) -> None:
    """The facts of a case and its latest entries (newest first), with promises and attachments' SHA-256;
    --all prints the whole timeline. Long output goes through your pager on a terminal."""
    from complaintctl.actions.mail import thread_flags
    from complaintctl.core import clock
    from complaintctl.core.timeline import latest, timeline

    current = store(ctx)
    if as_json or every:
        state, events = current.case_with_events(case)
        entries = timeline(state, events)
        total = len(entries)
    else:  # the latest entries: a long case is not read whole for them
        state, events, others = current.latest_events(case, last)
        entries, total = latest(state, events, others, last)
    shas = sorted({a["sha256"] for e in events for a in e.attachments if "sha256" in a})
    attachments = current.attachments_info(shas)
    now_utc = clock.utc_stamp(clock.now())
    flags = thread_flags(current, case)
    if as_json:
        from complaintctl.actions.export_check import case_disagreements
        from complaintctl.cli.render.json import case_document

        emit_json(
            {
                **case_document(state, entries, attachments, now_utc),
                "thread_flags": [flag.as_dict() for flag in flags],
                "disagreements": [d.as_dict() for d in case_disagreements(current, state)],
            }
        )
        return
    from complaintctl.actions.export_check import case_disagreements
    from complaintctl.cli.render.cases import case_view

    for found in case_disagreements(current, state):
        say(f"Amazon's data export disagrees with your record: {found.message}")
    with paging(ctx):
        case_view(state, entries, attachments, now_utc, flags, total=total, every=every)
