"""Hostile emails and mailboxes: bounded time and memory, one bad message never sinks the rest."""

from __future__ import annotations

import base64
import tracemalloc

import pytest
from helpers.cases import UK_CASE
from helpers.mail import message, write_mbox

from complaintctl.evidence.emails import MAX_HEADER_BYTES, parse_email


@pytest.fixture
def case(make_case):
    return make_case(**UK_CASE)


def encoded_word_subject(size: int) -> bytes:
    words = " ".join("=?utf-8?b?" + base64.b64encode(b"x" * 30).decode() + "?=" for _ in range(size // 50))
    return (
        f"From: a@b.c\nTo: d@e.f\nSubject: {words}\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n"
        "Message-ID: <long@b.c>\n\nbody\n"
    ).encode()


def deep_mime(depth: int) -> bytes:
    text = "From: a@b.c\nTo: d@e.f\nSubject: deep\nDate: Mon, 16 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
    for level in range(depth):
        text += f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n'
    text += "Content-Type: text/plain\n\nhello\n" + "".join(f"--b{level}--\n" for level in reversed(range(depth)))
    return text.encode()


def test_a_huge_encoded_word_subject_is_read_cut_short_in_bounded_memory():
    raw = encoded_word_subject(200_000)
    tracemalloc.start()
    parsed = parse_email(raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 60 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"  # unbounded, it was over 400 MB
    assert parsed.raw == raw and len(parsed.subject) < MAX_HEADER_BYTES
    assert any("Subject header is over 16 KB" in w for w in parsed.warnings)


def test_a_mime_bomb_is_refused_with_one_line(cli, case, tmp_path):
    path = tmp_path / "deep.eml"
    path.write_bytes(deep_mime(1000))
    before = cli.snapshot()
    assert "MIME bomb" in cli.fails("log", "1", "--email", str(path))
    assert cli.snapshot() == before


def test_in_a_mailbox_bad_messages_are_skipped_and_named_the_rest_imported(cli, case, tmp_path):
    box = write_mbox(tmp_path / "box.mbox", [message(1), message(2), message(3)])
    data = box.read_bytes().split(b"\nFrom ")
    bomb = b"From MAILER-DAEMON Thu Nov 12 09:30:00 2026\n" + deep_mime(1000)
    junk = b"From MAILER-DAEMON Thu Nov 12 09:30:00 2026\n" + bytes(range(256)) * 4
    hostile = data[0] + b"\n" + bomb + b"\n" + junk + b"\n\nFrom " + b"\nFrom ".join(data[1:])
    box.write_bytes(hostile)
    result = cli("log", "1", "--email", str(box), "--json").json()
    assert len(result["stored"]) == 3
    skipped = [w for w in result["warnings"] if "skipped" in w]
    assert len(skipped) == 2 and "message 2 of" in skipped[0] and "MIME bomb" in skipped[0], skipped


def test_a_mailbox_is_stored_in_batches_and_a_rerun_skips_what_it_holds(cli, case, tmp_path, monkeypatch):
    import complaintctl.actions.mail as mail_import

    monkeypatch.setattr(mail_import, "BATCH", 2)
    box = write_mbox(tmp_path / "box.mbox", [message(n) for n in range(1, 6)])
    assert len(cli("log", "1", "--email", str(box), "--json").json()["stored"]) == 5
    again = cli("log", "1", "--email", str(box), "--json").json()
    assert again["stored"] == [] and len(again["duplicates"]) == 5
    assert "Intact" in cli("verify").stderr
