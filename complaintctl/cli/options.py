"""Option types shared by several commands, so that `new` and `set` (and `log` and `amend`) agree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from complaintctl.core.vocabulary import Channel, Direction, FulfilledBy, Issue, Item, PaidBy, Role, SoldBy

CaseId = Annotated[int, typer.Argument(help="The case number, as `complaintctl list` shows it.", min=1)]
EventId = Annotated[int, typer.Argument(help="The event number, as `complaintctl show CASE` shows it.", min=1)]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout instead of a table.")]

Marketplace = Annotated[str | None, typer.Option(help="Where you bought: amazon.co.uk, amazon.com, ebay.de...")]
Order = Annotated[str | None, typer.Option("--order", help="The order number, e.g. 202-1234567-1234567.")]
Seller = Annotated[str | None, typer.Option(help="The seller's name as the marketplace shows it.")]
SoldByOpt = Annotated[SoldBy | None, typer.Option("--sold-by", help="Who sold the item.")]
FulfilledByOpt = Annotated[FulfilledBy | None, typer.Option("--fulfilled-by", help="Who shipped it.")]
IssueOpt = Annotated[Issue | None, typer.Option("--issue", help="What went wrong.")]
Ordered = Annotated[str | None, typer.Option("--ordered", help="The order date, e.g. 2026-11-01.")]
DeliveryBy = Annotated[
    str | None, typer.Option("--delivery-by", help="The latest estimated delivery date, e.g. 2026-11-10.")
]
Amount = Annotated[str | None, typer.Option(help="What you paid, e.g. 59.99.")]
Currency = Annotated[str | None, typer.Option(help="ISO 4217 currency code, e.g. GBP.")]
PaidByOpt = Annotated[PaidBy | None, typer.Option("--paid-by", help="How you paid (matters for chargebacks).")]
Country = Annotated[
    str | None, typer.Option(help="ISO 3166 country whose laws and holidays apply (default: the marketplace's).")
]
Region = Annotated[
    str | None, typer.Option(help="ISO 3166-2 region for regional holidays and laws: GB-SCT, DE-BY, ES-CT.")
]
ItemOpt = Annotated[
    Item | None,
    typer.Option("--item", help="What you bought (guarantees exclude digital items, services and gift cards)."),
]
StatementDate = Annotated[
    str | None, typer.Option("--statement-date", help="The first card statement showing the charge, e.g. 2026-11-28.")
]
BuyerName = Annotated[
    str | None, typer.Option(help="Your full name, as the letters sign it (default: buyer.name in the settings).")
]
BuyerAddress = Annotated[
    str | None,
    typer.Option(help="Your postal address, lines separated by commas (default: buyer.address in the settings)."),
]
SellerAddress = Annotated[
    str | None,
    typer.Option(help="The seller's legal name and postal address, as the seller's page or invoice gives them."),
]
Product = Annotated[str | None, typer.Option(help='What you bought, e.g. "SoundMax X2 wireless headphones".')]
FaultNoticed = Annotated[
    str | None, typer.Option("--fault-noticed", help="The day you noticed the fault, e.g. 2026-11-15.")
]
Charged = Annotated[str | None, typer.Option("--charged", help="The day your card was charged, e.g. 2026-11-01.")]
Descriptor = Annotated[
    str | None,
    typer.Option(help="The merchant's name as your card statement shows it (default for Amazon: Amazon)."),
]
RoleOpt = Annotated[
    Role | None, typer.Option("--role", help="buyer (default), or seller for a claim against your shop.")
]

At = Annotated[
    str | None,
    typer.Option("--at", help='When it happened: "2026-11-14 15:20", "yesterday 10:00" (default: now; local time).'),
]
ChannelOpt = Annotated[Channel | None, typer.Option("--channel", help="How it was said.")]
Agent = Annotated[str | None, typer.Option(help="The agent's name, as they gave it.")]
Ref = Annotated[str | None, typer.Option(help="A reference or ticket number.")]
DirectionOpt = Annotated[Direction | None, typer.Option("--direction", help="inbound (to you) or outbound (from you).")]
Duration = Annotated[str | None, typer.Option(help="How long a call lasted: 25m, 1h 5m.")]
Due = Annotated[str | None, typer.Option("--due", help="When the promise is due, e.g. 2026-11-17.")]
Outcome = Annotated[
    str | None,
    typer.Option(
        help="With claim-decided (granted-amazon-funded...), appeal-decided (granted, denied) or resolved (refunded...)."
    ),
]
Target = Annotated[str | None, typer.Option(help='With escalated: who it went to, e.g. "Seller Performance".')]
Force = Annotated[bool, typer.Option("--force", help="Accept an --at time in the future.")]
Attach = Annotated[
    list[Path] | None, typer.Option("--attach", help="A file to keep with the event (repeatable).", dir_okay=True)
]
