"""Hostile files, terminals, clocks and disks: a clear line, never a hang or a traceback, nothing lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes
from helpers.mail import message, write_eml

ESC = "\x1b"


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    return cli


@pytest.mark.parametrize("option", ["--attach", "--transcript", "--email"])
def test_a_fifo_is_refused_instead_of_hanging(case, tmp_path, option):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = case.snapshot()
    args = ["log", "1", option, str(fifo)] + (["a note"] if option == "--attach" else [])
    assert "is not a regular file" in case.fails(*args)
    assert case.snapshot() == before


def test_a_fifo_among_rule_packs_is_refused(case, tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    os.mkfifo(folder / "pack.toml")
    assert "is not a regular file" in case.fails("check", "1", "--rules", str(folder))


def test_a_device_is_refused(case):
    assert "is not a regular file" in case.fails("log", "1", "x", "--attach", "/dev/zero")


def test_a_followed_symlink_is_said(case, tmp_path):
    real = tmp_path / "shot.png"
    real.write_bytes(png_bytes(2, 2))
    link = tmp_path / "link.png"
    link.symlink_to(real)
    result = case("log", "1", "Screenshot", "--attach", str(link))
    assert f"Note: {link} is a symbolic link: stored the file it points to, {real}" in result.stderr


def test_terminal_escapes_from_emails_and_notes_are_shown_not_obeyed(case, tmp_path):
    evil = f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\ {ESC}[2J\u202eexe.txt"
    write_eml(
        tmp_path / "m.eml",
        message(1, subject=f"Refund {evil}", body=f"Body {evil}", sender=f'"Agent {ESC}[31mRed" <cs@amazon.co.uk>'),
    )
    case("log", "1", "--email", str(tmp_path / "m.eml"))
    case("log", "1", f"Note {evil}", "--agent", f"Priya{ESC}[5m")
    case("set", "1", "--title", f"Title {ESC}[41m")
    outputs = [
        case(*args)
        for args in (
            ("show", "1"),
            ("list",),
            ("emails", "1"),
            ("search", "Note"),
            ("check", "1"),
            ("next", "1"),
            ("letter", "1", "formal"),
        )
    ]
    for result in outputs:
        assert ESC not in result.stdout + result.stderr and "\u202e" not in result.stdout, result
    assert "\\x1b[2J" in outputs[0].stdout and "\\u202e" in outputs[0].stdout


def _read_only(patch, db: Path) -> None:
    """A write-protected stick, as the tool sees it (root ignores mode bits, so os.access is what lies)."""
    real = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve() in (db.resolve(), db.parent.resolve()):
            return False
        return real(path, mode, *args, **kwargs)

    patch.setattr(os, "access", access)


def test_a_read_only_database_shows_verifies_exports_and_backs_up(case, tmp_path, monkeypatch):
    case("log", "1", "A note")
    shown = case("show", "1", "--json").json()
    with monkeypatch.context() as patch:
        _read_only(patch, case.db)
        assert case("show", "1", "--json").json() == shown
        assert "Intact" in case("verify").stderr
        exported = case("export", "1", "-f", "json", "-o", str(tmp_path / "out"))
        assert "not recorded in the case" in exported.stderr
        copy = tmp_path / "copy.db"
        case("backup", str(copy))
        assert "is read-only" in case.fails("log", "1", "Another note")
    assert case("show", "1", "--json").json() == shown
    assert case("--db", str(copy), "show", "1", "--json").json() == shown


@pytest.mark.parametrize("with_index", [True, False], ids=["wal-and-shm", "wal-alone"])
def test_a_read_only_database_shows_the_entries_committed_in_its_wal(case, tmp_path, monkeypatch, with_index):
    import shutil
    import sqlite3

    reader = sqlite3.connect(case.db)  # while it reads, the last close cannot fold the WAL into the file
    reader.execute("SELECT count(*) FROM events").fetchone()
    case("log", "1", "Committed into the WAL")
    stick = tmp_path / "stick"
    stick.mkdir()
    for suffix in ("", "-wal") + (("-shm",) if with_index else ()):
        shutil.copyfile(f"{case.db}{suffix}", stick / f"cases.db{suffix}")
    reader.close()
    db = stick / "cases.db"
    assert sqlite3.connect(f"{db.as_uri()}?immutable=1", uri=True).execute(
        "SELECT count(*) FROM events"
    ).fetchone() == (1,), "the note must be in the WAL only, for this test to mean anything"
    expected = case("show", "1", "--json").json()
    with monkeypatch.context() as patch:
        _read_only(patch, db)
        shown = case("--db", str(db), "show", "1", "--json").json()
        assert shown == expected and shown["timeline"][-1]["text"] == "Committed into the WAL"
        assert "Intact: 1 case(s), 2 event(s)" in case("--db", str(db), "verify").stderr
        copy = tmp_path / "copy.db"
        case("--db", str(db), "backup", str(copy))
        assert "is read-only" in case.fails("--db", str(db), "log", "1", "Another note")
    assert case("--db", str(copy), "show", "1", "--json").json() == expected
    assert sorted(path.name for path in stick.iterdir()) == sorted(
        ["cases.db", "cases.db-wal"] + (["cases.db-shm"] if with_index else [])
    )


def test_exports_never_use_a_guessable_temporary_name(case, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    trap = tmp_path / "victim"
    trap.write_text("keep me")
    (out / ".dossier-1-20261122.json.tmp").symlink_to(trap)  # where 0.1 wrote its temporary file
    path = Path(case("export", "1", "-f", "json", "-o", str(out)).stdout.strip())
    assert trap.read_text() == "keep me" and path.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([path.name, ".dossier-1-20261122.json.tmp"])


def test_o_with_the_formats_extension_writes_that_file(case, tmp_path):
    target = tmp_path / "for-the-bank.json"
    assert case("export", "1", "-f", "json", "-o", str(target)).stdout.strip() == str(target)
    assert target.exists() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "does not exist" in case.fails("export", "1", "-f", "json", "-o", str(tmp_path / "no" / "x.json"))


def test_backups_never_share_a_name_and_a_failed_one_leaves_nothing(case, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()
    first = case("backup", str(folder)).stdout.strip()
    second = case("backup", str(folder)).stdout.strip()  # the same second: COMPLAINTCTL_NOW is fixed
    assert first != second and Path(first).exists() and Path(second).exists()
    assert "does not exist" in case.fails("backup", str(tmp_path / "no-such-folder"))
    assert "does not exist" in case.fails("backup", str(tmp_path / "missing" / "x.db"))
    target = tmp_path / "named.db"
    assert case("backup", str(target)).stdout.strip() == str(target)

    import sqlite3

    from complaintctl.store import Store

    def broken(self, target):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "backup_to", broken)
    case("backup", str(tmp_path / "failed.db"), code=1)
    assert not (tmp_path / "failed.db").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("COMPLAINTCTL_NOW", "0001-01-01T00:00:00+14:00", "outside the years"),
        ("COMPLAINTCTL_NOW", "9999-12-31T23:59:59-12:00", "outside the years"),
        ("COMPLAINTCTL_MAX_ATTACHMENT_MB", "nan", "is not a size in MB"),
        ("COMPLAINTCTL_MAX_ATTACHMENT_MB", "inf", "is not a size in MB"),
    ],
)
def test_extreme_environment_values_are_clear_errors(case, tmp_path, monkeypatch, variable, value, message):
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(2, 2))
    monkeypatch.setenv(variable, value)
    assert message in case.fails("log", "1", "x", "--attach", str(shot))


@pytest.mark.parametrize("at", ["0001-01-01", "9999-12-31 23:59", "0001-01-01T00:00:00+14:00"])
def test_extreme_dates_are_clear_errors(case, at):
    assert "outside the years" in case.fails("log", "1", "x", "--at", at, "--force")
    assert "outside the years" in case.fails("set", "1", "--ordered", at)
