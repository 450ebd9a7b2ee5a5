"""Gathering a case into a dossier: the store's rows, the advice, the flags, and the exhibits' bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from complaintctl.rules.packs import Pack
from complaintctl.store import Store


def collect(
    store: Store,
    case_id: int,
    packs: list[Pack],
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
) -> tuple[dict[str, Any], dict[int, bytes]]:
    from complaintctl.dossier.derive import dossier_of

    # dossier.json keeps the export time to the second: advice is computed at that very moment, so that
    # `verify --bundle` derives exactly the same document from it.
    now = now.replace(microsecond=0)
    state, events = store.case_with_events(case_id)
    shas = sorted({a["sha256"] for e in events for a in e.attachments if "sha256" in a})
    dossier = dossier_of(state, events, store.attachments_info(shas), packs, now, lang=lang)
    exhibits: dict[int, bytes] = {}
    wanted = [x for x in dossier["exhibits"] if not x["missing"]]
    for done, exhibit in enumerate(wanted, start=1):
        exhibits[exhibit["number"]] = store.attachment_content(exhibit["sha256"])
        if progress:
            progress(done, len(wanted))
    return dossier, exhibits
