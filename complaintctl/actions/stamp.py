"""`stamp`: an outside authority (RFC 3161) signs that a case's chain head exists now, and the token is chained
into the case. The request travels over HTTP; the reply is checked by evidence/timestamps.py before anything
is stored."""

from __future__ import annotations

import os
from typing import Any

from complaintctl.core import clock, vocabulary
from complaintctl.core.casefile import Event
from complaintctl.errors import ComplaintError
from complaintctl.store import Store

DEFAULT_TSA = "https://freetsa.org/tsr"
TSA_VARIABLE = "COMPLAINTCTL_TSA_URL"
MAX_REPLY_BYTES = 1024 * 1024


def authority_url(given: str | None) -> str:
    url = (given or os.environ.get(TSA_VARIABLE) or DEFAULT_TSA).strip()
    if not url.startswith(("https://", "http://")):
        raise ComplaintError(f"{url!r} is not a web address: give the authority's URL, e.g. {DEFAULT_TSA}")
    return url


def request(head: str) -> Any:
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    return (
        TimestampRequestBuilder()
        .data(bytes.fromhex(head))
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )


def ask(url: str, query: bytes, *, timeout_s: float = 30.0) -> bytes:
    """POST the query as RFC 3161 over HTTP says; the reply's bytes, or a sentence the user can act on."""
    import urllib.error
    import urllib.request

    post = urllib.request.Request(
        url, data=query, method="POST", headers={"Content-Type": "application/timestamp-query"}
    )
    try:
        with urllib.request.urlopen(post, timeout=timeout_s) as answer:  # noqa: S310 (the user's chosen URL)
            reply = answer.read(MAX_REPLY_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ComplaintError(
            f"cannot reach the timestamp authority {url} ({reason}): check the connection, or "
            f"choose another with --tsa or {TSA_VARIABLE}"
        ) from None
    if len(reply) > MAX_REPLY_BYTES:
        raise ComplaintError(f"{url} answered with over 1 MB: that is not a timestamp reply")
    return reply


def _not_before_the_head(store: Store, head: str, gen_time: Any) -> None:
    """A stamp dated before the entry it stamps was recorded says one of the two clocks lies: refused."""
    from datetime import UTC, datetime, timedelta

    from complaintctl.evidence.timestamps import CLOCK_TOLERANCE_S

    stamped = gen_time if gen_time.tzinfo else gen_time.replace(tzinfo=UTC)
    for event in store.events_by_hash(head):
        if stamped + timedelta(seconds=CLOCK_TOLERANCE_S) < datetime.fromisoformat(event.recorded_utc):
            raise ComplaintError(
                f"the authority dated its stamp {stamped:%Y-%m-%d %H:%M:%S} UTC, before event {event.id} it stamps "
                f"was recorded ({event.recorded_utc[:19]} UTC): check this machine's clock; nothing was stored"
            )


def stamp_case(store: Store, case_id: int, *, url: str, ca_pem: bytes | None) -> Event:
    """Ask the authority to timestamp the case's chain head, check the reply, and chain the token in."""
    from complaintctl.actions.record import append
    from complaintctl.evidence.files import describe
    from complaintctl.evidence.timestamps import accept

    head = store.case_state(case_id).head_hash
    query = request(head)
    token = accept(ask(url, query.as_bytes()), query, head, ca_pem)
    _not_before_the_head(store, head, token.gen_time)
    files = [describe(f"stamp-{head[:16]}.tsr", token.reply)]
    if ca_pem is not None:
        files.append(describe("tsa-ca.pem", ca_pem))
    now = clock.now()
    details = {
        "stamp": {
            "chain_head": head,
            "authority_url": url,
            "authority": token.authority,
            "gen_time": token.gen_time.isoformat(),
            "serial": str(token.serial),
        }
    }
    text = f"Chain head {head[:16]} timestamped by {url} at {token.gen_time:%Y-%m-%d %H:%M:%S} UTC"
    return append(
        store, case_id, kind=vocabulary.STAMPED, occurred=now, recorded=now, text=text, details=details, files=files
    )
