"""Marketplace addresses and the thread token after '+' (seed 001). Pure, and light: no email package."""

from __future__ import annotations

import re
from typing import Any

MARKETPLACE_DOMAIN = re.compile(r"(?:^|\.)(?:amazon|ebay|paypal)\.[a-z.]+$", re.IGNORECASE)


def thread_token(address: str) -> tuple[str, str | None, str] | None:
    """(base, token, domain) of an address on a marketplace domain: cs-reply+A3SC11E84PLJUR@amazon.co.uk gives
    ("cs-reply", "A3SC11E84PLJUR", "amazon.co.uk"); no '+' gives token None; other domains give None."""
    address = address.strip()
    if "@" not in address:
        return None
    local, domain = address.rsplit("@", 1)
    if not MARKETPLACE_DOMAIN.search(domain):
        return None
    base, plus, token = local.partition("+")
    return base.lower(), (token if plus and token else None), domain.lower()


def marketplace_reply_address(email: dict[str, Any]) -> tuple[str, tuple[str, str | None, str]] | None:
    """The marketplace address a reply to a stored email would go to (Reply-To first, then From), with its
    ``thread_token`` parts; None when neither is a marketplace address."""
    for address in [*email.get("reply_to", []), email.get("from", "")]:
        parsed = thread_token(str(address))
        if parsed:
            return str(address), parsed
    return None
