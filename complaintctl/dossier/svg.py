"""A picture of the timeline, drawn as SVG from the dossier's entries. Pure; every label is escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any, NamedTuple

from complaintctl.core.vocabulary import Milestone
from complaintctl.dossier.words import local_date

WIDTH, LEFT, RIGHT = 960, 40, 40
FONT_SIZE, ROW, GAP = 11, 16, 6  # a label's text, the height of a row of labels, the room kept between two
# A label is drawn exactly this wide (textLength): a generous average for DejaVu Sans and the browsers' sans
# fonts, so that a label drawn without textLength (svglib, in the PDF) stays inside the room kept for it.
CHARACTER = 0.62 * FONT_SIZE
MILESTONES = {m.value for m in Milestone}
COLOURS = {
    "email": "#1f77b4",
    "transcript": "#9467bd",
    "promise": "#ff7f0e",
    "note": "#7f7f7f",
    "opened": "#2ca02c",
    "milestone": "#d62728",
}


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).date()


class Label(NamedTuple):
    x: float  # the dot it names, on the axis
    text: str
    colour: str


def label_width(text: str) -> float:
    return round(len(text) * CHARACTER, 1)


def _rows(labels: list[Label]) -> list[tuple[Label, float, int]]:
    """Each label with its left edge and its row (0 next to the axis): centred on its dot where there is room,
    kept inside the picture, and lifted a row at a time until it touches no label before it. Events close in
    time (30 in one day) stack instead of printing over one another."""
    placed: list[tuple[Label, float, int]] = []
    ends: list[float] = []  # where each row's rightmost label ends
    for label in sorted(labels, key=lambda item: item.x):
        width = label_width(label.text)
        left = min(max(label.x - width / 2, 0.0), WIDTH - width)
        row = next((number for number, end in enumerate(ends) if left >= end + GAP), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + width
        placed.append((label, left, row))
    return placed


def timeline_svg(dossier: dict[str, Any]) -> str:
    from complaintctl.dossier.words import Words, labels

    catalogue, words = labels(dossier.get("lang", "en")), Words(dossier.get("lang", "en"))
    kinds = catalogue.get("kinds", {})
    entries = dossier["timeline"]
    today = date.fromisoformat(dossier["today"])
    days = [_day(e["occurred"]) for e in entries]
    dues = [_day(p["due"]) for p in dossier["promises"]]
    start = min([*days, *dues, today])
    end = max([*days, *dues, today])
    span = max((end - start).days, 1)
    lang = dossier.get("lang", "en")

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    def colour_of(kind: str) -> str:
        big = kind in MILESTONES or kind == "opened"
        return COLOURS.get(kind, COLOURS["milestone"] if big else COLOURS["note"])

    named = [
        Label(x(day), f"{kinds.get(entry['kind'], entry['kind'])} {short_date(day, lang)}", colour_of(entry["kind"]))
        for entry, day in zip(entries, days, strict=True)
        if entry["kind"] in MILESTONES or entry["kind"] == "opened"
    ]
    placed = _rows(named)
    rows = max((row for _, _, row in placed), default=-1) + 1
    axis = 30 + ROW * rows + 20  # the axis sits below the highest row of labels
    height = axis + 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(catalogue["svg_title"].format(case=int(dossier["case"]["id"])))}" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}">',
        f'<line x1="{LEFT}" y1="{axis}" x2="{WIDTH - RIGHT}" y2="{axis}" stroke="#333" stroke-width="1.5"/>',
        f'<text x="{LEFT}" y="{axis + 52}">{escape(local_date(start, lang))}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{axis + 52}" text-anchor="end">{escape(local_date(end, lang))}</text>',
        f'<line x1="{x(today):.1f}" y1="{axis - 12}" x2="{x(today):.1f}" y2="{axis + 25}" stroke="#2ca02c" '
        f'stroke-dasharray="4 3"/><text x="{x(today):.1f}" y="{axis + 36}" text-anchor="middle" '
        f'fill="#2ca02c">{escape(catalogue["svg_today"])}</text>',
    ]
    for entry, day in zip(entries, days, strict=True):
        kind = entry["kind"]
        big = kind in MILESTONES or kind == "opened"
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{axis}" r="{6 if big else 3}" fill="{colour_of(kind)}">'
            f"<title>{escape(entry['occurred'])} {escape(kinds.get(kind, kind))}: {escape(words.text(entry)[:80])}</title>"
            "</circle>"
        )
    for label, left, row in placed:
        baseline = axis - 20 - ROW * row
        width = label_width(label.text)
        parts.append(
            f'<line x1="{label.x:.1f}" y1="{baseline + 3}" x2="{label.x:.1f}" y2="{axis - 6}" '
            f'stroke="{label.colour}" stroke-width="0.8"/>'
        )
        parts.append(
            f'<text class="label" x="{left:.1f}" y="{baseline}" textLength="{width}" '
            f'lengthAdjust="spacingAndGlyphs" fill="{label.colour}">{escape(label.text)}</text>'
        )
    for promise, due in zip(dossier["promises"], dues, strict=True):
        colour = {"kept": "#2ca02c", "broken": "#d62728"}.get(promise["state"], "#ff7f0e")
        position = x(due)
        parts.append(
            f'<rect x="{position - 4:.1f}" y="{axis + 8}" width="8" height="8" fill="{colour}">'
            f"<title>{escape(catalogue['svg_promise'].format(due=local_date(promise['due'][:10], lang)))}: "
            f"{escape(promise['what'])} ({escape(catalogue.get('states', {}).get(promise['state'], promise['state']))})"
            "</title></rect>"
        )
    legend = [
        (catalogue["svg_milestone"], COLOURS["milestone"]),
        (kinds.get("email", "email"), COLOURS["email"]),
        (kinds.get("transcript", "transcript"), COLOURS["transcript"]),
        (kinds.get("note", "note"), COLOURS["note"]),
        (catalogue["svg_promise_due"], "#ff7f0e"),
    ]
    for index, (label_text, colour) in enumerate(legend):
        parts.append(
            f'<circle cx="{LEFT + 180 * index + 5}" cy="{axis + 100}" r="5" fill="{colour}"/>'
            f'<text x="{LEFT + 180 * index + 14}" y="{axis + 104}">{escape(label_text)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def short_date(day: date, lang: str) -> str:
    """A label's date without its year ("14 nov.", "Nov 14"), as the reader's language writes it."""
    from babel.dates import format_skeleton

    from complaintctl.dossier.words import LOCALES

    return str(format_skeleton("MMMd", day, locale=LOCALES[lang]))
