"""The Jinja environments the dossier's HTML and Markdown and the letters are rendered with."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from complaintctl.dossier.words import local_moment

TEMPLATES = Path(__file__).with_name("templates")


def _markdown_escape(value: Any) -> Any:
    """Every value a Markdown template prints: HTML and Markdown syntax typed by a user stays text."""
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text).replace("\n", " ")
    return value


def _local_date(context: Any, value: Any) -> str:
    return local_moment(value, context.get("dossier", {}).get("lang", "en"))


def environment(kind: str) -> Any:
    """``html`` (escaped) and ``markdown`` for the dossier, with the `ldate` filter; anything else: plain text."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

    if kind in ("html", "markdown"):
        if kind == "html":
            made = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
        else:
            made = Environment(
                loader=FileSystemLoader(TEMPLATES),
                autoescape=False,
                finalize=_markdown_escape,
                undefined=StrictUndefined,
            )
        from complaintctl.dossier.exhibits import bounded, recipients

        made.filters["ldate"] = pass_context(_local_date)
        made.filters["bounded"], made.filters["recipients"] = bounded, recipients  # any one header, bounded
        return made
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
    )
