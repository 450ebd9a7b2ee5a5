"""The PDF bundle's story: its sections in the order of the HTML dossier (cover, remedies, thread warnings,
timeline, promises, statistics), then the exhibits and the integrity pages (pdf_exhibits.py)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.platypus import KeepTogether, Spacer

from complaintctl.dossier.exhibits import bounded, recipients
from complaintctl.dossier.pdf_exhibits import exhibit_pages, integrity_pages
from complaintctl.dossier.pdf_flowables import DARK, STATE_COLOURS, STATUS_COLOURS, Blocks, as_markup
from complaintctl.dossier.pdf_witness import witness_pages
from complaintctl.dossier.words import parties_line


class Story(Blocks):
    """The flowables of the bundle, section by section."""

    def flowables(self) -> list[Any]:
        return [
            *self.cover(),
            *self.remedies(),
            *self.thread(),
            *self.export_check(),
            *self.timeline(),
            *self.promises(),
            *self.statistics(),
            *exhibit_pages(self),
            *integrity_pages(self),
            *witness_pages(self),
        ]

    def cover(self) -> list[Any]:
        dossier, catalogue, case = self.dossier, self.catalogue, self.dossier["case"]
        facts = case["facts"]
        parties = parties_line(dossier, catalogue)
        exported = catalogue["exported"].format(when=dossier["exported_utc"], version=self.version)
        out = [
            self.p(as_markup(f"{catalogue['case']} {case['id']}: {case['title']}"), self.h1),
            self.p(as_markup(parties)),
            self.p(
                self.grey(as_markup(f"{exported} {catalogue['chain_head']}")) + f' <font name="{self.mono}">'
                f"{as_markup(case['chain_head'])}</font>",
                self.small,
            ),
        ]
        rows = [
            [as_markup(case["fact_labels"].get(name, name)), as_markup(self.words.fact(name, value, case["facts"]))]
            for name, value in facts.items()
        ]
        rows.append([as_markup(catalogue["status"]), as_markup(self.words.status(case["status"]))])
        out.append(self.table(rows, [0.25, 0.75], header=False))
        out.append(self.p(f"<b>{as_markup(catalogue['the_issue'])}</b> {as_markup(dossier['summary'])}"))
        step = dossier.get("next_step")
        if step:
            by = (
                f", {as_markup(catalogue['by'])} {self.date(step['do_by'])}{as_markup(self.words.overdue(step))}"
                if step.get("do_by")
                else ""
            )
            out.append(
                self.p(
                    f"<b>{as_markup(catalogue['next_step'])}</b> {as_markup(self.words.step(step))}{by}. {as_markup(self.words.why(step, self.dossier['remedies']))}"
                )
            )
        return out

    def remedies(self) -> list[Any]:
        dossier, catalogue = self.dossier, self.catalogue
        out = [self.p(as_markup(catalogue["remedies"]), self.h2)]
        if not dossier["remedies"]:
            return [*out, self.p(as_markup(catalogue["no_pack"]))]
        rows = [[as_markup(catalogue[k]) for k in ("col_status", "col_rule", "col_from", "col_deadline", "col_why")]]
        for r in dossier["remedies"]:
            colour = STATUS_COLOURS.get(r["status"], DARK)
            status = f'<font color="{colour}">{as_markup(catalogue["statuses"].get(r["status"], r["status"]))}</font>'
            number = f" · v{r['pack_version']}" if r["pack_version"] else ""  # none: no pack covers the country
            version = f"{self.words.programme(r)} · {r['rule']}{number}"
            source = f"{catalogue['source']}: {self.words.source(r)}" if self.words.source(r) else ""
            rule = f"{as_markup(self.words.rule(r))}<br/>{self.grey(as_markup(version))}"
            why = f"{as_markup(self.words.reason(r, self.dossier['timeline']))}<br/>{self.grey(as_markup(source))}"
            rows.append([status, rule, self.date(r["eligible_from"]), self.date(r["deadline"]), why])
        return [
            *out,
            self.table(rows, [0.11, 0.25, 0.12, 0.12, 0.40]),
            self.p(self.grey(as_markup(catalogue["not_advice"])), self.small),
        ]

    def thread(self) -> list[Any]:
        if not self.dossier["thread_flags"]:
            return []
        out = [self.p(as_markup(self.catalogue["thread"]), self.h2)]
        for f in self.dossier["thread_flags"]:
            where = f"{self.catalogue['event']} {f['event']}" + (f", {f['message_id']}" if f.get("message_id") else "")
            out.append(
                self.table(
                    [[f"{as_markup(self.words.flag(f))} {self.grey(as_markup('(' + where + ')'))}"]],
                    [1.0],
                    header=False,
                )
            )
        return out

    def export_check(self) -> list[Any]:
        check = self.dossier.get("export_check") or {}
        out: list[Any] = []
        if check.get("disagreements"):
            out.append(self.p(as_markup(self.catalogue["export_check"]), self.h2))
            out += [self.table([[as_markup(x["message"])]], [1.0], header=False) for x in check["disagreements"]]
        if check.get("lacks"):
            out.append(self.p(as_markup(self.catalogue["export_lacks"]), self.h2))
            out += [self.p("• " + as_markup(item)) for item in check["lacks"]]
        return out

    def timeline(self) -> list[Any]:
        catalogue = self.catalogue
        out = [
            self.p(as_markup(catalogue["timeline"]), self.h2),
            self.p(self.grey(as_markup(catalogue["timeline_note"])), self.small),
        ]
        if self.dossier.get("clock_replaced"):
            out.append(
                self.p(f'<font color="#8a5a00">{as_markup(catalogue["clock_replaced_legend"])}</font>', self.small)
            )
        kinds = catalogue.get("kinds", {})
        for e in self.dossier["timeline"]:
            recorded = f"{catalogue['event']} {e['event']}, {catalogue['recorded']} {e['recorded_utc'][:19]}Z"
            if e.get("backdated"):
                recorded = (
                    f'<font color="#8a5a00">{as_markup(recorded + " (" + catalogue["entered_later"] + ")")}</font>'
                )
            else:
                recorded = self.grey(as_markup(recorded))
            if e.get("clock_override"):
                recorded += f' · <font color="#8a5a00">{as_markup(catalogue["clock_replaced"])}</font>'
            parts = [
                self.p(
                    f"<b>{as_markup(str(e['number']) + '. ' + e['occurred'])}</b> · "
                    f"{as_markup(kinds.get(e['kind'], e['kind']))} · {recorded}"
                )
            ]
            if e.get("email"):
                m = e["email"]
                rows = [
                    [as_markup(catalogue["subject"]), as_markup(bounded(m["subject"]))],
                    [as_markup(catalogue["from"]), as_markup(m["from"])],
                    [as_markup(catalogue["to"]), as_markup(recipients(m["to"], self.words.lang))],
                ]
                if m.get("cc"):
                    rows.append(
                        [as_markup(catalogue["headers"]["Cc"]), as_markup(recipients(m["cc"], self.words.lang))]
                    )
                if m.get("reply_to"):
                    rows.append(
                        [
                            as_markup(catalogue["headers"]["Reply-To"]),
                            as_markup(recipients(m["reply_to"], self.words.lang)),
                        ]
                    )
                rows += [
                    [as_markup(catalogue["date"]), as_markup(m["date"] or catalogue["none_given"])],
                    [as_markup(catalogue["headers"]["Message-ID"]), as_markup(m["message_id"] or catalogue["none"])],
                    ["DKIM", as_markup(self.words.dkim(m))],
                ]
                parts += [self.table(rows, [0.18, 0.82], header=False, style=self.tiny), self.preformatted(e["text"])]
                exhibit = f" ({catalogue['exhibit'].lower()} {e['exhibits'][0]})" if e.get("exhibits") else ""
                parts.append(
                    self.p(
                        self.grey(as_markup(catalogue["all_headers"].format(count=m["headers_total"]) + exhibit + ".")),
                        self.small,
                    )
                )
            elif e.get("transcript"):
                if e.get("details", {}).get("note"):
                    parts.append(self.p(as_markup(e["details"]["note"])))
                lines = [
                    f"{(line.get('time') or '').rjust(5)} "
                    + (f"{line['speaker']}: " if line.get("speaker") else "")
                    + str(line["text"])
                    for line in e["transcript"]["entries"]
                ]
                parts.append(self.preformatted("\n".join(lines)))
            elif self.words.text(e):
                parts.append(self.p(as_markup(self.words.text(e))))
            if e.get("fields"):
                parts.append(self.p(self.grey(as_markup(self.words.fields(e["fields"]))), self.small))
            if e.get("details", {}).get("facts"):
                parts.append(
                    self.p(
                        self.grey(as_markup(self.words.facts(e["details"]["facts"], self.dossier["case"]["facts"]))),
                        self.small,
                    )
                )
            if e.get("promise"):
                promise = e["promise"]
                colour = STATE_COLOURS.get(promise["state"], DARK)
                parts.append(
                    self.p(
                        f'<font color="{colour}">{as_markup(catalogue["promise"])}: {as_markup(promise["what"])}, '
                        f"{as_markup(catalogue['due'])} {as_markup(self.words.due(promise['due']))}: "
                        f"{as_markup(self.words.promise(promise, self.dossier['exported_utc']))}</font>"
                    )
                )
            if e.get("exhibits"):
                parts.append(
                    self.p(f"{as_markup(catalogue['exhibits_of'])}: " + ", ".join(str(n) for n in e["exhibits"]))
                )
            for c in e.get("corrections", []):
                text = f"{catalogue['corrected_by']} {c['event']} ({catalogue['recorded']} {c['recorded_utc'][:19]}Z)."
                if e.get("original"):
                    text += f" {catalogue['originally']}: “{e['original']['text']}”, {e['original']['occurred']}."
                parts.append(self.table([[as_markup(text)]], [1.0], header=False))
            parts.append(Spacer(1, 5))
            out.append(KeepTogether(parts))
        return out

    def promises(self) -> list[Any]:
        catalogue = self.catalogue
        out = [self.p(as_markup(catalogue["promises"]), self.h2)]
        if not self.dossier["promises"]:
            return [*out, self.p(as_markup(catalogue["no_promises"]))]
        rows = [[as_markup(catalogue[k]) for k in ("col_event", "col_promise", "col_due", "col_outcome")]]
        for p in self.dossier["promises"]:
            outcome = as_markup(self.words.promise(p, self.dossier["exported_utc"]))
            if p.get("settled_by"):
                outcome += as_markup(f" ({catalogue['event']} {p['settled_by']})")
            colour = STATE_COLOURS.get(p["state"], DARK)
            rows.append(
                [
                    str(p["event"]),
                    as_markup(p["what"]),
                    as_markup(self.words.due(p["due"])),
                    f'<font color="{colour}">{outcome}</font>',
                ]
            )
        return [*out, self.table(rows, [0.1, 0.5, 0.2, 0.2])]

    def statistics(self) -> list[Any]:
        catalogue, s = self.catalogue, self.dossier["statistics"]
        names = catalogue.get("channels", {})
        channels = (
            ", ".join(f"{names.get(k, k)}: {v}" for k, v in s["contacts_by_channel"].items()) or catalogue["none"]
        )
        days = s["days_since_order"] if s["days_since_order"] is not None else catalogue["unknown"]
        rows = [
            [as_markup(catalogue["events_recorded"]), str(s["events"])],
            [as_markup(catalogue["contacts"]), as_markup(channels)],
            [as_markup(catalogue["agents"]), as_markup(", ".join(s["agents"]) or catalogue["none_named"])],
            [
                as_markup(catalogue["promises"]),
                as_markup(
                    catalogue["promises_line"].format(
                        made=s["promises_made"],
                        kept=s["promises_kept"],
                        broken=s["promises_broken"],
                        open=s["promises_open"],
                    )
                ),
            ],
            [as_markup(catalogue["days_since"]), as_markup(days)],
        ]
        return [
            self.p(as_markup(catalogue["statistics"]), self.h2),
            self.table(rows, [0.3, 0.7], header=False),
            *self.picture(),
            self.p(self.grey(as_markup(catalogue["picture"])), self.small),
        ]

    def _embedded_fonts(self, node: Any) -> None:
        """svglib draws SVG text in Helvetica, which a PDF does not embed: the labels take the dossier's font."""
        for child in getattr(node, "contents", []):
            if hasattr(child, "fontName"):
                child.fontName = self.regular
            self._embedded_fonts(child)

    def picture(self) -> list[Any]:
        """The timeline picture of the HTML dossier, the same SVG drawn as PDF vectors (svglib)."""
        from svglib.svglib import svg2rlg

        from complaintctl.dossier.svg import timeline_svg

        drawing = svg2rlg(io.BytesIO(timeline_svg(self.dossier).encode("utf-8")))
        if drawing is None:
            return []
        self._embedded_fonts(drawing)
        drawing.initialFontName = self.regular
        scale = self.width / drawing.width
        drawing.width, drawing.height = self.width, drawing.height * scale
        drawing.scale(scale, scale)
        return [drawing]
