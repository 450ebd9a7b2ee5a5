"""The PDF bundle's exhibits and integrity pages: the index with the page each exhibit starts on, each
exhibit from a new page under its EXHIBIT N label, and the hashes at the end."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import PageBreak

from complaintctl.dossier.pdf_flowables import Blocks, ExhibitStart, PageRef, as_markup, scaled_picture


def exhibit_pages(blocks: Blocks) -> list[Any]:
    """The index of exhibits with the page each starts on, then each exhibit from a new page."""
    catalogue = blocks.catalogue
    out = [blocks.p(as_markup(catalogue["exhibits"]), blocks.h2)]
    if not blocks.dossier["exhibits"]:
        return [*out, blocks.p(as_markup(catalogue["no_exhibits"]))]
    columns = ("col_exhibit", "col_what", "col_type", "col_event", "col_page")
    rows: list[list[Any]] = [[as_markup(catalogue[k]) for k in columns]]
    for x in blocks.dossier["exhibits"]:
        rows.append(
            [
                str(x["number"]),
                as_markup(x["name"]),
                as_markup(x["media_type"] or "missing"),
                str(x["event"]),
                PageRef(x["number"], blocks.marks),
            ]
        )
    out.append(blocks.table(rows, [0.14, 0.42, 0.18, 0.14, 0.12]))  # "Documento", "Événement" whole
    for x in blocks.dossier["exhibits"]:
        label = f"{catalogue['exhibit_label']} {x['number']}"
        size = f" · {x['width_px']}×{x['height_px']}" if x.get("width_px") else ""
        meta = (
            f"{catalogue['col_event']} {x['event']} · {x['media_type']}{size} · {x['size_bytes']} {catalogue['bytes']} · "
            f"{catalogue['file']} {x['file']}"
        )
        out += [
            PageBreak(),
            ExhibitStart(x["number"], label, blocks.marks),
            blocks.p(as_markup(f"{catalogue['exhibit']} {x['number']}: {x['name']}"), blocks.h3),
            blocks.p(
                blocks.grey(as_markup(meta))
                + f'<br/>SHA-256 <font name="{blocks.mono}">{as_markup(x["sha256"])}</font>',
                blocks.small,
            ),
        ]
        out += exhibit_body(blocks, x)
    return out


def exhibit_body(blocks: Blocks, x: dict[str, Any]) -> list[Any]:
    """An exhibit as it can be read on paper: a picture drawn, an email's headers and body, text as it is."""
    catalogue = blocks.catalogue
    if x.get("missing"):
        return [blocks.p(f'<font color="#aa0000"><b>{as_markup(catalogue["missing"])}</b></font>')]
    found = blocks.readable.get(x["number"])
    if found is None:
        return []
    if found.kind == "image":
        picture = scaled_picture(found.content, blocks.width, x, blocks.regular)
        read = x.get("ocr")
        if not read:
            return [picture]
        head = catalogue["read_by_machine"].format(
            engine=read["engine"],
            languages="+".join(read.get("languages") or []),
            confidence=read["confidence"],
            event=read["event"],
        )
        return [picture, blocks.p(blocks.grey(as_markup(head)), blocks.small), blocks.preformatted(read["text"] or "")]
    if found.kind == "email":
        email = found.email or {}
        out = [
            blocks.table(
                [
                    [as_markup(name), f'<font name="{blocks.mono}">{as_markup(value)}</font>']
                    for name, value in email["fields"]
                ],
                [0.18, 0.82],
                header=False,
                style=blocks.tiny,
            ),
            blocks.preformatted(email["body"]),
        ]
        if email["attachments"]:
            out.append(
                blocks.p(
                    blocks.grey(
                        as_markup(catalogue["message_attachments"].format(names=", ".join(email["attachments"])))
                    ),
                    blocks.small,
                )
            )
        return out
    if found.kind == "text":
        return [blocks.preformatted(found.text or "")]
    return [blocks.p(as_markup(catalogue["attached"].format(name=x["file"].split("/")[-1], file=x["file"])))]


def integrity_pages(blocks: Blocks) -> list[Any]:
    """The hashes that prove the history, on pages of their own with no exhibit label."""
    catalogue, integrity = blocks.catalogue, blocks.dossier["integrity"]
    events = [f"{catalogue['col_event'].rjust(6)}      #  {catalogue['col_hash']}"]
    events += [f"{str(e['id']).rjust(6)}  {str(e['seq']).rjust(5)}  {e['hash']}" for e in integrity["events"]]
    files = [f"{catalogue['col_exhibit'].rjust(9)}  {catalogue['col_file_hash']}"]
    files += [f"{str(x['number']).rjust(9)}  {x['sha256']}" for x in integrity["exhibits"]]
    return [
        PageBreak(),
        ExhibitStart(0, "", blocks.marks),
        blocks.p(as_markup(catalogue["integrity"]), blocks.h2),
        blocks.p(as_markup(integrity["how_to_verify"])),
        blocks.p(
            f'{as_markup(catalogue["chain_head"])}: <font name="{blocks.mono}">{as_markup(integrity["chain_head"])}</font>'
        ),
        blocks.preformatted("\n".join(events), blocks.hashes, blocks.hash_columns),
        blocks.preformatted("\n".join(files), blocks.hashes, blocks.hash_columns),
        *own_entries(blocks),
    ]


def own_entries(blocks: Blocks) -> list[Any]:
    """The exports, seals and timestamps: what complaintctl did with the history, not part of it."""
    own = blocks.dossier.get("own_entries") or []
    if not own:
        return []
    heading = blocks.p(as_markup(blocks.catalogue["own_entries"]), blocks.h3)
    return [heading, *(blocks.p(as_markup(blocks.words.own(entry)), blocks.small) for entry in own)]
