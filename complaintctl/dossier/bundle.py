"""The dossier as a BagIt bag (RFC 8493) in a zip: the documents, the original exhibits, SHA-256 and SHA-512
manifests, and bag-info naming the case, the export time and the chain head. And checking one."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from complaintctl.chain import GENESIS, event_hash
from complaintctl.errors import ComplaintError

MAX_BUNDLE_MEMBERS = 100_000
MAX_UNPACKED_BYTES = 4 * 1024**3


def build_bag(dossier: dict[str, Any], exhibits: dict[int, bytes], documents: dict[str, bytes]) -> bytes:
    """The zip's bytes. ``documents`` maps dossier.html / dossier.pdf / dossier.json to their content."""
    import bagit

    logging.getLogger("bagit").setLevel(logging.ERROR)
    case = dossier["case"]
    with tempfile.TemporaryDirectory(prefix="complaintctl-bag-") as temporary:
        root = Path(temporary) / f"dossier-{case['id']}"
        (root / "exhibits").mkdir(parents=True)
        for name, content in documents.items():
            (root / name).write_bytes(content)
        for exhibit in dossier["exhibits"]:
            if exhibit["number"] in exhibits:
                target = root / exhibit["file"]
                if target.resolve().parent != (root / "exhibits").resolve():  # belt and braces: stay inside
                    raise ComplaintError(f"exhibit name {exhibit['name']!r} would leave the bundle")
                target.write_bytes(exhibits[exhibit["number"]])
        bagit.make_bag(str(root), {
            "Source-Organization": "complaintctl",
            "External-Identifier": f"complaintctl-case-{case['id']}",
            "External-Description": str(case["title"])[:200],
            "Complaintctl-Case": str(case["id"]),
            "Complaintctl-Export-Time": dossier["exported_utc"],
            "Complaintctl-Chain-Head": case["chain_head"],
        }, checksums=["sha256", "sha512"])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                archive.write(path, str(PurePosixPath(root.name) / path.relative_to(root).as_posix()))
        return buffer.getvalue()


def _safe_extract(archive: zipfile.ZipFile, target: Path) -> None:
    members = archive.infolist()
    if len(members) > MAX_BUNDLE_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ComplaintError("this zip is far too large to be a complaintctl bundle")
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in member.filename or member.external_attr >> 28 == 0xA:
            raise ComplaintError(f"the bundle holds an unsafe path ({member.filename!r}): it was not made by "
                                 "complaintctl, or it was tampered with")
    archive.extractall(target)


def chain_problems(dossier: dict[str, Any]) -> list[str]:
    """Recompute the hash chain from dossier.json's events."""
    problems = []
    events = sorted(dossier.get("events", []), key=lambda e: e["seq"])
    previous = GENESIS
    for position, event in enumerate(events, start=1):
        if event["seq"] != position or event["prev_hash"] != previous:
            problems.append(f"event {event['id']} does not follow the one before it in dossier.json")
        if event_hash(event) != event["hash"]:
            problems.append(f"event {event['id']} in dossier.json does not match its hash")
        previous = event["hash"]
    if events and previous != dossier["case"]["chain_head"]:
        problems.append("dossier.json's chain head does not match its last event")
    return problems


def verify_bundle(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The bag's info and every problem found (none when intact)."""
    import bagit

    logging.getLogger("bagit").setLevel(logging.ERROR)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ComplaintError(f"{path} does not exist: give the .zip that `complaintctl export` wrote") from None
    except (zipfile.BadZipFile, OSError):
        raise ComplaintError(f"{path} is not a zip file: give the .zip that `complaintctl export` wrote") from None
    problems: list[str] = []
    with archive, tempfile.TemporaryDirectory(prefix="complaintctl-verify-") as temporary:
        _safe_extract(archive, Path(temporary))
        roots = [p.parent for p in Path(temporary).rglob("bagit.txt")]
        if len(roots) != 1:
            raise ComplaintError(f"{path} is not a BagIt bundle (no single bagit.txt inside)")
        try:
            bag = bagit.Bag(str(roots[0]))
        except bagit.BagError as error:
            raise ComplaintError(f"{path} is not a valid bag ({error}): it was not made by complaintctl") from None
        info = dict(bag.info)
        try:
            bag.validate()
        except bagit.BagValidationError as error:
            problems += [f"bag: {detail}" for detail in (getattr(error, "details", None) or [error.message])]
        document = roots[0] / "data" / "dossier.json"
        if not document.exists():
            problems.append("the bundle has no data/dossier.json")
            return info, problems
        try:
            dossier = json.loads(document.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            problems.append("data/dossier.json is not readable JSON")
            return info, problems
        problems += chain_problems(dossier)
        if info.get("Complaintctl-Chain-Head") != dossier.get("case", {}).get("chain_head"):
            problems.append("bag-info's chain head differs from dossier.json's")
        for exhibit in dossier.get("exhibits", []):
            file = roots[0] / "data" / exhibit["file"]
            if file.exists() and hashlib.sha256(file.read_bytes()).hexdigest() != exhibit["sha256"]:
                problems.append(f"exhibit {exhibit['number']} does not match the SHA-256 the dossier gives")
    return info, problems
