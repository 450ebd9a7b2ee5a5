"""Rich output for people. Every user-supplied value goes through Text(), never through markup parsing,
so a note containing "[bold]" or "[link=...]" prints as typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from complaintctl.core.casefile import BROKEN, KEPT, CaseState
from complaintctl.core.timeline import TimelineEntry
from complaintctl.evidence.dkim_check import label as dkim_label

if TYPE_CHECKING:
    from complaintctl.evidence.threads import ThreadFlag
from complaintctl.cli.context import stdout_console
from complaintctl.cli.render.layout import Cell, print_rows
from complaintctl.cli.render.plain import PLAIN_ROWS, case_lines, stream_table, utc_short
from complaintctl.core.clock import humanize
from complaintctl.core.vocabulary import FACT_LABELS
from complaintctl.evidence.files import AttachmentInfo
from complaintctl.store import MATCH_END, MATCH_START, CaseSummary, SearchHit


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


def case_list(summaries: list[CaseSummary]) -> None:
    """The table of `list` (a listing over PLAIN_ROWS is plain.case_lines, which loads no Rich)."""
    if len(summaries) > PLAIN_ROWS:
        case_lines(summaries)
        return
    rows: list[list[Cell]] = []
    for s in summaries:
        promises = Text(str(s.open_promises))
        if s.overdue_promises:
            promises.append(f" ({s.overdue_promises} overdue)", style="bold red")
        rows.append([str(s.id), Text(s.title), Text(s.status), utc_short(s.last_activity_utc), promises])
    print_rows(
        stdout_console(),
        ["#", "Title", "Status", "Last activity", "Promises"],
        rows,
        right=(0, 4),
        whole=(3,),
        show_edge=False,
    )


def case_view(
    state: CaseState,
    entries: list[TimelineEntry],
    attachments: dict[str, AttachmentInfo],
    now_utc: str,
    flags: list[ThreadFlag],
    *,
    total: int,
    every: bool = False,
) -> None:
    """The facts, then the latest entries newest first and a line saying how to see the rest; with ``every``,
    the whole timeline oldest first. ``entries`` may already be only the latest; ``total`` counts them all."""
    console = stdout_console()
    # Text read from a picture is shown under the picture, not as an entry of its own.
    read = {str(e.event.details["ocr"].get("sha256")): e.event for e in entries if _is_reading(e)}
    entries = [e for e in entries if not _is_reading(e)]
    total -= len(read)
    if flags:
        from complaintctl.cli.render.layout import print_wrapped
        from complaintctl.cli.render.mail import flag_lines

        for line in flag_lines(flags):
            print_wrapped(console, line)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Case", Text(f"{state.id}: {state.title}"))
    for name, label in FACT_LABELS.items():
        if name != "title" and name in state.facts:
            facts.add_row(label, Text(str(state.facts[name])))
    facts.add_row("Status", Text(state.status))
    open_count = sum(p.state == "open" for p in state.promises.values())
    overdue = [p for p in state.promises.values() if p.overdue(now_utc)]
    line = Text(f"{open_count} open")
    if overdue:
        line.append(f", {len(overdue)} overdue", style="bold red")
    facts.add_row("Promises", line)
    facts.add_row("Chain head", Text(state.head_hash))
    console.print(facts)
    console.print()
    if every and total > PLAIN_ROWS:
        stream_table(
            ["#", "When", "What", "Text"],
            [[str(e.event.id), humanize(e.occurred), e.event.kind, e.text or ""] for e in entries],
            flexible=3,
            right=(0,),
        )
        return
    title = (
        "Timeline" if every else ("Latest entries, newest first" if total > len(entries) else "Timeline, newest first")
    )
    timeline = Table(title=title, title_justify="left", show_lines=True, header_style="bold", expand=True)
    timeline.add_column("#", justify="right", no_wrap=True)
    timeline.add_column("When", no_wrap=True)
    timeline.add_column("What", no_wrap=True)
    timeline.add_column("Details", ratio=1, overflow="fold")
    for entry in entries if every else reversed(entries):
        timeline.add_row(str(entry.event.id), _when(entry), Text(entry.event.kind), _details(entry, attachments, read))
    console.print(timeline)
    if not every and total > len(entries):
        rest = total - len(entries)
        more = (
            f"complaintctl show {state.id} --last {min(PLAIN_ROWS, max(50, 2 * len(entries)))}; "
            if len(entries) < PLAIN_ROWS
            else ""
        )
        console.print(
            Text(
                f"{rest:,} earlier {'entry' if rest == 1 else 'entries'} not shown. More: {more}every entry, "
                f"oldest first: complaintctl show {state.id} --all (or complaintctl export {state.id}).",
                style="bold",
            )
        )


def _when(entry: TimelineEntry) -> Text:
    when = Text(humanize(entry.occurred))
    if entry.event.backdated:
        when.append(f"\nrecorded {utc_short(entry.event.recorded_utc)}", style="dim")
    return when


TRANSCRIPT_LINES = 40
PREVIEW_CHARS = 600


def _email_lines(mail: dict[str, Any], text: str) -> list[Text]:
    head = Text(f"From {mail.get('from', '?')} to {', '.join(mail.get('to', [])) or '?'}", style="cyan")
    if mail.get("reply_to"):
        head.append(f" · reply to {', '.join(mail['reply_to'])}")
    head.append(f" · {dkim_label(mail)}")
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    lines = [Text(f"Subject: {mail.get('subject', '')}", style="bold"), head]
    if body:
        preview = body[:PREVIEW_CHARS]
        more = len(body) - len(preview)
        lines.append(Text(preview + (f"… ({more} more characters in the export)" if more else "")))
    for warning in mail.get("warnings", []):
        lines.append(Text(f"import warning: {warning}", style="dim"))
    return lines


def _transcript_lines(transcript: dict[str, Any]) -> list[Text]:
    """The first TRANSCRIPT_LINES lines: a terminal is no place for a million, the export holds them all."""
    entries = transcript.get("entries", [])
    lines = []
    for item in entries[:TRANSCRIPT_LINES]:
        line = Text(f"{item.get('time') or '':>5} ", style="dim")
        if item.get("speaker"):
            line.append(f"{item['speaker']}: ", style="bold")
        line.append(str(item.get("text", "")))
        lines.append(line)
    if len(entries) > TRANSCRIPT_LINES:
        lines.append(
            Text(f"… {len(entries) - TRANSCRIPT_LINES:,} more lines (complaintctl export has them all)", style="dim")
        )
    return lines


def _is_reading(entry: TimelineEntry) -> bool:
    return entry.event.kind == "ocr" and isinstance(entry.event.details.get("ocr"), dict)


def _reading_lines(reading: Any) -> list[Text]:
    found = reading.details["ocr"]
    confidence = found.get("confidence")
    score = f", confidence {confidence:.0f}%" if isinstance(confidence, int | float) else ""
    head = Text(
        f"   text read by machine ({found.get('engine', '?')}, {'+'.join(found.get('languages', []))}{score}; "
        f"event {reading.id}):",
        style="dim",
    )
    body = reading.text or "(no text found)"
    more = len(body) - PREVIEW_CHARS
    return [
        head,
        Text("   " + body[:PREVIEW_CHARS].replace("\n", "\n   ") + (f"… ({more} more characters)" if more > 0 else "")),
    ]


def _details(entry: TimelineEntry, attachments: dict[str, AttachmentInfo], read: dict[str, Any] | None = None) -> Group:
    parts: list[Text] = []
    details = entry.event.details
    if entry.event.kind == "email" and isinstance(details.get("email"), dict):
        parts += _email_lines(details["email"], entry.text)
    elif entry.event.kind == "transcript" and isinstance(details.get("transcript"), dict):
        if details.get("note"):
            parts.append(Text(str(details["note"])))
        parts += _transcript_lines(details["transcript"])
    elif entry.text:
        parts.append(Text(entry.text))
    fields = entry.fields
    meta = [
        f"{name}: {fields[name]}"
        for name in ("channel", "direction", "agent", "ref", "outcome", "target")
        if name in fields
    ]
    if "duration_s" in fields:
        minutes, seconds = divmod(int(fields["duration_s"]), 60)
        meta.append(f"duration: {minutes}m{seconds:02d}s")
    if meta:
        parts.append(Text(" · ".join(meta), style="cyan"))
    if entry.event.kind == "marketplace-record":
        parts.append(Text(f"from the marketplace's data export (import event {details.get('import')})", style="cyan"))
    if entry.event.kind == "opened":
        parts.append(Text("case opened", style="cyan"))
    facts = entry.event.details.get("facts")
    if isinstance(facts, dict) and entry.event.kind == "facts":
        parts.append(Text(", ".join(f"{k} = {v}" for k, v in facts.items()), style="cyan"))
    if entry.promise is not None:
        promise = entry.promise
        style = {KEPT: "green", BROKEN: "bold red"}.get(promise.state, "yellow")
        parts.append(Text(f"Promise: {promise.what}, due {humanize(promise.due)}, {promise.state}", style=style))
    if entry.event.kind in ("promise-kept", "promise-broken"):
        parts.append(Text(f"about the promise in event {entry.event.details.get('promise')}", style="dim"))
    for attachment in entry.event.attachments:
        info = attachments.get(attachment.get("sha256", ""))
        label = Text("📎 ")
        label.append(Text(str(attachment.get("name", "?"))))
        if info is None:
            label.append(" (missing from the database)", style="bold red")
        else:
            size = f" {info.width_px}×{info.height_px}" if info.width_px else ""
            label.append(f"  {info.media_type}{size}, {_size(info.size_bytes)}, sha256 {info.sha256}", style="dim")
        parts.append(label)
        reading = (read or {}).get(str(attachment.get("sha256")))
        if reading is not None:
            parts += _reading_lines(reading)
    if entry.corrections:
        corrected = ", ".join(str(c.id) for c in entry.corrections)
        history = Text(f"corrected by event {corrected}; originally: ", style="magenta")
        history.append(Text(entry.event.text or "(no text)"))
        if entry.occurred != entry.event.occurred:
            history.append(f" at {humanize(entry.event.occurred)}")
        parts.append(history)
    if entry.event.details.get("forced"):
        parts.append(Text("time in the future accepted with --force", style="dim"))
    if entry.event.details.get("clock_override"):
        fixed = str(entry.event.details["clock_override"])
        parts.append(Text(f"recorded under a replaced clock (COMPLAINTCTL_NOW={fixed})", style="dim"))
    return Group(*parts)


def search_results(hits: list[SearchHit]) -> None:
    table = Table(show_edge=False, header_style="bold")
    table.add_column("Case")
    table.add_column("Event", justify="right")
    table.add_column("When", no_wrap=True)
    table.add_column("Found")
    for hit in hits:
        table.add_row(
            Text(f"{hit.case_id} {hit.case_title}"), str(hit.event_id), humanize(hit.occurred), _highlight(hit.snippet)
        )
    stdout_console().print(table)


def _highlight(snippet: str) -> Text:
    text = Text()
    rest = snippet
    while MATCH_START in rest:
        before, _, after = rest.partition(MATCH_START)
        matched, _, rest = after.partition(MATCH_END)
        text.append(before)
        text.append(matched, style="bold yellow")
    text.append(rest)
    return text
