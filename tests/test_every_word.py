"""In --lang fr, es and de documents no English is left: letters and dossiers built from generated cases are
read word by word against one English word list and one allowlist, kept here in one place."""

from __future__ import annotations

import html as html_module
import re
import zipfile
from pathlib import Path

import pytest

# Words that are English and in none of French, Spanish or German (so "chat", "note", "source", "due", "page",
# "issue", "court", "dossier", "protection", "Bank", "on", "in", "was" and "an" are not listed: they are words of
# those languages too).
ENGLISH = set(
    re.findall(
        r"\S+",
        """the and of to is are with by for from your you not were has have this that which
    order ordered seller buyer item received delivered refund refunded claim claims appeal filed decided denied
    granted closed withdrawn review funded third party credit debit card gift transfer cash delivery
    inbound outbound phone letter email promise promises kept broken open eligible since needs ask
    deadline deadlines rule rules step steps statement duration outcome target channel
    days hours within after before until yet unknown none given recorded entered later exported timeline
    remedies exhibit exhibits integrity chain head event events why guarantee
    contacted replied shipped requested returned return escalated resolved data access law rights consumer
    statutory small track""",
    )
)
# Names that are the same in every language, and the abbreviations documents cite.
ALLOWED = set(
    re.findall(
        r"\S+",
        """Amazon PayPal Visa Mastercard American Express eBay Etsy Walmart A-to-z online e-mail complaintctl
    JSON BagIt SHA UTC PDF HTML""",
    )
)


# Statutes and bodies keep their own name beside the translation ("loi britannique de 2015 sur les droits des
# consommateurs (Consumer Rights Act 2015)"), as do an Amazon team and the court's English witness statement.
PROPER_NAMES = (
    "Consumer Rights Act 2015",
    "Consumer Contracts (Information, Cancellation and Additional Charges) Regulations 2013",
    "Consumer Contracts Regulations 2013",
    "Practice Direction – Pre-Action Conduct and Protocols",
    "Civil Procedure Rules",
    "Consumer Credit Act 1974",
    "Limitation Act 1980",
    "Prescription and Limitation (Scotland) Act 1973",
    "Data Protection Act 2018",
    "County Courts Act 1984",
    "Fair Credit Billing Act",
    "Money Claim Online",
    "Practice Direction",
    "Pre-Action Conduct",
    "Seller Performance",
    "UK GDPR",
)
# The witness statement's first lines: in English for the court in England and Wales, whatever the language.
WITNESS_STATEMENT = ("In the County Court", "Claim number:", "Witness statement of")


def rule_ids() -> set[str]:
    """Rule identifiers are codes (atoz-not-received), printed beside each rule's title to find it in the JSON."""
    import tomllib

    from complaintctl.rules.packs import builtin_dir

    return {rule["id"] for path in builtin_dir().glob("*.toml") for rule in tomllib.loads(path.read_text())["rules"]}


def unwrapped(text: str) -> str:
    """A PDF's text with the lines pypdf breaks inside an address or a rule's code joined again."""
    codes = rule_ids()
    out = ""
    for line in text.split("\n"):
        last = out.rsplit(None, 1)[-1] if out.strip() else ""
        inside = "://" in last or any(
            code != last and code.startswith(last) and (last + line).startswith(code) for code in codes
        )
        out += line if last and inside else "\n" + line
    return out


def english_words(text: str) -> set[str]:
    text = " ".join(text.split())  # a name wrapped across two lines is still the name
    starts = [text.index(mark) for mark in WITNESS_STATEMENT if mark in text]
    if starts:
        text = text[: min(starts)]
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    text = re.sub("|".join(re.escape(code) for code in sorted(rule_ids(), key=len, reverse=True)), " ", text)
    # Addresses, hashes and the bundle's file paths (exhibits/01-name.eml) are not words of any language.
    text = re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+|\b[0-9a-f]{16,}\b|\bexhibits/\S+", " ", text)
    words = set(re.findall(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-z]+)*", text))
    return {w for w in words if w not in ALLOWED and any(part.lower() in ENGLISH for part in w.split("-"))}


CASES = {
    "fr": dict(
        title="Casque jamais reçu",
        marketplace="amazon.fr",
        order="171-7654321-7654321",
        seller="Boutique Son",
        sold_by="third-party",
        fulfilled_by="seller",
        ordered="2026-11-01",
        delivery_by="2026-11-10",
        amount="59.99",
        currency="EUR",
        paid_by="credit-card",
        buyer_name="Anne Exemple",
        buyer_address="12 rue de la Paix, 75002 Paris",
        product="Casque sans fil",
    ),
    "es": dict(
        title="Auriculares nunca recibidos",
        marketplace="amazon.es",
        order="171-7654321-7654322",
        seller="Tienda Sonido",
        sold_by="third-party",
        fulfilled_by="amazon",
        ordered="2026-11-01",
        delivery_by="2026-11-10",
        amount="59.99",
        currency="EUR",
        paid_by="debit-card",
        buyer_name="Ana Ejemplo",
        buyer_address="Calle Mayor 5, 28013 Madrid",
        product="Auriculares inalámbricos",
    ),
    "de": dict(
        title="Kopfhörer nie angekommen",
        marketplace="amazon.de",
        order="171-7654321-7654323",
        seller="Klangladen",
        sold_by="third-party",
        fulfilled_by="seller",
        ordered="2026-11-01",
        delivery_by="2026-11-10",
        amount="59.99",
        currency="EUR",
        paid_by="credit-card",
        buyer_name="Anna Beispiel",
        buyer_address="Hauptstraße 1, 10115 Berlin",
        product="Kabellose Kopfhörer",
    ),
}
# The same buyer in England: a GB case written in each language (its law said in that language).
IN_ENGLAND = dict(
    marketplace="amazon.co.uk",
    order="202-7654321-7654321",
    currency="GBP",
    country="GB",
    region="GB-ENG",
    buyer_address="1 High Street, London, N1 1AA",
)
NOTES = {"fr": "Appel au service client", "es": "Llamada al servicio de atención", "de": "Anruf beim Kundenservice"}
MAILS = {
    "fr": ("Service client", "Votre commande", "Nous allons vous rembourser."),
    "es": ("Atención al cliente", "Su pedido", "Le reembolsaremos."),
    "de": ("Kundenservice", "Ihre Bestellung", "Wir erstatten Ihnen den Betrag."),
}
OLD_REPLY, NEW_REPLY = "cs-reply+AAA111", "cs-reply+BBB222"


def build(cli, make_case, tmp_path: Path, lang: str, issue: str, country: str = "home") -> int:
    """A case in ``lang``: calls, a contact, a promise, a claim filed and denied, a changed amount, and two
    emails whose reply address changes its thread token (a thread warning naming both addresses)."""
    from helpers.mail import message, write_mbox

    facts = {**CASES[lang], **(IN_ENGLAND if country == "GB" else {})}
    case = make_case(**facts, issue=issue)
    note = NOTES[lang]
    cli(
        "log",
        str(case),
        note,
        "--channel",
        "phone",
        "--duration",
        "25m",
        "--direction",
        "outbound",
        "--at",
        "2026-11-12 10:00",
    )
    cli("log", str(case), "--event", "seller-contacted", "--channel", "web", "--at", "2026-11-12 11:00")
    cli("log", str(case), note, "--promise", "remboursement", "--due", "2026-11-17", "--at", "2026-11-13 10:00")
    if issue == "defective":
        cli("log", str(case), "--event", "delivered", "--at", "2026-11-09 10:00")
    cli("log", str(case), "--event", "claim-filed", "--at", "2026-11-15 10:00")
    cli("log", str(case), "--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-18 10:00")
    sender, subject, body = MAILS[lang]
    domain = str(facts["marketplace"])
    thread = [
        message(1, domain=domain, sender=f"{sender} <no-reply@{domain}>", reply_to=f"{OLD_REPLY}@{domain}", day=13),
        message(2, domain=domain, sender=f"{sender} <no-reply@{domain}>", reply_to=f"{NEW_REPLY}@{domain}", day=14),
    ]
    for mail in thread:
        mail.replace_header("Subject", subject)
        mail.set_content(body)
    cli("log", str(case), "--email", str(write_mbox(tmp_path / f"thread-{case}.mbox", thread)))
    cli("set", str(case), "--paid-by", "paypal")
    cli("set", str(case), "--amount", "64.99")
    return case


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


WHERE = [("fr", "home"), ("es", "home"), ("de", "home"), ("fr", "GB"), ("es", "GB"), ("de", "GB")]


@pytest.mark.parametrize(("lang", "country"), WHERE)
@pytest.mark.parametrize("issue", ["not-received", "defective"])
def test_no_english_in_the_letters(cli, make_case, tmp_path, lang, country, issue):
    case = build(cli, make_case, tmp_path, lang, issue, country)
    for kind in ("formal", "complaint", "faulty-goods", "non-delivery", "before-action", "data-access", "chargeback"):
        text = cli("letter", str(case), kind, "--lang", lang).stdout
        found = english_words(text)
        assert not found, f"English in the {kind} letter ({lang}, {country}): {sorted(found)}\n{text}"


@pytest.mark.parametrize(("lang", "country"), WHERE)
@pytest.mark.parametrize("issue", ["not-received", "defective"])
def test_no_english_in_the_dossier(cli, make_case, tmp_path, lang, country, issue):
    """The Markdown, the HTML as a reader sees it and the PDF's text as pypdf reads it back; the thread
    warning names both reply addresses in each."""
    case = build(cli, make_case, tmp_path, lang, issue, country)
    bundle = Path(cli("export", str(case), "--lang", lang, "-o", str(tmp_path)).stdout.strip())
    with zipfile.ZipFile(bundle) as opened:
        folder = opened.namelist()[0].split("/")[0]
        markdown = opened.read(f"{folder}/data/dossier.md").decode()
        page = opened.read(f"{folder}/data/dossier.html").decode()
        printed = unwrapped(pdf_text(opened.read(f"{folder}/data/dossier.pdf")))
    visible = html_module.unescape(re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", page, flags=re.S))
    for name, text in (("dossier.md", markdown.replace("\\", "")), ("dossier.html", visible), ("dossier.pdf", printed)):
        flat = " ".join(text.split())
        assert "duration_s" not in text and "closed-denied" not in text and "third-party" not in text, name
        assert OLD_REPLY in flat and NEW_REPLY in flat, f"{name} ({lang}): the thread warning lacks its addresses"
        found = english_words(text)
        assert not found, f"English in {name} ({lang}, {country}, {issue}): {sorted(found)}\n{text}"


@pytest.mark.parametrize(("lang", "country"), WHERE)
def test_every_remedy_says_why_in_full(cli, make_case, tmp_path, lang, country):
    """Each remedy's reason is said again in the language from what the rules wrote, never cut to its status."""
    import json

    from complaintctl.dossier.reasons import translated_reason
    from complaintctl.dossier.words import Words, labels

    case = build(cli, make_case, tmp_path, lang, "defective", country)
    path = Path(cli("export", str(case), "--format", "json", "--lang", lang, "-o", str(tmp_path)).stdout.strip())
    words = Words(lang)
    for remedy in json.loads(path.read_text(encoding="utf-8"))["remedies"]:
        if remedy["status"] == "done":
            continue
        said = translated_reason(remedy, labels(lang), words.moment)
        assert said, f"{remedy['rule']} ({remedy['status']}): no {lang} words for {remedy['reason']!r}"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_every_exclusion_and_statute_of_the_packs_is_said_in_each_language(lang):
    import tomllib

    from complaintctl.dossier.words import labels
    from complaintctl.rules.packs import builtin_dir

    packs = [tomllib.loads(path.read_text()) for path in builtin_dir().glob("*.toml")]
    conditions = [c for pack in packs for c in pack.get("exclusions", [])]
    conditions += [c for pack in packs for rule in pack["rules"] for c in rule.get("exclusions", [])]
    said = labels(lang)
    missing = sorted({c["reason"] for c in conditions} - set(said["exclusions"]))
    assert not missing, f"exclusions without {lang} words in catalogue/{lang}.toml [exclusions]: {missing}"
    statutes = {rule["source"] for pack in packs for rule in pack["rules"] if rule.get("source", "")[:1].isalpha()}
    statutes = {source for source in statutes if not source.startswith(("http", "param:"))}
    missing = sorted(statutes - set(said["sources"]))
    assert not missing, f"sources without {lang} words in catalogue/{lang}.toml [sources]: {missing}"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_every_rule_has_its_own_title_in_each_language(lang):
    from complaintctl.dossier.words import labels

    titles = labels(lang)["rule_titles"]
    missing = sorted(rule_ids() - set(titles))
    assert not missing, f"rules without a {lang} title in catalogue/{lang}.toml: {missing}"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_every_next_step_has_its_title_in_each_language(lang):
    from complaintctl.dossier.words import labels
    from complaintctl.rules.steps import STEP_TITLES, ladder

    missing = sorted((set(STEP_TITLES) | set(ladder()["steps"])) - set(labels(lang)["steps"]))
    assert not missing, f"steps without a {lang} title in catalogue/{lang}.toml [steps]: {missing}"


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "overdue"), ("fr", "en retard"), ("es", "vencido"), ("de", "überfällig")]
)
def test_an_overdue_promise_reads_overdue_in_every_format(cli, make_case, tmp_path, lang, word):
    case = make_case(title="Promise", country="GB")
    cli("log", str(case), "Refund promised", "--promise", "refund", "--due", "2026-11-17", "--at", "2026-11-14 10:00")
    for fmt in ("md", "html", "pdf"):
        path = Path(cli("export", str(case), "--format", fmt, "--lang", lang, "-o", str(tmp_path / fmt)).stdout.strip())
        if fmt == "pdf":
            import io

            from pypdf import PdfReader

            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
        else:
            text = path.read_text()
        assert word in text, f"{fmt} ({lang}) does not say the promise is {word}"


@pytest.mark.parametrize("lang", ["fr", "de"])  # the Spanish letter lists no marketplace rule
def test_a_letter_names_each_rule_by_its_own_title(cli, make_case, tmp_path, lang):
    """A letter lists the appeal of a denied A-to-z claim by that rule's own title, not the programme's name,
    which every A-to-z rule shares."""
    from complaintctl.dossier.words import labels

    case = build(cli, make_case, tmp_path, lang, "not-received")
    text = cli("letter", str(case), "complaint", "--lang", lang).stdout
    said = labels(lang)
    listed = [line for line in text.splitlines() if line.startswith("- ") and "27951" in line]  # the appeal's source
    assert listed and listed[0].startswith(f"- {said['rule_titles']['atoz-claim-appeal']}"), text
    assert not any(line.startswith(f"- {said['programmes']['amazon-atoz']}") for line in text.splitlines()), text
