"""Bringing a case back from an exported dossier (the .zip bundle, or its dossier.json), hash chain included."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from complaintctl.casefile import CaseState
from complaintctl.errors import ComplaintError
from complaintctl.evidence.files import FileEvidence, describe
from complaintctl.store import Store


def _load(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The dossier document and the exhibits' bytes by SHA-256 (none for a bare JSON file)."""
    if zipfile.is_zipfile(path):
        from complaintctl.dossier.bundle import verify_bundle

        _, problems = verify_bundle(path)
        if problems:
            raise ComplaintError(f"{path} fails verification ({problems[0]}): it will not be restored")
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            document = next(n for n in names if n.endswith("/data/dossier.json"))
            dossier = json.loads(archive.read(document))
            root = document.rsplit("data/dossier.json", 1)[0]
            exhibits = {x["sha256"]: archive.read(f"{root}data/{x['file']}") for x in dossier.get("exhibits", [])
                        if f"{root}data/{x['file']}" in names}
        return dossier, exhibits
    try:
        return json.loads(path.read_text(encoding="utf-8")), {}
    except FileNotFoundError:
        raise ComplaintError(f"{path} does not exist: give the .zip (or .json) that complaintctl export wrote") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise ComplaintError(f"{path} is neither a dossier bundle nor a dossier JSON file") from None


def restore(store: Store, path: Path) -> CaseState:
    from complaintctl.dossier.bundle import chain_problems
    from complaintctl.dossier.model import FORMAT

    dossier, exhibits = _load(path)
    if not isinstance(dossier, dict) or dossier.get("format") != FORMAT or not dossier.get("events"):
        raise ComplaintError(f"{path} is not a complaintctl dossier: give what complaintctl export wrote")
    try:
        problems = chain_problems(dossier)
        case_id = int(dossier["case"]["id"])
        rows = dossier["events"]
        needed = {a["sha256"] for row in rows for a in json.loads(row["details_json"]).get("attachments", [])}
    except (KeyError, TypeError, ValueError):
        raise ComplaintError(f"{path} is a damaged dossier (fields missing): it will not be restored") from None
    if problems:
        raise ComplaintError(f"{path} fails verification ({problems[0]}): it will not be restored")
    missing = needed - set(exhibits)
    if missing:
        raise ComplaintError(f"{path} holds no bytes for {len(missing)} attachment(s): restore from the .zip "
                             "bundle, which carries the exhibits")
    files: list[FileEvidence] = []
    for sha in sorted(needed):
        evidence = describe("exhibit", exhibits[sha])
        if evidence.sha256 != sha:
            raise ComplaintError(f"an exhibit of {path} does not match its SHA-256: it will not be restored")
        files.append(evidence)
    state = store.restore_case(case_id, rows, files)
    from complaintctl.integrity import verify

    report = verify(store, case_id)
    if not report.intact:  # cannot happen after the checks above; if it does, say so rather than hide it
        raise ComplaintError(f"case {case_id} was restored but does not verify: {report.problems[0].message}")
    return state
