"""How each exhibit is shown in a readable dossier (HTML and PDF alike): a picture, an email as its headers
and decoded body, text, or a file carried as it is. Pure."""

from __future__ import annotations

from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError

TEXT_EXHIBITS = ("text/plain", "message/rfc822")
MAX_TEXT_EXHIBIT = 200_000


class Readable(NamedTuple):
    kind: str  # image, email, text or file
    content: bytes
    text: str | None = None
    email: dict[str, Any] | None = None


def readable_exhibits(dossier: dict[str, Any], exhibits: dict[int, bytes]) -> dict[int, Readable]:
    found: dict[int, Readable] = {}
    for exhibit in dossier["exhibits"]:
        content = exhibits.get(exhibit["number"])
        if content is None:
            continue
        if exhibit["inline_image"]:
            found[exhibit["number"]] = Readable("image", content)
        elif _is_email(exhibit, content) and (email := readable_email(content, dossier.get("lang", "en"))):
            found[exhibit["number"]] = Readable("email", content, email=email)
        elif exhibit["media_type"] in TEXT_EXHIBITS:
            found[exhibit["number"]] = Readable(
                "text", content, text=content[:MAX_TEXT_EXHIBIT].decode("utf-8", errors="replace")
            )
        else:
            found[exhibit["number"]] = Readable("file", content)
    return found


def _is_email(exhibit: dict[str, Any], content: bytes) -> bool:
    """An original message, however its type was sniffed (an .eml often reads as text/plain)."""
    from complaintctl.evidence.emails import looks_like_email

    if exhibit["media_type"] == "message/rfc822":
        return True
    named = str(exhibit["name"]).lower().endswith((".eml", ".msg.txt"))
    return (named or exhibit["media_type"] in TEXT_EXHIBITS) and looks_like_email(content[:4096])


def display_from(mail: dict[str, Any]) -> str:
    """The From header as the sender wrote it, display name included ("Amazon.co.uk <cs-reply@...>"),
    decoded; the bare address where the kept headers lack it."""
    from email.header import decode_header, make_header

    for name, value in mail.get("headers") or []:
        if str(name).lower() == "from":
            try:
                return " ".join(str(make_header(decode_header(str(value)))).split())
            except (ValueError, LookupError, UnicodeError):
                return " ".join(str(value).split())
    return str(mail.get("from") or "")


SHOWN_RECIPIENTS = 10
SHOWN_CHARACTERS = 500


def bounded(text: str) -> str:
    """Any one header as a page shows it: the start, and how much more the original .eml holds."""
    return text if len(text) <= SHOWN_CHARACTERS else f"{text[:SHOWN_CHARACTERS]}… ({len(text):,} characters)"


def recipients(addresses: list[str], lang: str = "en") -> str:
    shown = ", ".join(bounded(address) for address in addresses[:SHOWN_RECIPIENTS])
    more = len(addresses) - SHOWN_RECIPIENTS
    if more <= 0:
        return shown
    if lang == "en":
        return f"{shown} and {more:,} more recipient{'s' if more > 1 else ''}"
    from complaintctl.dossier.words import labels

    return str(labels(lang)["headers"]["more"]).format(shown=shown, more=more)


def readable_email(content: bytes, lang: str = "en") -> dict[str, Any] | None:
    """An original message as a court reads it: the headers that matter in a table and the decoded body, not
    its raw MIME (base64 attachments included), the table's words in ``lang``. The bytes stay whole in the
    bundle."""
    from complaintctl.dossier.words import Words, labels
    from complaintctl.evidence.emails import parse_email

    try:
        mail = parse_email(content)
    except ComplaintError:
        return None
    details, catalogue = mail.details(), labels(lang)
    names = catalogue["headers"]
    hops = sum(1 for name, _ in mail.headers if name.lower() == "received")
    fields = [
        ("Subject", bounded(mail.subject)),
        ("From", bounded(display_from(details) or mail.sender)),
        ("To", recipients(mail.to, lang)),
        ("Cc", recipients(mail.cc, lang)),
        ("Reply-To", recipients(mail.reply_to, lang)),
        ("Date", details["date"] or catalogue["none_given"]),
        ("Message-ID", mail.message_id or catalogue["none"]),
        ("Received", str(names["hops"]).format(count=hops)),
        ("DKIM", Words(lang).dkim(details)),
    ]
    fields = [(str(names.get(name, name)), value) for name, value in fields]
    return {
        "fields": [(name, value) for name, value in fields if value],
        "body": mail.body[:MAX_TEXT_EXHIBIT],
        "attachments": [a.name for a in mail.attachments],
    }
