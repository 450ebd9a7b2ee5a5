"""DKIM: whether a message's signature verifies, not merely whether a DKIM-Signature header exists (dkimpy).

The sending domain publishes its public key in DNS. The key found is kept with the result, because domains
rotate keys: a year later the DNS may no longer hold it, and the saved record lets anyone check again.
``COMPLAINTCTL_DKIM_KEYS`` names a file of saved records (``selector._domainkey.domain`` then the TXT value,
one per line) consulted instead of DNS: for checking offline, and for tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

KEYS_VARIABLE = "COMPLAINTCTL_DKIM_KEYS"
DNS_TIMEOUT_S = 3.0
DNS_BUDGET_S = 8.0  # all lookups of one import together
VERIFIED, FAILED, NOT_CHECKABLE, UNSIGNED = "verified", "failed", "not-checkable", "unsigned"
Lookup = Callable[..., bytes | None]


class DkimResult(NamedTuple):
    status: str  # verified, failed, not-checkable or unsigned
    domain: str | None
    selector: str | None
    reason: str
    key_record: str | None  # the DNS TXT record the check used, kept as evidence

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()

    @property
    def label(self) -> str:
        """How a person reads it: "DKIM verified (amazon.co.uk)", never "signed" for a header that exists."""
        where = f" ({self.domain})" if self.domain else ""
        return {
            VERIFIED: f"DKIM verified{where}",
            FAILED: f"DKIM failed{where}",
            NOT_CHECKABLE: f"DKIM not checkable{where}",
            UNSIGNED: "no DKIM signature",
        }[self.status]


def _tags(value: str) -> dict[str, str]:
    tags = {}
    for part in value.split(";"):
        name, _, content = part.partition("=")
        tags[name.strip()] = "".join(content.split())
    return tags


def check(raw: bytes, headers: list[tuple[str, str]], lookup: Lookup) -> DkimResult:
    """The first (topmost) DKIM signature checked with the key ``lookup`` finds for it. Pure given ``lookup``."""
    import dkim

    signature = next((value for name, value in headers if name.lower() == "dkim-signature"), None)
    if signature is None:
        return DkimResult(UNSIGNED, None, None, "the message carries no DKIM signature", None)
    tags = _tags(signature)
    domain, selector = tags.get("d") or None, tags.get("s") or None
    found: list[bytes] = []

    def remember(name: bytes, timeout: float = DNS_TIMEOUT_S) -> bytes | None:
        record = lookup(name, timeout=timeout)
        if record:
            found.append(record)
        return record

    try:
        good = dkim.DKIM(raw, minkey=1024, timeout=DNS_TIMEOUT_S).verify(dnsfunc=remember)
    except dkim.KeyFormatError as error:
        if not found:
            return DkimResult(
                NOT_CHECKABLE,
                domain,
                selector,
                "no public key could be found for it (offline, or the domain no longer publishes it)",
                None,
            )
        return DkimResult(FAILED, domain, selector, f"the published key is unusable ({error})", _text(found))
    except dkim.DKIMException as error:
        if "body hash mismatch" in str(error):
            return DkimResult(
                FAILED,
                domain,
                selector,
                "the body does not match the signature: it was changed after it was signed",
                _text(found) or None,
            )
        return DkimResult(FAILED, domain, selector, f"the signature is malformed ({error})", _text(found) or None)
    except Exception as error:  # noqa: BLE001 (dkimpy raises many types on hostile input; it must not stop an import)
        return DkimResult(
            FAILED, domain, selector, f"the signature cannot be read ({type(error).__name__})", _text(found) or None
        )
    if not found:
        return DkimResult(NOT_CHECKABLE, domain, selector, "no public key could be found for it", None)
    if good:
        return DkimResult(VERIFIED, domain, selector, "the signature matches the domain's published key", _text(found))
    return DkimResult(
        FAILED,
        domain,
        selector,
        "the signature does not match: the message was changed after it was signed, or the signature is forged",
        _text(found),
    )


def _text(found: list[bytes]) -> str:
    return found[-1].decode("ascii", "replace") if found else ""


def lookup_from_environment() -> Lookup:
    """Saved records when ``COMPLAINTCTL_DKIM_KEYS`` names a file, else DNS (dnspython, a short timeout), with
    a cache and an overall time limit: one lookup serves one import."""
    saved = os.environ.get(KEYS_VARIABLE)
    if saved is not None:
        records = _read_records(Path(saved)) if saved else {}
        return lambda name, timeout=DNS_TIMEOUT_S: records.get(name.decode("ascii", "replace").rstrip(".").lower())
    return budgeted(_dns, DNS_BUDGET_S)


def budgeted(lookup: Lookup, budget_s: float, clock: Callable[[], float] | None = None) -> Lookup:
    """``lookup`` asked once per name, and not at all once ``budget_s`` seconds were spent waiting on it: ten
    signed messages from a domain whose DNS never answers took 32 s. Past the budget a key is "not found"."""
    import time

    timer = clock or time.monotonic
    cache: dict[bytes, bytes | None] = {}
    spent = 0.0

    def find(name: bytes, timeout: float = DNS_TIMEOUT_S) -> bytes | None:
        nonlocal spent
        key = name.rstrip(b".").lower()
        if key not in cache:
            left = budget_s - spent
            if left <= 0:
                return None
            started = timer()
            cache[key] = lookup(name, timeout=min(timeout, left))
            spent += timer() - started
        return cache[key]

    return find


def _read_records(path: Path) -> dict[str, bytes]:
    records = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    for line in lines:
        name, _, value = line.strip().partition(" ")
        if name and value:
            records[name.rstrip(".").lower()] = value.strip().encode("ascii", "replace")
    return records


def _dns(name: bytes, timeout: float = DNS_TIMEOUT_S) -> bytes | None:
    try:
        import dns.exception
        import dns.resolver
    except ImportError:
        return None
    try:
        answer = dns.resolver.resolve(name.decode("ascii"), "TXT", lifetime=timeout)
    except (dns.exception.DNSException, UnicodeDecodeError, ValueError):
        return None
    for record in answer:
        return b"".join(record.strings)
    return None


def label(mail: dict[str, Any]) -> str:
    """The label for a stored email's details, from this version's check or an older import's header flag."""
    result = mail.get("dkim")
    if isinstance(result, dict) and result.get("status") in (VERIFIED, FAILED, NOT_CHECKABLE, UNSIGNED):
        return DkimResult(
            str(result["status"]),
            result.get("domain"),
            result.get("selector"),
            str(result.get("reason", "")),
            result.get("key_record"),
        ).label
    if mail.get("dkim_signed"):
        return "DKIM header present, not checked (imported before 0.2)"
    return "no DKIM signature"
