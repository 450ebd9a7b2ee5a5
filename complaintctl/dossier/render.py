"""Turning the dossier document into text: HTML and Markdown from templates, JSON as it is, PDF from the HTML.

Exporters are small classes in a registry, each returning bytes; writing files is the caller's business.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

import base64
import json
import re
from functools import lru_cache
from pathlib import Path
from collections.abc import Sequence
from typing import Any, ClassVar

from complaintctl import __version__
from complaintctl.dossier.model import labels
from complaintctl.errors import ComplaintError

TEXT_EXHIBITS = ("text/plain", "message/rfc822")
MAX_TEXT_EXHIBIT = 200_000
TEMPLATES = Path(__file__).with_name("templates")


def _markdown_escape(value: Any) -> Any:
    """Every value a Markdown template prints: HTML and Markdown syntax typed by a user stays text."""
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text).replace("\n", " ")
    return value


@lru_cache(maxsize=2)
def _local_date(context: Any, value: Any) -> str:
    """A date as the dossier's language writes it ("8 février 2027"); times and empty values as they are."""
    from complaintctl.dossier.letters import local_date

    if not value:
        return ""
    text = str(value)
    if len(text) > 10 and text[10] == "T":
        return local_date(text[:10], context.get("d", {}).get("lang", "en")) + text[10:16].replace("T", " ")
    return local_date(text, context.get("d", {}).get("lang", "en"))


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
        status, start, end = r["status"], local_date(r.get("eligible_from"), self.lang), local_date(r.get("deadline"), self.lang)
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
            made = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, finalize=_markdown_escape,
                               undefined=StrictUndefined)
        made.filters["ldate"] = pass_context(_local_date)
        return made
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                       keep_trailing_newline=True)


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

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes], *, for_pdf: bool = False) -> bytes:
        """The page; ``for_pdf`` names the embedded attachments instead of linking base64 data into the PDF."""
        from markupsafe import Markup

        from complaintctl.dossier.svg import timeline_svg

        images, texts, files, emails = {}, {}, {}, {}
        for exhibit in dossier["exhibits"]:
            content = exhibits.get(exhibit["number"])
            if content is None:
                continue
            if exhibit["inline_image"]:
                images[exhibit["number"]] = base64.b64encode(content).decode("ascii")
            elif exhibit["media_type"] == "message/rfc822" and (readable := _readable_email(content)):
                emails[exhibit["number"]] = readable
            elif exhibit["media_type"] in TEXT_EXHIBITS:
                texts[exhibit["number"]] = content[:MAX_TEXT_EXHIBIT].decode("utf-8", errors="replace")
            else:  # a PDF carries the file as an attachment, not as base64 in a link
                files[exhibit["number"]] = "" if for_pdf else base64.b64encode(content).decode("ascii")
        template = environment("html").get_template("dossier.html.j2")
        # The SVG is drawn by complaintctl with every label escaped: it is markup, not user text.
        page = template.render(d=dossier, version=__version__, svg=Markup(timeline_svg(dossier)), images=images,
                               texts=texts, files=files, emails=emails, for_pdf=for_pdf,
                               t=labels(dossier.get("lang", "en")), w=Words(dossier.get("lang", "en")))
        return page.encode("utf-8")


def _readable_email(content: bytes) -> dict[str, Any] | None:
    """An original message as a court reads it: the headers that matter in a table and the decoded body, not
    its raw MIME (base64 attachments included). The bytes stay whole in the bundle."""
    from complaintctl.evidence.emails import parse_email
    from complaintctl.evidence.dkim_check import label

    try:
        mail = parse_email(content)
    except ComplaintError:
        return None
    details = mail.details()
    fields = [("Subject", mail.subject), ("From", mail.sender), ("To", ", ".join(mail.to)),
              ("Cc", ", ".join(mail.cc)), ("Reply-To", ", ".join(mail.reply_to)),
              ("Date", details["date"] or "none given"), ("Message-ID", mail.message_id or "none"),
              ("Received", f"{sum(1 for name, _ in mail.headers if name.lower() == 'received')} hops"),
              ("DKIM", label(details))]
    return {"fields": [(name, value) for name, value in fields if value],
            "body": mail.body[:MAX_TEXT_EXHIBIT], "attachments": [a.name for a in mail.attachments]}


class MarkdownExporter(Exporter):
    name, suffix = "md", ".md"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        template = environment("markdown").get_template("dossier.md.j2")
        lang = dossier.get("lang", "en")
        return template.render(d=dossier, version=__version__, t=labels(lang), w=Words(lang)).encode("utf-8")


class PdfExporter(Exporter):
    name, suffix = "pdf", ".pdf"

    def render(self, dossier: dict[str, Any], exhibits: dict[int, bytes]) -> bytes:
        html = HtmlExporter().render(dossier, exhibits, for_pdf=True)
        # Files that are neither pictures nor text (PDF receipts, documents) travel inside the PDF as
        # attachments, so the court bundle is complete on its own.
        attached = [(x["file"].split("/")[-1], exhibits[x["number"]]) for x in dossier["exhibits"]
                    if x["number"] in exhibits and not x["inline_image"] and x["media_type"] not in TEXT_EXHIBITS]
        return html_to_pdf(html, attached)


PDF_EPOCH = "0"  # 1970-01-01: the PDF's own dates carry no meaning; the dossier states the export time


def html_to_pdf(html: bytes, attachments: Sequence[tuple[str, bytes]] = ()) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise ComplaintError(
            f"PDF needs WeasyPrint and its system libraries ({error}): on Debian or Ubuntu run "
            "`apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core`, then "
            "`pip install weasyprint`. The other formats (html, json, md, zip) work without it"
        ) from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # fontTools stamps each font subset with the current time unless SOURCE_DATE_EPOCH fixes it: fixed, the
    # same HTML gives the same PDF bytes, and `verify --bundle` can re-derive the PDF exactly.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PDF_EPOCH
    try:
        from weasyprint import Attachment

        fixed = datetime.fromtimestamp(int(PDF_EPOCH), timezone.utc)
        files = [Attachment(string=content, name=name, created=fixed, modified=fixed) for name, content in attachments]
        return bytes(HTML(string=html.decode("utf-8")).write_pdf(attachments=files))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (HtmlExporter, PdfExporter, JsonExporter,
                                                           MarkdownExporter)}
