"""Turning the dossier document into files: HTML and Markdown from templates, JSON as it is, PDF laid out
with ReportLab (dossier/pdf.py).

Exporters are small classes in a registry, each returning bytes; writing files is the caller's business.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from complaintctl import __version__
from complaintctl.dossier.exhibits import readable_exhibits
from complaintctl.dossier.model import labels

TEMPLATES = Path(__file__).with_name("templates")


def _markdown_escape(value: Any) -> Any:
    """Every value a Markdown template prints: HTML and Markdown syntax typed by a user stays text."""
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text).replace("\n", " ")
    return value


def _local_date(context: Any, value: Any) -> str:
    return local_moment(value, context.get("d", {}).get("lang", "en"))


@lru_cache(maxsize=4096)
def local_moment(value: Any, lang: str) -> str:
    """A date as the dossier's language writes it ("8 février 2027"), with the time of a timestamp after it;
    empty values as nothing."""
    from complaintctl.dossier.letters import local_date

    if not value:
        return ""
    text = str(value)
    if len(text) > 10 and text[10] == "T":
        return local_date(text[:10], lang) + text[10:16].replace("T", " ")
    return local_date(text, lang)


def parties_line(dossier: dict[str, Any], t: dict[str, Any]) -> str:
    """Who the dispute is between, and about which order: the cover's second line, and the running header of
    every printed page (HTML and PDF)."""
    facts = dossier["case"]["facts"]
    line = str(t["parties"].format(case=dossier["case"]["id"], seller=facts.get("seller") or t["the_seller"]))
    if facts.get("marketplace"):
        line += f" ({facts['marketplace']})"
    if facts.get("order_id"):
        line += f", {t['order']} {facts['order_id']}"
    return line


class Words:
    """What the templates say in the dossier's language about things the code words in English: a rule's
    title and reason, the next step, a thread warning. English passes through as written."""

    def __init__(self, lang: str) -> None:
        from complaintctl.dossier.letters import programme_names

        self.lang, self.t = lang, labels(lang)
        self.programmes = programme_names(lang)

    def rule(self, r: dict[str, Any]) -> str:
        return str(r["title"]) if self.lang == "en" else self.programmes.get(r["pack"], str(r["programme"]))

    def reason(self, r: dict[str, Any]) -> str:
        if self.lang == "en":
            return str(r["reason"])
        from complaintctl.dossier.letters import local_date

        reasons = self.t["reasons"]
        status, start, end = (
            r["status"],
            local_date(r.get("eligible_from"), self.lang),
            local_date(r.get("deadline"), self.lang),
        )
        if status in ("eligible", "not-yet") and not start:
            status += "_nodate"
        facts = self.t.get("facts", {})
        missing = ", ".join(facts.get(name, name) for name in r.get("missing") or [])
        text = reasons.get(status, "").format(start=start, deadline=end, missing=missing)
        if end and r["status"] in ("eligible", "not-yet"):
            text += " " + reasons["deadline"].format(deadline=end)
        return text

    def step(self, advice: dict[str, Any]) -> str:
        return str(advice["title"]) if self.lang == "en" else self.t["steps"].get(advice["step"], advice["title"])

    def why(self, advice: dict[str, Any]) -> str:
        return str(advice["why"]) if self.lang == "en" else ""

    def flag(self, flag: dict[str, Any]) -> str:
        if self.lang == "en":
            return str(flag["message"])
        return str(self.t["flags"].get(flag["kind"], flag["message"])).format(event=flag["event"])


def environment(kind: str) -> Any:
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
        made.filters["ldate"] = pass_context(_local_date)
        return made
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
    )


class Exporter:
    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        raise NotImplementedError


class JsonExporter(Exporter):
    name, suffix = "json", ".json"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        return json.dumps(dossier, ensure_ascii=False, indent=2).encode("utf-8")


class HtmlExporter(Exporter):
    name, suffix = "html", ".html"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        from markupsafe import Markup

        from complaintctl.dossier.svg import timeline_svg

        images, texts, files, emails = {}, {}, {}, {}
        for number, found in readable_exhibits(dossier, exhibits).items():
            if found.kind == "image":
                images[number] = base64.b64encode(found.content).decode("ascii")
            elif found.kind == "email":
                emails[number] = found.email
            elif found.kind == "text":
                texts[number] = found.text
            else:
                files[number] = base64.b64encode(found.content).decode("ascii")
        template = environment("html").get_template("dossier.html.j2")
        t = labels(dossier.get("lang", "en"))
        # The SVG is drawn by complaintctl with every label escaped: it is markup, not user text.
        page = template.render(
            d=dossier,
            version=__version__,
            svg=Markup(timeline_svg(dossier)),
            images=images,
            texts=texts,
            files=files,
            emails=emails,
            parties=parties_line(dossier, t),
            t=t,
            w=Words(dossier.get("lang", "en")),
        )
        return page.encode("utf-8")


class MarkdownExporter(Exporter):
    name, suffix = "md", ".md"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        template = environment("markdown").get_template("dossier.md.j2")
        lang = dossier.get("lang", "en")
        return template.render(d=dossier, version=__version__, t=labels(lang), w=Words(lang)).encode("utf-8")


class PdfExporter(Exporter):
    name, suffix = "pdf", ".pdf"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes], fonts: str | None = None) -> bytes:
        """``fonts``: DejaVu or Vera, to lay out again what was laid out with them (default: the best here)."""
        from complaintctl.dossier.pdf import render_pdf

        lang = dossier.get("lang", "en")
        readable = readable_exhibits(dossier, exhibits)
        attached = [
            (x["file"].split("/")[-1], readable[x["number"]].content)
            for x in dossier["exhibits"]
            if x["number"] in readable and readable[x["number"]].kind == "file"
        ]
        return render_pdf(
            dossier,
            readable,
            attached,
            Words(lang),
            labels(lang),
            lambda value: local_moment(value, lang),
            __version__,
            fonts,
        )


EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (HtmlExporter, PdfExporter, JsonExporter, MarkdownExporter)}
