"""The agenda: dated items across open cases, and the same as an iCalendar file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from complaintctl.actions.private_files import write_private

if TYPE_CHECKING:
    from complaintctl.actions.advice import Listed


class AgendaItem(NamedTuple):
    due: date
    case_id: int
    case_title: str
    kind: str  # step, promise, deadline, their-deadline
    text: str
    key: str  # stable across runs, for calendar UIDs

    def as_dict(self) -> dict[str, Any]:
        return {**self._asdict(), "due": self.due.isoformat()}


def agenda_items(cases: list[Listed], today: date, days: int) -> list[AgendaItem]:
    horizon = today + timedelta(days=days)
    items: list[AgendaItem] = []
    for listed in cases:
        case_id, title = listed.case_id, listed.title
        if listed.do_by and listed.step != "done":
            late = (today - listed.do_by).days
            overdue = f" (overdue by {late} day{'s' if late > 1 else ''})" if late > 0 else ""
            text = f"{listed.step_title}{overdue}: {listed.why}"
            items.append(AgendaItem(listed.do_by, case_id, title, "step", text, f"step-{listed.step}"))
        for due, event_id, what in listed.promises:
            follow_up = " (overdue: follow up)" if due < today else ""
            items.append(
                AgendaItem(
                    due,
                    case_id,
                    title,
                    "promise",
                    f"Promise due: {what} (event {event_id}){follow_up}",
                    f"promise-{event_id}",
                )
            )
        for due, obliged, rule_title, rule in listed.deadlines:
            kind = "deadline" if obliged == "you" else "their-deadline"
            label = "Last day" if kind == "deadline" else f"They must answer by {due}"
            items.append(AgendaItem(due, case_id, title, kind, f"{label}: {rule_title}", f"deadline-{rule}"))
    kept = [item for item in items if item.due <= horizon]
    return sorted(kept, key=itemgetter(0, 1, 3, 5))  # due, case, kind, key: C-level keys for 30,000 items


# When each kind of item rings, relative to the start of its all-day event (midnight, the calendar's own time):
# what you must do by a date rings at 09:00 the day before, leaving a day to act; what someone else must do
# (a promised callback or refund, their answer) rings at 09:00 on the day, when it can be checked.
ON_THE_DAY, DAY_BEFORE = timedelta(hours=9), timedelta(hours=9 - 24)
ALARM_BEFORE: dict[str, timedelta] = {
    "step": DAY_BEFORE,
    "deadline": DAY_BEFORE,
    "promise": ON_THE_DAY,
    "their-deadline": ON_THE_DAY,
}


def _alarm(item: AgendaItem, today: date) -> Any:
    import icalendar

    trigger = ALARM_BEFORE[item.kind]
    if trigger == DAY_BEFORE and item.due <= today:
        trigger = ON_THE_DAY  # due today: the day before is gone, so it rings this morning
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    when = "Tomorrow" if trigger == DAY_BEFORE else "Today"
    alarm.add("description", f"{when}: [case {item.case_id}] {item.text[:120]}")
    return alarm


def write_ics(items: list[AgendaItem], path: Path, now: datetime) -> None:
    """All-day events, one per item, each with a reminder, written whole or not at all, readable by the owner alone."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//complaintctl//agenda//EN")
    calendar.add("version", "2.0")
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"case-{item.case_id}-{item.key}@complaintctl")
        event.add("dtstamp", now)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", f"[case {item.case_id}] {item.text[:120]}")
        event.add("description", f"{item.case_title}\n{item.text}")
        if item.due >= now.date():  # a reminder of a day already gone would ring at once, on every refresh
            event.add_component(_alarm(item, now.date()))
        calendar.add_component(event)
    write_private(path, calendar.to_ical())
