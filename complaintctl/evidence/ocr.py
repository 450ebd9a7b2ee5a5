"""Text read from pictures by Tesseract, called through its command line. Machine-read, and marked so.

The same engine with the same trained data reads the same picture the same way: the engine's version, the
SHA-256 of each traineddata file and the languages are kept with the text, and Tesseract runs with
``OMP_THREAD_LIMIT=1`` (its threads would otherwise split the work differently from run to run).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError

ENGINE_VARIABLE = "COMPLAINTCTL_TESSERACT"  # another tesseract binary (or "none", to read no pictures)
READABLE = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/bmp")
MAX_PIXELS = 40_000_000  # a 40-megapixel screenshot is already absurd; a decompression bomb is far beyond
TIMEOUT_S = 120
INSTALL_HINT = (
    "install Tesseract to have the text of screenshots read and made searchable: "
    "sudo apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-deu "
    "(Debian, Ubuntu), or brew install tesseract tesseract-lang (macOS); then run complaintctl ocr CASE"
)
# Which trained languages read a case's pictures, by the case's country; English always comes with them.
COUNTRY_LANGUAGES = {
    "FR": "fra",
    "BE": "fra",
    "LU": "fra",
    "CH": "deu",
    "DE": "deu",
    "AT": "deu",
    "ES": "spa",
    "MX": "spa",
    "AR": "spa",
    "CL": "spa",
    "CO": "spa",
}


class Engine(NamedTuple):
    path: str
    version: str  # "tesseract 5.3.0"
    tessdata: str
    languages: tuple[str, ...]


class Reading(NamedTuple):
    text: str
    words: list[list[Any]]  # [text, left, top, width, height, confidence]
    confidence: float | None
    languages: list[str]
    engine: str
    traineddata: dict[str, str]  # language -> SHA-256 of its .traineddata file

    def details(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "languages": self.languages,
            "traineddata": self.traineddata,
            "settings": {"OMP_THREAD_LIMIT": "1", "output": "tsv"},
            "confidence": self.confidence,
            "words": self.words,
            "machine_read": True,
        }


def installed() -> str | None:
    """The tesseract binary, found cheaply (no process started): what `log` asks before it promises a reading."""
    chosen = os.environ.get(ENGINE_VARIABLE, "")
    if chosen.lower() == "none":
        return None
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which("tesseract")


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}


def current_engine() -> Engine:
    found = installed()
    if found is None:
        raise ComplaintError(f"Tesseract is not installed: {INSTALL_HINT}")
    return engine(found)


@lru_cache(maxsize=2)
def engine(found: str) -> Engine:
    try:
        version = subprocess.run(
            [found, "--version"], capture_output=True, timeout=30, env=_environment(), check=False
        ).stdout.decode("utf-8", "replace")
        listing = subprocess.run(
            [found, "--list-langs"], capture_output=True, timeout=30, env=_environment(), check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ComplaintError(f"Tesseract ({found}) does not run ({error}): reinstall it") from None
    first = version.strip().splitlines()[0] if version.strip() else "tesseract (version unknown)"
    folder = re.search(r'"([^"]+)"', listing)
    languages = tuple(line.strip() for line in listing.splitlines()[1:] if re.fullmatch(r"[a-z_]+", line.strip()))
    return Engine(found, first.strip(), folder.group(1) if folder else "", languages)


def languages_for(country: str | None, available: tuple[str, ...]) -> list[str]:
    wanted = [COUNTRY_LANGUAGES.get(str(country or "").upper(), ""), "eng"]
    chosen = [language for language in wanted if language and language in available]
    if not chosen:
        raise ComplaintError(
            "Tesseract has no English trained data: install tesseract-ocr-eng (Debian) or tesseract-lang (macOS)"
        )
    return chosen


@lru_cache(maxsize=16)
def traineddata_sha256(tessdata: str, language: str) -> str:
    digest = hashlib.sha256()
    try:
        with (Path(tessdata) / f"{language}.traineddata").open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unknown"
    return digest.hexdigest()


def read_picture(content: bytes, languages: list[str], found: Engine) -> Reading:
    """Run Tesseract once on the picture's bytes (on standard input: nothing is written to disk)."""
    try:
        done = subprocess.run(
            [found.path, "stdin", "stdout", "-l", "+".join(languages), "tsv"],
            input=content,
            capture_output=True,
            timeout=TIMEOUT_S,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ComplaintError(f"Tesseract took over {TIMEOUT_S} s on one picture: it was not read") from None
    except OSError as error:
        raise ComplaintError(f"Tesseract ({found.path}) does not run ({error}): reinstall it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ComplaintError(f"Tesseract could not read the picture ({message[-1] if message else 'no reason given'})")
    text, words = parse_tsv(done.stdout.decode("utf-8", "replace"))
    scores = [float(word[5]) for word in words]
    return Reading(
        text=text,
        words=words,
        confidence=round(sum(scores) / len(scores), 1) if scores else None,
        languages=languages,
        engine=found.version,
        traineddata={language: traineddata_sha256(found.tessdata, language) for language in languages},
    )


def parse_tsv(tsv: str) -> tuple[str, list[list[Any]]]:
    """Tesseract's TSV: the words with their boxes and confidence, and the text rebuilt from them (words of a
    line joined by spaces, lines by a line break, blocks by a blank line)."""
    words: list[list[Any]] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
            box = [int(cells[6]), int(cells[7]), int(cells[8]), int(cells[9])]
            confidence = round(float(cells[10]), 2)
        except ValueError:
            continue
        words.append([cells[11], *box, confidence])
        lines.setdefault((block, paragraph, line), []).append(cells[11])
    text_lines: list[str] = []
    previous_block = None
    for (block, _paragraph, _line), found in lines.items():
        if previous_block is not None and block != previous_block:
            text_lines.append("")
        text_lines.append(" ".join(found))
        previous_block = block
    return "\n".join(text_lines), words
