"""An independent set of scenarios (tests/scenarios/*.toml), each derived from a programme's or a legislator's own
text and run through the real CLI: `new`, `log`, then `next --json` and `check --json` (issue 15, "Done means").

The expected answers were worked out from the sources each scenario names, not from the rule packs: a scenario
that fails says either that the tool is wrong or that the scenario misread its source, and both are worth knowing.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCENARIOS = Path(__file__).parent / "scenarios"

SCENARIO_KEYS = {"id", "source", "now", "case", "events", "expect", "xfail", "note"}
EVENT_KEYS = {"event", "at", "outcome", "text", "target", "reopen", "refused"}
EXPECT_KEYS = {"step", "do_by", "step_not", "rules", "absent_rules", "said", "not_said", "overdue"}
RULE_KEYS = {"status", "status_not", "eligible_from", "deadline", "reason_has", "reason_lacks"}


def load() -> Iterator[Any]:
    for path in sorted(SCENARIOS.glob("*.toml")):
        for scenario in tomllib.loads(path.read_text(encoding="utf-8"))["scenario"]:
            marks = [pytest.mark.xfail(reason=scenario["xfail"], strict=False)] if "xfail" in scenario else []
            yield pytest.param(scenario, id=f"{path.stem}:{scenario['id']}", marks=marks)


ALL = list(load())


def test_every_scenario_is_well_formed() -> None:
    """A misspelt key would make a scenario that cannot fail: every key is known, every scenario expects
    something, names a source with an address and has a unique id."""
    ids = [param.values[0]["id"] for param in ALL]
    assert len(ids) == len(set(ids)), sorted(name for name in ids if ids.count(name) > 1)
    assert len(ids) >= 60, len(ids)
    for param in ALL:
        scenario = param.values[0]
        name = scenario["id"]
        assert set(scenario) <= SCENARIO_KEYS, (name, set(scenario) - SCENARIO_KEYS)
        assert "http" in scenario["source"], name
        assert scenario["expect"], name
        assert set(scenario["expect"]) <= EXPECT_KEYS, (name, set(scenario["expect"]) - EXPECT_KEYS)
        for event in scenario.get("events", []):
            assert set(event) <= EVENT_KEYS, (name, set(event) - EVENT_KEYS)
        for rule, wanted in scenario["expect"].get("rules", {}).items():
            assert wanted and set(wanted) <= RULE_KEYS, (name, rule, set(wanted) - RULE_KEYS)


# Words that never follow each other in a sentence the tool writes: a doubled word, "your the marketplace's", a
# placeholder left unfilled (issue 15, "Words").
BROKEN = re.compile(r"\b([^\W\d_]+) \1\b|\byour (?:the|a|an)\b|[{}]|\b(?:None|null)\b", re.IGNORECASE)


def broken_sentences(advice: dict[str, Any], checked: dict[str, Any]) -> list[str]:
    texts = [advice["title"], advice["why"], advice["how"], *advice["cautions"], advice["follow_up"] or ""]
    texts += [result[field] for result in checked["results"] for field in ("title", "reason", "action")]
    found = [f"broken sentence: {text!r}" for text in texts if BROKEN.search(text)]
    return found + [f"{result['rule']}: empty reason" for result in checked["results"] if not result["reason"].strip()]


def words(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False).lower()


@pytest.mark.parametrize("scenario", ALL)
def test_scenario(cli: Any, monkeypatch: pytest.MonkeyPatch, scenario: dict[str, Any]) -> None:
    monkeypatch.setenv("COMPLAINTCTL_NOW", scenario["now"])
    args = ["new", "--json", "--title", scenario["id"]]
    for option, value in scenario["case"].items():
        args += ["--" + option.replace("_", "-"), str(value)]
    case = str(cli(*args).json()["id"])
    for event in scenario.get("events", []):
        entry = ["log", case, event.get("text", event["event"]), "--event", event["event"], "--at", event["at"]]
        for option in ("outcome", "target"):
            if option in event:
                entry += ["--" + option, event[option]]
        if event.get("reopen"):
            entry.append("--reopen")
        if event.get("refused"):
            assert "reopen" in cli.fails(*entry), scenario["id"]
        else:
            cli(*entry)
    advice = cli("next", case, "--json").json()
    checked = cli("check", case, "--json").json()
    results = {result["rule"]: result for result in checked["results"]}
    expect = scenario["expect"]
    wrong: list[str] = []  # every difference at once: one run tells the whole story of a scenario
    for field, key in (("step", "step"), ("do_by", "do_by"), ("overdue", "days_overdue")):
        if field in expect and advice[key] != expect[field]:
            wrong.append(f"next {key}: {advice[key]!r}, expected {expect[field]!r}")
    if advice["step"] in expect.get("step_not", []):
        wrong.append(f"next step: {advice['step']!r}, which it must not be")
    for rule, wanted in expect.get("rules", {}).items():
        if rule not in results:
            wrong.append(f"{rule}: not in check ({', '.join(sorted(results))})")
            continue
        got = results[rule]
        for field in ("status", "eligible_from", "deadline"):
            if field in wanted and got[field] != wanted[field]:
                wrong.append(f"{rule} {field}: {got[field]!r}, expected {wanted[field]!r} ({got['reason']})")
        if got["status"] in wanted.get("status_not", []):
            wrong.append(f"{rule} status: {got['status']!r}, which it must not be ({got['reason']})")
        wrong += [
            f"{rule} reason lacks {text!r}"
            for text in wanted.get("reason_has", [])
            if text.lower() not in got["reason"].lower()
        ]
        wrong += [
            f"{rule} reason says {text!r}"
            for text in wanted.get("reason_lacks", [])
            if text.lower() in got["reason"].lower()
        ]
    for rule in expect.get("absent_rules", []):
        if rule in results and results[rule]["status"] != "not-eligible":
            wrong.append(f"{rule}: {results[rule]['status']!r}, expected absent or not-eligible")
    everything = words(advice) + words(checked)
    wrong += broken_sentences(advice, checked)
    wrong += [f"never says {text!r}" for text in expect.get("said", []) if text.lower() not in everything]
    wrong += [f"says {text!r}" for text in expect.get("not_said", []) if text.lower() in everything]
    assert not wrong, (
        f"{scenario['id']} ({scenario['source']}):\n  " + "\n  ".join(wrong) + f"\nnext: {json.dumps(advice, indent=1)}"
    )
