"""Statistics over cases, per issue type (seed 000's table): cases, resolution rate, mean days to resolve. Pure."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError


class CaseOutcome(NamedTuple):
    issue: str
    resolved: bool
    first_utc: str | None  # when the first thing in the case happened
    resolved_utc: str | None


def aggregate(outcomes: list[CaseOutcome]) -> list[dict[str, Any]]:
    groups: dict[str, list[CaseOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.issue or "unspecified", []).append(outcome)
    rows = []
    for issue, cases in sorted(groups.items()):
        resolved = [c for c in cases if c.resolved]
        durations = [
            (datetime.fromisoformat(c.resolved_utc) - datetime.fromisoformat(c.first_utc)).total_seconds() / 86400
            for c in resolved
            if c.first_utc and c.resolved_utc
        ]
        rows.append(
            {
                "issue": issue,
                "cases": len(cases),
                "resolved": len(resolved),
                "resolution_rate": round(len(resolved) / len(cases), 4),
                "mean_days_to_resolution": round(sum(durations) / len(durations), 1) if durations else None,
            }
        )
    return rows


def outcomes_from_bundles(paths: list[Path]) -> list[CaseOutcome]:
    found = []
    for path in paths:
        try:
            with zipfile.ZipFile(path) as archive:
                name = next((n for n in archive.namelist() if n.endswith("/data/dossier.json")), None)
                if name is None:
                    raise ComplaintError(f"{path} holds no dossier.json: give bundles made by complaintctl export")
                dossier = json.loads(archive.read(name))
        except (OSError, zipfile.BadZipFile, ValueError):
            raise ComplaintError(
                f"{path} is not a readable dossier bundle: give the .zip from complaintctl export"
            ) from None
        events = dossier.get("events", [])
        resolved = [e["occurred_utc"] for e in events if e.get("kind") == "resolved"]
        found.append(
            CaseOutcome(
                str(dossier["case"]["facts"].get("issue", "")),
                bool(dossier["case"]["resolved"]),
                min((e["occurred_utc"] for e in events), default=None),
                max(resolved) if resolved else None,
            )
        )
    return found
