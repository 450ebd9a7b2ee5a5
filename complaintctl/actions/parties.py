"""The buyer's name and address from the user's settings, recorded on a case the first time a document needs them.

A letter or a dossier must name the buyer. Typing one's name into every case is a chore, so the settings file
(``config.toml`` in the platform's config folder, or ``COMPLAINTCTL_CONFIG``) may give it once:

    [buyer]
    name = "Ann Example"
    address = "1 High Street, London, N1 1AA"

The values are not read at export time alone: they become a facts event of the case, chained like any other,
so that editing the settings later never changes what an exported dossier re-derives to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from complaintctl.core import clock, vocabulary
from complaintctl.core.casefile import Event
from complaintctl.errors import ComplaintError
from complaintctl.store import Store

SETTINGS = {"name": "buyer_name", "address": "buyer_address"}


def settings_path() -> Path:
    override = os.environ.get("COMPLAINTCTL_CONFIG")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path("complaintctl", appauthor=False) / "config.toml"


def buyer_defaults(path: Path | None = None) -> dict[str, str]:
    """The buyer's facts the settings give, parsed like the options; {} when there is no settings file."""
    import tomllib

    path = path or settings_path()
    if not path.exists():
        return {}
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        detail = " ".join(str(error).split())
        raise ComplaintError(f"the settings file {path} cannot be read ({detail}): fix it or move it away") from None
    buyer = data.get("buyer", {})
    if not isinstance(buyer, dict):
        raise ComplaintError(f'in {path}, [buyer] must be a table with name = "..." and address = "..."')
    from complaintctl.actions.record import parse_facts

    raw: dict[str, str | None] = {}
    for key, fact in SETTINGS.items():
        value = buyer.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ComplaintError(f'in {path}, buyer.{key} must be text in quotes, e.g. {key} = "..."')
        raw[fact] = value
    try:
        return {name: str(value) for name, value in parse_facts(raw, current={}).items()}
    except ComplaintError as error:
        raise ComplaintError(f"in {path}: {error}") from None


def record_buyer_defaults(store: Store, case_id: int) -> Event | None:
    """Write the settings' buyer facts the case lacks onto it (one facts event), before a document uses them.

    None when nothing is missing, the settings give nothing, or the database is read-only (the document then
    shows the placeholders, since a value that is not in the chain could not be re-derived from the dossier).
    """
    state = store.case_state(case_id)
    missing = [name for name in vocabulary.BUYER_FACTS if not state.facts.get(name)]
    if not missing or store.read_only:
        return None
    defaults = buyer_defaults()
    wanted = {name: defaults[name] for name in missing if name in defaults}
    if not wanted:
        return None
    moment = clock.now()
    return store.append(
        case_id,
        kind=vocabulary.FACTS,
        occurred=moment,
        recorded=moment,
        details={"facts": wanted, "from": "settings"},
    )
