"""The fixed clock of every test, and the facts of a typical case (options of `complaintctl new`)."""

from __future__ import annotations

NOW = "2026-11-22T12:00:00+00:00"

UK_CASE = dict(
    title="Headphones never arrived",
    marketplace="amazon.co.uk",
    order="202-1234567-1234567",
    seller="SoundShop EU",
    sold_by="third-party",
    fulfilled_by="seller",
    issue="not-received",
    ordered="2026-11-01",
    delivery_by="2026-11-10",
    amount="59.99",
    currency="GBP",
    paid_by="credit-card",
    country="GB",
)
