"""Rule packs: TOML files, one per programme, each rule with its source. Loading and strict checking.

A pack read from the user's folder is input like any other: every unknown key, wrong type or bad duration is
refused with the file and the rule named, so a typo cannot silently turn a rule off.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from complaintctl.core import vocabulary
from complaintctl.core.vocabulary import FACT_LABELS, Milestone
from complaintctl.errors import ComplaintError
from complaintctl.rules.calendar import Pause, parse_time_limit

PACK_KEYS = {"id", "programme", "version", "effective", "source", "role", "applies", "notes", "statutory"}
RULE_KEYS = {"id", "title", "applies", "eligible_from", "deadline", "exclusions", "settled_by", "requires"}
RULE_KEYS |= {"source", "action", "note", "obliged", "step", "precondition", "rolls_to_working_day", "paused", "cap"}
ANCHOR_KEYS = {"after", "plus", "unless", "inclusive"}
PAUSE_KEYS = {"by", "until", "at_least", "law"}
CONDITION_KEYS = {"fact", "event", "in", "outcome_in", "at_most", "above", "currency", "when"}
CONDITION_KEYS |= {"assume", "reason", "source"}
OUTCOME_KEYS = {"counts_against_odr", "label", "note"}
DATE_FACTS = set(vocabulary.DATE_FACTS)
PARAM = "param:"
PAGE_SCHEMES = ("https://", "http://")  # a parameter holding an address is a source, never a duration
EVENTS = {m.value for m in Milestone}
NO_FIXED_PERIOD = "no fixed period"  # the law sets no period (NL, FI): the rule says so and invents no date


class Anchor(NamedTuple):
    """A date a rule counts from: a date fact, or the first (or last) time an event happened, plus a duration."""

    source: str  # "fact" or "event"
    name: str
    last: bool
    plus: str | None  # a duration, or "param:NAME" resolved per marketplace
    # The anchor does not count once this happened or is known ("event:delivered", "fact:charged"): a period
    # from the estimated delivery gives way to the real delivery.
    unless: str | None = None
    # A period "beginning with" its first day includes that day: 6 months from 12 May end on 11 November.
    inclusive: bool = False


class Condition(NamedTuple):
    fact: str | None
    event: str | None
    values: tuple[str, ...]  # fnmatch patterns, as in `applies`
    outcomes: tuple[str, ...]
    at_most: str | None
    above: str | None
    currency: str | None
    when: dict[str, tuple[str, ...]]  # the condition holds only where these facts match too
    assume: str | None  # the fact's value when the case does not give it (else the result is "unknown")
    reason: str
    source: str | None


class Rule(NamedTuple):
    id: str
    title: str
    applies: dict[str, tuple[str, ...]]
    eligible_from: tuple[Anchor, ...]  # the ground: whichever comes first
    precondition: tuple[Anchor, ...]  # must all have passed too (contact the seller and wait), whatever the ground
    deadline: tuple[Anchor, ...]
    rolls_to_working_day: bool  # a deadline on a weekend or public holiday moves to the next working day
    exclusions: tuple[Condition, ...]
    settled_by: tuple[str, ...]
    requires: tuple[str, ...]
    source: str
    action: str
    note: str
    obliged: str  # "you" (a right to use by the deadline) or "them" (the other side's duty to answer by it)
    step: str  # the ladder step this rule makes possible (see ladder.toml), or "" for information only
    pause: Pause | None = None  # the deadline stops running while the user waits for the trader
    cap: tuple[Anchor, ...] = ()  # the deadline is never later than the earliest of these (a scheme's cap)


class Pack(NamedTuple):
    id: str
    programme: str
    version: str
    effective: date
    source: str
    role: str
    applies: dict[str, tuple[str, ...]]
    notes: tuple[str, ...]
    params: dict[str, dict[str, str]]
    exclusions: tuple[Condition, ...]
    rules: tuple[Rule, ...]
    extras: dict[str, Any]
    path: str
    digest: str = ""  # SHA-256 of the file's text: what kept advice was computed with, wherever it is installed

    def speaks_to(self, role: str, facts: dict[str, Any]) -> bool:
        """Whether the pack speaks to a case with these facts at all (a fact it needs but the case lacks counts as
        yes: the pack then answers "unknown")."""
        return self.role in ("any", role) and match_filter(self.applies, facts)[0]

    def param(self, name: str, facts: dict[str, Any]) -> str | None:
        """The most specific value: the card network's (visa), the region's (GB-SCT), the marketplace's, the
        country's, then the default; for second-hand goods a "KEY+second-hand" table comes before its KEY."""
        keys = [str(facts[k]) for k in ("network", "region", "marketplace", "country") if facts.get(k)]
        if facts.get("second_hand") == "yes":
            keys = [variant for key in keys for variant in (f"{key}+second-hand", key)]
        for key in (*keys, "default"):
            if name in self.params.get(key, {}):
                return self.params[key][name]
        return None

    def cite(self, source: str, facts: dict[str, Any]) -> str:
        """The page a source names: "param:page" is the case's own marketplace's page (amazon.fr's for an
        amazon.fr case), the default page where the pack has none for it."""
        if source.startswith(PARAM):
            return self.param(source.removeprefix(PARAM), facts) or source
        return source

    def statute(self, rule: Rule, facts: dict[str, Any]) -> str | None:
        """The statute of the case's country for the period a rule counts: NAME_source beside the param NAME."""
        for anchor in rule.deadline:
            if anchor.plus and anchor.plus.startswith(PARAM):
                found = self.param(f"{anchor.plus.removeprefix(PARAM)}_source", facts)
                if found:
                    return found
        return None


@lru_cache(maxsize=4096)
def matches_any(value: str, patterns: tuple[str, ...]) -> bool:
    # `next` over 10,000 cases asks the same few questions a million times: answer each once.
    return any(fnmatchcase(value, pattern) for pattern in patterns)


def match_filter(applies: dict[str, tuple[str, ...]], facts: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether a filter matches the facts; facts it needs but the case lacks are returned, not guessed."""
    missing = []
    for fact, patterns in applies.items():
        value = facts.get(fact)
        if value is None:
            missing.append(fact)
        elif not matches_any(str(value), patterns):
            return False, []
    return True, missing


class _Reader:
    """Checks one file's values, naming the file and the place in every error."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> ComplaintError:
        return ComplaintError(f"rule pack {self.path}, {where}: {problem}")

    def table(self, value: Any, where: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a table")
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise self.fail(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "expected true or false")
        return value

    def text(self, value: Any, where: str, *, optional: bool = False) -> str:
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "expected a non-empty string")
        return value

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a string or a list of strings")
        return tuple(value)

    def source(self, value: Any, where: str, params: dict[str, dict[str, str]]) -> str:
        """A source: an address, or "param:NAME" naming a page parameter that has a default page."""
        text = self.text(value, where)
        if text.startswith(PARAM):
            name = text.removeprefix(PARAM)
            pages = [values[name] for values in params.values() if name in values]
            if name not in params.get("default", {}) or not all(page.startswith(PAGE_SCHEMES) for page in pages):
                raise self.fail(where, f"{text!r} names no page parameter with a default page in [params.default]")
        return text

    def applies(self, value: Any, where: str) -> dict[str, tuple[str, ...]]:
        table = self.table(value or {}, where)
        return {self.fact(k, f"{where}.{k}"): self.strings(v, f"{where}.{k}") for k, v in table.items()}

    def fact(self, name: str, where: str) -> str:
        if name not in FACT_LABELS:
            raise self.fail(where, f"{name!r} is not a case fact (facts: {', '.join(FACT_LABELS)})")
        return name

    def event(self, name: str, where: str) -> str:
        if name not in EVENTS:
            raise self.fail(where, f"{name!r} is not an event kind (kinds: {', '.join(sorted(EVENTS))})")
        return name

    def anchors(self, value: Any, where: str, params: dict[str, dict[str, str]]) -> tuple[Anchor, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        anchors = []
        for index, item in enumerate(items):
            place = f"{where}[{index}]"
            item = self.table(item, place, ANCHOR_KEYS)
            after = self.text(item.get("after"), f"{place}.after")
            source, _, rest = after.partition(":")
            name, _, which = rest.partition(":")
            if source not in ("fact", "event") or not name or which not in ("", "last"):
                raise self.fail(place, f"'after' is {after!r}: use fact:NAME, event:KIND or event:KIND:last")
            if source == "event":
                self.event(name, place)
            if source == "fact" and name not in DATE_FACTS:
                raise self.fail(place, f"fact {name!r} is not a date: use one of {', '.join(sorted(DATE_FACTS))}")
            plus = item.get("plus")
            if plus is not None:
                plus = self.text(plus, f"{place}.plus")
                if plus.startswith(PARAM):
                    durations = [values[plus[6:]] for values in params.values() if plus[6:] in values]
                    if not durations:
                        raise self.fail(place, f"{plus!r} names no parameter of this pack")
                    if any(value.startswith(PAGE_SCHEMES) for value in durations):
                        raise self.fail(place, f"{plus!r} names a page, not a duration")
                else:
                    self.duration(plus, place)
            unless = item.get("unless")
            if unless is not None:
                unless = self.text(unless, f"{place}.unless")
                kind, _, named = unless.partition(":")
                if kind == "event":
                    self.event(named, f"{place}.unless")
                elif kind != "fact" or named not in DATE_FACTS:
                    raise self.fail(place, f"'unless' is {unless!r}: use event:KIND or fact:DATE_FACT")
            inclusive = item.get("inclusive", False)
            if not isinstance(inclusive, bool):
                raise self.fail(f"{place}.inclusive", "expected true or false")
            anchors.append(Anchor(source, name, which == "last", plus, unless, inclusive))
        return tuple(anchors)

    def pause(self, value: Any, where: str) -> Pause | None:
        if value is None:
            return None
        item = self.table(value, where, PAUSE_KEYS)
        until = tuple(self.event(e, f"{where}.until") for e in self.strings(item.get("until"), f"{where}.until"))
        if not until:
            raise self.fail(f"{where}.until", "name the event(s) that end the wait")
        at_least = self.text(item.get("at_least"), f"{where}.at_least", optional=True) or None
        if at_least:
            self.duration(at_least, f"{where}.at_least")
        by = self.event(self.text(item.get("by"), f"{where}.by"), f"{where}.by")
        return Pause(by, until, at_least, self.text(item.get("law"), f"{where}.law", optional=True))

    def duration(self, text: str, where: str) -> None:
        try:
            parse_time_limit(text)
        except ComplaintError as error:
            raise self.fail(where, str(error)) from None

    def conditions(self, value: Any, where: str, params: dict[str, dict[str, str]]) -> tuple[Condition, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of tables")
        conditions = []
        for index, item in enumerate(value):
            place = f"{where}[{index}]"
            item = self.table(item, place, CONDITION_KEYS)
            fact, event = item.get("fact"), item.get("event")
            if (fact is None) == (event is None):
                raise self.fail(place, "give exactly one of 'fact' or 'event'")
            conditions.append(
                Condition(
                    fact=fact and self.fact(self.text(fact, f"{place}.fact"), f"{place}.fact"),
                    event=event and self.event(self.text(event, f"{place}.event"), f"{place}.event"),
                    values=self.strings(item.get("in"), f"{place}.in"),
                    when=self.applies(item.get("when"), f"{place}.when"),
                    assume=None
                    if item.get("assume") is None
                    else self.text(item["assume"], f"{place}.assume", optional=True),
                    outcomes=self.strings(item.get("outcome_in"), f"{place}.outcome_in"),
                    at_most=item.get("at_most") and self.text(str(item["at_most"]), f"{place}.at_most"),
                    above=item.get("above") and self.text(str(item["above"]), f"{place}.above"),
                    currency=item.get("currency") and self.text(item["currency"], f"{place}.currency"),
                    reason=self.text(item.get("reason"), f"{place}.reason"),
                    source=item.get("source") and self.source(item["source"], f"{place}.source", params),
                )
            )
        return tuple(conditions)


def parse_pack(text: str, path: str) -> Pack:
    reader = _Reader(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise reader.fail("file", f"not valid TOML ({error})") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise reader.fail("file", "nested far too deeply to be a rule pack") from None
    data = reader.table(data, "file", {"pack", "params", "exclusions", "rules", "claim_outcomes"})
    outcomes = reader.table(data.get("claim_outcomes", {}), "[claim_outcomes]")
    known_outcomes = [o.value for o in vocabulary.ClaimOutcome]
    for name, entry in outcomes.items():
        where = f"[claim_outcomes.{name}]"
        if name not in known_outcomes:
            raise reader.fail(where, f"{name!r} is not a claim outcome (outcomes: {', '.join(known_outcomes)})")
        entry = reader.table(entry, where, OUTCOME_KEYS)
        reader.flag(entry.get("counts_against_odr"), f"{where}.counts_against_odr")
        reader.text(entry.get("label"), f"{where}.label")
    head = reader.table(data.get("pack"), "[pack]", PACK_KEYS)
    params = {
        market: {k: reader.text(v, f"[params.{market}].{k}") for k, v in reader.table(values, market).items()}
        for market, values in reader.table(data.get("params", {}), "[params]").items()
    }
    for market, values in params.items():
        for key, value in values.items():
            # a page, a statute cited beside its period (NAME_source) or "no fixed period": not a duration
            if not (value.startswith(PAGE_SCHEMES) or key.endswith("_source") or value == NO_FIXED_PERIOD):
                reader.duration(value, f"[params.{market}].{key}")
    try:
        effective = date.fromisoformat(str(head.get("effective")))
    except ValueError:
        raise reader.fail("[pack].effective", "expected a date such as 2026-11-01") from None
    role = head.get("role", "buyer")
    if role not in ("buyer", "seller", "any"):
        raise reader.fail("[pack].role", "expected buyer, seller or any")
    rules = []
    seen: set[str] = set()
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise reader.fail("[[rules]]", "a pack needs at least one rule")
    for index, raw in enumerate(raw_rules):
        named = raw.get("id") if isinstance(raw, dict) else None
        where = f"rule {named}" if isinstance(named, str) and named else f"rules[{index}]"
        raw = reader.table(raw, where, RULE_KEYS)
        rule_id = reader.text(raw.get("id"), f"{where}.id")
        if rule_id in seen:
            raise reader.fail(where, "the id is used twice")
        seen.add(rule_id)
        obliged = raw.get("obliged", "you")
        if obliged not in ("you", "them"):
            raise reader.fail(f"{where}.obliged", "expected 'you' or 'them'")
        step = reader.text(raw.get("step"), f"{where}.step", optional=True)
        if step and step not in vocabulary.LADDER_STEPS:
            raise reader.fail(f"{where}.step", f"{step!r} is not a step (steps: {', '.join(vocabulary.LADDER_STEPS)})")
        rolls = reader.flag(raw.get("rolls_to_working_day", False), f"{where}.rolls_to_working_day")
        rules.append(
            Rule(
                id=rule_id,
                title=reader.text(raw.get("title"), f"{where}.title"),
                applies=reader.applies(raw.get("applies"), f"{where}.applies"),
                eligible_from=reader.anchors(raw.get("eligible_from"), f"{where}.eligible_from", params),
                precondition=reader.anchors(raw.get("precondition"), f"{where}.precondition", params),
                deadline=reader.anchors(raw.get("deadline"), f"{where}.deadline", params),
                rolls_to_working_day=rolls,
                exclusions=reader.conditions(raw.get("exclusions"), f"{where}.exclusions", params),
                settled_by=tuple(
                    reader.event(e, f"{where}.settled_by")
                    for e in reader.strings(raw.get("settled_by"), f"{where}.settled_by")
                ),
                requires=tuple(
                    reader.fact(f, f"{where}.requires")
                    for f in reader.strings(raw.get("requires"), f"{where}.requires")
                ),
                source=reader.source(raw.get("source"), f"{where}.source", params),
                action=reader.text(raw.get("action"), f"{where}.action", optional=True),
                note=reader.text(raw.get("note"), f"{where}.note", optional=True),
                obliged=obliged,
                step=step,
                pause=reader.pause(raw.get("paused"), f"{where}.paused"),
                cap=reader.anchors(raw.get("cap"), f"{where}.cap", params),
            )
        )
    return Pack(
        id=reader.text(head.get("id"), "[pack].id"),
        programme=reader.text(head.get("programme"), "[pack].programme"),
        version=reader.text(head.get("version"), "[pack].version"),
        effective=effective,
        source=reader.source(head.get("source"), "[pack].source", params),
        role=role,
        applies=reader.applies(head.get("applies"), "[pack].applies"),
        notes=reader.strings(head.get("notes"), "[pack].notes"),
        params=params,
        exclusions=reader.conditions(data.get("exclusions"), "[[exclusions]]", params),
        rules=tuple(rules),
        extras={"claim_outcomes": outcomes, "statutory": reader.flag(head.get("statutory", False), "[pack].statutory")},
        path=path,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def builtin_dir() -> Path:
    return Path(__file__).with_name("packs")


def user_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path("complaintctl", appauthor=False) / "rules"


_parse_once = lru_cache(maxsize=64)(parse_pack)  # keyed by the text: an edited pack is parsed again


def load_packs(extra_dirs: Iterable[Path] = ()) -> list[Pack]:
    """The built-in packs, then the user's (config folder, then --rules): a user pack replaces a built-in one
    with the same id, so a rule can be updated when a marketplace changes it."""
    packs: dict[str, Pack] = {}
    for folder in (builtin_dir(), user_dir(), *extra_dirs):
        if folder != builtin_dir() and not folder.exists():
            if folder in extra_dirs:
                raise ComplaintError(f"--rules {folder} does not exist: give a folder holding .toml rule packs")
            continue
        if not folder.is_dir():
            raise ComplaintError(f"{folder} is not a folder: --rules takes a folder of .toml rule packs")
        for path in sorted(folder.glob("*.toml")):
            if not path.is_file():  # a FIFO or a device named like a pack would hang the read
                raise ComplaintError(f"rule pack {path} is not a regular file: remove it or replace it with a file")
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ComplaintError(f"rule pack {path} cannot be read ({error}): fix or remove it") from None
            pack = _parse_once(text, str(path))
            packs[pack.id] = pack
    return list(packs.values())
