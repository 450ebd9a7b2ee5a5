"""A real Dovecot 2.3 for the fetch tests, started by the test itself, never the system's service.

Its own base_dir, state and log under a temporary folder; a maildir owned by a user who is not root (Dovecot
refuses mail access as root: the tests use `nobody` when run as root, else the current user); a self-signed
certificate made here; listeners on ephemeral ports of 127.0.0.1 only. A proxy that cuts the connection
after a number of bytes plays a server that drops half-way.
"""

from __future__ import annotations

import os
import pwd
import select
import shutil
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from helpers.waiting import HANG_LIMIT

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "tester", "s3cret-Passw0rd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def message(number: int, *, subject: str | None = None, sender: str = "cs-reply+A3SC11E84PLJUR@amazon.co.uk") -> bytes:
    sent = datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=number)
    return (
        f"From: Amazon.co.uk <{sender}>\r\n"
        f"To: jane@example.com\r\n"
        f"Subject: {subject or f'Your refund request, message {number}'}\r\n"
        f"Message-ID: <msg-{number}@amazon.co.uk>\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Hello Jane,\r\n\r\nThis is message {number} about order 202-1234567-1234567.\r\n"
        + "We are looking into it. " * 20
        + "\r\n"
    ).encode()


class Dovecot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.imaps, self.imap = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.owner = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        self.home = root / "home"
        self.maildir = self.home / "Maildir"
        self.cert = root / "cert.pem"

    def add(self, messages: list[bytes]) -> None:
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        start = len(list((self.maildir / "new").iterdir())) + len(list((self.maildir / "cur").iterdir()))
        for number, content in enumerate(messages, start=start):
            (self.maildir / "new" / f"{1_700_000_000 + number}.M{number}.test").write_bytes(content)
        for path in [self.home, *self.home.rglob("*")]:
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)

    def start(self) -> Dovecot:
        root = self.root
        root.chmod(0o755)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-keyout", str(root / "key.pem"), "-out", str(self.cert),
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        (root / "users").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{self.owner.pw_uid}:{self.owner.pw_gid}::{self.home}\n"
        )
        owner = self.owner.pw_name
        (root / "dovecot.conf").write_text(
            f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {owner}
default_login_user = {owner}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={self.owner.pw_uid} gid={self.owner.pw_gid} home={self.home}
}}
mail_location = maildir:{self.maildir}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  chroot =
}}
"""
        )
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + HANG_LIMIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.imaps), timeout=5).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                    raise RuntimeError(f"Dovecot did not start: {log[-2000:]}") from None
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=HANG_LIMIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class CuttingProxy:
    """Forwards 127.0.0.1:port to Dovecot's TLS port, and drops both sides once the server has sent
    ``cut_after`` bytes: a server (or a network) that goes away in the middle of a fetch."""

    def __init__(self, target: int, cut_after: int) -> None:
        self.target, self.cut_after = target, cut_after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.target))
        sent = 0
        try:
            while sent < self.cut_after:
                ready, _, _ = select.select([client, server], [], [], 30)
                if not ready:
                    break
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is server:
                        data = data[: max(0, self.cut_after - sent)]
                        sent += len(data)
                        client.sendall(data)
                    else:
                        server.sendall(data)
        finally:
            for end in (client, server, self.listener):
                end.close()
