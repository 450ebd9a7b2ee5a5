"""Whether the tool knows the law of consumer sales of the case's country at all. Pure.

A case no statutory pack speaks to (Switzerland, the United States, ...) would otherwise show no statutory rule,
which reads as "no statutory rights". It gets one result instead, saying the tool has no rule for that country.
The packs say which of them hold that law (``statutory = true`` in [pack]), so a country is covered by adding
a pack, never by a list kept here. In the United States the card pack's FCBA rules and the CCPA pack remain: they
are about the card issuer and personal data, not the sale, so the line speaks of consumer sales.
"""

from __future__ import annotations

from functools import lru_cache

from complaintctl.rules.evaluate import UNKNOWN, Result, Situation
from complaintctl.rules.packs import Pack
from complaintctl.rules.plans import plan_for

STATUTORY_RIGHTS = "statutory-rights"  # the result's rule id (and the dossier's key for its words)
TITLE = "Statutory rights"


@lru_cache(maxsize=256)
def country_name(code: str) -> str:
    """The country's English name ("Switzerland"); the code itself for one the locale data does not know."""
    from babel import Locale

    return str(Locale.parse("en_GB").territories.get(code, code))


def no_rule_line(code: str) -> str:
    return (
        f"Statutory rights: unknown: the tool has no rule for consumer sales in this country ({country_name(code)});"
        " ask a consumer body there"
    )


def statutory_gap(packs: list[Pack], situation: Situation) -> Result | None:
    """The "unknown" result for a buyer's case whose country no statutory pack covers; None when one does, or
    when the country is not given (the statutory packs then ask for it themselves)."""
    country = situation.facts.get("country")
    if not country or situation.role != "buyer":
        return None
    if plan_for(packs, situation.facts).statutory:  # a statutory pack speaks to the case
        return None
    # No pack and no version: nothing installed produced it, so a bundle re-derived elsewhere needs none.
    return Result(
        STATUTORY_RIGHTS,
        TITLE,
        TITLE,
        STATUTORY_RIGHTS,
        "",
        UNKNOWN,
        None,
        None,
        no_rule_line(country),
        "",
        "",
        "you",
        "",
    )
