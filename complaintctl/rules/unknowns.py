"""The words of an "unknown" result: which facts are missing and the command that supplies them. Pure.

The same facts go missing in case after case (`next` over thousands of cases words the same few lacks again and
again), so each wording is made once, with the place of the case number left open.
"""

from __future__ import annotations

from functools import lru_cache

from complaintctl.core.vocabulary import FACT_FLAGS, FACT_LABELS

# A period the pack holds for some countries and not for this one: never guessed (not the EU minimum either).
NO_RULE = "no-rule"
# A period this country's law does not fix (see packs.NO_FIXED_PERIOD): shown as such, never as a date.
OPEN_ENDED = "no-fixed-period"
_CASE = "\0"  # where the case number goes in a kept wording (no fact label or country code holds it)


def set_command(case_id: int | str, facts: tuple[str, ...] | list[str]) -> str:
    return f"complaintctl set {case_id} " + " ".join(f"{FACT_FLAGS[f]} ..." for f in facts)


def unknown_reason(case_id: int, missing: list[str] | tuple[str, ...], country: object) -> tuple[str, tuple[str, ...]]:
    """Why a result is unknown ("Needs the paid by: complaintctl set 7 --paid-by ..."), and the facts it needs
    in the order the reason names them."""
    names = tuple(dict.fromkeys(missing))
    kept = unknown_pieces(names, country)
    if kept is None:
        return _worded(names, country, str(case_id))
    pieces, needed = kept
    return str(case_id).join(pieces), needed


def unknown_pieces(names: tuple[str, ...], country: object) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The reason for these missing facts split where the case number goes, with the facts it needs; None for a
    country that cannot be kept so (the reason is then worded for the case itself)."""
    if country is not None and not (isinstance(country, str) and _CASE not in country):
        return None
    return _kept(names, country)


def _split(names: tuple[str, ...], country: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text, needed = _worded(names, country, _CASE)
    return tuple(text.split(_CASE)), needed


_kept = lru_cache(maxsize=1024)(_split)


def _worded(names: tuple[str, ...], country: object, case: str) -> tuple[str, tuple[str, ...]]:
    currencies = [name for name in names if name.startswith("amount_in_")]
    parts = []
    if NO_RULE in names:
        parts.append(f"Unknown: the tool has no rule for this country ({country or '?'}); check its consumer law")
    if OPEN_ENDED in names:
        parts.append("Unknown: this country's law fixes no period for this")
    if "region" in names and country == "US":
        parts.append("Unknown: which state do you live in? The CCPA protects California residents only")
    names = tuple(name for name in names if name not in currencies and name not in (NO_RULE, OPEN_ENDED))
    if names:
        labels = ", ".join(FACT_LABELS[name].lower() for name in names)
        parts.append(f"Needs the {labels}: {set_command(case, names)}")
    for name in currencies:
        code = name.removeprefix("amount_in_").upper()
        parts.append(
            f"Needs the amount in {code} (the limits are in {code}): complaintctl set {case} --amount ... --currency {code}"
        )
    return "; ".join(parts), names + tuple(currencies)
