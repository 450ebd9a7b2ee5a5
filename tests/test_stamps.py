"""Trusted timestamps from local RFC 3161 authorities (tests/helpers/tsa.py, built with `cryptography`): no
network, no openssl CLI."""

from __future__ import annotations

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from helpers.tsa import Authority
from test_rewritten_history import forge


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A timestamp authority on 127.0.0.1: each POSTed query is answered by helpers/tsa.py."""
    yield from serving(Authority(tmp_path_factory.mktemp("tsa") / "authority", "Test"))


@pytest.fixture(scope="module")
def lookalike(tmp_path_factory):
    """Another authority with exactly the same names (CN=Test Root, CN=Test TSA) and its own keys."""
    yield from serving(Authority(tmp_path_factory.mktemp("tsa") / "lookalike", "Test"))


def serving(authority: Authority):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server API)
            reply = authority.reply(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tsr", authority.ca_pem
    server.shutdown()


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "Chat with Priya: refund promised", "--at", "2026-11-14 15:20")
    cli("log", "1", "Phone call: agent refused", "--at", "2026-11-16 10:00")
    return cli


def _fingerprint(pem_path) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    return x509.load_pem_x509_certificate(pem_path.read_bytes()).fingerprint(hashes.SHA256()).hex(":").upper()


def test_a_stamp_is_checked_against_a_ca_given_to_verify_not_the_one_it_stores(case, authority, tmp_path):
    url, ca = authority
    head = case("show", "1", "--json").json()["chain_head"]
    stamped = case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca), "--json").json()
    assert stamped[0]["chain_head"] == head and stamped[0]["authority"] == "CN=Test TSA"
    alone = case("verify").stderr  # the CA the event stores is information only; not in the system's store
    assert "the signature was not checked" in alone and "information only" in alone and "Intact" in alone
    verified = case("verify", "--tsa-ca", str(ca)).stderr
    assert f"Note: chain head {head[:16]}… existed at" in verified and "Intact" in verified
    assert f"certificate SHA-256 {_fingerprint(ca.parent / 'tsa.pem')}" in verified
    bundle = case("export", "1", "-o", str(tmp_path / "out")).stdout.strip()
    checked = case("verify", "--bundle", bundle, "--tsa-ca", str(ca), "--json").json()
    assert checked["intact"] and any("trusted timestamp" in note for note in checked["notes"])


def test_a_look_alike_authority_with_the_same_names_fails(case, authority, lookalike):
    url, ca = authority
    fake_url, fake_ca = lookalike
    case("stamp", "1", "--tsa", fake_url, "--tsa-ca", str(fake_ca))  # it stores its own CA beside the token
    shown = case("show", "1", "--json").json()["timeline"][-1]["text"]
    assert "timestamped" in shown
    said = case("verify", "--tsa-ca", str(ca), code=1).stderr
    assert "does not chain to the CA given with --tsa-ca" in said and "same name" in said


def test_a_stamp_dated_before_the_entry_it_stamps_is_refused(cli, make_case, authority, monkeypatch):
    url, ca = authority
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2099-01-01T00:00:00+00:00")  # entries recorded after the stamp's time
    make_case(**UK_CASE)
    before = cli.snapshot()
    said = cli.fails("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    assert "before event 1 it stamps was recorded" in said and "clock" in said
    assert cli.snapshot() == before


def test_verify_says_what_it_cannot_see(case, authority):
    url, ca = authority
    said = case("verify", "1").stderr
    assert "case 1 was never stamped or exported" in said and "cron" in said
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    assert "never stamped" not in case("verify", "1").stderr and "cut off" not in case("verify", "1").stderr
    case("log", "1", "A later note")
    said = case("verify", "1").stderr
    assert "case 1 has 1 entry after its last external anchor" in said and "cut off" in said
    assert "1 case(s) have entries after their last stamp or export" in case("verify").stderr


def test_a_rewrite_after_the_stamp_breaks_it(case, authority):
    url, ca = authority
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    forge(case.db, lambda c: c.execute("UPDATE events SET text = 'Phone call: all fine' WHERE id = 3"))
    found = [p["message"] for p in case("verify", "--json", code=1).json()["problems"]]
    assert any("is not an earlier event of its case" in m for m in found), found


def test_a_stamp_checked_against_another_authority_fails(case, authority, tmp_path):
    url, _ = authority
    other = Authority(tmp_path / "other", "Other")
    before = case.snapshot()
    assert "does not check out" in case.fails("stamp", "1", "--tsa", url, "--tsa-ca", str(other.ca_pem))
    assert case.snapshot() == before


def test_without_a_ca_the_token_is_kept_but_said_unchecked(case, authority):
    url, _ = authority
    case("stamp", "--tsa", url)
    assert "the signature was not checked" in case("verify").stderr


def test_an_unreachable_authority_is_one_line_and_stores_nothing(case):
    before = case.snapshot()
    assert "cannot reach the timestamp authority" in case.fails("stamp", "1", "--tsa", "http://127.0.0.1:9/tsr")
    assert "is not a web address" in case.fails("stamp", "1", "--tsa", "ftp://example")
    assert case.snapshot() == before


def test_verify_bundle_checks_each_stamp_against_an_anchor_outside_the_bundle(case, authority, lookalike, tmp_path):
    url, ca = authority
    fake_url, fake_ca = lookalike
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    genuine = case("export", "1", "-o", str(tmp_path / "genuine")).stdout.strip()
    said = case("verify", "--bundle", genuine, "--tsa-ca", str(ca)).stderr
    assert "trusted timestamp" in said and f"certificate SHA-256 {_fingerprint(ca.parent / 'tsa.pem')}" in said
    assert "Intact" in said and "no trusted timestamp in this bundle checked out" not in said
    assert "every entry of the bundle is covered by a checked stamp" in said
    # The CA stored in the bundle beside the token is information only: without --tsa-ca, the system's store.
    alone = case("verify", "--bundle", genuine).stderr
    assert "the signature was not checked" in alone and "this system's CA store" in alone
    assert "no trusted timestamp in this bundle checked out against a trust anchor outside it" in alone
    case("stamp", "1", "--tsa", fake_url, "--tsa-ca", str(fake_ca))  # same names, other keys; its own CA beside it
    forged = case("export", "1", "-o", str(tmp_path / "lookalike")).stdout.strip()
    result = case("verify", "--bundle", forged, "--tsa-ca", str(ca), "--json", code=1).json()
    failed = [p for p in result["problems"] if "does not chain to the CA given with --tsa-ca" in p]
    assert len(failed) == 1 and "same name" in failed[0] and not result["intact"]
    assert _fingerprint(fake_ca.parent / "tsa.pem") in failed[0]
    assert any("trusted timestamp" in note for note in result["notes"])  # the genuine stamp still checks out


def test_a_stamp_killed_at_any_point_is_all_or_nothing(case, authority):
    import os
    import signal
    import sys

    url, ca = authority
    script = Path(sys.executable).with_name("complaintctl")
    env = {**os.environ, "COMPLAINTCTL_DB": str(case.db), "COMPLAINTCTL_NOW": case.env["COMPLAINTCTL_NOW"]}
    for point, kept in (("write-begun", 0), ("write-before-commit", 0), ("write-committed", 1)):
        before = len(case("show", "1", "--json").json()["timeline"])
        killed = subprocess.run(
            [str(script), "stamp", "1", "--tsa", url, "--tsa-ca", str(ca)],
            env={**env, "COMPLAINTCTL_TEST_POINT": f"{point}:kill"},
            capture_output=True,
        )
        assert killed.returncode == -signal.SIGKILL, killed
        assert len(case("show", "1", "--json").json()["timeline"]) == before + kept, point
        assert "Intact" in case("verify", "--tsa-ca", str(ca)).stderr


def test_verify_bundle_says_which_entries_no_checked_stamp_covers(case, authority, tmp_path):
    url, ca = authority
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    later = case("log", "1", "Written after the stamp", "--json").json()["id"]
    case("log", "1", "And another")
    bundle = case("export", "1", "-o", str(tmp_path)).stdout.strip()
    said = case("verify", "--bundle", bundle, "--tsa-ca", str(ca)).stderr
    assert f"2 entries of the bundle (from event {later} on) came after the chain head" in said, said


def _rewrite_and_reseal(root: Path) -> None:
    """What a forger with complaintctl's own code does: change an entry, chain every event again (the seal
    too), lay every document out again, and fix bag-info; forge() then rebuilds the manifests."""
    import json
    from datetime import datetime

    from test_sealed_bundles import relaid

    from complaintctl.core.casefile import Event, fold
    from complaintctl.core.chain import GENESIS, event_hash
    from complaintctl.dossier.derive import dossier_of
    from complaintctl.rules.packs import load_packs

    old_head = json.loads((root / "data/dossier.json").read_text())["case"]["chain_head"]

    def change(dossier, events, attachments):
        previous, forged = GENESIS, []
        for event in events:
            text = "Phone call: all fine" if event.text == "Phone call: agent refused" else event.text
            row = {**event._asdict(), "text": text, "prev_hash": previous}
            row["hash"] = previous = event_hash(row)
            forged.append(Event(**row))
        moment = datetime.fromisoformat(dossier["exported_utc"])
        return dossier_of(fold(1, forged), forged, attachments, load_packs(), moment, lang=dossier["lang"])

    (root / "data/exhibits").mkdir(exist_ok=True)  # relaid reads it; this case has no exhibit
    relaid(root, change)
    new_head = json.loads((root / "data/dossier.json").read_text())["case"]["chain_head"]
    (root / "bag-info.txt").write_text((root / "bag-info.txt").read_text().replace(old_head, new_head))


def test_a_rewritten_and_resealed_bundle_fails_on_its_stamp_and_is_said_unvouched_without_one(
    case, authority, tmp_path
):
    from test_sealed_bundles import forge

    url, ca = authority
    plain = case("export", "1", "-o", str(tmp_path / "plain")).stdout.strip()
    forged = forge(Path(plain), tmp_path / "forged.zip", _rewrite_and_reseal)
    # Consistent in itself, so nothing inside the bundle can tell. Alone, verify says so in a note; asked to
    # check against an authority, it fails: no stamp vouches for the history.
    said = case("verify", "--bundle", str(forged)).stderr
    assert "Intact" in said and "no trusted timestamp in this bundle checked out" in said
    said = case("verify", "--bundle", str(forged), "--tsa-ca", str(ca), code=1).stderr
    assert "no stamp in this bundle checks out against the CA given with --tsa-ca" in said and "Intact" not in said
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    stamped = case("export", "1", "-o", str(tmp_path / "stamped")).stdout.strip()
    forged = forge(Path(stamped), tmp_path / "forged-stamped.zip", _rewrite_and_reseal)
    said = case("verify", "--bundle", str(forged), "--tsa-ca", str(ca), code=1).stderr
    assert "is not an earlier event of its case" in said and "Intact" not in said
