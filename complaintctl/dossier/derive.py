"""The dossier as a function of the chained events: what `export` writes and what `verify --bundle` re-derives.

Both paths call ``dossier_of`` with the same rows, so a bundle whose HTML, PDF, Markdown or any derived part
of dossier.json differs from what its own hash-chained events produce is caught, not only one whose files
disagree with their manifest (a forger rebuilds manifests too).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from complaintctl.core.casefile import CaseState, Event, contacts_of, fold
from complaintctl.dossier.words import LANGUAGES
from complaintctl.evidence.files import AttachmentInfo
from complaintctl.rules.packs import Pack


def dossier_of(
    state: CaseState,
    events: list[Event],
    attachments: dict[str, AttachmentInfo],
    packs: list[Pack],
    now: datetime,
    *,
    advice: tuple[list[dict[str, Any]], dict[str, Any]] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The whole dossier document. ``advice`` (remedies, next step) is computed from ``packs`` unless given."""
    from complaintctl.core.timeline import timeline
    from complaintctl.dossier.model import build_dossier
    from complaintctl.evidence.threads import thread_flags_of
    from complaintctl.rules.assess import assess

    flags = thread_flags_of(events)
    if advice is None:
        found = assess(state, events, contacts_of(events), packs, now, [flag.message for flag in flags])
        advice = [r.as_dict() for r in found.results], found.advice.as_dict()
    return build_dossier(
        state,
        events,
        timeline(state, events),
        attachments,
        now=now,
        remedies=advice[0],
        next_step=advice[1],
        thread_flags=[flag.as_dict() for flag in flags],
        lang=lang,
    )


def exhibit_bytes(dossier: dict[str, Any], by_sha: dict[str, bytes]) -> dict[int, bytes]:
    return {x["number"]: by_sha[x["sha256"]] for x in dossier["exhibits"] if not x["missing"] and x["sha256"] in by_sha}


def rederive(
    dossier: dict[str, Any], by_sha: dict[str, bytes], documents: dict[str, bytes], packs: list[Pack]
) -> tuple[list[str], list[str]]:
    """Problems where the bundle's documents differ from what its events produce, and notes on what could not
    be re-derived. ``dossier`` has passed shape_problem and chain_problems; ``documents`` maps file names in
    data/ (dossier.json, .html, .md, .pdf) to their bytes."""
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.evidence.files import describe

    events = [Event(**{field: row[field] for field in Event._fields}) for row in dossier["events"]]
    state = fold(int(dossier["case"]["id"]), events)
    attachments = {}
    for sha, content in by_sha.items():
        found = describe("x", content)
        attachments[sha] = AttachmentInfo(sha, found.size_bytes, found.media_type, found.width_px, found.height_px)
    try:
        now = datetime.fromisoformat(str(dossier["exported_utc"]))
    except (KeyError, ValueError):
        return ["dossier.json has no readable export time"], []
    notes: list[str] = []
    lang = dossier.get("lang", "en")
    if lang not in LANGUAGES:
        return [f"dossier.json names an unknown language {str(lang)[:10]!r}"], []
    derived = dossier_of(state, events, attachments, packs, now, lang=lang)
    used = {(r.get("pack"), r.get("pack_version")) for r in dossier.get("remedies") or [] if isinstance(r, dict)}
    if used != {(r["pack"], r["pack_version"]) for r in derived["remedies"]}:
        notes.append(
            "the rule packs differ from those the export used: its remedies and next step were taken as "
            "written, not re-derived"
        )
        derived = dossier_of(
            state,
            events,
            attachments,
            packs,
            now,
            lang=lang,
            advice=(dossier.get("remedies") or [], dossier.get("next_step") or {}),
        )
    problems = [
        f"dossier.json's {key} differs from what its events produce"
        for key in derived
        if key != "events" and dossier.get(key) != derived[key]
    ]
    exhibits = exhibit_bytes(derived, by_sha)
    for name, content in sorted(documents.items()):
        kind = name.rsplit(".", 1)[-1]
        if kind not in EXPORTERS or kind == "pdf":
            continue
        if EXPORTERS[kind]().render(derived, exhibits) != content:
            problems.append(f"{name} differs from what the events produce")
    if "dossier.pdf" in documents:
        problems += _pdf_problems(documents["dossier.pdf"], derived, exhibits, notes)
    return problems, notes


def _pdf_problems(pdf: bytes, derived: dict[str, Any], exhibits: dict[int, bytes], notes: list[str]) -> list[str]:
    from complaintctl.dossier.pdf import dejavu_files, font_family
    from complaintctl.dossier.render import PdfExporter
    from complaintctl.errors import ComplaintError

    # Laid out again with the fonts it names, so that it compares byte for byte on any machine; a PDF in
    # DejaVu cannot be laid out again where DejaVu is missing, and says so rather than pass unchecked quietly.
    family = font_family(pdf)
    if family == "DejaVu" and dejavu_files() is None:
        notes.append(
            "dossier.pdf could not be checked here: it was laid out with the DejaVu fonts, which this "
            "machine lacks (install fonts-dejavu-core, then verify again); the other documents were"
        )
        return []
    try:
        expected = PdfExporter().render(derived, exhibits, fonts=family)
    except ComplaintError as error:
        notes.append(f"dossier.pdf could not be checked here: {error}")
        return []
    return [] if expected == pdf else ["dossier.pdf differs from what the events produce"]
