"""Chat transcripts pasted or saved from a chat window, before the agent closes it (seed 001). Pure.

Lines of the common shapes become speaker / time / text entries; a line without a time continues the message
before it; anything that does not parse is kept as text, never dropped.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError

_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?)"
_SPEAKER = r"(?P<speaker>[^\s:\[\]()][^:\[\]()]{0,59}?)"
SHAPES = (
    # [10:41] Priya: ...   [10:41 AM] Priya: ...   [2026-11-14 10:41] Priya: ...
    re.compile(rf"^\[\s*(?:(?P<date>\d{{4}}-\d{{2}}-\d{{2}})[ T])?{_TIME}\s*\]\s*{_SPEAKER}\s*:\s?(?P<text>.*)$"),
    # 10:41 AM Priya: ...   10:41 Priya: ...
    re.compile(rf"^{_TIME}\s+{_SPEAKER}\s*:\s?(?P<text>.*)$"),
    # Priya (10:41): ...   Priya (10:41 AM): ...
    re.compile(rf"^{_SPEAKER}\s*\(\s*{_TIME}\s*\)\s*:\s?(?P<text>.*)$"),
)
MAX_BYTES = 20 * 1024 * 1024


class Entry(NamedTuple):
    line: int
    speaker: str | None
    time: str | None  # as written, normalised to HH:MM[:SS]
    at: str | None  # ISO 8601 when a date anchors the times
    text: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class Transcript(NamedTuple):
    text: str
    entries: list[Entry]
    unparsed_lines: int

    @property
    def speakers(self) -> list[str]:
        return sorted({e.speaker for e in self.entries if e.speaker})


def decode(data: bytes) -> str:
    if not data.strip():
        raise ComplaintError("the transcript is empty: paste the chat into a text file and try again")
    if len(data) > MAX_BYTES:
        raise ComplaintError("the transcript is over 20 MB: is it really a chat? Attach it with --attach instead")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:65536]:
        raise ComplaintError("this file is not a text transcript (it holds binary data): attach it with --attach")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Windows "ANSI" is what older chat exports use


def _clock(text: str) -> time | None:
    cleaned = re.sub(r"\s+", " ", text.replace(".", "").strip().upper())
    cleaned = re.sub(r"(\d)([AP]M)$", r"\1 \2", cleaned)
    for shape in ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p"):
        try:
            return datetime.strptime(cleaned, shape).time()
        except ValueError:
            continue
    return None


def parse_transcript(data: bytes, anchor: date | None = None, zone: tzinfo | None = None) -> Transcript:
    """Entries in order; ``anchor`` (the chat's date) turns times into full timestamps, rolling past midnight."""
    text = decode(data)
    entries: list[Entry] = []
    unparsed = 0
    day, previous = anchor, None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = next((m for shape in SHAPES if (m := shape.match(stripped))), None)
        moment = _clock(match.group("time")) if match else None
        if match is None or moment is None:
            if entries and entries[-1].speaker is not None:
                last = entries[-1]
                entries[-1] = last._replace(text=f"{last.text}\n{stripped}")
            else:
                unparsed += 1
                entries.append(Entry(number, None, None, None, stripped))
            continue
        at = None
        written_date = match.groupdict().get("date")
        if written_date:
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(written_date)
        if day is not None:
            if previous is not None and moment < previous and not written_date:
                day += timedelta(days=1)  # the chat went on past midnight
            stamp = datetime.combine(day, moment, tzinfo=zone)
            at = stamp.isoformat(timespec="seconds")
        previous = moment
        entries.append(
            Entry(
                number,
                " ".join(match.group("speaker").split()),
                moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds"),
                at,
                match.group("text").strip(),
            )
        )
    return Transcript(text, entries, unparsed)
