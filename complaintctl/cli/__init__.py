"""The command line. The Typer application lives in cli/application.py and loads on first use of one of its
names (``from complaintctl.cli import app``): the launcher's fast path (launcher.py) runs `log` and `new` from
modules of this package that import no Typer, and importing the package must not load it for them."""

from typing import Any

_APPLICATION_NAMES = frozenset(
    {"app", "main", "load_commands", "requested_command", "COMMAND_MODULES", "ComplaintGroup", "root"}
)


def __getattr__(name: str) -> Any:
    if name in _APPLICATION_NAMES:
        from complaintctl.cli import application

        return getattr(application, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
