"""The witness statement of an England and Wales bundle as the PDF's last pages (its words: witness.py)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import PageBreak

from complaintctl.dossier.pdf_flowables import Blocks, ExhibitStart, as_markup
from complaintctl.dossier.witness import witness_statement


def witness_pages(blocks: Blocks) -> list[Any]:
    statement = witness_statement(blocks.dossier)
    if statement is None:
        return []
    out: list[Any] = [PageBreak(), ExhibitStart(0, "", blocks.marks)]
    if statement.language_note:
        out.append(blocks.p(f"<i>{as_markup(statement.language_note)}</i>", blocks.small))
    out += [blocks.p(as_markup(line), blocks.small) for line in statement.title_lines]
    out += [
        blocks.p(as_markup(statement.heading), blocks.h2),
        blocks.p(as_markup(statement.case_line), blocks.small),
    ]
    out += [blocks.p(as_markup(f"{number}. {text}")) for number, text in enumerate(statement.paragraphs, 1)]
    out += [
        blocks.p(as_markup(statement.truth_heading), blocks.h3),
        blocks.p(as_markup(statement.statement_of_truth)),
        blocks.p(as_markup(statement.signature)),
        blocks.p(as_markup(statement.name_line)),
    ]
    return out
