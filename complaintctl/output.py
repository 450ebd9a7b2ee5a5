"""Writing what the user exports: whole or not at all, readable by the owner alone."""

from __future__ import annotations

import os
from pathlib import Path

from complaintctl.errors import ComplaintError


def write_private(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename it into place, so a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ComplaintError(f"cannot write {path} ({error.strerror}): choose another place") from None


def output_dir(path: Path | None) -> Path:
    folder = (path or Path.cwd()).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ComplaintError(f"{folder} is a file: -o takes a folder to write into")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise ComplaintError(f"cannot create {folder} ({error.strerror}): choose another folder with -o") from None
    return folder
