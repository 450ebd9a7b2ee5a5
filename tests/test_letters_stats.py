"""Letters in every language name the order, the seller, the dates and the sums; stats count per issue."""

from __future__ import annotations

import pytest
from helpers.cases import UK_CASE

FR_CASE = {
    **UK_CASE,
    "marketplace": "amazon.fr",
    "country": "FR",
    "currency": "EUR",
    "seller": "Boutique Son",
    "order": "171-7654321-7654321",
}


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-11 09:00", "--channel", "web", "Asked")
    cli(
        "log",
        "1",
        "Chat: refund promised",
        "--channel",
        "chat",
        "--agent",
        "Priya",
        "--ref",
        "CS-88812",
        "--at",
        "2026-11-14 15:20",
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
    )
    return cli


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de"])
@pytest.mark.parametrize("kind", ["formal", "complaint", "non-delivery", "before-action", "data-access", "chargeback"])
def test_each_letter_in_each_language(case, kind, lang):  # ("chat" is Spanish too, so not checked)
    text = case("letter", "1", kind, "--lang", lang).stdout
    local = LOCAL[lang]
    for needle in ("202-1234567-1234567", "SoundShop EU", local["ordered"], local["price"], local["today"]):
        assert needle in text, f"{needle} missing from the {kind} letter in {lang}"
    assert "2026-11-" not in text, "dates are written as the language writes them, not ISO"
    if kind != "data-access":
        assert local["delivery"] in text and "Priya" in text and "refund" in text
    if lang != "en":  # one language: no English rule titles or channel names slip in
        for english in ("A-to-z claim", "item not received", ", phone,", ", web,", "Ask your card issuer"):
            assert english not in text, f"{english!r} in the {kind} letter in {lang}"


LOCAL = {
    "en": {
        "ordered": "1 November 2026",
        "price": "£59.99",
        "today": "22 November 2026",
        "delivery": "10 November 2026",
    },
    "fr": {"ordered": "1 novembre 2026", "price": "59,99", "today": "22 novembre 2026", "delivery": "10 novembre 2026"},
    "es": {
        "ordered": "1 de noviembre de 2026",
        "price": "59,99",
        "today": "22 de noviembre de 2026",
        "delivery": "10 de noviembre de 2026",
    },
    "de": {
        "ordered": "1. November 2026",
        "price": "59,99",
        "today": "22. November 2026",
        "delivery": "10. November 2026",
    },
}


def test_the_formal_letter_cites_the_countrys_law_and_ends_with_the_court_route(cli, make_case, tmp_path):
    make_case(**FR_CASE)
    shot = tmp_path / "photo.png"
    from helpers.files import png_bytes

    shot.write_bytes(png_bytes(3, 3))
    cli("log", "1", "Photo of the empty box", "--attach", str(shot))
    text = cli("letter", "1", "formal", "--lang", "fr").stdout  # not received: the non-delivery letter
    for needle in (
        "Lettre recommandée avec accusé de réception",
        "Défaut de livraison, mise en demeure de livrer",
        "L216-4",
        "L216-6",
        "L241-4",
        "SignalConso",
        "Pièces jointes",
        "- photo.png",
        "59,99",
        "€",
        "[Adresse postale du vendeur",
    ):
        assert needle in text, needle
    assert "L217-3" not in text and text.index("SignalConso") > text.index("L216-6")
    before = cli("letter", "1", "before-action", "--lang", "fr").stdout
    assert "Mise en demeure avant action" in before and "tribunal judiciaire" in before
    uk = cli("new", "--title", "UK", "--marketplace", "amazon.co.uk", "--issue", "late", "--json").json()["id"]
    english = cli("letter", str(uk), "formal").stdout
    assert "section 28" in english and "section 29" in english
    assert "Money Claim Online" in cli("letter", str(uk), "before-action").stdout
    es = cli("new", "--title", "ES", "--marketplace", "amazon.es", "--issue", "defective", "--json").json()["id"]
    spanish = cli("letter", str(es), "before-action", "--lang", "es").stdout
    assert "artículo 120" in spanish and "Tribunal de Instancia" in spanish
    assert "juzgado de primera instancia" not in spanish.lower()


def test_formal_letter_lists_contacts_rules_deadlines_and_agencies(case):
    text = case("letter", "1", "formal").stdout
    assert "14 November 2026, chat, with Priya (ref. CS-88812)" in text
    assert "Promises made to me and not kept:\n- refund, due 17 November 2026" in text
    assert "A-to-z claim: item not received (deadline 8 February 2027)" in text and "nodeId=201889410" in text
    assert "by 6 December 2026" in text and "Citizens Advice" in text


def test_data_access_letter_asks_for_everything_and_states_the_limit(cli, make_case):
    make_case(**FR_CASE)
    text = cli("letter", "1", "data-access", "--lang", "fr").stdout
    for thing in (
        "conversation par messagerie",
        "enregistrements",
        "en-têtes complets",
        "métadonnées",
        "historique complet",
        "d'un mois",
        "article 15 du règlement général sur la protection des données (RGPD",
        "d'Amazon",
    ):
        assert thing in text
    us = cli("new", "--title", "US", "--marketplace", "amazon.com", "--json").json()["id"]
    assert "45 days" in cli("letter", str(us), "data-access").stdout


def test_chargeback_letter_claims_section_75_when_it_applies(cli, make_case):
    make_case(**{**UK_CASE, "amount": "150.00", "sold_by": "amazon"})
    text = cli("letter", "1", "chargeback").stdout
    assert "section 75 of the Consumer Credit Act 1974" in text and "£150.00" in text
    make_case(**UK_CASE)
    assert "section 75" not in cli("letter", "2", "chargeback").stdout
    # a third-party seller on Amazon Marketplace: no debtor-creditor-supplier link, so no section 75
    make_case(**{**UK_CASE, "amount": "150.00"})
    assert "section 75" not in cli("letter", "3", "chargeback").stdout


def test_letter_to_a_file_and_refusals(case, tmp_path):
    target = tmp_path / "letter.txt"
    assert "Fill in the parts in [brackets]" in case("letter", "1", "formal", "-o", str(target)).stderr
    assert "202-1234567-1234567" in target.read_text()
    case("letter", "1", "poem", code=2)
    case("letter", "1", "formal", "--lang", "it", code=2)
    assert "there is no case 5" in case.fails("letter", "5", "formal")


def test_hostile_text_stays_text_in_letters(cli, make_case):
    make_case(**{**UK_CASE, "seller": "{{ 7*7 }} <b>Shop</b>"})
    text = cli("letter", "1", "formal").stdout
    assert "{{ 7*7 }} <b>Shop</b>" in text and "49" not in text


def test_stats_per_issue_from_the_database_and_from_bundles(cli, make_case, tmp_path):
    make_case(title="a", issue="not-received")
    make_case(title="b", issue="not-received")
    make_case(title="c", issue="damaged")
    cli("log", "1", "--event", "seller-contacted", "--at", "2026-11-12 12:00", "Asked")
    cli("log", "1", "--event", "resolved", "--outcome", "refunded", "--at", "2026-11-16 12:00", "Refunded")
    rows = {r["issue"]: r for r in cli("stats", "--json").json()}
    assert rows["not-received"] == {
        "issue": "not-received",
        "cases": 2,
        "resolved": 1,
        "resolution_rate": 0.5,
        "mean_days_to_resolution": 4.0,
    }
    assert rows["damaged"]["resolution_rate"] == 0.0 and rows["damaged"]["mean_days_to_resolution"] is None
    assert "not-received" in cli("stats").stdout
    bundles = [cli("export", str(n), "-o", str(tmp_path)).stdout.strip() for n in (1, 3)]
    from_bundles = {r["issue"]: r for r in cli("stats", "--from", bundles[0], "--from", bundles[1], "--json").json()}
    assert from_bundles["not-received"]["cases"] == 1 and from_bundles["not-received"]["resolved"] == 1
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"nope")
    assert "not a readable dossier bundle" in cli.fails("stats", "--from", str(junk))


def test_letters_quote_the_corrected_text_time_and_agent(case):
    chat = next(e["id"] for e in case("show", "1", "--json").json()["timeline"] if e["text"].startswith("Chat"))
    case(
        "amend", str(chat), "Chat: a full refund promised by Friday", "--agent", "Priyanka", "--at", "2026-11-13 15:20"
    )
    text = case("letter", "1", "formal").stdout
    assert "Chat: a full refund promised by Friday" in text and "Priyanka" in text
    assert "13 November 2026, chat, with Priyanka (ref. CS-88812)" in text
    assert "Chat: refund promised" not in text
