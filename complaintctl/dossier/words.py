"""Every word the dossier and the letters say in the reader's language, and how that language writes dates,
sums, programmes and parties.

The words are data: one catalogue per language (catalogue/en.toml, fr.toml, es.toml). A language is added by
adding its catalogue and its locale below. What the user and the emails wrote is shown as written.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).with_name("catalogue")
LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "de": "de_DE"}
LANGUAGES = tuple(LOCALES)
STATUTORY_RIGHTS = "statutory-rights"  # rules/coverage.py: the result saying no statutory pack covers the country


@lru_cache(maxsize=8)
def labels(lang: str) -> dict[str, Any]:
    """Every word in ``lang``, English for any table or word a language does not give."""

    def read(name: str) -> dict[str, Any]:
        return tomllib.loads((CATALOGUE / f"{name}.toml").read_text(encoding="utf-8"))

    return {**read("en"), **(read(lang) if lang != "en" else {})}


def fact_labels(lang: str) -> dict[str, str]:
    return dict(labels(lang).get("facts", {}))


def programme_names(lang: str) -> dict[str, str]:
    """How ``lang`` names each rule pack's programme (the packs are written in English)."""
    return dict(labels(lang).get("programmes", {}))


@lru_cache(maxsize=256)
def country_name(country: str, lang: str) -> str:
    """The country as ``lang`` names it ("Suisse"); the code itself for one the locale data does not know."""
    from babel import Locale

    return str(Locale.parse(LOCALES[lang]).territories.get(country, country))


def case_country(dossier: dict[str, Any]) -> str:
    return str(dossier["case"]["facts"].get("country") or "")


def issue_phrase(issue: Any, lang: str) -> str:
    """What went wrong, as a sentence says it ("the item never arrived")."""
    issues = labels(lang)["issues"]
    return str(issues.get(str(issue or "other"), issues["other"]))


def channel_name(channel: str, lang: str) -> str:
    return str(labels(lang)["channels"].get(channel, channel))


def letter_words(lang: str) -> dict[str, Any]:
    """The letters' own words: placeholders, how earlier contacts are named, where a matter goes next."""
    return dict(labels(lang)["letter"])


def agencies_of(country: str, lang: str) -> list[str]:
    """Where a letter in ``lang`` says the matter goes next in ``country``; none where the catalogue does not
    name them in that language (a letter never mixes two languages)."""
    return list(letter_words(lang).get("agencies", {}).get(country, []))


def local_date(value: Any, lang: str) -> str:
    """ "22 novembre 2026", "22 de noviembre de 2026", "22 November 2026": as a letter writes a date."""
    if not value:
        return ""
    from babel.dates import format_date

    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return str(format_date(day, format="long", locale=LOCALES[lang]))


@lru_cache(maxsize=4096)
def local_moment(value: Any, lang: str) -> str:
    """A date as the dossier's language writes it ("8 février 2027"), with the time of a timestamp after it;
    empty values as nothing."""
    if not value:
        return ""
    text = str(value)
    if len(text) > 10 and text[10] == "T":
        return local_date(text[:10], lang) + text[10:16].replace("T", " ")
    return local_date(text, lang)


def local_money(amount: Any, currency: Any, lang: str) -> str | None:
    if not amount or not currency:
        return None
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_currency

    try:
        return str(format_currency(Decimal(str(amount)), str(currency), locale=LOCALES[lang]))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}"


def parties_line(dossier: dict[str, Any], words: dict[str, Any]) -> str:
    """Who the dispute is between, and about which order: the cover's second line, and the running header of
    every printed page (HTML and PDF)."""
    facts = dossier["case"]["facts"]
    buyer = facts.get("buyer_name") or words["the_buyer"]
    line = str(
        words["parties"].format(
            case=dossier["case"]["id"], buyer=buyer, seller=facts.get("seller") or words["the_seller"]
        )
    )
    if facts.get("marketplace"):
        line += f" ({facts['marketplace']})"
    if facts.get("order_id"):
        line += f", {words['order']} {facts['order_id']}"
    return line


# Where a thread warning's English message (evidence/threads.py) names its addresses.
FLAG_ADDRESSES = (
    r"changed from (?P<old>\S+) to (?P<new>\S+?): ",
    r"\((?P<old>\S+) became (?P<new>\S+?)\)",
    r"from a new address \((?P<address>[^)]*)\)",
    r"does not hold \((?P<reference>[^)]*)\)",
)


class Words:
    """What the documents say in the dossier's language about things the code words in English: a rule's
    title and reason, the next step, a thread warning. English passes through as written."""

    def __init__(self, lang: str, country: str = "") -> None:
        self.lang, self.catalogue, self.country = lang, labels(lang), country  # the case's country
        self.programmes = programme_names(lang)

    def rule(self, r: dict[str, Any]) -> str:
        """The rule's own title: four rules of one programme never read alike."""
        if self.lang == "en":
            return str(r["title"])
        return str(
            self.catalogue.get("rule_titles", {}).get(r["rule"]) or self.programmes.get(r["pack"], str(r["programme"]))
        )

    def programme(self, r: dict[str, Any]) -> str:
        return str(r["programme"]) if self.lang == "en" else self.programmes.get(r["pack"], str(r["programme"]))

    def source(self, r: dict[str, Any]) -> str:
        """Where a rule comes from: the address of the programme's or the legislator's own page, and the
        statute as the catalogue's [sources] says it in the reader's language ("loi britannique de 2015 sur
        les droits des consommateurs (Consumer Rights Act 2015), art. 20 et 22"). A source the catalogue
        does not say keeps only the addresses it contains: the packs describe the rest in English."""
        text = str(r.get("source") or "")
        if self.lang == "en":
            return text
        said = self.catalogue.get("sources", {}).get(text)
        if said:
            return str(said)
        import re

        return " ".join(address.rstrip(".:;,)") for address in re.findall(r"https?://[^\s,;]+", text))

    def reason(self, r: dict[str, Any], timeline: list[dict[str, Any]] | None = None) -> str:
        """Why a remedy reads as it does; a programme used tells its history from the case's milestones
        ("claim filed on 1 November 2026; claim decided on 5 November 2026 (closed, denied); …")."""
        told = self.history(r, timeline or [])
        if told:
            return told
        if r.get("rule") == STATUTORY_RIGHTS and self.country:  # no statutory pack covers the case's country
            return str(self.catalogue["reasons"]["no_statutory_rule"]).format(
                country=country_name(self.country, self.lang)
            )
        if self.lang == "en":
            return str(r["reason"])
        from complaintctl.dossier.reasons import translated_reason

        said = translated_reason(r, self.catalogue, self.moment)
        if said:
            return said
        reasons = self.catalogue["reasons"]
        status, start, end = (
            r["status"],
            local_date(r.get("eligible_from"), self.lang),
            local_date(r.get("deadline"), self.lang),
        )
        if status in ("eligible", "not-yet") and not start:
            status += "_nodate"
        facts = self.catalogue.get("facts", {})
        missing = ", ".join(facts.get(name, name) for name in r.get("missing") or [])
        text = reasons.get(status, "").format(start=start, deadline=end, missing=missing)
        if end and r["status"] in ("eligible", "not-yet"):
            text += " " + reasons["deadline"].format(deadline=end)
        return text

    def moment(self, value: str) -> str:
        """ "2026-11-20" or "2026-11-20 10:00" as the reader's language writes it."""
        return local_date(value[:10], self.lang) + (f" {value[11:]}" if len(value) > 10 else "")

    def history(self, r: dict[str, Any], timeline: list[dict[str, Any]]) -> str:
        """A used programme's milestones in the reader's words, from the one that used it (the rule's reason
        names it first) to every decision and appeal since; empty when the reason names no milestone."""
        from complaintctl.core.vocabulary import EVENT_PHRASES
        from complaintctl.rules.conditions import AFTERMATH

        said = str(r.get("reason") or "")
        if r.get("status") != "done" or not said.startswith("Used: "):
            return ""
        first = said.removeprefix("Used: ").split(" on ", 1)[0]
        taken = next((kind for kind, phrase in EVENT_PHRASES.items() if phrase == first), None)
        start = next((entry for entry in timeline if entry["kind"] == taken), None)
        if start is None:
            return ""
        reasons, kinds = self.catalogue["reasons"], self.catalogue.get("kinds", {})
        outcomes = self.catalogue.get("outcomes", {})
        parts = []
        for entry in timeline:
            if entry is start or (entry["kind"] in AFTERMATH and entry["occurred"] >= start["occurred"]):
                what = str(kinds.get(entry["kind"], entry["kind"]))
                part = reasons["used_on"].format(what=what, date=local_date(entry["occurred"], self.lang))
                outcome = (entry.get("details") or {}).get("outcome") or (entry.get("fields") or {}).get("outcome")
                parts.append(part + (f" ({outcomes.get(outcome, outcome)})" if outcome else ""))
        return str(reasons["used"]).format(history="; ".join(parts))

    def step(self, advice: dict[str, Any]) -> str:
        return (
            str(advice["title"]) if self.lang == "en" else self.catalogue["steps"].get(advice["step"], advice["title"])
        )

    def overdue(self, advice: dict[str, Any]) -> str:
        """ " (overdue by 3 days)" once the next step's date has passed, counted on the export day; else empty."""
        late = int(advice.get("days_overdue") or 0)
        if late <= 0:
            return ""
        said = self.catalogue["overdue_one"] if late == 1 else self.catalogue["overdue_many"].format(days=late)
        return f" ({said})"

    def why(self, advice: dict[str, Any], remedies: list[dict[str, Any]] | None = None) -> str:
        """Why the next step is the one to take. The ladder explains it in English sentences of many forms,
        most of them a remedy's reason with some context: another language gives that remedy, its title and
        its reason in full (or else the open remedy the step relies on), and nothing where there is none."""
        if self.lang == "en":
            return str(advice["why"])
        said = str(advice.get("why") or "")
        quoted = [r for r in remedies or [] if r.get("reason") and str(r["reason"]) in said]
        relied = quoted or sorted(
            (
                r
                for r in remedies or []
                if r.get("step") == advice.get("step") and r.get("status") in ("eligible", "not-yet")
            ),
            key=lambda r: (r.get("status") != "eligible", str(r.get("deadline") or "9999")),
        )
        if not relied:
            return ""
        return f"{self.rule(relied[0])} — {self.reason(relied[0])}"

    def text(self, entry: dict[str, Any]) -> str:
        """What an entry says. complaintctl writes its own entries (an export, a seal, a timestamp) in English:
        another language names them by their kind alone."""
        if self.lang != "en" and entry.get("kind") in ("exported", "sealed", "stamped"):
            return ""
        return str(entry.get("text") or "")

    def promise(self, promise: dict[str, Any], now: str) -> str:
        """A promise's state: "overdue" once an open promise's due time has passed ``now``; a day given
        without a time of day falls due at its end, as ``show`` and ``next`` count it (clock.falls_due)."""
        from datetime import datetime

        from complaintctl.core.clock import falls_due

        state = str(promise.get("state") or "open")
        if state == "open" and promise.get("due"):
            try:
                if falls_due(str(promise["due"])) < datetime.fromisoformat(now):
                    state = "overdue"
            except ValueError:
                pass
        return str(self.catalogue.get("states", {}).get(state, state))

    def own(self, entry: dict[str, Any]) -> str:
        """An export, seal or timestamp as one line of the integrity section."""
        from complaintctl.dossier.reading import own_line

        return own_line(entry, self.catalogue)

    def due(self, value: Any) -> str:
        """A due time with its zone, "17 November 2026 23:59 (UTC+00:00)": a bare day reads as its end."""
        from complaintctl.core.clock import falls_due

        try:
            moment = falls_due(str(value))
        except ValueError:
            return str(value or "")
        offset = moment.strftime("%z") or "+0000"
        zone = f"UTC{offset[:3]}:{offset[3:5]}"
        return f"{local_date(moment.date(), self.lang)} {moment:%H:%M} ({zone})"

    def fact(self, name: str, value: Any, facts: dict[str, Any] | None = None) -> str:
        """A fact's value as the reader says it: "un vendeur tiers", not third-party; dates and sums localised
        (the amount in the currency ``facts`` name: "£59.99", "59,99 €")."""
        if name == "amount":
            return local_money(value, (facts or {}).get("currency"), self.lang) or str(value)
        if name in ("ordered_on", "delivery_by", "statement_date", "fault_noticed", "charged"):
            return local_date(value, self.lang) or str(value)
        if name == "issue":
            return issue_phrase(value, self.lang)
        if name == "country":
            from babel import Locale

            return str(Locale.parse(LOCALES[self.lang]).territories.get(str(value), value))
        if name in (
            "sold_by",
            "fulfilled_by",
            "paid_by",
            "item",
            "role",
            "network",
            "second_hand",
            "card_dispute",
            "region",
        ):
            return str(self.catalogue.get("values", {}).get(str(value), value))
        return str(value)

    def facts(self, facts: dict[str, Any], case: dict[str, Any] | None = None) -> str:
        """A facts entry of the timeline: "Vendeur : SoundShop, Payé avec : carte de crédit". An entry that
        changes the amount alone is read in the case's currency (``case``: the case's facts), as the facts
        table reads it: "70,00 €", never a bare "70.00"."""
        names, known = self.catalogue.get("facts", {}), {**(case or {}), **facts}
        return ", ".join(f"{names.get(k, k.replace('_', ' '))}: {self.fact(k, v, known)}" for k, v in facts.items())

    def fields(self, fields: dict[str, Any]) -> str:
        """An entry's fields: "canal : téléphone · durée : 25 min", never duration_s: 1500."""
        names, out = self.catalogue.get("fields", {}), []
        for key, value in fields.items():
            if key == "duration_s":
                minutes, seconds = divmod(int(value), 60)
                shown = f"{minutes} min" + (f" {seconds} s" if seconds else "")
            elif key == "channel":
                shown = channel_name(str(value), self.lang)
            elif key == "direction":
                shown = str(self.catalogue.get("directions", {}).get(str(value), value))
            elif key == "outcome":
                shown = str(self.catalogue.get("outcomes", {}).get(str(value), value))
            else:
                shown = str(value)
            out.append(f"{names.get(key, key)}: {shown}")
        return " · ".join(out)

    def status(self, status: str) -> str:
        """The case's status ("claim decided: closed-denied") in the reader's words."""
        head, _, outcome = str(status).partition(": ")
        text = str(self.catalogue.get("case_statuses", {}).get(head, head))
        return f"{text}: {self.catalogue.get('outcomes', {}).get(outcome, outcome)}" if outcome else text

    def dkim(self, mail: dict[str, Any]) -> str:
        """An email's DKIM check as the reader's language says it ("DKIM failed (amazon.co.uk)")."""
        from complaintctl.evidence.dkim_check import label

        if self.lang == "en":
            return label(mail)
        said, result = self.catalogue["dkim"], mail.get("dkim")
        if isinstance(result, dict) and result.get("status") in said:
            where = f" ({result['domain']})" if result.get("domain") else ""
            return str(said[result["status"]]).format(where=where)
        return str(said["unchecked" if mail.get("dkim_signed") else "unsigned"])

    def flag(self, flag: dict[str, Any]) -> str:
        """A thread warning with the addresses it names: the English message (evidence/threads.py) is read
        for them, and the catalogue says the rest."""
        if self.lang == "en":
            return str(flag["message"])
        import re

        message = str(flag.get("message") or "")
        named = {"old": "—", "new": "—", "address": "—", "reference": "—"}
        for pattern in FLAG_ADDRESSES:
            found = re.search(pattern, message)
            if found:
                named.update(found.groupdict())
        return str(self.catalogue["flags"].get(flag["kind"], message)).format(
            event=flag["event"], date=local_date(flag.get("when"), self.lang), **named
        )
