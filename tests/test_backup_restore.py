"""backup and restore: a consistent copy, and a case brought back from its dossier, hash chain included."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from helpers.cases import UK_CASE
from helpers.files import png_bytes


def build(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(5, 5))
    cli("log", "1", "Screenshot", "--attach", str(shot), "--promise", "refund", "--due", "2026-11-17")
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11", "Asked")


def test_backup_is_a_full_private_copy_and_never_overwrites(cli, make_case, tmp_path):
    build(cli, make_case, tmp_path)
    copy = tmp_path / "copy.db"
    assert cli("backup", str(copy)).stdout.strip() == str(copy)
    assert "Intact: 1 case(s), 3 event(s)" in cli("--db", str(copy), "verify").stderr
    assert cli("--db", str(copy), "show", "1", "--json").json() == cli("show", "1", "--json").json()
    assert "already exists" in cli.fails("backup", str(copy))
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli("backup", str(folder)).stdout.strip().startswith(str(folder / "complaintctl-"))


def test_restore_from_a_bundle_into_a_new_database(cli, make_case, tmp_path):
    build(cli, make_case, tmp_path)
    bundle = cli("export", "1", "-o", str(tmp_path)).stdout.strip()
    original = cli("show", "1", "--json").json()
    fresh = tmp_path / "fresh.db"
    assert "Restored case 1" in cli("--db", str(fresh), "restore", bundle).stderr
    restored = cli("--db", str(fresh), "show", "1", "--json").json()
    # The bundle holds the history up to its own seal; the event recording the written zip comes after it.
    sealed, exported = original["timeline"][-2:]
    assert sealed["kind"] == "sealed" and restored["timeline"] == original["timeline"][:-1]
    assert exported["kind"] == "exported" and restored["chain_head"][:16] in exported["text"]
    assert restored["events_count"] == original["events_count"] - 1
    assert "Intact" in cli("--db", str(fresh), "verify").stderr
    assert "already exists" in cli.fails("--db", str(fresh), "restore", bundle)


def test_restore_refuses_what_fails_verification(cli, make_case, tmp_path):
    build(cli, make_case, tmp_path)
    json_path = cli("export", "1", "-f", "json", "-o", str(tmp_path)).stdout.strip()
    dossier = json.loads(Path(json_path).read_text())
    assert "holds no bytes for 1 attachment" in cli.fails("--db", str(tmp_path / "a.db"), "restore", json_path)
    dossier["events"][1]["text"] = "I was never promised anything"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(dossier))
    assert "fails verification" in cli.fails("--db", str(tmp_path / "b.db"), "restore", str(forged))
    bundle = cli("export", "1", "-o", str(tmp_path / "z")).stdout.strip()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("dossier.json"):
                data = data.replace(b"Screenshot", b"Screenshop")
            target.writestr(item, data)
    assert "fails verification" in cli.fails("--db", str(tmp_path / "c.db"), "restore", str(tampered))
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}')
    assert "not a complaintctl dossier" in cli.fails("--db", str(tmp_path / "d.db"), "restore", str(other))
    assert not (tmp_path / "b.db").exists() or cli("--db", str(tmp_path / "b.db"), "list", "--json").json() == []
