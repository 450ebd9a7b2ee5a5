"""The dossier as a PDF court bundle, laid out with ReportLab from the same document as the HTML.

ReportLab lays out 1,000 timeline entries and 50 screenshots in about a second; an HTML engine took ten.
What a court bundle needs is drawn here: page N of M and the parties on every page, the chain head in the
footer, an index of exhibits with the page each starts on, an EXHIBIT N label on every page of an exhibit,
emails as a header table and decoded body, long lines wrapped rather than clipped, and PDF exhibits
attached inside the file. Every value typed by a user is escaped before it reaches ReportLab's markup.
The output is byte-reproducible (ReportLab's invariant mode, fixed attachment dates), so `verify --bundle`
can re-derive it.

Here: the fonts, the page (running header, footer, page N of M, exhibit labels) and the attached files. The
building blocks are in pdf_flowables.py, the sections in pdf_story.py and pdf_exhibits.py.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

# This module is imported only when a PDF is made: ReportLab stays off every other command's start-up.
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from complaintctl.dossier.exhibits import Readable
from complaintctl.dossier.pdf_flowables import DARK, GREY, Marks
from complaintctl.dossier.pdf_story import Story
from complaintctl.dossier.words import parties_line
from complaintctl.errors import ComplaintError

PAGE_MARGINS_MM = (20, 15, 18, 15)  # top, right, bottom, left
# DejaVu ships with the package (fonts/, licence beside it): every machine lays a dossier out with the same
# font bytes, so a bundle re-derives byte for byte anywhere, and every glyph is embedded (Windows and macOS
# readers print boxes for an unembedded Helvetica's missing characters).
FONT_DIR = Path(__file__).with_name("fonts")
DEJAVU = {"CtlSans": "DejaVuSans.ttf", "CtlSans-Bold": "DejaVuSans-Bold.ttf", "CtlMono": "DejaVuSansMono.ttf"}


def dejavu_files() -> dict[str, Path] | None:
    found = {name: FONT_DIR / file for name, file in DEJAVU.items()}
    return found if all(path.is_file() for path in found.values()) else None


@lru_cache(maxsize=2)
def fonts(family: str | None = None) -> tuple[str, str, str]:
    """Regular, bold and monospace font names: the DejaVu fonts of the package (most scripts, not only Latin),
    all embedded; Vera (ReportLab's own) and Courier only to lay out again a bundle an older version laid out
    with them (``family``), or should the package's fonts be missing."""
    found = dejavu_files() if family in (None, "DejaVu") else None
    if found:
        for name, path in found.items():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        chosen = ("CtlSans", "CtlSans-Bold", "CtlMono")
    else:
        pdfmetrics.registerFont(TTFont("CtlVera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("CtlVera-Bold", "VeraBd.ttf"))
        chosen = ("CtlVera", "CtlVera-Bold", "Courier")
    # <b> in a paragraph switches to the family's bold face
    pdfmetrics.registerFontFamily(chosen[0], normal=chosen[0], bold=chosen[1], italic=chosen[0], boldItalic=chosen[1])
    return chosen


def font_family(pdf: bytes) -> str:
    """Which fonts a PDF of ours was laid out with: DejaVu (the system's) or Vera (ReportLab's own), read from
    its font dictionaries (the name anywhere else, in an attached file say, does not count)."""
    return "DejaVu" if re.search(rb"/BaseFont\s*/[A-Z]{6}\+DejaVuSans", pdf) else "Vera"


def render_pdf(
    dossier: dict[str, Any],
    readable: dict[int, Readable],
    attachments: list[tuple[str, bytes]],
    words: Any,
    labels: dict[str, Any],
    local_date: Any,
    version: str,
    family: str | None = None,
) -> bytes:
    # A table row moves whole to the next page, as a court bundle wants; only a row taller than a page (a fact
    # of many thousand characters, say) makes the layout fail, and then rows may break across pages.
    try:
        pdf = _laid_out(dossier, readable, words, labels, local_date, version, fonts(family), split_rows=False)
    except LayoutError:
        try:
            pdf = _laid_out(dossier, readable, words, labels, local_date, version, fonts(family), split_rows=True)
        except LayoutError as error:
            raise ComplaintError(
                f"the PDF could not be laid out ({str(error)[:200]}); the HTML, JSON and "
                "Markdown dossiers hold the same content"
            ) from None
    return _attach(pdf, attachments) if attachments else pdf


def _laid_out(
    dossier: dict[str, Any],
    readable: dict[int, Readable],
    words: Any,
    catalogue: dict[str, Any],
    local_date: Any,
    version: str,
    chosen: tuple[str, str, str],
    split_rows: bool,
) -> bytes:
    marks = Marks()
    regular, bold, mono = chosen
    top, right, bottom, left = (value * mm for value in PAGE_MARGINS_MM)
    width, height = A4
    parties = parties_line(dossier, catalogue)
    footer = f"{catalogue['footer']} {dossier['case']['chain_head'][:16]}"

    def page_end(canvas: Any, document: Any) -> None:
        # After the page's flowables: an exhibit that began on this page has set its label.
        marks.labels[canvas.getPageNumber()] = marks.exhibit
        canvas.saveState()
        canvas.setFillColor(GREY)
        canvas.setFont(regular, 8)
        canvas.drawString(left, height - top + 6 * mm, _clip(parties, 110))
        canvas.setFont(regular, 7)
        canvas.drawString(left, bottom - 8 * mm, footer)
        canvas.restoreState()

    frame = Frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    out = io.BytesIO()
    document = BaseDocTemplate(
        out,
        pagesize=A4,
        invariant=1,
        title=f"{catalogue['dossier']}: {dossier['case']['id']}",
        author="",
        subject="",
        creator=f"complaintctl {version}",
        producer="complaintctl",
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPageEnd=page_end)],
        # Every page stream starts in this font: ReportLab's default, Helvetica, would be named unembedded.
        initialFontName=regular,
    )
    story = Story(
        dossier, readable, words, catalogue, local_date, marks, chosen, width - left - right, version, split_rows
    )
    canvas = partial(
        _HeldCanvas,
        marks=marks,
        words=(catalogue["page"], catalogue["of"]),
        fonts=(regular, bold),
        corners=(width - right, height - top + 6 * mm, bottom - 8 * mm),
    )
    document.build(story.flowables(), canvasmaker=canvas)
    return out.getvalue()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _HeldCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds its pages until the end, when the page count and every exhibit's first page are
    known: then it writes "page N of M", the exhibit label and the index's page numbers on each."""

    def __init__(
        self,
        *args: Any,
        marks: Marks,
        words: tuple[str, str],
        fonts: tuple[str, str],
        corners: tuple[float, float, float],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._marks, self._words, self._fonts, self._corners = marks, words, fonts, corners
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        (page_word, of_word), (regular, bold), (right, header_y, footer_y) = self._words, self._fonts, self._corners
        marks = self._marks
        references: dict[int, list[tuple[float, float, int]]] = {}
        for page, x, y, exhibit in marks.references:
            references.setdefault(page, []).append((x, y, exhibit))
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self.setFillColor(DARK)
            self.setFont(regular, 8)
            self.drawRightString(right, footer_y, f"{page_word} {number} {of_word} {total}")
            label = marks.labels.get(number)
            if label:
                self.setFont(bold, 9)
                self.drawRightString(right, header_y, label)
            self.setFont(regular, 9)
            for x, y, exhibit in references.get(number, ()):
                if exhibit in marks.starts:
                    self.drawString(x, y, str(marks.starts[exhibit]))
            super().showPage()
        super().save()


def _attach(pdf: bytes, attachments: list[tuple[str, bytes]]) -> bytes:
    """Files that are neither pictures nor text (PDF receipts, documents) travel inside the PDF, so the court
    bundle is complete on its own."""
    from pypdf import PdfReader, PdfWriter  # only when there is a file to attach

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for name, content in attachments:
        writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
