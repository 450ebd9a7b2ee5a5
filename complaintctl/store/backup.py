"""A copy of the whole database in one self-contained file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from complaintctl.core import testpoints
from complaintctl.errors import ComplaintError
from complaintctl.store.connection import StoreBase


class Backup(StoreBase):
    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API: safe while another process writes.

        It is written to a temporary file beside ``target``, synced to the disk, and only then renamed to
        ``target``: a backup cut short (a kill, a full disk, a pulled stick) never stands under a backup's name.
        """
        import tempfile

        try:
            descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as error:
            raise ComplaintError(
                f"cannot write the backup to {target} ({error.strerror}): choose another place"
            ) from None
        os.close(descriptor)
        temporary = Path(name)
        try:
            self._copy_into(temporary, target)
            testpoints.reached("backup-written")
            _sync(temporary)
            os.replace(temporary, target)
            _sync_folder(target.parent)
        except OSError as error:
            raise ComplaintError(
                f"cannot write the backup to {target} ({error.strerror}): choose another place"
            ) from None
        finally:
            temporary.unlink(missing_ok=True)

    def _copy_into(self, temporary: Path, target: Path) -> None:
        try:
            destination = sqlite3.connect(temporary)
        except sqlite3.Error as error:
            raise ComplaintError(f"cannot write the backup to {target} ({error}): choose another place") from None
        try:
            with destination:
                self.conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        except sqlite3.Error as error:
            raise ComplaintError(f"the backup to {target} failed ({error}): try again") from None
        finally:
            destination.close()


def _sync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """The rename itself reaches the disk only when the folder is synced (POSIX; elsewhere there is none)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
