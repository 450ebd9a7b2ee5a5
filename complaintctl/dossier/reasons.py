"""Why a remedy reads as it does, in the dossier's language.

The evaluator (rules/evaluate.py) explains each rule in English sentences built from a few forms: "Eligible
since DATE: 120 days after the latest estimated delivery date, DATE.", "Not yet: applies once you requested
a return first (complaintctl log ...).", " Act by DATE: ...", "Expired on DATE: ...". The rules sit below
the dossier and cannot read its catalogues, so the dossier reads those forms back here and says them again
with the catalogue's words: the dates, the periods, the facts and the events they count from. A sentence of
another form (a pack's own exclusion text) is looked up whole in the catalogue's [exclusions]; one that is
in neither gives None, and the caller says the status alone rather than print English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from complaintctl.core.vocabulary import EVENT_PHRASES, FACT_LABELS, FACT_PHRASES

DATE = r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?"
END = r"\.(?= Act by | They must answer by | Deadline unknown | It cannot open |$)"
HEADS = {
    "eligible_since": re.compile(rf"Eligible since (?P<at>{DATE}): (?P<why>.+?){END}"),
    "eligible_now": re.compile(r"Eligible now\."),
    "eligible_from": re.compile(rf"Eligible from (?P<at>{DATE}): (?P<why>.+?){END}"),
    "waiting": re.compile(
        r"Not yet: applies once (?P<hints>.+?) (?P<first>first )?\(complaintctl [^)]*\)\."
        rf"(?: It cannot open before (?P<at>{DATE}): (?P<why>.+?){END})?"
    ),
    "expired": re.compile(rf"Expired on (?P<at>{DATE}): the deadline was (?P<deadline>{DATE}), (?P<why>.+?)\.$"),
}
BY = re.compile(rf" (?P<who>Act|They must answer) by (?P<deadline>{DATE}): (?P<why>.+?){END}")
CAVEAT = re.compile(r" Deadline unknown without the .+?: complaintctl set \d+(?: --[a-z-]+ \.\.\.)+$")
MOVED = re.compile(rf"; it fell on \w+ (?P<day>{DATE}), a non-working day, so it moves to (?P<moved>{DATE})$")
UNIT = r"hours?|days?|business days?|weeks?|months?|years?|Werktage?(?: \(Monday to Saturday\))?"
AFTER = re.compile(rf"(?P<amount>\d+) (?P<unit>{UNIT}) after (?P<what>.+)")
FROM_THE_DAY = re.compile(rf"(?P<amount>\d+) (?P<unit>{UNIT}) beginning with the day (?P<what>.+) \(that day counts\)")
UNKNOWN_PARTS = {
    "no_rule": re.compile(
        r"Unknown: the tool has no rule for this country \((?P<country>[^)]*)\); check its consumer law"
    ),
    "which_state": re.compile(r"Unknown: which state do you live in\? The CCPA protects California residents only"),
    "needs": re.compile(r"Needs the (?:[a-z ,]+?): complaintctl set \d+(?: --[a-z-]+ \.\.\.)+"),
    "needs_amount": re.compile(
        r"Needs the amount in (?P<code>[A-Z]{3}) \(the limits are in [A-Z]{3}\): "
        r"complaintctl set \d+ --amount \.\.\. --currency [A-Z]{3}"
    ),
}


Moment = Callable[[str], str]  # "2026-11-20" or "2026-11-20 10:00" as the reader's language writes it


class Unread(ValueError):
    """A sentence of a form this module does not know."""


def translated_reason(r: dict[str, Any], catalogue: dict[str, Any], moment: Moment) -> str | None:
    """The remedy's reason in the catalogue's language (``moment`` says a date or a date and time in it), or
    None where its English is of a form not known here."""
    text = str(r.get("reason") or "")
    words = catalogue.get("why", {})
    try:
        if r.get("status") == "not-eligible":
            found = catalogue.get("exclusions", {}).get(text)
            return str(found) if found else None
        if r.get("status") == "unknown":
            return _unknown(text, r, moment, catalogue)
        return _dated(text, moment, catalogue, words)
    except (Unread, KeyError):
        return None


def _first(forms: dict[str, re.Pattern[str]], text: str) -> tuple[str, re.Match[str]]:
    """The form ``text`` starts with, and its match."""
    for form, pattern in forms.items():
        found = pattern.match(text)
        if found:
            return form, found
    raise Unread(text)


def _dated(text: str, moment: Moment, catalogue: dict[str, Any], words: dict[str, Any]) -> str:
    form, head = _first(HEADS, text)
    said, rest = _head(form, head, moment, catalogue, words), text[head.end() :]
    by = BY.match(rest)
    if by:
        key = "act_by" if by["who"] == "Act" else "answer_by"
        said += words[key].format(date=moment(by["deadline"]), why=_why(by["why"], moment, catalogue))
        rest = rest[by.end() :]
    if CAVEAT.match(rest):
        said += words["deadline_unknown"]
        rest = ""
    if rest.strip():
        raise Unread(rest)
    return said


def _head(form: str, head: re.Match[str], moment: Moment, catalogue: dict[str, Any], words: dict[str, Any]) -> str:
    if form == "eligible_now":
        return str(words["eligible_now"])
    if form == "waiting":
        kinds = catalogue.get("kinds", {})
        steps = words["or"].join(words["step"].format(step=kinds.get(kind, kind)) for kind in _events(head["hints"]))
        said = str(words["waiting_first" if head["first"] else "waiting"]).format(steps=steps)
        if head["at"]:
            said += words["not_before"].format(date=moment(head["at"]), why=_why(head["why"], moment, catalogue))
        return said
    values = {"date": moment(head["at"]), "why": _why(head["why"], moment, catalogue)}
    if form == "expired":
        values["deadline"] = moment(head["deadline"])
    return str(words[form]).format(**values)


def _events(hints: str) -> list[str]:
    """The event kinds of "you requested a return or it was delivered" (a phrase may hold "or" itself)."""
    phrases = sorted(EVENT_PHRASES.items(), key=lambda item: len(item[1]), reverse=True)
    found, rest = [], hints
    while rest:
        kind = next((kind for kind, phrase in phrases if rest.startswith(phrase)), None)
        if kind is None:
            raise Unread(hints)
        found.append(kind)
        rest = rest[len(EVENT_PHRASES[kind]) :].removeprefix(" or ")
    return found


def _why(text: str, moment: Moment, catalogue: dict[str, Any]) -> str:
    words, moved = catalogue["why"], MOVED.search(text)
    core = text[: moved.start()] if moved else text
    counted = FROM_THE_DAY.fullmatch(core) or AFTER.fullmatch(core)
    if counted:
        key = "from_the_day" if counted.re is FROM_THE_DAY else "after"
        said = str(words[key]).format(
            period=_period(int(counted["amount"]), counted["unit"], catalogue),
            what=_what(counted["what"], moment, catalogue),
        )
    else:
        said = _what(core, moment, catalogue)
    if moved:
        said += words["moved"].format(day=moment(moved["day"]), moved=moment(moved["moved"]))
    return said


def _what(text: str, moment: Moment, catalogue: dict[str, Any]) -> str:
    """ "the order date, 2026-11-01" or "you requested a return on 2026-11-12", in the reader's words."""
    words = catalogue["why"]
    for name in FACT_LABELS:
        phrase = FACT_PHRASES.get(name, FACT_LABELS[name].lower())
        found = re.fullmatch(rf"{re.escape(phrase)}, (?P<at>{DATE})", text)
        if found:
            anchor = catalogue["anchors"].get(name) or catalogue.get("facts", {})[name]
            return str(words["fact_on"]).format(fact=anchor, date=moment(found["at"]))
    for kind, phrase in EVENT_PHRASES.items():
        found = re.fullmatch(rf"{re.escape(phrase)} on (?P<at>{DATE})", text)
        if found:
            step = catalogue.get("kinds", {}).get(kind, kind)
            return str(words["event_on"]).format(step=step, date=moment(found["at"]))
    raise Unread(text)


def _period(amount: int, unit: str, catalogue: dict[str, Any]) -> str:
    key = unit.split(" (")[0].lower()
    key = {"werktag": "werktage", "business day": "business days"}.get(key, key)
    key = key if key.endswith("s") or key == "werktage" else key + "s"
    one, many = catalogue["units"][key.replace(" ", "_")]
    return f"{amount} {one if amount == 1 else many}"


def _unknown(text: str, r: dict[str, Any], moment: Moment, catalogue: dict[str, Any]) -> str:
    words, said, rest = catalogue["why"], [], text
    facts = catalogue.get("facts", {})
    while rest:
        form, found = _first(UNKNOWN_PARTS, rest)
        if form == "needs":
            names = [name for name in r.get("missing") or [] if not str(name).startswith("amount_in_")]
            said.append(str(words["needs"]).format(missing=", ".join(str(facts.get(n, n)) for n in names)))
        elif form == "needs_amount":
            said.append(str(words["needs_amount"]).format(code=found["code"]))
        elif form == "no_rule":
            said.append(str(words["no_rule"]).format(country=found["country"]))
        else:
            said.append(str(words["which_state"]))
        rest = rest[found.end() :].removeprefix("; ")
    return str(words.get("separator", "; ")).join(said) + "."
