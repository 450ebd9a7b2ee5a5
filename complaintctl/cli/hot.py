"""The bodies of the commands run most often, `log` with a note, `new`, `list`, `next` and `agenda`, without
Typer: the Typer commands (cli/log.py, cli/cases.py, cli/advice.py) parse and call them, and so does the launcher's fast path (launcher.py), which
parses the same arguments from the spec generated from those commands (cli/spec.py). No Typer, Click or Rich
here: the fast path exists to start without them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from complaintctl.cli.session import AppContext, echo, emit_json, report_event, say
from complaintctl.core.casefile import Event
from complaintctl.core.vocabulary import FACT_FLAGS

if TYPE_CHECKING:
    from complaintctl.actions.record import EntryDraft

# Fact name -> its parameter name, in the order facts are parsed and stored.
FACT_PARAMETERS = {fact: flag[2:].replace("-", "_") for fact, flag in FACT_FLAGS.items()}
Facts = dict[str, str | None]


def facts_of(values: Mapping[str, Any]) -> Facts:
    """The fact options' values as text keyed by fact name (enum choices become their values)."""
    return {
        fact: None if values[parameter] is None else str(values[parameter])
        for fact, parameter in FACT_PARAMETERS.items()
    }


def open_new(context: AppContext, facts: Facts, *, note: str, as_json: bool) -> None:
    """`new`: open a case and say its number (the number alone on stdout, for scripts)."""
    from complaintctl.actions.record import open_case

    event = open_case(context.store("new"), facts, note=note)
    if as_json:
        emit_json({"id": event.case_id, "event": event.id, "facts": event.details["facts"], "hash": event.hash})
        return
    stored = event.details["facts"]
    say(f"Opened case {event.case_id}: {stored['title']}")
    if facts["country"] is None and "country" in stored:
        say(
            f"Country set to {stored['country']} from {stored['marketplace']} "
            f"(change it with: complaintctl set {event.case_id} --country XX)"
        )
    echo(str(event.case_id))


def list_cases(context: AppContext, *, open_only: bool, limit: int | None, as_json: bool) -> None:
    """`list`: one line per case, most recently active first (plain lines above PLAIN_ROWS, without Rich)."""
    from complaintctl.core import clock

    summaries = context.store("list").cases(
        now_utc=clock.utc_stamp(clock.now()), include_resolved=not open_only, limit=limit
    )
    if as_json:
        from complaintctl.cli.render.json import summary_document

        emit_json([summary_document(s) for s in summaries])
        return
    if not summaries:
        say('No cases yet. Open one with: complaintctl new --title "What went wrong"')
        return
    from complaintctl.cli.pager import paged
    from complaintctl.cli.render.plain import PLAIN_ROWS, case_lines

    with paged(context.pager):
        if len(summaries) > PLAIN_ROWS:  # a long listing loads no Rich
            case_lines(summaries)
        else:
            from complaintctl.cli.render.cases import case_list

            case_list(summaries)


def entry_draft(text: str, event: str | None, *, attach: list[Path] | None, **fields: Any) -> EntryDraft:
    """What `log` was given, as the action takes it: the one place both parsers' values become a draft."""
    from complaintctl.actions.record import EntryDraft

    return EntryDraft(text=text, milestone=event, attach=tuple(attach or ()), **fields)


def log_entry(
    context: AppContext,
    case: int,
    text: str,
    event: str | None,
    *,
    at: str | None,
    channel: str | None,
    agent: str | None,
    ref: str | None,
    direction: str | None,
    duration: str | None,
    promise: str | None,
    due: str | None,
    outcome: str | None,
    target: str | None,
    attach: list[Path] | None,
    force: bool,
    reopen: bool,
    as_json: bool,
) -> None:
    """`log` of a note, a milestone, a promise or files (not an email or a transcript) with its text given."""
    from complaintctl.actions.record import log_event

    draft = entry_draft(
        text,
        event,
        at=at,
        channel=channel,
        agent=agent,
        ref=ref,
        direction=direction,
        duration=duration,
        promise=promise,
        due=due,
        outcome=outcome,
        target=target,
        attach=attach,
        force=force,
        reopen=reopen,
    )
    say_links(list(attach or ()))
    stored = log_event(context.store("log"), case, draft)
    report_event(stored, as_json)
    if attach:
        read_text_later(context, stored)


def read_text_later(context: AppContext, stored: Event) -> None:
    """After the acknowledgement: pictures get their text read by a detached process, or a hint, once."""
    from complaintctl.actions.ocr import has_pictures, install_hint_due, start_background_reading

    current = context.store("log")
    if not has_pictures(current, stored) or start_background_reading(current, stored.case_id):
        return
    if install_hint_due(current):
        from complaintctl.evidence.ocr import INSTALL_HINT

        say(f"Note: {INSTALL_HINT}.")


def say_links(paths: list[Path]) -> None:
    if not paths:
        return
    from complaintctl.evidence.files import followed_link

    for path in paths:
        notice = followed_link(path)
        if notice:
            say(f"Note: {notice}")


def next_steps(context: AppContext, *, case: int | None, rules: list[Path] | None, as_json: bool) -> None:
    """`next`: one case's next step, or every open case's, most urgent first (plain lines above PLAIN_ROWS)."""
    from complaintctl.actions import advice
    from complaintctl.core import clock

    loaded, now, current = advice.packs(rules), clock.now(), context.store("next")
    if case is not None:
        found = advice.advise(current, case, loaded, now)
        if as_json:
            emit_json(found.advice.as_dict())
            return
        from complaintctl.cli.pager import paged
        from complaintctl.cli.render.advice import next_view

        with paged(context.pager):
            next_view(found)
        return
    from complaintctl.collector import paused

    with paused():  # thousands of cases' advice, read and printed: objects without cycles
        every = advice.advise_open_cases(current, loaded, now, whole=as_json)
        if as_json:
            emit_json([listed.advice.as_dict() for listed in every if listed.advice is not None])
            return
        if not every:
            say("No open cases.")
            return
        from complaintctl.cli.pager import paged
        from complaintctl.cli.render.plain import PLAIN_ROWS

        with paged(context.pager):
            if len(every) > PLAIN_ROWS:  # plain lines, without loading Rich
                from complaintctl.cli.render.plain import next_lines

                next_lines(every, now.date())
            else:
                from complaintctl.cli.render.advice import next_table

                next_table(every, now.date())


def agenda(context: AppContext, *, days: int, ics: Path | None, rules: list[Path] | None, as_json: bool) -> None:
    """`agenda`: what falls due within ``days`` across open cases (overdue items always)."""
    from complaintctl.actions import advice
    from complaintctl.actions.agenda import agenda_items
    from complaintctl.collector import paused
    from complaintctl.core import clock

    now = clock.now()
    with paused():  # thousands of cases' advice, read and printed: objects without cycles
        items = agenda_items(
            advice.advise_open_cases(context.store("agenda"), advice.packs(rules), now), now.date(), days
        )
        if ics is not None:
            from complaintctl.actions.agenda import write_ics

            write_ics(items, ics, now)
            say(f"Wrote {len(items)} event(s) to {ics}.")
        if as_json:
            emit_json([item.as_dict() for item in items])
            return
        if not items:
            say(f"Nothing due in the next {days} days.")
            return
        from complaintctl.cli.pager import paged
        from complaintctl.cli.render.plain import PLAIN_ROWS

        with paged(context.pager):
            if len(items) > PLAIN_ROWS:  # plain lines, without loading Rich
                from complaintctl.cli.render.plain import agenda_lines

                agenda_lines(items, now.date())
            else:
                from complaintctl.cli.render.advice import agenda_table

                agenda_table(items, now.date())
