"""The Typer application: global options, the one place errors become messages, and command registration."""

import importlib
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from complaintctl import __version__
from complaintctl.cli.context import fail
from complaintctl.cli.session import AppContext, error_message, exit_on_signals
from complaintctl.errors import ComplaintError


class ComplaintGroup(TyperGroup):
    """Turns the project's errors into one line on stderr and exit code 1, for every command."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _choices_in_words(command)
            _integers_sqlite_can_hold(command)
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (ComplaintError, sqlite3.Error, OSError) as error:
            message = error_message(error)
            if message is None:
                raise
            fail(message)


def _choices_in_words(command: Any) -> None:
    """A choice option reads ``--event CHOICE`` and its help lists the choices with spaces between them: in a
    narrow terminal Rich wraps ``<seller-contacted|seller-replied|...>`` in the middle of a word. One short
    metavar for every choice option: a long one (``CARD-DISPUTE``) narrowed the help column of `new` at 60
    columns until "return-not-refunded" was cut."""
    for param in command.params:
        choices = getattr(param.type, "choices", None)  # Typer's own copy of click: no isinstance
        if param.param_type_name == "option" and choices and param.metavar is None:
            param.metavar = "CHOICE"
            param.help = f"{param.help or ''} One of: {', '.join(map(str, choices))}.".strip()


# SQLite stores signed 64-bit integers: a larger case number or --limit would stop the command with an
# OverflowError deep inside a query. Every whole-number argument and option is held to that range instead.
LARGEST_INTEGER = 2**63 - 1


def _integers_sqlite_can_hold(command: Any) -> None:
    for param in command.params:
        kind = param.type
        if getattr(kind, "name", None) in ("integer", "int"):
            types = importlib.import_module(type(kind).__module__)  # Typer's own copy of click, as above
            param.type = types.IntRange(max=LARGEST_INTEGER)
        elif getattr(kind, "name", None) in ("integer range", "int range") and (
            kind.max is None or kind.max > LARGEST_INTEGER
        ):
            kind.max = LARGEST_INTEGER


app = typer.Typer(
    cls=ComplaintGroup,
    name="complaintctl",
    help="Keep a tamper-evident record of a dispute with an online marketplace, and know what to do next.",
    epilog='Start with: complaintctl new --title "Headphones never arrived" --marketplace amazon.co.uk',
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # complaint data is private: never print local variables
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"complaintctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="COMPLAINTCTL_DB",
            help="The database file (default: in your user data folder).",
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long output straight to the terminal (default: through $COMPLAINTCTL_PAGER, $PAGER "
            "or less -FRX, as git does; never into a pipe).",
        ),
    ] = False,
) -> None:
    ctx.obj = AppContext(db, pager=not no_pager)
    ctx.call_on_close(ctx.obj.close)


# Which module defines each command. Typer builds every registered command from its signature on each run
# (about a millisecond apiece), so a run imports only the module of the command it was asked for.
COMMAND_MODULES: dict[str, str] = {
    "new": "cases",
    "set": "cases",
    "list": "cases",
    "show": "cases",
    "log": "log",
    "reopen": "log",
    "amend": "corrections",
    "kept": "corrections",
    "broken": "corrections",
    "search": "records",
    "verify": "records",
    "stamp": "records",
    "check": "advice",
    "next": "advice",
    "agenda": "advice",
    "emails": "mail",
    "export": "dossier",
    "letter": "dossier",
    "stats": "dossier",
    "backup": "safety",
    "restore": "safety",
    "import": "imports",
    "ocr": "ocr",
    "fetch": "fetch",
}
_GLOBAL_OPTIONS_WITH_VALUE = {"--db"}


def load_commands(names: Sequence[str] | None = None) -> typer.Typer:
    """Register the commands named (all when None) on ``app``; importing a module registers its commands."""
    modules = {COMMAND_MODULES[n] for n in names if n in COMMAND_MODULES} if names else set()
    for module in sorted(modules or set(COMMAND_MODULES.values())):
        importlib.import_module(f"complaintctl.cli.{module}")
    return app


def requested_command(arguments: Sequence[str]) -> str | None:
    """The command word of a command line: the first argument that is neither a global option nor its value."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not argument.startswith("-"):
            return argument
    return None


def main() -> None:
    exit_on_signals()
    command = requested_command(sys.argv[1:])
    load_commands([command] if command in COMMAND_MODULES else None)
    app()
