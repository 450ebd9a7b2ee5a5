"""Rich output for advice. User-supplied values go through Text(), never markup."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from complaintctl.actions.agenda import AgendaItem
from complaintctl.cli.context import stdout_console
from complaintctl.cli.render.layout import Cell, print_rows, print_wrapped

if TYPE_CHECKING:
    from complaintctl.actions.advice import Listed
    from complaintctl.rules.assess import CaseAdvice

STYLES = {
    "eligible": "bold green",
    "not-yet": "yellow",
    "unknown": "magenta",
    "expired": "red",
    "not-eligible": "dim",
    "done": "dim green",
}


# A programme whose step was taken is "used" (its history in the reason), not "done" with it.
SHOWN = {"done": "used"}


def check_view(found: CaseAdvice) -> None:
    console = stdout_console()
    situation = found.situation
    print_wrapped(
        console,
        Text(f"Case {situation.case_id}: {situation.facts.get('title', '')}  (today {situation.today})", style="bold"),
    )
    rows: list[list[Cell]] = []
    for result in found.results:
        rule = Text(result.title)
        version = f" · v{result.pack_version}" if result.pack_version else ""  # none: no pack covers the country
        rule.append(f"\n{result.programme} · {result.rule}{version}", style="dim")
        why = Text(result.reason)
        if result.action and result.status == "eligible":
            why.append(f"\n→ {result.action}", style="cyan")
        if result.source:
            why.append(f"\nSource: {result.source}", style="dim")
        start = result.eligible_at.strftime("%Y-%m-%d %H:%M") if result.eligible_at else (result.eligible_from or "")
        rows.append(
            [
                Text(SHOWN.get(result.status, result.status), style=STYLES.get(result.status, "")),
                rule,
                str(start),
                str(result.deadline or ""),
                why,
            ]
        )
    print_rows(console, ["Status", "Rule", "From", "Deadline", "Why"], rows, whole=(0, 2, 3), show_lines=True)
    if found.standing:
        standing = found.standing
        counts = "counts" if standing["counts_against_odr"] else "does not count"
        print_wrapped(
            console,
            Text(
                f"Claim decided {standing['decided']}: {standing['label']} It {counts} against your "
                "order defect rate (target under 1 % over 60 days)."
            ),
        )


def next_view(found: CaseAdvice) -> None:
    console = stdout_console()
    advice = found.advice
    head = Text(f"Case {advice.case_id} — next: ", style="bold")
    head.append(advice.title, style="bold cyan")
    if advice.do_by:
        late = (found.situation.today - advice.do_by).days
        overdue = f" (overdue by {late} day{'s' if late > 1 else ''})" if late > 0 else ""
        head.append(f"  by {advice.do_by}{overdue}", style="bold red" if late > 0 else "bold")
    print_wrapped(console, head)
    print_wrapped(console, Text(f"Why: {advice.why}"))
    if advice.how:
        print_wrapped(console, Text(f"How: {advice.how}"))
    if advice.statutory:
        print_wrapped(console, Text(advice.statutory, style="magenta"))
    for promise in advice.overdue_promises:
        print_wrapped(
            console,
            Text(
                f"Overdue promise (event {promise['event']}): {promise['what']}, due {promise['due'][:10]},"
                f" {promise['days_overdue']} day(s) late",
                style="red",
            ),
        )
    for repeat in advice.repeated_promises:
        print_wrapped(
            console,
            Text(
                f"Promised {repeat['times']} times: {repeat['what']} (events {', '.join(map(str, repeat['events']))})",
                style="yellow",
            ),
        )
    if advice.follow_up and advice.step != "follow-up":
        print_wrapped(console, Text(advice.follow_up, style="yellow"))
    for caution in advice.cautions:
        print_wrapped(console, Text(f"Caution: {caution}", style="bold red"))
    for flag in advice.flags:
        print_wrapped(console, Text(f"Warning: {flag}", style="bold yellow"))
    if advice.deadlines:
        closing = advice.deadlines[0]
        print_wrapped(
            console,
            Text(
                f"Earliest deadline: {closing['deadline']} ({closing['days_left']} days): {closing['title']}",
                style="dim",
            ),
        )


def next_table(every: list[Listed], today: date) -> None:
    """Up to PLAIN_ROWS cases: a Rich table (above, cli/render/plain.py streams plain lines without Rich)."""
    rows: list[list[Cell]] = []
    for listed in every:
        late = listed.do_by is not None and listed.do_by < today
        rows.append(
            [
                str(listed.case_id),
                Text(listed.title),
                Text(listed.step_title),
                Text(str(listed.do_by or ""), style="bold red" if late else ""),
                str(listed.overdue or ""),
            ]
        )
    print_rows(stdout_console(), ["#", "Case", "Next step", "By", "Promises overdue"], rows, right=(0, 4), whole=(3,))


def agenda_table(items: list[AgendaItem], today: date) -> None:
    """Up to PLAIN_ROWS items: a Rich table (above, cli/render/plain.py streams plain lines without Rich)."""
    rows: list[list[Cell]] = []
    for item in items:
        style = "bold red" if item.due < today else ("bold" if item.due == today else "")
        rows.append([Text(str(item.due), style=style), Text(f"{item.case_id} {item.case_title}"), Text(item.text)])
    print_rows(stdout_console(), ["Date", "Case", "What"], rows, whole=(0,))
