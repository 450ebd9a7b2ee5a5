"""A copy of the whole database in one self-contained file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from complaintctl.errors import ComplaintError
from complaintctl.store.connection import StoreBase, create_private_file


class Backup(StoreBase):
    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API: safe while another process writes."""
        try:
            create_private_file(target)
            destination = sqlite3.connect(target)
        except (OSError, sqlite3.Error) as error:
            raise ComplaintError(f"cannot write the backup to {target} ({error}): choose another place") from None
        try:
            with destination:
                self.conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        except sqlite3.Error as error:
            raise ComplaintError(f"the backup to {target} failed ({error}): try again") from None
        finally:
            destination.close()
