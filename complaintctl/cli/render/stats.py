"""`stats` for people: a table, and a bar per issue type for its resolution rate."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from complaintctl.cli.context import stdout_console

BAR = 20


def stats_table(rows: list[dict[str, Any]]) -> None:
    table = Table(header_style="bold")
    table.add_column("Issue")
    table.add_column("Cases", justify="right")
    table.add_column("Resolved", justify="right")
    table.add_column("Resolution rate")
    table.add_column("Mean days to resolve", justify="right")
    for row in rows:
        filled = round(row["resolution_rate"] * BAR)
        bar = Text("█" * filled, style="green")
        bar.append("░" * (BAR - filled), style="dim")
        bar.append(f" {row['resolution_rate']:.0%}")
        days = row["mean_days_to_resolution"]
        table.add_row(
            Text(row["issue"]), str(row["cases"]), str(row["resolved"]), bar, "" if days is None else f"{days:.1f}"
        )
    stdout_console().print(table)
