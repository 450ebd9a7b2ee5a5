"""Option types shared by several commands, so that `new` and `set` (and `log` and `amend`) agree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from complaintctl.core.vocabulary import Channel, Direction, FulfilledBy, Issue, Item, PaidBy, Role, SoldBy

CaseId = Annotated[int, typer.Argument(help="The case number, as `complaintctl list` shows it.", min=1)]
EventId = Annotated[int, typer.Argument(help="The event number, as `complaintctl show CASE` shows it.", min=1)]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout instead of a table.")]

Marketplace = Annotated[Optional[str], typer.Option(help="Where you bought: amazon.co.uk, amazon.com, ebay.de...")]
Order = Annotated[Optional[str], typer.Option("--order", help="The order number, e.g. 202-1234567-1234567.")]
Seller = Annotated[Optional[str], typer.Option(help="The seller's name as the marketplace shows it.")]
SoldByOpt = Annotated[Optional[SoldBy], typer.Option("--sold-by", help="Who sold the item.")]
FulfilledByOpt = Annotated[Optional[FulfilledBy], typer.Option("--fulfilled-by", help="Who shipped it.")]
IssueOpt = Annotated[Optional[Issue], typer.Option("--issue", help="What went wrong.")]
Ordered = Annotated[Optional[str], typer.Option("--ordered", help="The order date, e.g. 2026-11-01.")]
DeliveryBy = Annotated[
    Optional[str], typer.Option("--delivery-by", help="The latest estimated delivery date, e.g. 2026-11-10.")
]
Amount = Annotated[Optional[str], typer.Option(help="What you paid, e.g. 59.99.")]
Currency = Annotated[Optional[str], typer.Option(help="ISO 4217 currency code, e.g. GBP.")]
PaidByOpt = Annotated[Optional[PaidBy], typer.Option("--paid-by", help="How you paid (matters for chargebacks).")]
Country = Annotated[
    Optional[str], typer.Option(help="ISO 3166 country whose laws and holidays apply (default: the marketplace's).")
]
Region = Annotated[
    Optional[str], typer.Option(help="ISO 3166-2 region for regional holidays and laws: GB-SCT, DE-BY, ES-CT.")
]
ItemOpt = Annotated[Optional[Item], typer.Option("--item", help="What you bought (guarantees exclude digital items, services and gift cards).")]
StatementDate = Annotated[
    Optional[str], typer.Option("--statement-date", help="The first card statement showing the charge, e.g. 2026-11-28.")
]
RoleOpt = Annotated[Optional[Role], typer.Option("--role", help="buyer (default), or seller for a claim against your shop.")]

At = Annotated[
    Optional[str],
    typer.Option("--at", help='When it happened: "2026-11-14 15:20", "yesterday 10:00" (default: now; local time).'),
]
ChannelOpt = Annotated[Optional[Channel], typer.Option("--channel", help="How it was said.")]
Agent = Annotated[Optional[str], typer.Option(help="The agent's name, as they gave it.")]
Ref = Annotated[Optional[str], typer.Option(help="A reference or ticket number.")]
DirectionOpt = Annotated[Optional[Direction], typer.Option("--direction", help="inbound (to you) or outbound (from you).")]
Duration = Annotated[Optional[str], typer.Option(help="How long a call lasted: 25m, 1h 5m.")]
Due = Annotated[Optional[str], typer.Option("--due", help="When the promise is due, e.g. 2026-11-17.")]
Outcome = Annotated[
    Optional[str], typer.Option(help="With claim-decided (granted-amazon-funded...), appeal-decided (granted, denied) or resolved (refunded...).")
]
Target = Annotated[Optional[str], typer.Option(help='With escalated: who it went to, e.g. "Seller Performance".')]
Force = Annotated[bool, typer.Option("--force", help="Accept an --at time in the future.")]
Attach = Annotated[
    Optional[list[Path]], typer.Option("--attach", help="A file to keep with the event (repeatable).", dir_okay=True)
]
