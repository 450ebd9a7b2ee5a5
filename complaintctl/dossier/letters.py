"""Letters from templates in English, French and Spanish, filled from the case and the rules it relies on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from complaintctl.advice import CaseAdvice
from complaintctl.timeline import TimelineEntry
from complaintctl.clock import utc_stamp
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
    "en": {"not-received": "the item never arrived", "late": "the item arrived late", "damaged": "the item arrived "
           "damaged", "defective": "the item is defective", "not-as-described": "the item is not as described",
           "wrong-item": "I received the wrong item", "return-not-refunded": "I returned the item and was not "
           "refunded", "wrong-refund": "I was refunded the wrong amount", "unauthorized-charge": "I was charged "
           "without my authorisation", "service": "the service I received was inadequate", "other": "the order "
           "went wrong"},
    "fr": {"not-received": "l'article n'a jamais été livré", "late": "l'article a été livré en retard",
           "damaged": "l'article est arrivé endommagé", "defective": "l'article est défectueux",
           "not-as-described": "l'article ne correspond pas à sa description", "wrong-item": "j'ai reçu un autre "
           "article", "return-not-refunded": "j'ai retourné l'article sans être remboursé(e)", "wrong-refund":
           "le remboursement reçu n'est pas du bon montant", "unauthorized-charge": "un paiement a été prélevé "
           "sans mon autorisation", "service": "le service reçu a été insuffisant", "other": "la commande a posé "
           "problème"},
    "es": {"not-received": "el artículo nunca llegó", "late": "el artículo llegó con retraso", "damaged":
           "el artículo llegó dañado", "defective": "el artículo es defectuoso", "not-as-described": "el artículo "
           "no corresponde a su descripción", "wrong-item": "recibí un artículo equivocado", "return-not-refunded":
           "devolví el artículo y no me han reembolsado", "wrong-refund": "el reembolso no es del importe correcto",
           "unauthorized-charge": "se me cobró sin mi autorización", "service": "el servicio recibido fue "
           "deficiente", "other": "el pedido tuvo un problema"},
}
DATA_LAW = {
    "GB": ("UK GDPR, Article 15", "one month"),
    "US": ("California Consumer Privacy Act, Cal. Civ. Code 1798.110 and 1798.130", "45 days"),
}
DATA_LAW_DEFAULT = ("GDPR (Regulation (EU) 2016/679), Article 15", "one month")
DATA_LIMIT = {"fr": {"one month": "un mois", "45 days": "45 jours"}, "es": {"one month": "un mes",
                                                                           "45 days": "45 días"}}


def _contacts(entries: list[TimelineEntry]) -> list[dict[str, Any]]:
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
        if event.kind == "email":
            summary = f"email \"{details.get('email', {}).get('subject', '')}\""
        elif event.kind == "transcript":
            count = len(details.get("transcript", {}).get("entries", []))
            summary = str(details.get("note") or "chat") + f" (transcript of {count} messages kept)"
        found.append({"date": entry.occurred[:10], "kind": event.kind, "channel": details.get("channel", ""),
                      "agent": details.get("agent"), "ref": details.get("ref"),
                      "summary": summary[:200] + ("…" if len(summary) > 200 else "")})
    return found


def letter_context(kind: str, lang: str, found: CaseAdvice, entries: list[TimelineEntry], now: datetime,
                   chain_head: str) -> dict[str, Any]:
    facts = found.situation.facts
    country = str(facts.get("country", ""))
    law, limit = DATA_LAW.get(country, DATA_LAW_DEFAULT)
    rules = [r.as_dict() for r in found.results
             if r.pack in LETTER_PACKS[kind] and (r.status == "eligible" or (r.status == "not-yet" and r.eligible_from))]
    now_utc = utc_stamp(now)
    broken = [p for p in found.situation.promises if p.state == "broken" or p.overdue(now_utc)]
    return {
        "facts": facts,
        "case_id": found.situation.case_id,
        "today": now.date().isoformat(),
        "reply_by": (now.date() + timedelta(days=REPLY_DAYS)).isoformat(),
        "order": facts.get("order_id", "[order number]"),
        "seller": facts.get("seller", "[seller]"),
        "marketplace": facts.get("marketplace", "[marketplace]"),
        "ordered_on": facts.get("ordered_on", "[order date]"),
        "delivery_by": facts.get("delivery_by"),
        "amount": facts.get("amount", "[amount]"),
        "currency": facts.get("currency", ""),
        "paid_by": facts.get("paid_by"),
        "issue": ISSUES[lang].get(str(facts.get("issue", "other")), ISSUES[lang]["other"]),
        "contacts": _contacts(entries),
        "broken": [{"what": p.what, "due": p.due[:10], "event": p.event_id} for p in broken],
        "rules": rules,
        "agencies": agencies(country or None),
        "chain_head": chain_head,
        "law": law,
        "limit": DATA_LIMIT.get(lang, {}).get(limit, limit),
        "section_75": any(r["rule"] == "uk-section-75" for r in rules),
        "amazon": str(facts.get("marketplace", "")).startswith("amazon."),
    }


def render_letter(kind: str, lang: str, context: dict[str, Any]) -> str:
    from complaintctl.dossier.render import environment

    return str(environment("text").get_template(f"letters/{kind}.{lang}.txt.j2").render(**context))
