"""The hash chain: what an event's hash covers, and how it is computed. Pure.

The hash covers every stored column of the event exactly as stored (``details_json`` is hashed as its
text, not re-serialised), so a changed byte anywhere in the row changes the hash. Attachments are covered
through their SHA-256 listed in ``details_json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

try:
    # The interpreter's own SHA-256 gives the same digest as OpenSSL's without loading libcrypto, which costs
    # about 2.5 ms of every command; an event's hash input is a few hundred bytes, where OpenSSL is no faster.
    from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
except ImportError:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef]  # Python 3.12 and later
    except ImportError:  # a build without the built-in modules
        from hashlib import sha256  # type: ignore[assignment]

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
    return values_hash([row[column] for column in HASHED_COLUMNS])


def values_hash(values: Sequence[Any]) -> str:
    """The hash of an event's HASHED_COLUMNS values, in that order."""
    return sha256(canonical_json(list(values)).encode("utf-8")).hexdigest()


def stored_hash(row: Sequence[Any], digest: Callable[[bytes], Any] = sha256) -> str:
    """``values_hash`` of a stored row's first ten values (an Event, a row read in EVENT_COLUMNS' order), with
    the canonical encoder's own C function called directly: `verify` hashes a million rows, and the encoder's
    per-call set-up was a third of each hash. Raises TypeError for a value JSON cannot hold (a BLOB)."""
    if _ENCODE_ROW is None:  # an interpreter without the C encoder
        return str(digest(canonical_json(list(row[:10])).encode("utf-8")).hexdigest())
    return str(digest("".join(_ENCODE_ROW(tuple(row[:10]), 0)).encode("utf-8")).hexdigest())


def _not_json(value: Any) -> Any:
    raise TypeError(f"a {type(value).__name__} cannot be hashed as JSON")


# What _CANONICAL.encode builds on every call, built once: the same C encoder with the same settings. No
# circular-reference markers: a row is flat.
_ENCODE_ROW = (
    c_make_encoder(None, _not_json, encode_basestring, None, ":", ",", True, False, True)
    if c_make_encoder is not None
    else None
)
