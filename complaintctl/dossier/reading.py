"""The dossier as its reader goes through it: the timeline holds what happened, the opening (the facts of the
case) first, and the entries complaintctl writes itself (exports, seals, timestamps) move to the integrity
section. dossier.json keeps every entry as the chain holds it; only the rendered documents read it this way."""

from __future__ import annotations

import json
from typing import Any

from complaintctl.core.vocabulary import EXPORTED, OPENED, SEALED, STAMPED

OWN_KINDS = (EXPORTED, SEALED, STAMPED)


def as_read(dossier: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy with ``timeline`` renumbered for reading and ``own_entries`` for the integrity section."""
    happened = [entry for entry in dossier["timeline"] if entry["kind"] not in OWN_KINDS]
    opening = [entry for entry in happened if entry["kind"] == OPENED]
    ordered = [*opening, *(entry for entry in happened if entry["kind"] != OPENED)]
    own = [_own(event) for event in dossier.get("events", []) if event.get("kind") in OWN_KINDS]
    return {
        **dossier,
        "timeline": [{**entry, "number": number} for number, entry in enumerate(ordered, start=1)],
        "own_entries": own,
        # Any entry written under COMPLAINTCTL_NOW carries a mark, explained once by a legend line.
        "clock_replaced": any(entry.get("clock_override") for entry in [*happened, *own]),
    }


def _own(event: dict[str, Any]) -> dict[str, Any]:
    try:
        details = json.loads(event.get("details_json") or "{}")
    except ValueError:
        details = {}
    export = details.get("export") if isinstance(details, dict) else None
    export = export if isinstance(export, dict) else {}
    return {
        "event": event.get("id"),
        "kind": event.get("kind"),
        "recorded_utc": str(event.get("recorded_utc") or ""),
        "file": str(export.get("file") or ""),
        "chain_head": str(export.get("chain_head") or ""),
        "clock_override": bool(isinstance(details, dict) and details.get("clock_override")),
    }


def own_line(entry: dict[str, Any], catalogue: dict[str, Any]) -> str:
    """One line of the integrity section: "export, event 4, recorded 2026-11-22 12:00:00Z: dossier-1….md
    (chain head eeaf7878b09bcc29)"."""
    line = f"{catalogue.get('kinds', {}).get(entry['kind'], entry['kind'])}, {catalogue['event']} {entry['event']}, "
    line += f"{catalogue['recorded']} {entry['recorded_utc'][:19].replace('T', ' ')}Z"
    if entry["file"]:
        line += f": {entry['file']}"
    if entry["chain_head"]:
        line += f" ({catalogue['chain_head']} {entry['chain_head'][:16]})"
    if entry.get("clock_override"):
        line += f" · {catalogue['clock_replaced']}"
    return line
