"""`export`, `letter` and `stats`: what leaves the machine. A case gathered into a dossier (the store's rows,
the advice, the flags and the exhibits' bytes), rendered, bagged, written and recorded in the case; a letter
filled from the case; statistics over cases or exported bundles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.core import testpoints
from complaintctl.core.casefile import Event
from complaintctl.rules.packs import Pack
from complaintctl.store import Store

FORMATS = ("zip", "html", "pdf", "json", "md")


class Written(NamedTuple):
    path: Path
    dossier: dict[str, Any]
    recorded: Event | None  # the `exported` event; None when the database is read-only
    warnings: list[str]


def collect(
    store: Store,
    case_id: int,
    packs: list[Pack],
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
) -> tuple[dict[str, Any], dict[int, bytes]]:
    from complaintctl.dossier.derive import dossier_of

    # dossier.json keeps the export time to the second: advice is computed at that very moment, so that
    # `verify --bundle` derives exactly the same document from it.
    now = now.replace(microsecond=0)
    state, events = store.case_with_events(case_id)
    shas = sorted({a["sha256"] for e in events for a in e.attachments if "sha256" in a})
    dossier = dossier_of(state, events, store.attachments_info(shas), packs, now, lang=lang)
    exhibits: dict[int, bytes] = {}
    wanted = [x for x in dossier["exhibits"] if not x["missing"]]
    for done, exhibit in enumerate(wanted, start=1):
        exhibits[exhibit["number"]] = store.attachment_content(exhibit["sha256"])
        if progress:
            progress(done, len(wanted))
    return dossier, exhibits


def export_path(output: Path | None, case_id: int, chosen: str, now: datetime, lang: str = "en") -> Path:
    """Where the export goes: -o as a file or a folder, else here, named after the case, the day and the
    language (dossier-3-20261128-fr.pdf). Nothing is overwritten: a file -o names must not exist yet, and a
    name chosen here takes the next free suffix (dossier-3-20261128-fr-2.pdf)."""
    from complaintctl.actions.private_files import free_path, output_path
    from complaintctl.dossier.render import EXPORTERS

    suffix = ".zip" if chosen == "zip" else EXPORTERS[chosen].suffix
    path = output_path(output, f"dossier-{case_id}-{now:%Y%m%d}-{lang}", suffix)
    return free_path(path, named=output is not None and path == output.expanduser())


def write_export(
    store: Store, case_id: int, dossier: dict[str, Any], exhibits: dict[int, bytes], chosen: str, path: Path
) -> Written:
    """Render the collected dossier in one format (a bundle is write_bundle's), write it, and record the
    export in the case."""
    from complaintctl.actions.private_files import write_private
    from complaintctl.dossier.render import EXPORTERS

    content = EXPORTERS[chosen]().render(dossier, exhibits)
    documents = {f"dossier{EXPORTERS[chosen].suffix}": content}
    write_private(path, content)
    return Written(path, dossier, _record(store, case_id, dossier, path, content, documents, chosen), [])


def write_bundle(
    store: Store,
    case_id: int,
    packs: list[Pack],
    now: datetime,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
) -> Written:
    """The BagIt zip with every document and exhibit, sealed: an event naming the export time and every file
    is chained first, so the dossier the bag holds ends with it. Then written, and recorded in the case."""
    from complaintctl.actions.private_files import write_private
    from complaintctl.dossier.bundle import build_bag
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.errors import ComplaintError

    if store.read_only:
        raise ComplaintError(
            "a bundle is sealed by an event in the case's own chain, and this database is read-only: export "
            "--format json, html, pdf or md, or copy the database with `complaintctl backup` and export from it"
        )
    now = now.replace(microsecond=0)
    names = ["dossier.json", "dossier.html", "dossier.md", "dossier.pdf"]
    warnings: list[str] = []
    while True:
        seal = _seal(store, case_id, now, names)
        dossier, exhibits = collect(store, case_id, packs, now, progress, lang=lang)
        if dossier["case"]["chain_head"] != seal.hash:
            raise ComplaintError(f"case {case_id} changed while it was being exported: export it again")
        documents = {name: EXPORTERS[name.split(".")[1]]().render(dossier, exhibits) for name in names[:3]}
        if "dossier.pdf" not in names:
            break
        try:
            documents["dossier.pdf"] = EXPORTERS["pdf"]().render(dossier, exhibits)
            break
        except ComplaintError as error:  # sealed again without it: the seal must name exactly what is written
            warnings.append(f"no PDF in the bundle. {error}")
            names.remove("dossier.pdf")
    content = build_bag(dossier, exhibits, documents)
    write_private(path, content)
    testpoints.reached("bundle-written")
    return Written(path, dossier, _record(store, case_id, dossier, path, content, documents, "zip"), warnings)


def _seal(store: Store, case_id: int, now: datetime, documents: list[str]) -> Event:
    """Chain the seal: the export time and the files of data/ (documents, and the exhibits the store holds)."""
    from complaintctl.actions.record import record_seal
    from complaintctl.core.timeline import timeline
    from complaintctl.dossier.model import exhibit_file_name

    # Numbered as dossier.model numbers exhibits: in timeline order, one per attachment of each entry.
    state, events = store.case_with_events(case_id)
    entries = timeline(state, events)
    shas = sorted({str(a.get("sha256")) for entry in entries for a in entry.event.attachments})
    held = store.attachments_info(shas)
    files, number = [], 0
    for entry in entries:
        for attachment in entry.event.attachments:
            number += 1
            if str(attachment.get("sha256")) in held:
                files.append(f"exhibits/{exhibit_file_name(number, str(attachment.get('name', 'attachment')))}")
    return record_seal(store, case_id, now, files, documents)


def _record(
    store: Store,
    case_id: int,
    dossier: dict[str, Any],
    path: Path,
    content: bytes,
    documents: dict[str, bytes],
    chosen: str,
) -> Event | None:
    import hashlib

    from complaintctl.actions.record import record_export

    return record_export(
        store,
        case_id,
        chain_head=dossier["case"]["chain_head"],
        file_name=path.name,
        file_sha256=hashlib.sha256(content).hexdigest(),
        format=chosen,
        documents={name: hashlib.sha256(data).hexdigest() for name, data in documents.items()},
    )


def letter_text(store: Store, case_id: int, kind: str, lang: str, packs: list[Pack], now: datetime) -> str:
    """A letter of ``kind`` in ``lang``, filled from the case, its advice and its timeline."""
    from complaintctl.actions.advice import advise
    from complaintctl.core.timeline import timeline
    from complaintctl.dossier.letters import letter_context, render_letter

    found = advise(store, case_id, packs, now)
    state, events = store.case_with_events(case_id)
    return render_letter(kind, lang, letter_context(kind, lang, found, timeline(state, events), now, state.head_hash))


def case_statistics(store: Store) -> list[dict[str, Any]]:
    """Per issue type, over the cases in the database: cases, resolution rate, mean days to resolution."""
    from complaintctl.dossier.stats import CaseOutcome, aggregate

    return aggregate([CaseOutcome(*row) for row in store.case_outcomes()])


def bundle_statistics(bundles: list[Path]) -> list[dict[str, Any]]:
    """The same, over exported bundles (no database needed)."""
    from complaintctl.dossier.stats import aggregate, outcomes_from_bundles

    return aggregate(outcomes_from_bundles(bundles))
