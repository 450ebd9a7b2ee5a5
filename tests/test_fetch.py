"""`fetch --imap` against a real Dovecot 2.3 that the tests start on 127.0.0.1 (tests/helpers/dovecot.py).

A missing Dovecot fails the suite under CI (.ci/run installs dovecot-imapd) and skips these tests elsewhere.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers.dovecot import DOVECOT, PASSWORD, USER, CuttingProxy, Dovecot, message

MESSAGES = 1000


@pytest.fixture(scope="module")
def server():
    if not Path(DOVECOT).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Dovecot is missing: .ci/run installs dovecot-imapd")
        pytest.skip("Dovecot (dovecot-imapd) is not installed")
    # Not under pytest's own temporary folder: that is readable by its owner alone, and Dovecot's processes run
    # as the mail user, who must reach the password file and the maildir.
    root = Path(tempfile.mkdtemp(prefix="complaintctl-dovecot-"))
    instance = Dovecot(root)
    try:
        instance.add([message(number) for number in range(MESSAGES)])
        instance.add([message(5000, subject="Camera order: delivery photo", sender="shipment-tracking@amazon.co.uk")])
        instance.start()
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap(server, cli, monkeypatch):
    monkeypatch.setenv("COMPLAINTCTL_IMAP_PASSWORD", PASSWORD)
    cli("new", "--title", "Refund never came", "--marketplace", "amazon.co.uk")

    def fetch(*options: str, port: int | None = None, code: int | None = 0):
        return cli(
            "fetch", "1", "--imap", "127.0.0.1", "--port", str(port or server.imaps), "--user", USER,
            "--cafile", str(server.cert), *options, code=code,
        )  # fmt: skip

    return fetch


def emails(cli) -> int:
    return cli.sql("SELECT count(*) FROM events WHERE kind = 'email'")[0][0]


def test_a_folder_of_1000_messages_over_tls_and_again_nothing_twice(cli, imap):
    first = imap("--json").json()
    assert (first["found"], len(first["stored"]), first["skipped"]) == (MESSAGES + 1, MESSAGES + 1, 0), first
    assert emails(cli) == MESSAGES + 1
    (raw,) = cli.sql("SELECT content FROM attachments WHERE instr(content, CAST('<msg-7@' AS BLOB)) > 0")[0]
    assert bytes(raw) == message(7)  # the message's own bytes, exactly as the server holds them
    again = imap()
    assert f"Found {MESSAGES + 1} message(s)" in again.stderr and "stored 0" in again.stderr, again
    assert emails(cli) == MESSAGES + 1
    assert "Intact" in cli("verify").stderr


def test_search_narrows_what_is_fetched(cli, imap):
    result = imap("--subject", "delivery photo", "--from", "shipment-tracking", "--since", "2026-10-01", "--json")
    assert (result.json()["found"], len(result.json()["stored"])) == (1, 1)
    assert imap("--order", "999-0000000-0000000", "--json").json()["found"] == 0


def test_a_server_that_drops_mid_fetch_keeps_whole_batches_and_the_next_run_resumes(cli, imap, server):
    proxy = CuttingProxy(server.imaps, cut_after=350_000)
    error = imap(port=proxy.port, code=1).stderr
    assert "was lost after" in error and "run the same command again" in error, error
    kept = emails(cli)
    assert 0 < kept < MESSAGES and kept % 100 == 0  # whole batches only: nothing half-stored
    assert "Intact" in cli("verify").stderr
    resumed = imap("--json").json()
    assert (len(resumed["stored"]), resumed["skipped"]) == (MESSAGES + 1 - kept, kept)
    assert emails(cli) == MESSAGES + 1


def test_a_wrong_password_is_a_clear_message(cli, imap, monkeypatch):
    monkeypatch.setenv("COMPLAINTCTL_IMAP_PASSWORD", "wrong")
    result = imap(code=1)
    assert "refused the login for 'tester'" in result.stderr and "nothing was fetched" in result.stderr
    assert "Traceback" not in result.stderr and emails(cli) == 0


def test_tls_is_required_off_localhost_and_the_certificate_is_checked(cli, imap, server):
    refused = cli.fails("fetch", "1", "--imap", "mail.example.com", "--user", USER, "--plain")
    assert "allowed only for localhost" in refused
    starttls = cli(
        "fetch", "1", "--imap", "localhost", "--port", str(server.imap), "--starttls", "--user", USER,
        "--cafile", str(server.cert), "--subject", "delivery photo", "--json",
    ).json()  # fmt: skip
    assert starttls["found"] == 1
    untrusted = cli.fails("fetch", "1", "--imap", "127.0.0.1", "--port", str(server.imaps), "--user", USER)
    assert "not trusted" in untrusted and "--cafile" in untrusted
