"""The one ``Store`` callers hold, put together from its parts, one module per concern:

- connection: opening the file, migrations, transactions;
- writes: new cases, appended entries, restored cases (the only writes of evidence);
- reads: cases, events, what advice needs, attachments;
- integrity: what `verify` asks of the file itself;
- advice_cache: the kept advice of `next` and `agenda`;
- search: the full-text index;
- backup: a self-contained copy.
"""

from __future__ import annotations

from complaintctl.store.advice_cache import AdviceCache
from complaintctl.store.backup import Backup
from complaintctl.store.integrity import Integrity
from complaintctl.store.search import Search
from complaintctl.store.writes import Writes


class Store(Writes, Integrity, AdviceCache, Search, Backup):
    """Every SQL statement of the project goes through one of these."""
