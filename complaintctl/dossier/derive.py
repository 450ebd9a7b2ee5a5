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
    dossier: dict[str, Any], by_sha: dict[str, bytes], documents: dict[str, bytes], packs: list[Pack], now: datetime
) -> list[str]:
    """Where the bundle's documents differ from what its events produce at ``now`` (the export time its seal
    records), or why they cannot be re-derived here. ``dossier`` has passed shape_problem and chain_problems;
    ``documents`` maps file names in data/ (dossier.json, .html, .md, .pdf) to their bytes."""
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.evidence.files import describe

    events = [Event(**{field: row[field] for field in Event._fields}) for row in dossier["events"]]
    state = fold(int(dossier["case"]["id"]), events)
    attachments = {}
    for sha, content in by_sha.items():
        found = describe("x", content)
        attachments[sha] = AttachmentInfo(sha, found.size_bytes, found.media_type, found.width_px, found.height_px)
    lang = dossier.get("lang", "en")
    if lang not in LANGUAGES:
        return [f"dossier.json names an unknown language {str(lang)[:10]!r}"]
    installed = {(pack.id, pack.version) for pack in packs}
    remedies = [r for r in dossier.get("remedies") or [] if isinstance(r, dict) and r.get("pack_version") != ""]
    used = {(r.get("pack"), r.get("pack_version")) for r in remedies}  # "": no pack covered the country
    unknown = sorted(f"{str(name)[:40]} {str(version)[:20]}" for name, version in used - installed)
    if unknown:
        return [
            f"the documents cannot be re-derived: pack version {', '.join(unknown)} is unknown to this installation "
            "(verify where the export was made, or with the complaintctl version that made it)"
        ]
    derived = dossier_of(state, events, attachments, packs, now, lang=lang)
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
        problems += _pdf_problems(documents["dossier.pdf"], derived, exhibits)
    return problems


def _pdf_problems(pdf: bytes, derived: dict[str, Any], exhibits: dict[int, bytes]) -> list[str]:
    from complaintctl.dossier.pdf import dejavu_files, font_family
    from complaintctl.dossier.render import PdfExporter
    from complaintctl.errors import ComplaintError

    # Laid out again with the fonts it names, so that it compares byte for byte on any machine. A PDF that
    # cannot be laid out again here is not called intact: nothing shows it says what the events say.
    family = font_family(pdf)
    if family == "DejaVu" and dejavu_files() is None:
        return [
            "dossier.pdf cannot be re-derived on this machine: it was laid out with the DejaVu fonts, which "
            "this installation lacks (reinstall complaintctl, whose package carries them, then verify again)"
        ]
    try:
        expected = PdfExporter().render(derived, exhibits, fonts=family)
    except ComplaintError as error:
        return [f"dossier.pdf cannot be re-derived on this machine: {error}"]
    return [] if expected == pdf else ["dossier.pdf differs from what the events produce"]
