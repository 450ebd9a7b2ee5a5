"""Bringing a case back from an exported dossier (the .zip bundle, or its dossier.json), hash chain included.

Nothing is trusted until checked, and nothing stays written unless the restored case verifies inside the
same transaction: a forged bundle can never leave rows behind that break a case already in the database.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from complaintctl.core.casefile import CaseState
from complaintctl.errors import ComplaintError
from complaintctl.evidence.files import FileEvidence, describe
from complaintctl.store import Store


def _load(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The verified dossier document and the exhibits' bytes by SHA-256 (none for a bare JSON file)."""
    from complaintctl.dossier.bundle import UNSEALED, document_problems, open_bundle, read_document

    if not path.exists():
        raise ComplaintError(f"{path} does not exist: give the .zip (or .json) that complaintctl export wrote")
    if not path.is_file():
        raise ComplaintError(f"{path} is not a regular file: give the .zip (or .json) that complaintctl export wrote")
    if zipfile.is_zipfile(path):
        opened = open_bundle(path)
        # A bundle exported before sealing still carries a verified chain, which is all a restore takes (as from
        # its dossier.json alone); what the seal adds, that the bag holds exactly what was exported, it cannot.
        problems = [problem for problem in opened.problems if problem != UNSEALED]
        if problems or opened.dossier is None:
            problem = problems[0] if problems else "no dossier.json"
            raise ComplaintError(f"{path} fails verification ({problem}): it will not be restored")
        _check_format(opened.dossier, path)
        return opened.dossier, opened.exhibits
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ComplaintError(f"{path} cannot be read ({error.strerror}): check the path") from None
    try:
        dossier = read_document(data)
    except ComplaintError:
        raise ComplaintError(f"{path} is neither a dossier bundle nor a dossier JSON file") from None
    _check_format(dossier, path)
    problems = document_problems(dossier)
    if problems:
        raise ComplaintError(f"{path} fails verification ({problems[0]}): it will not be restored")
    return dossier, {}


def _check_format(dossier: Any, path: Path) -> None:
    from complaintctl.dossier.model import FORMAT

    if not isinstance(dossier, dict) or dossier.get("format") != FORMAT:
        raise ComplaintError(f"{path} is not a complaintctl dossier: give what complaintctl export wrote")


def restore(open_store: Callable[[], Store], path: Path) -> CaseState:
    """``open_store`` is called once the bundle has checked out: a refused bundle never creates a database
    (a later command would take an empty one at a mistyped --db for a real one)."""
    from complaintctl.actions.verify import verify

    dossier, exhibits = _load(path)
    case_id: int = dossier["case"]["id"]
    rows: list[dict[str, Any]] = dossier["events"]
    needed = {str(a["sha256"]) for row in rows for a in json.loads(row["details_json"]).get("attachments", [])}
    missing = needed - set(exhibits)
    if missing:
        raise ComplaintError(
            f"{path} holds no bytes for {len(missing)} attachment(s): restore from the .zip "
            "bundle, which carries the exhibits"
        )
    files: list[FileEvidence] = []
    for sha in sorted(needed):
        evidence = describe("exhibit", exhibits[sha])
        if evidence.sha256 != sha:
            raise ComplaintError(f"an exhibit of {path} does not match its SHA-256: it will not be restored")
        files.append(evidence)
    store = open_store()
    with store.atomic():
        try:
            state = store.restore_case(case_id, rows, files)
        except (ValueError, TypeError, KeyError):  # the fold of forged but well-chained events
            raise ComplaintError(f"{path} holds events that cannot be read back: nothing was written") from None
        report = verify(store, case_id)
        if not report.intact:  # raising here rolls the whole restore back
            raise ComplaintError(
                f"{path} does not verify once restored ({report.problems[0].message}): nothing was written"
            )
    return state
