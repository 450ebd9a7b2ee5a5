"""Tables that fit the terminal, or blocks when they cannot: no word, address or reference is ever cut.

A table fits when every column can be as wide as its longest word (its longest line, for the columns kept
whole such as dates). Then each column gets that much and the rest of the width is shared by need. Below
that width every row becomes a block of ``label: value`` lines, wrapped between words only; a word longer
than the terminal stays whole on its own line (the terminal folds it, the text keeps it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

Cell = Text | str


def _longest_word(line: str) -> int:
    return max((cell_len(word) for word in line.split()), default=0)


def _measure(cells: Sequence[str], whole: bool) -> tuple[int, int]:
    """The narrowest width that cuts no word (no line, if ``whole``), and the width that wraps nothing."""
    lines = [line for cell in cells for line in cell.split("\n")]
    widest = max((cell_len(line) for line in lines), default=0)
    return (widest if whole else max((_longest_word(line) for line in lines), default=0)), widest


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], available: int, whole: Sequence[int] = ()
) -> list[int] | None:
    """Widths that fit ``available`` cells without cutting a word, or None when none do."""
    measured = [_measure([header, *(row[i] for row in rows)], i in whole) for i, header in enumerate(headers)]
    narrowest = [low for low, _ in measured]
    spare = available - sum(narrowest)
    if spare < 0:
        return None
    wanted = [high - low for low, high in measured]
    if sum(wanted) <= spare:
        return [high for _, high in measured]
    total = sum(wanted)
    return [low + spare * want // total for low, want in zip(narrowest, wanted, strict=True)]


def print_rows(
    console: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    right: Sequence[int] = (),
    whole: Sequence[int] = (),
    show_edge: bool = True,
    show_lines: bool = False,
) -> None:
    """A Rich table when one fits ``console.width``, else one block per row."""
    texts = [[cell if isinstance(cell, Text) else Text(cell) for cell in row] for row in rows]
    count = len(headers)
    # Rich's frame: one space of padding either side of every cell, and a rule between (and around) columns.
    frame = 2 * count + (count + 1 if show_edge else count - 1)
    widths = column_widths(headers, [[cell.plain for cell in row] for row in texts], console.width - frame, whole)
    if widths is None:
        print_blocks(console, headers, texts)
        return
    table = Table(header_style="bold", show_edge=show_edge, show_lines=show_lines)
    for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
        table.add_column(header, justify="right" if index in right else "left", width=width, no_wrap=index in whole)
    for row in texts:
        table.add_row(*row)
    console.print(table)


def print_blocks(console: Console, headers: Sequence[str], rows: Sequence[Sequence[Text]]) -> None:
    label_width = max(cell_len(header) for header in headers) + 2
    value_width = max(20, console.width - label_width)
    for number, row in enumerate(rows):
        if number:
            console.print()
        for header, cell in zip(headers, row, strict=True):
            lines = wrap_words(cell, value_width)
            if not any(line.plain.strip() for line in lines):
                continue
            for index, line in enumerate(lines):
                label = Text(f"{header}:".ljust(label_width), style="bold") if index == 0 else Text(" " * label_width)
                console.print(label + line, soft_wrap=True)


def print_wrapped(console: Console, text: Text) -> None:
    """A paragraph wrapped between words only: a long address is printed whole rather than cut."""
    for line in wrap_words(text, console.width):
        console.print(line, soft_wrap=True)


def wrap_words(text: Text, width: int) -> list[Text]:
    """Lines of at most ``width`` cells, broken between words only (Rich would fold a long word in two)."""
    lines: list[Text] = []
    for part in text.split("\n", allow_blank=True):
        plain = part.plain
        breaks: list[int] = []
        line_start = 0
        for word in re.finditer(r"\S+", plain):
            start, end = word.span()
            if start > line_start and cell_len(plain[line_start:end]) > width:
                breaks.append(start)
                line_start = start
        for line in part.divide(breaks) if breaks else [part]:
            line.rstrip()
            lines.append(line)
    return lines
