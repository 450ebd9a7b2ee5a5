"""Where a case's imported data export and its record part, for `show` (kept light: no parser is loaded)."""

from __future__ import annotations

from complaintctl.core import vocabulary
from complaintctl.core.casefile import CaseState
from complaintctl.evidence.reconcile import Disagreement, disagreements
from complaintctl.store import Store


def case_disagreements(store: Store, state: CaseState) -> list[Disagreement]:
    """Read from the events that can say so: a long case is not read whole for it."""
    kinds = (vocabulary.MARKETPLACE_RECORD, vocabulary.DATA_EXPORT, "delivered-missing")
    events = [event for kind in kinds for event in store.events_of_kind(state.id, kind)]
    return disagreements(state.facts, events, state.promises) if events else []
