"""Gathering a case into a dossier: the store's rows, the advice, the flags, and the exhibits' bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from complaintctl.rules.packs import Pack
from complaintctl.store import Store


def collect(store: Store, case_id: int, packs: list[Pack], now: datetime,
            progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], dict[int, bytes]]:
    from complaintctl.advice import advise
    from complaintctl.dossier.model import build_dossier
    from complaintctl.mail_import import thread_flags
    from complaintctl.timeline import timeline

    state, events = store.case_with_events(case_id)
    entries = timeline(state, events)
    shas = sorted({a["sha256"] for e in events for a in e.attachments if "sha256" in a})
    attachments = store.attachments_info(shas)
    advice = advise(store, case_id, packs, now)
    dossier = build_dossier(
        state, events, entries, attachments, now=now,
        remedies=[r.as_dict() for r in advice.results],
        next_step=advice.advice.as_dict(),
        thread_flags=[f.as_dict() for f in thread_flags(store, case_id)],
    )
    exhibits: dict[int, bytes] = {}
    wanted = [x for x in dossier["exhibits"] if not x["missing"]]
    for done, exhibit in enumerate(wanted, start=1):
        exhibits[exhibit["number"]] = store.attachment_content(exhibit["sha256"])
        if progress:
            progress(done, len(wanted))
    return dossier, exhibits
