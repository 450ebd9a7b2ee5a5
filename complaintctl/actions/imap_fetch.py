"""`fetch --imap`: messages from a mailbox, stored exactly as `log --email` stores them (actions/mail.py).

Messages are fetched in batches, and each batch is stored in one transaction once it has arrived whole: a
connection lost half-way keeps every batch stored before it, never part of a message, and the next run
skips what is stored (by Message-ID or bytes) and fetches the rest.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.errors import ComplaintError
from complaintctl.store import Store

BATCH = 100  # messages per FETCH, and per transaction
TIMEOUT_S = 60.0
PASSWORD_VARIABLE = "COMPLAINTCTL_IMAP_PASSWORD"


class Mailbox(NamedTuple):
    host: str
    port: int | None
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "tls"  # tls, starttls or plain
    cafile: Path | None = None


class Search(NamedTuple):
    sender: str | None = None
    since: date | None = None
    subject: str | None = None
    order: str | None = None

    def criteria(self) -> list[Any]:
        found: list[Any] = []
        if self.sender:
            found += ["FROM", self.sender]
        if self.since:
            found += ["SINCE", self.since]
        if self.subject:
            found += ["SUBJECT", self.subject]
        if self.order:
            found += ["TEXT", self.order]
        return found or ["ALL"]


class FetchResult(NamedTuple):
    found: int
    stored: list[int]
    skipped: int
    warnings: list[str]
    pictured: list[int]  # the new events that hold a picture


def is_local(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _context(cafile: Path | None) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=str(cafile) if cafile else None)
    except (OSError, ssl.SSLError) as error:
        raise ComplaintError(f"cannot read the certificates in {cafile} ({error}): give a PEM file") from None


def _connect(box: Mailbox) -> Any:
    import socket

    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    if box.security != "tls" and not is_local(box.host):
        raise ComplaintError(
            f"--{box.security} sends the password unencrypted before TLS (or at all): it is allowed only for "
            f"localhost, not {box.host}; leave it out to use TLS"
        )
    context = _context(box.cafile)
    port = box.port or (993 if box.security == "tls" else 143)
    where = f"{box.host}:{port}"
    try:
        client = IMAPClient(box.host, port=port, ssl=box.security == "tls", ssl_context=context, timeout=TIMEOUT_S)
    except ssl.SSLCertVerificationError as error:
        raise ComplaintError(
            f"the certificate of {where} is not trusted ({error.verify_message}): give its CA with --cafile"
        ) from None
    except (socket.gaierror, ConnectionError, TimeoutError, OSError, ssl.SSLError) as error:
        raise ComplaintError(f"cannot reach {where} ({error}): check the host name and --port") from None
    try:
        if box.security == "starttls":
            client.starttls(context)
        client.login(box.user, box.password)
    except LoginError:
        _close(client)
        raise ComplaintError(
            f"{where} refused the login for {box.user!r}: check --user and the password "
            f"({PASSWORD_VARIABLE}, or the one you typed); nothing was fetched"
        ) from None
    except ssl.SSLCertVerificationError as error:
        _close(client)
        raise ComplaintError(
            f"the certificate of {where} is not trusted ({error.verify_message}): give its CA with --cafile"
        ) from None
    except Exception as error:
        _close(client)
        raise ComplaintError(f"{where} did not let us log in ({error}); nothing was fetched") from None
    return client


def _close(client: Any) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # a connection already gone has nothing left to close
        client.shutdown()


def fetch_messages(
    store: Store,
    case_id: int,
    box: Mailbox,
    search: Search,
    progress: Callable[[int, int], None] | None = None,
) -> FetchResult:
    from complaintctl.actions.mail import store_raw_messages

    store.case_state(case_id)  # a clear "no such case" before any connection
    client = _connect(box)
    done = 0
    stored: list[int] = []
    skipped = 0
    warnings: list[str] = []
    pictured: list[int] = []
    uids: list[int] = []
    try:
        try:
            client.select_folder(box.folder, readonly=True)
        except Exception as error:
            raise ComplaintError(f"cannot open the folder {box.folder!r} ({error}): check --folder") from None
        uids = sorted(client.search(search.criteria()))
        for start in range(0, len(uids), BATCH):
            chunk = uids[start : start + BATCH]
            fetched = client.fetch(chunk, ["BODY.PEEK[]"])
            raws = [(f"{box.folder} message {uid}", bytes(fetched[uid][b"BODY[]"])) for uid in chunk if uid in fetched]
            result = store_raw_messages(store, case_id, raws)
            stored += result.stored
            skipped += len(result.duplicates)
            warnings += result.warnings
            pictured += result.pictured or []
            done += len(chunk)
            if progress:
                progress(done, len(uids))
    except ComplaintError:
        raise
    except Exception as error:
        raise ComplaintError(
            f"the connection to {box.host} was lost after {done} of {len(uids)} message(s) ({type(error).__name__}): "
            f"{len(stored)} stored are kept; run the same command again to fetch the rest"
        ) from None
    finally:
        _close_politely(client)
    return FetchResult(len(uids), stored, skipped, warnings, pictured)


def _close_politely(client: Any) -> None:
    try:
        client.logout()
    except Exception:
        _close(client)
