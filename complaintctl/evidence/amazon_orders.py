"""One order of Amazon's data export as facts and records: what `import amazon` lists and stores. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from complaintctl.evidence.amazon_export import AmazonExport, Row, paid_by, parse_money, parse_time

SOURCE = "amazon-data-export"
# What a data-access request asks for and this export never holds: the follow-up letter names them.
NOT_IN_EXPORT = (
    "customer-service chat transcripts",
    "recordings and notes of phone calls",
    "the carrier's proof of delivery (GPS position, signature, the driver's scan)",
    "internal notes on the order and on any A-to-z claim",
)
DELIVERED_WORDS = ("delivered", "zugestellt", "livré", "livre", "entregado", "consegnato")


@dataclass
class OrderSummary:
    order_id: str
    website: str
    ordered: datetime | None
    currency: str
    total: Decimal | None
    products: list[str]
    status: str
    payment: str

    @property
    def item(self) -> str:
        first = self.products[0] if self.products else ""
        return first + (f" (+{len(self.products) - 1} more)" if len(self.products) > 1 else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "website": self.website,
            "ordered": self.ordered.isoformat() if self.ordered else None,
            "currency": self.currency,
            "amount": None if self.total is None else str(self.total),
            "item": self.item,
            "status": self.status,
            "payment": self.payment,
        }


@dataclass
class Record:
    """Something the export says happened to the order, with the lines that say it."""

    what: str  # order-placed, shipped, return, refund, concession, delivery-photo
    when: datetime | None
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    photo: str | None = None

    def details(self, order_id: str) -> dict[str, Any]:
        return {
            "source": SOURCE,
            "what": self.what,
            "order_id": order_id,
            **self.fields,
            "lines": [{"file": r.file, "line": r.line, "columns": r.columns} for r in self.rows],
            **({"photo": self.photo} if self.photo else {}),
        }


def _first(rows: list[Row], name: str) -> str:
    return next((row.get(name) for row in rows if row.get(name)), "")


def summarize(order_id: str, rows: list[Row]) -> OrderSummary:
    currencies = {row.get("currency") for row in rows if row.get("currency")}
    amounts = [parse_money(row.get("total")) for row in rows]
    total = sum((a for a in amounts if a is not None), Decimal(0)) if amounts and None not in amounts else None
    if len(currencies) > 1:
        total = None  # one order paid in two currencies: no single sum
    status = _first(rows, "shipment_status") or _first(rows, "order_status")
    return OrderSummary(
        order_id=order_id,
        website=_first(rows, "website"),
        ordered=parse_time(_first(rows, "order_date")),
        currency=next(iter(currencies)) if len(currencies) == 1 else "",
        total=total,
        products=list(dict.fromkeys(row.get("product") for row in rows if row.get("product"))),
        status=status,
        payment=_first(rows, "payment"),
    )


def orders(export: AmazonExport) -> list[OrderSummary]:
    """Every order, newest first (orders without a readable date last)."""
    found = [summarize(order_id, rows) for order_id, rows in export.orders.items()]
    return sorted(
        found,
        key=lambda order: (order.ordered is not None, order.ordered or datetime.min, order.order_id),
        reverse=True,
    )


def facts_of(summary: OrderSummary) -> dict[str, str | None]:
    """The case's facts as `new` takes them (text, checked by the same parsers)."""
    return {
        "marketplace": summary.website.lower() or None,
        "order_id": summary.order_id,
        "ordered_on": summary.ordered.date().isoformat() if summary.ordered else None,
        "amount": None if summary.total is None else str(summary.total),
        "currency": summary.currency or None,
        "product": summary.item[:200] or None,
        "paid_by": paid_by(summary.payment),
    }


def _where(rows: list[Row]) -> str:
    name = rows[0].file.rsplit("/", 1)[-1]
    lines = ", ".join(str(r.line) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
    return f"{name}, line{'s' if len(rows) > 1 else ''} {lines}"


def _money(row: Row) -> dict[str, str]:
    amount = parse_money(row.get("amount"))
    return {"amount": str(amount), "currency": row.get("currency")} if amount is not None else {}


def records_of(export: AmazonExport, order_id: str) -> list[Record]:
    rows = export.orders.get(order_id, [])
    summary = summarize(order_id, rows)
    records: list[Record] = []
    if rows:
        amount = f"{summary.total} {summary.currency}".strip() if summary.total is not None else "amount not given"
        records.append(
            Record(
                "order-placed",
                summary.ordered,
                f"Order {order_id} placed on {summary.website or 'Amazon'}: {summary.item or 'item not named'}, "
                f"{amount} ({_where(rows)})",
                {"amount": str(summary.total or ""), "currency": summary.currency, "status": summary.status},
                rows,
            )
        )
    shipments: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.get("ship_date") or row.get("carrier") or row.get("shipment_status"):
            shipments.setdefault((row.get("ship_date"), row.get("carrier")), []).append(row)
    for (shipped, carrier), group in shipments.items():
        status = _first(group, "shipment_status")
        words = [f"shipped {shipped[:10]}" if shipped else "shipment (no ship date in the export)"]
        if carrier:
            words.append(f"carrier and tracking {carrier}")
        if status:
            words.append(f"shipment status {status}")
        fields = {"status": status, "carrier": carrier, "delivered": str(is_delivered(status)).lower()}
        records.append(Record("shipped", parse_time(shipped), f"{'; '.join(words)} ({_where(group)})", fields, group))
    about = export.about(order_id)
    for row in about["returns"]:
        money = _money(row)
        text = "return" + (f" of {money['amount']} {money['currency']}".rstrip() if money else "")
        for label in ("reason", "resolution"):
            if row.get(label):
                text += f"; {label} {row.get(label)}"
        records.append(Record("return", parse_time(row.get("date")), f"{text} ({_where([row])})", money, [row]))
    for kind in ("refunds", "concessions"):
        for row in about[kind]:
            money = _money(row)
            what = "refund" if kind == "refunds" else "concession"
            text = what + (f" of {money['amount']} {money['currency']}".rstrip() if money else " (no amount given)")
            if row.get("status"):
                text += f"; status {row.get('status')}"
            fields = {**money, "status": row.get("status")}
            records.append(Record(what, parse_time(row.get("date")), f"{text} ({_where([row])})", fields, [row]))
    for photo in export.photos_of(order_id):
        records.append(
            Record("delivery-photo", None, f"photo on delivery: {photo.rsplit('/', 1)[-1]}", {}, [], photo=photo)
        )
    return records


def is_delivered(status: str) -> bool:
    lowered = status.lower()
    return any(word in lowered for word in DELIVERED_WORDS) and not any(
        word in lowered for word in ("not delivered", "undelivered", "non livré", "nicht zugestellt")
    )
