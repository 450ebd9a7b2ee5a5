"""The witness statement of an England and Wales case ends every printed dossier (PDF, HTML, Markdown) in the
court's English, with PD 22's statement of truth; a dossier in another language says above it, in that
language, how a statement in another language is filed (PD 32 paras. 18.1 and 23.2)."""

from __future__ import annotations

import html as html_module
import io
import re
from pathlib import Path

import pytest
from helpers.cases import UK_CASE
from pypdf import PdfReader

TRUTH = (
    "I believe that the facts stated in this witness statement are true. I understand that proceedings for "
    "contempt of court may be brought against anyone who makes, or causes to be made, a false statement"
)
NOTE = {"en": None, "fr": "traduction anglaise", "es": "traducción al inglés", "de": "englischen Übersetzung"}


def read(cli, case: int, fmt: str, folder: Path, lang: str) -> str:
    path = Path(cli("export", str(case), "--format", fmt, "--lang", lang, "-o", str(folder / fmt)).stdout.strip())
    if fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    elif fmt == "html":
        page = path.read_text(encoding="utf-8")
        text = html_module.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.S))
    else:
        text = path.read_text(encoding="utf-8").replace("\\", "")
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de"])
def test_an_england_and_wales_dossier_ends_with_the_statement_in_english_in_every_format(
    cli, make_case, tmp_path, lang
):
    case = make_case(**UK_CASE, buyer_name="Ann Example", buyer_address="1 High Street, London, N1 1AA")
    for fmt in ("pdf", "html", "md"):
        text = read(cli, case, fmt, tmp_path, lang)
        assert "Witness statement of Ann Example" in text, f"{fmt} ({lang}): no witness statement"
        statement = text[text.rindex("Witness statement of Ann Example") :]
        assert TRUTH in statement, f"{fmt} ({lang}): not PD 22's statement of truth with its contempt warning"
        assert "I, Ann Example, of 1 High Street, London, N1 1AA, am the claimant" in statement, fmt
        assert "I ordered from" in statement, f"{fmt} ({lang}): the summary is not in the court's English"
        assert "Signed:" in statement and "Date:" in statement, fmt
        if NOTE[lang]:
            assert NOTE[lang] in text, f"{fmt} ({lang}): no line in {lang} on the statement's language"
        else:
            assert "PD 32" not in text and "Practice Direction 32" not in text, fmt


def test_a_scottish_or_northern_irish_dossier_has_no_witness_statement(cli, make_case, tmp_path):
    for region in ("GB-SCT", "GB-NIR"):
        case = make_case(**{**UK_CASE, "region": region})
        for fmt in ("pdf", "html", "md"):
            text = read(cli, case, fmt, tmp_path / region, "fr")
            assert "Witness statement" not in text and "contempt of court" not in text, f"{fmt} ({region})"
            assert NOTE["fr"] not in text, f"{fmt} ({region})"


def test_the_statement_is_headed_with_the_court_the_parties_and_the_marks_a_clerk_files_it_by(cli, make_case, tmp_path):
    # PD 32 para. 17.1 (the title of the proceedings, PD 7A para. 4.1) and 17.2 (party, witness, number,
    # exhibits, date); the claim number stays blank until the claim is issued.
    case = make_case(**UK_CASE, buyer_name="Ann Mary Example", buyer_address="1 High Street, London, N1 1AA")
    for fmt in ("pdf", "html", "md"):
        text = read(cli, case, fmt, tmp_path, "en")
        statement = text[text.rindex("In the County Court") :]
        assert "Claim number: ____________ (given when the claim is issued)" in statement, fmt
        assert f"Between Ann Mary Example, Claimant, and {UK_CASE['seller']}, Defendant" in statement, fmt
        assert "Claimant. A. M. Example. First statement." in statement, fmt
        assert statement.index("In the County Court") < statement.index("Witness statement of Ann Mary Example")
        assert "The 0 exhibits" not in statement and "0 exhibits" not in statement, fmt
