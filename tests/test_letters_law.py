"""Each letter cites the law of its country for its problem, and none of the law meant for the other problem:
a defect letter never rests on delivery articles, and a delivery letter never on the guarantee of conformity."""

from __future__ import annotations

import pytest

BASE = dict(
    title="Headphones",
    order="ORD-1",
    seller="SoundShop",
    ordered="2026-11-01",
    delivery_by="2026-11-10",
    amount="59.99",
    paid_by="credit-card",
    buyer_name="Ann Example",
    marketplace="other",
)
PLACES = {
    "GB": dict(country="GB", currency="GBP", buyer_address="1 High Street, London, N1 1AA"),
    "FR": dict(country="FR", currency="EUR", buyer_address="12 rue de la Paix, 75002 Paris"),
    "ES": dict(country="ES", currency="EUR", buyer_address="Calle Mayor 5, 28013 Madrid"),
    "DE": dict(country="DE", currency="EUR", buyer_address="Hauptstraße 1, 10115 Berlin"),
}
PLACES["GB-SCT"] = {**PLACES["GB"], "region": "GB-SCT", "buyer_address": "2 Rose Street, Edinburgh, EH2 2PR"}
PLACES["GB-NIR"] = {**PLACES["GB"], "region": "GB-NIR", "buyer_address": "3 Main Street, Belfast, BT1 1AA"}
LANG = {"GB": "en", "GB-SCT": "en", "GB-NIR": "en", "FR": "fr", "ES": "es", "DE": "de"}
# (cited, never cited) per country and problem
LAW = {
    ("GB", "defective"): (
        ["sections 9 to 11", "sections 19 to 24", "section 22(6)", "section 24(5)", "section 24(10)", "30 days"],
        ["section 28", "section 29"],
    ),
    ("GB", "not-received"): (
        ["section 28(2) and (3)", "section 29", "section 28(7) to (9)"],
        ["section 22", "section 24"],
    ),
    ("FR", "defective"): (
        ["L217-3 et suivants", "L217-7", "L217-8 à L217-11", "L217-14", "trente jours"],
        ["L216-", "L241-4"],
    ),
    ("FR", "not-received"): (
        ["L216-1", "L216-4", "L216-6", "L216-7", "L241-4", "10 %", "20 %", "50 %", "2021-1247"],
        ["L217-"],
    ),
    ("ES", "defective"): (
        [
            "artículos 114 y siguientes",
            "artículo 117",
            "artículo 118",
            "artículos 119, 119 bis y 119 ter",
            "artículo 120",
            "artículo 121",
            "tres años",
            "Real Decreto Legislativo 1/2007",
        ],
        ["66 bis", "66 ter"],
    ),
    ("ES", "not-received"): (["artículo 66 bis", "artículo 66 ter"], ["artículo 120", "artículo 119"]),
    ("DE", "defective"): (
        ["§ 434 BGB", "§ 437 BGB", "§ 439 BGB", "§§ 474 ff. BGB", "§ 477 Abs. 1 BGB", "§ 438 Abs. 1 Nr. 3 BGB"],
        ["§ 433", "§ 323", "§ 475 Abs. 2"],
    ),
    ("DE", "not-received"): (
        ["§ 433 Abs. 1 BGB", "§ 446 Satz 1 BGB", "§ 475 Abs. 2 BGB", "§ 323 Abs. 1 BGB"],
        ["§ 439", "§ 477", "§ 434"],
    ),
}
# Not as described is a lack of conformity too: the defect articles, never the delivery ones. Scotland and
# Northern Ireland rest on the same Act as England and Wales.
for _place in ("GB", "FR", "ES", "DE"):
    LAW[(_place, "not-as-described")] = LAW[(_place, "defective")]
for _region in ("GB-SCT", "GB-NIR"):
    for _issue in ("defective", "not-received", "not-as-described"):
        LAW[(_region, _issue)] = LAW[("GB", _issue)]


def open_case(make_case, place: str, issue: str, **more: str) -> int:
    return make_case(**{**BASE, **PLACES[place], "issue": issue, **more})


@pytest.mark.parametrize(("place", "issue"), sorted(LAW))
def test_each_country_and_problem_cites_its_articles_and_none_of_the_other_problem(cli, make_case, place, issue):
    case = open_case(make_case, place, issue)
    cited, never = LAW[(place, issue)]
    kind = "non-delivery" if issue == "not-received" else "faulty-goods"
    for letter in (kind, "formal", "before-action"):
        text = cli("letter", str(case), letter, "--lang", LANG[place]).stdout
        for needle in cited:
            assert needle in text, f"{needle!r} missing from the {letter} letter ({place}, {issue})\n{text}"
        for needle in never:
            assert needle not in text, f"{needle!r} cited in the {letter} letter ({place}, {issue})\n{text}"
        assert "the law that applies" not in text and "loi applicable" not in text


def test_england_wales_scotland_and_northern_ireland_each_have_their_route(cli, make_case):
    england = open_case(make_case, "GB", "defective")
    text = cli("letter", str(england), "before-action").stdout
    for needle in (
        "Letter before claim",
        "Practice Direction – Pre-Action Conduct and Protocols",
        "within 14 days",
        "section 69 of the County Courts Act 1984",
        "Money Claim Online, which takes claims up to £100,000",
        "up to £10,000 is normally allocated to the small claims track (Civil Procedure Rules, rule 26.9)",
        "By recorded delivery",
    ):
        assert needle in text, needle
    scotland = open_case(make_case, "GB", "defective", region="GB-SCT")
    text = cli("letter", str(scotland), "before-action").stdout
    assert "simple procedure in the sheriff court, which takes claims up to £5,000" in text
    assert "Money Claim Online" not in text and "County Courts Act" not in text
    ulster = open_case(make_case, "GB", "defective", region="GB-NIR")
    text = cli("letter", str(ulster), "before-action").stdout
    assert "small claims court (county court), which takes claims up to £5,000" in text
    assert "Money Claim Online" not in text


def test_the_short_term_right_to_reject_only_within_30_days_of_delivery(cli, make_case):
    case = open_case(make_case, "GB", "defective")
    assert "I ask you to repair or replace" in cli("letter", str(case), "faulty-goods").stdout  # delivery unknown
    cli("log", str(case), "--event", "delivered", "--at", "2026-11-05 10:00")
    text = cli("letter", str(case), "faulty-goods").stdout
    assert "I reject the goods and ask for a full refund of £59.99" in text
    assert "They were delivered on 5 November 2026" in text
    late = open_case(make_case, "GB", "defective")
    cli("log", str(late), "--event", "delivered", "--at", "2026-10-01 10:00", "--force")
    assert "I reject the goods" not in cli("letter", str(late), "faulty-goods").stdout


def test_france_and_spain_write_place_date_and_sending_as_their_letters_do(cli, make_case):
    france = open_case(make_case, "FR", "not-received")
    text = cli("letter", str(france), "before-action", "--lang", "fr").stdout
    assert "À Paris, le 22 novembre 2026" in text and "Lettre recommandée avec accusé de réception" in text
    assert "article 750-1 du code de procédure civile" in text and "médiateur de la consommation" in text
    spain = open_case(make_case, "ES", "defective")
    text = cli("letter", str(spain), "before-action", "--lang", "es").stdout
    for needle in (
        "En Madrid, a 22 de noviembre de 2026",
        "DNI/NIE:",
        "Burofax",
        "artículo 5 de la Ley Orgánica 1/2025",
        "artículo 10",
        "mi identidad, el objeto de la controversia y mi propuesta",
        "Mi propuesta:",
        "Sección Civil del Tribunal de Instancia",
        "22 de diciembre de 2026",  # thirty days to answer
    ):
        assert needle in text, needle
    assert "juzgado de primera instancia" not in text.lower()


def test_german_withdrawal_articles_for_a_return_not_refunded(cli, make_case):
    case = open_case(make_case, "DE", "return-not-refunded")
    text = cli("letter", str(case), "formal", "--lang", "de").stdout
    assert "Betreff: Beschwerde" in text and "Berlin, den 22. November 2026" in text
    for needle in ("§ 312g Abs. 1 BGB", "§ 355 Abs. 2 BGB", "§ 356 Abs. 2 Nr. 1 BGB", "§ 357 Abs. 1 BGB"):
        assert needle in text, needle


def test_a_case_in_another_language_says_which_law_applies_in_that_language(cli, make_case):
    case = open_case(make_case, "GB", "defective")
    french = cli("letter", str(case), "faulty-goods", "--lang", "fr").stdout
    assert "Cet achat est régi par le droit de l'Angleterre et du pays de Galles" in french
    # The statute named in French with its own name beside it (catalogue/fr.toml [citations]).
    assert "loi britannique de 2015 sur les droits des consommateurs (Consumer Rights Act 2015), art. 9 à 11" in french
    german = cli("letter", open_case(make_case, "FR", "not-received"), "non-delivery", "--lang", "de").stdout
    assert "Für diesen Kauf gilt französisches Recht" in german and "L216-6" in german
    italy = make_case(**{**BASE, "country": "IT", "currency": "EUR", "issue": "defective"})
    text = cli("letter", str(italy), "faulty-goods").stdout
    assert "the consumer law of Italy" in text and "Directive (EU) 2019/771" in text


def test_the_chargeback_letter_speaks_to_the_issuer_with_the_statement_facts(cli, make_case):
    case = make_case(
        **{**BASE, **PLACES["GB"], "marketplace": "amazon.co.uk", "order": "202-1234567-1234567"},
        issue="defective",
        charged="2026-11-02",
    )
    cli("log", str(case), "--event", "return-requested", "--at", "2026-11-12 10:00")
    cli("log", str(case), "--event", "claim-filed", "--at", "2026-11-15 10:00")
    text = cli("letter", str(case), "chargeback").stdout
    assert "Merchant, as on my statement: Amazon (the order was sold by SoundShop on amazon.co.uk)" in text
    assert "Date of the transaction: 2 November 2026" in text
    assert "I still hold the goods: the merchant has not sent me a return label" in text
    assert "the guarantee claim you filed on 15 November 2026 is still open" in text
    assert "Please reverse the charge of £59.99" in text
    assert "Ask your card issuer" not in text and "ask your card issuer" not in text
    cli("log", str(case), "--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-18 10:00")
    assert "is still open" not in cli("letter", str(case), "chargeback").stdout


@pytest.mark.parametrize(
    ("place", "marketplace", "authorities"),
    [
        ("GB", "amazon.co.uk", ["Information Commissioner's Office", "Data Protection Act 2018", "UK GDPR"]),
        ("FR", "amazon.fr", ["CNIL", "CNPD", "article 77", "RGPD", "d'Amazon"]),
        ("ES", "amazon.es", ["Agencia Española de Protección de Datos", "CNPD", "artículo 77", "RGPD"]),
        ("DE", "amazon.de", ["Datenschutzaufsichtsbehörde meines Bundeslandes", "CNPD", "Art. 77", "DSGVO"]),
    ],
)
def test_the_data_access_letter_asks_article_15_in_full_and_names_the_authority(
    cli, make_case, place, marketplace, authorities
):
    case = make_case(**{**BASE, **PLACES[place], "marketplace": marketplace, "order": "202-1234567-1234567"})
    text = cli("letter", str(case), "data-access", "--lang", LANG[place]).stdout
    for needle in authorities:
        assert needle in text, needle
    for letter in "abcdefgh":
        assert f"\n{letter}" in text.replace("\n(", "\n"), f"Article 15(1)({letter}) missing"
    if place == "GB":  # the UK GDPR as amended by the Data (Use and Access) Act 2025, since 5 February 2026
        assert "(Articles 22A to 22D)" in text and "(Article 12A)" in text
        assert "Article 12(3)" not in text and "Article 22(1)" not in text
    else:
        assert "22" in text and ("12, paragraphe 3" in text or "12, apartado 3" in text or "12 Abs. 3" in text)
    assert "GDPR (Regulation" not in text or place == "GB"
    us = make_case(
        **{**BASE, "country": "US", "currency": "USD", "marketplace": "amazon.com", "order": "112-1234567-1234567"}
    )
    american = cli("letter", str(us), "data-access").stdout
    assert "45 days" in american and "California Privacy Protection Agency" in american and "CNPD" not in american


def test_the_scheme_reason_follows_the_network_and_the_problem():
    """Pure: the chargeback letter's reason code, once the card network is a fact of the case."""
    from complaintctl.dossier.letter_facts import card_dispute

    def reason(network: str, issue: str) -> str | None:
        return card_dispute({"network": network, "issue": issue}, [], "en")["reason"]

    assert (reason("visa", "not-received"), reason("visa", "defective")) == ("13.1", "13.3")
    assert (reason("mastercard", "not-received"), reason("mastercard", "not-as-described")) == ("4853", "4853")
    assert (reason("amex", "not-received"), reason("amex", "damaged")) == ("C08", "C32")
    # Amex alone tells a faulty item (C32 Damaged or Defective) from one unlike its description (C31)
    assert (reason("amex", "defective"), reason("amex", "not-as-described")) == ("C32", "C31")
    assert reason("amex", "wrong-item") == "C31" and reason("visa", "not-as-described") == "13.3"
    assert reason("visa", "return-not-refunded") == "13.6" and reason("", "not-received") is None


@pytest.mark.parametrize(("place", "issue"), [("FR", "defective"), ("FR", "not-received"), ("ES", "defective")])
def test_sources_point_at_the_article_not_the_whole_code(cli, make_case, place, issue):
    case = open_case(make_case, place, issue)
    kind = "non-delivery" if issue == "not-received" else "faulty-goods"
    sources = [
        line
        for line in cli("letter", str(case), kind, "--lang", LANG[place]).stdout.splitlines()
        if line.startswith("Fuentes") or line.startswith("Sources")
    ]
    assert sources, "the letter lists its sources"
    assert "LEGITEXT000006069565" not in sources[0], "a link to the whole Code de la consommation"
    for link in sources[0].split(": ", 1)[1].split(", "):
        assert "boe.es" not in link or "#a" in link, f"{link} does not name the article"


def test_a_seller_whose_address_starts_with_its_name_is_named_once(cli, make_case):
    case = open_case(make_case, "GB", "defective", seller_address="SoundShop, 4 Trade Park, Leeds, LS1 4AB")
    text = cli("letter", str(case), "faulty-goods").stdout
    assert "SoundShop\n4 Trade Park\nLeeds\nLS1 4AB" in text and text.count("SoundShop\n") == 1
    other = open_case(make_case, "GB", "defective", seller_address="SoundShop Trading Ltd, 4 Trade Park, Leeds")
    assert "SoundShop\nSoundShop Trading Ltd\n4 Trade Park" in cli("letter", str(other), "faulty-goods").stdout


def test_the_french_delivery_notice_follows_l216_6_as_worded_since_2021(cli, make_case):
    text = cli("letter", str(open_case(make_case, "FR", "not-received")), "non-delivery", "--lang", "fr").stdout
    assert "je vous mets en demeure d'effectuer la livraison" in text
    assert "par lettre ou par un autre écrit, la résolution prenant effet à sa réception" in text
    assert "simple lettre" not in text


def test_england_asks_for_adr_and_germany_claims_interest_on_money_only(cli, make_case):
    english = cli("letter", str(open_case(make_case, "GB", "defective")), "before-action").stdout
    assert "Litigation should be a last resort" in english and "(paragraphs 8 to 11)" in english
    german = cli("letter", str(open_case(make_case, "DE", "defective")), "before-action", "--lang", "de").stdout
    assert "Mahnung" in german and "§ 286 Abs. 1 BGB" in german
    assert "einen zu erstattenden Geldbetrag haben Sie dann mit fünf Prozentpunkten über dem Basiszinssatz" in german
    assert "und schulden Verzugszinsen" not in german


def test_a_card_letter_cites_its_own_scheme_in_its_own_language(cli, make_case):
    amex = open_case(make_case, "GB", "defective", network="amex", charged="2026-11-02")
    cli("log", str(amex), "--event", "delivered", "--at", "2026-11-05 10:00")
    text = cli("letter", str(amex), "chargeback").stdout
    assert "Scheme reason: American Express C32" in text and "visa.com" not in text
    visa = open_case(make_case, "FR", "defective", network="visa", charged="2026-11-02")
    cli("log", str(visa), "--event", "delivered", "--at", "2026-11-05 10:00")
    french = cli("letter", str(visa), "chargeback", "--lang", "fr").stdout
    assert "Visa 13.3" in french and "visa-rules-public.pdf" in french
    assert "Visa Core Rules" not in french and "days from the processing date" not in french


def test_letters_name_the_next_bodies_from_the_buyers_side(cli, make_case):
    german = open_case(make_case, "DE", "defective")
    text = cli("letter", str(german), "faulty-goods").stdout
    assert "the consumer advice centre (Verbraucherzentrale) of my federal state" in text
    assert "your Land" not in text
    spanish = open_case(make_case, "ES", "defective", marketplace="amazon.es", order="402-1234567-1234567")
    assert "Al amparo del artículo 15" in cli("letter", str(spanish), "data-access", "--lang", "es").stdout


@pytest.mark.parametrize(
    ("place", "remedy", "refund_instead"),
    [
        ("FR", "procéder à la mise en conformité du bien", "ou de remédier autrement"),
        ("ES", "reparación o sustitución", "o resuelvan de otro modo"),
        ("DE", "nachzuerfüllen", "oder anderweitig Abhilfe"),
    ],
)
def test_a_complaint_about_a_faulty_item_asks_for_the_remedy_its_law_gives(
    cli, make_case, place, remedy, refund_instead
):
    """A complaint letter cites the guarantee of conformity: it asks first for repair or replacement, as that
    law does, not for a refund the law gives only when that fails."""
    case = open_case(make_case, place, "defective")
    text = cli("letter", str(case), "complaint", "--lang", LANG[place]).stdout
    assert remedy in text and refund_instead not in text, text


def test_a_card_letter_lists_the_attempts_to_settle_apart_from_the_orders_progress(cli, make_case):
    case = open_case(make_case, "GB", "defective", network="visa", charged="2026-11-02")
    cli("log", str(case), "--event", "delivered", "--at", "2026-11-05 10:00")
    cli("log", str(case), "--event", "seller-contacted", "--at", "2026-11-06 10:00")
    text = cli("letter", str(case), "chargeback").stdout
    attempts, progress = text.split("I tried to resolve this with the merchant first:")[1].split(
        "The order's progress, as I recorded it:"
    )
    assert "6 November 2026" in attempts and "5 November 2026" not in attempts
    assert "5 November 2026: delivered" in progress.split("\n\n")[0]


def test_the_spanish_requerimiento_cites_the_rule_on_suing_without_a_lawyer(cli, make_case):
    text = cli("letter", str(open_case(make_case, "ES", "defective")), "before-action", "--lang", "es").stdout
    assert "artículos 23.2 y 31.2 de la Ley de Enjuiciamiento Civil" in text
    assert "BOE-A-2000-323#a23" in text


def test_the_dossier_summary_of_a_parcel_that_never_came_names_no_fault_date(cli, make_case, tmp_path):
    lost = open_case(make_case, "GB", "not-received", fault_noticed="2026-11-12")
    cli("export", str(lost), "--format", "md", "-o", str(tmp_path / "lost.md"))
    assert "I noticed the fault" not in (tmp_path / "lost.md").read_text(encoding="utf-8")
    broken = open_case(make_case, "GB", "defective", fault_noticed="2026-11-12")
    cli("export", str(broken), "--format", "md", "-o", str(tmp_path / "broken.md"))
    assert "I noticed the fault on 12 November 2026" in (tmp_path / "broken.md").read_text(encoding="utf-8")


def test_what_follows_is_governed_by_the_law_of_the_case_in_correct_french_and_german(cli, make_case):
    case = open_case(make_case, "GB", "defective")
    french = cli("letter", str(case), "before-action", "--lang", "fr").stdout
    assert "La suite, à défaut de réponse, est régie par le droit de l'Angleterre et du pays de Galles" in french
    assert " de le " not in french
    german = cli("letter", str(case), "before-action", "--lang", "de").stdout
    assert "Was bei ausbleibender Antwort folgt, regelt das Recht von England und Wales:" in german
    assert "nach das Recht" not in german


@pytest.mark.parametrize("network", ["visa", "mastercard", "amex"])
def test_a_letter_cites_sources_by_address_without_the_packs_research_notes(cli, make_case, network):
    case = open_case(make_case, "GB", "defective", network=network, charged="2026-11-02")
    cli("log", str(case), "--event", "delivered", "--at", "2026-11-05 10:00")
    text = cli("letter", str(case), "chargeback").stdout
    sources = [line for line in text.splitlines() if "Source: " in line]
    assert sources, text
    for line in sources:
        assert line.rstrip().split("Source: ")[1].startswith("http") and " " not in line.split("Source: ")[1]
    assert "stored corpus" not in text and "secondary source" not in text


def test_a_data_access_request_names_its_article_not_the_advice_to_the_user(cli, make_case):
    case = open_case(make_case, "GB", "defective", marketplace="amazon.co.uk", order="202-1234567-1234567")
    text = cli("letter", str(case), "data-access").stdout
    assert "Rule relied on: UK GDPR, Article 15" in text and "Ask for a copy of your data" not in text


def test_spain_asks_repair_under_article_118_and_reduction_or_resolution_under_119_to_119_ter(cli, make_case):
    # TRLGDCU as renumbered by RDL 7/2021 (BOE consolidated text): repair or replacement is art. 118, not 119;
    # 119 says when price reduction or resolution is due, 119 bis and 119 ter how.
    text = cli("letter", str(open_case(make_case, "ES", "defective")), "faulty-goods", "--lang", "es").stdout
    assert (
        "gratuita y en un plazo razonable desde que les he informado de la falta de conformidad (artículo 118)" in text
    )
    assert "resolución del contrato (artículos 119, 119 bis y 119 ter)" in text
    assert "(artículo 119)" not in text and "(artículo 119 bis)" not in text
    assert "BOE-A-2007-20555#a118" in text and "BOE-A-2007-20555#a119ter" in text


def test_a_spanish_complaint_gives_the_trader_fifteen_days_as_article_21_now_says(cli, make_case):
    # Ley 10/2025, disposición final tercera, rewrote TRLGDCU art. 21.3 from one month to fifteen days.
    case = open_case(make_case, "ES", "return-not-refunded")
    spanish = cli("letter", str(case), "complaint", "--lang", "es").stdout
    assert "en el plazo máximo de quince días desde su presentación" in spanish
    assert "un mes" not in spanish
    english = cli("letter", str(case), "complaint", "--lang", "en").stdout
    assert "within fifteen days of its filing at most" in english and "one month" not in english


def test_a_spanish_delivery_letter_puts_only_the_additional_period_under_article_66_bis(cli, make_case):
    text = cli("letter", str(open_case(make_case, "ES", "not-received")), "non-delivery", "--lang", "es").stdout
    assert "en el plazo adicional indicado más abajo (artículo 66 bis, apartado 2)" in text
    assert "sin demora indebida todas las cantidades" not in text


def test_the_german_delivery_letter_says_when_dispatch_would_pass_the_risk(cli, make_case):
    # § 475(2) BGB does not disapply § 447: it lets § 447(1) pass the risk on dispatch only where the buyer
    # instructed the carrier (and the trader had not named it).
    text = cli("letter", str(open_case(make_case, "DE", "not-received")), "non-delivery", "--lang", "de").stdout
    assert "§ 447 Abs. 1 BGB gilt nach § 475 Abs. 2 BGB nur, wenn ich selbst die Transportperson beauftragt" in text
    assert "§ 447 BGB gilt nach § 475 Abs. 2 BGB nicht" not in text
