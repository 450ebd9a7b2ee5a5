"""Letters from templates in each language, filled from the case and the rules it relies on. Their words are
in the language catalogues (dossier/words.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from complaintctl.core.clock import utc_stamp
from complaintctl.core.timeline import TimelineEntry
from complaintctl.core.vocabulary import INBOUND_KINDS, OUTBOUND_KINDS
from complaintctl.dossier.law import jurisdiction, law_for, problem_of, reply_days
from complaintctl.dossier.letter_facts import card_dispute, data_request, delivered_on, goods_held, town
from complaintctl.dossier.words import (
    Words,
    agencies_of,
    channel_name,
    issue_phrase,
    labels,
    letter_words,
    local_date,
    local_money,
    programme_names,
)
from complaintctl.evidence.reconcile import export_lacks
from complaintctl.rules.assess import CaseAdvice
from complaintctl.rules.steps import agencies

KINDS = ("formal", "complaint", "faulty-goods", "non-delivery", "before-action", "data-access", "chargeback")
# Letters to the seller share one template per language; `formal` picks one of them from the case's issue.
CLAIMS = ("complaint", "faulty-goods", "non-delivery", "before-action")
FORMAL = {"defect": "faulty-goods", "delivery": "non-delivery", "complaint": "complaint"}
# Which packs each letter relies on (the statutory rights are in its paragraph of law, dossier/law.toml).
LETTER_PACKS = {
    **{kind: ("amazon-atoz", "ebay-mbg", "etsy-purchase-protection", "walmart-marketplace") for kind in CLAIMS},
    "data-access": ("data-access", "data-access-us"),
    "chargeback": ("card-chargeback", "paypal-buyer-protection"),
}
# What counts as trying to settle with the merchant (a card issuer asks for it): messages each way and what was
# said; the order's own progress (shipped, delivered) is listed apart.
ATTEMPT_KINDS = {*OUTBOUND_KINDS, *INBOUND_KINDS, "email", "transcript", "note", "attachment", "promise"}
REPLY_DAYS = 14
SHORT_TERM_REJECT_DAYS = 30  # CRA 2015 s.22(3)


def letter_kind(kind: str, facts: dict[str, Any]) -> str:
    """`formal` is the letter the case's problem calls for; every other kind is itself."""
    return FORMAL[problem_of(facts.get("issue"))] if kind == "formal" else kind


def _contacts(entries: list[TimelineEntry], lang: str) -> list[dict[str, Any]]:
    """Prior communications and milestones, oldest first, as the letter lists them: corrected text, time and
    fields, since a letter quoting what the user has since corrected would undermine them."""
    found = []
    words = letter_words(lang)["contacts"]
    for entry in entries:
        event, details = entry.event, {**entry.event.details, **entry.fields}
        if event.kind in (
            "opened",
            "facts",
            "amend",
            "promise-kept",
            "promise-broken",
            "exported",
            "sealed",
            "stamped",
        ):
            continue
        if event.kind in ("note", "attachment") and not details.get("channel"):
            continue
        kind_name = labels(lang).get("kinds", {}).get(event.kind, event.kind)
        summary = " ".join((entry.text or kind_name).split())
        if event.kind == "email":
            summary = words["email"].format(subject=details.get("email", {}).get("subject", ""))
        elif event.kind == "transcript":
            count = len(details.get("transcript", {}).get("entries", []))
            summary = str(details.get("note") or words["chat"]) + words["transcript"].format(count=count)
        found.append(
            {
                "date": local_date(entry.occurred, lang),
                "kind": event.kind,
                "channel": channel_name(str(details.get("channel") or ""), lang),
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
    kind = letter_kind(kind, facts)
    data = data_request(facts, lang)
    country = str(facts.get("country", ""))
    programmes = programme_names(lang)
    rules = [
        {
            **r.as_dict(),
            # A letter to the card issuer names the programme, not the rule's advice ("Ask your card issuer..."); a
            # request to a data protection officer names the article ("UK GDPR, Article 15"); another language
            # gives each rule its own title (catalogue [rule_titles]): two rules never read alike.
            "label": (
                data["short"]
                if kind == "data-access"
                else programmes.get(r.pack, r.programme)
                if kind == "chargeback"
                else r.title
                if lang == "en"
                else Words(lang).rule(r.as_dict())
            ),
            "deadline": local_date(r.deadline, lang) or None,
            "source": source_in(r.source, lang),
        }
        for r in found.results
        if r.pack in LETTER_PACKS[kind] and (r.status == "eligible" or (r.status == "not-yet" and r.eligible_from))
    ]
    now_utc = utc_stamp(now)
    broken = [p for p in found.situation.promises if p.state == "broken" or p.overdue(now_utc)]
    placeholders = letter_words(lang)["placeholders"]
    law, action = law_for(facts, lang), law_for(facts, lang, "action")
    delivered = delivered_on(entries)
    days = reply_days(facts) if kind == "before-action" else REPLY_DAYS
    amazon = str(facts.get("marketplace", "")).startswith("amazon.")
    contacts = _contacts(entries, lang)
    return {
        "kind": kind,
        "problem": law.problem,
        "facts": facts,
        "case_id": found.situation.case_id,
        "today": local_date(now.date(), lang),
        "city": town(facts.get("buyer_address")),
        "reply_by": local_date(now.date() + timedelta(days=days), lang),
        "order": facts.get("order_id", placeholders["order"]),
        "seller": facts.get("seller", placeholders["seller"]),
        "marketplace": facts.get("marketplace", placeholders["marketplace"]),
        "ordered_on": local_date(facts.get("ordered_on"), lang) or placeholders["ordered_on"],
        "delivery_by": local_date(facts.get("delivery_by"), lang) or None,
        "delivered": local_date(delivered, lang) or None,
        "price": local_money(facts.get("amount"), facts.get("currency"), lang) or placeholders["amount"],
        "paid_by": facts.get("paid_by"),
        **parties(facts, lang),
        "issue": issue_phrase(facts.get("issue", "other"), lang),
        "contacts": contacts,
        "attempts": [c for c in contacts if c["kind"] in ATTEMPT_KINDS],
        "events": [c for c in contacts if c["kind"] not in ATTEMPT_KINDS],
        "broken": [{"what": p.what, "due": local_date(p.due, lang), "event": p.event_id} for p in broken],
        "rules": rules,
        "law": law.text,
        "law_sources": list(law.sources),
        "action": action.text,
        "action_sources": list(action.sources),
        "short_term_reject": bool(
            law.problem == "defect"
            and str(jurisdiction(facts) or "").startswith("GB")
            and delivered
            and (now.date() - delivered).days <= SHORT_TERM_REJECT_DAYS
        ),
        "return_held": law.problem == "defect" and goods_held(entries),
        "enclosures": _enclosures(entries),
        # The ladder names agencies in English: a letter in another language names them only where the
        # catalogue has them in that language, rather than mix two languages in one letter.
        "agencies": agencies_of(country, lang) or (agencies(country or None) if lang == "en" else []),
        "chain_head": chain_head,
        "data": data,
        "controller": "Amazon" if amazon else facts.get("marketplace", placeholders["marketplace"]),
        "card": card_dispute(facts, entries, lang),
        "section_75": any(r["rule"] == "uk-section-75" for r in rules),
        "amazon": amazon,
        # What an imported data export lacked: a follow-up request names it (evidence/reconcile.py).
        "export_lacks": export_lacks([entry.event for entry in entries]),
    }


def address_lines(address: Any, name: Any = None) -> str:
    """ "1 High Street, London, N1 1AA" as the lines an envelope shows; without a first line that repeats
    ``name``, since the heading prints the name above the address (--seller-address starts with the legal name)."""
    lines = [part.strip() for part in str(address or "").split(",") if part.strip()]
    if name and lines and lines[0].casefold() == str(name).strip().casefold():
        lines = lines[1:]
    return "\n".join(lines)


def source_in(source: str, lang: str) -> str:
    """A rule's source as a letter cites it: the address alone. The packs follow it with notes written for the
    user, in English ("(secondary source: … not in the stored corpus …)"), which are not for the recipient; a
    source without an address is named in another language as its catalogue's [sources] says it, or else stays
    only in an English letter."""
    if source.startswith("http"):
        return source.split()[0].rstrip(",;")
    if lang == "en":
        return source
    return str(labels(lang).get("sources", {}).get(source, ""))


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
        "seller_address": address_lines(facts.get("seller_address"), facts.get("seller")) or None,
        "product": facts.get("product"),
        "descriptor": statement_name(facts) or letter_words(lang)["placeholders"]["seller"],
        "charged": local_date(facts.get("charged"), lang) or None,
        "fault_noticed": local_date(facts.get("fault_noticed"), lang) or None,
    }


def _enclosures(entries: list[TimelineEntry]) -> list[str]:
    """What goes with the letter: the exported dossier, then each exhibit by name, numbered as in it."""
    names = [str(a.get("name", "attachment")) for entry in entries for a in entry.event.attachments]
    return names


def render_letter(kind: str, lang: str, context: dict[str, Any]) -> str:
    from complaintctl.dossier.templating import environment

    name = "claim" if context.get("kind", kind) in CLAIMS else context.get("kind", kind)
    return str(environment("text").get_template(f"letters/{name}.{lang}.txt.j2").render(**context))
