"""Writing what the user exports: whole or not at all, readable by the owner alone, never at a guessable name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from complaintctl.errors import ComplaintError


def write_private(path: Path, data: bytes) -> None:
    """Write through a fresh temporary file beside ``path`` and rename it into place.

    mkstemp makes the temporary name unguessable and creates it exclusively with mode 0600, so nobody can
    plant a link there; a crash leaves no half-written file under the final name.
    """
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
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


def output_path(path: Path | None, default_name: str, suffix: str) -> Path:
    """Where -o points: a file when it ends in the format's extension (its folder must exist), else a folder
    (created if need be) that receives ``default_name`` + ``suffix``."""
    if path is not None and path.suffix.lower() == suffix.lower() and not path.is_dir():
        target = path.expanduser()
        if not target.parent.is_dir():
            raise ComplaintError(f"the folder {target.parent} does not exist: create it, or choose another -o")
        return target
    return output_dir(path) / f"{default_name}{suffix}"


def free_path(path: Path, *, named: bool) -> Path:
    """``path`` if nothing is there yet. A file the user named (-o) is refused rather than overwritten; a name
    the tool chose takes the next free suffix: dossier-1-20261122-en-2.zip."""
    if not path.exists() and not path.is_symlink():
        return path
    if named:
        raise ComplaintError(f"{path} already exists: choose another name with -o, or move the old file away")
    for attempt in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{attempt}{path.suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise ComplaintError(f"{path.parent} already holds 999 files named {path.stem}: choose another folder")


def new_private_file(folder: Path, stem: str, suffix: str) -> Path:
    """A file name in ``folder`` that nobody else holds: ``stem``, or ``stem-2``, ``stem-3``... created
    exclusively, so two commands in the same second never share one."""
    for attempt in range(1, 1000):
        candidate = folder / (f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        except OSError as error:
            raise ComplaintError(f"cannot write in {folder} ({error.strerror}): choose another place") from None
        return candidate
    raise ComplaintError(f"{folder} already holds 999 files named {stem}: choose another folder")
