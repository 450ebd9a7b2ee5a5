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


def rule_ids() -> set[str]:
    """Rule identifiers are codes (atoz-not-received), printed beside each rule's title to find it in the JSON."""
    import tomllib

    from complaintctl.rules.packs import builtin_dir

    return {rule["id"] for path in builtin_dir().glob("*.toml") for rule in tomllib.loads(path.read_text())["rules"]}


def english_words(text: str) -> set[str]:
    text = text.replace("Seller Performance", " ")  # an Amazon team's name
    text = re.sub("|".join(re.escape(code) for code in sorted(rule_ids(), key=len, reverse=True)), " ", text)
    text = re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+|\b[0-9a-f]{16,}\b", " ", text)
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
NOTES = {"fr": "Appel au service client", "es": "Llamada al servicio de atención", "de": "Anruf beim Kundenservice"}


def build(cli, make_case, lang: str, issue: str) -> int:
    case = make_case(**CASES[lang], issue=issue)
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
    cli("log", str(case), "--event", "claim-filed", "--at", "2026-11-15 10:00")
    cli("log", str(case), "--event", "claim-decided", "--outcome", "closed-denied", "--at", "2026-11-18 10:00")
    cli("set", str(case), "--paid-by", "paypal")
    return case


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
@pytest.mark.parametrize("issue", ["not-received", "defective"])
def test_no_english_in_the_letters(cli, make_case, lang, issue):
    case = build(cli, make_case, lang, issue)
    for kind in ("formal", "complaint", "faulty-goods", "non-delivery", "before-action", "data-access", "chargeback"):
        text = cli("letter", str(case), kind, "--lang", lang).stdout
        found = english_words(text)
        assert not found, f"English in the {kind} letter ({lang}): {sorted(found)}\n{text}"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_no_english_in_the_dossier(cli, make_case, tmp_path, lang):
    case = build(cli, make_case, lang, "not-received")
    bundle = Path(cli("export", str(case), "--lang", lang, "-o", str(tmp_path)).stdout.strip())
    with zipfile.ZipFile(bundle) as opened:
        markdown = opened.read("dossier-1/data/dossier.md").decode()
        page = opened.read("dossier-1/data/dossier.html").decode()
    visible = html_module.unescape(re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", page, flags=re.S))
    for name, text in (("dossier.md", markdown), ("dossier.html", visible)):
        assert "duration_s" not in text and "closed-denied" not in text and "third-party" not in text, name
        found = english_words(text)
        assert not found, f"English in {name} ({lang}): {sorted(found)}\n{text}"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_every_rule_has_its_own_title_in_each_language(lang):
    from complaintctl.dossier.words import labels

    titles = labels(lang)["rule_titles"]
    missing = sorted(rule_ids() - set(titles))
    assert not missing, f"rules without a {lang} title in catalogue/{lang}.toml: {missing}"


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
