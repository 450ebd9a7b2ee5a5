"""Advice commands: check (every programme that applies), next (the one next step), agenda (what is due)."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import hot, options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, paging, say, store
from complaintctl.cli.session import AppContext

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
    hot.next_steps(ctx.ensure_object(AppContext), case=case, rules=rules, as_json=as_json)


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
    hot.agenda(ctx.ensure_object(AppContext), days=days, ics=ics, rules=rules, as_json=as_json)
