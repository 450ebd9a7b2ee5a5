"""Reading the text of a case's pictures: in a detached process right after `log` acknowledges, or with `ocr`.

Each reading is a chained `ocr` event beside the picture, marked as machine-read, with the engine, its
trained data and the languages. Readers take a lock file beside the database, so a picture is read once
however many readers start: `log` takes the lock before it starts the background reader and hands it over,
and `complaintctl ocr` waits for it, so it never reads a picture a background reader is busy with.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.actions import record
from complaintctl.core import clock, vocabulary
from complaintctl.core.casefile import Event
from complaintctl.evidence.files import AttachmentInfo
from complaintctl.evidence.ocr import MAX_PIXELS, READABLE, installed
from complaintctl.store import Store

SWITCH = "COMPLAINTCTL_OCR"  # "off": attach pictures without reading them (`complaintctl ocr` still reads)
LOCK_FD_VARIABLE = "COMPLAINTCTL_OCR_LOCK_FD"
NOTICE = "ocr-install-hint"
_STARTED: list[Any] = []  # background readers started by this process: kept, so none is reaped as garbage


class Picture(NamedTuple):
    event: Event
    sha256: str
    name: str
    info: AttachmentInfo


class OcrRun(NamedTuple):
    recorded: list[int]  # new readings (first readings, and readings that differ from the earlier one)
    same: list[tuple[str, int]]  # (picture, the earlier reading it matched)
    changed: list[tuple[str, int]]  # (picture, the earlier reading it differs from)
    skipped: list[str]


def pictures(events: list[Event], attachments: dict[str, AttachmentInfo]) -> list[Picture]:
    found: dict[str, Picture] = {}
    for event in events:
        for attachment in event.attachments:
            sha = str(attachment.get("sha256"))
            info = attachments.get(sha)
            if info is not None and info.media_type in READABLE and sha not in found:
                found[sha] = Picture(event, sha, str(attachment.get("name", "picture")), info)
    return list(found.values())


def readings(events: list[Event]) -> dict[str, Event]:
    """The latest reading of each picture, by its SHA-256."""
    latest: dict[str, Event] = {}
    for event in events:
        if event.kind == vocabulary.OCR and isinstance(event.details.get("ocr"), dict):
            latest[str(event.details["ocr"].get("sha256"))] = event
    return latest


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".ocr-lock")


@contextmanager
def reader_lock(db_path: Path) -> Iterator[None]:
    import fcntl

    handed = os.environ.pop(LOCK_FD_VARIABLE, None)
    descriptor = -1
    if handed and handed.isdigit():
        try:
            os.fstat(int(handed))
            descriptor = int(handed)  # the lock `log` took for us: already held
        except OSError:
            descriptor = -1
    if descriptor < 0:
        descriptor = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _same(earlier: Event, details: dict[str, Any], text: str) -> bool:
    before = earlier.details.get("ocr", {})
    keys = ("engine", "languages", "traineddata", "words")
    return earlier.text == text and all(before.get(key) == details.get(key) for key in keys)


def read_pictures(store: Store, case_id: int, *, again: bool) -> OcrRun:
    """Read the case's pictures: those never read, and with ``again`` every one, recording a reading only when
    it is new or differs from the earlier one (the same engine and data must give the same text)."""
    from complaintctl.evidence.ocr import current_engine, languages_for, read_picture

    found = current_engine()
    recorded: list[int] = []
    same: list[tuple[str, int]] = []
    changed: list[tuple[str, int]] = []
    skipped: list[str] = []
    with reader_lock(store.path):
        state, events = store.case_with_events(case_id)
        shas = sorted({str(a.get("sha256")) for e in events for a in e.attachments})
        done = readings(events)
        languages = languages_for(state.facts.get("country"), found.languages)
        for picture in pictures(events, store.attachments_info(shas)):
            earlier = done.get(picture.sha256)
            if earlier is not None and not again:
                continue
            if (picture.info.width_px or 0) * (picture.info.height_px or 0) > MAX_PIXELS:
                skipped.append(f"{picture.name}: over {MAX_PIXELS // 1_000_000} megapixels, not read")
                continue
            reading = read_picture(store.attachment_content(picture.sha256), languages, found)
            details = {
                **reading.details(),
                "of_event": picture.event.id,
                "sha256": picture.sha256,
                "name": picture.name,
            }
            if earlier is not None and _same(earlier, details, reading.text):
                same.append((picture.name, earlier.id))
                continue
            if earlier is not None:
                details["rereads"] = earlier.id
                changed.append((picture.name, earlier.id))
            event = record.append(
                store,
                case_id,
                kind=vocabulary.OCR,
                occurred=datetime.fromisoformat(picture.event.occurred),  # beside the picture in the timeline
                recorded=clock.now(),
                text=reading.text,
                details={"ocr": details},
            )
            recorded.append(event.id)
    return OcrRun(recorded, same, changed, skipped)


def has_pictures(store: Store, event: Event) -> bool:
    shas = [str(a.get("sha256")) for a in event.attachments]
    return any(info.media_type in READABLE for info in store.attachments_info(shas).values())


def start_background_reading(store: Store, case_id: int) -> bool:
    """Start a detached reader for the case's unread pictures; False when none can run (no Tesseract, or
    COMPLAINTCTL_OCR=off). The caller has already acknowledged what it stored: this only forks."""
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no", "false") or installed() is None:
        return False
    import fcntl
    import subprocess
    import sys

    descriptor = os.open(lock_path(store.path), os.O_RDWR | os.O_CREAT, 0o600)
    environment = dict(os.environ)
    handed: tuple[int, ...] = ()
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        environment[LOCK_FD_VARIABLE] = str(descriptor)
        handed = (descriptor,)
    except BlockingIOError:
        pass  # a reader is at work: ours waits for it, then reads what it left
    try:
        _STARTED.append(
            subprocess.Popen(
                [sys.executable, "-m", "complaintctl", "--db", str(store.path), "ocr", str(case_id), "--pending"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C at the terminal, or the terminal closing, does not stop it
                pass_fds=handed,
                env=environment,
            )
        )
    except OSError:
        return False
    finally:
        os.close(descriptor)  # the reader holds the lock now: it ends when the reader does
    return True


def install_hint_due(store: Store) -> bool:
    """True once per database: the first time a picture is attached with no Tesseract to read it."""
    return installed() is None and store.notice_once(NOTICE, clock.utc_stamp(clock.now()))
