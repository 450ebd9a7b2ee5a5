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
        d, t, case = self.d, self.t, self.d["case"]
        facts = case["facts"]
        parties = parties_line(d, t)
        exported = t["exported"].format(when=d["exported_utc"], version=self.version)
        out = [
            self.p(as_markup(f"{t['case']} {case['id']}: {case['title']}"), self.h1),
            self.p(as_markup(parties)),
            self.p(
                self.grey(as_markup(f"{exported} {t['chain_head']}")) + f' <font name="{self.mono}">'
                f"{as_markup(case['chain_head'])}</font>",
                self.small,
            ),
        ]
        rows = [
            [as_markup(case["fact_labels"].get(name, name)), as_markup(self.w.fact(name, value))]
            for name, value in facts.items()
        ]
        rows.append([as_markup(t["status"]), as_markup(self.w.status(case["status"]))])
        out.append(self.table(rows, [0.25, 0.75], header=False))
        out.append(self.p(f"<b>{as_markup(t['the_issue'])}</b> {as_markup(d['summary'])}"))
        step = d.get("next_step")
        if step:
            by = f", {as_markup(t['by'])} {self.date(step['do_by'])}" if step.get("do_by") else ""
            out.append(
                self.p(
                    f"<b>{as_markup(t['next_step'])}</b> {as_markup(self.w.step(step))}{by}. {as_markup(self.w.why(step))}"
                )
            )
        return out

    def remedies(self) -> list[Any]:
        d, t = self.d, self.t
        out = [self.p(as_markup(t["remedies"]), self.h2)]
        if not d["remedies"]:
            return [*out, self.p(as_markup(t["no_pack"]))]
        rows = [[as_markup(t[k]) for k in ("col_status", "col_rule", "col_from", "col_deadline", "col_why")]]
        for r in d["remedies"]:
            colour = STATUS_COLOURS.get(r["status"], DARK)
            status = f'<font color="{colour}">{as_markup(t["statuses"].get(r["status"], r["status"]))}</font>'
            version = f"{self.w.programme(r)} · {r['rule']} · v{r['pack_version']}"
            source = f"{t['source']}: {self.w.source(r)}" if self.w.source(r) else ""
            rule = f"{as_markup(self.w.rule(r))}<br/>{self.grey(as_markup(version))}"
            why = f"{as_markup(self.w.reason(r))}<br/>{self.grey(as_markup(source))}"
            rows.append([status, rule, self.date(r["eligible_from"]), self.date(r["deadline"]), why])
        return [
            *out,
            self.table(rows, [0.11, 0.25, 0.12, 0.12, 0.40]),
            self.p(self.grey(as_markup(t["not_advice"])), self.small),
        ]

    def thread(self) -> list[Any]:
        if not self.d["thread_flags"]:
            return []
        out = [self.p(as_markup(self.t["thread"]), self.h2)]
        for f in self.d["thread_flags"]:
            where = f"{self.t['event']} {f['event']}" + (f", {f['message_id']}" if f.get("message_id") else "")
            out.append(
                self.table(
                    [[f"{as_markup(self.w.flag(f))} {self.grey(as_markup('(' + where + ')'))}"]], [1.0], header=False
                )
            )
        return out

    def export_check(self) -> list[Any]:
        check = self.d.get("export_check") or {}
        out: list[Any] = []
        if check.get("disagreements"):
            out.append(self.p(as_markup(self.t["export_check"]), self.h2))
            out += [self.table([[as_markup(x["message"])]], [1.0], header=False) for x in check["disagreements"]]
        if check.get("lacks"):
            out.append(self.p(as_markup(self.t["export_lacks"]), self.h2))
            out += [self.p("• " + as_markup(item)) for item in check["lacks"]]
        return out

    def timeline(self) -> list[Any]:
        t = self.t
        out = [self.p(as_markup(t["timeline"]), self.h2), self.p(self.grey(as_markup(t["timeline_note"])), self.small)]
        kinds = t.get("kinds", {})
        for e in self.d["timeline"]:
            recorded = f"{t['event']} {e['event']}, {t['recorded']} {e['recorded_utc'][:19]}Z"
            if e.get("backdated"):
                recorded = f'<font color="#8a5a00">{as_markup(recorded + " (" + t["entered_later"] + ")")}</font>'
            else:
                recorded = self.grey(as_markup(recorded))
            parts = [
                self.p(
                    f"<b>{as_markup(str(e['number']) + '. ' + e['occurred'])}</b> · "
                    f"{as_markup(kinds.get(e['kind'], e['kind']))} · {recorded}"
                )
            ]
            if e.get("email"):
                m = e["email"]
                rows = [
                    [as_markup(t["subject"]), as_markup(bounded(m["subject"]))],
                    [as_markup(t["from"]), as_markup(m["from"])],
                    [as_markup(t["to"]), as_markup(recipients(m["to"]))],
                ]
                if m.get("cc"):
                    rows.append(["Cc", as_markup(recipients(m["cc"]))])
                if m.get("reply_to"):
                    rows.append(["Reply-To", as_markup(recipients(m["reply_to"]))])
                rows += [
                    [as_markup(t["date"]), as_markup(m["date"] or t["none_given"])],
                    ["Message-ID", as_markup(m["message_id"] or t["none"])],
                    ["DKIM", as_markup(m["dkim_label"])],
                ]
                parts += [self.table(rows, [0.18, 0.82], header=False, style=self.tiny), self.preformatted(e["text"])]
                exhibit = f" ({t['exhibit'].lower()} {e['exhibits'][0]})" if e.get("exhibits") else ""
                parts.append(
                    self.p(
                        self.grey(as_markup(t["all_headers"].format(count=m["headers_total"]) + exhibit + ".")),
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
            elif self.w.text(e):
                parts.append(self.p(as_markup(self.w.text(e))))
            if e.get("fields"):
                parts.append(self.p(self.grey(as_markup(self.w.fields(e["fields"]))), self.small))
            if e.get("details", {}).get("facts"):
                parts.append(
                    self.p(
                        self.grey(as_markup(self.w.facts(e["details"]["facts"]))),
                        self.small,
                    )
                )
            if e.get("promise"):
                promise = e["promise"]
                colour = STATE_COLOURS.get(promise["state"], DARK)
                parts.append(
                    self.p(
                        f'<font color="{colour}">{as_markup(t["promise"])}: {as_markup(promise["what"])}, '
                        f"{as_markup(t['due'])} {self.date(promise['due'])}: "
                        f"{as_markup(self.w.promise(promise, self.d['exported_utc']))}</font>"
                    )
                )
            if e.get("exhibits"):
                parts.append(self.p(f"{as_markup(t['exhibits_of'])}: " + ", ".join(str(n) for n in e["exhibits"])))
            for c in e.get("corrections", []):
                text = f"{t['corrected_by']} {c['event']} ({t['recorded']} {c['recorded_utc'][:19]}Z)."
                if e.get("original"):
                    text += f" {t['originally']}: “{e['original']['text']}”, {e['original']['occurred']}."
                parts.append(self.table([[as_markup(text)]], [1.0], header=False))
            parts.append(Spacer(1, 5))
            out.append(KeepTogether(parts))
        return out

    def promises(self) -> list[Any]:
        t = self.t
        out = [self.p(as_markup(t["promises"]), self.h2)]
        if not self.d["promises"]:
            return [*out, self.p(as_markup(t["no_promises"]))]
        rows = [[as_markup(t[k]) for k in ("col_event", "col_promise", "col_due", "col_outcome")]]
        for p in self.d["promises"]:
            outcome = as_markup(self.w.promise(p, self.d["exported_utc"]))
            if p.get("settled_by"):
                outcome += as_markup(f" ({t['event']} {p['settled_by']})")
            colour = STATE_COLOURS.get(p["state"], DARK)
            rows.append(
                [str(p["event"]), as_markup(p["what"]), self.date(p["due"]), f'<font color="{colour}">{outcome}</font>']
            )
        return [*out, self.table(rows, [0.1, 0.5, 0.2, 0.2])]

    def statistics(self) -> list[Any]:
        t, s = self.t, self.d["statistics"]
        names = t.get("channels", {})
        channels = ", ".join(f"{names.get(k, k)}: {v}" for k, v in s["contacts_by_channel"].items()) or t["none"]
        days = s["days_since_order"] if s["days_since_order"] is not None else t["unknown"]
        rows = [
            [as_markup(t["events_recorded"]), str(s["events"])],
            [as_markup(t["contacts"]), as_markup(channels)],
            [as_markup(t["agents"]), as_markup(", ".join(s["agents"]) or t["none_named"])],
            [
                as_markup(t["promises"]),
                as_markup(
                    t["promises_line"].format(
                        made=s["promises_made"],
                        kept=s["promises_kept"],
                        broken=s["promises_broken"],
                        open=s["promises_open"],
                    )
                ),
            ],
            [as_markup(t["days_since"]), as_markup(days)],
        ]
        return [
            self.p(as_markup(t["statistics"]), self.h2),
            self.table(rows, [0.3, 0.7], header=False),
            *self.picture(),
            self.p(self.grey(as_markup(t["picture"])), self.small),
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

        drawing = svg2rlg(io.BytesIO(timeline_svg(self.d).encode("utf-8")))
        if drawing is None:
            return []
        self._embedded_fonts(drawing)
        drawing.initialFontName = self.regular
        scale = self.width / drawing.width
        drawing.width, drawing.height = self.width, drawing.height * scale
        drawing.scale(scale, scale)
        return [drawing]
