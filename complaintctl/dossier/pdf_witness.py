"""The witness statement that ends an England and Wales bundle, for the buyer to sign.

Its statement of truth is the wording of Practice Direction 22, para. 2.2, as amended on 6 April 2020 (CPR
113th update), with the contempt warning; it is dated when signed (para. 2.5) and in the witness's own
language (para. 2.4), so it is given in English only.
Source: https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part22/pd_part22
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import PageBreak

from complaintctl.dossier.pdf_flowables import Blocks, ExhibitStart, as_markup

STATEMENT_OF_TRUTH = (
    "I believe that the facts stated in this witness statement are true. I understand that proceedings for "
    "contempt of court may be brought against anyone who makes, or causes to be made, a false statement in a "
    "document verified by a statement of truth without an honest belief in its truth."
)


def wants_witness_statement(dossier: dict[str, Any]) -> bool:
    """An English dossier of a case in England and Wales (GB without a Scottish or Northern Irish region)."""
    facts = dossier["case"]["facts"]
    return (
        dossier.get("lang", "en") == "en"
        and facts.get("country") == "GB"
        and facts.get("region") not in ("GB-SCT", "GB-NIR")
    )


def witness_pages(blocks: Blocks) -> list[Any]:
    dossier = blocks.dossier
    if not wants_witness_statement(dossier):
        return []
    facts = dossier["case"]["facts"]
    name = str(facts.get("buyer_name") or "[your full name]")
    address = str(facts.get("buyer_address") or "[your address]")
    entries, exhibits = len(dossier["timeline"]), len(dossier["exhibits"])
    paragraphs = [
        f"I, {name}, of {address}, am the claimant, the buyer in this case. I make this statement from my own "
        "knowledge; where I rely on a document, it is an exhibit of this bundle, numbered as in its index.",
        dossier["summary"],
        f"The timeline of this bundle ({entries} entries) records what I did, what I was told and what I "
        f"received, when it happened and when I recorded it. The {exhibits} exhibits are true copies of the "
        "files and messages I kept; their SHA-256 hashes are in the integrity section.",
    ]
    out: list[Any] = [
        PageBreak(),
        ExhibitStart(0, "", blocks.marks),
        blocks.p(as_markup(f"Witness statement of {name}"), blocks.h2),
        blocks.p(as_markup(f"Case {dossier['case']['id']}: {dossier['case']['title']}"), blocks.small),
    ]
    out += [blocks.p(as_markup(f"{number}. {text}")) for number, text in enumerate(paragraphs, 1)]
    out += [
        blocks.p(as_markup("Statement of truth"), blocks.h3),
        blocks.p(as_markup(STATEMENT_OF_TRUTH)),
        blocks.p(as_markup("Signed: ______________________________    Date: ____________________")),
        blocks.p(as_markup(f"Name: {name}")),
    ]
    return out
