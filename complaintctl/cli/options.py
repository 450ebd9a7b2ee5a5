"""Arguments and options that several commands take, each declared once: the case and event numbers, the
case facts of `new` and `set`, the entry fields of `log` and `amend`, --rules and --json."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from complaintctl.cli import hot
from complaintctl.core.vocabulary import (
    CardDispute,
    Channel,
    Direction,
    FulfilledBy,
    Issue,
    Item,
    Network,
    PaidBy,
    Role,
    SoldBy,
    YesNo,
)

Command = TypeVar("Command", bound=Callable[..., Any])


LARGEST_NUMBER = 2**63 - 1  # SQLite's largest integer: a larger one would overflow inside a query


def _whole_number(what: str, where: str) -> Callable[[str], int]:
    """A parser for a number the user copies from a listing; the error says where to find one."""

    def number(text: str) -> int:  # the name Typer shows as the argument's type: <number>
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and 1 <= int(digits) <= LARGEST_NUMBER:
            return int(digits)
        raise typer.BadParameter(f"{text!r} is not {what}: {where}")

    return number


case_number = _whole_number("a case number", "`complaintctl list` shows them")
event_number = _whole_number("an event number", "`complaintctl show CASE` shows them")


def case_argument(description: str) -> Any:
    return typer.Argument(help=description, parser=case_number, metavar="CASE")


CaseId = Annotated[int, case_argument("The case number, as `complaintctl list` shows it.")]
EventId = Annotated[
    int,
    typer.Argument(
        help="The event number, as `complaintctl show CASE` shows it.", parser=event_number, metavar="EVENT"
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout instead of a table.")]
Rules = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="A folder of your own rule packs (.toml), added to the built-in ones.", file_okay=False
    ),
]

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help='When it happened: "2026-11-14 15:20", "yesterday 10:00", "2 days ago", "last tuesday" '
        "(default: now; local time).",
    ),
]
Due = Annotated[
    str | None,
    typer.Option("--due", "-d", help='When the promise is due: 2026-11-17, "tomorrow 11:00", "in 3 days", "friday".'),
]
Outcome = Annotated[
    str | None,
    typer.Option(
        help="With claim-decided (granted-amazon-funded, ...), appeal-decided (granted, denied) or resolved (refunded, ...)."
    ),
]
Target = Annotated[str | None, typer.Option(help='With escalated: who it went to, e.g. "Seller Performance".')]
Force = Annotated[bool, typer.Option("--force", help="Accept an --at time in the future.")]
Attach = Annotated[
    list[Path] | None,
    typer.Option("--attach", "-a", help="A file to keep with the event (repeatable).", dir_okay=True),
]


def spread(
    placeholder: str, group: dict[str, Any], gather: Callable[[dict[str, Any]], Any]
) -> Callable[[Command], Command]:
    """Declare a group of options once for several commands. Typer reads a command's options from its
    signature, which has no notion of a group: the command names the group as one keyword-only parameter
    (``placeholder``), this puts the group's options (parameter name -> Annotated type, in help order) in its
    place, and calls the command with their values turned into one by ``gather``."""

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        if placeholder not in signature.parameters:  # a programming error: fail at import, not on a user's run
            raise TypeError(f"{command.__name__} takes no {placeholder!r} parameter for its option group")
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name != placeholder:
                parameters.append(parameter)
                continue
            parameters += [
                inspect.Parameter(name, parameter.kind, default=None, annotation=annotation)
                for name, annotation in group.items()
            ]

        @functools.wraps(command)
        def with_group(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in group}
            return command(*args, **kwargs, **{placeholder: gather(values)})

        with_group.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        return with_group  # type: ignore[return-value]

    return decorate


IssueOption = Annotated[Issue | None, typer.Option("--issue", help="What went wrong.")]
ItemOption = Annotated[
    Item | None,
    typer.Option("--item", help="What you bought (guarantees exclude digital items, services and gift cards)."),
]
# The case facts, as `new` and `set` take them: parameter name (from the flag) -> option.
FACT_OPTIONS: dict[str, Any] = {
    "marketplace": Annotated[str | None, typer.Option(help="Where you bought: amazon.co.uk, amazon.com, ebay.de...")],
    "order": Annotated[str | None, typer.Option("--order", help="The order number, e.g. 202-1234567-1234567.")],
    "seller": Annotated[str | None, typer.Option(help="The seller's name as the marketplace shows it.")],
    "sold_by": Annotated[SoldBy | None, typer.Option("--sold-by", help="Who sold the item.")],
    "fulfilled_by": Annotated[FulfilledBy | None, typer.Option("--fulfilled-by", help="Who shipped it.")],
    "issue": IssueOption,
    "ordered": Annotated[str | None, typer.Option("--ordered", help="The order date, e.g. 2026-11-01.")],
    "delivery_by": Annotated[
        str | None, typer.Option("--delivery-by", help="The latest estimated delivery date, e.g. 2026-11-10.")
    ],
    "amount": Annotated[str | None, typer.Option(help="What you paid, e.g. 59.99.")],
    "currency": Annotated[str | None, typer.Option(help="ISO 4217 currency code, e.g. GBP.")],
    "paid_by": Annotated[PaidBy | None, typer.Option("--paid-by", help="How you paid (matters for chargebacks).")],
    "country": Annotated[
        str | None,
        typer.Option(help="ISO 3166 country whose laws and holidays apply (default: the marketplace's)."),
    ],
    "region": Annotated[
        str | None, typer.Option(help="ISO 3166-2 region for regional holidays and laws: GB-SCT, DE-BY, ES-CT.")
    ],
    "item": ItemOption,
    "statement_date": Annotated[
        str | None,
        typer.Option("--statement-date", help="The first card statement showing the charge, e.g. 2026-11-28."),
    ],
    "role": Annotated[
        Role | None, typer.Option("--role", help="buyer (default), or seller for a claim against your shop.")
    ],
    "buyer_name": Annotated[
        str | None,
        typer.Option(help="Your full name, as the letters sign it (default: buyer.name in the settings)."),
    ],
    "buyer_address": Annotated[
        str | None,
        typer.Option(help="Your postal address, lines separated by commas (default: buyer.address in the settings)."),
    ],
    "seller_address": Annotated[
        str | None,
        typer.Option(help="The seller's legal name and postal address, as the seller's page or invoice gives them."),
    ],
    "product": Annotated[str | None, typer.Option(help='What you bought, e.g. "SoundMax X2 wireless headphones".')],
    "fault_noticed": Annotated[
        str | None, typer.Option("--fault-noticed", help="The day you noticed the fault, e.g. 2026-11-15.")
    ],
    "charged": Annotated[str | None, typer.Option("--charged", help="The day your card was charged, e.g. 2026-11-01.")],
    "descriptor": Annotated[
        str | None,
        typer.Option(help="The merchant's name as your card statement shows it (default for Amazon: Amazon)."),
    ],
    "network": Annotated[
        Network | None, typer.Option("--network", help="The card network: chargeback windows differ by scheme.")
    ],
    "second_hand": Annotated[
        YesNo | None,
        typer.Option("--second-hand", help="yes for second-hand goods (some countries shorten the presumption)."),
    ],
    "card_dispute": Annotated[
        CardDispute | None,
        typer.Option(
            "--card-dispute",
            help="US cards: billing-error (not delivered as agreed, wrong amount) or quality (claims and defenses).",
        ),
    ],
}


def fact_options(title_help: str) -> Callable[[Command], Command]:
    """The options that set a case's facts (`new`, `set`), handed to the command as one ``facts: Facts``;
    only the help of --title differs between the commands."""
    title = Annotated[str | None, typer.Option(help=title_help)]
    return spread("facts", {"title": title, **FACT_OPTIONS}, hot.facts_of)


# How an entry was made, as `log` records it and `amend` corrects it; handed over as ``entry: EntryFields``,
# keyword arguments of actions.record.EntryDraft.
ENTRY_OPTIONS: dict[str, Any] = {
    "at": At,
    "channel": Annotated[Channel | None, typer.Option("--channel", "-c", help="How it was said.")],
    "agent": Annotated[str | None, typer.Option(help="The agent's name, as they gave it.")],
    "ref": Annotated[str | None, typer.Option(help="A reference or ticket number.")],
    "direction": Annotated[
        Direction | None, typer.Option("--direction", help="inbound (to you) or outbound (from you).")
    ],
    "duration": Annotated[str | None, typer.Option(help="How long a call lasted: 25m, 1h 5m.")],
}
ENTRY_FLAGS = {name: f"--{name}" for name in ENTRY_OPTIONS}
EntryFields = dict[str, Any]
Facts = hot.Facts
entry_options = spread("entry", ENTRY_OPTIONS, dict)
