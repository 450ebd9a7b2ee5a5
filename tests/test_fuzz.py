"""Fuzzing kept in the suite: each parser of outside input and each CLI option not fuzzed elsewhere (see
test_parsers, test_spoken_dates and test_hostile_cli), in-process. A modest number of examples here, 10,000
each with ``pytest --long``.

What every example must hold: no traceback; an exit code of 0, 1 or 2; nothing stored changes when an input
is refused; and no bundle is called intact unless every file in it is exactly what the export wrote.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes
from helpers.fuzz import examples
from hypothesis import given
from hypothesis import strategies as st

from complaintctl.errors import ComplaintError

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
EMAIL = (
    b"From: Amazon <cs-reply@amazon.co.uk>\r\nTo: me@example.com\r\nSubject: Your refund for 202-1234567-1234567\r\n"
    b"Date: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m1@amazon.co.uk>\r\nDKIM-Signature: v=1; a=rsa-sha256;"
    b" d=amazon.co.uk; s=sel; h=from:to; bh=AAAA; b=BBBB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"We will refund you within 3 days.\r\n"
)


def refused_cleanly(cli, result, before) -> None:
    assert "Traceback" not in result.stderr, result
    assert result.exit_code in (0, 1, 2), result
    if result.exit_code == 1:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), result
    if result.exit_code != 0:
        assert cli.snapshot() == before, result


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """A valid input with bytes replaced, inserted or cut, or random bytes altogether."""

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 8))):
            where = draw(st.integers(0, len(data)))
            what = draw(st.sampled_from(["flip", "insert", "cut"]))
            if what == "flip" and where < len(data):
                data[where] = draw(st.integers(0, 255))
            elif what == "insert":
                data[where:where] = draw(st.binary(max_size=40))
            else:
                del data[where : where + draw(st.integers(1, 40))]
        return bytes(data)

    return st.one_of(mutated(), st.binary(max_size=600))


# Parsers ------------------------------------------------------------------------------------------------


@examples(300)
@given(_mutations(EMAIL))
def test_email_parser(raw):
    from complaintctl.evidence.emails import parse_email

    try:
        parsed = parse_email(raw)
    except ComplaintError:
        return
    assert parsed.raw == raw and isinstance(parsed.subject, str)
    json.dumps(parsed.details(), ensure_ascii=False).encode("utf-8")  # storable as it is


@examples(200)
@given(st.lists(st.tuples(st.sampled_from(["To", "Cc", "X-A", "Subject"]), st.integers(0, 20_000)), max_size=40))
def test_header_caps(fields):
    from complaintctl.evidence.emails import MAX_FIELDS, MAX_HEADERS_TOTAL, cap_headers

    raw = b"".join(f"{name}: {'a' * size}\r\n".encode() for name, size in fields) + b"\r\nbody"
    readable, _warnings, _total = cap_headers(raw)
    head = readable.split(b"\r\n\r\n", 1)[0]
    assert head.count(b"\n") + 1 <= max(MAX_FIELDS, len(fields) + 1)
    assert len(head) <= max(
        MAX_HEADERS_TOTAL + 16 * 1024, len(raw.split(b"\r\n\r\n", 1)[0]) if len(head) < 16 * 1024 else 0
    )


@examples(300)
@given(_mutations(b"[10:02] Agent Priya: I will refund you\n[10:03] You: thanks\n10:05 Priya: done\n"))
def test_transcript_parser(data):
    from complaintctl.evidence.transcripts import parse_transcript

    try:
        parse_transcript(data)
    except ComplaintError:
        return


@examples(300)
@given(texts)
def test_rule_pack_time_limits_and_regions(text):
    from complaintctl.core.facts import parse_region
    from complaintctl.rules.calendar import parse_time_limit

    for parse in (parse_time_limit, parse_region):
        with contextlib.suppress(ComplaintError):
            parse(text)


@examples(150)
@given(_mutations(b'{"format": "complaintctl-dossier", "case": {"id": 1, "chain_head": "ab"}, "events": []}'))
def test_dossier_document_reader(data):
    from complaintctl.dossier.bundle import document_problems, read_document

    try:
        document = read_document(data)
    except ComplaintError:
        return
    assert isinstance(document_problems(document), list)


@examples(150)
@given(st.binary(max_size=400))
def test_timestamp_replies(reply):
    from complaintctl.actions.stamp import request
    from complaintctl.evidence.timestamps import accept, check_stamps

    head = "ab" * 32
    with contextlib.suppress(ComplaintError):
        accept(reply, request(head), head, None)
    event = {
        "id": 2,
        "kind": "stamped",
        "hash": "cd" * 32,
        "details_json": json.dumps({"stamp": {"chain_head": head}, "attachments": [{"name": "t.tsr", "sha256": "x"}]}),
    }
    checks = check_stamps([{"id": 1, "kind": "note", "hash": head}, event], lambda sha: reply)
    assert [check.status for check in checks] == ["failed"]


@pytest.fixture(scope="module")
def signed_reply(tmp_path_factory):
    """A genuine reply from a local authority, its query, and the anchor that checks it."""
    from helpers.tsa import Authority

    from complaintctl.actions.stamp import request
    from complaintctl.evidence.timestamps import anchors

    authority = Authority(tmp_path_factory.mktemp("tsa") / "authority", "Fuzz")
    query = request("ab" * 32)
    return (
        authority.reply(query.as_bytes()),
        query,
        authority.ca_pem.read_bytes(),
        anchors(authority.ca_pem.read_bytes()),
    )


@examples(300)
@given(data=st.data())
def test_damaged_signed_timestamp_replies(signed_reply, data):
    """Random bytes stop at the first tag; a genuine token with a few bytes changed reaches the certificate and
    signature parsers, where ValueError, InvalidVersion, KeyError or a Rust panic came out as tracebacks."""
    from complaintctl.evidence.timestamps import accept, check_stamps

    reply, query, ca_pem, trusted = signed_reply
    changed = data.draw(_mutations(reply).filter(lambda b: b != reply))
    head = "ab" * 32
    for ca in (ca_pem, None):
        with contextlib.suppress(ComplaintError):
            accept(changed, query, head, ca)
    event = {
        "id": 2,
        "kind": "stamped",
        "hash": "cd" * 32,
        "details_json": json.dumps({"stamp": {"chain_head": head}, "attachments": [{"name": "t.tsr", "sha256": "x"}]}),
    }
    checks = check_stamps([{"id": 1, "kind": "note", "hash": head}, event], lambda sha: changed, trusted)
    assert len(checks) == 1 and checks[0].status in ("failed", "verified")


# CLI options --------------------------------------------------------------------------------------------


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    return cli


numbers = st.one_of(st.integers(-(2**70), 2**70).map(str), texts)


@examples(60)
@given(
    args=st.one_of(
        st.tuples(st.just("show"), numbers),
        st.tuples(st.just("search"), texts, st.just("--limit"), numbers),
        st.tuples(st.just("search"), texts, st.just("--case"), numbers),
        st.tuples(st.just("agenda"), st.just("--days"), numbers),
        st.tuples(st.just("list"), st.just("--limit"), numbers),
        st.tuples(st.just("verify"), numbers),
        st.tuples(st.just("verify"), st.just("--head"), texts),
        st.tuples(st.just("amend"), numbers, texts),
        st.tuples(st.just("kept"), numbers),
        st.tuples(st.just("reopen"), numbers, texts),
        st.tuples(st.just("letter"), st.just("1"), texts),
        st.tuples(st.just("letter"), st.just("1"), st.just("formal"), st.just("--lang"), texts),
        st.tuples(st.just("export"), st.just("1"), st.just("--format"), texts),
        st.tuples(st.just("export"), st.just("1"), st.just("-f"), st.just("json"), st.just("--lang"), texts),
        st.tuples(st.just("stamp"), st.just("1"), st.just("--tsa"), texts.filter(lambda t: "://" not in t)),
        st.tuples(st.just("set"), st.just("1"), st.sampled_from(["--amount", "--ordered", "--region"]), texts),
    )
)
def test_command_arguments_and_options(case, tmp_path_factory, args):
    before = case.snapshot()
    if args[0] == "export":
        args = (*args, "-o", str(tmp_path_factory.mktemp("out")))
    refused_cleanly(case, case(*args, code=None), before)


@examples(40)
@given(texts)
def test_paths_given_to_commands(case, tmp_path_factory, name):
    """Odd file names: missing files, folders, names with newlines or escapes, for each command taking one."""
    folder = tmp_path_factory.mktemp("paths")
    before = case.snapshot()
    target = str(folder / name) if name.strip("/.") else name or "."
    for args in (
        ("log", "1", "a", "--attach", target),
        ("log", "1", "--email", target),
        ("log", "1", "--transcript", target),
        ("verify", "--bundle", target),
        ("stats", "--from", target),
        ("--db", str(folder / "other.db"), "restore", target),
    ):
        refused_cleanly(case, case(*args, code=None), before)


# Bundles: never a false intact -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def genuine(tmp_path_factory):
    """One sealed bundle (and its database), made once for every example of the module."""
    import os

    from typer.testing import CliRunner

    from complaintctl.cli import load_commands

    folder = tmp_path_factory.mktemp("genuine")
    env = {"COMPLAINTCTL_DB": str(folder / "cases.db"), "COMPLAINTCTL_NOW": "2026-11-22T12:00:00+00:00"}
    runner, app = CliRunner(), load_commands()
    old = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        runner.invoke(app, ["new", "--title", "Fuzzed", "--country", "GB"])
        (folder / "shot.png").write_bytes(png_bytes(4, 4))
        runner.invoke(app, ["log", "1", "Screenshot", "--attach", str(folder / "shot.png")])
        made = runner.invoke(app, ["export", "1", "-f", "zip", "-o", str(folder)])
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    path = Path(made.stdout.strip())
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    return path.read_bytes(), members


@examples(40)
@given(data=st.data())
def test_a_changed_bundle_is_never_called_intact(cli, tmp_path_factory, genuine, data):
    original, members = genuine
    changed = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(changed) - 1))
        changed[where] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("flipped") / "bundle.zip"
    path.write_bytes(bytes(changed))
    result = cli("verify", "--bundle", str(path), code=None)
    assert "Traceback" not in result.stderr and result.exit_code in (0, 1), result
    if result.exit_code == 0:  # only a change outside every member's bytes (a zip header's date, say) passes
        with zipfile.ZipFile(path) as archive:
            assert {item.filename: archive.read(item) for item in archive.infolist()} == members


@examples(30)
@given(
    member=st.sampled_from(
        ["data/dossier.json", "data/dossier.html", "data/dossier.md", "bag-info.txt", "data/exhibits/01-shot.png"]
    ),
    edit=st.binary(min_size=1, max_size=20),
)
def test_an_edited_member_with_rebuilt_manifests_is_never_called_intact(cli, tmp_path_factory, genuine, member, edit):
    """The forger rewrites the manifests after the edit: only the chain and the re-derivation can tell."""
    import hashlib

    _, members = genuine
    name = f"dossier-1/{member}"
    changed = dict(members)
    changed[name] = members[name] + edit
    digest = hashlib.sha256(changed[name]).hexdigest()
    old = hashlib.sha256(members[name]).hexdigest()
    for manifest in ("dossier-1/manifest-sha256.txt", "dossier-1/tagmanifest-sha256.txt"):
        changed[manifest] = changed[manifest].replace(old.encode(), digest.encode())
    path = tmp_path_factory.mktemp("edited") / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for item, content in changed.items():
            archive.writestr(item, content)
    result = cli("verify", "--bundle", str(path), code=None)
    assert "Traceback" not in result.stderr and result.exit_code == 1, result


def _twin(name: str, how: str) -> str:
    import unicodedata

    return {
        "upper": name.upper(),
        "title": name[:-3] + name[-3:].upper(),
        "dot": name.replace("/", "/./", 1),
        "slashes": name.replace("/", "//", 1),
        "nfd": unicodedata.normalize("NFD", name.replace("dossier", "dossiér", 1)),
        "nfc": unicodedata.normalize("NFC", name.replace("dossier", "dossie\u0301r", 1)),
        "under": name + "/x",
        "folder": name + "/",
        "combining": name[:-1] + "\u0301" + name[-1],
    }[how]


@examples(40)
@given(
    extras=st.lists(
        st.tuples(
            st.one_of(
                st.tuples(
                    st.sampled_from(
                        ["bag-info.txt", "data/dossier.pdf", "data/dossier.json", "data/exhibits/01-shot.png"]
                    ),
                    st.sampled_from(["upper", "title", "dot", "slashes", "nfd", "nfc", "under", "folder", "combining"]),
                ).map(lambda pair: _twin(f"dossier-1/{pair[0]}", pair[1])),
                texts.map(lambda text: f"dossier-1/data/{text}"),
            ),
            st.binary(max_size=30),
        ),
        min_size=1,
        max_size=3,
    ),
    first=st.booleans(),
)
def test_a_zip_with_members_the_export_did_not_write_is_never_intact(cli, tmp_path_factory, genuine, extras, first):
    """Names a file system may take for a member's (case, Unicode form, path spelling), a file under a file,
    folders carrying data, and random names: refused with one line, or named as planted; never intact."""
    import warnings

    _, members = genuine
    path = tmp_path_factory.mktemp("planted") / "bundle.zip"
    planted = [(name, data) for name, data in extras]
    ordered = [*planted, *members.items()] if first else [*members.items(), *planted]
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name, which is the point
        for name, data in ordered:
            archive.writestr(name, data)
    result = cli("verify", "--bundle", str(path), code=None)
    assert "Traceback" not in result.stderr, result
    harmless = all(name.endswith("/") and not data for name, data in planted)  # an empty folder entry
    assert result.exit_code == 1 or (result.exit_code == 0 and harmless), result
