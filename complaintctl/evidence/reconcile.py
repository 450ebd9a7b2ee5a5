"""Where the marketplace's own data export disagrees with the user's record, and what the export lacks. Pure.

Both sides stay in the record: this only says where they part, so that `show`, `next`, the dossier and the
follow-up letter can name it (the parcel "Delivered" that never arrived is the commonest).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from complaintctl.core.casefile import Event, Promise
from complaintctl.core.vocabulary import DATA_EXPORT
from complaintctl.core.vocabulary import MARKETPLACE_RECORD as RECORD

REFUND_WORDS = ("refund", "rembours", "reembols", "erstatt", "rückzahl", "money back")


class Disagreement(NamedTuple):
    kind: str  # delivered, refund-amount, refund-missing, amount, order-date
    message: str
    events: list[int]

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


def _money(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def _promised_amount(promise: Promise, facts: dict[str, Any]) -> Decimal | None:
    """The sum a refund promise names ("refund of 59.99", "20 EUR back"), else the price paid (a refund)."""
    found = re.search(r"(\d+(?:[.,]\d{1,2})?)", promise.what)
    if found:
        return _money(found.group(1).replace(",", "."))
    return _money(str(facts.get("amount", "")))


def _where(event: Event) -> str:
    lines = event.details.get("lines") or []
    if not lines:
        return f"event {event.id}"
    first = lines[0]
    return f"event {event.id}: {str(first.get('file', '')).rsplit('/', 1)[-1]}, line {first.get('line')}"


def disagreements(facts: dict[str, Any], events: list[Event], promises: dict[int, Promise]) -> list[Disagreement]:
    records = [e for e in events if e.kind == RECORD]
    if not records:
        return []
    imports = [e for e in events if e.kind == DATA_EXPORT]
    found: list[Disagreement] = []
    what = {e.id: str(e.details.get("what", "")) for e in records}
    delivered = [
        e
        for e in records
        if (what[e.id] == "shipped" and e.details.get("delivered") == "true") or what[e.id] == "delivery-photo"
    ]
    missing = [e for e in events if e.kind == "delivered-missing"]
    if delivered and (missing or facts.get("issue") == "not-received"):
        proof = delivered[0]
        said = (
            f"shipment status {proof.details.get('status')!r}" if what[proof.id] == "shipped" else "a photo on delivery"
        )
        yours = (
            f"event {missing[0].id}, tracking said delivered but nothing arrived"
            if missing
            else "the case's issue is not-received"
        )
        found.append(
            Disagreement(
                "delivered",
                f"Amazon's data export says the order was delivered ({said}; {_where(proof)}), but you "
                f"recorded that it never arrived ({yours}). Ask Amazon for its proof of delivery: the GPS "
                "position, the photo and the driver's scan.",
                [proof.id, *(e.id for e in missing[:1])],
            )
        )
    currency = str(facts.get("currency") or "")
    refunds = [e for e in records if what[e.id] in ("refund", "concession") and e.details.get("amount")]
    refunded = sum((_money(str(e.details["amount"])) or Decimal(0) for e in refunds), Decimal(0))
    for promise in promises.values():
        if not any(word in promise.what.lower() for word in REFUND_WORDS):
            continue
        promised = _promised_amount(promise, facts)
        if refunds and promised is not None and refunded != promised:
            ids = ", ".join(str(e.id) for e in refunds)
            found.append(
                Disagreement(
                    "refund-amount",
                    f"Amazon's data export shows refunds of {refunded} {currency} (event {ids}), but the "
                    f"promise in event {promise.event_id} was a refund of {promised} {currency}.".replace(" .", "."),
                    [*(e.id for e in refunds), promise.event_id],
                )
            )
        elif not refunds and imports and (promise.state == "kept" or promise.due < imports[-1].occurred):
            found.append(
                Disagreement(
                    "refund-missing",
                    f"The refund promised in event {promise.event_id} (due {promise.due[:10]}) is not in "
                    f"Amazon's data export, which lists no refund for this order.",
                    [promise.event_id, imports[-1].id],
                )
            )
    placed = next((e for e in records if what[e.id] == "order-placed"), None)
    if placed is not None:
        theirs = _money(str(placed.details.get("amount", "")))
        ours = _money(str(facts.get("amount", "")))
        if theirs is not None and ours is not None and theirs != ours:
            found.append(
                Disagreement(
                    "amount",
                    f"You recorded an amount of {ours} {currency}; Amazon's data export says {theirs} "
                    f"{placed.details.get('currency', '')} ({_where(placed)}).",
                    [placed.id],
                )
            )
        ordered = str(facts.get("ordered_on") or "")
        their_day = placed.occurred[:10]
        if ordered and placed.details.get("dated", True) and _days_apart(their_day, ordered) > 1:
            found.append(
                Disagreement(
                    "order-date",
                    f"You recorded the order date {ordered}; Amazon's data export says {their_day} ({_where(placed)}).",
                    [placed.id],
                )
            )
    return found


def _days_apart(first: str, second: str) -> int:
    """Days between two ISO dates; a day apart is the export's UTC date against your local one, not a dispute."""
    from datetime import date

    try:
        return abs((date.fromisoformat(first) - date.fromisoformat(second)).days)
    except ValueError:
        return 0


def export_lacks(events: list[Event]) -> list[str]:
    """What the data-access request asked for and the imported export does not hold."""
    lacks: list[str] = []
    for event in events:
        if event.kind == DATA_EXPORT:
            for item in event.details.get("lacks", []):
                if item not in lacks:
                    lacks.append(str(item))
    return lacks
