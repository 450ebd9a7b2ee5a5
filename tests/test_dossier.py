"""The dossier: hostile content escaped, nothing written outside, bags that validate and catch a changed byte."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import bagit
import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes
from helpers.mail import message, write_mbox

HOSTILE = "<script>alert('x')</script> \"><img src=x onerror=alert(1)>"


@pytest.fixture
def rich_case(cli, make_case, tmp_path):
    """A case with hostile text, a screenshot, a PDF, an attachment named to escape, emails and a transcript."""
    make_case(**UK_CASE)
    shot = tmp_path / "chat.png"
    shot.write_bytes(png_bytes(8, 6))
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%receipt\n")
    evil = tmp_path / "evil"
    evil.mkdir()
    sneaky = evil / "passwd"
    sneaky.write_text("root:x:0:0")
    cli("log", "1", HOSTILE, "--at", "2026-11-12 10:00", "--attach", str(shot), "--attach", str(pdf))
    # An attachment whose stored name is a path trick: stored names lose directories, exports re-check.
    mail = message(
        1, attachments=[("../../etc/passwd", b"root:x:0:0"), ("..\\..\\boot.ini", b"[boot]")], subject=HOSTILE
    )
    thread = [mail, message(2, day=14, token="ZZ91QQ", in_reply_to="<msg1@amazon.co.uk>")]
    cli("log", "1", "--email", str(write_mbox(tmp_path / "t.mbox", thread)))
    promise = cli(
        "log",
        "1",
        "Agent promised a refund",
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
        "--at",
        "2026-11-14",
        "--channel",
        "chat",
        "--agent",
        "Priya",
        "--json",
    ).json()["id"]
    cli("broken", str(promise), "No refund")
    note = cli("log", "1", "Typo note", "--at", "2026-11-15", "--json").json()["id"]
    cli("amend", str(note), "Corrected note")
    return cli


def export(cli, tmp_path, fmt, folder="out"):
    out = tmp_path / folder
    path = cli("export", "1", "--format", fmt, "-o", str(out)).stdout.strip()
    return out, out / path.rsplit("/", 1)[-1]


def test_html_escapes_everything_and_holds_every_section(rich_case, tmp_path):
    out, path = export(rich_case, tmp_path, "html")
    html = path.read_text()
    assert "<script>" not in html and "onerror=alert(1)>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    for section in (
        'id="cover"',
        'id="remedies"',
        'id="thread-flags"',
        'id="timeline"',
        'id="promises"',
        'id="statistics"',
        'id="exhibits"',
        'id="integrity"',
        "<svg",
    ):
        assert section in html
    assert "default-src 'none'" in html and "data:image/png;base64," in html
    assert "the reply address changed" in html and "Corrected by event" in html and "Originally" in html
    assert "backdated" in html and "broken" in html
    assert [p.name for p in out.iterdir()] == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_json_round_trips_facts_events_and_the_chain(rich_case, tmp_path):
    _, path = export(rich_case, tmp_path, "json")
    dossier = json.loads(path.read_text())
    shown = rich_case("show", "1", "--json").json()
    stored = rich_case.sql(
        "SELECT id, case_id, seq, kind, occurred, occurred_utc, recorded_utc, text, "
        "details_json, prev_hash, hash FROM events WHERE kind != 'exported' ORDER BY seq"
    )
    assert dossier["case"]["facts"] == shown["facts"] and dossier["case"]["chain_head"] == stored[-1][-1]
    # the export itself is the next event of the chain: it names the head it exported and the file's hash
    exported = json.loads(rich_case.sql("SELECT details_json FROM events ORDER BY seq DESC LIMIT 1")[0][0])
    assert exported["export"]["chain_head"] == stored[-1][-1] and exported["export"]["file"] == path.name
    assert exported["export"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert shown["timeline"][-1]["kind"] == "exported"
    assert [tuple(e.values()) for e in dossier["events"]] == stored
    from complaintctl.dossier.bundle import chain_problems

    assert chain_problems(dossier) == []
    dossier["events"][2]["text"] += "!"
    assert chain_problems(dossier) == [f"event {dossier['events'][2]['id']} in dossier.json does not match its hash"]
    assert dossier["statistics"]["promises_broken"] == 1 and dossier["statistics"]["agents"] == ["Priya"]
    assert dossier["statistics"]["days_since_order"] == 21


def test_markdown_escapes_html_and_markdown(rich_case, tmp_path):
    _, path = export(rich_case, tmp_path, "md")
    text = path.read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text and "# Case 1: Headphones never arrived" in text


def test_the_bag_validates_and_fails_after_one_changed_byte(rich_case, tmp_path):
    out, path = export(rich_case, tmp_path, "zip")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert all(n.startswith("dossier-1/") and ".." not in n for n in names)
        assert {
            "dossier-1/data/dossier.html",
            "dossier-1/data/dossier.json",
            "dossier-1/data/dossier.pdf",
            "dossier-1/manifest-sha256.txt",
            "dossier-1/manifest-sha512.txt",
        } <= set(names)
        exhibits = [n for n in names if "/exhibits/" in n]
        assert any(n.endswith("-passwd") for n in exhibits) and any(n.endswith("boot.ini") for n in exhibits)
        assert not any(":" in n.rsplit("/", 1)[-1] for n in exhibits)
        archive.extractall(tmp_path / "unpacked")
    bag = bagit.Bag(str(tmp_path / "unpacked" / "dossier-1"))
    bag.validate()
    exported = json.loads(rich_case.sql("SELECT details_json FROM events ORDER BY seq DESC LIMIT 1")[0][0])
    assert bag.info["Complaintctl-Chain-Head"] == exported["export"]["chain_head"]
    assert "Intact" in rich_case("verify", "--bundle", str(path)).stderr
    shot = next(tmp_path.joinpath("unpacked", "dossier-1", "data", "exhibits").glob("*chat.png"))
    damaged = bytearray(shot.read_bytes())
    damaged[-1] ^= 1
    shot.write_bytes(bytes(damaged))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(tmp_path / "unpacked" / "dossier-1")).validate()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("chat.png"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.writestr(item, data)
    result = rich_case("verify", "--bundle", str(tampered), "--json", code=1).json()
    assert result["intact"] is False and any("chat.png" in p for p in result["problems"])


def test_verify_bundle_refuses_junk_and_path_tricks(rich_case, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert "not a zip file" in rich_case.fails("verify", "--bundle", str(junk))
    trick = tmp_path / "trick.zip"
    with zipfile.ZipFile(trick, "w") as archive:
        archive.writestr("../../outside.txt", "x")
    assert "unsafe path" in rich_case.fails("verify", "--bundle", str(trick))
    assert not (tmp_path.parent / "outside.txt").exists()
    assert "does not exist" in rich_case.fails("verify", "--bundle", str(tmp_path / "nope.zip"))


def test_export_errors(rich_case, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "-o takes a folder" in rich_case.fails("export", "1", "-o", str(blocker))
    assert "there is no case 4" in rich_case.fails("export", "4", "-o", str(tmp_path))
    rich_case("export", "1", "--format", "docx", code=2)


def pdf_pages(path):
    from pypdf import PdfReader

    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def test_the_pdf_is_a_court_bundle(rich_case, tmp_path):
    _, path = export(rich_case, tmp_path, "pdf")
    reader, pages = pdf_pages(path)
    total = len(pages)
    assert total >= 5
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {total}" in text  # page N of M on every page
        assert "Case 1: the buyer and SoundShop EU (amazon.co.uk), order 202-1234567-1234567" in text  # header
        assert "chain head" in text  # and the chain head in the footer
    cover = pages[0]
    assert "Case 1: Headphones never arrived" in cover and "Remedies and deadlines" in cover
    whole = "\n".join(pages)
    assert HOSTILE.split(" ")[0] in whole  # user text shown as text, never interpreted
    for section in ("Timeline", "Promises", "Statistics", "Exhibits", "Integrity"):
        assert section in whole
    # The index gives each exhibit's first page, and that page carries the exhibit's label.
    # The index may run on to the next page.
    first = next(n for n, text in enumerate(pages) if "What\nType\nEvent\nPage" in text)  # its header row
    index = "\n".join(pages[first : first + 2])
    for number in range(1, 7):
        page = next(n for n, text in enumerate(pages, 1) if f"Exhibit {number}:" in text)
        assert f"EXHIBIT {number}" in pages[page - 1]
        assert str(page) in index.split("\n")
    # An email exhibit: its headers in a table and its decoded body, never raw MIME or base64.
    assert "Message-ID" in whole and "Content-Transfer-Encoding" not in whole
    # The PDF receipt travels inside the PDF.
    assert any(name.endswith("receipt.pdf") for name in reader.attachments)
    assert (
        reader.attachments[next(n for n in reader.attachments if n.endswith("receipt.pdf"))][0]
        == b"%PDF-1.4\n%receipt\n"
    )


def test_the_pdf_is_the_same_bytes_every_time(rich_case):
    """verify --bundle re-derives the PDF: the same events must give the same bytes."""
    from complaintctl.actions.advice import packs
    from complaintctl.actions.export import collect
    from complaintctl.core import clock
    from complaintctl.dossier.render import EXPORTERS
    from complaintctl.store import Store

    store = Store.open(rich_case.db)
    try:
        dossier, exhibits = collect(store, 1, packs(None), clock.now(), lambda *_: None)
    finally:
        store.close()
    first = EXPORTERS["pdf"]().render(dossier, exhibits)
    assert first == EXPORTERS["pdf"]().render(dossier, exhibits)


def test_a_pdf_is_checked_with_the_fonts_it_was_laid_out_with(rich_case, tmp_path, monkeypatch):
    """A bundle an older version laid out with Vera is checked byte for byte; one made with the package's
    DejaVu, verified by an install whose fonts are missing, is not called intact: it says why it could not be
    re-derived."""
    from complaintctl.dossier import pdf

    assert pdf.dejavu_files() is not None, "the package ships its DejaVu fonts (package-data)"
    _, with_dejavu = export(rich_case, tmp_path, "zip", "dejavu")
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path / "no-fonts")  # now an install without its fonts
    pdf.fonts.cache_clear()
    try:
        _, with_vera = export(rich_case, tmp_path, "zip", "vera")
        unchecked = rich_case("verify", "--bundle", str(with_dejavu), code=1)
        monkeypatch.undo()  # back on a machine with DejaVu: the Vera bundle is still checked, and intact
        pdf.fonts.cache_clear()
        checked = rich_case("verify", "--bundle", str(with_vera), "--json").json()
    finally:
        pdf.fonts.cache_clear()
    assert "dossier.pdf cannot be re-derived on this machine" in unchecked.stderr
    assert "reinstall complaintctl" in unchecked.stderr and "Intact" not in unchecked.stderr
    assert checked["intact"] is True and not any("dossier.pdf" in note for note in checked.get("notes", []))


def _flat(text):
    return " ".join(text.split())


def test_pdf_table_rows_are_never_split_across_pages(rich_case, tmp_path):
    _, document = export(rich_case, tmp_path, "json")
    remedies = json.loads(document.read_text())["remedies"]
    _, path = export(rich_case, tmp_path, "pdf")
    _, pages = pdf_pages(path)
    flat = [_flat(text) for text in pages]
    assert len(remedies) > 4
    for remedy in remedies:
        reason, source = _flat(remedy["reason"])[:40], _flat(f"Source: {remedy['source']}")[:30]
        page = next(text for text in flat if f"{remedy['rule']} · v{remedy['pack_version']}" in text)
        assert reason in page and source in page, f"the row of {remedy['rule']} is split across pages"


def test_a_row_taller_than_a_page_still_makes_a_pdf(cli, make_case, tmp_path):
    """A 10 KB Subject makes a header row taller than a page: then rows may break across pages."""
    make_case(title="Long subject")
    subject = " ".join(f"word{n}" for n in range(1_200))
    cli("log", "1", "--email", str(write_mbox(tmp_path / "long.mbox", [message(1, subject=subject)])))
    _, path = export(cli, tmp_path, "pdf")
    _, pages = pdf_pages(path)
    whole = _flat(" ".join(pages))
    assert "word0 word1" in whole and "word1199" in whole


def test_the_fonts_of_a_pdf_are_read_from_its_font_dictionaries_only():
    from complaintctl.dossier.pdf import font_family

    assert font_family(b"<< /Type /Font /BaseFont /AAAAAA+DejaVuSans-Bold >>") == "DejaVu"
    # the name inside an attached file or a text says nothing about how the PDF was laid out
    assert font_family(b"<< /Type /EmbeddedFile >> stream DejaVuSans endstream") == "Vera"


def test_a_damaged_or_enormous_picture_is_named_not_fatal(cli, make_case, tmp_path):
    import struct
    import zlib

    make_case(title="Damaged picture")
    broken = tmp_path / "broken.png"
    broken.write_bytes(png_bytes(8, 6)[:40])  # a PNG header and nothing more
    # 12,000 × 12,000 pixels of one colour: 420 KB on disk, 430 MB to decode
    header = struct.pack(">IIBBBBB", 12_000, 12_000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (12_000 * 3 + 1) * 12_000, 9)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + b"".join(
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
            for kind, data in ((b"IHDR", header), (b"IDAT", rows), (b"IEND", b""))
        )
    )
    cli("log", "1", "A screenshot cut short", "--attach", str(broken), "--attach", str(bomb))
    _, path = export(cli, tmp_path, "pdf")
    _, pages = pdf_pages(path)
    whole = "\n".join(pages)
    assert "The picture could not be drawn" in whole
    assert "The picture is too large to draw (12000×12000 pixels)" in whole


def _forge_bundle(path, tmp_path, change):
    """What a forger with bagit does: unpack, change a document, rebuild every manifest, zip it again."""
    folder = tmp_path / "forged"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    change(folder / "dossier-1" / "data")
    bagit.Bag(str(folder / "dossier-1")).save(manifests=True)
    target = tmp_path / "forged.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(file, file.relative_to(folder).as_posix())
    return target


def _edit_json(data):
    document = json.loads((data / "dossier.json").read_text())
    document["summary"] = document["summary"].replace("SoundShop", "Another shop")
    (data / "dossier.json").write_text(json.dumps(document, ensure_ascii=False, indent=2))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda data: (data / "dossier.html").write_bytes(
                (data / "dossier.html").read_bytes().replace(b"Headphones", b"Earphones")
            ),
            "dossier.html differs from what the events produce",
        ),
        (
            lambda data: (data / "dossier.md").write_text((data / "dossier.md").read_text() + "\nAll settled.\n"),
            "dossier.md differs from what the events produce",
        ),
        (
            lambda data: (data / "dossier.pdf").write_bytes((data / "dossier.pdf").read_bytes() + b"\n%%extra"),
            "dossier.pdf differs from what the events produce",
        ),
        (_edit_json, "dossier.json's summary differs from what its events produce"),
    ],
    ids=["html", "md", "pdf", "json-section"],
)
def test_a_document_rebuilt_with_fresh_manifests_is_caught(rich_case, tmp_path, change, named):
    _, path = export(rich_case, tmp_path, "zip")  # intact as exported: test_the_bag_validates... checks that
    forged = _forge_bundle(path, tmp_path, change)
    problems = rich_case("verify", "--bundle", str(forged), "--json", code=1).json()["problems"]
    assert named in problems, problems


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fr",
            ["Chronologie", "Recours et délais", "Intégrité", "10 novembre 2026", "Le litige.", "59,99", "ouverture"],
        ),
        (
            "es",
            [
                "Cronología",
                "Recursos y plazos",
                "Integridad",
                "10 de noviembre de 2026",
                "El problema.",
                "59,99",
                "apertura",
            ],
        ),
        (
            "de",
            [
                "Verlauf",
                "Rechtsbehelfe und Fristen",
                "Unversehrtheit",
                "10. November 2026",
                "Das Problem.",
                "59,99",
                "Eröffnung",
            ],
        ),
    ],
)
def test_the_dossier_in_another_language_and_it_still_verifies(rich_case, tmp_path, lang, words):
    path = Path(rich_case("export", "1", "--lang", lang, "-o", str(tmp_path / lang)).stdout.strip())
    with zipfile.ZipFile(path) as archive:
        html = archive.read("dossier-1/data/dossier.html").decode()
        document = json.loads(archive.read("dossier-1/data/dossier.json"))
    assert document["lang"] == lang and f'<html lang="{lang}">' in html
    for word in words:
        assert word in html, word
    assert "<h2>Timeline</h2>" not in html and "Remedies and deadlines" not in html
    for english in ("A-to-z claim", "Eligible since", "Not yet", "Act by", "File an A-to-z", "Needs the"):
        assert english not in html, english  # the rule packs' English stays in dossier.json
    assert "Intact" in rich_case("verify", "--bundle", str(path)).stderr
    assert rich_case("export", "1", "--lang", "it", code=2).exit_code == 2


def test_entries_recorded_under_a_replaced_clock_are_marked_in_show_and_the_dossier(cli, make_case, tmp_path):
    make_case(title="Under a fixed clock")
    fixed = cli.env["COMPLAINTCTL_NOW"]
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COMPLAINTCTL_NOW")
        cli("log", "1", "Under the machine's own clock")
    shown = cli("show", "1").stdout
    assert shown.count(f"recorded under a replaced clock (COMPLAINTCTL_NOW={fixed})") == 1
    timeline = cli("show", "1", "--json").json()["timeline"]
    assert [entry["clock_override"] for entry in timeline] == [fixed, None]
    bundle = cli("export", "1", "-o", str(tmp_path)).stdout.strip()
    with zipfile.ZipFile(bundle) as opened:
        name = next(item for item in opened.namelist() if item.endswith("data/dossier.json"))
        exported = json.loads(opened.read(name))["timeline"]
    # The export's own seal was written under the fixed clock too.
    marks = {entry["kind"]: entry.get("clock_override") for entry in exported}
    assert marks == {"opened": fixed, "note": None, "sealed": fixed}
    # Named only where it applies: older bundles re-derive alike.
    assert "clock_override" not in next(entry for entry in exported if entry["kind"] == "note")
    assert "Intact" in cli("verify", "--bundle", bundle).stderr


@pytest.mark.parametrize(
    ("lang", "mark", "legend"),
    [("en", "† clock replaced", "† Clock replaced: complaintctl recorded"), ("de", "† Uhr ersetzt", "† Uhr ersetzt: ")],
)
def test_the_html_markdown_and_pdf_mark_entries_under_a_replaced_clock(cli, make_case, tmp_path, lang, mark, legend):
    import io

    make_case(title="Under a fixed clock")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COMPLAINTCTL_NOW")
        cli("log", "1", "Under the machine's own clock")
    bundle = cli("export", "1", "--lang", lang, "-o", str(tmp_path)).stdout.strip()
    with zipfile.ZipFile(bundle) as opened:
        html = opened.read("dossier-1/data/dossier.html").decode()
        markdown = opened.read("dossier-1/data/dossier.md").decode()
        _, pages = pdf_pages(io.BytesIO(opened.read("dossier-1/data/dossier.pdf")))
    # The opening (timeline) and the export's seal (integrity section) were written under COMPLAINTCTL_NOW,
    # the note was not; the legend line begins with the mark too.
    for document in (html, markdown, _flat(" ".join(pages))):
        assert document.lower().count(mark.lower()) == 3 and legend in document
    assert html.count('title="COMPLAINTCTL_NOW=') == 1
    assert "Intact" in cli("verify", "--bundle", bundle).stderr
