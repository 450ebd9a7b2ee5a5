"""What a dossier.json must look like before anything trusts it. Pure.

A bundle comes from outside: a forger can hand over a float where an id belongs (``"seq": 1.0`` hashes
differently from ``1`` but SQLite stores both as 1), an event of another case, or lists where tables belong.
Each is refused here with the first place that is wrong, before any hash is computed or any row written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from complaintctl.core.chain import HASHED_COLUMNS

_HEX64 = re.compile(r"[0-9a-f]{64}")
_INT_COLUMNS = ("id", "case_id", "seq")
_TEXT_COLUMNS = tuple(c for c in HASHED_COLUMNS if c not in _INT_COLUMNS and c != "prev_hash")


def _exact_int(value: Any) -> bool:
    return type(value) is int  # bool is an int subclass, and 1.0 == 1: neither is an id


def shape_problem(dossier: Any) -> str | None:
    """The first way ``dossier`` is not shaped like what `complaintctl export` writes, or None."""
    if not isinstance(dossier, dict):
        return "dossier.json is not a JSON object"
    case = dossier.get("case")
    if not isinstance(case, dict) or not _exact_int(case.get("id")) or case["id"] < 1:
        return "dossier.json has no case id (a whole number)"
    if not isinstance(case.get("chain_head"), str):
        return "dossier.json has no chain head"
    events = dossier.get("events")
    if not isinstance(events, list) or not events:
        return "dossier.json holds no events"
    for index, event in enumerate(events):
        problem = _event_problem(event, case["id"])
        if problem:
            return f"event {index + 1} of dossier.json: {problem}"
    exhibits = dossier.get("exhibits", [])
    if not isinstance(exhibits, list):
        return "dossier.json's exhibits are not a list"
    for index, exhibit in enumerate(exhibits):
        if not (
            isinstance(exhibit, dict)
            and _exact_int(exhibit.get("number"))
            and isinstance(exhibit.get("file"), str)
            and isinstance(exhibit.get("sha256"), str)
            and _HEX64.fullmatch(exhibit["sha256"])
        ):
            return f"exhibit {index + 1} of dossier.json lacks a number, a file or a SHA-256"
    return None


def _event_problem(event: Any, case_id: int) -> str | None:
    if not isinstance(event, dict):
        return "not a JSON object"
    for column in _INT_COLUMNS:
        if not _exact_int(event.get(column)):
            return f"{column} is not a whole number"
    if event["case_id"] != case_id:
        return f"it names case {event['case_id']}, not case {case_id}"
    for column in _TEXT_COLUMNS:
        if not isinstance(event.get(column), str):
            return f"{column} is not text"
    for column in ("prev_hash", "hash"):
        if not isinstance(event.get(column), str) or not _HEX64.fullmatch(event[column]):
            return f"{column} is not a SHA-256"
    try:
        details = json.loads(event["details_json"])
    except (ValueError, RecursionError):
        return "details_json is not JSON"
    if not isinstance(details, dict):
        return "details_json is not a JSON object"
    attachments = details.get("attachments", [])
    if not isinstance(attachments, list) or not all(
        isinstance(a, dict) and isinstance(a.get("sha256"), str) for a in attachments
    ):
        return "its attachments are not a list of SHA-256s"
    return None
