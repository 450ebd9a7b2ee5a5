"""The seal of a bundle: a chained event, the last one of the bundle's own dossier.json, that names the export
time and every file the export writes. Pure.

A manifest proves only that files match the manifest, and a forger rebuilds manifests. The seal is inside the
hash chain, so the set of files in the bag (nothing planted, nothing removed), the export time the advice was
computed at, and every bag-info value are all bound to the chain head.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from complaintctl.core.vocabulary import SEALED

TAG_FILES = frozenset(
    {
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    }
)
DOCUMENTS = ("dossier.json", "dossier.html", "dossier.md", "dossier.pdf")
AGENT = "complaintctl"


def seal_details(exported_utc: str, exhibit_files: list[str], documents: list[str]) -> dict[str, Any]:
    """What the seal event records: the export time, and every file of data/ the bag will hold."""
    return {"seal": {"exported_utc": exported_utc, "files": sorted([*documents, *exhibit_files])}}


def seal_of(dossier: dict[str, Any]) -> dict[str, Any] | None:
    """The seal a (shape-checked, chain-checked) dossier ends with, or None when its last event is no seal."""
    last = max(dossier["events"], key=lambda event: event["seq"])
    if last["kind"] != SEALED:
        return None
    seal = json.loads(last["details_json"]).get("seal")
    if not (
        isinstance(seal, dict)
        and isinstance(seal.get("exported_utc"), str)
        and isinstance(seal.get("files"), list)
        and all(isinstance(name, str) for name in seal["files"])
    ):
        return None
    return seal


def bag_info(dossier: dict[str, Any], exported_utc: str) -> dict[str, str]:
    """bag-info.txt, every value from the chain (Payload-Oxum aside, which bagit computes and checks)."""
    case = dossier["case"]
    return {
        "Source-Organization": "complaintctl",
        "External-Identifier": f"complaintctl-case-{case['id']}",
        "External-Description": str(case["title"])[:200],
        "Complaintctl-Case": str(case["id"]),
        "Complaintctl-Export-Time": exported_utc,
        "Complaintctl-Chain-Head": case["chain_head"],
        "Bagging-Date": exported_utc[:10],
        "Bag-Software-Agent": AGENT,
    }


def file_problems(root: Path, seal: dict[str, Any]) -> list[str]:
    """Every file in the bag the export did not write, and every file it wrote that is gone."""
    problems = []
    found = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file() or path.is_symlink()}
    tags = {name for name in found if "/" not in name}
    payload = {name[len("data/") :] for name in found if name.startswith("data/")}
    others = found - tags - {f"data/{name}" for name in payload}
    for name in sorted(tags - TAG_FILES | others):
        problems.append(f"{name} is in the bag, but the export did not write it: it was added afterwards")
    written = set(seal["files"])
    for name in sorted(payload - written):
        problems.append(f"data/{name} is in the bag, but the export did not write it: it was added afterwards")
    for name in sorted(written - payload):
        problems.append(f"data/{name}, which the export wrote, is missing from the bag")
    return problems


def info_problems(info: dict[str, Any], expected: dict[str, str]) -> list[str]:
    """bag-info values that differ from the chained ones, and any field the export did not write."""
    problems = []
    for name in sorted(set(info) | set(expected)):
        if name == "Payload-Oxum":
            continue
        if name not in expected:
            problems.append(f"bag-info.txt has a field {name[:40]!r} the export did not write")
        elif info.get(name) != expected[name]:
            problems.append(f"bag-info.txt's {name} differs from the export's chained record")
    return problems
