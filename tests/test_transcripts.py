"""Chat transcripts: every common line shape, continuations, unparsed lines kept, dates anchored."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from helpers.cases import UK_CASE

from complaintctl.errors import ComplaintError
from complaintctl.evidence.transcripts import parse_transcript

SHAPES = [
    ("[10:41] Priya: Hello", ("Priya", "10:41", "Hello")),
    ("[10:41 AM] Priya: Hello", ("Priya", "10:41", "Hello")),
    ("[2:05 p.m.] Priya: Hello", ("Priya", "14:05", "Hello")),
    ("[2026-11-14 10:41] Priya: Hello", ("Priya", "10:41", "Hello")),
    ("10:41 AM Priya: Hello", ("Priya", "10:41", "Hello")),
    ("10:41 Priya: Hello", ("Priya", "10:41", "Hello")),
    ("22:41:07 Amazon Agent: Hello", ("Amazon Agent", "22:41:07", "Hello")),
    ("Priya (10:41): Hello", ("Priya", "10:41", "Hello")),
    ("Priya (10:41 PM): Hello", ("Priya", "22:41", "Hello")),
]


@pytest.mark.parametrize(("line", "expected"), SHAPES)
def test_each_line_shape(line, expected):
    entry = parse_transcript(line.encode()).entries[0]
    assert (entry.speaker, entry.time, entry.text) == expected


def test_continuations_unparsed_lines_and_midnight():
    chat = (
        b"Chat started at the help page\n"
        b"[23:58] You: My parcel\nnever came\n\n"
        b"[00:02] Priya: I will refund you within 3 days.\n"
        b"[99:99] Not a time: kept as text of the message before\n"
    )
    transcript = parse_transcript(chat, date(2026, 11, 14), UTC)
    first, second, third = transcript.entries
    assert (first.speaker, first.text) == (None, "Chat started at the help page")
    assert second.text == "My parcel\nnever came" and second.at == "2026-11-14T23:58:00+00:00"
    assert third.at == "2026-11-15T00:02:00+00:00"
    assert third.text.endswith("[99:99] Not a time: kept as text of the message before")
    assert transcript.unparsed_lines == 1 and transcript.speakers == ["Priya", "You"]


@pytest.mark.parametrize(("data", "error"), [(b"", "empty"), (b"\x00\x01\x02binary", "not a text transcript")])
def test_refusals(data, error):
    with pytest.raises(ComplaintError, match=error):
        parse_transcript(data)


def test_other_encodings_are_read():
    assert parse_transcript("[10:41] Zoë: café".encode("utf-16")).entries[0].speaker == "Zoë"
    assert parse_transcript("[10:41] Zoë: café".encode("cp1252")).entries[0].text == "café"


def test_a_transcript_through_the_cli(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    chat = tmp_path / "chat.txt"
    chat.write_text("[15:20] Priya: I promise a refund within 3 days\n[15:21] You: Thank you\n")
    logged = cli(
        "log",
        "1",
        "--transcript",
        str(chat),
        "--agent",
        "Priya",
        "--at",
        "2026-11-14",
        "Chat before it closed",
        "--json",
    ).json()
    assert logged["kind"] == "transcript" and logged["occurred"] == "2026-11-14T15:20:00+00:00"
    entry = [e for e in cli("show", "1", "--json").json()["timeline"] if e["kind"] == "transcript"][0]
    assert entry["details"]["transcript"]["speakers"] == ["Priya", "You"]
    assert entry["details"]["agent"] == "Priya" and entry["details"]["note"] == "Chat before it closed"
    assert entry["attachments"][0]["name"] == "chat.txt"
    assert "15:20 Priya: I promise a refund" in cli("show", "1").stdout
    assert len(cli("search", "promise", "--json").json()) == 1
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x00\x00")
    before = cli.snapshot()
    assert "not a text transcript" in cli.fails("log", "1", "--transcript", str(binary))
    assert cli.snapshot() == before
