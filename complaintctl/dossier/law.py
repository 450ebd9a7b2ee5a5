"""Which law a letter rests on: the jurisdiction of the case, its problem, and the paragraphs of law.toml.

Pure: the facts of the case in, text and sources out. A letter written in a language other than the
jurisdiction's (a GB case in French) says which law applies, in its own language, and cites the provisions.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.dossier.words import country_name

DEFECTS = ("damaged", "defective", "not-as-described", "wrong-item")
DELIVERY = ("not-received", "late")
# The jurisdictions law.toml covers; a GB case without a region is English (the default route).
UK_ROUTES = {"GB-SCT": "GB-SCT", "GB-NIR": "GB-NIR"}
# How a letter in one language says which law applies when the jurisdiction writes in another.
LAW_IN_OTHER_LANGUAGE = {
    "en": "This purchase is governed by {law_of}. I rely on: {articles}.",
    "fr": "Cet achat est régi par {law_of}. Je me fonde sur les dispositions suivantes : {articles}.",
    "es": "Esta compra se rige por {law_of}. Me amparo en las siguientes disposiciones: {articles}.",
    "de": "Für diesen Kauf gilt {law_of}. Ich stütze mich auf folgende Vorschriften: {articles}.",
}
ACTION_IN_OTHER_LANGUAGE = {
    "en": "What follows if you do not answer is governed by {law_of}: {articles}.",
    # "est régie par le droit …", never "relève de le droit …"
    "fr": "La suite, à défaut de réponse, est régie par {law_of} : {articles}.",
    "es": "Lo que sigue, a falta de respuesta, se rige por {law_of}: {articles}.",
    # law_of is in the nominative ("das Recht von England und Wales"): it is the subject here, never after "nach"
    "de": "Was bei ausbleibender Antwort folgt, regelt {law_of}: {articles}.",
}
# A country law.toml does not cover: the letter names that country's law and, in the EU, the directives
# every member state has transposed, rather than "the law that applies".
OTHER_COUNTRY = {
    "defect": "Directive (EU) 2019/771, arts. 10–14",
    "delivery": "Directive 2011/83/EU, art. 18",
    "complaint": "Directive 2011/83/EU, arts. 9–16",
}
NO_ARTICLES = {
    "en": "I rely on my rights as a consumer under {law_of}.",
    "fr": "Je me fonde sur les droits que me reconnaît, en tant que consommateur, {law_of}.",
    "es": "Me amparo en los derechos que me reconoce como consumidor {law_of}.",
    "de": "Für diesen Kauf gilt {law_of}; ich stütze mich auf meine Rechte als Verbraucher.",
}
OTHER_LAW_OF = {
    "en": "the consumer law of {country}",
    "fr": "le droit de la consommation du pays suivant : {country}",
    "es": "el Derecho de consumo del país siguiente: {country}",
    "de": "das Verbraucherrecht dieses Landes: {country}",
}
EU = {"AT", "BE", "BG", "CY", "CZ", "DK", "EE", "FI", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL"}
EU |= {"PL", "PT", "RO", "SE", "SI", "SK"}
NATIVE = {"GB": "en", "GB-SCT": "en", "GB-NIR": "en", "FR": "fr", "ES": "es", "DE": "de"}


class Law(NamedTuple):
    jurisdiction: str | None
    problem: str
    text: str
    articles: str
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("law.toml").read_text(encoding="utf-8"))


def problem_of(issue: Any) -> str:
    """defect, delivery or complaint: what the law of a letter turns on."""
    if issue in DEFECTS:
        return "defect"
    if issue in DELIVERY:
        return "delivery"
    return "complaint"


def jurisdiction(facts: dict[str, Any]) -> str | None:
    """GB (England and Wales), GB-SCT, GB-NIR, FR, ES or DE; None for a country law.toml does not cover."""
    country = str(facts.get("country") or "")
    if country == "GB":
        return UK_ROUTES.get(str(facts.get("region") or ""), "GB")
    return country if country in table() else None


def _entry(place: str, part: str) -> dict[str, Any] | None:
    """[GB-SCT.defect] falls back to [GB.defect]: the UK routes differ in procedure, not in the Act."""
    for key in (place, place.split("-")[0]):
        found = table().get(key, {}).get(part)
        if found:
            return dict(found)
    return None


def law_for(facts: dict[str, Any], lang: str, part: str | None = None) -> Law:
    """The paragraph of law for the case's problem (or ``part``: "action" for a letter before action)."""
    problem = part or problem_of(facts.get("issue"))
    place = jurisdiction(facts)
    entry = _entry(place, problem) if place else None
    if place is None or entry is None:
        country = str(facts.get("country") or "")
        articles = OTHER_COUNTRY.get(problem, "")
        law_of = OTHER_LAW_OF[lang].format(country=country_name(country, lang) if country else "—")
        if country not in EU or not articles:
            return Law(place, problem, NO_ARTICLES[lang].format(law_of=law_of), "", ())
        text = LAW_IN_OTHER_LANGUAGE[lang].format(law_of=law_of, articles=articles)
        return Law(place, problem, text, articles, ("https://eur-lex.europa.eu/eli/dir/2019/771/oj",))
    text = str(entry.get(lang) or "")
    if not text:
        law_of = table()["law_of"][place][lang]
        sentence = ACTION_IN_OTHER_LANGUAGE if problem == "action" else LAW_IN_OTHER_LANGUAGE
        text = sentence[lang].format(law_of=law_of, articles=cited(str(entry["articles"]), lang))
    return Law(place, problem, " ".join(str(text).split()), str(entry["articles"]), tuple(entry["sources"]))


def cited(articles: str, lang: str) -> str:
    """The provisions as ``lang`` cites another country's statute: its catalogue's [citations] name it in that
    language with its own name beside it ("loi britannique de 2015 sur les droits des consommateurs (Consumer
    Rights Act 2015), art. 28 et 29"); a citation the catalogue lacks stays as law.toml writes it."""
    from complaintctl.dossier.words import labels

    return str(labels(lang).get("citations", {}).get(articles, articles))


def reply_days(facts: dict[str, Any]) -> int:
    """How long a letter before action gives: 14 days (PD Pre-Action Conduct), 15 in France, 30 in Spain."""
    place = jurisdiction(facts)
    entry = _entry(place, "action") if place else None
    return int(entry.get("reply_days", 14)) if entry else 14
