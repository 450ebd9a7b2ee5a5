"""`import amazon`: an order from the marketplace's own data export, into a new case or an existing one."""

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.cli import app, options
from complaintctl.cli.context import emit_json, say, store

imports = typer.Typer(
    help="Bring in evidence you already hold: the marketplace's answer to your data-access request.",
    no_args_is_help=True,
)
app.add_typer(imports, name="import")


@imports.command(
    epilog="""Examples:

  complaintctl import amazon "Your Orders.zip" --list

  complaintctl import amazon "Your Orders.zip" --order 202-1234567-1234567 --issue not-received

  complaintctl import amazon ~/Downloads/amazon-export/ --order 202-1234567-1234567 --case 3
"""
)
def amazon(
    ctx: typer.Context,
    export: Annotated[
        Path,
        typer.Argument(
            metavar="EXPORT", help="The zip Amazon sent after a data request (or the folder it unpacks to)."
        ),
    ],
    list_orders: Annotated[bool, typer.Option("--list", help="Print the orders the export holds.")] = False,
    order: Annotated[str | None, typer.Option("--order", help="The order to import, e.g. 202-1234567-1234567.")] = None,
    case: Annotated[
        int | None, typer.Option("--case", help="Add to this case instead of opening a new one.", min=1)
    ] = None,
    title: Annotated[str | None, typer.Option(help="The new case's title (default: the order and its item).")] = None,
    item: options.ItemOption = None,
    issue: options.IssueOption = None,
    as_json: options.Json = False,
) -> None:
    """Amazon's data export ("Request your data"): list its orders, or import one with its shipments, returns,
    refunds and delivery photos, the export kept whole; where it disagrees with your record, you are told."""
    if list_orders == (order is not None):
        raise typer.BadParameter("give --list to see the orders, or --order ID to import one")
    if list_orders:
        if case is not None or title or item or issue:
            raise typer.BadParameter("--case, --title, --item and --issue go with --order")
        _list(export, as_json)
        return
    if case is not None and (title or item or issue):
        raise typer.BadParameter("--title, --item and --issue set a new case's facts: use complaintctl set for --case")
    from complaintctl.actions.amazon_import import import_order

    assert order is not None
    extra: dict[str, str | None] = {
        "item": None if item is None else str(item),
        "issue": None if issue is None else str(issue),
    }
    from complaintctl.cli.context import AppContext

    # Only opening a case may start a database; adding to case N needs the database that holds it.
    current = store(ctx) if case is None else ctx.ensure_object(AppContext).store()
    result = import_order(current, export, order, case_id=case, title=title, extra_facts=extra)
    from complaintctl.actions.ocr import start_background_reading

    start_background_reading(current, result.case_id)  # delivery photos get their text read, detached
    if as_json:
        emit_json(
            {
                "case": result.case_id,
                "opened": result.opened,
                "events": result.events,
                "facts": result.facts_set,
                "unknown_files": result.unknown_files,
                "warnings": result.warnings,
                "disagreements": [d.as_dict() for d in result.disagreements],
            }
        )
        return
    for warning in result.warnings[:20]:
        say(f"Warning: {warning}")
    if result.unknown_files:
        names = ", ".join(result.unknown_files[:8]) + (", ..." if len(result.unknown_files) > 8 else "")
        say(f"Skipped {len(result.unknown_files)} file(s) this version does not read: {names}")
    verb = "Opened" if result.opened else "Added to"
    say(
        f"{verb} case {result.case_id}: order {order}, {len(result.events)} event(s) "
        f"({result.events[0]} to {result.events[-1]}), the export kept whole as an attachment."
    )
    for found in result.disagreements:
        say(f"Disagrees with your record: {found.message}")
    say(f"See it with: complaintctl show {result.case_id}")
    if result.opened:
        typer.echo(result.case_id)


def _list(export: Path, as_json: bool) -> None:
    from complaintctl.actions.amazon_import import list_orders

    found, _ = list_orders(export)
    if as_json:
        emit_json([summary.as_dict() for summary in found])
        return
    if not found:
        say(f"{export} holds no orders.")
        return
    from complaintctl.cli.render.plain import stream_table

    stream_table(
        ["Date", "Order", "Item", "Amount", "Status"],
        [
            [
                summary.ordered.date().isoformat() if summary.ordered else "?",
                summary.order_id,
                summary.item,
                f"{summary.total} {summary.currency}".strip() if summary.total is not None else "?",
                summary.status,
            ]
            for summary in found
        ],
        flexible=2,
        right=(3,),
    )
    say(f"{len(found)} order(s). Import one with: complaintctl import amazon {export} --order ID")
