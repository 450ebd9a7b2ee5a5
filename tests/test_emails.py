"""Emails as evidence through the real CLI: headers kept, bytes kept, threads checked, junk refused."""

from __future__ import annotations

import hashlib

import pytest
from helpers.cases import UK_CASE
from helpers.mail import message, write_eml, write_mbox


@pytest.fixture
def case(make_case):
    return make_case(**UK_CASE)


def timeline(cli, kind="email"):
    return [e for e in cli("show", "1", "--json").json()["timeline"] if e["kind"] == kind]


def test_one_eml_keeps_headers_in_order_the_original_bytes_and_the_body(cli, case, tmp_path):
    path = write_eml(tmp_path / "reply.eml", message(1))
    result = cli("log", "1", "--email", str(path), "--json").json()
    assert len(result["stored"]) == 1 and result["duplicates"] == []
    entry = timeline(cli)[0]
    mail = entry["details"]["email"]
    assert entry["occurred"] == "2026-11-12T09:30:00+00:00"
    assert [h[0] for h in mail["headers"]] == [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "Received",
        "Received",
        "DKIM-Signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
    ]
    assert mail["headers"][5][1].startswith("from mx1.example") and mail["headers"][6][1].startswith("from mx0")
    assert mail["message_id"] == "<msg1@amazon.co.uk>"
    assert (mail["dkim"]["status"], mail["dkim"]["domain"]) == ("failed", "amazon.co.uk")  # "b=abc" is no signature
    assert mail["from"] == "cs-reply+A3SC11E84PLJUR@amazon.co.uk" and mail["to"] == ["buyer@example.org"]
    assert mail["order_ids"] == ["202-1234567-1234567"]
    assert entry["details"]["direction"] == "inbound" and entry["details"]["channel"] == "email"
    original = entry["attachments"][0]
    assert original["media_type"] == "message/rfc822"
    stored = cli.sql("SELECT content FROM attachments WHERE sha256 = ?", original["sha256"])[0][0]
    assert stored == path.read_bytes() and original["sha256"] == hashlib.sha256(stored).hexdigest()
    assert [h["event_id"] for h in cli("search", "refund", "--json").json()] == [entry["id"]]
    cli("verify")


def test_an_mbox_is_imported_whole_and_duplicates_are_stored_once(cli, case, tmp_path):
    first = message(1)
    box = write_mbox(tmp_path / "thread.mbox", [first, message(2, day=13), message(3, day=14)])
    assert len(cli("log", "1", "--email", str(box), "--json").json()["stored"]) == 3
    again = cli("log", "1", "--email", str(write_eml(tmp_path / "same.eml", first)))
    assert "Already stored: <msg1@amazon.co.uk> is event 2" in again.stderr
    resent = message(1, body="Same Message-ID, different bytes")
    assert cli("log", "1", "--email", str(write_eml(tmp_path / "r.eml", resent)), "--json").json()["stored"] == []
    assert len(timeline(cli)) == 3


def test_standard_input(cli, case):
    result = cli("log", "1", "--email", "-", "--json", stdin=bytes(message(7)).decode())
    assert len(result.json()["stored"]) == 1


def test_thread_token_changes_and_disappears_and_references_break(cli, case, tmp_path):
    thread = [
        message(1, day=12),
        message(2, day=14, token="ZZ91QQ", in_reply_to="<msg1@amazon.co.uk>"),
        message(3, day=16, token=None, in_reply_to="<lost@amazon.co.uk>"),
    ]
    cli("log", "1", "--email", str(write_mbox(tmp_path / "t.mbox", thread)))
    report = cli("emails", "1", "--json").json()
    kinds = [(f["kind"], f["when"]) for f in report["flags"]]
    assert kinds == [
        ("token-changed", "2026-11-14"),
        ("token-dropped", "2026-11-16"),
        ("unknown-reference", "2026-11-16"),
    ]
    assert report["flags"][0]["message"] == (
        "On 14 Nov 2026 the reply address changed from cs-reply+A3SC11E84PLJUR to cs-reply+ZZ91QQ: replies after "
        "this date may not reach the agents who saw your earlier messages."
    )
    assert [m["token"] for m in report["messages"]] == ["A3SC11E84PLJUR", "ZZ91QQ", None]
    assert "the reply address changed" in cli("emails", "1").stdout
    assert "the reply address changed" in cli("show", "1").stdout
    assert len(cli("show", "1", "--json").json()["thread_flags"]) == 3
    assert any("reply address changed" in flag for flag in cli("next", "1", "--json").json()["flags"])


@pytest.mark.parametrize("domain", ["amazon.com", "amazon.fr", "amazon.de", "amazon.es", "amazon.co.uk"])
def test_marketplaces_and_a_reply_from_a_new_address(cli, case, tmp_path, domain):
    thread = [
        message(1, domain=domain),
        message(2, domain=domain, day=13, in_reply_to=f"<msg1@{domain}>", sender=f"Seller Support <support@{domain}>"),
    ]
    cli("log", "1", "--email", str(write_mbox(tmp_path / "t.mbox", thread)))
    flags = cli("emails", "1", "--json").json()["flags"]
    assert [f["kind"] for f in flags] == ["new-address"]


def test_reply_to_carries_the_token_when_from_does_not(cli, case, tmp_path):
    thread = [
        message(1, sender="Amazon <no-reply@amazon.co.uk>", reply_to="cs-reply+AAA111@amazon.co.uk"),
        message(2, day=13, sender="Amazon <no-reply@amazon.co.uk>", reply_to="cs-reply+BBB222@amazon.co.uk"),
    ]
    cli("log", "1", "--email", str(write_mbox(tmp_path / "t.mbox", thread)))
    assert [f["kind"] for f in cli("emails", "1", "--json").json()["flags"]] == ["token-changed"]


def test_multipart_attachments_become_attachments_with_safe_names(cli, case, tmp_path):
    m = message(1, attachments=[("../../etc/passwd", b"root:x:0:0"), ("label.pdf", b"%PDF-1.4 label")])
    cli("log", "1", "--email", str(write_eml(tmp_path / "m.eml", m)))
    names = [a["name"] for a in timeline(cli)[0]["attachments"]]
    assert names[1:] == ["passwd", "label.pdf"]
    media = [a["media_type"] for a in timeline(cli)[0]["attachments"]]
    assert media[2] == "application/pdf"


def test_html_only_mail_is_searchable_text_and_never_markup(cli, case, tmp_path):
    html = (
        "<html><head><style>p{}</style></head><body><p>Your <b>replacement</b> ships soon</p>"
        "<script>alert('x')</script><img src=x onerror=alert(1)></body></html>"
    )
    cli("log", "1", "--email", str(write_eml(tmp_path / "h.eml", message(1, html=html))))
    entry = timeline(cli)[0]
    assert entry["details"]["email"]["body_from_html"] is True
    assert "replacement ships soon" in entry["text"]
    assert "<script>" not in entry["text"] and "alert" not in entry["text"] and "<b>" not in entry["text"]
    assert len(cli("search", "replacement", "--json").json()) == 1


def test_importing_into_a_case_about_another_order_warns(cli, make_case, tmp_path):
    make_case(**{**UK_CASE, "order": "202-7654321-7654321"})
    result = cli("log", "1", "--email", str(write_eml(tmp_path / "m.eml", message(1))))
    assert "mentions order 202-1234567-1234567, but case 1 is about 202-7654321-7654321" in result.stderr


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "the email is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary junk", "this is not an email"),
        (b"just some text, no headers at all\n", "this is not an email"),
    ],
)
def test_junk_is_refused_and_nothing_is_written(cli, case, tmp_path, content, error):
    before = cli.snapshot()
    path = tmp_path / "bad.eml"
    path.write_bytes(content)
    assert error in cli.fails("log", "1", "--email", str(path))
    assert cli.snapshot() == before


def test_missing_file_and_options_that_do_not_combine(cli, case, tmp_path):
    assert "does not exist" in cli.fails("log", "1", "--email", str(tmp_path / "nope.eml"))
    path = write_eml(tmp_path / "m.eml", message(1))
    assert "stand alone" in cli.fails("log", "1", "--email", str(path), "--event", "delivered", code=2)
    assert "do not apply to --email" in cli.fails("log", "1", "--email", str(path), "--at", "2026-11-01", code=2)


def test_damaged_messages_are_imported_with_warnings(cli, case, tmp_path):
    truncated = bytes(message(1))[:-40]
    bogus_date = bytes(message(2)).replace(b"Date: Thu, 12 Nov 2026 09:30:00 +0000", b"Date: yesterday-ish")
    odd_charset = (
        b"From: cs-reply+X1@amazon.com\r\nTo: b@example.org\r\nSubject: x\r\nMessage-ID: <c@x>\r\n"
        b"Date: Thu, 12 Nov 2026 09:30:00 +0000\r\n"
        b"Content-Type: text/plain; charset=klingon-8\r\n\r\nQapla\xe9\xff\r\n"
    )
    many_headers = (
        b"From: cs-reply+X1@amazon.com\nMessage-ID: <h@x>\nDate: Thu, 12 Nov 2026 09:30:00 +0000\n"
        + b"".join(b"X-Trace-%d: hop\n" % n for n in range(20_000))
        + b"\nbody\n"
    )
    for number, raw in enumerate((truncated, bogus_date, odd_charset, many_headers)):
        path = tmp_path / f"d{number}.eml"
        path.write_bytes(raw)
        cli("log", "1", "--email", str(path))
    entries = timeline(cli)
    assert len(entries) == 4
    by_id = {e["details"]["email"]["message_id"]: e for e in entries}
    assert by_id["<msg2@amazon.co.uk>"]["occurred"].startswith("2026-11-22T12:00")  # import time
    assert any("Date header" in w for w in by_id["<msg2@amazon.co.uk>"]["details"]["email"]["warnings"])
    assert "Qapla" in by_id["<c@x>"]["text"]
    assert by_id["<h@x>"]["details"]["email"]["headers_total"] == 20_003
    cli("verify")


@pytest.fixture
def signing(tmp_path, monkeypatch):
    """A DKIM key pair for amazon.co.uk, its public record saved where COMPLAINTCTL_DKIM_KEYS points."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    import base64

    records = tmp_path / "dkim-keys.txt"
    records.write_text(f"sel._domainkey.amazon.co.uk v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}\n")
    monkeypatch.setenv("COMPLAINTCTL_DKIM_KEYS", str(records))

    def sign(raw: bytes) -> bytes:
        import dkim

        return (
            dkim.sign(raw, b"sel", b"amazon.co.uk", private, include_headers=[b"from", b"to", b"subject", b"date"])
            + raw
        )

    return sign


def _unsigned(number: int) -> bytes:
    m = message(number)
    del m["DKIM-Signature"]
    return bytes(m)


def test_dkim_is_verified_failed_or_not_checkable_never_just_signed(cli, case, tmp_path, signing, monkeypatch):
    signed = signing(_unsigned(1))
    (tmp_path / "good.eml").write_bytes(signed)
    (tmp_path / "forged.eml").write_bytes(signing(_unsigned(2)).replace(b"We will refund you.", b"No refund."))
    (tmp_path / "plain.eml").write_bytes(_unsigned(3))
    for name in ("good", "forged", "plain"):
        cli("log", "1", "--email", str(tmp_path / f"{name}.eml"))
    statuses = [e["details"]["email"]["dkim"] for e in timeline(cli)]
    assert [d["status"] for d in statuses] == ["verified", "failed", "unsigned"]
    assert statuses[0]["key_record"].startswith("v=DKIM1")  # the key is kept: DNS may drop it next year
    assert "changed after it was signed" in statuses[1]["reason"]
    listed = cli("emails", "1", "--json").json()["messages"]
    assert [m["dkim"] for m in listed] == [
        "DKIM verified (amazon.co.uk)",
        "DKIM failed (amazon.co.uk)",
        "no DKIM signature",
    ]
    shown = cli("show", "1").stdout
    assert "DKIM verified (amazon.co.uk)" in shown and "DKIM signed" not in shown
    monkeypatch.setenv("COMPLAINTCTL_DKIM_KEYS", "")
    (tmp_path / "offline.eml").write_bytes(signing(_unsigned(4)))
    cli("log", "1", "--email", str(tmp_path / "offline.eml"))
    assert timeline(cli)[-1]["details"]["email"]["dkim"]["status"] == "not-checkable"
