"""The witness statement that ends an England and Wales bundle, for the buyer to sign: its words, shared by
the PDF (pdf_witness.py), the HTML and the Markdown.

Its statement of truth is the wording of Practice Direction 22, para. 2.2 (the form for a witness statement),
as amended on 6 April 2020 (CPR 113th update), with the contempt warning; it is dated when signed (para. 2.5).
Source: https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part22/pd_part22
The statement is in English, the court's language, whatever the dossier's language. A dossier in another
language adds one line in that language: PD 32 para. 18.1 wants a witness statement drafted in the witness's
own language, and para. 23.2 wants one in a foreign language filed with an English translation certified by the
translator. Source: https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part32/pd_part32
It is headed with the title of the proceedings (PD 32 para. 17.1, which refers to PD 7A para. 4.1: the court, the
claim number, each party and its status), the claim number left blank until the claim is issued, and carries the
marks of para. 17.2 (the party it is made for, the witness's initials and surname, the statement's number, the
exhibits and the date it was made). Para. 17.2 from the 22nd CPR update's copy of PD 32 on justice.gov.uk and
civillitigationbrief.com (2019); PD 7A para. 4.1 not read in the stored corpus (secondary).
"""

from __future__ import annotations

from typing import Any, NamedTuple

STATEMENT_OF_TRUTH = (
    "I believe that the facts stated in this witness statement are true. I understand that proceedings for "
    "contempt of court may be brought against anyone who makes, or causes to be made, a false statement in a "
    "document verified by a statement of truth without an honest belief in its truth."
)
SIGNATURE = "Signed: ______________________________    Date: ____________________"


class WitnessStatement(NamedTuple):
    title_lines: list[str]  # the court, the claim number, the parties (PD 7A para. 4.1)
    heading: str  # "Witness statement of Ann Example"
    case_line: str  # the marks of PD 32 para. 17.2
    truth_heading: str
    paragraphs: list[str]  # numbered 1, 2, 3 where printed
    statement_of_truth: str
    signature: str
    name_line: str
    language_note: str  # in the dossier's language; empty in English


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _initials_and_surname(name: str) -> str:
    parts = name.split()
    if len(parts) < 2 or name.startswith("["):
        return name
    return " ".join(f"{part[0]}." for part in parts[:-1]) + f" {parts[-1]}"


def wants_witness_statement(dossier: dict[str, Any]) -> bool:
    """A case in England and Wales: GB without a Scottish or Northern Irish region."""
    facts = dossier["case"]["facts"]
    return facts.get("country") == "GB" and facts.get("region") not in ("GB-SCT", "GB-NIR")


def witness_statement(dossier: dict[str, Any]) -> WitnessStatement | None:
    """The statement for ``dossier``, in English; None outside England and Wales."""
    if not wants_witness_statement(dossier):
        return None
    from complaintctl.dossier.model import issue_paragraph
    from complaintctl.dossier.words import labels

    facts = dossier["case"]["facts"]
    name = str(facts.get("buyer_name") or "[your full name]")
    address = str(facts.get("buyer_address") or "[your address]")
    delivered = next((str(e["occurred"])[:10] for e in dossier["timeline"] if e["kind"] == "delivered"), None)
    entries, exhibits = len(dossier["timeline"]), len(dossier["exhibits"])
    lang = dossier.get("lang", "en")
    seller = str(facts.get("seller") or "[the seller]")
    shown = f"exhibits 1 to {exhibits}" if exhibits > 1 else ("exhibit 1" if exhibits == 1 else "no exhibits")
    return WitnessStatement(
        title_lines=[
            "In the County Court",
            "Claim number: ____________ (given when the claim is issued)",
            f"Between {name}, Claimant, and {seller}, Defendant",
        ],
        heading=f"Witness statement of {name}",
        case_line=(
            f"Claimant. {_initials_and_surname(name)}. First statement. {shown.capitalize()}. Made on the date "
            f"signed. (Case {dossier['case']['id']}: {dossier['case']['title']})"
        ),
        truth_heading="Statement of truth",
        paragraphs=[
            f"I, {name}, of {address}, am the claimant, the buyer in this case. I make this statement from my own "
            "knowledge; where I rely on a document, it is an exhibit of this bundle, numbered as in its index.",
            issue_paragraph(facts, "en", delivered),
            f"The timeline of this bundle ({_count(entries, 'entry', 'entries')}) records what I did, what I was "
            "told and what I received, when it happened and when I recorded it. "
            + (
                f"Its {_count(exhibits, 'exhibit', 'exhibits')} are true copies of the files and messages I kept; "
                "their SHA-256 hashes are in the integrity section."
                if exhibits
                else "It has no exhibits."
            ),
        ],
        statement_of_truth=STATEMENT_OF_TRUTH,
        signature=SIGNATURE,
        name_line=f"Name: {name}",
        language_note="" if lang == "en" else str(labels(lang)["witness_language"]),
    )
