"""The words a case is described in: choice values shared by the CLI, the store and (later) the rules."""

from __future__ import annotations

from enum import StrEnum

# The facts of a case, in the order `show` prints them, with their labels.
FACT_LABELS: dict[str, str] = {
    "title": "Title",
    "role": "Role",
    "marketplace": "Marketplace",
    "order_id": "Order",
    "seller": "Seller",
    "sold_by": "Sold by",
    "fulfilled_by": "Fulfilled by",
    "issue": "Issue",
    "ordered_on": "Ordered",
    "delivery_by": "Delivery by",
    "amount": "Amount",
    "currency": "Currency",
    "paid_by": "Paid by",
    "country": "Country",
    "region": "Region",
    "item": "Item",
    "statement_date": "Statement",
    "buyer_name": "Buyer",
    "buyer_address": "Buyer's address",
    "seller_address": "Seller's address",
    "product": "Product",
    "fault_noticed": "Fault noticed",
    "charged": "Card charged",
    "descriptor": "On the statement",
    "network": "Card network",
    "second_hand": "Second-hand",
    "card_dispute": "Card dispute",
}

# The command-line flag that sets each fact (`new`, `set`), for messages that tell the user what to type.
FACT_FLAGS: dict[str, str] = {
    name: {"order_id": "--order", "ordered_on": "--ordered"}.get(name, "--" + name.replace("_", "-"))
    for name in FACT_LABELS
}

# How advice speaks of each event kind: "48 hours after you contacted the seller".
EVENT_PHRASES: dict[str, str] = {
    "seller-contacted": "you contacted the seller",
    "seller-replied": "the seller replied",
    "shipped": "it was shipped",
    "delivered": "it was delivered",
    "delivered-missing": "tracking said delivered but nothing arrived",
    "return-requested": "you requested a return",
    "return-shipped": "you sent the return",
    "return-received": "the return was received",
    "refund-issued": "a refund was issued",
    "claim-filed": "the claim was filed",
    "claim-decided": "the claim was decided",
    "appeal-filed": "you appealed",
    "appeal-decided": "the appeal was decided",
    "chargeback-filed": "you filed a chargeback or payment dispute",
    "chargeback-contested": "the merchant contested the chargeback",
    "chargeback-decided": "the chargeback or payment dispute was decided",
    "dispute-escalated": "you escalated the PayPal dispute to a claim",
    "repair-requested": "you asked for a repair or replacement",
    "repair-returned": "the repaired or replacement goods came back",
    "repair-failed": "the repair or replacement did not fix the fault",
    "goods-rejected": "you told the trader you reject the goods",
    "section-75-filed": "you claimed from the card issuer under section 75",
    "extension-notified": "they told you they were extending their time to answer",
    "reopened": "the case was reopened",
    "escalated": "you escalated",
    "data-requested": "you asked for your data",
    "resolved": "the case was resolved",
}
FACT_PHRASES = {
    "ordered_on": "the order date",
    "delivery_by": "the latest estimated delivery date",
    "statement_date": "the first card statement showing the charge",
    "fault_noticed": "the day you noticed the fault",
    "charged": "the day your card was charged",
}
DATE_FACTS = ("ordered_on", "delivery_by", "statement_date", "fault_noticed", "charged")
# Facts that name the parties: the user's settings may give the buyer's once for every case (actions/parties.py).
BUYER_FACTS = ("buyer_name", "buyer_address")


class SoldBy(StrEnum):
    amazon = "amazon"
    walmart = "walmart"
    third_party = "third-party"


class FulfilledBy(StrEnum):
    amazon = "amazon"
    seller = "seller"


class Issue(StrEnum):
    not_received = "not-received"
    late = "late"
    damaged = "damaged"
    defective = "defective"
    not_as_described = "not-as-described"
    wrong_item = "wrong-item"
    return_not_refunded = "return-not-refunded"
    wrong_refund = "wrong-refund"
    unauthorized_charge = "unauthorized-charge"
    service = "service"
    other = "other"


class Network(StrEnum):
    """The card scheme: windows and caps differ (Visa, Mastercard, American Express)."""

    visa = "visa"
    mastercard = "mastercard"
    amex = "amex"
    other = "other"


class YesNo(StrEnum):
    yes = "yes"
    no = "no"


class CardDispute(StrEnum):
    """US cards: a billing error (Reg Z 1026.13: not delivered as agreed, wrong amount) or a quality claim
    (Reg Z 1026.12(c): claims and defenses against the card issuer)."""

    billing_error = "billing-error"
    quality = "quality"


class Item(StrEnum):
    """What was bought: guarantees cover physical goods; digital items, services and gift cards are excluded."""

    physical = "physical"
    digital = "digital"
    service = "service"
    gift_card = "gift-card"


class PaidBy(StrEnum):
    credit_card = "credit-card"
    debit_card = "debit-card"
    paypal = "paypal"
    gift_card = "gift-card"
    bank_transfer = "bank-transfer"
    cash_on_delivery = "cash-on-delivery"
    other = "other"


class Role(StrEnum):
    buyer = "buyer"
    seller = "seller"


class Channel(StrEnum):
    chat = "chat"
    phone = "phone"
    email = "email"
    letter = "letter"
    social = "social"
    web = "web"
    in_person = "in-person"


class Direction(StrEnum):
    inbound = "inbound"
    outbound = "outbound"


class Milestone(StrEnum):
    seller_contacted = "seller-contacted"
    seller_replied = "seller-replied"
    shipped = "shipped"
    delivered = "delivered"
    delivered_missing = "delivered-missing"
    return_requested = "return-requested"
    return_shipped = "return-shipped"
    return_received = "return-received"
    refund_issued = "refund-issued"
    claim_filed = "claim-filed"
    claim_decided = "claim-decided"
    appeal_filed = "appeal-filed"
    appeal_decided = "appeal-decided"
    chargeback_filed = "chargeback-filed"
    chargeback_contested = "chargeback-contested"
    chargeback_decided = "chargeback-decided"
    dispute_escalated = "dispute-escalated"
    repair_requested = "repair-requested"
    repair_returned = "repair-returned"  # the goods came back from a repair, or the replacement arrived
    repair_failed = "repair-failed"  # they still do not conform, or never came back within a reasonable time
    goods_rejected = "goods-rejected"
    section_75_filed = "section-75-filed"
    extension_notified = "extension-notified"
    escalated = "escalated"
    data_requested = "data-requested"
    resolved = "resolved"
    reopened = "reopened"


class ClaimOutcome(StrEnum):
    """A-to-z claim statuses as sellers see them (seed 002)."""

    granted_amazon_funded = "granted-amazon-funded"
    granted_seller_funded = "granted-seller-funded"
    under_review = "under-review"
    closed_order_refunded = "closed-order-refunded"
    closed_withdrawn = "closed-withdrawn"
    closed_denied = "closed-denied"


class ChargebackOutcome(StrEnum):
    """How a card chargeback or a PayPal dispute ended."""

    won = "won"
    lost = "lost"
    partly_won = "partly-won"
    credit_final = "credit-final"  # the issuer made its temporary credit final


class AppealOutcome(StrEnum):
    granted = "granted"
    denied = "denied"


class ResolvedOutcome(StrEnum):
    refunded = "refunded"
    partial_refund = "partial-refund"
    replaced = "replaced"
    repaired = "repaired"
    rejected = "rejected"
    withdrawn = "withdrawn"
    other = "other"


# Every step of the escalation ladder a rule can open (rules/ladder.py says what each means).
LADDER_STEPS = (
    "contact-seller",
    "wait-for-seller",
    "file-atoz-claim",
    "file-ebay-claim",
    "ask-ebay-to-step-in",
    "file-etsy-case",
    "file-walmart-claim",
    "wait-for-claim",
    "appeal-claim",
    "wait-for-appeal",
    "respond-to-claim",
    "escalate-dispute",
    "wait-for-issuer",
    "answer-issuer",
    "section-75-claim",
    "reject-goods",
    "repair-or-replace",
    "wait-for-repair",
    "final-reject-or-reduce",
    "contact-customer-service",
    "escalate-specialist",
    "formal-complaint",
    "data-access-request",
    "chargeback",
    "consumer-agency",
    "small-claims",
    "follow-up",
    "add-facts",
    "done",
)

# Event kinds that are not milestones. Milestones are stored under their own names.
NOTE = "note"
ATTACHMENT = "attachment"
PROMISE = "promise"
OPENED = "opened"
FACTS = "facts"
AMEND = "amend"
PROMISE_KEPT = "promise-kept"
PROMISE_BROKEN = "promise-broken"
EMAIL = "email"
TRANSCRIPT = "transcript"
STAMPED = "stamped"  # an RFC 3161 authority signed that the chain head existed at a time
SEALED = "sealed"  # a bundle is being written: its export time and its files, the last event of its dossier.json
MARKETPLACE_RECORD = "marketplace-record"  # what the marketplace's own data export says happened (import amazon)
DATA_EXPORT = "data-export"  # the marketplace's data export itself, kept whole, that the records came from
OCR = "ocr"  # text read from a picture by a machine (Tesseract): derived, and marked so
EXPORTED = "exported"  # a dossier left the machine: its chain head and file hashes, so history cannot be re-cut

# Milestones that are a message from the user, or to the user: "who spoke last" for follow-ups.
OUTBOUND_KINDS = (
    "seller-contacted",
    "return-requested",
    "claim-filed",
    "appeal-filed",
    "escalated",
    "data-requested",
    "chargeback-filed",
    "dispute-escalated",
    "repair-requested",
    "goods-rejected",
    "section-75-filed",
)
INBOUND_KINDS = (
    "seller-replied",
    "claim-decided",
    "appeal-decided",
    "refund-issued",
    "chargeback-contested",
    "chargeback-decided",
    "extension-notified",
    "repair-returned",
)

# Which milestone needs which extra detail, so that the CLI and the store agree.
MILESTONE_OUTCOMES: dict[str, type[StrEnum]] = {
    Milestone.claim_decided: ClaimOutcome,
    Milestone.appeal_decided: AppealOutcome,
    Milestone.chargeback_decided: ChargebackOutcome,
    Milestone.resolved: ResolvedOutcome,
}
MILESTONE_NEEDS_TARGET = {Milestone.escalated}

# How a milestone changes the status shown in `list`; milestones not named here leave it as it was.
STATUS_AFTER = {
    Milestone.seller_contacted: "seller contacted",
    Milestone.seller_replied: "seller replied",
    Milestone.shipped: "shipped",
    Milestone.delivered: "delivered",
    Milestone.delivered_missing: "delivered (missing)",
    Milestone.return_requested: "return requested",
    Milestone.return_shipped: "return shipped",
    Milestone.return_received: "return received",
    Milestone.refund_issued: "refund issued",
    Milestone.claim_filed: "claim filed",
    Milestone.claim_decided: "claim decided",
    Milestone.appeal_filed: "appeal filed",
    Milestone.appeal_decided: "appeal decided",
    Milestone.chargeback_filed: "chargeback filed",
    Milestone.chargeback_contested: "chargeback contested",
    Milestone.chargeback_decided: "chargeback decided",
    Milestone.dispute_escalated: "dispute escalated",
    Milestone.repair_requested: "repair requested",
    Milestone.repair_returned: "repair returned",
    Milestone.repair_failed: "repair failed",
    Milestone.goods_rejected: "goods rejected",
    Milestone.section_75_filed: "section 75 claim filed",
    Milestone.escalated: "escalated",
    Milestone.resolved: "resolved",
    Milestone.reopened: "reopened",
}
