"""`verify`: recompute every hash and every summary from the events, and name whatever does not match."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from complaintctl.actions.case_checks import (
    ANCHOR_KINDS,
    CaseWalk,
    Problem,
    check_chain,
    check_summary,
    walk_case,
)
from complaintctl.core.casefile import Event
from complaintctl.core.chain import HASHED_COLUMNS
from complaintctl.evidence.files import describe
from complaintctl.store import Store

if TYPE_CHECKING:
    from complaintctl.evidence.timestamps import Anchors

__all__ = ["ANCHOR_KINDS", "Problem", "Report", "check_chain", "check_summary", "verify"]


@dataclass
class Report:
    cases: int = 0
    events: int = 0
    attachments: int = 0
    problems: list[Problem] = field(default_factory=list)
    chain_heads: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # worth knowing, not proof of tampering on their own

    @property
    def intact(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "cases": self.cases,
            "events": self.events,
            "attachments": self.attachments,
            "chain_heads": {str(k): v for k, v in self.chain_heads.items()},
            "problems": [asdict(p) for p in self.problems],
            "notes": list(self.notes),
        }


def check_guards(store: Store) -> list[Problem]:
    """The append-only guards and the search index triggers: what no single case shows."""
    problems = [
        Problem(f"the append-only guard {name} was removed from the database") for name in store.missing_guards()
    ]
    problems += [
        Problem(f"the trigger {name} was altered: it no longer does what complaintctl wrote")
        for name in store.altered_triggers()
    ]
    problems += [
        Problem(f"the search index trigger {name} was removed from the database")
        for name in store.missing_index_triggers()
    ]
    return problems


def check_file(quick_check: list[str], index_problem: str | None) -> list[Problem]:
    problems = [Problem(f"SQLite's quick_check: {line}") for line in quick_check if line != "ok"]
    if index_problem:
        problems.append(Problem(f"the search index does not match the events ({index_problem}): it was edited"))
    return problems


def numbering_notes(store: Store) -> list[str]:
    notes = []
    for table, what in (("events", "event"), ("cases", "case")):
        for start, end in store.id_gaps(table):
            span = f"{what} {start}" if start == end else f"{what}s {start} to {end}"
            notes.append(f"{span} missing from the numbering: deleted, or cases restored from another database")
    return notes


def check_attachment(row: Any) -> list[Problem]:
    """``row`` is a sqlite3.Row of the attachments table (read by name)."""
    content = bytes(row["content"])
    sha = row["sha256"]
    if hashlib.sha256(content).hexdigest() != sha:
        return [Problem(f"attachment {sha[:12]} does not match its SHA-256: its bytes were changed", attachment=sha)]
    fresh = describe("x", content)
    stored = (row["size_bytes"], row["media_type"], row["width_px"], row["height_px"])
    if stored != (fresh.size_bytes, fresh.media_type, fresh.width_px, fresh.height_px):
        return [Problem(f"attachment {sha[:12]}'s size or type record was edited", attachment=sha)]
    return []


def verify(
    store: Store,
    case_id: int | None = None,
    progress: Callable[[int], None] | None = None,
    trusted: Anchors | None = None,
) -> Report:
    """With no case, the whole file too: its structure and search index are checked in a thread while the chains
    are walked here, and a large database's second half of chains in a second process (`verify` of a million
    events takes about the longest of the three, not their sum)."""
    report = Report()
    report.problems = check_guards(store)
    file_checks: Callable[[], tuple[list[str], str | None]] | None = None
    own: list[int] | None = None
    helper = None
    if case_id is None:
        from complaintctl.actions.verify_split import share

        own, helper = share(store)
        if store.read_only:  # one connection, which only this thread may use
            checked = store.file_checks()
            file_checks = lambda: checked  # noqa: E731
        else:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=1)
            file_checks = pool.submit(store.file_checks).result
            pool.shutdown(wait=False)  # the thread goes on; the result is read after the chain walk
        report.notes = numbering_notes(store)
    referenced: dict[str, tuple[int, int]] = {}
    unanchored: list[tuple[int, Event | None, int]] = []

    def take(walked: CaseWalk, events: list[Event] | None) -> None:
        report.cases += 1
        report.events += walked.events
        report.problems += walked.problems
        if walked.head is not None:
            report.chain_heads[walked.case_id] = walked.head
        if walked.stamped:  # walked elsewhere: its events are read again here, where the anchors are
            chain = events if events is not None else next(store.chains(case_ids=[walked.case_id]))[2]
            _check_stamps(store, chain, report, trusted)
        if walked.unanchored is not None:
            unanchored.append(walked.unanchored)
        for sha, cid, event_id in walked.referenced:
            referenced.setdefault(sha, (cid, event_id))
        if progress:
            progress(walked.events)

    for row, cid, events in store.chains(case_id, own):
        take(walk_case(cid, row, events, store.promise_rows(cid)), events)
    if helper is not None:
        for walked in helper.results(store):
            take(walked, None)
    spot = blind_spot(case_id, unanchored)
    if spot:
        report.notes.append(spot)
    found = set()
    for row in store.attachment_rows(set(referenced)):
        found.add(row["sha256"])
        report.attachments += 1
        report.problems += check_attachment(row)
    for sha, (cid, event_id) in sorted(referenced.items()):
        if sha not in found:
            report.problems.append(
                Problem(f"attachment {sha[:12]} of event {event_id} is missing from the database", cid, event_id, sha)
            )
    if file_checks is not None:
        report.problems[:0] = check_file(*file_checks())
    return report


def check_head(store: Store, head: str, case_id: int | None = None) -> tuple[list[Problem], str]:
    """A chain head written down earlier (an email to yourself, a stamp) must still be in today's chain; with
    ``case_id``, in that case's chain: another case's head says nothing of this one's history."""
    prefix = head.strip().lower()
    if len(prefix) < 16 or any(ch not in "0123456789abcdef" for ch in prefix):
        from complaintctl.errors import ComplaintError

        raise ComplaintError(f"--head {head!r} is not a chain head: give at least its first 16 hex digits")
    found = store.events_by_hash(prefix)
    if not found:
        return [
            Problem(
                f"the chain head {prefix[:16]}… is not in this database: the history it closed was "
                "rewritten or deleted (or it belongs to another database)"
            )
        ], ""
    if len(found) > 1:
        from complaintctl.errors import ComplaintError

        raise ComplaintError(f"--head {prefix} matches {len(found)} events: give more of its digits")
    event = found[0]
    if case_id is not None and event.case_id != case_id:
        return [
            Problem(
                f"the chain head {prefix[:16]}… is event {event.id} of case {event.case_id}, not of case "
                f"{case_id}: it vouches for no part of case {case_id}'s history",
                case_id,
            )
        ], ""
    return [], f"chain head {prefix[:16]}… is event {event.id}, number {event.seq} of case {event.case_id}"


def check_against(
    store: Store, dossier: dict[str, Any], zip_sha256: str = "", documents: dict[str, str] | None = None
) -> tuple[list[Problem], list[str]]:
    """An exported dossier's events must all still be in the database, unchanged: the history it recorded
    is a prefix of today's. Deleted, re-timed, reordered or moved events are named. With the bundle's own
    hashes, its bytes must be those the export event recorded: the zip's SHA-256 and each document's."""
    events = sorted(dossier["events"], key=lambda e: e["seq"])
    stored = store.events_by_id([int(e["id"]) for e in events])
    problems: list[Problem] = []
    for exported in events:
        current = stored.get(exported["id"])
        if current is None:
            problems.append(
                Problem(
                    f"event {exported['id']} of the bundle is gone from the database",
                    exported["case_id"],
                    exported["id"],
                )
            )
            continue
        changed = [c for c in (*HASHED_COLUMNS, "hash") if getattr(current, c) != exported[c]]
        if changed:
            problems.append(
                Problem(
                    f"event {exported['id']} differs from the bundle ({', '.join(changed)}): the "
                    "history was rewritten after the export",
                    current.case_id,
                    current.id,
                )
            )
    notes = []
    case_id, head = int(dossier["case"]["id"]), dossier["case"]["chain_head"]
    records = [
        (event, event.details["export"])
        for event in store.events_of_kind(case_id, "exported")
        if isinstance(event.details.get("export"), dict) and event.details["export"].get("chain_head") == head
    ]
    for event, record in records:
        notes.append(
            f"the export of chain head {head[:16]}… is recorded as event {event.id} "
            f"({record.get('file')}, {event.recorded_utc[:19]} UTC)"
        )
    if zip_sha256 and not problems:
        problems += _bytes_problems(case_id, head, records, zip_sha256, documents or {})
    return problems, notes


def _bytes_problems(
    case_id: int, head: str, records: list[tuple[Event, Any]], zip_sha256: str, documents: dict[str, str]
) -> list[Problem]:
    if not records:
        return [
            Problem(
                f"no export of chain head {head[:16]}… is recorded in case {case_id}: this bundle's bytes cannot "
                "be compared with what left the machine",
                case_id,
            )
        ]
    if any(record.get("sha256") == zip_sha256 for _, record in records):
        return []
    event, record = records[-1]
    recorded = record.get("documents") if isinstance(record.get("documents"), dict) else {}
    differing = sorted(name for name in set(recorded) | set(documents) if recorded.get(name) != documents.get(name))
    what = f" ({', '.join(differing)} differ)" if differing else ""
    return [
        Problem(
            f"the bundle's bytes are not those the export recorded in event {event.id}: its SHA-256 differs{what}",
            case_id,
            event.id,
        )
    ]


def blind_spot(case_id: int | None, unanchored: list[tuple[int, Event | None, int]]) -> str | None:
    """What verify cannot see, in words: entries after the last stamp or export could be cut off unseen."""
    if not unanchored:
        return None
    advice = "run `complaintctl stamp` regularly (from cron or a systemd timer: see the README)"
    if case_id is not None:
        _, anchor, after = unanchored[0]
        if anchor is None:
            return (
                f"case {case_id} was never stamped or exported: nothing outside this machine vouches for its "
                f"history, so entries cut off its end would not show here; {advice}"
            )
        return (
            f"case {case_id} has {after} entr{'y' if after == 1 else 'ies'} after its last external anchor "
            f"(event {anchor.id}, {anchor.kind} on {anchor.recorded_utc[:10]}): nothing on this machine can prove "
            f"that none were cut off after that; {advice}"
        )
    never = sum(1 for _, anchor, _ in unanchored if anchor is None)
    dates = [anchor.recorded_utc[:10] for _, anchor, _ in unanchored if anchor is not None]
    parts = []
    if dates:
        parts.append(f"{len(dates)} case(s) have entries after their last stamp or export (the latest: {max(dates)})")
    if never:
        parts.append(f"{never} case(s) were never stamped or exported")
    return (
        f"{' and '.join(parts)}: nothing on this machine can prove that entries after a case's last stamp or "
        f"export (or any, for a case never stamped or exported) were not cut off; {advice}"
    )


def _check_stamps(store: Store, events: list[Event], report: Report, trusted: Anchors | None = None) -> None:
    from complaintctl.errors import NotFound
    from complaintctl.evidence.timestamps import check_stamps

    def content(sha: str) -> bytes | None:
        try:
            return store.attachment_content(sha)
        except NotFound:
            return None

    for check in check_stamps((event._asdict() for event in events), content, trusted):
        if check.status == "failed":
            report.problems.append(Problem(check.message, events[0].case_id, check.event_id))
        else:
            report.notes.append(check.message)
