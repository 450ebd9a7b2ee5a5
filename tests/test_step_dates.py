"""A next step's date never slides (issue 15): it is a date of the case, or there is none; once it has passed the
step is overdue by the days since, in `next`, `next --json`, `agenda` and the dossier (HTML, Markdown, PDF)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

FR_CASE = dict(
    title="Casque défectueux",
    marketplace="amazon.fr",
    sold_by="third-party",
    fulfilled_by="seller",
    issue="defective",
    ordered="2026-11-01",
    delivery_by="2026-11-05",
    amount="89.00",
    currency="EUR",
    paid_by="credit-card",
    country="FR",
)


def at(cli, monkeypatch, when: str, *args: str):
    monkeypatch.setenv("COMPLAINTCTL_NOW", when)
    return cli(*args)


def document_text(path: Path) -> str:
    if path.suffix != ".pdf":
        return path.read_text(encoding="utf-8")
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_contact_the_seller_by_the_last_day_that_leaves_the_sellers_time_before_the_claim_window_closes(
    cli, make_case, monkeypatch
):
    """amazon.com A-to-z help (nodeId 200783670): claims within 90 days of the latest estimated delivery date
    (5 November: 3 February). amazon.fr (seed 002): the seller has "deux jours ouvrables", Monday to Saturday.
    Writing by Monday 1 February leaves them Tuesday and Wednesday. The date is the same whatever day `next` runs."""
    case = str(make_case(**FR_CASE))
    for today in ("2026-11-22T12:00:00+00:00", "2026-12-24T12:00:00+00:00", "2027-01-31T12:00:00+00:00"):
        advice = at(cli, monkeypatch, today, "next", case, "--json").json()
        assert (advice["step"], advice["do_by"], advice["days_overdue"]) == ("contact-seller", "2027-02-01", 0)
        assert "Writing by 2027-02-01 leaves the seller their full time to answer" in advice["why"]


@pytest.mark.parametrize(("lang", "words"), [("en", "overdue by 2 days"), ("fr", "en retard de 2 jours")])
def test_a_passed_step_date_is_overdue_everywhere_with_the_days_since(
    cli, make_case, monkeypatch, tmp_path, lang, words
):
    """Two days after the last day to contact the seller (see above), the claim window still open until
    3 February: every view keeps the date and counts the days overdue; none of them says today's date."""
    case = str(make_case(**FR_CASE))
    monkeypatch.setenv("COMPLAINTCTL_NOW", "2027-02-03T09:00:00+00:00")
    shown = cli("next", case).stdout
    assert "by 2027-02-01 (overdue by 2 days)" in shown and "2027-02-03 (0 days)" in shown, shown
    advice = cli("next", case, "--json").json()
    assert (advice["do_by"], advice["days_overdue"]) == ("2027-02-01", 2)
    listed = cli("next", "--json").json()[0]
    assert (listed["do_by"], listed["days_overdue"]) == ("2027-02-01", 2)
    agenda = cli("agenda", "--json").json()
    step = [item for item in agenda if item["kind"] == "step"]
    assert step and step[0]["due"] == "2027-02-01" and "(overdue by 2 days)" in step[0]["text"], agenda
    for fmt in ("html", "md", "pdf"):
        path = Path(cli("export", case, "--format", fmt, "--lang", lang, "-o", str(tmp_path / fmt)).stdout.strip())
        text = " ".join(document_text(path).split())
        assert words in text, f"{fmt} ({lang}) does not say the next step is {words}"


def test_a_step_nothing_in_the_case_dates_has_no_date_at_all(cli, make_case, monkeypatch):
    """'Add the missing facts' has no date of its own: it shows none, rather than today's, which moved every day
    and so never turned overdue."""
    case = str(make_case(title="Only a title"))
    for today in ("2026-11-22T12:00:00+00:00", "2026-12-22T12:00:00+00:00"):
        advice = at(cli, monkeypatch, today, "next", case, "--json").json()
        assert (advice["step"], advice["do_by"], advice["days_overdue"]) == ("add-facts", None, 0)
        assert " by " not in cli("next", case).stdout.splitlines()[0]
        assert not [item for item in cli("agenda", "--json").json() if item["kind"] == "step"]
