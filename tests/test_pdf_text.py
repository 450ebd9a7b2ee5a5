"""The PDF dossier read back as a clerk's reader would: pypdf's text of every page, and its font dictionaries.

An email shows as a header table and its decoded body: no quoted-printable (=C2=A3), no base64, no CRLF glyph;
its attachments are exhibits of their own; and every font the PDF uses is embedded in it."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from helpers.cases import UK_CASE
from helpers.files import png_bytes
from pypdf import PdfReader

PDF_INVOICE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def awkward_email() -> bytes:
    """What Amazon's mail looks like on the wire: quoted-printable UTF-8 with a pound sign, an HTML part,
    CRLF line ends, a base64 PDF invoice and a picture."""
    mail = EmailMessage()
    mail["From"] = '"Amazon.co.uk Customer Service" <cs-reply+A3SC11E84PLJUR@amazon.co.uk>'
    mail["To"] = "Ann Example <ann@example.org>"
    mail["Subject"] = "Your refund of £59.99"
    mail["Date"] = format_datetime(datetime(2026, 11, 14, 9, 30, tzinfo=UTC))
    mail["Message-ID"] = "<refund-1@amazon.co.uk>"
    mail.set_content(
        "Dear Ann,\n\nWe have issued a refund of £59.99 to your card.\n" + "Regards, Priya\n" * 3,
        cte="quoted-printable",
    )
    mail.add_alternative(
        "<html><body><p>Dear Ann,</p><p>We have issued a refund of <b>&pound;59.99</b> to your card.</p></body></html>",
        subtype="html",
        cte="quoted-printable",
    )
    mail.add_attachment(PDF_INVOICE, maintype="application", subtype="pdf", filename="invoice-202.pdf")
    mail.add_attachment(png_bytes(40, 30), maintype="image", subtype="png", filename="parcel.png")
    return bytes(mail).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def pdf_of(cli, tmp_path: Path, lang: str = "en") -> tuple[PdfReader, str]:
    eml = tmp_path / "refund.eml"
    eml.write_bytes(awkward_email())
    cli("log", "1", "--email", str(eml))
    out = Path(cli("export", "1", "--format", "pdf", "--lang", lang, "-o", str(tmp_path / "out")).stdout.strip())
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


def test_an_email_reads_as_headers_and_its_decoded_body(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    _, text = pdf_of(cli, tmp_path)
    assert "=C2=A3" not in text and "=3D" not in text, "quoted-printable left in the PDF"
    assert not re.search(r"[A-Za-z0-9+/]{76}", text), "a base64 run in the PDF"
    assert "Content-Transfer-Encoding" not in text and "MIME-Version" not in text
    assert "We have issued a refund of £59.99 to your card." in text
    assert "Amazon.co.uk Customer Service" in text  # the From display name
    assert "Your refund of £59.99" in text
    assert "\r" not in text and "\u25a1" not in text and "\ufffd" not in text


def test_an_emails_attachments_are_exhibits_of_their_own(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    _, text = pdf_of(cli, tmp_path)
    assert "invoice-202.pdf" in text and "parcel.png" in text
    index = text[text.index("Exhibits") :]
    assert "invoice-202.pdf" in index and "parcel.png" in index


def test_every_font_in_the_pdf_is_embedded(cli, make_case, tmp_path):
    make_case(**UK_CASE)
    cli("log", "1", "--event", "delivered", "--at", "2026-11-05 10:00")  # a picture with labels
    reader, _ = pdf_of(cli, tmp_path)
    seen = set()

    def fonts_of(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            seen.add(str(font.get("/BaseFont")))
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            assert descriptor is not None, f"{font.get('/BaseFont')} is not embedded (no descriptor)"
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
        for xobject in (resources.get("/XObject") or {}).values():
            fonts_of(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        fonts_of(page.get("/Resources"))
    assert seen and all("DejaVu" in name for name in seen), seen


def test_an_england_and_wales_bundle_ends_with_a_witness_statement_to_sign(cli, make_case, tmp_path):
    make_case(**UK_CASE, buyer_name="Ann Example", buyer_address="1 High Street, London, N1 1AA")
    reader, text = pdf_of(cli, tmp_path)
    last = reader.pages[-1].extract_text()
    assert "Witness statement of Ann Example" in last and "Statement of truth" in last
    assert "I believe that the facts stated in this witness statement are true." in " ".join(last.split())
    assert "proceedings for contempt of court may be brought against anyone who makes, or causes to be made" in (
        " ".join(last.split())
    )
    make_case(**{**UK_CASE, "region": "GB-SCT"})
    out = Path(cli("export", "2", "--format", "pdf", "-o", str(tmp_path / "scot")).stdout.strip())
    scottish = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Witness statement" not in scottish and "contempt of court" not in scottish
