"""What a letter reads off the case besides its facts: the delivery day, whether the buyer still holds the goods,
the buyer's town, the law and authority of a data-access request, and a card dispute's particulars. Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

from complaintctl.core.timeline import TimelineEntry
from complaintctl.dossier.law import EU, problem_of, table
from complaintctl.dossier.words import local_date

# Card scheme reasons (the issuer files under one of them): by network and by what went wrong. Sources: Visa
# Dispute Management Guidelines for Merchants (13.1, 13.3 "Not as Described or Defective", 13.6, 10.4),
# Mastercard Chargeback Guide (4853 Cardholder Dispute, which absorbed 4855 Goods or Services Not Provided; 4837
# No Cardholder Authorization), American Express Merchant Regulations ch. 5 and "How to Manage and Help Prevent
# Disputes" (C08 Goods/Services Not Received, C31 Not as Described, C32 Damaged or Defective, C02 Credit Not
# Processed, F29 Card Not Present):
# Amex alone tells a faulty item (C32) from one unlike its description (C31).
SCHEME_REASONS = {
    "visa": {"delivery": "13.1", "described": "13.3", "faulty": "13.3", "refund": "13.6", "fraud": "10.4"},
    "mastercard": {"delivery": "4853", "described": "4853", "faulty": "4853", "refund": "4853", "fraud": "4837"},
    "amex": {"delivery": "C08", "described": "C31", "faulty": "C32", "refund": "C02", "fraud": "F29"},
}
# What went wrong, as the schemes sort it.
GROUNDS = {
    "unauthorized-charge": "fraud",
    "return-not-refunded": "refund",
    "wrong-refund": "refund",
    "damaged": "faulty",
    "defective": "faulty",
    "not-as-described": "described",
    "wrong-item": "described",
    "not-received": "delivery",
    "late": "delivery",
}
NETWORK_NAMES = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express"}
SCHEME_SOURCES = {
    "visa": "https://usa.visa.com/dam/VCOM/global/support-legal/documents/merchants-dispute-management-guidelines.pdf",
    "mastercard": "https://www.mastercard.us/content/dam/public/mastercardcom/na/global-site/documents/chargeback-guide.pdf",
    # The Merchant Regulations, chapter 5 (the address the card pack cites too)
    "amex": "https://www.aexp-static.com/cdaas/merchant-interactive-content/infopros/weboutput-international-Regs-latest/Topics/5_Chargebacks.htm",
}
OTHER_AUTHORITY = {
    "en": "the data protection authority of my country",
    "fr": "l'autorité de protection des données de mon pays",
    "es": "la autoridad de protección de datos de mi país",
    "de": "die Datenschutzaufsichtsbehörde meines Landes",
}


def delivered_on(entries: list[TimelineEntry]) -> date | None:
    """The day the goods actually arrived, as the timeline records it (the first `delivered` milestone)."""
    for entry in entries:
        if entry.event.kind == "delivered":
            return date.fromisoformat(str(entry.occurred)[:10])
    return None


def goods_held(entries: list[TimelineEntry]) -> bool:
    """The buyer still has the goods: no return was sent (for lack of a label, say) and nothing resolved it."""
    kinds = {entry.event.kind for entry in entries}
    return "return-shipped" not in kinds and "return-received" not in kinds and "resolved" not in kinds


def town(address: Any) -> str | None:
    """The buyer's town from their address, for "À Paris, le …": the last line without a postcode."""
    lines = [part.strip() for part in str(address or "").split(",") if part.strip()]
    for line in reversed(lines):
        words = [word for word in line.split() if not any(char.isdigit() for char in word)]
        if words:
            return " ".join(words)
    return None


def data_request(facts: dict[str, Any], lang: str) -> dict[str, Any]:
    """The law a data-access request rests on, the time to answer, and whom to complain to: the ICO, the CNIL,
    the AEPD, a Land authority; for Amazon's EU entities the CNPD in Luxembourg as well (GDPR arts. 56, 77)."""
    data = table()["data"]
    country = str(facts.get("country") or "")
    base = data["GB"] if country == "GB" else data["US"] if country == "US" else data["EU"]
    law = {**data["EU"], **base}
    local = data.get(country, {})
    amazon = str(facts.get("marketplace", "")).startswith("amazon.")
    lead = data["amazon_lead"] if amazon and (country in EU or country in ("FR", "ES", "DE")) else None
    sources = [
        *law["sources"],
        *(local.get("sources", []) if local is not base else []),
        *(lead["sources"] if lead else []),
    ]
    return {
        "law": law["law"][lang],
        "short": law["short"][lang],
        "limit": law["limit"][lang],
        "extension": law["extension"][lang],
        "automated": law["automated"][lang],
        "authority": local.get("authority", {}).get(lang) or OTHER_AUTHORITY[lang],
        "lead": lead["authority"][lang] if lead else None,
        "sources": list(dict.fromkeys(sources)),
    }


def card_dispute(facts: dict[str, Any], entries: list[TimelineEntry], lang: str) -> dict[str, Any]:
    """A chargeback's particulars: the scheme reason where the network is known, a guarantee claim still open
    (filing a chargeback usually closes it), and whether the goods are held for want of a return label."""
    issue = str(facts.get("issue") or "")
    network = str(facts.get("network") or "").lower().replace("american-express", "amex")
    code = SCHEME_REASONS.get(network, {}).get(GROUNDS.get(issue, ""))
    filed = [e for e in entries if e.event.kind == "claim-filed"]
    decided = [e for e in entries if e.event.kind in ("claim-decided", "resolved")]
    open_claim = filed[-1] if filed and (not decided or decided[-1].occurred < filed[-1].occurred) else None
    asked = any(e.event.kind == "return-requested" for e in entries)
    return {
        "network": NETWORK_NAMES.get(network),
        "reason": code,
        "reason_source": SCHEME_SOURCES.get(network) if code else None,
        "open_claim": local_date(open_claim.occurred, lang) if open_claim else None,
        "held": problem_of(issue) == "defect" and asked and goods_held(entries),
    }
