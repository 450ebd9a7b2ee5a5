"""The dossier as a BagIt bag (RFC 8493) in a zip: the documents, the original exhibits, SHA-256 and SHA-512
manifests, and bag-info naming the case, the export time and the chain head. And checking one."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from complaintctl.core import testpoints
from complaintctl.core.chain import GENESIS, event_hash
from complaintctl.dossier.seal import bag_info, file_problems, info_problems, seal_of
from complaintctl.dossier.shape import shape_problem
from complaintctl.errors import ComplaintError

if TYPE_CHECKING:
    from complaintctl.evidence.timestamps import Anchors, Check

MAX_BUNDLE_MEMBERS = 100_000
MAX_UNPACKED_BYTES = 4 * 1024**3
# Deflate reaches about 1,000:1 on runs of one byte; real dossiers stay far below 100:1.
MAX_MEMBER_RATIO = 200


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
        bagit.make_bag(
            str(root),
            bag_info(dossier, dossier["exported_utc"]),
            checksums=["sha256", "sha512"],
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                archive.write(path, str(PurePosixPath(root.name) / path.relative_to(root).as_posix()))
        return buffer.getvalue()


class OpenedBundle(NamedTuple):
    """A bundle as checked: bag-info, every problem found, and the very bytes that were checked."""

    info: dict[str, Any]
    problems: list[str]
    dossier: dict[str, Any] | None  # None when dossier.json is missing or unreadable
    exhibits: dict[str, bytes]  # by SHA-256, only those that match it
    notes: tuple[str, ...] = ()  # trusted timestamps that check out, and the like
    sha256: str = ""  # of the zip file as read
    documents: dict[str, str] = {}  # SHA-256 of each document in data/, by name
    exported_utc: str | None = None  # the export time the chained seal gives


def _unsafe(member: zipfile.ZipInfo) -> str | None:
    name = PurePosixPath(member.filename)
    mode = member.external_attr >> 16
    if name.is_absolute() or ".." in name.parts or "\\" in member.filename or ":" in member.filename:
        return "an unsafe path"
    if "\x00" in member.orig_filename:  # Python's zipfile cuts the name there; other unzip tools may not
        return "a name with a NUL byte"
    if len(member.filename) > 1024 or any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in name.parts):
        return "an over-long name"
    if member.flag_bits & 0x1:
        return "an encrypted member"
    if member.is_dir() and (member.file_size or member.compress_size > 2):  # an empty deflate stream is 2 bytes
        return "a folder entry that carries data"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # no type bits: a plain file
        return "a link or a device"
    if member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1) and member.file_size > 1024**2:
        return "a member that unpacks far larger than it is stored (a zip bomb)"
    return None


def _safe_extract(archive: zipfile.ZipFile, target: Path) -> None:
    """Unpack member by member, counting the bytes actually written: a header cannot lie its way past a limit."""
    members = archive.infolist()
    if len(members) > MAX_BUNDLE_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ComplaintError("this zip is far too large to be a complaintctl bundle")
    names = [m.filename.rstrip("/") for m in members]
    if len(set(names)) != len(names):
        raise ComplaintError("the bundle holds two members with the same name: it was tampered with")
    seen: dict[str, str] = {}
    for member in members:
        other = seen.setdefault(_file_system_key(member.filename), member.filename)
        if other != member.filename:
            raise ComplaintError(
                f"the bundle holds {other!r} and {member.filename!r}, names that many file systems take for one "
                "file (they differ only in case, accents or the spelling of the path): the export did not write "
                "it that way; it was tampered with"
            )
    written = 0
    for member in members:
        problem = _unsafe(member)
        if problem:
            raise ComplaintError(
                f"the bundle holds {problem} ({member.filename!r}): it was not made by "
                "complaintctl, or it was tampered with"
            )
        destination = target.joinpath(*PurePosixPath(member.filename).parts)
        if member.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, open(destination, "xb") as sink:
                while chunk := source.read(1024**2):
                    written += len(chunk)
                    if written > MAX_UNPACKED_BYTES:
                        raise ComplaintError("this zip is far too large to be a complaintctl bundle")
                    sink.write(chunk)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):  # a file and a folder of one name
            raise ComplaintError(
                f"the bundle holds {member.filename!r} where another member is a file or a folder of the same "
                "name: it was not made by complaintctl, or it was tampered with"
            ) from None


def _file_system_key(name: str) -> str:
    """The name as a file system may see it: "." and empty segments dropped, case and Unicode form folded
    (macOS and Windows take dossier.PDF for dossier.pdf, and é for e followed by a combining accent)."""
    import unicodedata

    parts = [part for part in name.split("/") if part not in ("", ".")]
    return unicodedata.normalize("NFC", "/".join(parts)).casefold()


def chain_problems(dossier: dict[str, Any]) -> list[str]:
    """Recompute the hash chain from dossier.json's events (shaped as shape.shape_problem demands)."""
    problems = []
    events = sorted(dossier["events"], key=lambda e: e["seq"])
    previous = GENESIS
    for position, event in enumerate(events, start=1):
        if event["seq"] != position or event["prev_hash"] != previous:
            problems.append(f"event {event['id']} does not follow the one before it in dossier.json")
        if event_hash(event) != event["hash"]:
            problems.append(f"event {event['id']} in dossier.json does not match its hash")
        previous = event["hash"]
    if previous != dossier["case"]["chain_head"]:
        problems.append("dossier.json's chain head does not match its last event")
    return problems


def document_problems(dossier: Any) -> list[str]:
    """Everything wrong with a dossier document on its own: its shape first, then its hash chain."""
    problem = shape_problem(dossier)
    return [problem] if problem else chain_problems(dossier)


def read_document(data: bytes) -> Any:
    try:
        document = json.loads(data.decode("utf-8"))
        # JSON may escape half a character ("\ud800"), which no UTF-8 text, hash or database row can hold.
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ComplaintError(
            "dossier.json holds an escaped half character (such as \\ud800): it was not made by complaintctl"
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ComplaintError(
            "dossier.json is not readable JSON: it was not made by complaintctl, or it was damaged"
        ) from None
    return document


UNSEALED = (
    "dossier.json does not end with the export's seal: its files and export time are not bound to the "
    "chain (a bundle made before complaintctl sealed them, or its last events were cut off)"
)


# A bundle is self-contained: whoever made it computed its chain, so only a checked stamp ties it to a time.
UNVOUCHED = (
    "no trusted timestamp in this bundle checked out against a trust anchor outside it: its chain shows the "
    "files agree with each other, not when they were made (stamp the case before exporting, and verify with "
    "--tsa-ca CA.pem)"
)

UNVOUCHED_GIVEN = (
    "nothing outside the bundle vouches for its history, and a bundle rewritten by someone with complaintctl's "
    "own code would look exactly like this one"
)


def open_bundle(path: Path, trusted: Anchors | None = None) -> OpenedBundle:
    """Check a bag and return what was checked; restore uses these bytes, never a second read of the zip."""
    if path.exists() and not path.is_file():
        raise ComplaintError(f"{path} is not a regular file: give the .zip that `complaintctl export` wrote")
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the ZipFile, or below)
    except FileNotFoundError:
        raise ComplaintError(f"{path} does not exist: give the .zip that `complaintctl export` wrote") from None
    except OSError as error:
        raise ComplaintError(f"{path} cannot be read ({error.strerror}): check the path") from None
    with handle:
        digest = hashlib.sha256()
        try:
            while chunk := handle.read(1024**2):
                digest.update(chunk)
            handle.seek(0)
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ComplaintError(f"{path} is not a zip file: give the .zip that `complaintctl export` wrote") from None
        with archive, tempfile.TemporaryDirectory(prefix="complaintctl-verify-") as temporary:
            try:
                _safe_extract(archive, Path(temporary))
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, RuntimeError):
                raise ComplaintError(
                    f"{path} is a damaged zip (a member does not unpack or fails its CRC): use another copy "
                    "of the bundle"
                ) from None
            testpoints.reached("bundle-unpacked")
            opened = _check_bag(path, Path(temporary), trusted)._replace(sha256=digest.hexdigest())
            stray = _stray_bytes(handle, archive)
            return opened._replace(problems=[stray, *opened.problems]) if stray else opened


def _stray_bytes(handle: BinaryIO, archive: zipfile.ZipFile) -> str | None:
    """Bytes of the zip that belong to no member: before, between or after them, or in a comment. The export
    writes none, and whatever a zip carries there (a second document, a program) other readers may show."""
    import struct

    size = handle.seek(0, io.SEEK_END)
    handle.seek(size - 22)
    end = handle.read(22)
    if archive.comment or any(member.comment for member in archive.infolist()) or end[:4] != b"PK\x05\x06":
        return "the zip carries a comment, or bytes after its end: the export writes neither"
    directory_size = struct.unpack("<I", end[12:16])[0]
    directory_end = size - 22 - (76 if directory_size == 0xFFFFFFFF else 0)  # zip64 records sit between
    if directory_size != 0xFFFFFFFF and archive.start_dir + directory_size != directory_end:
        return "the zip holds bytes between its directory and its end: the export writes none"
    position, described = 0, False
    for member in sorted(archive.infolist(), key=lambda m: m.header_offset):
        if not _adjoins(position, member.header_offset, described):
            return f"the zip holds bytes that belong to no member (before {member.filename[:80]!r}): the export writes none"
        handle.seek(member.header_offset)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return f"the zip's entry for {member.filename[:80]!r} is not where its directory says"
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        position = member.header_offset + 30 + name_length + extra_length + member.compress_size
        described = bool(member.flag_bits & 0x08)
    if not _adjoins(position, archive.start_dir, described):
        return "the zip holds bytes that belong to no member (before its directory): the export writes none"
    return None


def _adjoins(position: int, start: int, described: bool) -> bool:
    """``start`` follows ``position`` directly, or after the data descriptor the member before it announced."""
    return start == position or (described and start - position in (12, 16, 20, 24))


def _check_bag(path: Path, unpacked: Path, trusted: Anchors | None) -> OpenedBundle:
    import bagit

    logging.getLogger("bagit").setLevel(logging.ERROR)
    roots = [p.parent for p in unpacked.rglob("bagit.txt")]
    if len(roots) != 1:
        raise ComplaintError(f"{path} is not a BagIt bundle (no single bagit.txt inside)")
    root = roots[0]
    strays = [p for p in unpacked.rglob("*") if p.is_file() and root not in p.parents]
    if strays:
        raise ComplaintError(
            f"{path} holds files outside its bag ({strays[0].name!r}): it was not made by "
            "complaintctl, or it was tampered with"
        )
    try:
        bag = bagit.Bag(str(root))
    except (bagit.BagError, UnicodeDecodeError, ValueError) as error:
        raise ComplaintError(f"{path} is not a valid bag ({error}): it was not made by complaintctl") from None
    info = dict(bag.info)
    problems: list[str] = []
    try:
        bag.validate()
    except bagit.BagValidationError as error:
        problems += [f"bag: {detail}" for detail in (getattr(error, "details", None) or [error.message])]
    except (bagit.BagError, UnicodeDecodeError, ValueError) as error:
        problems.append(f"bag: {error}")
    document = root / "data" / "dossier.json"
    if not document.is_file():
        problems.append("the bundle has no data/dossier.json")
        return OpenedBundle(info, problems, None, {})
    try:
        dossier = read_document(document.read_bytes())
    except ComplaintError as error:
        problems.append(str(error))
        return OpenedBundle(info, problems, None, {})
    found = document_problems(dossier)
    problems += found
    if found:
        return OpenedBundle(info, problems, None, {})
    seal = seal_of(dossier)
    if seal is None:
        problems.append(UNSEALED)
    else:
        problems += info_problems(info, bag_info(dossier, seal["exported_utc"]))
        problems += file_problems(root, seal)
        if dossier.get("exported_utc") != seal["exported_utc"]:
            problems.append("dossier.json's export time differs from the one its seal event records")
    exhibits, exhibit_problems = _exhibits(root, dossier)
    problems += exhibit_problems
    documents = {p.name: p.read_bytes() for p in (root / "data").glob("dossier.*") if p.is_file()}
    notes: list[str] = []
    if problems:  # re-deriving (a PDF takes seconds) tells nothing more about a bundle already broken
        notes.append("the documents were not re-derived: the bundle is already broken")
    elif seal is not None:
        problems += _rederive(dossier, exhibits, documents, seal["exported_utc"])
    checks: list[Check] = []
    if any(event["kind"] == "stamped" for event in dossier["events"]):
        from complaintctl.evidence.timestamps import check_stamps

        events = sorted(dossier["events"], key=lambda e: e["seq"])
        checks = check_stamps(events, exhibits.get, trusted)
        problems += [check.message for check in checks if check.status == "failed"]
        notes += [check.message for check in checks if check.status != "failed"]
    verified = {check.event_id for check in checks if check.status == "verified"}
    if verified:
        notes.append(_unstamped_tail(dossier["events"], verified))
    elif trusted is not None and trusted.given:  # asked to check against an authority: nothing did
        problems.append(f"no stamp in this bundle checks out against {trusted.source}: {UNVOUCHED_GIVEN}")
    else:
        notes.append(UNVOUCHED)
    return OpenedBundle(
        info,
        problems,
        dossier,
        exhibits,
        tuple(notes),
        documents={name: hashlib.sha256(content).hexdigest() for name, content in documents.items()},
        exported_utc=seal["exported_utc"] if seal else None,
    )


def _unstamped_tail(events: list[dict[str, Any]], verified: set[int]) -> str:
    """What the last checked stamp does not cover: the entries recorded after the chain head it names."""
    from complaintctl.dossier.reading import OWN_KINDS

    seq_of = {event["hash"]: event["seq"] for event in events}
    stamped = [
        seq_of.get(str(json.loads(event["details_json"]).get("stamp", {}).get("chain_head")), 0)
        for event in events
        if event["id"] in verified
    ]
    last = max(stamped)
    after = [event for event in events if event["seq"] > last and event["kind"] not in OWN_KINDS]
    if not after:
        return "every entry of the bundle is covered by a checked stamp"
    return (
        f"{len(after)} entr{'y' if len(after) == 1 else 'ies'} of the bundle (from event {after[0]['id']} on) came "
        "after the chain head its last checked stamp vouches for: nothing outside the bundle vouches for them"
    )


def _rederive(dossier: dict[str, Any], exhibits: dict[str, bytes], documents: dict[str, bytes], at: str) -> list[str]:
    from datetime import datetime

    from complaintctl.dossier.derive import rederive
    from complaintctl.rules.packs import load_packs

    try:
        now = datetime.fromisoformat(at)
    except ValueError:
        return ["the export's seal records no readable export time"]
    try:
        packs = load_packs()
    except ComplaintError as error:
        return [f"the documents cannot be re-derived: {error}"]
    return rederive(dossier, exhibits, documents, packs, now)


def _exhibits(root: Path, dossier: dict[str, Any]) -> tuple[dict[str, bytes], list[str]]:
    folder = (root / "data" / "exhibits").resolve()
    exhibits: dict[str, bytes] = {}
    problems: list[str] = []
    for exhibit in dossier["exhibits"]:
        file = (root / "data" / exhibit["file"]).resolve()
        if file.parent != folder:
            problems.append(f"exhibit {exhibit['number']} points outside data/exhibits/ ({exhibit['file']!r})")
            continue
        if not file.is_file():
            continue  # listed as missing from the database when exported: the dossier says so itself
        content = file.read_bytes()
        if hashlib.sha256(content).hexdigest() != exhibit["sha256"]:
            problems.append(f"exhibit {exhibit['number']} does not match the SHA-256 the dossier gives")
            continue
        exhibits[exhibit["sha256"]] = content
    return exhibits, problems
