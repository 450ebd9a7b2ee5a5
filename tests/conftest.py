"""Tests drive the real CLI against a real temporary database, with a fixed clock and a fixed terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.cases import NOW
from typer.testing import CliRunner

from complaintctl.cli import load_commands

# No DNS in tests: DKIM keys come only from the records a test writes (an empty value: none at all).
os.environ.setdefault("COMPLAINTCTL_DKIM_KEYS", "")
# No background text reading unless a test asks for it: a detached reader adding events would race the
# event numbers other tests expect (tests/test_ocr.py turns it on).
os.environ.setdefault("COMPLAINTCTL_OCR", "off")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", help="run the long variants (many kills, big databases)")


def pytest_configure(config: pytest.Config) -> None:
    from helpers import fuzz

    fuzz.load(bool(config.getoption("--long")))  # before test modules are imported: they read it


@pytest.fixture
def long_run(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--long"))


APP = load_commands()


class Result:
    def __init__(self, raw: Any) -> None:
        self.exit_code: int = raw.exit_code
        self.stdout: str = raw.stdout
        self.stderr: str = raw.stderr
        self.exception = raw.exception

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


class Cli:
    def __init__(self, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db = db
        self.env = {
            "COMPLAINTCTL_DB": str(db),
            "COMPLAINTCTL_NOW": NOW,
            "COMPLAINTCTL_CONFIG": str(db.parent.parent / "settings" / "config.toml"),  # none unless a test writes it
            "COLUMNS": "200",
            "NO_COLOR": "1",
        }
        for name, value in self.env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, stdin: str | bytes | None = None) -> Result:
        """Run the CLI; ``code`` is the exit code expected, or None to accept any (the caller checks)."""
        result = Result(self.runner.invoke(APP, [str(a) for a in args], input=stdin))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"unexpected exception {result.exception!r}\n{result!r}") from result.exception
        if code is not None:
            assert result.exit_code == code, repr(result)
        return result

    def fails(self, *args: str, code: int = 1) -> str:
        """A refused command: returns its one-line error, and checks it is an error without a traceback."""
        result = self(*args, code=code)
        assert "Traceback" not in result.stderr, repr(result)
        if code == 1:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("Error: "), repr(result)
            return lines[0]
        return result.stderr

    def sql(self, statement: str, *parameters: Any) -> list[tuple[Any, ...]]:
        """Plain sqlite3 behind the tool's back, as a tamperer (or a curious test) would."""
        connection = sqlite3.connect(self.db, isolation_level=None)
        try:
            return connection.execute(statement, parameters).fetchall()
        finally:
            connection.close()

    def create_empty(self) -> None:
        """A database with no case yet: only `new` and `restore` start one where there is none."""
        from complaintctl.store import Store

        Store.open(self.db).close()

    def snapshot(self) -> list[list[tuple[Any, ...]]]:
        tables = ["cases", "events", "attachments", "promises"]
        return [self.sql(f"SELECT * FROM {table} ORDER BY 1") for table in tables]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(tmp_path / "data" / "cases.db", monkeypatch)


@pytest.fixture
def make_case(cli: Cli) -> Callable[..., int]:
    """Open a case through the real CLI; keyword arguments become options (order_id -> --order)."""

    def make(**facts: str) -> int:
        facts.setdefault("title", "Headphones never arrived")
        args = ["new", "--json"]
        for name, value in facts.items():
            args += ["--" + name.replace("_", "-"), value]
        return int(cli(*args).json()["id"])

    return make
