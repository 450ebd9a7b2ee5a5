"""Trusted timestamps (RFC 3161): an outside authority signs "this chain head existed at this time".

Here are the offline checks: a fresh reply accepted, and every stored token checked again by `verify`.
Asking the authority over the network is an action (actions/stamp.py).

A forger who rewrites the history cannot produce a token for the rewritten head dated in the past. The token
(the authority's whole DER reply) and, when given, the authority's CA certificate are stored as attachments
of a `stamped` event, so `verify` and `verify --bundle` check them offline. The message stamped is the 32
bytes of the chain head (its hex, decoded), hashed with SHA-256 by the protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError


class Token(NamedTuple):
    reply: bytes
    gen_time: datetime
    serial: int
    authority: str  # the signing certificate's subject, as the token names it


class Check(NamedTuple):
    event_id: int
    status: str  # "verified", "unverified" (no CA stored: the signature was not checked) or "failed"
    message: str


def accept(reply: bytes, query: Any, head: str, ca_pem: bytes | None) -> Token:
    """Decode and check a fresh reply: granted, for this head, with our nonce (and signed, when a CA is given)."""
    from rfc3161_client import PKIStatus, VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        response = decode_timestamp_response(reply)
    except ValueError:
        raise ComplaintError("the authority's reply is not an RFC 3161 timestamp: check the --tsa URL") from None
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise ComplaintError(f"the authority refused the request ({'; '.join(response.status_string) or 'no reason'})")
    builder = VerifierBuilder.from_request(query)
    try:
        if ca_pem is not None:
            builder.add_root_certificate(_certificate(ca_pem)).build().verify_message(response, bytes.fromhex(head))
        elif response.tst_info.nonce != query.nonce or response.tst_info.message_imprint.message != _digest(head):
            raise VerificationError("the reply is not for this request")
    except VerificationError as error:
        raise ComplaintError(f"the authority's reply does not check out ({error}): nothing was stored") from None
    return Token(reply, response.tst_info.gen_time, response.tst_info.serial_number, _signer(response))


def _digest(head: str) -> bytes:
    import hashlib

    return hashlib.sha256(bytes.fromhex(head)).digest()


def _certificate(pem: bytes) -> Any:
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise ComplaintError("the CA certificate is not a PEM certificate: give the authority's CA as .pem") from None


def _signer(response: Any) -> str:
    from cryptography import x509

    for der in response.signed_data.certificates:
        return x509.load_der_x509_certificate(der).subject.rfc4514_string()
    return "not named in the token"


def check_stamps(events: Iterable[Mapping[str, Any]], content: Callable[[str], bytes | None]) -> list[Check]:
    """Every `stamped` event of one case's chain (rows as stored, in chain order) checked offline.

    ``content`` gives an attachment's bytes by SHA-256 (from the database, or from a bundle's exhibits).
    """
    import json

    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    checks: list[Check] = []
    seen: set[str] = set()
    for event in events:
        if event["kind"] != "stamped":
            seen.add(str(event["hash"]))
            continue
        details = json.loads(event["details_json"])
        stamp = details.get("stamp", {})
        head, files = str(stamp.get("chain_head", "")), details.get("attachments", [])
        token = next((content(str(a["sha256"])) for a in files if a.get("name", "").endswith(".tsr")), None)
        ca_pem = next((content(str(a["sha256"])) for a in files if a.get("name", "").endswith(".pem")), None)
        event_id = int(event["id"])
        seen.add(str(event["hash"]))
        if head not in seen:
            checks.append(
                Check(
                    event_id,
                    "failed",
                    f"stamp event {event_id} names chain head {head[:16]}…, which is not an earlier event of its case",
                )
            )
            continue
        if token is None:
            checks.append(Check(event_id, "failed", f"stamp event {event_id} has lost its token"))
            continue
        try:
            response = decode_timestamp_response(token)
            if response.tst_info.message_imprint.message != _digest(head):
                raise VerificationError("the token is for another chain head")
            if ca_pem is None:
                checks.append(
                    Check(
                        event_id,
                        "unverified",
                        f"stamp event {event_id}: the token is for chain head "
                        f"{head[:16]}… ({response.tst_info.gen_time:%Y-%m-%d %H:%M} UTC); no CA "
                        "certificate was stored, so its signature was not checked",
                    )
                )
                continue
            VerifierBuilder().add_root_certificate(_certificate(ca_pem)).build().verify_message(
                response, bytes.fromhex(head)
            )
        except (ValueError, VerificationError, ComplaintError) as error:
            checks.append(Check(event_id, "failed", f"stamp event {event_id}'s token does not check out ({error})"))
            continue
        checks.append(
            Check(
                event_id,
                "verified",
                f"chain head {head[:16]}… existed at "
                f"{response.tst_info.gen_time:%Y-%m-%d %H:%M:%S} UTC (trusted timestamp, event "
                f"{event_id}, signed by {_signer(response)})",
            )
        )
    return checks
