"""Advice commands: check (every programme that applies), next (the one next step), agenda (what is due)."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, paging, say, store

DISCLAIMER = "Information, not legal advice: check the source of each rule."


@app.command(epilog="Examples:\n\n  complaintctl check 1\n\n  complaintctl check 1 --json")
def check(ctx: typer.Context, case: options.CaseId, rules: options.Rules = None, as_json: options.Json = False) -> None:
    """Every programme that applies to a case: status, eligible from, deadline, why, and the source."""
    from complaintctl.actions import advice
    from complaintctl.core import clock

    found = advice.advise(store(ctx), case, advice.packs(rules), clock.now())
    if as_json:
        emit_json(
            {
                "case": case,
                "today": found.situation.today.isoformat(),
                "results": [r.as_dict() for r in found.results],
                "claim": found.standing,
                "disclaimer": DISCLAIMER,
            }
        )
        return
    from complaintctl.cli.render.advice import check_view

    with paging(ctx):
        check_view(found)
    say(DISCLAIMER)


@app.command(
    name="next",
    epilog="Examples:\n\n  complaintctl next 1\n\n  complaintctl next          # every open case\n\n  complaintctl next --json",
)
def next_step(
    ctx: typer.Context,
    case: Annotated[int | None, options.case_argument("The case (default: every open case).")] = None,
    rules: options.Rules = None,
    as_json: options.Json = False,
) -> None:
    """The one next step, with the date to act by and why; overdue promises; deadlines closing."""
    from complaintctl.actions import advice
    from complaintctl.core import clock

    loaded, now, current = advice.packs(rules), clock.now(), store(ctx)
    if case is not None:
        found = advice.advise(current, case, loaded, now)
        if as_json:
            emit_json(found.advice.as_dict())
            return
        from complaintctl.cli.render.advice import next_view

        with paging(ctx):
            next_view(found)
        return
    from complaintctl.collector import paused

    with paused():  # thousands of cases' advice, read and printed: objects without cycles
        every = advice.advise_open_cases(current, loaded, now, whole=as_json)
        if as_json:
            emit_json([listed.advice.as_dict() for listed in every if listed.advice is not None])
            return
        if not every:
            say("No open cases.")
            return
        from complaintctl.cli.render.plain import PLAIN_ROWS

        with paging(ctx):
            if len(every) > PLAIN_ROWS:  # plain lines, without loading Rich
                from complaintctl.cli.render.plain import next_lines

                next_lines(every, now.date())
            else:
                from complaintctl.cli.render.advice import next_table

                next_table(every, now.date())


@app.command(epilog="Examples:\n\n  complaintctl agenda\n\n  complaintctl agenda --days 90 --ics deadlines.ics")
def agenda(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option(help="Show what falls due within this many days (overdue items always).", min=0, max=36500)
    ] = 30,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the items as calendar events.", dir_okay=False)
    ] = None,
    rules: options.Rules = None,
    as_json: options.Json = False,
) -> None:
    """What is due or overdue across open cases: next steps, promises, deadlines closing."""
    from complaintctl.actions import advice
    from complaintctl.actions.agenda import agenda_items
    from complaintctl.collector import paused
    from complaintctl.core import clock

    now = clock.now()
    with paused():  # thousands of cases' advice, read and printed: objects without cycles
        items = agenda_items(advice.advise_open_cases(store(ctx), advice.packs(rules), now), now.date(), days)
        if ics is not None:
            from complaintctl.actions.agenda import write_ics

            write_ics(items, ics, now)
            say(f"Wrote {len(items)} event(s) to {ics}.")
        if as_json:
            emit_json([item.as_dict() for item in items])
            return
        if not items:
            say(f"Nothing due in the next {days} days.")
            return
        from complaintctl.cli.render.plain import PLAIN_ROWS

        with paging(ctx):
            if len(items) > PLAIN_ROWS:  # plain lines, without loading Rich
                from complaintctl.cli.render.plain import agenda_lines

                agenda_lines(items, now.date())
            else:
                from complaintctl.cli.render.advice import agenda_table

                agenda_table(items, now.date())
