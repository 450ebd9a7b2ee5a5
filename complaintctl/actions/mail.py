"""Importing emails and chat transcripts into a case.

A mailbox is parsed and written in batches, each one transaction: memory stays flat, other commands get the
write lock between batches, and an import that is stopped half-way keeps what it wrote (running it again
skips the messages already stored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.actions import record
from complaintctl.core import clock, vocabulary
from complaintctl.core.casefile import Event
from complaintctl.errors import ComplaintError
from complaintctl.evidence.files import describe, safe_name, shortened, size_limit_bytes
from complaintctl.store import Store

if TYPE_CHECKING:
    from complaintctl.evidence.emails import ParsedEmail
    from complaintctl.evidence.threads import ThreadFlag


class EmailImport(NamedTuple):
    stored: list[int]  # the new events' ids (not the events: a mailbox of 50,000 would fill memory)
    duplicates: list[tuple[str, int]]  # (message id or subject, the event that already holds it)
    warnings: list[str]
    pictured: list[int] | None = None  # the new events that hold a picture (its text can be read)


def read_input(path: str) -> bytes:
    """A file's bytes, or standard input's for '-', within the attachment size limit."""
    import sys

    limit = size_limit_bytes()
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise ComplaintError(f"standard input is over the {limit / 1048576:.0f} MB limit: split the mailbox")
        return data
    from complaintctl.evidence.files import read_file

    return read_file(Path(path), limit_bytes=limit).content


def _label(parsed: ParsedEmail) -> str:
    return parsed.message_id or f"'{parsed.subject[:60]}'"


BATCH = 500  # messages per transaction: small enough that `log` waits well under a second for the lock


def _parsed(data: bytes, source_name: str, warnings: list[str]) -> Iterator[ParsedEmail]:
    """Each readable message, in mailbox order; an unreadable one is skipped and said, never fatal."""
    from complaintctl.evidence.dkim_check import lookup_from_environment
    from complaintctl.evidence.emails import is_mbox, iter_mbox, parse_email

    lookup = lookup_from_environment()
    if not is_mbox(data):
        yield parse_email(data, lookup)
        return
    readable = 0
    for number, raw in enumerate(iter_mbox(data), start=1):
        try:
            message = parse_email(raw, lookup)
        except ComplaintError as error:
            warnings.append(f"message {number} of {source_name} skipped: {error}")
            continue
        except Exception as error:  # one hostile message must not sink the other 49,999
            warnings.append(f"message {number} of {source_name} skipped: unreadable ({type(error).__name__})")
            continue
        readable += 1
        yield message
    if not readable:
        raise ComplaintError(f"{source_name} holds no readable message: is it really an mbox file?")


def import_emails(
    store: Store, case_id: int, data: bytes, *, source_name: str, progress: Callable[[int], None] | None = None
) -> EmailImport:
    state = store.case_state(case_id)
    warnings: list[str] = []
    now = clock.now()
    stored: list[int] = []
    duplicates: list[tuple[str, int]] = []
    batch: list[ParsedEmail] = []
    pictured: list[int] = []
    for message in _parsed(data, source_name, warnings):
        batch.append(message)
        if len(batch) == BATCH:
            _store_batch(
                store, case_id, batch, now, state.facts.get("order_id"), stored, duplicates, warnings, pictured
            )
            batch = []
            if progress:
                progress(len(stored) + len(duplicates))
    if batch:
        _store_batch(store, case_id, batch, now, state.facts.get("order_id"), stored, duplicates, warnings, pictured)
    return EmailImport(stored, duplicates, warnings, pictured)


def _store_batch(
    store: Store,
    case_id: int,
    batch: list[ParsedEmail],
    now: datetime,
    case_order: Any,
    stored: list[int],
    duplicates: list[tuple[str, int]],
    warnings: list[str],
    pictured: list[int] | None = None,
) -> None:
    from complaintctl.evidence.addresses import thread_token

    with store.atomic():
        for message in batch:
            existing = store.find_email(case_id, message.message_id, message.sha256)
            if existing is not None:
                duplicates.append((_label(message), existing))
                continue
            for note in message.warnings:
                warnings.append(f"{_label(message)}: {note}")
            occurred = message.date or now
            if occurred > now + timedelta(minutes=5):
                warnings.append(
                    f"{_label(message)}: its Date is in the future ({occurred.isoformat()}); the import time is used"
                )
                occurred = now
            if case_order and message.order_ids and case_order not in message.order_ids:
                warnings.append(
                    f"{_label(message)} mentions order {', '.join(message.order_ids)}, but case "
                    f"{case_id} is about {case_order}: check it belongs here"
                )
            inbound = thread_token(message.sender) is not None
            details: dict[str, Any] = {
                "channel": "email",
                "direction": "inbound" if inbound else "outbound",
                "email": message.details(),
            }
            original = describe(safe_name(shortened(message.subject or "message", 80)) + ".eml", message.raw)
            files = [original, *(a for a in message.attachments if a.sha256 != original.sha256)]
            unique = list({f.sha256: f for f in files}.values())
            text = f"{message.subject}\n\n{message.body}".strip()
            event_id = record.append(
                store,
                case_id,
                kind=vocabulary.EMAIL,
                occurred=occurred,
                recorded=now,
                text=text,
                details=details,
                files=unique,
            ).id
            stored.append(event_id)
            if pictured is not None and any(f.media_type.startswith("image/") for f in unique):
                pictured.append(event_id)


def import_transcript(store: Store, case_id: int, data: bytes, name: str, draft: record.EntryDraft) -> Event:
    """A chat transcript as one event, with the promise made in it when the user names one (--promise, --due).

    The same bytes logged twice in a case are refused, as an email already stored is passed over."""
    from complaintctl.evidence.transcripts import parse_transcript

    now = clock.now()
    anchor = record.parse_occurred(draft.at, force=draft.force, now=now) if draft.at else None
    store.case_state(case_id)
    kept = describe(name, data)
    existing = store.find_transcript(case_id, kept.sha256)
    if existing is not None:
        raise ComplaintError(
            f"{kept.name} is already stored in case {case_id} as event {existing}: not stored again "
            f"(complaintctl show {case_id})"
        )
    transcript = parse_transcript(data, anchor.date() if anchor else None, anchor.tzinfo if anchor else None)
    first = next((e.at for e in transcript.entries if e.at), None)
    occurred = datetime.fromisoformat(first) if first else (anchor or now)
    details: dict[str, Any] = {
        **record.entry_details(draft._replace(channel=draft.channel or "chat"), now),
        "transcript": {
            "entries": [e.as_dict() for e in transcript.entries],
            "unparsed_lines": transcript.unparsed_lines,
            "speakers": transcript.speakers,
        },
    }
    if anchor is not None:
        details.update(record.said("at_text", draft.at, clock.iso(anchor)))
    if draft.text.strip():
        details["note"] = draft.text.strip()
    text = f"{draft.text.strip()}\n\n{transcript.text}".strip()
    return record.append(
        store,
        case_id,
        kind=vocabulary.TRANSCRIPT,
        occurred=occurred,
        recorded=now,
        text=text,
        details=details,
        files=[kept],
    )


def thread_flags(store: Store, case_id: int) -> list[ThreadFlag]:
    from complaintctl.evidence.threads import thread_flags_of

    return thread_flags_of(store.events_of_kind(case_id, vocabulary.EMAIL))


def store_raw_messages(store: Store, case_id: int, raws: list[tuple[str, bytes]]) -> EmailImport:
    """Messages that arrived one by one (IMAP), each parsed as `log --email` parses it, stored in one
    transaction: all of them, or none."""
    from complaintctl.evidence.dkim_check import lookup_from_environment
    from complaintctl.evidence.emails import parse_email

    lookup = lookup_from_environment()
    warnings: list[str] = []
    parsed: list[ParsedEmail] = []
    for label, raw in raws:
        try:
            parsed.append(parse_email(raw, lookup))
        except ComplaintError as error:
            warnings.append(f"{label} skipped: {error}")
        except Exception as error:  # one hostile message must not sink the others
            warnings.append(f"{label} skipped: unreadable ({type(error).__name__})")
    state = store.case_state(case_id)
    stored: list[int] = []
    duplicates: list[tuple[str, int]] = []
    pictured: list[int] = []
    _store_batch(
        store, case_id, parsed, clock.now(), state.facts.get("order_id"), stored, duplicates, warnings, pictured
    )
    return EmailImport(stored, duplicates, warnings, pictured)
