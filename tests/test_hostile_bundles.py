"""Hostile bundles and forged dossiers: a one-line refusal, never a traceback, and nothing written.

A forger here has the project's own hash function, so every forged chain is internally consistent: what
must stop it is the shape check and the verification inside restore's transaction.
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes

from complaintctl.core.chain import GENESIS, event_hash


def _build(cli, make_case, tmp_path: Path) -> None:
    make_case(**UK_CASE)
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(5, 5))
    cli("log", "1", "Screenshot", "--attach", str(shot), "--promise", "refund", "--due", "2026-11-17")


def _rechain(dossier: dict[str, Any]) -> dict[str, Any]:
    """What a forger with event_hash does after editing: every hash and the head recomputed."""
    previous = GENESIS
    for event in sorted(dossier["events"], key=lambda e: e["seq"]):
        event["prev_hash"] = previous
        event["hash"] = previous = event_hash(event)
    dossier["case"]["chain_head"] = previous
    return dossier


def _export_json(cli, tmp_path: Path) -> dict[str, Any]:
    path = cli("export", "1", "-f", "json", "-o", str(tmp_path / "json")).stdout.strip()
    return json.loads(Path(path).read_text())


def _rewrite_zip(bundle: str, target: Path, change) -> Path:
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            result = change(item, source.read(item))
            if result is not None:
                out.writestr(item, result)
    return target


@pytest.fixture
def other_db(cli, tmp_path):
    """A second database that already holds case 1: a restore must never touch it."""
    db = tmp_path / "other.db"
    cli("--db", str(db), "new", "--title", "An existing case", "--country", "GB")
    cli("--db", str(db), "log", "1", "First note")
    return db


def _unchanged(cli, db: Path, before: Any) -> None:
    assert cli("--db", str(db), "show", "1", "--json").json() == before
    assert "Intact" in cli("--db", str(db), "verify").stderr


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda d: d["events"][1].update(case_id=1), id="event-of-another-case"),
        pytest.param(lambda d: d["events"][0].update(seq=1.0), id="float-seq"),
        pytest.param(lambda d: d["events"][0].update(id=True), id="bool-id"),
        pytest.param(lambda d: d["events"][1].update(text=["a list"]), id="list-text"),
        pytest.param(lambda d: d["case"].update(id="2"), id="string-case-id"),
        pytest.param(lambda d: d.update(events={"not": "a list"}), id="events-not-a-list"),
        pytest.param(lambda d: d.update(exhibits="nope"), id="exhibits-not-a-list"),
    ],
)
def test_a_forged_but_well_chained_dossier_is_refused_and_writes_nothing(cli, make_case, tmp_path, other_db, forge):
    _build(cli, make_case, tmp_path)
    dossier = _export_json(cli, tmp_path)
    dossier["case"]["id"] = 2
    for event in dossier["events"]:
        event["case_id"] = 2
        event["id"] += 100
    forge(dossier)
    if isinstance(dossier["events"], list) and isinstance(dossier["case"]["id"], int):
        _rechain(dossier)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(dossier))
    before = cli("--db", str(other_db), "show", "1", "--json").json()
    error = cli.fails("--db", str(other_db), "restore", str(forged))
    assert "fails verification" in error or "not a complaintctl dossier" in error, error
    _unchanged(cli, other_db, before)
    assert [c["id"] for c in cli("--db", str(other_db), "list", "--json").json()] == [1]


def test_events_that_cannot_be_folded_roll_the_restore_back(cli, make_case, tmp_path, other_db):
    _build(cli, make_case, tmp_path)
    dossier = _export_json(cli, tmp_path)
    dossier["case"]["id"] = 2
    for event in dossier["events"]:
        event["case_id"], event["id"] = 2, event["id"] + 100
        event["details_json"] = event["details_json"].replace('"attachments":', '"x":')
        event["details_json"] = event["details_json"].replace('"due":"2026-11-17', '"due":"not a date')
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(_rechain(dossier)))
    before = cli("--db", str(other_db), "show", "1", "--json").json()
    assert "nothing was written" in cli.fails("--db", str(other_db), "restore", str(forged))
    _unchanged(cli, other_db, before)
    assert cli.sql("SELECT 1") == [(1,)]
    import sqlite3

    with sqlite3.connect(other_db) as connection:
        assert connection.execute("SELECT count(*) FROM events WHERE case_id = 2").fetchone() == (0,)


def test_restore_uses_the_dossier_it_verified_not_a_stray_copy(cli, make_case, tmp_path):
    _build(cli, make_case, tmp_path)
    bundle = cli("export", "1", "-o", str(tmp_path / "z")).stdout.strip()
    with zipfile.ZipFile(bundle) as source:
        document = next(n for n in source.namelist() if n.endswith("data/dossier.json"))
        stray = source.read(document).replace(b"Screenshot", b"Screenshop")
    target = tmp_path / "stray.zip"
    _rewrite_zip(bundle, target, lambda item, data: data)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("aaa/data/dossier.json", stray)
    assert "outside its bag" in cli.fails("--db", str(tmp_path / "n.db"), "restore", str(target))
    assert "outside its bag" in cli.fails("verify", "--bundle", str(target))


def _zip(path: Path, members: dict[str, bytes], *, mode: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            archive.writestr(info, data)
    return path


def _with_document(bundle: str, target: Path, data: bytes) -> Path:
    return _rewrite_zip(bundle, target, lambda item, old: data if item.filename.endswith("data/dossier.json") else old)


def _hostile_bundles(bundle: str, tmp_path: Path) -> list[Path]:
    raw = Path(bundle).read_bytes()
    flipped = bytearray(raw)
    flipped[len(raw) // 3] ^= 0xFF
    (tmp_path / "flipped.zip").write_bytes(bytes(flipped))
    deep = b"[" * 100_000 + b"]" * 100_000
    hostile = [
        tmp_path / "flipped.zip",
        _with_document(bundle, tmp_path / "deep.zip", deep),
        _with_document(bundle, tmp_path / "wrong-type.zip", b'{"format": "complaintctl-dossier", "events": 7}'),
        _with_document(bundle, tmp_path / "list.zip", b"[1, 2, 3]"),
        _with_document(bundle, tmp_path / "binary.zip", bytes(range(256)) * 10),
        _zip(tmp_path / "bomb.zip", {"b/bagit.txt": b"BagIt-Version: 0.97\n", "b/data/x": b"\0" * 60_000_000}),
        _zip(tmp_path / "escape.zip", {"../../evil.txt": b"x"}),
        _zip(tmp_path / "absolute.zip", {"/tmp/evil.txt": b"x"}),
        _zip(tmp_path / "link.zip", {"b/bagit.txt": b"/etc/passwd"}, mode=stat.S_IFLNK | 0o777),
        _zip(tmp_path / "device.zip", {"b/bagit.txt": b""}, mode=stat.S_IFCHR | 0o666),
        _zip(tmp_path / "empty.zip", {}),
    ]
    with zipfile.ZipFile(tmp_path / "twice.zip", "w") as archive:
        archive.writestr("b/bagit.txt", b"one")
        with pytest.warns(UserWarning):
            archive.writestr("b/bagit.txt", b"two")
    hostile.append(tmp_path / "twice.zip")
    (tmp_path / "not-a-zip.zip").write_bytes(b"PK\x03\x04" + b"junk" * 100)
    hostile.append(tmp_path / "not-a-zip.zip")
    return hostile


def _exhibit_escape(bundle: str, tmp_path: Path, where: str) -> Path:
    with zipfile.ZipFile(bundle) as source:
        name = next(n for n in source.namelist() if n.endswith("data/dossier.json"))
        dossier = json.loads(source.read(name))
    dossier["exhibits"][0]["file"] = where
    return _with_document(bundle, tmp_path / f"exhibit-{len(where)}.zip", json.dumps(dossier).encode())


def test_hostile_bundles_get_one_line_and_no_traceback(cli, make_case, tmp_path):
    _build(cli, make_case, tmp_path)
    bundle = cli("export", "1", "-o", str(tmp_path / "z")).stdout.strip()
    hostile = _hostile_bundles(bundle, tmp_path)
    hostile += [_exhibit_escape(bundle, tmp_path, w) for w in ("../../../../etc/passwd", "/dev/zero", "exhibits")]
    before = cli.snapshot()
    for path in hostile:
        result = cli("verify", "--bundle", str(path), code=1)
        assert "Traceback" not in result.stderr and result.stderr.strip(), (path.name, result)
        target = tmp_path / f"{path.stem}.db"
        cli.fails("--db", str(target), "restore", str(path))
        assert not target.exists() or cli("--db", str(target), "list", "--json").json() == [], path.name
    assert cli.snapshot() == before


def test_an_exhibit_pointing_outside_the_bag_is_named(cli, make_case, tmp_path):
    _build(cli, make_case, tmp_path)
    bundle = cli("export", "1", "-o", str(tmp_path / "z")).stdout.strip()
    result = cli("verify", "--bundle", str(_exhibit_escape(bundle, tmp_path, "/dev/zero")), code=1)
    assert "points outside data/exhibits/" in result.stderr, result


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli, tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"b/bagit.txt": b"x", "b/data/x": b"\0" * 60_000_000})
    assert "zip bomb" in cli.fails("verify", "--bundle", str(bomb))


def test_random_byte_flips_in_a_bundle_never_give_a_traceback(cli, make_case, tmp_path):
    """Forty bundles, each with one byte flipped somewhere: an answer or a one-line refusal, every time."""
    import random

    _build(cli, make_case, tmp_path)
    bundle = Path(cli("export", "1", "-f", "zip", "-o", str(tmp_path / "z")).stdout.strip())
    raw = bundle.read_bytes()
    rng = random.Random(20261123)
    for number in range(40):
        flipped = bytearray(raw)
        flipped[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flip-{number}.zip"
        path.write_bytes(bytes(flipped))
        result = cli("verify", "--bundle", str(path), code=None)
        assert result.exit_code in (0, 1) and "Traceback" not in result.stderr, (number, result)


@pytest.mark.parametrize(
    ("case_id", "event_offset"),
    [(2**63 - 2, 0), (2, 2**63 - 10), (2, 2**53), (2, -10)],
    ids=["case-near-2^63", "events-near-2^63", "events-beyond-2^53", "event-below-1"],
)
def test_ids_a_database_cannot_count_on_from_are_refused(cli, make_case, tmp_path, case_id, event_offset):
    make_case(**UK_CASE)
    cli("log", "1", "Refund promised", "--promise", "refund", "--due", "2026-11-17")
    dossier = _export_json(cli, tmp_path)
    dossier["case"]["id"] = case_id
    for event in dossier["events"]:
        event["case_id"] = case_id
        event["id"] += event_offset
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(_rechain(dossier)))
    fresh = tmp_path / "fresh.db"
    assert "outside what this database can count on from" in cli.fails("--db", str(fresh), "restore", str(forged))
    cli("--db", str(fresh), "new", "--title", "Still counting")
    cli("--db", str(fresh), "log", "1", "a note")
    assert "Intact: 1 case(s), 2 event(s)" in cli("--db", str(fresh), "verify").stderr


# The zip itself: every forgery below passed `verify --bundle` as "Intact", or stopped it with a traceback.


def _members(bundle: str) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(bundle) as source:
        return [(item.filename, source.read(item)) for item in source.infolist()]


def _written(target: Path, members: list[tuple[Any, bytes]], *, comment: bytes = b"") -> bytes:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(name, data)
        out.comment = comment
    return target.read_bytes()


def _folder_with_data(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFDIR | 0o755) << 16
    return info


ZIP_FORGERIES = {
    # name: (how the members change, how the zip's bytes change, what the refusal names)
    "prefix": (lambda m: m, lambda raw: b"MZ" + bytes(200) + raw, "bytes that belong to no member"),
    "tail": (lambda m: m, lambda raw: raw + b"<script>alert(1)</script>", "bytes after its end"),
    "comment": (lambda m: m, None, "a comment"),
    "upper-case twin": (
        lambda m: [*m, ("dossier-1/data/dossier.PDF", dict(m)["dossier-1/data/dossier.pdf"])],
        lambda raw: raw,
        "'dossier-1/data/dossier.PDF'",
    ),
    "dot alias": (
        lambda m: [*m, ("dossier-1/./data/dossier.json", b"{}")],
        lambda raw: raw,
        "names that many file systems take for one file",
    ),
    "double slash alias": (
        lambda m: [("dossier-1//data/dossier.json", b"{}"), *m],
        lambda raw: raw,
        "names that many file systems take for one file",
    ),
    "unicode twin": (
        lambda m: [
            *m,
            ("dossier-1/data/exhibits/01-shot.png".replace("shot", "sho\u0302t"), b"x"),
            ("dossier-1/data/exhibits/01-sh\u00f4t.png", b"y"),
        ],
        lambda raw: raw,
        "accents",
    ),
    "file under a file": (
        lambda m: [*m, ("dossier-1/data/dossier.pdf/evil", b"x")],
        lambda raw: raw,
        "a file or a folder of the same name",
    ),
    "folder entry carrying data": (
        lambda m: [*m, (_folder_with_data("dossier-1/data/hidden/"), b"hidden payload")],
        lambda raw: raw,
        "a folder entry that carries data",
    ),
    "nul in a name": (
        lambda m: [*m, ("dossier-1/data/NULx", b"hidden")],
        lambda raw: raw.replace(b"dossier-1/data/NULx", b"dossier-1/data/\x00ULx"),
        "a name with a NUL byte",
    ),
}


@pytest.mark.parametrize("forgery", ZIP_FORGERIES, ids=list(ZIP_FORGERIES))
def test_a_zip_carrying_anything_the_export_did_not_write_is_never_intact(cli, make_case, tmp_path, forgery):
    _build(cli, make_case, tmp_path)
    bundle = cli("export", "1", "-o", str(tmp_path / "out")).stdout.strip()
    members, raw_change, named = ZIP_FORGERIES[forgery]
    comment = b"a note hidden in the zip" if forgery == "comment" else b""
    raw = _written(tmp_path / "rezipped.zip", members(_members(bundle)), comment=comment)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(raw_change(raw) if raw_change else raw)
    result = cli("verify", "--bundle", str(forged), code=1)
    assert "Traceback" not in result.stderr and "Intact" not in result.stderr, result
    assert named in result.stderr, result.stderr
    before = cli.snapshot()
    assert "Traceback" not in cli("--db", str(tmp_path / "fresh.db"), "restore", str(forged), code=1).stderr
    assert cli.snapshot() == before and not (tmp_path / "fresh.db").exists()
    # The same members written again as the export writes them: intact, so each refusal above is the forgery's.
    assert "Intact" in cli("verify", "--bundle", str(_rezip_plain(bundle, tmp_path))).stderr


def _rezip_plain(bundle: str, tmp_path: Path) -> Path:
    target = tmp_path / "plain.zip"
    _written(target, _members(bundle))
    return target
