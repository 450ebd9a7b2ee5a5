"""The dossier read back in each format (Markdown and HTML as text, the PDF through pypdf, dossier.json): what a
clerk sees of promises, the timeline, sums and exhibit names."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

FORMATS = ("md", "html", "pdf", "json")


def exported(cli, case: int, fmt: str, folder: Path, lang: str = "en") -> str:
    path = Path(cli("export", str(case), "--format", fmt, "--lang", lang, "-o", str(folder / fmt)).stdout.strip())
    if fmt == "pdf":
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return path.read_text(encoding="utf-8")


def promised(cli, make_case) -> int:
    case = make_case(title="Promise", country="GB")
    cli("log", str(case), "Refund promised", "--promise", "refund", "--due", "2026-11-17", "--at", "2026-11-14 10:00")
    return case


def test_a_day_due_holds_until_its_end_and_shows_its_zone(cli, make_case, tmp_path, monkeypatch):
    case = promised(cli, make_case)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-17T22:00:00+00:00")
    assert cli("show", str(case), "--json").json()["overdue_promises"] == 0
    assert cli("list", "--json").json()[0]["overdue_promises"] == 0
    for fmt in ("md", "html", "pdf"):
        text = " ".join(exported(cli, case, fmt, tmp_path).split())
        assert "17 November 2026 23:59 (UTC+00:00)" in text, f"{fmt}: the due time without its end or zone"
        assert "overdue" not in text.lower(), f"{fmt}: a promise due today read overdue before the day ended"
    promises = json.loads(exported(cli, case, "json", tmp_path))["promises"]
    assert promises[0]["overdue"] is False


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_day_due_is_overdue_the_next_morning_in_every_format(cli, make_case, tmp_path, monkeypatch, lang):
    case = promised(cli, make_case)
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2026-11-18T00:30:00+00:00")
    assert cli("show", str(case), "--json").json()["overdue_promises"] == 1
    assert cli("list", "--json").json()[0]["overdue_promises"] == 1
    word = {"en": "overdue", "fr": "en retard"}[lang]
    for fmt in FORMATS:
        text = exported(cli, case, fmt, tmp_path, lang)
        if fmt == "json":
            assert json.loads(text)["promises"][0]["overdue"] is True
        else:
            assert word in text, f"{fmt} ({lang}) does not say the promise is {word}"


def test_the_timeline_holds_what_happened_and_the_exports_go_to_integrity(cli, make_case, tmp_path):
    case = make_case(title="Kettle", country="GB")
    cli("log", str(case), "Called them", "--at", "2026-11-14 10:00")
    first = Path(cli("export", str(case), "--format", "md", "-o", str(tmp_path / "first")).stdout.strip())
    for fmt in ("md", "html", "pdf"):
        text = " ".join(exported(cli, case, fmt, tmp_path).split())
        timeline = text[text.index("Timeline") : text.index("Integrity")]
        assert first.name not in timeline and "Exported the dossier" not in timeline, (
            f"{fmt}: an export in the timeline"
        )
        assert timeline.index("opened") < timeline.index("Called them"), f"{fmt}: the opening is not first"
        assert "(opened): ;" not in timeline, f"{fmt}: the opening's facts start with a stray semicolon"
        integrity = text[text.index("Entries complaintctl wrote itself") :]
        assert f"export, event 3, recorded 2026-11-22 12:00:00Z: {first.name}" in integrity.replace("\\", ""), fmt
    chained = json.loads(exported(cli, case, "json", tmp_path))
    assert "exported" in [e["kind"] for e in chained["timeline"]], "dossier.json keeps every chained entry"


@pytest.mark.parametrize(
    ("lang", "currency", "country", "sum_said"),
    [("en", "GBP", "GB", "£59.99"), ("fr", "EUR", "FR", "59,99 €"), ("de", "EUR", "DE", "59,99 €")],
)
def test_the_amount_reads_as_a_sum_in_the_language(cli, make_case, tmp_path, lang, currency, country, sum_said):
    case = make_case(title="Kettle", country=country, amount="59.99", currency=currency)
    label = json.loads(exported(cli, case, "json", tmp_path, lang))["case"]["fact_labels"]["amount"]
    said = {
        "md": f"**{label}**: {sum_said}",
        "html": f"<th>{label}</th><td>{sum_said}</td>",
        "pdf": f"{label} {sum_said}",
    }
    for fmt in ("md", "html", "pdf"):
        text = " ".join(exported(cli, case, fmt, tmp_path, lang).split())
        assert said[fmt] in text, f"{fmt} ({lang}): the amount fact not said as {sum_said}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_changed_amount_reads_in_the_case_currency_in_the_timeline(cli, make_case, tmp_path, lang):
    case = make_case(title="Kettle", country="FR", amount="59.99", currency="EUR")
    cli("set", str(case), "--amount", "70")
    opening, changed = {"en": ("€59.99", "€70.00"), "fr": ("59,99 €", "70,00 €")}[lang]
    for fmt in ("md", "html", "pdf"):
        text = " ".join(exported(cli, case, fmt, tmp_path, lang).replace("\u202f", " ").replace("\xa0", " ").split())
        assert opening in text, f"{fmt} ({lang}): the opening entry does not say {opening}"
        bare = changed.strip("€ ")
        assert text.count(bare) == text.count(changed), f"{fmt} ({lang}): {bare} without its currency"


def test_a_chat_transcript_reads_line_by_line(cli, make_case, tmp_path):
    case = make_case(title="Chat", country="GB")
    chat = tmp_path / "chat.txt"
    chat.write_text("10:01 Priya: We will refund you\n10:02 Me: thanks\n", encoding="utf-8")
    cli("log", str(case), "--transcript", str(chat), "--at", "2026-11-15 10:00")
    for fmt in ("md", "html", "pdf"):
        text = exported(cli, case, fmt, tmp_path)
        assert "We will refund you" in text, f"{fmt}: the chat's words are missing"
    html = exported(cli, case, "html", tmp_path)
    assert "10:01 Priya: We will refund you" in html, "the chat's time and speaker are missing"


def test_an_exhibit_name_is_never_cut_inside_a_number(cli, make_case, tmp_path):
    import re

    case = make_case(title="Invoice", country="GB")
    long_name = "invoice " + "x" * 180 + " order 202-1234567-1234567.pdf"
    invoice = tmp_path / long_name
    invoice.write_bytes(b"%PDF-1.4\n%%EOF\n")
    cli("log", str(case), "The invoice", "--attach", str(invoice))
    exhibit = json.loads(exported(cli, case, "json", tmp_path))["exhibits"][0]
    for shown in (exhibit["name"], exhibit["file"].split("/")[-1]):
        assert shown.endswith(".pdf"), f"{shown!r} lost its extension"
        numbers = re.findall(r"\d[\d-]*\d", shown.removeprefix("01-"))
        assert all(number == "202-1234567-1234567" for number in numbers), f"{shown!r} cuts the order number"
    markdown = exported(cli, case, "md", tmp_path)
    assert exhibit["name"].replace("_", "\\_")[:60] in markdown or exhibit["name"][:60] in markdown


def test_verify_against_takes_the_pdf_or_a_document_out_of_the_zip(cli, make_case, tmp_path):
    import zipfile

    case = make_case(title="Kettle", country="GB")
    cli("log", str(case), "Called them", "--at", "2026-11-14 10:00")
    pdf = Path(cli("export", str(case), "--format", "pdf", "-o", str(tmp_path / "pdf")).stdout.strip())
    said = str(cli("verify", "--against", str(pdf)))
    assert f"{pdf.name} holds the bytes of {pdf.name}, exported as event 3 of case {case}" in said and "Intact" in said
    bundle = Path(cli("export", str(case), "-o", str(tmp_path / "zip")).stdout.strip())
    with zipfile.ZipFile(bundle) as archive:
        member = next(name for name in archive.namelist() if name.endswith("dossier.html"))
        (tmp_path / "taken-out.html").write_bytes(archive.read(member))
    said = str(cli("verify", "--against", str(tmp_path / "taken-out.html")))
    assert f"taken-out.html holds the bytes of dossier.html in {bundle.name}" in said and "Intact" in said
    assert "Intact" in str(cli("verify", "--against", str(bundle)))  # the zip itself, as before
    pdf.write_bytes(pdf.read_bytes() + b"%changed\n")
    said = str(cli("verify", "--against", str(pdf), code=1))
    assert f"{pdf.name} is not a file any export recorded in this database" in said
    assert "does not exist" in cli.fails("verify", "--against", str(tmp_path / "nowhere.pdf"))


HISTORY = {
    "en": "claim filed on 12 November 2026; claim decided on 14 November 2026 (closed, denied); "
    "appeal filed on 15 November 2026; appeal decided on 18 November 2026 (denied)",
    "fr": "réclamation déposée le 12 novembre 2026; réclamation tranchée le 14 novembre 2026 (clôturée, refusée); "
    "recours déposé le 15 novembre 2026; recours tranché le 18 novembre 2026 (refusé)",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_used_programme_tells_its_history(cli, make_case, tmp_path, lang):
    from helpers.cases import UK_CASE

    case = make_case(**UK_CASE)
    for event, at, outcome in (
        ("claim-filed", "2026-11-12", None),
        ("claim-decided", "2026-11-14", "closed-denied"),
        ("appeal-filed", "2026-11-15", None),
        ("appeal-decided", "2026-11-18", "denied"),
    ):
        cli("log", str(case), event, "-e", event, "--at", at, *(["--outcome", outcome] if outcome else []))
    for fmt in ("md", "html", "pdf"):
        text = " ".join(exported(cli, case, fmt, tmp_path, lang).split())
        assert HISTORY[lang] in text, f"{fmt} ({lang}): the A-to-z claim's history is not told"
    remedies = json.loads(exported(cli, case, "json", tmp_path, lang))["remedies"]
    claim = next(r for r in remedies if r["rule"] == "atoz-not-received")
    assert claim["status"] == "done" and claim["reason"].count("the claim was filed") == 1
    appeal = next(r for r in remedies if r["rule"] == "atoz-claim-appeal")
    assert appeal["reason"].count("you appealed") == 1, "the appeal that used the rule is told twice"
