"""A bundle is exactly what was exported: every file, the export time and bag-info are bound to the chain by
the seal event, the last event of the bundle's own dossier.json.

The forger here rebuilds the BagIt manifests after each change (bagit does that in one call) and, where it
matters, lays the documents out again from the events: what must stop it is the chain, not the manifests.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes

from complaintctl.core.casefile import Event, fold
from complaintctl.dossier.derive import dossier_of, exhibit_bytes
from complaintctl.dossier.render import EXPORTERS
from complaintctl.evidence.files import AttachmentInfo, describe
from complaintctl.rules.packs import load_packs


@pytest.fixture
def bundle(cli, make_case, tmp_path) -> Path:
    make_case(**UK_CASE)
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(5, 5))
    cli("log", "1", "Screenshot", "--attach", str(shot), "--promise", "refund", "--due", "2026-11-17")
    return Path(cli("export", "1", "-o", str(tmp_path / "out")).stdout.strip())


def forge(bundle: Path, target: Path, change) -> Path:
    """Unpack, change the bag's files, rebuild every manifest and tag manifest, and zip it again."""
    import bagit

    folder = target.with_suffix("")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    root = next(folder.iterdir())
    change(root)
    bag = bagit.Bag(str(root))
    bag.save(manifests=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    shutil.rmtree(folder)
    return target


def relaid(root: Path, change) -> None:
    """Lay every document out again from the bundle's own events, after ``change(dossier, exhibit bytes)``
    returns the dossier to write: what a forger with complaintctl's code does."""
    data = root / "data"
    original = json.loads((data / "dossier.json").read_text())
    events = [Event(**{name: row[name] for name in Event._fields}) for row in original["events"]]
    by_sha = {hashlib.sha256(p.read_bytes()).hexdigest(): p.read_bytes() for p in (data / "exhibits").iterdir()}
    attachments = {}
    for sha, content in by_sha.items():
        found = describe("x", content)
        attachments[sha] = AttachmentInfo(sha, found.size_bytes, found.media_type, found.width_px, found.height_px)
    dossier = change(original, events, attachments)
    exhibits = exhibit_bytes(dossier, by_sha)
    for kind in ("json", "html", "md", "pdf"):
        (data / f"dossier.{kind}").write_bytes(EXPORTERS[kind]().render(dossier, exhibits))


def broken(cli, path: Path) -> str:
    result = cli("verify", "--bundle", str(path), code=1)
    assert "Traceback" not in result.stderr and "Intact" not in result.stderr, result
    return result.stderr


def test_an_untouched_bundle_is_intact_and_names_only_chained_values(cli, bundle):
    dossier = json.loads(zipfile.ZipFile(bundle).read("dossier-1/data/dossier.json"))
    seal = json.loads(dossier["events"][-1]["details_json"])["seal"]
    assert dossier["events"][-1]["kind"] == "sealed" and seal["exported_utc"] == dossier["exported_utc"]
    assert seal["files"] == sorted(
        ["dossier.html", "dossier.json", "dossier.md", "dossier.pdf", "exhibits/01-shot.png"]
    )
    said = cli("verify", "--bundle", str(bundle)).stderr
    assert (
        f"Intact: {bundle} (case 1, exported 2026-11-22T12:00:00+00:00, chain head {dossier['case']['chain_head']})"
        in said
    )


@pytest.mark.parametrize(
    ("plant", "named"),
    [
        pytest.param(
            lambda r: (r / "data/exhibits/02-planted.png").write_bytes(png_bytes(3, 3)), "02-planted", id="exhibit"
        ),
        pytest.param(
            lambda r: (r / "data/dossier.PDF").write_bytes((r / "data/dossier.pdf").read_bytes()),
            "dossier.PDF",
            id="upper-case-pdf",
        ),
        pytest.param(
            lambda r: (r / "data/dossier.htm").write_text("<p>the seller admitted it</p>"), "dossier.htm", id="htm"
        ),
        pytest.param(lambda r: (r / "data/README").write_text("read me first"), "data/README", id="readme-in-data"),
        pytest.param(
            lambda r: (r / "README.txt").write_text("read me first"), "README.txt", id="readme-beside-the-tags"
        ),
    ],
)
def test_a_file_the_export_did_not_write_is_named(cli, bundle, tmp_path, plant, named):
    said = broken(cli, forge(bundle, tmp_path / "planted.zip", plant))
    assert named in said and "the export did not write it" in said


def test_the_documents_of_another_genuine_bundle_are_named(cli, bundle, tmp_path):
    cli("log", "1", "A later note")
    later = Path(cli("export", "1", "-o", str(tmp_path / "later")).stdout.strip())
    other = zipfile.ZipFile(later).read("dossier-1/data/dossier.html")
    said = broken(cli, forge(bundle, tmp_path / "mixed.zip", lambda r: (r / "data/dossier.html").write_bytes(other)))
    assert "dossier.html differs from what the events produce" in said


@pytest.mark.parametrize(
    ("remove", "named"),
    [
        pytest.param("data/exhibits/01-shot.png", "data/exhibits/01-shot.png", id="exhibit"),
        pytest.param("data/dossier.pdf", "data/dossier.pdf", id="pdf"),
        pytest.param("data/dossier.md", "data/dossier.md", id="markdown"),
    ],
)
def test_a_file_the_export_wrote_that_is_gone_is_named(cli, bundle, tmp_path, remove, named):
    said = broken(cli, forge(bundle, tmp_path / "cut.zip", lambda r: (r / remove).unlink()))
    assert f"{named}, which the export wrote, is missing from the bag" in said


def test_an_exhibit_marked_missing_after_the_export_is_caught(cli, bundle, tmp_path):
    def cut(root: Path) -> None:
        (root / "data/exhibits/01-shot.png").unlink()
        relaid(
            root,
            lambda d, events, attachments: dossier_of(
                fold(1, events), events, {}, load_packs(), datetime.fromisoformat(d["exported_utc"])
            ),
        )

    said = broken(cli, forge(bundle, tmp_path / "missing.zip", cut))
    assert "01-shot.png, which the export wrote, is missing" in said


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("Complaintctl-Export-Time", "2027-01-01T00:00:00+00:00"),
        ("Complaintctl-Case", "2"),
        ("External-Description", "A different story"),
        ("Bagging-Date", "2020-01-01"),
    ],
)
def test_bag_info_edited_is_caught(cli, bundle, tmp_path, field, value):
    def edit(root: Path) -> None:
        text = (root / "bag-info.txt").read_text().splitlines()
        kept = [line for line in text if not line.startswith(f"{field}:")]
        (root / "bag-info.txt").write_text("\n".join([*kept, f"{field}: {value}"]) + "\n")

    said = broken(cli, forge(bundle, tmp_path / "info.zip", edit))
    assert f"bag-info.txt's {field} differs from the export's chained record" in said


def test_an_export_time_moved_with_every_document_laid_out_again_is_caught(cli, bundle, tmp_path):
    """Moving the export time moves the advice (deadlines pass, days left change): the forger re-derives
    everything consistently, and the seal still holds the real time."""
    later = datetime.fromisoformat("2027-03-01T12:00:00+00:00")

    def move(root: Path) -> None:
        relaid(
            root, lambda d, events, attachments: dossier_of(fold(1, events), events, attachments, load_packs(), later)
        )
        text = (root / "bag-info.txt").read_text().replace("2026-11-22T12:00:00+00:00", later.isoformat())
        (root / "bag-info.txt").write_text(text)

    moved = forge(bundle, tmp_path / "moved.zip", move)
    document = json.loads(zipfile.ZipFile(moved).read("dossier-1/data/dossier.json"))
    original = json.loads(zipfile.ZipFile(bundle).read("dossier-1/data/dossier.json"))
    assert document["remedies"] != original["remedies"]  # the advice did change with the time
    said = broken(cli, moved)
    assert "export time differs from the one its seal event records" in said


def test_a_renamed_pack_version_cannot_be_re_derived_and_is_not_intact(cli, bundle, tmp_path):
    def rename(root: Path) -> None:
        def change(d, events, attachments):
            for remedy in d["remedies"]:
                remedy["pack_version"] = "9.9-elsewhere"
            return d

        relaid(root, change)

    said = broken(cli, forge(bundle, tmp_path / "renamed.zip", rename))
    assert "cannot be re-derived: pack version" in said and "9.9-elsewhere is unknown to this installation" in said


def test_a_bundle_without_a_seal_is_not_intact(cli, bundle, tmp_path):
    from complaintctl.core.chain import GENESIS, event_hash

    def unseal(root: Path) -> None:
        def change(d, events, attachments):
            kept = [e for e in events if e.kind != "sealed"]
            state = fold(1, kept)
            previous = GENESIS
            for event in kept:
                assert event.prev_hash == previous
                previous = event_hash(event._asdict())
            return dossier_of(state, kept, attachments, load_packs(), datetime.fromisoformat(d["exported_utc"]))

        relaid(root, change)

    unsealed = forge(bundle, tmp_path / "unsealed.zip", unseal)
    said = broken(cli, unsealed)
    assert "does not end with the export's seal" in said
    # A bundle from before sealing is still a verified chain, which is all a restore takes: it is restored
    # (as from its dossier.json alone), though `verify --bundle` cannot call the bag intact.
    fresh = tmp_path / "fresh.db"
    assert "Restored case 1" in cli("--db", str(fresh), "restore", str(unsealed)).stderr
    assert "Intact" in cli("--db", str(fresh), "verify").stderr


def test_against_compares_the_bundles_bytes_with_the_export_record(cli, bundle, tmp_path):
    assert "Intact" in cli("verify", "--against", str(bundle)).stderr
    rezipped = tmp_path / "rezipped.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(rezipped, "w", compression=zipfile.ZIP_STORED) as out:
        for item in source.infolist():
            out.writestr(item.filename, source.read(item))
    assert "Intact" in cli("verify", "--bundle", str(rezipped)).stderr  # the same files, in another zip
    said = cli("verify", "--against", str(rezipped), code=1).stderr
    assert "the bundle's bytes are not those the export recorded" in said and "Intact" not in said


def test_a_read_only_database_refuses_a_bundle_but_not_a_single_document(cli, make_case, tmp_path, monkeypatch):
    import os

    make_case(**UK_CASE)
    before = cli.snapshot()
    real = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve() in (cli.db.resolve(), cli.db.parent.resolve()):
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    assert "sealed by an event" in cli.fails("export", "1", "-o", str(tmp_path))
    cli("export", "1", "-f", "json", "-o", str(tmp_path))
    assert cli.snapshot() == before
