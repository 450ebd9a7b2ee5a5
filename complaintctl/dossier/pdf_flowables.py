"""The PDF bundle's building blocks: styles, paragraphs, tables, pictures, and the zero-size marks that tell
the pages which exhibit they show and where each exhibit starts. Every value typed by a user is escaped
(``markup``) before it reaches ReportLab's markup."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Preformatted, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from complaintctl.dossier.exhibits import Readable

GREY, DARK = "#666666", "#111111"
STATUS_COLOURS = {"eligible": "#157a15", "expired": "#aa0000", "not-eligible": GREY}
STATE_COLOURS = {"broken": "#aa0000", "kept": "#157a15"}
# A picture is decoded whole to be drawn: 40 million pixels (a 48-megapixel photo is 48) take about 120 MB
# and a second or two; a picture claiming more is named, not drawn.
MAX_DRAWN_PIXELS = 40_000_000


@dataclass
class Marks:
    """What the pages need to know about the flow: the exhibit a page belongs to, where each exhibit starts,
    and where the index asks for those pages."""

    exhibit: str = ""
    labels: dict[int, str] = field(default_factory=dict)  # page number -> exhibit label shown on it
    starts: dict[int, int] = field(default_factory=dict)  # exhibit number -> its first page
    references: list[tuple[int, float, float, int]] = field(default_factory=list)  # page, x, y, exhibit


def as_markup(value: Any) -> str:
    """User text as ReportLab paragraph markup: escaped, line breaks kept."""
    return escape(str(value if value is not None else "")).replace("\n", "<br/>")


class Blocks:
    """The bundle's styles and building blocks, and what every section reads: the dossier, its readable
    exhibits, its words and the marks the pages are numbered by."""

    def __init__(
        self,
        dossier: dict[str, Any],
        readable: dict[int, Readable],
        words: Any,
        catalogue: dict[str, Any],
        local_date: Any,
        marks: Marks,
        fonts: tuple[str, str, str],
        width: float,
        version: str,
        split_rows: bool,
    ) -> None:
        self.version, self.split_rows = version, split_rows
        self.dossier, self.readable, self.words, self.catalogue, self.ldate, self.marks = (
            dossier,
            readable,
            words,
            catalogue,
            local_date,
            marks,
        )
        self.regular, self.bold, self.mono = fonts
        self.width = width
        base = ParagraphStyle(
            "body", fontName=self.regular, fontSize=9.5, leading=12.5, textColor=DARK, wordWrap=None, splitLongWords=1
        )
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=GREY)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)
        self.tiny = ParagraphStyle("tiny", parent=base, fontSize=7.5, leading=9.5)
        self.h1 = ParagraphStyle("h1", parent=base, fontName=self.bold, fontSize=16, leading=20, spaceAfter=4)
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName=self.bold, fontSize=13, leading=16, spaceBefore=12, spaceAfter=6
        )
        self.h3 = ParagraphStyle("h3", parent=base, fontName=self.bold, fontSize=11, leading=14, spaceAfter=4)
        self.pre = ParagraphStyle(
            "pre", parent=base, fontName=self.mono, fontSize=7.5, leading=9.2, backColor="#f7f7f7"
        )
        self.hashes = ParagraphStyle("hashes", parent=self.pre, fontSize=7, leading=8.6, backColor=None)
        # Monospace characters are 0.6 em wide: lines longer than the page are wrapped, never clipped.
        self.pre_columns = int(width / (self.pre.fontSize * 0.6)) - 1
        self.hash_columns = int(width / (self.hashes.fontSize * 0.6)) - 1

    # -- building blocks ----------------------------------------------------------------------------------

    def p(self, markup: str, style: Any = None) -> Any:
        return Paragraph(markup, style or self.body)

    def grey(self, markup: str) -> str:
        return f'<font color="{GREY}">{markup}</font>'

    def preformatted(self, text: str, style: Any = None, columns: int | None = None) -> Any:
        style = style or self.pre
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # a CR would print as a glyph of its own
        return Preformatted(text, style, maxLineLength=columns or self.pre_columns, newLineChars="")

    def table(self, rows: list[list[Any]], widths: list[float], header: bool = True, style: Any = None) -> Any:
        """Cells are paragraph markup, or flowables placed as they are."""
        cells = [[self.p(cell, style or self.cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
        made = Table(
            cells,
            colWidths=[self.width * w for w in widths],
            repeatRows=1 if header else 0,
            splitInRow=int(self.split_rows),
            hAlign="LEFT",
        )
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, "#bbbbbb"),
            ("FONT", (0, 0), (-1, -1), self.regular),  # the cells' own font, else Helvetica (unembedded)
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"))
        else:
            commands.append(("BACKGROUND", (0, 0), (0, -1), "#eeeeee"))
        made.setStyle(TableStyle(commands))
        return made

    def date(self, value: Any) -> str:
        return escape(self.ldate(value)) if value else ""


def scaled_picture(content: bytes, width: float, x: dict[str, Any], font: str) -> Any:
    """A picture scaled to the page, or a line saying it could not be drawn (its bytes stay in the bundle)."""
    from PIL import Image as Picture

    def note(why: str) -> Any:
        return Paragraph(
            escape(f"The picture {why}; its bytes are in the bundle as {x['file']}."),
            ParagraphStyle("note", fontName=font, fontSize=9),
        )

    try:
        with warnings.catch_warnings():  # Pillow's bomb warning: the size is judged below
            warnings.simplefilter("ignore", Picture.DecompressionBombWarning)
            picture = Picture.open(io.BytesIO(content))
        with picture:
            pixels_wide, pixels_high = picture.size
            if pixels_wide * pixels_high > MAX_DRAWN_PIXELS:
                return note(f"is too large to draw ({pixels_wide}×{pixels_high} pixels)")
            picture.verify()
    except Exception:  # noqa: BLE001 - any decoder error: the picture is hostile or damaged, not the bundle
        return note("could not be drawn")
    # A pixel is 0.75 pt, as in a browser; larger pictures shrink to the page.
    scale = min(width / pixels_wide, 200 * mm / pixels_high, 0.75)
    return Image(io.BytesIO(content), width=pixels_wide * scale, height=pixels_high * scale, hAlign="LEFT")


class ExhibitStart(Flowable):  # type: ignore[misc]
    """A zero-size mark at the top of an exhibit: the page it lands on starts that exhibit and carries its
    label (and so does every page until the next mark)."""

    def __init__(self, number: int, label: str, marks: Marks) -> None:
        super().__init__()
        self.number, self.label, self.marks = number, label, marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.marks.exhibit = self.label
        if self.number:
            self.marks.starts[self.number] = self.canv.getPageNumber()


class PageRef(Flowable):  # type: ignore[misc]
    """The index's page cell: its number is written last, when the exhibit's first page is known."""

    def __init__(self, number: int, marks: Marks) -> None:
        super().__init__()
        self.number, self.marks = number, marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 11

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 2)
        self.marks.references.append((self.canv.getPageNumber(), x, y, self.number))
