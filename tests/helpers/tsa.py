"""A timestamp authority (RFC 3161) for tests, built with the `cryptography` package: no openssl CLI, no
subprocess. Replies are DER written here by hand (RFC 3161 and RFC 5652 structures), signed with the TSA's key.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SHA256 = "2.16.840.1.101.3.4.2.1"
ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SIGNED_DATA = "1.2.840.113549.1.7.2"
TST_INFO = "1.2.840.113549.1.9.16.1.4"
CONTENT_TYPE = "1.2.840.113549.1.9.3"
MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
POLICY = "1.2.3.4.1"


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _sequence(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _set(*parts: bytes) -> bytes:
    return _tlv(0x31, b"".join(sorted(parts)))  # DER: a SET OF in the order of its encodings


def _integer(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _octets(value: bytes) -> bytes:
    return _tlv(0x04, value)


def _oid(dotted: str) -> bytes:
    numbers = [int(n) for n in dotted.split(".")]
    body = bytearray([40 * numbers[0] + numbers[1]])
    for number in numbers[2:]:
        chunk = [number & 0x7F]
        while number := number >> 7:
            chunk.append(0x80 | (number & 0x7F))
        body += bytes(reversed(chunk))
    return _tlv(0x06, bytes(body))


def _read(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """(tag, content, the offset after it) of the DER element at ``at``."""
    tag, size = data[at], data[at + 1]
    at += 2
    if size & 0x80:
        count = size & 0x7F
        size = int.from_bytes(data[at : at + count], "big")
        at += count
    return tag, data[at : at + size], at + size


def _request(query: bytes) -> tuple[bytes, int | None]:
    """The MessageImprint (as DER) and the nonce of a TimeStampReq."""
    _, body, _ = _read(query)
    _, _, at = _read(body)  # version
    imprint_start = at
    _, _, at = _read(body, at)
    imprint = body[imprint_start:at]
    nonce = None
    while at < len(body):
        tag, content, at = _read(body, at)
        if tag == 0x02:
            nonce = int.from_bytes(content, "big", signed=True)
    return imprint, nonce


class Authority:
    """A root CA and a TSA certificate it issued; ``name`` is in both (a look-alike takes the same name)."""

    def __init__(self, folder: Path, name: str) -> None:
        now = datetime.now(UTC) - timedelta(days=1)
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.key = ec.generate_private_key(ec.SECP256R1())
        root = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} Root")])
        self.ca = (
            x509.CertificateBuilder()
            .subject_name(root)
            .issuer_name(root)
            .public_key(self.ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.ca_key.public_key()), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} TSA")]))
            .issuer_name(root)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        folder.mkdir(parents=True)
        self.ca_pem = folder / "ca.pem"
        self.ca_pem.write_bytes(self.ca.public_bytes(serialization.Encoding.PEM))
        (folder / "tsa.pem").write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        self._serials = itertools.count(1)

    def reply(self, query: bytes) -> bytes:
        """A granted TimeStampResp for the query, dated now, signed by the TSA's key."""
        imprint, nonce = _request(query)
        moment = datetime.now(UTC).strftime("%Y%m%d%H%M%SZ").encode()
        info = _sequence(
            _integer(1),
            _oid(POLICY),
            imprint,
            _integer(next(self._serials)),
            _tlv(0x18, moment),
            *([_integer(nonce)] if nonce is not None else []),
        )
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        attributes = [
            _sequence(_oid(CONTENT_TYPE), _set(_oid(TST_INFO))),
            _sequence(_oid(MESSAGE_DIGEST), _set(_octets(hashlib.sha256(info).digest()))),
            _sequence(
                _oid(SIGNING_CERTIFICATE_V2),
                _set(_sequence(_sequence(_sequence(_octets(hashlib.sha256(der).digest()))))),
            ),
        ]
        signed = _set(*attributes)
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        issuer = self.certificate.issuer.public_bytes()
        signer = _sequence(
            _integer(1),
            _sequence(issuer, _integer(self.certificate.serial_number)),
            _sequence(_oid(SHA256)),
            _tlv(0xA0, signed[2 if signed[1] < 0x80 else 2 + (signed[1] & 0x7F) :]),
            _sequence(_oid(ECDSA_SHA256)),
            _octets(signature),
        )
        signed_data = _sequence(
            _integer(3),
            _set(_sequence(_oid(SHA256))),
            _sequence(_oid(TST_INFO), _tlv(0xA0, _octets(info))),
            _tlv(0xA0, der),
            _set(signer),
        )
        token = _sequence(_oid(SIGNED_DATA), _tlv(0xA0, signed_data))
        return _sequence(_sequence(_integer(0)), token)


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
