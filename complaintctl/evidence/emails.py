"""Emails as evidence: one message (.eml) or a mailbox (mbox), parsed with the standard library. Pure.

Every header is kept in order and verbatim (repeated ones such as Received included); the original bytes are
kept whole by the caller. Parsing is best effort: a malformed header becomes a warning and its raw text, never
an exception, because a damaged message from a marketplace is still evidence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any, NamedTuple, cast

from complaintctl.core.encoding import clean_text
from complaintctl.errors import ComplaintError
from complaintctl.evidence.dkim_check import DkimResult, Lookup
from complaintctl.evidence.dkim_check import check as check_dkim
from complaintctl.evidence.files import HEADER_LINE, FileEvidence, describe

MAX_HEADERS_KEPT = 5_000  # past this the headers stay in the original .eml, not in the event
# The email package's structured header parser is superlinear on long encoded-word runs (a 200 KB Subject
# took 1.5 GB): a header longer than this reaches it cut, and the original bytes keep it whole.
MAX_HEADER_BYTES = 16 * 1024
# All headers together: real mail has a few dozen fields and some KB; 300 fields of 15 KB took 40 s and 3.5 GB.
MAX_FIELDS = 500
MAX_HEADERS_TOTAL = 256 * 1024
NAMING_FIELDS = {
    name.encode()
    for name in (
        "from",
        "to",
        "cc",
        "reply-to",
        "subject",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "dkim-signature",
        "content-type",
        "content-transfer-encoding",
        "mime-version",
    )
}
# Real mail nests a handful of multipart sections; a thousand is a bomb that exhausts the parser's recursion.
MAX_MULTIPARTS = 100
_ORDER_ID = re.compile(r"\b(?:\d{3}|D\d{2})-\d{7}-\d{7}\b")


class ParsedEmail(NamedTuple):
    raw: bytes
    sha256: str
    headers: list[tuple[str, str]]
    message_id: str | None
    date: datetime | None
    sender: str
    to: list[str]
    cc: list[str]
    reply_to: list[str]
    subject: str
    in_reply_to: list[str]
    references: list[str]
    dkim: DkimResult
    body: str
    body_from_html: bool
    attachments: list[FileEvidence]
    order_ids: list[str]
    warnings: list[str]
    fields_total: int | None = None  # when only some header fields were read

    def details(self) -> dict[str, Any]:
        """What the event keeps beside the original bytes (those are its first attachment)."""
        return {
            "message_id": self.message_id,
            "sha256": self.sha256,
            "date": self.date.isoformat() if self.date else None,
            "from": self.sender,
            "to": self.to,
            "cc": self.cc,
            "reply_to": self.reply_to,
            "subject": self.subject,
            "in_reply_to": self.in_reply_to,
            "references": self.references,
            "dkim": self.dkim.as_dict(),
            "body_from_html": self.body_from_html,
            "order_ids": self.order_ids,
            "headers": [list(pair) for pair in self.headers[:MAX_HEADERS_KEPT]],
            "headers_total": self.fields_total or len(self.headers),
            "warnings": self.warnings,
        }


class _TextFromHtml(HTMLParser):
    """HTML to plain text for search and display; the HTML is never rendered."""

    SKIP = {"script", "style", "head", "title"}
    BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def looks_like_email(data: bytes) -> bool:
    first = data.lstrip(b"\r\n")[:1000].split(b"\n", 1)[0]
    return bool(HEADER_LINE.match(first))


def is_mbox(data: bytes) -> bool:
    return data.startswith(b"From ")


def iter_mbox(data: bytes) -> Iterator[bytes]:
    """The messages of an mbox, one at a time, each as its own bytes (via the standard mailbox module)."""
    import mailbox
    import os
    import tempfile

    # mailbox reads from a path: give it one, even for standard input.
    handle, name = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as temporary:
            temporary.write(data)
        box = mailbox.mbox(name, create=False)
        try:
            for key in box.keys():  # noqa: SIM118 (iterating a mailbox yields messages, not keys)
                yield box.get_bytes(key)
        finally:
            box.close()
    finally:
        os.unlink(name)


def _safe(getter: Any, warnings: list[str], what: str, default: Any) -> Any:
    try:
        return getter()
    except Exception as error:  # the email package raises many types on malformed input
        warnings.append(f"could not read the {what} ({type(error).__name__}); kept as raw text")
        return default


def _header(message: EmailMessage, name: str, warnings: list[str]) -> str:
    def read() -> str:
        value = message.get(name)
        return "" if value is None else str(value)

    raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
    return clean_text(str(_safe(read, warnings, f"{name} header", raw)))


def _addresses(message: EmailMessage, name: str, warnings: list[str]) -> list[str]:
    def read() -> list[str]:
        # Header objects are parsed on access: get_all is inside the guard on purpose.
        values = message.get_all(name, [])
        return [address for _, address in getaddresses([str(v) for v in values]) if address]

    def raw() -> list[str]:
        return [v for k, v in message.raw_items() if k.lower() == name.lower()]

    return [clean_text(str(a)) for a in _safe(read, warnings, f"{name} addresses", raw())]


def _ids(text: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", text)


def _body(message: EmailMessage, warnings: list[str]) -> tuple[str, bool]:
    def part_text(part: Any) -> str:
        try:
            return str(part.get_content())
        except (LookupError, UnicodeError, AssertionError, KeyError, ValueError):
            payload = part.get_payload(decode=True) or b""
            warnings.append("a text part had an unknown or broken charset; decoded with replacement characters")
            return payload.decode("utf-8", errors="replace")

    def find() -> tuple[str, bool]:
        plain = message.get_body(preferencelist=("plain",))
        if plain is not None:
            return part_text(plain), False
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            return html_to_text(part_text(html)), True
        if message.get_content_maintype() == "text" or not message.is_multipart():
            return part_text(message), False
        return "", False

    return tuple(_safe(find, warnings, "message body", ("", False)))  # type: ignore[return-value]


def _attachments(message: EmailMessage, warnings: list[str]) -> list[FileEvidence]:
    def collect() -> list[FileEvidence]:
        found = []
        for index, part in enumerate(message.iter_attachments(), start=1):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes | bytearray):
                continue
            name = part.get_filename() or f"attachment-{index}"
            found.append(describe(str(name), bytes(payload)))
        return found

    return list(_safe(collect, warnings, "attachments", []))


class _CachingRegistry(HeaderRegistry):
    """The email package parses a header again on every access (get_body asks for Content-Type eight times
    per part); header objects are immutable, so one parse per distinct header serves every access, and a
    mailbox whose messages share From and To parses them once."""

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[tuple[str, str], Any] = {}

    def __call__(self, name: str, value: str) -> Any:
        key = (name, value)
        found = self._parsed.get(key)
        if found is None:
            if len(self._parsed) > 4_000:  # unique headers (Message-ID, Date) would otherwise pile up
                self._parsed.clear()
            found = self._parsed[key] = super().__call__(name, value)
        return found


@lru_cache(maxsize=1)
def _policy() -> policy.EmailPolicy[EmailMessage]:
    return policy.default.clone(header_factory=_CachingRegistry())


def cap_headers(raw: bytes) -> tuple[bytes, list[str], int | None]:
    """The message as parsed: every over-long header cut to MAX_HEADER_BYTES, and no more than MAX_FIELDS
    fields and MAX_HEADERS_TOTAL bytes of them all (the original bytes stay whole); what was cut; and how
    many fields the message has when not all were read."""
    end = min((i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0), default=len(raw))
    head, rest = raw[:end], raw[end:]
    if len(head) <= MAX_HEADER_BYTES:
        return raw, [], None
    fields: list[bytes] = []
    for line in head.splitlines(keepends=True):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += line
        else:
            fields.append(line)
    cut = [field.split(b":", 1)[0][:60].decode("ascii", "replace") for field in fields if len(field) > MAX_HEADER_BYTES]
    kept = [
        field if len(field) <= MAX_HEADER_BYTES else field[:MAX_HEADER_BYTES].rstrip(b"\r\n") + b"\n"
        for field in fields
    ]
    warnings = [
        f"the {name} header is over {MAX_HEADER_BYTES // 1024} KB: read cut short here, kept whole in the original .eml"
        for name in cut[:10]
    ]
    if len(kept) > MAX_FIELDS or sum(map(len, kept)) > MAX_HEADERS_TOTAL:
        chosen = _fields_within_limits(kept)
        warnings.append(
            f"the message has {len(kept)} header fields ({sum(map(len, kept)) // 1024} KB), over the "
            f"{MAX_FIELDS} fields or {MAX_HEADERS_TOTAL // 1024} KB read: {len(chosen)} were read (those that "
            "name the sender, recipients, subject, date and signature first); the original .eml keeps them all"
        )
        kept = [kept[index] for index in sorted(chosen)]
    if not cut and len(kept) == len(fields):
        return raw, [], None
    return b"".join(kept).rstrip(b"\r\n") + rest, warnings, len(fields) if len(kept) < len(fields) else None


def _fields_within_limits(fields: list[bytes]) -> set[int]:
    """Which fields to read: the first few of each that names the message, then the rest in order."""
    chosen: set[int] = set()
    size = 0
    seen: dict[bytes, int] = {}
    for first_pass in (True, False):
        for index, field in enumerate(fields):
            if index in chosen:
                continue
            name = field.split(b":", 1)[0].strip().lower()
            if first_pass:
                seen[name] = seen.get(name, 0) + 1
                if name not in NAMING_FIELDS or seen[name] > 3:
                    continue
            if len(chosen) >= MAX_FIELDS or size + len(field) > MAX_HEADERS_TOTAL:
                continue
            chosen.add(index)
            size += len(field)
    return chosen


def parse_email(raw: bytes, dkim_lookup: Lookup | None = None) -> ParsedEmail:
    """One message. Refuses what is not an email at all; parses the rest as well as it can.

    ``dkim_lookup`` finds the signing domain's public key (dkim_check.lookup_from_environment); without it the
    signature is "not checkable", never "signed"."""
    if not raw.strip():
        raise ComplaintError("the email is empty: save the whole message (with headers) as .eml and try again")
    if not looks_like_email(raw):
        raise ComplaintError(
            "this is not an email: it does not start with headers. Save the message as .eml "
            "(in most mail clients: open it, then File > Save As, or 'Download message')"
        )
    multiparts = raw.lower().count(b"multipart/")
    if multiparts > MAX_MULTIPARTS:
        raise ComplaintError(
            f"this message declares {multiparts} multipart sections (a MIME bomb, nested or not): it was not imported"
        )
    try:
        return _parse(raw, dkim_lookup or (lambda name, timeout=0: None))
    except RecursionError:
        raise ComplaintError("this message is nested too deeply to read (a MIME bomb): it was not imported") from None


def _parse(raw: bytes, dkim_lookup: Lookup) -> ParsedEmail:
    readable, warnings, fields_total = cap_headers(raw)
    message = cast(EmailMessage, BytesParser(policy=_policy()).parsebytes(readable))
    headers = [(clean_text(str(k)), clean_text(str(v))) for k, v in message.raw_items()]
    if message.defects:
        warnings.append(f"{len(message.defects)} formatting defect(s) in the message; parsed as well as possible")
    date_text = _header(message, "Date", warnings)
    date = None
    if date_text:
        try:
            date = parsedate_to_datetime(date_text)
        except (TypeError, ValueError, IndexError, OverflowError):
            warnings.append(f"the Date header {date_text[:60]!r} cannot be read; the import time is used instead")
        else:
            if date.tzinfo is None:  # RFC 5322 "-0000": the sender did not say; record it as UTC
                date = date.replace(tzinfo=UTC)
    else:
        warnings.append("the message has no Date header; the import time is used instead")
    subject = _header(message, "Subject", warnings)
    body, from_html = _body(message, warnings)
    sender_raw = _header(message, "From", warnings)
    sender = parseaddr(sender_raw)[1] or sender_raw
    found_ids = _ids(_header(message, "Message-ID", warnings))
    message_id = found_ids[0] if found_ids else None
    return ParsedEmail(
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        headers=headers,
        message_id=message_id,
        date=date,
        sender=clean_text(sender),
        to=_addresses(message, "To", warnings),
        cc=_addresses(message, "Cc", warnings),
        reply_to=_addresses(message, "Reply-To", warnings),
        subject=subject,
        in_reply_to=_ids(_header(message, "In-Reply-To", warnings)),
        references=_ids(_header(message, "References", warnings)),
        dkim=check_dkim(raw, headers, dkim_lookup),
        body=clean_text(body),
        body_from_html=from_html,
        attachments=_attachments(message, warnings),
        order_ids=sorted(set(_ORDER_ID.findall(f"{subject}\n{body}"))),
        warnings=warnings,
        fields_total=fields_total,
    )
