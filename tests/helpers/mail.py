"""Emails and mailboxes written by the tests themselves."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path


def message(
    number: int,
    *,
    domain: str = "amazon.co.uk",
    token: str | None = "A3SC11E84PLJUR",
    day: int = 12,
    subject: str = "Your order 202-1234567-1234567",
    body: str = "We will refund you.",
    reply_to: str | None = None,
    in_reply_to: str | None = None,
    html: str | None = None,
    attachments: list[tuple[str, bytes]] = (),
    sender: str | None = None,
) -> EmailMessage:
    m = EmailMessage()
    local = f"cs-reply+{token}" if token else "cs-reply"
    m["From"] = sender or f'"Customer Service" <{local}@{domain}>'
    m["To"] = "buyer@example.org"
    if reply_to:
        m["Reply-To"] = reply_to
    m["Subject"] = subject
    m["Date"] = format_datetime(datetime(2026, 11, day, 9, 30, tzinfo=UTC))
    m["Message-ID"] = f"<msg{number}@{domain}>"
    m["Received"] = "from mx1.example by mx2.example; Thu, 12 Nov 2026 09:30:00 +0000"
    m["Received"] = "from mx0.example by mx1.example; Thu, 12 Nov 2026 09:29:59 +0000"
    m["DKIM-Signature"] = f"v=1; a=rsa-sha256; d={domain}; s=sel; b=abc"
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    if html is not None:
        m.set_content(html, subtype="html")
    else:
        m.set_content(body)
    for name, content in attachments:
        m.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
    return m


def write_eml(path: Path, m: EmailMessage) -> Path:
    path.write_bytes(bytes(m))
    return path


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(str(path))
    for m in messages:
        box.add(m)
    box.flush()
    box.close()
    return path
