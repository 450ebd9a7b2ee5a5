"""Text read from screenshots by Tesseract: in the background after `log`, again with `ocr`, and shown.

The screenshots are made here with Pillow: English, French with accents, and a dark-mode chat bubble.
Tesseract (with its French data) and the DejaVu fonts are installed by .ci/run; a machine without them skips
these tests, except under CI, where a missing one fails the suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from complaintctl.evidence.ocr import installed

FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)


def _needs(what: str, present: bool) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def screenshot(tmp_path):
    font_path = next((path for path in FONTS if Path(path).exists()), None)
    _needs("tesseract-ocr", installed() is not None)
    _needs("fonts-dejavu-core", font_path is not None)
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, 26)

    def make(name: str, lines: list[str], *, dark: bool = False) -> Path:
        background, ink = ((0, 0, 0), (235, 235, 235)) if dark else ((255, 255, 255), (20, 20, 20))
        picture = Image.new("RGB", (900, 60 + 50 * len(lines)), background)
        draw = ImageDraw.Draw(picture)
        if dark:  # a chat bubble a shade lighter than the screen, as messaging apps draw them at night
            draw.rounded_rectangle((20, 15, 880, 30 + 50 * len(lines)), radius=20, fill=(38, 38, 42))
        for number, line in enumerate(lines):
            draw.text((40, 25 + 50 * number), line, font=font, fill=ink)
        path = tmp_path / name
        picture.save(path)
        return path

    return make


@pytest.fixture
def reading_on(monkeypatch):
    monkeypatch.setenv("COMPLAINTCTL_OCR", "on")


def readings(cli, case="1"):
    return [e for e in cli("show", case, "--json").json()["timeline"] if e["kind"] == "ocr"]


def test_a_screenshot_is_read_in_the_background_after_log(cli, make_case, screenshot, reading_on):
    make_case(title="Refund promised in chat", country="GB")
    shot = screenshot("chat.png", ["Priya: I have issued a full refund of 59.99", "It will reach your card in 3 days"])
    logged = cli("log", "1", "Chat before it closed", "--attach", str(shot), "--json")
    picture_event = logged.json()["id"]  # acknowledged before any reading: the reader runs detached
    again = cli("ocr", "1", "--json").json()  # waits for the background reader's lock, then reads again
    assert again["recorded"] == [] and [s["picture"] for s in again["same"]] == ["chat.png"], again
    (reading,) = readings(cli)
    found = reading["details"]["ocr"]
    assert "issued a full refund of 59.99" in reading["text"] and "reach your card in 3 days" in reading["text"]
    assert found["of_event"] == picture_event and found["machine_read"] is True
    assert found["engine"].startswith("tesseract ") and found["languages"] == ["eng"]
    assert len(found["traineddata"]["eng"]) == 64 and found["settings"]["OMP_THREAD_LIMIT"] == "1"
    assert found["confidence"] > 50
    refund = next(word for word in found["words"] if word[0] == "refund")
    left, top, width, height = refund[1:5]
    assert 0 < left < 900 and 0 < top < 60 and width > 0 and height > 0  # a box on the first line
    assert reading["occurred"] == cli("show", "1", "--json").json()["timeline"][1]["occurred"]
    hits = cli("search", "refund", "--json").json()
    assert [hit["kind"] for hit in hits] == ["ocr"]
    shown = cli("show", "1").stdout
    assert "text read by machine (tesseract" in shown and "issued a full refund" in shown
    assert "Intact" in cli("verify").stderr


def test_french_with_accents_and_a_dark_mode_bubble(cli, make_case, screenshot):
    make_case(title="Remboursement", marketplace="amazon.fr")
    french = screenshot("fr.png", ["Agent : le remboursement sera effectué", "dès réception du colis à Noël"])
    dark = screenshot("dark.png", ["Amazon: Your parcel was delivered", "to a safe place on 12 November"], dark=True)
    cli("log", "1", "Chat", "--attach", str(french), "--attach", str(dark))
    result = cli("ocr", "1", "--json").json()
    assert len(result["recorded"]) == 2, result
    by_name = {r["details"]["ocr"]["name"]: r for r in readings(cli)}
    assert "le remboursement sera effectué" in by_name["fr.png"]["text"]
    assert "dès réception du colis à Noël" in by_name["fr.png"]["text"]
    assert by_name["fr.png"]["details"]["ocr"]["languages"] == ["fra", "eng"]
    assert "Your parcel was delivered" in by_name["dark.png"]["text"]
    assert "effectué" in cli("search", "effectué").stdout


def test_reading_again_gives_the_same_text_and_records_nothing(cli, make_case, screenshot):
    make_case(title="Twice")
    shot = screenshot("one.png", ["Order 202-1234567-1234567 was cancelled"])
    cli("log", "1", "--attach", str(shot))
    first = cli("ocr", "1", "--json").json()
    second = cli("ocr", "1", "--json").json()
    assert len(first["recorded"]) == 1 and second["recorded"] == []
    assert second["same"] == [{"picture": "one.png", "event": first["recorded"][0]}]
    assert "the same text as the reading in event" in cli("ocr", "1").stderr


def test_the_dossier_prints_the_text_under_the_picture(cli, make_case, screenshot, tmp_path):
    make_case(title="Dossier")
    cli("log", "1", "--attach", str(screenshot("proof.png", ["Seller: we will not refund you"])))
    cli("ocr", "1")
    cli("export", "1", "--format", "md", "-o", str(tmp_path / "d.md"))
    text = (tmp_path / "d.md").read_text()
    assert "Text read by machine (tesseract" in text and "> Seller: we will not refund you" in text
    cli("export", "1", "-o", str(tmp_path))
    bag = next(tmp_path.glob("dossier-1-*.zip"))
    assert "Intact" in cli("verify", "--bundle", str(bag)).stderr


def test_without_tesseract_log_says_once_how_to_install_it(cli, make_case, tmp_path, monkeypatch, reading_on):
    monkeypatch.setenv("COMPLAINTCTL_TESSERACT", "none")
    make_case(title="No engine")
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    first = cli("log", "1", "--attach", str(picture))
    assert "Note: install Tesseract" in first.stderr and "apt-get install tesseract-ocr" in first.stderr
    assert "Note:" not in cli("log", "1", "again", "--attach", str(picture)).stderr  # once per database
    text_file = tmp_path / "n.txt"
    text_file.write_text("no picture here")
    assert "Note:" not in cli("log", "1", "--attach", str(text_file)).stderr
    assert "Tesseract is not installed" in cli.fails("ocr", "1")


def test_a_picture_inside_an_email_is_read_too(cli, make_case, screenshot, reading_on, tmp_path):
    from email.message import EmailMessage

    make_case(title="Mail with a screenshot")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "Jane <jane@example.com>", "cs@amazon.co.uk", "Proof"
    mail["Message-ID"], mail["Date"] = "<proof-1@example.com>", "Tue, 17 Nov 2026 10:00:00 +0000"
    mail.set_content("The chat, attached.")
    picture = screenshot("seller.png", ["Seller: the parcel left our warehouse"]).read_bytes()
    mail.add_attachment(picture, maintype="image", subtype="png", filename="seller.png")
    (tmp_path / "proof.eml").write_bytes(bytes(mail))
    cli("log", "1", "--email", str(tmp_path / "proof.eml"))
    again = cli("ocr", "1", "--json").json()  # waits for the reader that the import started
    assert again["recorded"] == [] and [s["picture"] for s in again["same"]] == ["seller.png"], again
    assert "warehouse" in cli("search", "warehouse").stdout
