"""`import amazon`: an order from Amazon's data export, brought into a case with the export kept whole.

The export is read and checked whole, every fact parsed and every photo read, before the first write; the
writes are one transaction. A hostile or damaged export, or an order it does not hold, leaves the database
exactly as it was.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.actions import record
from complaintctl.core import clock
from complaintctl.errors import ComplaintError
from complaintctl.evidence.amazon_export import AmazonExport, read_export, read_photo
from complaintctl.evidence.amazon_orders import NOT_IN_EXPORT, SOURCE, OrderSummary, facts_of, orders, records_of
from complaintctl.evidence.files import FileEvidence, describe, read_file, size_limit_bytes
from complaintctl.evidence.reconcile import DATA_EXPORT, RECORD, Disagreement, disagreements
from complaintctl.store import Store


class OrderImport(NamedTuple):
    case_id: int
    opened: bool
    events: list[int]
    facts_set: dict[str, Any]
    unknown_files: list[str]
    warnings: list[str]
    disagreements: list[Disagreement]


def list_orders(path: Path) -> tuple[list[OrderSummary], AmazonExport]:
    export = read_export(path)
    return orders(export), export


def _export_file(path: Path, export: AmazonExport) -> FileEvidence:
    """The export as it came: the zip's own bytes; for a folder, a zip of the files that were read."""
    if not path.is_dir():
        return read_file(path, limit_bytes=size_limit_bytes())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in sorted(export.files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # the same files give the same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, (path / name).read_bytes())
    content = buffer.getvalue()
    if len(content) > size_limit_bytes():
        raise ComplaintError(
            f"the export's files come to {len(content) / 1048576:.0f} MB, over the attachment limit: "
            "raise COMPLAINTCTL_MAX_ATTACHMENT_MB"
        )
    return describe(f"{path.name}.zip", content)


def _parsed_facts(summary: OrderSummary, extra: dict[str, str | None]) -> dict[str, Any]:
    from complaintctl.actions.record import parse_facts

    raw = {**facts_of(summary), **{k: v for k, v in extra.items() if v is not None}}
    if raw.get("marketplace"):
        from complaintctl.core.facts import MARKETPLACE_COUNTRIES

        if raw["marketplace"] not in MARKETPLACE_COUNTRIES:
            raw["marketplace"] = "other"
    return parse_facts(raw)


def import_order(
    store: Store,
    path: Path,
    order_id: str,
    *,
    case_id: int | None = None,
    title: str | None = None,
    extra_facts: dict[str, str | None] | None = None,
) -> OrderImport:
    export = read_export(path)
    order_id = order_id.strip()
    if order_id not in export.orders:
        near = ", ".join(list(export.orders)[:3])
        raise ComplaintError(
            f"the export holds no order {order_id!r} ({len(export.orders)} orders, such as {near or 'none'}): "
            f"see them with complaintctl import amazon {path} --list"
        )
    summary = next(o for o in orders(export) if o.order_id == order_id)
    records = records_of(export, order_id)
    photos = {r.photo: describe(r.photo.rsplit("/", 1)[-1], read_photo(path, r.photo)) for r in records if r.photo}
    original = _export_file(path, export)
    now = clock.now()
    facts: dict[str, Any] = {}
    if case_id is None:
        facts = _parsed_facts(summary, {**(extra_facts or {}), "title": title or _title(summary)})
    else:
        state = store.case_state(case_id)
        for event in store.events_of_kind(case_id, DATA_EXPORT):
            if event.details.get("sha256") == original.sha256 and event.details.get("order_id") == order_id:
                raise ComplaintError(
                    f"this export's order {order_id} is already in case {case_id} (event {event.id}): "
                    "nothing was imported again"
                )
        known = _parsed_facts(summary, {"title": state.title})
        facts = {k: v for k, v in known.items() if k not in state.facts and k not in ("title", "role")}
    with store.atomic():
        stored: list[int] = []
        opened = case_id is None
        if case_id is None:
            note = f"Opened from order {order_id} of Amazon's data export ({path.name})"
            case_id = store.open_case(facts, text=note, occurred=now, recorded=now, details=record.clock_mark()).case_id
        elif facts:
            stored.append(
                record.append(store, case_id, kind="facts", occurred=now, recorded=now, details={"facts": facts}).id
            )
        details = {
            "source": SOURCE,
            "order_id": order_id,
            "file": path.name,
            "sha256": original.sha256,
            "files": export.files,
            "unknown_files": export.unknown[:200],
            "photos": export.photos_of(order_id),
            "lacks": list(NOT_IN_EXPORT),
        }
        text = (
            f"Amazon's data export ({path.name}) imported for order {order_id}: {len(export.files)} file(s) "
            f"read, {len(records)} record(s) about this order. Not in it: {'; '.join(NOT_IN_EXPORT)}."
        )
        anchor = record.append(
            store, case_id, kind=DATA_EXPORT, occurred=now, recorded=now, text=text, details=details, files=[original]
        )
        stored.append(anchor.id)
        fallback = summary.ordered or now
        for item in records:
            when = item.when or _undated(records, fallback)
            record_details = {**item.details(order_id), "import": anchor.id, "dated": item.when is not None}
            files = [photos[item.photo]] if item.photo else []
            event = record.append(
                store,
                case_id,
                kind=RECORD,
                occurred=when,
                recorded=now,
                text=f"From Amazon's data export: {item.text}",
                details=record_details,
                files=files,
            )
            stored.append(event.id)
        state, events = store.case_with_events(case_id)
        found = disagreements(state.facts, events, state.promises)
    return OrderImport(case_id, opened, stored, facts, export.unknown, export.warnings, found)


def _undated(records: list[Any], fallback: datetime) -> datetime:
    """A record the export gives no time for (a delivery photo) stands at the latest shipment's time."""
    shipped = [r.when for r in records if r.what == "shipped" and r.when is not None]
    return max(shipped) if shipped else fallback


def _title(summary: OrderSummary) -> str:
    item = summary.item or "an order"
    return f"Amazon order {summary.order_id}: {item}"[:200]
