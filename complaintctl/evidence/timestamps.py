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
    from rfc3161_client import VerificationError

    try:
        return _accept(reply, query, head, ca_pem)
    except ComplaintError:
        raise
    except VerificationError as error:
        raise ComplaintError(f"the authority's reply does not check out ({error}): nothing was stored") from None
    except BaseException as error:
        if not _damage(error):
            raise
        raise ComplaintError(
            "the authority's reply is not an RFC 3161 timestamp (it is damaged or malformed): check the --tsa "
            "URL; nothing was stored"
        ) from None


def _damage(error: BaseException) -> bool:
    """A damaged token can fail anywhere in the third-party ASN.1 and X.509 parsers, with any exception, even
    a Rust panic (which Python sees as a BaseException): all of it is damage, never a crash."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


def _accept(reply: bytes, query: Any, head: str, ca_pem: bytes | None) -> Token:
    from rfc3161_client import PKIStatus, VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        response = decode_timestamp_response(reply)
    except ValueError:
        raise ComplaintError("the authority's reply is not an RFC 3161 timestamp: check the --tsa URL") from None
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise ComplaintError(f"the authority refused the request ({'; '.join(response.status_string) or 'no reason'})")
    builder = VerifierBuilder.from_request(query)
    if ca_pem is not None:
        builder.add_root_certificate(_certificate(ca_pem)).build().verify_message(response, bytes.fromhex(head))
    elif response.tst_info.nonce != query.nonce or response.tst_info.message_imprint.message != _digest(head):
        raise VerificationError("the reply is not for this request")
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


class Anchors(NamedTuple):
    """The certificates a token's signer must chain to, and where they came from (for messages)."""

    roots: list[Any]
    source: str  # "the CA given with --tsa-ca", or "this system's CA store"
    given: bool  # the user named them: a token that does not chain to them failed, not merely unchecked


# A stamp may be dated this much before the entry it stamps was recorded: two machines' clocks disagree.
CLOCK_TOLERANCE_S = 300


def anchors(given_pem: bytes | None) -> Anchors:
    """The CA the user gave (``verify --tsa-ca``), else the system's store: never a certificate the token's
    own event carries, which whoever forged the token would have forged too."""
    from cryptography import x509

    if given_pem is not None:
        try:
            return Anchors(x509.load_pem_x509_certificates(given_pem), "the CA given with --tsa-ca", True)
        except ValueError:
            raise ComplaintError("--tsa-ca is not a PEM certificate: give the authority's CA as .pem") from None
    return Anchors(_system_roots(), "this system's CA store", False)


def _system_roots() -> list[Any]:
    import ssl
    from pathlib import Path

    from cryptography import x509

    paths = ssl.get_default_verify_paths()
    for name in (paths.cafile, paths.openssl_cafile):
        if name and Path(name).is_file():
            try:
                return list(x509.load_pem_x509_certificates(Path(name).read_bytes()))
            except (OSError, ValueError):
                continue
    return []


def fingerprint(certificate: Any) -> str:
    from cryptography.hazmat.primitives import hashes

    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def _signer_certificate(response: Any) -> Any | None:
    """The certificate the SignerInfo names (issuer and serial are under the signature), else the first."""
    from cryptography import x509

    certificates = [x509.load_der_x509_certificate(der) for der in response.signed_data.certificates]
    for info in response.signed_data.signer_infos:
        for certificate in certificates:
            if certificate.issuer == info.issuer and certificate.serial_number == info.serial_number:
                return certificate
    return certificates[0] if certificates else None


def check_stamps(
    events: Iterable[Mapping[str, Any]], content: Callable[[str], bytes | None], trusted: Anchors | None = None
) -> list[Check]:
    """Every `stamped` event of one case's chain (rows as stored, in chain order) checked offline.

    ``content`` gives an attachment's bytes by SHA-256 (from the database, or from a bundle's exhibits).
    ``trusted``: the roots the signer must chain to (default: this system's store). A CA certificate stored
    in the stamp event is information only.
    """
    import json

    checks: list[Check] = []
    recorded: dict[str, str] = {}
    for event in events:
        recorded[str(event["hash"])] = str(event.get("recorded_utc", ""))
        if event["kind"] != "stamped":
            continue
        if trusted is None:
            trusted = anchors(None)
        checks.append(_check_one(event, json.loads(event["details_json"]), content, recorded, trusted))
    return checks


def _check_one(
    event: Mapping[str, Any],
    details: dict[str, Any],
    content: Callable[[str], bytes | None],
    recorded: dict[str, str],
    trusted: Anchors,
) -> Check:
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    stamp = details.get("stamp", {}) if isinstance(details.get("stamp"), dict) else {}
    head, files = str(stamp.get("chain_head", "")), details.get("attachments", [])
    event_id = int(event["id"])
    token = next((content(str(a.get("sha256"))) for a in files if str(a.get("name", "")).endswith(".tsr")), None)
    if head not in recorded or head == str(event["hash"]):
        return Check(
            event_id,
            "failed",
            f"stamp event {event_id} names chain head {head[:16]}…, which is not an earlier event of its case",
        )
    if token is None:
        return Check(event_id, "failed", f"stamp event {event_id} has lost its token")
    try:
        response = decode_timestamp_response(token)
        if response.tst_info.message_imprint.message != _digest(head):
            raise VerificationError("the token is for another chain head")
        gen_time = response.tst_info.gen_time
        signer = _signer_certificate(response)
        who = f"signed by {_signer(response)}, certificate SHA-256 {fingerprint(signer) if signer else 'none given'}"
        when = f"{gen_time:%Y-%m-%d %H:%M:%S} UTC"
    except BaseException as error:
        if not _damage(error):
            raise
        reason = str(error)[:200] if isinstance(error, (ValueError, VerificationError, ComplaintError)) else "damaged"
        return Check(event_id, "failed", f"stamp event {event_id}'s token does not check out ({reason})")
    if _before(gen_time, recorded[head]):
        return Check(
            event_id,
            "failed",
            f"stamp event {event_id} is dated {when}, before the entry it stamps was recorded "
            f"({recorded[head][:19]} UTC): the history was re-timed, or the token belongs elsewhere",
        )
    try:
        builder = VerifierBuilder()
        for root in trusted.roots:
            builder = builder.add_root_certificate(root)
        if not trusted.roots:
            raise VerificationError("no certificate to check against")
        builder.build().verify_message(response, bytes.fromhex(head))
    except BaseException as error:
        if not _damage(error):
            raise
        if trusted.given:
            return Check(
                event_id,
                "failed",
                f"stamp event {event_id}'s token does not chain to {trusted.source} ({error}; {who}): "
                "another authority signed it, perhaps one with the same name",
            )
        return Check(
            event_id,
            "unverified",
            f"stamp event {event_id}: the token is for chain head {head[:16]}… ({when}, {who}); its signer is "
            f"not among {trusted.source}, so the signature was not checked: give the authority's CA with "
            "`verify --tsa-ca CA.pem` (a CA stored with the stamp is information only)",
        )
    return Check(
        event_id,
        "verified",
        f"chain head {head[:16]}… existed at {when} (trusted timestamp, event {event_id}, {who}, checked "
        f"against {trusted.source})",
    )


def _before(gen_time: datetime, recorded_utc: str) -> bool:
    from datetime import UTC, timedelta

    try:
        entry = datetime.fromisoformat(recorded_utc)
    except ValueError:
        return False
    stamped = gen_time if gen_time.tzinfo else gen_time.replace(tzinfo=UTC)
    return stamped + timedelta(seconds=CLOCK_TOLERANCE_S) < entry
