"""Rich output for emails and thread warnings. Every value from an email goes through Text()."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from complaintctl.cli.context import stdout_console
from complaintctl.cli.render.layout import Cell, print_rows, print_wrapped
from complaintctl.core.clock import humanize
from complaintctl.evidence.threads import ThreadFlag


def flag_lines(flags: list[ThreadFlag]) -> list[Text]:
    return [Text(f"⚠ {flag.message} (event {flag.event})", style="bold yellow") for flag in flags]


def email_table(rows: list[dict[str, Any]], flags: list[ThreadFlag]) -> None:
    console = stdout_console()
    for line in flag_lines(flags):
        print_wrapped(console, line)
    table: list[list[Cell]] = [
        [
            str(row["event"]),
            humanize(row["date"]),
            Text(f"{row['from']}\n→ {', '.join(row['to'])}"),
            Text(str(row["subject"] or "")),
            Text(str(row["token"] or "")),
            Text(", ".join(row["flags"]), style="yellow"),
        ]
        for row in rows
    ]
    print_rows(console, ["#", "Date", "From → To", "Subject", "Token", "Flags"], table, right=(0,), whole=(1,))
