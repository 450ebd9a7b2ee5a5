"""The dossier as a PDF court bundle, laid out with ReportLab from the same document as the HTML.

ReportLab lays out 1,000 timeline entries and 50 screenshots in about a second; an HTML engine took ten.
What a court bundle needs is drawn here: page N of M and the parties on every page, the chain head in the
footer, an index of exhibits with the page each starts on, an EXHIBIT N label on every page of an exhibit,
emails as a header table and decoded body, long lines wrapped rather than clipped, and PDF exhibits
attached inside the file. Every value typed by a user is escaped before it reaches ReportLab's markup.
The output is byte-reproducible (ReportLab's invariant mode, fixed attachment dates), so `verify --bundle`
can re-derive it.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

# This module is imported only when a PDF is made: ReportLab stays off every other command's start-up.
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import Flowable

from complaintctl.dossier.exhibits import Readable
from complaintctl.dossier.render import parties_line
from complaintctl.errors import ComplaintError

PAGE_MARGINS_MM = (20, 15, 18, 15)  # top, right, bottom, left
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
GREY, DARK = "#666666", "#111111"
STATUS_COLOURS = {"eligible": "#157a15", "expired": "#aa0000", "not-eligible": GREY}
STATE_COLOURS = {"broken": "#aa0000", "kept": "#157a15"}
# A picture is decoded whole to be drawn: 40 million pixels (a 48-megapixel photo is 48) take about 120 MB
# and a second or two; a picture claiming more is named, not drawn.
MAX_DRAWN_PIXELS = 40_000_000


@dataclass
class _Marks:
    """What the pages need to know about the flow: the exhibit a page belongs to, where each exhibit starts,
    and where the index asks for those pages."""

    exhibit: str = ""
    labels: dict[int, str] = field(default_factory=dict)  # page number -> exhibit label shown on it
    starts: dict[int, int] = field(default_factory=dict)  # exhibit number -> its first page
    references: list[tuple[int, float, float, int]] = field(default_factory=list)  # page, x, y, exhibit


DEJAVU = {"CtlSans": "DejaVuSans.ttf", "CtlSans-Bold": "DejaVuSans-Bold.ttf", "CtlMono": "DejaVuSansMono.ttf"}


def dejavu_files() -> dict[str, Path] | None:
    found = {
        name: next((Path(d) / f for d in FONT_DIRS if (Path(d) / f).is_file()), None) for name, f in DEJAVU.items()
    }
    return {name: path for name, path in found.items() if path} if all(found.values()) else None


@lru_cache(maxsize=2)
def fonts(family: str | None = None) -> tuple[str, str, str]:
    """Regular, bold and monospace font names: DejaVu where the system has it (most scripts, not only Latin),
    else the Bitstream Vera fonts that ship with ReportLab and Courier. ``family`` asks for one of them (to
    lay out again what was laid out with it)."""
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


def _text(value: Any) -> str:
    """User text as ReportLab paragraph markup: escaped, line breaks kept."""
    return escape(str(value if value is not None else "")).replace("\n", "<br/>")


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
    t: dict[str, Any],
    local_date: Any,
    version: str,
    chosen: tuple[str, str, str],
    split_rows: bool,
) -> bytes:
    marks = _Marks()
    regular, bold, mono = chosen
    top, right, bottom, left = (value * mm for value in PAGE_MARGINS_MM)
    width, height = A4
    parties = parties_line(dossier, t)
    footer = f"{t['footer']} {dossier['case']['chain_head'][:16]}"

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
        title=f"{t['dossier']}: {dossier['case']['id']}",
        author="",
        subject="",
        creator=f"complaintctl {version}",
        producer="complaintctl",
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPageEnd=page_end)],
    )
    story = _Story(dossier, readable, words, t, local_date, marks, chosen, width - left - right, version, split_rows)
    canvas = partial(
        _HeldCanvas,
        marks=marks,
        words=(t["page"], t["of"]),
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
        marks: _Marks,
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


class _Story:
    """The flowables of the bundle, section by section, in the order of the HTML dossier."""

    def __init__(
        self,
        dossier: dict[str, Any],
        readable: dict[int, Readable],
        words: Any,
        t: dict[str, Any],
        local_date: Any,
        marks: _Marks,
        fonts: tuple[str, str, str],
        width: float,
        version: str,
        split_rows: bool,
    ) -> None:
        self.version, self.split_rows = version, split_rows
        self.d, self.readable, self.w, self.t, self.ldate, self.marks = dossier, readable, words, t, local_date, marks
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

    # -- sections -----------------------------------------------------------------------------------------

    def flowables(self) -> list[Any]:
        return [
            *self.cover(),
            *self.remedies(),
            *self.thread(),
            *self.timeline(),
            *self.promises(),
            *self.statistics(),
            *self.exhibits(),
            *self.integrity(),
        ]

    def cover(self) -> list[Any]:
        d, t, case = self.d, self.t, self.d["case"]
        facts = case["facts"]
        parties = parties_line(d, t)
        exported = t["exported"].format(when=d["exported_utc"], version=self.version)
        out = [
            self.p(_text(f"{t['case']} {case['id']}: {case['title']}"), self.h1),
            self.p(_text(parties)),
            self.p(
                self.grey(_text(f"{exported} {t['chain_head']}")) + f' <font name="{self.mono}">'
                f"{_text(case['chain_head'])}</font>",
                self.small,
            ),
        ]
        rows = [[_text(case["fact_labels"].get(name, name)), _text(value)] for name, value in facts.items()]
        rows.append([_text(t["status"]), _text(case["status"])])
        out.append(self.table(rows, [0.25, 0.75], header=False))
        out.append(self.p(f"<b>{_text(t['the_issue'])}</b> {_text(d['summary'])}"))
        step = d.get("next_step")
        if step:
            by = f", {_text(t['by'])} {self.date(step['do_by'])}" if step.get("do_by") else ""
            out.append(
                self.p(f"<b>{_text(t['next_step'])}</b> {_text(self.w.step(step))}{by}. {_text(self.w.why(step))}")
            )
        return out

    def remedies(self) -> list[Any]:
        d, t = self.d, self.t
        out = [self.p(_text(t["remedies"]), self.h2)]
        if not d["remedies"]:
            return [*out, self.p(_text(t["no_pack"]))]
        rows = [[_text(t[k]) for k in ("col_status", "col_rule", "col_from", "col_deadline", "col_why")]]
        for r in d["remedies"]:
            colour = STATUS_COLOURS.get(r["status"], DARK)
            status = f'<font color="{colour}">{_text(t["statuses"].get(r["status"], r["status"]))}</font>'
            programme = f"{r['programme']} · " if d.get("lang", "en") == "en" else ""
            version = f"{programme}{r['rule']} · v{r['pack_version']}"
            source = f"{t['source']}: {r['source']}"
            rule = f"{_text(self.w.rule(r))}<br/>{self.grey(_text(version))}"
            why = f"{_text(self.w.reason(r))}<br/>{self.grey(_text(source))}"
            rows.append([status, rule, self.date(r["eligible_from"]), self.date(r["deadline"]), why])
        return [
            *out,
            self.table(rows, [0.11, 0.25, 0.12, 0.12, 0.40]),
            self.p(self.grey(_text(t["not_advice"])), self.small),
        ]

    def thread(self) -> list[Any]:
        if not self.d["thread_flags"]:
            return []
        out = [self.p(_text(self.t["thread"]), self.h2)]
        for f in self.d["thread_flags"]:
            where = f"{self.t['event']} {f['event']}" + (f", {f['message_id']}" if f.get("message_id") else "")
            out.append(
                self.table([[f"{_text(self.w.flag(f))} {self.grey(_text('(' + where + ')'))}"]], [1.0], header=False)
            )
        return out

    def timeline(self) -> list[Any]:
        t = self.t
        out = [self.p(_text(t["timeline"]), self.h2), self.p(self.grey(_text(t["timeline_note"])), self.small)]
        kinds, states = t.get("kinds", {}), t.get("states", {})
        for e in self.d["timeline"]:
            recorded = f"{t['event']} {e['event']}, {t['recorded']} {e['recorded_utc'][:19]}Z"
            if e.get("backdated"):
                recorded = f'<font color="#8a5a00">{_text(recorded + " (" + t["entered_later"] + ")")}</font>'
            else:
                recorded = self.grey(_text(recorded))
            parts = [
                self.p(
                    f"<b>{_text(str(e['number']) + '. ' + e['occurred'])}</b> · "
                    f"{_text(kinds.get(e['kind'], e['kind']))} · {recorded}"
                )
            ]
            if e.get("email"):
                m = e["email"]
                rows = [
                    [_text(t["subject"]), _text(m["subject"])],
                    [_text(t["from"]), _text(m["from"])],
                    [_text(t["to"]), _text(", ".join(m["to"]))],
                ]
                if m.get("cc"):
                    rows.append(["Cc", _text(", ".join(m["cc"]))])
                if m.get("reply_to"):
                    rows.append(["Reply-To", _text(", ".join(m["reply_to"]))])
                rows += [
                    [_text(t["date"]), _text(m["date"] or t["none_given"])],
                    ["Message-ID", _text(m["message_id"] or t["none"])],
                    ["DKIM", _text(m["dkim_label"])],
                ]
                parts += [self.table(rows, [0.18, 0.82], header=False, style=self.tiny), self.preformatted(e["text"])]
                exhibit = f" ({t['exhibit'].lower()} {e['exhibits'][0]})" if e.get("exhibits") else ""
                parts.append(
                    self.p(
                        self.grey(_text(t["all_headers"].format(count=m["headers_total"]) + exhibit + ".")), self.small
                    )
                )
            elif e.get("transcript"):
                if e.get("details", {}).get("note"):
                    parts.append(self.p(_text(e["details"]["note"])))
                lines = [
                    f"{(line.get('time') or '').rjust(5)} "
                    + (f"{line['speaker']}: " if line.get("speaker") else "")
                    + str(line["text"])
                    for line in e["transcript"]["entries"]
                ]
                parts.append(self.preformatted("\n".join(lines)))
            elif e.get("text"):
                parts.append(self.p(_text(e["text"])))
            if e.get("fields"):
                parts.append(
                    self.p(self.grey(_text(" · ".join(f"{k}: {v}" for k, v in e["fields"].items()))), self.small)
                )
            if e.get("details", {}).get("facts"):
                parts.append(
                    self.p(
                        self.grey(_text(", ".join(f"{k} = {v}" for k, v in e["details"]["facts"].items()))), self.small
                    )
                )
            if e.get("promise"):
                promise = e["promise"]
                colour = STATE_COLOURS.get(promise["state"], DARK)
                parts.append(
                    self.p(
                        f'<font color="{colour}">{_text(t["promise"])}: {_text(promise["what"])}, '
                        f"{_text(t['due'])} {self.date(promise['due'])}: "
                        f"{_text(states.get(promise['state'], promise['state']))}</font>"
                    )
                )
            if e.get("exhibits"):
                parts.append(self.p(f"{_text(t['exhibits_of'])}: " + ", ".join(str(n) for n in e["exhibits"])))
            for c in e.get("corrections", []):
                text = f"{t['corrected_by']} {c['event']} ({t['recorded']} {c['recorded_utc'][:19]}Z)."
                if e.get("original"):
                    text += f" {t['originally']}: “{e['original']['text']}”, {e['original']['occurred']}."
                parts.append(self.table([[_text(text)]], [1.0], header=False))
            parts.append(Spacer(1, 5))
            out.append(KeepTogether(parts))
        return out

    def promises(self) -> list[Any]:
        t = self.t
        out = [self.p(_text(t["promises"]), self.h2)]
        if not self.d["promises"]:
            return [*out, self.p(_text(t["no_promises"]))]
        rows = [[_text(t[k]) for k in ("col_event", "col_promise", "col_due", "col_outcome")]]
        for p in self.d["promises"]:
            outcome = _text(t.get("states", {}).get(p["state"], p["state"]))
            if p.get("settled_by"):
                outcome += _text(f" ({t['event']} {p['settled_by']})")
            colour = STATE_COLOURS.get(p["state"], DARK)
            rows.append(
                [str(p["event"]), _text(p["what"]), self.date(p["due"]), f'<font color="{colour}">{outcome}</font>']
            )
        return [*out, self.table(rows, [0.1, 0.5, 0.2, 0.2])]

    def statistics(self) -> list[Any]:
        t, s = self.t, self.d["statistics"]
        channels = ", ".join(f"{k}: {v}" for k, v in s["contacts_by_channel"].items()) or t["none"]
        days = s["days_since_order"] if s["days_since_order"] is not None else t["unknown"]
        rows = [
            [_text(t["events_recorded"]), str(s["events"])],
            [_text(t["contacts"]), _text(channels)],
            [_text(t["agents"]), _text(", ".join(s["agents"]) or t["none_named"])],
            [
                _text(t["promises"]),
                _text(
                    t["promises_line"].format(
                        made=s["promises_made"],
                        kept=s["promises_kept"],
                        broken=s["promises_broken"],
                        open=s["promises_open"],
                    )
                ),
            ],
            [_text(t["days_since"]), _text(days)],
        ]
        return [
            self.p(_text(t["statistics"]), self.h2),
            self.table(rows, [0.3, 0.7], header=False),
            *self.picture(),
            self.p(self.grey(_text(t["picture"])), self.small),
        ]

    def picture(self) -> list[Any]:
        """The timeline picture of the HTML dossier, the same SVG drawn as PDF vectors (svglib)."""
        from svglib.svglib import svg2rlg

        from complaintctl.dossier.svg import timeline_svg

        drawing = svg2rlg(io.BytesIO(timeline_svg(self.d).encode("utf-8")))
        if drawing is None:
            return []
        scale = self.width / drawing.width
        drawing.width, drawing.height = self.width, drawing.height * scale
        drawing.scale(scale, scale)
        return [drawing]

    def exhibits(self) -> list[Any]:
        t = self.t
        out = [self.p(_text(t["exhibits"]), self.h2)]
        if not self.d["exhibits"]:
            return [*out, self.p(_text(t["no_exhibits"]))]
        columns = ("col_exhibit", "col_what", "col_type", "col_event", "col_page")
        rows: list[list[Any]] = [[_text(t[k]) for k in columns]]
        for x in self.d["exhibits"]:
            rows.append(
                [
                    str(x["number"]),
                    _text(x["name"]),
                    _text(x["media_type"] or "missing"),
                    str(x["event"]),
                    _PageRef(x["number"], self.marks),
                ]
            )
        out.append(self.table(rows, [0.1, 0.45, 0.2, 0.1, 0.15]))
        for x in self.d["exhibits"]:
            label = f"{t['exhibit_label']} {x['number']}"
            size = f" · {x['width_px']}×{x['height_px']}" if x.get("width_px") else ""
            meta = (
                f"{t['col_event']} {x['event']} · {x['media_type']}{size} · {x['size_bytes']} {t['bytes']} · "
                f"{t['file']} {x['file']}"
            )
            out += [
                PageBreak(),
                _ExhibitStart(x["number"], label, self.marks),
                self.p(_text(f"{t['exhibit']} {x['number']}: {x['name']}"), self.h3),
                self.p(
                    self.grey(_text(meta)) + f'<br/>SHA-256 <font name="{self.mono}">{_text(x["sha256"])}</font>',
                    self.small,
                ),
            ]
            out += self.exhibit_body(x)
        return out

    def exhibit_body(self, x: dict[str, Any]) -> list[Any]:
        t = self.t
        if x.get("missing"):
            return [self.p(f'<font color="#aa0000"><b>{_text(t["missing"])}</b></font>')]
        found = self.readable.get(x["number"])
        if found is None:
            return []
        if found.kind == "image":
            return [_image(found.content, self.width, x)]
        if found.kind == "email":
            email = found.email or {}
            out = [
                self.table(
                    [
                        [_text(name), f'<font name="{self.mono}">{_text(value)}</font>']
                        for name, value in email["fields"]
                    ],
                    [0.18, 0.82],
                    header=False,
                    style=self.tiny,
                ),
                self.preformatted(email["body"]),
            ]
            if email["attachments"]:
                out.append(
                    self.p(
                        self.grey(_text(t["message_attachments"].format(names=", ".join(email["attachments"])))),
                        self.small,
                    )
                )
            return out
        if found.kind == "text":
            return [self.preformatted(found.text or "")]
        return [self.p(_text(t["attached"].format(name=x["file"].split("/")[-1], file=x["file"])))]

    def integrity(self) -> list[Any]:
        t, integrity = self.t, self.d["integrity"]
        events = [f"{t['col_event'].rjust(6)}      #  {t['col_hash']}"]
        events += [f"{str(e['id']).rjust(6)}  {str(e['seq']).rjust(5)}  {e['hash']}" for e in integrity["events"]]
        files = [f"{t['col_exhibit'].rjust(9)}  {t['col_file_hash']}"]
        files += [f"{str(x['number']).rjust(9)}  {x['sha256']}" for x in integrity["exhibits"]]
        return [
            PageBreak(),
            _ExhibitStart(0, "", self.marks),
            self.p(_text(t["integrity"]), self.h2),
            self.p(_text(integrity["how_to_verify"])),
            self.p(f'{_text(t["chain_head"])}: <font name="{self.mono}">{_text(integrity["chain_head"])}</font>'),
            self.preformatted("\n".join(events), self.hashes, self.hash_columns),
            self.preformatted("\n".join(files), self.hashes, self.hash_columns),
        ]


def _image(content: bytes, width: float, x: dict[str, Any]) -> Any:
    """A picture scaled to the page, or a line saying it could not be drawn (its bytes stay in the bundle)."""
    from PIL import Image as Picture

    def note(why: str) -> Any:
        return Paragraph(
            escape(f"The picture {why}; its bytes are in the bundle as {x['file']}."),
            ParagraphStyle("note", fontName=fonts()[0], fontSize=9),
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


class _ExhibitStart(Flowable):  # type: ignore[misc]
    """A zero-size mark at the top of an exhibit: the page it lands on starts that exhibit and carries its
    label (and so does every page until the next mark)."""

    def __init__(self, number: int, label: str, marks: _Marks) -> None:
        super().__init__()
        self.number, self.label, self.marks = number, label, marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.marks.exhibit = self.label
        if self.number:
            self.marks.starts[self.number] = self.canv.getPageNumber()


class _PageRef(Flowable):  # type: ignore[misc]
    """The index's page cell: its number is written last, when the exhibit's first page is known."""

    def __init__(self, number: int, marks: _Marks) -> None:
        super().__init__()
        self.number, self.marks = number, marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 11

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 2)
        self.marks.references.append((self.canv.getPageNumber(), x, y, self.number))
