"""`verify --against` with one file of an export (the .pdf, .html, .md or .json it wrote, or one taken out of
the zip): the export event that recorded its bytes is found, and the chain head it recorded must still be in
the chain. A zip is checked whole by dossier/bundle.py and actions/verify.check_against."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

from complaintctl.actions.verify import Problem, check_head
from complaintctl.errors import ComplaintError
from complaintctl.store import Store

GIVE = "give the .zip, .pdf, .html, .md or .json that `complaintctl export` wrote"


def is_bundle(path: Path) -> bool:
    """A zip (the bundle): checked by its manifests; anything else is one document of an export."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def check_file(store: Store, path: Path, case_id: int | None = None) -> tuple[list[Problem], list[str]]:
    """The export that wrote ``path``'s bytes, and whether the history it closed is still here."""
    sha = _sha256(path)
    recorded = [
        (event, record, name)
        for event in store.exports_naming(sha)
        if (case_id is None or event.case_id == case_id)
        for record in [event.details.get("export")]
        if isinstance(record, dict)
        for name in [_document_named(record, sha)]
        if name
    ]
    if not recorded:
        return [
            Problem(
                f"{path.name} is not a file any export recorded in this database: its bytes were changed since, "
                "or it was exported from another database",
                case_id,
            )
        ], []
    event, record, name = recorded[-1]
    head = str(record.get("chain_head") or "")
    where = f"{record.get('file')}" if name == record.get("file") else f"{name} in {record.get('file')}"
    notes = [
        f"{path.name} holds the bytes of {where}, exported as event {event.id} of case {event.case_id} "
        f"({event.recorded_utc[:19]} UTC) at chain head {head[:16]}…"
    ]
    if not head:
        return [Problem(f"export event {event.id} records no chain head", event.case_id, event.id)], notes
    problems, said = check_head(store, head, event.case_id)
    return problems, [*notes, *([said] if said else [])]


def _document_named(record: dict[str, Any], sha: str) -> str:
    """The file the export wrote, or the document inside it, whose recorded hash is ``sha``."""
    if record.get("sha256") == sha:
        return str(record.get("file") or "")
    documents = record.get("documents")
    if isinstance(documents, dict):
        return next((str(name) for name, value in documents.items() if value == sha), "")
    return ""


def _sha256(path: Path) -> str:
    if path.exists() and not path.is_file():
        raise ComplaintError(f"{path} is not a regular file: {GIVE}")
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1024**2):
                digest.update(chunk)
    except FileNotFoundError:
        raise ComplaintError(f"{path} does not exist: {GIVE}") from None
    except OSError as error:
        raise ComplaintError(f"{path} cannot be read ({error.strerror}): check the path") from None
    return digest.hexdigest()
