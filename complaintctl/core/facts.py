"""Case facts: what each one is called, and the parsers that turn user text into a valid value.

Pure functions: they raise ComplaintError with a sentence the user can act on, and touch nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from complaintctl.errors import ComplaintError

# Marketplace domains and the country whose calendar and laws apply by default.
MARKETPLACE_COUNTRIES: dict[str, str] = {
    "amazon.com": "US",
    "amazon.ca": "CA",
    "amazon.com.mx": "MX",
    "amazon.com.br": "BR",
    "amazon.co.uk": "GB",
    "amazon.ie": "IE",
    "amazon.fr": "FR",
    "amazon.de": "DE",
    "amazon.es": "ES",
    "amazon.it": "IT",
    "amazon.nl": "NL",
    "amazon.com.be": "BE",
    "amazon.se": "SE",
    "amazon.pl": "PL",
    "amazon.com.tr": "TR",
    "amazon.ae": "AE",
    "amazon.sa": "SA",
    "amazon.eg": "EG",
    "amazon.in": "IN",
    "amazon.co.jp": "JP",
    "amazon.sg": "SG",
    "amazon.com.au": "AU",
    "ebay.com": "US",
    "ebay.ca": "CA",
    "ebay.co.uk": "GB",
    "ebay.ie": "IE",
    "ebay.fr": "FR",
    "ebay.de": "DE",
    "ebay.es": "ES",
    "ebay.it": "IT",
    "ebay.com.au": "AU",
    "etsy.com": "US",
    "walmart.com": "US",
}
OTHER_MARKETPLACE = "other"

# Amazon order ids: 3-7-7 digits; digital orders start with D01.
# Patterns as strings: the re module compiles and caches them on first use, off the start-up path.
_AMAZON_ORDER = r"(?:[0-9]{3}|D[0-9]{2})-[0-9]{7}-[0-9]{7}"
_FREE_ORDER = r"[A-Za-z0-9][A-Za-z0-9._\-/#]{0,63}"
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
MAX_TEXT = 500


def parse_marketplace(text: str) -> str:
    value = text.strip().lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    if value in MARKETPLACE_COUNTRIES or value == OTHER_MARKETPLACE:
        return value
    known = ", ".join(sorted(MARKETPLACE_COUNTRIES))
    raise ComplaintError(f"unknown marketplace {text!r}: use one of {known}, or 'other'")


def parse_order_id(text: str, marketplace: str | None) -> str:
    value = text.strip()
    if marketplace and marketplace.startswith("amazon."):
        if not re.fullmatch(_AMAZON_ORDER, value):
            raise ComplaintError(
                f"{value!r} is not an Amazon order id: it looks like 202-1234567-1234567 (see Your Orders)"
            )
        return value
    if not re.fullmatch(_FREE_ORDER, value):
        raise ComplaintError(f"{value!r} is not an order id: use letters, digits and - . _ / # (at most 64 characters)")
    return value


def parse_currency(text: str) -> str:
    import pycountry

    code = text.strip().upper()
    if len(code) == 3 and code.isalpha() and pycountry.currencies.get(alpha_3=code):
        return code
    raise ComplaintError(f"{text!r} is not an ISO 4217 currency code: use e.g. GBP, EUR, USD")


def parse_country(text: str) -> str:
    import pycountry

    code = text.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    found = None
    if len(code) == 2 and code.isalpha():
        found = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3 and code.isalpha():
        found = pycountry.countries.get(alpha_3=code)
    if found is None:
        raise ComplaintError(f"{text!r} is not an ISO 3166 country code: use e.g. GB, FR, DE, US")
    return str(found.alpha_2)


def parse_amount(text: str) -> str:
    """A positive sum with at most two decimals, kept as a decimal string (never a float)."""
    from decimal import Decimal, InvalidOperation

    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")  # 59,99 is how most of Europe writes 59.99
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ComplaintError(f"{text!r} is not an amount: write it like 59.99, without the currency sign") from None
    if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
        raise ComplaintError(f"{text!r} is not a usable amount: it must be above 0 and below 1,000,000,000,000")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ComplaintError(f"{text!r} has more than two decimals: round it to cents, e.g. 59.99")
    return str(value.quantize(Decimal("0.01")))


def parse_text(text: str, what: str, *, limit: int = MAX_TEXT) -> str:
    value = " ".join(text.split())
    if not value:
        raise ComplaintError(f"the {what} is empty: give a few words")
    if len(value) > limit:
        raise ComplaintError(f"the {what} is {len(value)} characters long: keep it under {limit}")
    return value


def parse_region(text: str) -> str:
    """An ISO 3166-2 subdivision such as GB-SCT, DE-BY or ES-CT: regional holidays and laws follow it."""
    import pycountry

    code = text.strip().upper()
    country, _, _ = code.partition("-")
    code = code.replace(country, _COUNTRY_ALIASES.get(country, country), 1)
    if pycountry.subdivisions.get(code=code) is None:
        raise ComplaintError(f"{text!r} is not an ISO 3166-2 region code: use e.g. GB-SCT, DE-BY, ES-CT")
    return code


def country_for(marketplace: str | None) -> str | None:
    return MARKETPLACE_COUNTRIES.get(marketplace or "")


def check_consistent(facts: dict[str, Any]) -> None:
    """Facts that only make sense together: an amount needs its currency, delivery follows the order."""
    if facts.get("amount") and not facts.get("currency"):
        raise ComplaintError("an amount needs its currency: add --currency, e.g. --currency GBP")
    region, country = facts.get("region"), facts.get("country")
    if region and country and not str(region).startswith(f"{country}-"):
        raise ComplaintError(f"the region {region} is not in the country {country}: check --region and --country")
    ordered, due = facts.get("ordered_on"), facts.get("delivery_by")
    if ordered and due and due < ordered:
        raise ComplaintError(f"the delivery date {due} is before the order date {ordered}: check both dates")
    for name, what, flag in (
        ("fault_noticed", "fault was noticed", "--fault-noticed"),
        ("charged", "card was charged", "--charged"),
    ):
        day = facts.get(name)
        if ordered and day and day < ordered:
            raise ComplaintError(f"the {what} on {day}, before the order date {ordered}: check {flag} and --ordered")
