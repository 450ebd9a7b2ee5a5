"""Rich output for emails and thread warnings. Every value from an email goes through Text()."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from complaintctl.cli.context import stdout_console
from complaintctl.core.clock import humanize
from complaintctl.evidence.threads import ThreadFlag


def flag_lines(flags: list[ThreadFlag]) -> list[Text]:
    return [Text(f"⚠ {flag.message} (event {flag.event})", style="bold yellow") for flag in flags]


def email_table(rows: list[dict[str, Any]], flags: list[ThreadFlag]) -> None:
    console = stdout_console()
    for line in flag_lines(flags):
        console.print(line)
    table = Table(header_style="bold", expand=True)
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("From → To", ratio=2, overflow="fold")
    table.add_column("Subject", ratio=2, min_width=16)
    table.add_column("Token", overflow="fold")
    table.add_column("Flags", ratio=1)
    for row in rows:
        table.add_row(
            str(row["event"]),
            humanize(row["date"]),
            Text(f"{row['from']}\n→ {', '.join(row['to'])}"),
            Text(str(row["subject"] or "")),
            Text(str(row["token"] or "")),
            Text(", ".join(row["flags"]), style="yellow"),
        )
    console.print(table)
