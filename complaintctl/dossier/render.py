"""Turning the dossier document into files: HTML and Markdown from templates, JSON as it is, PDF laid out
with ReportLab (dossier/pdf.py).

Exporters are small classes in a registry, each returning bytes; writing files is the caller's business.
"""

from __future__ import annotations

import base64
import json
from typing import Any, ClassVar

from complaintctl import __version__
from complaintctl.dossier.exhibits import readable_exhibits
from complaintctl.dossier.reading import as_read
from complaintctl.dossier.templating import environment
from complaintctl.dossier.witness import witness_statement
from complaintctl.dossier.words import Words, case_country, labels, local_moment, parties_line


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
        dossier = as_read(dossier)
        template = environment("html").get_template("dossier.html.j2")
        catalogue = labels(dossier.get("lang", "en"))
        # The SVG is drawn by complaintctl with every label escaped: it is markup, not user text.
        page = template.render(
            dossier=dossier,
            version=__version__,
            svg=Markup(timeline_svg(dossier)),
            images=images,
            texts=texts,
            files=files,
            emails=emails,
            parties=parties_line(dossier, catalogue),
            catalogue=catalogue,
            words=Words(dossier.get("lang", "en"), case_country(dossier)),
            witness=witness_statement(dossier),
        )
        return page.encode("utf-8")


class MarkdownExporter(Exporter):
    name, suffix = "md", ".md"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        template = environment("markdown").get_template("dossier.md.j2")
        lang = dossier.get("lang", "en")
        dossier = as_read(dossier)
        return template.render(
            dossier=dossier,
            version=__version__,
            catalogue=labels(lang),
            words=Words(lang, case_country(dossier)),
            witness=witness_statement(dossier),
        ).encode("utf-8")


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
            as_read(dossier),
            readable,
            attached,
            Words(lang, case_country(dossier)),
            labels(lang),
            lambda value: local_moment(value, lang),
            __version__,
            fonts,
        )


EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (HtmlExporter, PdfExporter, JsonExporter, MarkdownExporter)}
