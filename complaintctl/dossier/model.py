"""The dossier as one JSON-able document, built from what the store and the advice hold. Pure.

It is the JSON export as it is, and what every other format renders, so all formats say the same thing. It
carries the stored events column for column, so the hash chain can be checked from the JSON alone.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from complaintctl.core.casefile import CaseState, Event, promise_document
from complaintctl.core.clock import utc_stamp
from complaintctl.core.timeline import TimelineEntry
from complaintctl.core.vocabulary import FACT_LABELS
from complaintctl.dossier.law import problem_of
from complaintctl.dossier.words import fact_labels, issue_phrase, labels, local_date, local_money
from complaintctl.evidence.files import AttachmentInfo, safe_name, shortened_name

FORMAT = "complaintctl-dossier"
FORMAT_VERSION = 1
INLINE_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")  # never SVG: it can carry script


def exhibit_file_name(number: int, name: str) -> str:
    """exhibits/07-chat.png: numbered, and stripped of anything that could leave the folder."""
    portable = re.sub(r"[^\w.\- ]", "_", safe_name(name))  # no : ? * < > | " anywhere a file may travel
    # A file system allows 255 bytes a name: 200 letters of Chinese are 600.
    portable = shortened_name(portable, 150, in_bytes=True)
    return f"{number:02d}-{portable}"


def _fact_order(name: str) -> tuple[int, str]:
    order = list(FACT_LABELS)
    return (order.index(name) if name in order else len(order), name)


def _email(mail: Any) -> dict[str, Any] | None:
    if not isinstance(mail, dict):
        return None
    from complaintctl.dossier.exhibits import display_from
    from complaintctl.evidence.dkim_check import label

    return {**mail, "from": display_from(mail), "dkim_label": label(mail)}


def issue_paragraph(facts: dict[str, Any], lang: str, delivered: str | None = None) -> str:
    """The cover's summary: the order, the problem, and the dates known: the estimate, the actual delivery
    (the first `delivered` milestone) and the day the fault was noticed."""
    form = labels(lang)["summary"]
    text = _order_sentence(facts, lang)
    if delivered:
        text += form["delivered"].format(date=local_date(delivered, lang))
    # A fault date on a parcel that never came is a slip of the user's: the summary would contradict itself.
    if facts.get("fault_noticed") and (delivered or problem_of(facts.get("issue")) != "delivery"):
        text += form["fault"].format(date=local_date(facts["fault_noticed"], lang))
    return text


def _order_sentence(facts: dict[str, Any], lang: str) -> str:
    words = labels(lang)
    form = words["summary"]
    price = local_money(facts.get("amount"), facts.get("currency"), lang)
    paid = form["paid"].format(price=price) if price else ""
    if paid and facts.get("paid_by") and lang == "en":
        paid += f" by {str(facts['paid_by']).replace('-', ' ')}"
    return form["text"].format(
        seller=facts.get("seller", words["the_seller"]),
        marketplace=facts.get("marketplace", "—"),
        order=form["order"].format(order=facts["order_id"]) if facts.get("order_id") else "",
        ordered=form["ordered"].format(date=local_date(facts["ordered_on"], lang)) if facts.get("ordered_on") else "",
        paid=paid,
        issue=issue_phrase(facts.get("issue", "other"), lang),
        delivery=form["delivery"].format(date=local_date(facts["delivery_by"], lang))
        if facts.get("delivery_by")
        else "",
    )


def _statistics(state: CaseState, events: list[Event], today: date) -> dict[str, Any]:
    channels = Counter(str(e.details["channel"]) for e in events if e.details.get("channel"))
    agents = sorted({str(e.details["agent"]) for e in events if e.details.get("agent")})
    states = Counter(p.state for p in state.promises.values())
    ordered = state.facts.get("ordered_on")
    return {
        "events": len(events),
        "contacts_by_channel": dict(sorted(channels.items())),
        "agents": agents,
        "promises_made": len(state.promises),
        "promises_kept": states.get("kept", 0),
        "promises_broken": states.get("broken", 0),
        "promises_open": states.get("open", 0),
        "days_since_order": (today - date.fromisoformat(str(ordered))).days if ordered else None,
    }


def build_dossier(
    state: CaseState,
    events: list[Event],
    entries: list[TimelineEntry],
    attachments: dict[str, AttachmentInfo],
    *,
    now: datetime,
    remedies: list[dict[str, Any]],
    next_step: dict[str, Any] | None,
    thread_flags: list[dict[str, Any]],
    lang: str = "en",
) -> dict[str, Any]:
    exhibits: list[dict[str, Any]] = []
    numbers: dict[tuple[int, str], int] = {}
    for entry in entries:
        for attachment in entry.event.attachments:
            sha = str(attachment.get("sha256"))
            number = len(exhibits) + 1
            numbers[(entry.event.id, sha)] = number
            info = attachments.get(sha)
            exhibits.append(
                {
                    "number": number,
                    "event": entry.event.id,
                    "name": attachment.get("name", "attachment"),
                    "file": f"exhibits/{exhibit_file_name(number, str(attachment.get('name', 'attachment')))}",
                    "sha256": sha,
                    "size_bytes": info.size_bytes if info else None,
                    "media_type": info.media_type if info else None,
                    "width_px": info.width_px if info else None,
                    "height_px": info.height_px if info else None,
                    "inline_image": bool(info and info.media_type in INLINE_IMAGES),
                    "missing": info is None,
                }
            )
    read: dict[str, Event] = {}
    for event in events:  # the latest reading of each picture
        if event.kind == "ocr" and isinstance(event.details.get("ocr"), dict):
            read[str(event.details["ocr"].get("sha256"))] = event
    for exhibit in exhibits:
        reading = read.get(exhibit["sha256"])
        if reading is not None:  # only where a picture was read: older bundles re-derive unchanged
            found = reading.details["ocr"]
            exhibit["ocr"] = {
                "event": reading.id,
                "text": reading.text,
                "engine": found.get("engine"),
                "languages": found.get("languages"),
                "confidence": found.get("confidence"),
                "machine_read": True,
            }
    timeline = []
    for number, entry in enumerate(entries, start=1):
        event = entry.event
        promise = entry.promise
        timeline.append(
            {
                "number": number,
                "event": event.id,
                "kind": event.kind,
                "occurred": entry.occurred,
                "recorded_utc": event.recorded_utc,
                "backdated": event.backdated,
                "text": entry.text,
                "fields": entry.fields,
                "corrections": [
                    {
                        "event": c.id,
                        "recorded_utc": c.recorded_utc,
                        "text": c.text,
                        "changes": c.details.get("changes", {}),
                    }
                    for c in entry.corrections
                ],
                "original": {"text": event.text, "occurred": event.occurred} if entry.corrections else None,
                "promise": None
                if promise is None
                else {
                    "what": promise.what,
                    "due": promise.due,
                    "state": promise.state,
                    "settled_by": promise.settled_by,
                },
                "exhibits": [numbers[(event.id, str(a.get("sha256")))] for a in event.attachments],
                "email": _email(event.details.get("email")) if event.kind == "email" else None,
                "transcript": event.details.get("transcript") if event.kind == "transcript" else None,
                "details": {k: event.details.get(k) for k in ("facts", "outcome", "target", "note")},
            }
        )
        # Recorded under a replaced clock (COMPLAINTCTL_NOW): its times are what the user set, not the
        # machine's. Named only where it applies, so that bundles without one re-derive as they always did.
        if event.details.get("clock_override"):
            timeline[-1]["clock_override"] = event.details["clock_override"]
    # In the order `show` prints them, whatever order the events set them in: the bytes must not depend on it.
    facts = {name: state.facts[name] for name in sorted(state.facts, key=_fact_order)}
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lang": lang,
        "exported_utc": now.isoformat(timespec="seconds"),  # the exporter's own offset, whoever verifies it
        "today": now.date().isoformat(),
        "case": {
            "id": state.id,
            "title": state.title,
            "facts": facts,
            "fact_labels": {k: fact_labels(lang).get(k, FACT_LABELS[k]) for k in facts if k in FACT_LABELS},
            "status": state.status,
            "resolved": state.resolved,
            "opened_utc": state.opened_utc,
            "events_count": state.events_count,
            "chain_head": state.head_hash,
        },
        "summary": issue_paragraph(
            facts, lang, next((str(e.occurred)[:10] for e in entries if e.event.kind == "delivered"), None)
        ),
        "remedies": remedies,
        "next_step": next_step,
        "timeline": timeline,
        "exhibits": exhibits,
        "promises": [promise_document(p, utc_stamp(now)) for p in state.promises.values()],
        "thread_flags": thread_flags,
        "statistics": _statistics(state, events, now.date()),
        "integrity": {
            "chain_head": state.head_hash,
            "how_to_verify": labels(lang)["how_to_verify"],
            "events": [{"id": e.id, "seq": e.seq, "hash": e.hash, "prev_hash": e.prev_hash} for e in events],
            "exhibits": [{"number": x["number"], "sha256": x["sha256"]} for x in exhibits],
        },
        "events": [e._asdict() for e in events],
    }
    from complaintctl.evidence.reconcile import disagreements, export_lacks

    found, lacks = disagreements(state.facts, events, state.promises), export_lacks(events)
    if found or lacks:  # only cases with an imported export carry it: older bundles re-derive unchanged
        document["export_check"] = {"disagreements": [d.as_dict() for d in found], "lacks": lacks}
    return document
