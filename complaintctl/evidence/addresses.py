"""Marketplace addresses and the thread token after '+' (seed 001). Pure, and light: no email package."""

from __future__ import annotations

import re

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
