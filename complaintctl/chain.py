"""The hash chain: what an event's hash covers, and how it is computed. Pure.

The hash covers every stored column of the event exactly as stored (``details_json`` is hashed as its
text, not re-serialised), so a changed byte anywhere in the row changes the hash. Attachments are covered
through their SHA-256 listed in ``details_json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64
HASHED_COLUMNS = (
    "id",
    "case_id",
    "seq",
    "kind",
    "occurred",
    "occurred_utc",
    "recorded_utc",
    "text",
    "details_json",
    "prev_hash",
)


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """The one JSON form used wherever bytes must be reproducible (details, hash input)."""
    return _CANONICAL.encode(value)


def event_hash(row: Mapping[str, Any]) -> str:
    payload = canonical_json([row[column] for column in HASHED_COLUMNS])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
