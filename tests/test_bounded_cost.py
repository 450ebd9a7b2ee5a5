"""Bounded cost for any input: what once took minutes, gigabytes or a traceback is capped, and said in one line."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from helpers.cases import UK_CASE

from complaintctl.evidence.dkim_check import budgeted
from complaintctl.evidence.emails import MAX_FIELDS, MAX_HEADERS_TOTAL, parse_email


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    return cli


@pytest.mark.parametrize(
    "args",
    [
        ("show", str(2**64)),
        ("log", str(2**63), "A note"),
        ("search", "refund", "--limit", str(2**64)),
        ("search", "refund", "--case", str(2**63)),
        ("verify", str(2**70)),
        ("amend", str(2**63), "corrected text"),
        ("agenda", "--days", str(2**63)),
        ("agenda", "--days", "99999999"),
    ],
    ids=lambda args: " ".join(args[:1] + args[2:3]),
)
def test_integers_beyond_what_sqlite_holds_get_a_usage_message(case, args):
    before = case.snapshot()
    result = case(*args, code=2)
    assert "Traceback" not in result.stderr and ("range" in result.stderr or "is not" in result.stderr)
    assert case.snapshot() == before


@pytest.mark.parametrize("offset", ["+25:00", "+99:00", "-24:01"])
def test_utc_offsets_beyond_a_day_are_refused_in_words(case, offset):
    before = case.snapshot()
    assert "beyond ±24:00" in case.fails("log", "1", "A note", "--at", f"2026-11-20T10:00{offset}")
    said = case.fails("log", "1", "A note", "--promise", "refund", "--due", f"2026-11-30T10:00{offset}")
    assert "beyond ±24:00" in said and "--due" in said
    assert case.snapshot() == before


def _flood(fields: int, size: int) -> bytes:
    """A message with ``fields`` To headers of about ``size`` bytes each."""
    headers = b"".join(
        b"To: " + b", ".join(b"user%d@example.com" % n for n in range(k * 10_000, k * 10_000 + size // 20)) + b"\r\n"
        for k in range(fields)
    )
    return (
        b"From: Seller <cs@seller.example>\r\nSubject: Your refund\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\n"
        b"Message-ID: <flood@seller.example>\r\n" + headers + b"\r\nWe will refund you.\r\n"
    )


def test_headers_past_the_limits_are_read_cut_and_kept_whole(case, tmp_path):
    raw = _flood(40, 15_000)  # 600 KB of headers: over MAX_HEADERS_TOTAL
    assert len(raw) > MAX_HEADERS_TOTAL
    parsed = parse_email(raw)
    assert any("header fields" in warning and "original .eml keeps them all" in warning for warning in parsed.warnings)
    assert sum(len(value) for _, value in parsed.headers) <= MAX_HEADERS_TOTAL
    assert parsed.subject == "Your refund" and parsed.sender == "cs@seller.example"
    eml = tmp_path / "flood.eml"
    eml.write_bytes(raw)
    case("log", "1", "--email", str(eml))
    shown = case("show", "1", "--json").json()
    stored = [a for entry in shown["timeline"] for a in entry.get("attachments", [])]
    assert hashlib.sha256(raw).hexdigest() in json.dumps(stored)  # the original bytes, whole
    html = Path(case("export", "1", "-f", "html", "-o", str(tmp_path / "out")).stdout.strip()).read_text()
    assert "more recipients" in html and "user9@example.com" in html and "user20@example.com" not in html


def test_many_small_header_fields_are_capped_by_count():
    raw = b"From: a@b.example\r\n" + b"".join(b"X-N%d: v\r\n" % n for n in range(3_000)) + b"\r\nbody\r\n"
    parsed = parse_email(raw)
    assert len(parsed.headers) <= MAX_FIELDS and parsed.sender == "a@b.example"
    assert any("3001 header fields" in warning for warning in parsed.warnings)


def test_dkim_lookups_are_cached_and_stop_at_the_time_limit():
    """A DNS that never answers: each lookup costs its whole timeout, on a clock the test moves."""
    now = [0.0]
    asked = []

    def silent_dns(name: bytes, timeout: float = 3.0) -> None:
        asked.append((name, timeout))
        now[0] += timeout

    find = budgeted(silent_dns, 8.0, clock=lambda: now[0])
    for _ in range(5):
        assert find(b"s1._domainkey.seller.example") is None  # asked once, then remembered
    for n in range(10):
        find(b"s%d._domainkey.other.example" % n)
    assert [timeout for _, timeout in asked] == [3.0, 3.0, 2.0]  # 8 s in all, then no more waiting
    assert now[0] == 8.0


def test_a_half_character_escape_in_dossier_json_is_one_line(case, tmp_path):
    path = Path(case("export", "1", "-f", "json", "-o", str(tmp_path)).stdout.strip())
    text = path.read_text().replace('"Headphones never arrived"', '"Headphones \\ud800 arrived"', 1)
    forged = tmp_path / "forged.json"
    forged.write_text(text)
    other = tmp_path / "other.db"
    assert "Error" in case.fails("--db", str(other), "restore", str(forged))
    assert not other.exists() or case("--db", str(other), "list", code=None).exit_code in (0, 1)


def _zip_with(tmp_path: Path, name: str, flag_bits: int = 0) -> Path:
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("dossier-1/bagit.txt", "BagIt-Version: 0.97\n")
        info = zipfile.ZipInfo(name)
        archive.writestr(info, b"data")
    if flag_bits:  # zipfile writes no encrypted members: set the flag in both headers afterwards
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = data.rfind(signature)
            data[start + offset] |= flag_bits
        path.write_bytes(bytes(data))
    return path


def test_encrypted_members_and_over_long_names_are_refused_in_one_line(cli, tmp_path):
    said = cli.fails("verify", "--bundle", str(_zip_with(tmp_path, "dossier-1/data/x.txt", flag_bits=1)))
    assert "an encrypted member" in said
    said = cli.fails("verify", "--bundle", str(_zip_with(tmp_path, "dossier-1/data/" + "n" * 300)))
    assert "an over-long name" in said


def test_a_symlink_loop_is_one_line_everywhere(case, tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    before = case.snapshot()
    for args in (("log", "1", "n", "--attach"), ("log", "1", "--email"), ("log", "1", "--transcript")):
        assert "loop" in case.fails(*args, str(loop))
    assert "loop" in case.fails("verify", "--bundle", str(loop))
    assert case.snapshot() == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a = " + "[" * 5_000 + "]" * 5_000, "nested far too deeply"),
        ("a = " + "{b=" * 3_000 + "1" + "}" * 3_000, "nested far too deeply"),
    ],
)
def test_a_deep_or_malformed_rule_pack_is_one_line(case, tmp_path, text, said):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "deep.toml").write_text(text)
    assert said in case.fails("check", "1", "--rules", str(folder))


def test_a_rule_pack_limit_that_is_not_a_number_is_one_line(case, tmp_path):
    from complaintctl.rules import packs

    source = (Path(packs.__file__).parent / "packs" / "card-chargeback.toml").read_text()
    folder = tmp_path / "rules"
    folder.mkdir()
    changed = source.replace('claim_limit = "6 years"', 'claim_limit = "many years"')
    (folder / "card.toml").write_text(changed.replace('id = "card-chargeback"', 'id = "card-local"'))
    assert "is not a duration" in case.fails("check", "1", "--rules", str(folder))


@pytest.mark.parametrize("damage", ["'{'", "'[]'", "'{\"promises\": 5}'", "'null'", "X'00ff'"])
def test_a_damaged_advice_cache_row_is_recomputed(case, damage):
    first = case("agenda").stdout
    assert case.sql("SELECT count(*) FROM advice_cache") == [(1,)]
    case.sql(f"UPDATE advice_cache SET advice_json = {damage}")
    assert case("agenda").stdout == first
    assert case("next", "1").exit_code == 0
    kept = case.sql("SELECT advice_json FROM advice_cache")[0][0]
    assert json.loads(kept)["title"] == UK_CASE["title"]  # written afresh


def test_tsa_replies_that_are_not_timestamps_are_one_line(case, monkeypatch):
    from complaintctl.actions import stamp

    before = case.snapshot()
    for reply in (b"", b"\x30\x03\x02\x01\x00", b"\x30\x80" + b"\x00" * 10, os.urandom(300), b"<html>busy</html>"):
        monkeypatch.setattr(stamp, "ask", lambda url, query, reply=reply, **kwargs: reply)
        assert "Error" in case.fails("stamp", "1", "--tsa", "http://127.0.0.1:9/tsr")
    assert case.snapshot() == before
