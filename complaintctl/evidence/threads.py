"""Thread integrity across a case's emails (seed 001): the reply-to token that threads an Amazon conversation
changes or disappears, replies point to messages the case does not hold, or come from a new address. Pure."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.core.vocabulary import EMAIL
from complaintctl.evidence.addresses import marketplace_reply_address, thread_token

if TYPE_CHECKING:
    from complaintctl.core.casefile import Event


class ThreadFlag(NamedTuple):
    kind: str  # token-changed, token-dropped, unknown-reference, new-address
    when: str  # ISO date of the message that raised it
    event: int
    message_id: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class Mail(NamedTuple):
    """The fields of a stored email that thread checks read."""

    event: int
    occurred: str
    details: dict[str, Any]


def _day(iso: str) -> str:
    return f"{datetime.fromisoformat(iso):%d %b %Y}".lstrip("0")


def check_threads(mails: list[Mail]) -> list[ThreadFlag]:
    flags: list[ThreadFlag] = []
    ordered = sorted(mails, key=lambda m: (datetime.fromisoformat(m.occurred), m.event))
    known_ids = {m.details.get("message_id") for m in mails if m.details.get("message_id")}
    last: tuple[str, tuple[str, str | None, str]] | None = None
    seen_senders: set[str] = set()
    for mail in ordered:
        details, when = mail.details, _day(mail.occurred)
        message_id = details.get("message_id")
        current = marketplace_reply_address(details)
        if current and last:
            (_, (old_base, old_token, old_domain)), (address, (base, token, domain)) = last, current
            same_route = (old_base, old_domain) == (base, domain)
            if old_token and token and old_token.lower() != token.lower() and same_route:
                flags.append(
                    ThreadFlag(
                        "token-changed",
                        mail.occurred[:10],
                        mail.event,
                        message_id,
                        (
                            f"On {when} the reply address changed from {old_base}+{old_token} to {base}+{token}: replies "
                            "after this date may not reach the agents who saw your earlier messages."
                        ),
                    )
                )
            elif old_token and not token and same_route:
                flags.append(
                    ThreadFlag(
                        "token-dropped",
                        mail.occurred[:10],
                        mail.event,
                        message_id,
                        (
                            f"On {when} the reply address lost its thread token ({old_base}+{old_token} became {address}): "
                            "the next agent may not see the history of your case."
                        ),
                    )
                )
        sender = str(details.get("from", "")).lower()
        parsed_sender = thread_token(sender)
        if parsed_sender:
            identity = f"{parsed_sender[0]}@{parsed_sender[2]}"
            if seen_senders and identity not in seen_senders:
                flags.append(
                    ThreadFlag(
                        "new-address",
                        mail.occurred[:10],
                        mail.event,
                        message_id,
                        (
                            f"On {when} a reply came from a new address ({sender}): check it is really the marketplace, "
                            "and that your earlier messages reached it."
                        ),
                    )
                )
            seen_senders.add(identity)
        refers = [*details.get("in_reply_to", []), *details.get("references", [])]
        if refers and not any(ref in known_ids for ref in refers):
            flags.append(
                ThreadFlag(
                    "unknown-reference",
                    mail.occurred[:10],
                    mail.event,
                    message_id,
                    (
                        f"On {when} a reply refers to a message this case does not hold ({refers[0]}): import that "
                        "message, or the thread was broken."
                    ),
                )
            )
        if current:
            last = current
    return flags


def thread_flags_of(events: list[Event]) -> list[ThreadFlag]:
    """The thread warnings of a case's emails (other events are passed over)."""
    emails = [e for e in events if e.kind == EMAIL]
    if not emails:
        return []
    return check_threads([Mail(e.id, e.occurred, e.details.get("email", {})) for e in emails])
