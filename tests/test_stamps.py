"""Trusted timestamps from a local RFC 3161 authority made with `openssl ts`: no network."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from test_rewritten_history import forge

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")

TS_CONFIG = """[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_authority(folder: Path, name: str) -> Path:
    folder.mkdir()
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "3650",
        "-subj",
        f"/CN={name} Root",
        "-addext",
        "basicConstraints=critical,CA:true",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=folder,
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.csr",
        "-subj",
        f"/CN={name} TSA",
        cwd=folder,
    )
    (folder / "ext.cnf").write_text(
        "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n"
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tsa.pem",
        "-days",
        "3650",
        "-extfile",
        "ext.cnf",
        cwd=folder,
    )
    (folder / "serial").write_text("01\n")
    (folder / "ts.cnf").write_text(TS_CONFIG.format(dir=folder))
    return folder


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A timestamp authority on 127.0.0.1: each POSTed query is answered by `openssl ts -reply`."""
    folder = make_authority(tmp_path_factory.mktemp("tsa") / "authority", "Test")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server API)
            query = self.rfile.read(int(self.headers["Content-Length"]))
            reply = subprocess.run(
                [
                    "openssl",
                    "ts",
                    "-reply",
                    "-config",
                    str(folder / "ts.cnf"),
                    "-queryfile",
                    "/dev/stdin",
                    "-out",
                    "/dev/stdout",
                ],
                input=query,
                capture_output=True,
                cwd=folder,
                check=True,
            ).stdout
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
    yield f"http://127.0.0.1:{server.server_port}/tsr", folder / "ca.pem"
    server.shutdown()


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "Chat with Priya: refund promised", "--at", "2026-11-14 15:20")
    cli("log", "1", "Phone call: agent refused", "--at", "2026-11-16 10:00")
    return cli


def test_a_stamp_is_chained_and_verified_offline_in_the_database_and_the_bundle(case, authority, tmp_path):
    url, ca = authority
    head = case("show", "1", "--json").json()["chain_head"]
    stamped = case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca), "--json").json()
    assert stamped[0]["chain_head"] == head and stamped[0]["authority"] == "CN=Test TSA"
    verified = case("verify")
    assert f"Note: chain head {head[:16]}… existed at" in verified.stderr and "Intact" in verified.stderr
    bundle = case("export", "1", "-o", str(tmp_path / "out")).stdout.strip()
    checked = case("verify", "--bundle", bundle, "--json").json()
    assert checked["intact"] and "trusted timestamp" in checked["notes"][0]


def test_a_rewrite_after_the_stamp_breaks_it(case, authority):
    url, ca = authority
    case("stamp", "1", "--tsa", url, "--tsa-ca", str(ca))
    forge(case.db, lambda c: c.execute("UPDATE events SET text = 'Phone call: all fine' WHERE id = 3"))
    found = [p["message"] for p in case("verify", "--json", code=1).json()["problems"]]
    assert any("is not an earlier event of its case" in m for m in found), found


def test_a_stamp_checked_against_another_authority_fails(case, authority, tmp_path):
    url, _ = authority
    other = make_authority(tmp_path / "other", "Other")
    before = case.snapshot()
    assert "does not check out" in case.fails("stamp", "1", "--tsa", url, "--tsa-ca", str(other / "ca.pem"))
    assert case.snapshot() == before


def test_without_a_ca_the_token_is_kept_but_said_unchecked(case, authority):
    url, _ = authority
    case("stamp", "--tsa", url)
    assert "its signature was not checked" in case("verify").stderr


def test_an_unreachable_authority_is_one_line_and_stores_nothing(case):
    before = case.snapshot()
    assert "cannot reach the timestamp authority" in case.fails("stamp", "1", "--tsa", "http://127.0.0.1:9/tsr")
    assert "is not a web address" in case.fails("stamp", "1", "--tsa", "ftp://example")
    assert case.snapshot() == before
