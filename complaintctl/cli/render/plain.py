"""Long listings streamed as plain aligned text: Rich lays out a table of 10,000 rows in seconds, and a
person reads such a list in a pager or with grep anyway. Short listings keep their Rich tables."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from complaintctl.core.encoding import visible

if TYPE_CHECKING:
    from datetime import date

    from complaintctl.actions.advice import Listed
    from complaintctl.actions.agenda import AgendaItem
    from complaintctl.store import CaseSummary

PLAIN_ROWS = 200  # above this many rows, listings are streamed as plain text


def utc_short(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else ""


def case_lines(summaries: list[CaseSummary]) -> None:
    """`list` over PLAIN_ROWS cases: plain lines, without loading Rich at all."""
    stream_table(
        ["#", "Title", "Status", "Last activity", "Promises"],
        [
            [
                str(s.id),
                s.title,
                s.status,
                utc_short(s.last_activity_utc),
                f"{s.open_promises}" + (f" ({s.overdue_promises} overdue)" if s.overdue_promises else ""),
            ]
            for s in summaries
        ],
        flexible=1,
        right=(0, 4),
    )


def next_lines(every: list[Listed], today: date) -> None:
    """`next` over PLAIN_ROWS cases: plain lines, without loading Rich."""
    stream_table(
        ["#", "Case", "Next step", "By", "Promises overdue"],
        [
            [
                str(listed.case_id),
                listed.title,
                listed.step_title,
                f"{listed.do_by or ''}" + (" (overdue)" if listed.do_by and listed.do_by < today else ""),
                str(listed.overdue or ""),
            ]
            for listed in every
        ],
        flexible=1,
        right=(0, 4),
    )


def agenda_lines(items: list[AgendaItem], today: date) -> None:
    """`agenda` over PLAIN_ROWS items: plain lines, without loading Rich."""
    stream_table(
        ["Date", "Case", "What"],
        [
            [f"{item.due}" + (" overdue" if item.due < today else ""), f"{item.case_id} {item.case_title}", item.text]
            for item in items
        ],
        flexible=2,
    )


def _flat(text: str) -> str:
    """One line, escaped: most cells already are (isprintable excludes line breaks too), so they pass as they are."""
    if text.isprintable() and "  " not in text:
        return text
    return visible(" ".join(text.split()))


def _flat_column(cells: list[str]) -> list[str]:
    """_flat over a column, checked whole first: "|" is printable and makes no double space, so the joined
    column passes exactly when every cell does (the usual case: one check instead of 10,000)."""
    joined = "|".join(cells)
    if joined.isprintable() and "  " not in joined:
        return cells
    return [_flat(cell) for cell in cells]


def terminal_width() -> int | None:
    """COLUMNS, or the terminal's width; None into a pipe or a file, where a row stays one whole line."""
    import os

    from complaintctl.cli.pager import paging_width

    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else paging_width()


def stream_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, flexible: int, right: Sequence[int] = ()
) -> None:
    """Columns as wide as their widest value, the ``flexible`` one taking what the terminal has left and
    wrapping between words; when even its longest word has no room, one block of ``label: value`` per row."""
    width = terminal_width()
    columns = [_flat_column([str(cell) for cell in column]) for column in zip(*rows, strict=True)] or [
        [] for _ in headers
    ]
    widths = [
        max(len(header), max(map(len, column), default=0)) for header, column in zip(headers, columns, strict=True)
    ]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(headers) - 1)
    continued: dict[int, list[str]] = {}
    if width is not None and widths[flexible] > width - fixed:
        room = width - fixed
        longest = max(len(word) for cell in [headers[flexible], *columns[flexible]] for word in cell.split() or [""])
        if longest > room:
            _stream_blocks(headers, [list(row) for row in zip(*columns, strict=True)], width)
            return
        widths[flexible] = room
        wrapped = columns[flexible]
        for index, cell in enumerate(wrapped):
            if len(cell) > room:
                first, *rest = _wrap(cell, room)
                wrapped[index] = first
                continued[index + 2] = rest  # after the header and its rule

    # Column by column: one pass per column over 30,000 rows costs a third of a pass per cell.
    padded = []
    for i, width_of_column in enumerate(widths):
        column = [headers[i], "-" * width_of_column, *columns[i]]
        padded.append(
            [cell.rjust(width_of_column) for cell in column]
            if i in right
            else [cell.ljust(width_of_column) for cell in column]
        )
    lines = ["  ".join(cells).rstrip() for cells in zip(*padded, strict=True)]
    if continued:
        indent = " " * (sum(widths[:flexible]) + 2 * flexible)
        lines = [
            part
            for index, line in enumerate(lines)
            for part in [line, *(indent + rest for rest in continued.get(index, ()))]
        ]
    sys.stdout.write("\n".join(lines) + "\n")


def _wrap(text: str, width: int) -> list[str]:
    """Greedy lines of whole words; the caller made sure every word fits."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def _stream_blocks(headers: Sequence[str], rows: list[list[str]], width: int) -> None:
    label_width = max(len(h) for h in headers) + 2
    room = max(20, width - label_width)
    out = []
    for row in rows:
        for header, cell in zip(headers, row, strict=True):
            if not cell:
                continue
            parts = _wrap(cell, room) if len(cell) > room else [cell]
            out.append(f"{header}:".ljust(label_width) + parts[0])
            out.extend(" " * label_width + part for part in parts[1:])
        out.append("")
    sys.stdout.write("\n".join(out))
