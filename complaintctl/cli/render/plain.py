"""Long listings streamed as plain aligned text: Rich lays out a table of 10,000 rows in seconds, and a
person reads such a list in a pager or with grep anyway. Short listings keep their Rich tables."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence

from complaintctl.core.encoding import visible

PLAIN_ROWS = 200  # above this many rows, listings are streamed as plain text


def _flat(text: str) -> str:
    """One line, escaped: most cells already are (isprintable excludes line breaks too), so they pass as they are."""
    if text.isprintable() and "  " not in text:
        return text
    return visible(" ".join(text.split()))


def stream_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, flexible: int, right: Sequence[int] = ()
) -> None:
    """Columns as wide as their widest value, the ``flexible`` one taking what the terminal has left."""
    columns = shutil.get_terminal_size((120, 24)).columns
    cleaned = [[_flat(str(cell)) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cleaned]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(headers) - 1)
    widths[flexible] = max(10, min(widths[flexible], columns - fixed))

    # Column by column: one pass per column over 30,000 rows costs a third of a pass per cell.
    table = [list(headers), ["-" * w for w in widths], *cleaned]
    padded = []
    for i, width in enumerate(widths):
        column = [row[i] if len(row[i]) <= width else row[i][: width - 1] + "…" for row in table]
        padded.append([cell.rjust(width) for cell in column] if i in right else [cell.ljust(width) for cell in column])
    sys.stdout.write("\n".join("  ".join(cells).rstrip() for cells in zip(*padded, strict=True)) + "\n")
