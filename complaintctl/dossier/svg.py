"""A picture of the timeline, drawn as SVG from the dossier's entries. Pure; every label is escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from complaintctl.core.vocabulary import Milestone

WIDTH, LEFT, RIGHT, AXIS_Y = 960, 40, 40, 150
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

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 300" width="100%" role="img" '
        f'aria-label="{escape(catalogue["svg_title"].format(case=int(dossier["case"]["id"])))}" font-family="sans-serif" '
        'font-size="11">',
        f'<line x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}" stroke="#333" stroke-width="1.5"/>',
        f'<text x="{LEFT}" y="{AXIS_Y + 40}">{escape(start.isoformat())}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{AXIS_Y + 40}" text-anchor="end">{escape(end.isoformat())}</text>',
        f'<line x1="{x(today):.1f}" y1="{AXIS_Y - 60}" x2="{x(today):.1f}" y2="{AXIS_Y + 25}" stroke="#2ca02c" '
        f'stroke-dasharray="4 3"/><text x="{x(today):.1f}" y="{AXIS_Y + 38}" text-anchor="middle" '
        f'fill="#2ca02c">{escape(catalogue["svg_today"])}</text>',
    ]
    labelled = 0
    for entry, day in zip(entries, days, strict=True):
        kind = entry["kind"]
        big = kind in MILESTONES or kind == "opened"
        colour = COLOURS.get(kind, COLOURS["milestone"] if big else COLOURS["note"])
        position = x(day)
        parts.append(
            f'<circle cx="{position:.1f}" cy="{AXIS_Y}" r="{6 if big else 3}" fill="{colour}">'
            f"<title>{escape(entry['occurred'])} {escape(kinds.get(kind, kind))}: {escape(words.text(entry)[:80])}</title>"
            "</circle>"
        )
        if big:
            y = AXIS_Y - 20 - 18 * (labelled % 5)
            labelled += 1
            parts.append(
                f'<line x1="{position:.1f}" y1="{y + 3}" x2="{position:.1f}" y2="{AXIS_Y - 6}" '
                f'stroke="{colour}" stroke-width="0.8"/>'
            )
            parts.append(
                f'<text x="{position:.1f}" y="{y}" text-anchor="middle" fill="{colour}">'
                f"{escape(kinds.get(kind, kind))} {escape(day.isoformat()[5:])}</text>"
            )
    for promise, due in zip(dossier["promises"], dues, strict=True):
        colour = {"kept": "#2ca02c", "broken": "#d62728"}.get(promise["state"], "#ff7f0e")
        position = x(due)
        parts.append(
            f'<rect x="{position - 4:.1f}" y="{AXIS_Y + 8}" width="8" height="8" fill="{colour}">'
            f"<title>{escape(catalogue['svg_promise'].format(due=promise['due'][:10]))}: {escape(promise['what'])} "
            f"({escape(catalogue.get('states', {}).get(promise['state'], promise['state']))})</title></rect>"
        )
    legend = [
        (catalogue["svg_milestone"], COLOURS["milestone"]),
        (kinds.get("email", "email"), COLOURS["email"]),
        (kinds.get("transcript", "transcript"), COLOURS["transcript"]),
        (kinds.get("note", "note"), COLOURS["note"]),
        (catalogue["svg_promise_due"], "#ff7f0e"),
    ]
    for index, (label, colour) in enumerate(legend):
        parts.append(
            f'<circle cx="{LEFT + 150 * index + 5}" cy="280" r="5" fill="{colour}"/>'
            f'<text x="{LEFT + 150 * index + 14}" y="284">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
