"""Opening the file, its migrations, and the transactions every other part of the store writes and reads in.

The standard ``sqlite3`` module serves every command; sqlite-utils (slow to import) is loaded only when a
migration has to run, so that `log` starts as fast as Typer itself.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Self

from complaintctl.core import testpoints
from complaintctl.errors import ComplaintError
from complaintctl.store.schema import MIGRATION_SET, MIGRATIONS, MIGRATIONS_TABLE

BUSY_TIMEOUT_S = 60.0


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner alone, before SQLite opens it.

    SQLite gives its -wal and -shm files the same permissions as the database, so they stay private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _connect_read_only(path: Path, flags: str) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S
        )
    except sqlite3.DatabaseError as error:
        raise ComplaintError(database_message(path, error)) from None
    connection.row_factory = sqlite3.Row
    return connection


class StoreBase:
    """The connection and what every part of the store stands on: opening, migrating, transactions."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = connection
        self.path = path
        self.read_only = read_only
        self.scratch: Path | None = None  # the private copy a read-only database with a WAL is read from

    @classmethod
    def open(cls, path: Path) -> Self:
        if path.exists() and not _writable(path):
            return cls._open_read_only(path)
        try:
            create_private_file(path)
        except OSError as error:
            raise ComplaintError(
                f"cannot create the database at {path} ({error.strerror}): choose another place with --db"
            ) from None
        connection: sqlite3.Connection | None = None
        try:
            # isolation_level=None: transactions are begun explicitly (see _write), never implicitly.
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError as error:
            if "readonly" in str(error) or "read-only" in str(error):
                if connection is not None:
                    connection.close()
                return cls._open_read_only(path)
            raise ComplaintError(database_message(path, error)) from None
        except sqlite3.DatabaseError as error:
            raise ComplaintError(database_message(path, error)) from None
        store = cls(connection, path)
        store._migrate()
        return store

    @classmethod
    def open_reader(cls, path: Path) -> Self:
        """A second, read-only connection to a database another process of this run already holds open (the
        helper that walks half of `verify`'s chains)."""
        return cls._checked_read_only(_connect_read_only(path, "mode=ro"), path)

    @classmethod
    def _open_read_only(cls, path: Path) -> Self:
        """A database on a write-protected stick or folder: everything that only reads still works.

        Entries committed into a WAL beside the file (a stick pulled out before the last close folded them
        in) are part of the database and must be read. In a read-only folder SQLite reads a WAL only through
        its -shm index, so without one the three files are read from a private copy. With no WAL at all,
        ``immutable`` tells SQLite nobody writes there, which a write-protected medium guarantees.
        """
        wal = path.with_name(path.name + "-wal")
        if os.access(path.parent, os.W_OK) or not _has_content(wal):
            flags = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
            return cls._checked_read_only(_connect_read_only(path, flags), path)
        if path.with_name(path.name + "-shm").exists():
            connection: sqlite3.Connection | None = None
            try:
                connection = _connect_read_only(path, "mode=ro")
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return cls._checked_read_only(connection, path)
            except (sqlite3.DatabaseError, ComplaintError):
                if connection is not None:  # an index SQLite cannot use read-only: read a copy instead
                    connection.close()
        return cls._read_only_copy(path)

    @classmethod
    def _read_only_copy(cls, path: Path) -> Self:
        import tempfile  # rarely needed, and it loads `random`: kept off every command's start-up

        scratch = Path(tempfile.mkdtemp(prefix="complaintctl-read-only-"))
        try:
            for suffix in ("", "-wal"):
                shutil.copyfile(path.with_name(path.name + suffix), scratch / f"copy.db{suffix}")
            store = cls._checked_read_only(_connect_read_only(scratch / "copy.db", "mode=ro"), path)
        except OSError as error:
            shutil.rmtree(scratch, ignore_errors=True)
            raise ComplaintError(
                f"{path} is read-only with entries in its -wal file, and no copy could be made to read them "
                f"({error.strerror}): copy the folder to a writable place, then use --db with the copy"
            ) from None
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        store.scratch = scratch
        return store

    @classmethod
    def _checked_read_only(cls, connection: sqlite3.Connection, path: Path) -> Self:
        store = cls(connection, path, read_only=True)
        applied = store._applied_migrations()
        if applied is None or len(applied) < len(MIGRATIONS):
            if applied is not None and all(name in MIGRATIONS for name in applied):
                raise ComplaintError(
                    f"{path} is read-only and needs an upgrade: copy it to a writable place, "
                    "then use --db with the copy"
                )
            store._migrate()  # refuses a newer or foreign file with the same words as ever
        return store

    def close(self) -> None:
        self.conn.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    # -- schema -------------------------------------------------------------------------------------------

    def _applied_migrations(self) -> list[str] | None:
        try:
            rows = self.conn.execute(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id", (MIGRATION_SET,)
            ).fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        except sqlite3.DatabaseError as error:
            raise ComplaintError(database_message(self.path, error)) from None
        return [row[0] for row in rows]

    def _migrate(self) -> None:
        applied = self._applied_migrations()
        if applied is not None:
            unknown = [name for name in applied if name not in MIGRATIONS]
            if unknown:
                raise ComplaintError(
                    f"{self.path} was written by a newer complaintctl (schema {unknown[-1]}): "
                    "upgrade complaintctl to open it"
                )
            if len(applied) == len(MIGRATIONS):
                return
        if applied is None and self._has_foreign_tables():
            raise ComplaintError(f"{self.path} is not a complaintctl database: choose another file with --db")
        from sqlite_utils import Database

        from complaintctl.store.migrations import migrations

        with self._write():
            # Another process may have migrated while we waited for the write lock: pending() re-reads.
            migrations.apply(Database(self.conn))

    def _has_foreign_tables(self) -> bool:
        row = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return bool(row[0])

    # -- transactions -------------------------------------------------------------------------------------

    def atomic(self) -> AbstractContextManager[None]:
        """Group several writes (many appends, one import) into one transaction: all stored, or none."""
        return self._write()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One atomic write. IMMEDIATE takes the write lock up front, so a concurrent writer waits on the
        busy timeout instead of failing with "database is locked" when its read turns into a write.
        Inside atomic() it joins the transaction already open."""
        if self.conn.in_transaction:
            yield
            return
        if self.read_only:
            raise ComplaintError(
                f"{self.path} is read-only (a write-protected disk or folder): show, verify, "
                "export and backup work; to add to it, copy it somewhere writable and use --db"
            )
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise ComplaintError(busy_message(error)) from None
        testpoints.reached("write-begun")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        testpoints.reached("write-before-commit")
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self.conn.execute("ROLLBACK")
            raise ComplaintError(busy_message(error)) from None
        testpoints.reached("write-committed")

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A consistent snapshot across several SELECTs; inside a write it reads what that write holds."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")


def busy_message(error: sqlite3.OperationalError) -> str:
    if "locked" in str(error) or "busy" in str(error):
        return f"the database stayed busy for {BUSY_TIMEOUT_S:.0f} s (another complaintctl is writing): try again"
    return f"the database refused the write ({error}): check the disk and run `complaintctl verify`"


def database_message(path: Path, error: sqlite3.DatabaseError) -> str:
    if "not a database" in str(error) or "malformed" in str(error):
        return f"{path} is not a readable complaintctl database ({error}): choose another file with --db"
    return f"cannot open {path} ({error}): check the path and its permissions"
