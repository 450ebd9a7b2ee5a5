"""The timeline picture: no label drawn over another, even for 30 milestones in one day, and every label in
the dossier's language. The boxes are computed from the SVG itself: each label's x, y, font size and width."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

SVG = "{http://www.w3.org/2000/svg}"
KINDS = ("seller-contacted", "seller-replied", "claim-filed", "shipped", "return-requested")


def picture(cli, case: int, folder: Path, lang: str) -> ElementTree.Element:
    path = Path(cli("export", str(case), "--format", "html", "--lang", lang, "-o", str(folder)).stdout.strip())
    found = re.search(r"<svg .*?</svg>", path.read_text(encoding="utf-8"), flags=re.S)
    assert found, "no timeline picture in the HTML dossier"
    return ElementTree.fromstring(found.group(0))


def boxes(svg: ElementTree.Element) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every text the picture draws, as wide as it says it is or, without
    a textLength, as its characters are at 0.62 em each (a generous average for a sans-serif font)."""
    size = float(svg.get("font-size", "11"))
    out = []
    for text in svg.iter(f"{SVG}text"):
        words = "".join(text.itertext())
        width = float(text.get("textLength") or len(words) * 0.62 * size)
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor", "start"), x)
        out.append((words, left, y - 0.8 * size, left + width, y + 0.2 * size))
    return out


def overlapping(found: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for index, a in enumerate(found)
        for b in found[index + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_thirty_milestones_in_one_day_have_no_overlapping_labels(cli, make_case, tmp_path, lang):
    case = make_case(title="Busy day", country="GB", ordered="2026-11-01")
    for number in range(30):
        at = f"2026-11-20 {8 + number // 4:02d}:{(number % 4) * 15:02d}"
        cli("log", str(case), "--event", KINDS[number % len(KINDS)], "--at", at)
    svg = picture(cli, case, tmp_path, lang)
    found = boxes(svg)
    labels = [box for box, text in zip(found, svg.iter(f"{SVG}text"), strict=True) if text.get("class") == "label"]
    assert len(labels) == 31, "each milestone and the opening is labelled"
    assert not overlapping(found), overlapping(found)[:5]
    width = float(svg.get("viewBox", "0 0 960 300").split()[2])
    height = float(svg.get("viewBox", "0 0 960 300").split()[3])
    assert all(box[1] >= 0 and box[3] <= width and box[2] >= 0 and box[4] <= height for box in found), (
        "a label leaves the picture"
    )


@pytest.mark.parametrize(
    ("lang", "said", "english"),
    [("fr", "réclamation déposée 20 nov.", "claim filed"), ("de", "Garantieantrag gestellt 20. Nov.", "claim filed")],
)
def test_the_labels_are_in_the_dossier_language(cli, make_case, tmp_path, lang, said, english):
    case = make_case(title="Claim", country="GB", ordered="2026-11-01")
    cli("log", str(case), "--event", "claim-filed", "--at", "2026-11-20 10:00")
    svg = picture(cli, case, tmp_path, lang)
    texts = ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    assert said in texts, texts
    assert not any(english in text for text in texts), texts
    assert not any(re.search(r"\b20\d\d-\d\d-\d\d\b", text) for text in texts), f"an ISO date in a label: {texts}"
