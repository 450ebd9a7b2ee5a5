"""Files as evidence: read whole, identified by SHA-256, typed by their bytes rather than their name."""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from complaintctl.errors import ComplaintError

DEFAULT_LIMIT_MB = 50
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


def size_limit_bytes() -> int:
    raw = os.environ.get(LIMIT_VARIABLE)
    if not raw:
        return DEFAULT_LIMIT_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1
    if megabytes <= 0:
        raise ComplaintError(f"{LIMIT_VARIABLE}={raw!r} is not a size in MB: use a positive number such as 50")
    return int(megabytes * 1024 * 1024)


def safe_name(name: str) -> str:
    """The file's own name, without any directory part or control characters: it is shown and exported later."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return cleaned[:200] or "attachment"


def read_file(path: Path, *, limit_bytes: int | None = None) -> FileEvidence:
    """Read one file to attach; every failure is a sentence the user can act on."""
    limit = size_limit_bytes() if limit_bytes is None else limit_bytes
    try:
        if path.is_dir():
            raise ComplaintError(f"{path} is a folder: attach the files inside it one by one")
        size = path.stat().st_size
        if size > limit:
            raise ComplaintError(
                f"{path} is {size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit: "
                f"compress it, or raise {LIMIT_VARIABLE}"
            )
        with path.open("rb") as handle:
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
