"""Files as evidence: read whole, identified by SHA-256, typed by their bytes rather than their name."""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import NamedTuple

from complaintctl.errors import ComplaintError

DEFAULT_LIMIT_MB = 50
MAX_LIMIT_MB = 4096  # SQLite keeps a value in memory whole, and caps one at 2 GB by default anyway
LIMIT_VARIABLE = "COMPLAINTCTL_MAX_ATTACHMENT_MB"


class FileEvidence(NamedTuple):
    name: str
    content: bytes
    sha256: str
    media_type: str
    width_px: int | None = None
    height_px: int | None = None

    @property
    def size_bytes(self) -> int:
        return len(self.content)


class AttachmentInfo(NamedTuple):
    """What is known of a stored attachment without its bytes: the dossier numbers and describes exhibits by it."""

    sha256: str
    size_bytes: int
    media_type: str
    width_px: int | None
    height_px: int | None


def size_limit_bytes() -> int:
    raw = os.environ.get(LIMIT_VARIABLE)
    if not raw:
        return DEFAULT_LIMIT_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1
    if not math.isfinite(megabytes) or megabytes <= 0 or megabytes > MAX_LIMIT_MB:
        raise ComplaintError(
            f"{LIMIT_VARIABLE}={raw!r} is not a size in MB: use a number from 1 to {MAX_LIMIT_MB}, such as 50"
        )
    return int(megabytes * 1024 * 1024)


def safe_name(name: str) -> str:
    """The file's own name, without any directory part or control characters: it is shown and exported later."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return shortened_name(cleaned, 200) or "attachment"


def shortened(text: str, limit: int, *, in_bytes: bool = False) -> str:
    """``text`` cut to ``limit`` characters (UTF-8 bytes with ``in_bytes``), never inside a number: a word
    holding a digit that the limit would cut ("order 202-1234567-12…") goes whole, since half an order number
    reads as another one."""
    cut = text.encode("utf-8")[:limit].decode("utf-8", "ignore") if in_bytes else text[:limit]
    if cut == text:
        return text
    rest = text[len(cut) :]
    if cut[-1:].isspace() or rest[:1].isspace():
        return cut.rstrip()
    head, space, word = cut.rpartition(" ")
    kept = cut
    if any(ch.isdigit() for ch in word + rest.split(" ", 1)[0]):
        kept = head if space and head.strip() else re.sub(r"[\d.,/-]+$", "", cut)
    # A name that is one long number has no whole part to keep: then the limit cuts it.
    return kept.rstrip(" -_.,") or cut


def shortened_name(name: str, limit: int, *, in_bytes: bool = False) -> str:
    """A file name cut as ``shortened`` cuts text, its extension (".pdf") kept."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10 or not extension.isalnum():
        return shortened(name, limit, in_bytes=in_bytes)
    room = limit - (len(extension.encode("utf-8")) if in_bytes else len(extension)) - 1
    return f"{shortened(stem, room, in_bytes=in_bytes)}.{extension}" if room > 0 else shortened(name, limit)


def followed_link(path: Path) -> str | None:
    """A sentence for the user when ``path`` is a symbolic link: what is stored is the file it points to."""
    try:
        return (
            f"{path} is a symbolic link: stored the file it points to, {path.resolve()}" if path.is_symlink() else None
        )
    except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13; reading it says more
        return None


def read_file(path: Path, *, limit_bytes: int | None = None) -> FileEvidence:
    """Read one regular file to attach; every failure is a sentence the user can act on.

    Opened non-blocking and checked with fstat on the open descriptor: a FIFO or a device named as a file
    would otherwise hang the command, or feed it endless bytes.
    """
    limit = size_limit_bytes() if limit_bytes is None else limit_bytes
    try:
        if path.is_dir():
            raise ComplaintError(f"{path} is a folder: attach the files inside it one by one")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise ComplaintError(
                    f"{path} is not a regular file (a pipe, a device or a socket): save what it "
                    "holds to a file and give that"
                )
            if status.st_size > limit:
                raise ComplaintError(
                    f"{path} is {status.st_size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit: "
                    f"compress it, or raise {LIMIT_VARIABLE}"
                )
            content = handle.read(limit + 1)
    except FileNotFoundError:
        raise ComplaintError(f"{path} does not exist: check the path (nothing was saved)") from None
    except PermissionError:
        raise ComplaintError(f"{path} cannot be read (permission denied): check its permissions") from None
    except OSError as error:
        raise ComplaintError(f"{path} cannot be read ({error.strerror}): check the file") from None
    if len(content) > limit:  # the file grew while we read it
        raise ComplaintError(f"{path} is over the {limit / 1048576:.0f} MB limit: compress it")
    return describe(safe_name(path.name), content)


def describe(name: str, content: bytes) -> FileEvidence:
    media_type = sniff_media_type(content)
    width = height = None
    if media_type.startswith("image/"):
        width, height = image_size(content)
    return FileEvidence(
        name=safe_name(name),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        media_type=media_type,
        width_px=width,
        height_px=height,
    )


def sniff_media_type(content: bytes) -> str:
    import filetype

    kind = filetype.guess(content[:8192])
    if kind is not None:
        return str(kind.mime)
    if not content:
        return "application/x-empty"
    if _looks_like_rfc822(content):
        return "message/rfc822"
    if b"\x00" not in content[:8192]:
        try:
            content[:65536].decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the sample's end is still text.
            if error.start < min(len(content), 65536) - 4:
                return "application/octet-stream"
        return "text/plain"
    return "application/octet-stream"


HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")  # "Name:" as RFC 5322 allows it
_MAIL_HEADERS = (b"from:", b"received:", b"message-id:", b"date:", b"return-path:")


def _looks_like_rfc822(content: bytes) -> bool:
    """A block of header lines, two or more, naming at least one header every email carries."""
    head = content[:16384].split(b"\n\n", 1)[0].replace(b"\r", b"").split(b"\n")
    if len(head) < 2 or not all(HEADER_LINE.match(line) or line[:1] in (b" ", b"\t") for line in head if line):
        return False
    names = {line.split(b":", 1)[0].lower() + b":" for line in head if HEADER_LINE.match(line)}
    return bool(names & set(_MAIL_HEADERS))


def image_size(content: bytes) -> tuple[int | None, int | None]:
    import imagesize

    try:
        width, height = imagesize.get(io.BytesIO(content))
    except Exception:  # a damaged image is still evidence; its size is simply unknown
        return None, None
    if width is None or height is None or width < 0 or height < 0:
        return None, None
    return int(width), int(height)
