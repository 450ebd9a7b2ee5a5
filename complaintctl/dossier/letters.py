"""Letters from templates in English, French and Spanish, filled from the case and the rules it relies on."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from complaintctl.actions.advice import CaseAdvice
from complaintctl.core.clock import utc_stamp
from complaintctl.core.timeline import TimelineEntry
from complaintctl.rules.ladder import agencies

KINDS = ("formal", "data-access", "chargeback")
LANGUAGES = ("en", "fr", "es")
# Which packs each letter relies on.
LETTER_PACKS = {
    "formal": ("amazon-atoz", "ebay-mbg", "statutory-uk", "statutory-eu"),
    "data-access": ("data-access", "data-access-us"),
    "chargeback": ("card-chargeback", "paypal-buyer-protection"),
}
REPLY_DAYS = 14
ISSUES = {
    "en": {
        "not-received": "the item never arrived",
        "late": "the item arrived late",
        "damaged": "the item arrived damaged",
        "defective": "the item is defective",
        "not-as-described": "the item is not as described",
        "wrong-item": "I received the wrong item",
        "return-not-refunded": "I returned the item and was not refunded",
        "wrong-refund": "I was refunded the wrong amount",
        "unauthorized-charge": "I was charged without my authorisation",
        "service": "the service I received was inadequate",
        "other": "the order went wrong",
    },
    "fr": {
        "not-received": "l'article n'a jamais été livré",
        "late": "l'article a été livré en retard",
        "damaged": "l'article est arrivé endommagé",
        "defective": "l'article est défectueux",
        "not-as-described": "l'article ne correspond pas à sa description",
        "wrong-item": "j'ai reçu un autre article",
        "return-not-refunded": "j'ai retourné l'article sans être remboursé(e)",
        "wrong-refund": "le remboursement reçu n'est pas du bon montant",
        "unauthorized-charge": "un paiement a été prélevé sans mon autorisation",
        "service": "le service reçu a été insuffisant",
        "other": "la commande a posé problème",
    },
    "es": {
        "not-received": "el artículo nunca llegó",
        "late": "el artículo llegó con retraso",
        "damaged": "el artículo llegó dañado",
        "defective": "el artículo es defectuoso",
        "not-as-described": "el artículo no corresponde a su descripción",
        "wrong-item": "recibí un artículo equivocado",
        "return-not-refunded": "devolví el artículo y no me han reembolsado",
        "wrong-refund": "el reembolso no es del importe correcto",
        "unauthorized-charge": "se me cobró sin mi autorización",
        "service": "el servicio recibido fue deficiente",
        "other": "el pedido tuvo un problema",
    },
}
DATA_LAW = {
    "GB": ("UK GDPR, Article 15", "one month"),
    "US": ("California Consumer Privacy Act, Cal. Civ. Code 1798.110 and 1798.130", "45 days"),
}
DATA_LAW_DEFAULT = ("GDPR (Regulation (EU) 2016/679), Article 15", "one month")
DATA_LIMIT = {
    "fr": {"one month": "un mois", "45 days": "45 jours"},
    "es": {"one month": "un mes", "45 days": "45 días"},
}


LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


@lru_cache(maxsize=1)
def wording() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("letters.toml").read_text(encoding="utf-8"))


def programme_names(lang: str) -> dict[str, str]:
    """How ``lang`` names each rule pack's programme (the packs are written in English)."""
    return dict(wording().get("programmes", {}).get(lang, {}))


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


def local_money(amount: Any, currency: Any, lang: str) -> str | None:
    if not amount or not currency:
        return None
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_currency

    try:
        return str(format_currency(Decimal(str(amount)), str(currency), locale=LOCALES[lang]))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}"


def _law(country: str, lang: str) -> dict[str, Any]:
    words = wording()
    return {**words["default"][lang], **words.get(country, {}).get(lang, {})}


def _contacts(entries: list[TimelineEntry], lang: str) -> list[dict[str, Any]]:
    """Prior communications and milestones, oldest first, as the letter lists them: corrected text, time and
    fields, since a letter quoting what the user has since corrected would undermine them."""
    found = []
    for entry in entries:
        event, details = entry.event, {**entry.event.details, **entry.fields}
        if event.kind in ("opened", "facts", "amend", "promise-kept", "promise-broken", "exported", "stamped"):
            continue
        if event.kind in ("note", "attachment") and not details.get("channel"):
            continue
        summary = " ".join((entry.text or event.kind).split())
        words = SUMMARY_WORDS[lang]
        if event.kind == "email":
            summary = words["email"].format(subject=details.get("email", {}).get("subject", ""))
        elif event.kind == "transcript":
            count = len(details.get("transcript", {}).get("entries", []))
            summary = str(details.get("note") or words["chat"]) + words["transcript"].format(count=count)
        channel = str(details.get("channel") or "")
        found.append(
            {
                "date": local_date(entry.occurred, lang),
                "kind": event.kind,
                "channel": wording()["channels"][lang].get(channel, channel),
                "agent": details.get("agent"),
                "ref": details.get("ref"),
                "summary": summary[:200] + ("…" if len(summary) > 200 else ""),
            }
        )
    return found


def letter_context(
    kind: str, lang: str, found: CaseAdvice, entries: list[TimelineEntry], now: datetime, chain_head: str
) -> dict[str, Any]:
    facts = found.situation.facts
    country = str(facts.get("country", ""))
    law, limit = DATA_LAW.get(country, DATA_LAW_DEFAULT)
    programmes = programme_names(lang)
    rules = [
        {
            **r.as_dict(),
            "label": r.title if lang == "en" else programmes.get(r.pack, r.programme),
            "deadline": local_date(r.deadline, lang) or None,
        }
        for r in found.results
        if r.pack in LETTER_PACKS[kind] and (r.status == "eligible" or (r.status == "not-yet" and r.eligible_from))
    ]
    now_utc = utc_stamp(now)
    broken = [p for p in found.situation.promises if p.state == "broken" or p.overdue(now_utc)]
    local_law = _law(country, lang)
    placeholders = PLACEHOLDERS[lang]
    return {
        "facts": facts,
        "case_id": found.situation.case_id,
        "today": local_date(now.date(), lang),
        "reply_by": local_date(now.date() + timedelta(days=REPLY_DAYS), lang),
        "order": facts.get("order_id", placeholders["order"]),
        "seller": facts.get("seller", placeholders["seller"]),
        "marketplace": facts.get("marketplace", placeholders["marketplace"]),
        "ordered_on": local_date(facts.get("ordered_on"), lang) or placeholders["ordered_on"],
        "delivery_by": local_date(facts.get("delivery_by"), lang) or None,
        "price": local_money(facts.get("amount"), facts.get("currency"), lang) or placeholders["amount"],
        "paid_by": facts.get("paid_by"),
        **parties(facts, lang),
        "issue": ISSUES[lang].get(str(facts.get("issue", "other")), ISSUES[lang]["other"]),
        "contacts": _contacts(entries, lang),
        "broken": [{"what": p.what, "due": local_date(p.due, lang), "event": p.event_id} for p in broken],
        "rules": rules,
        "statute": local_law["law"],
        "court": local_law["court"],
        "letter_title": local_law.get("title"),
        "sending": local_law.get("sending"),
        "enclosures": _enclosures(entries),
        # The ladder names agencies in English: a letter in another language names them only where the
        # wording file has them in that language, rather than mix two languages in one letter.
        "agencies": local_law.get("agencies") or (agencies(country or None) if lang == "en" else []),
        "chain_head": chain_head,
        "law": law,
        "limit": DATA_LIMIT.get(lang, {}).get(limit, limit),
        "section_75": any(r["rule"] == "uk-section-75" for r in rules),
        "amazon": str(facts.get("marketplace", "")).startswith("amazon."),
    }


def address_lines(address: Any) -> str:
    """ "1 High Street, London, N1 1AA" as the lines an envelope shows."""
    return "\n".join(part.strip() for part in str(address or "").split(",") if part.strip())


def statement_name(facts: dict[str, Any]) -> str | None:
    """The merchant as the card statement names it: Amazon for an Amazon order, since the card paid Amazon."""
    if facts.get("descriptor"):
        return str(facts["descriptor"])
    if str(facts.get("marketplace", "")).startswith("amazon."):
        return "Amazon"
    return str(facts["seller"]) if facts.get("seller") else None


def parties(facts: dict[str, Any], lang: str) -> dict[str, Any]:
    """Who writes, to whom, about what: the facts a letter's heading and particulars need (None when unknown)."""
    return {
        "buyer_name": facts.get("buyer_name"),
        "buyer_address": address_lines(facts.get("buyer_address")) or None,
        "seller_address": address_lines(facts.get("seller_address")) or None,
        "product": facts.get("product"),
        "descriptor": statement_name(facts) or PLACEHOLDERS[lang]["seller"],
        "charged": local_date(facts.get("charged"), lang) or None,
        "fault_noticed": local_date(facts.get("fault_noticed"), lang) or None,
    }


SUMMARY_WORDS = {
    "en": {"email": 'email "{subject}"', "chat": "chat", "transcript": " (transcript of {count} messages kept)"},
    "fr": {
        "email": "courriel « {subject} »",
        "chat": "conversation",
        "transcript": " (transcription de {count} messages conservée)",
    },
    "es": {
        "email": "correo «{subject}»",
        "chat": "conversación",
        "transcript": " (transcripción de {count} mensajes conservada)",
    },
}
PLACEHOLDERS = {
    "en": {
        "order": "[order number]",
        "seller": "[seller]",
        "marketplace": "[marketplace]",
        "ordered_on": "[order date]",
        "amount": "[amount]",
    },
    "fr": {
        "order": "[numéro de commande]",
        "seller": "[vendeur]",
        "marketplace": "[place de marché]",
        "ordered_on": "[date de commande]",
        "amount": "[montant]",
    },
    "es": {
        "order": "[número de pedido]",
        "seller": "[vendedor]",
        "marketplace": "[plataforma]",
        "ordered_on": "[fecha del pedido]",
        "amount": "[importe]",
    },
}


def _enclosures(entries: list[TimelineEntry]) -> list[str]:
    """What goes with the letter: the exported dossier, then each exhibit by name, numbered as in it."""
    names = [str(a.get("name", "attachment")) for entry in entries for a in entry.event.attachments]
    return names


def render_letter(kind: str, lang: str, context: dict[str, Any]) -> str:
    from complaintctl.dossier.render import environment

    return str(environment("text").get_template(f"letters/{kind}.{lang}.txt.j2").render(**context))
