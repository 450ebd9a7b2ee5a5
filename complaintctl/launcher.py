"""The console script's entry point: a fast path for the plain forms of `log`, `new`, `list`, `next` and `agenda`,
and otherwise the Typer application, loaded with Python's cyclic garbage collector paused.

Importing Typer costs more than everything `log` does itself. A command line of `log` or `new` that the
argument spec generated from the Typer commands (cli/spec.py, cli/spec.json) fully explains runs without
it: cli/fastparse.py reads the line with the spec and the command's body in cli/hot.py runs, the same body
the Typer command calls. Anything else, including anything Typer would refuse, goes to Typer, which prints
its usual messages. COMPLAINTCTL_NO_FAST_PATH=1 turns the fast path off (tests compare the two).

Starting a command allocates tens of thousands of objects (Typer, Click, the commands' modules), all of
them alive until the process ends; the collector would walk them several times over for nothing, which
costs `log` about as much as everything the command itself does. They are frozen once loaded, so later
collections skip them too, and the collector runs as usual for the command's own work.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from complaintctl.collector import paused


def main() -> None:
    if not os.environ.get("COMPLAINTCTL_NO_FAST_PATH"):
        code = fast_path(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    with paused():
        from complaintctl.cli.application import main as run

        gc.freeze()
    run()


def fast_path(arguments: Sequence[str]) -> int | None:
    """Run a plain `log`, `new`, `list`, `next` or `agenda` without Typer and return its exit code, or None to leave it to Typer."""
    with paused():
        planned = plan(arguments, os.environ)
        if planned is None:
            return None
        from complaintctl.cli import hot, session  # noqa: F401  (loaded with the collector paused)

        gc.freeze()
    return _run(*planned)


def plan(arguments: Sequence[str], environ: Mapping[str, str]) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """The command, the global values and the command's values as Typer's callbacks would receive them, for
    a plain form the fast path runs; None for anything else."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in environ):
        return None  # a shell asking Typer for completions
    from complaintctl.cli import fastparse

    spec = fastparse.load_spec()
    parsed = fastparse.parse(arguments, spec, environ)
    if parsed is None:
        return None
    global_values = fastparse.python_values(spec["global"], parsed.global_values)
    values = fastparse.python_values(spec["commands"][parsed.command], parsed.values)
    if not PLAIN[parsed.command](values):
        return None
    return parsed.command, global_values, values


def _plain_log(values: Mapping[str, Any]) -> bool:
    """A note, milestone, promise or files given on the line: not standard input (-), not $EDITOR (no text
    at all), not an email or a transcript, which take other paths in cli/log.py."""
    if values["email"] is not None or values["transcript"] is not None or values["text"] == "-":
        return False
    return bool(values["text"] or values["event"] is not None or values["promise"] is not None or values["attach"])


PLAIN: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "log": _plain_log,
    "new": lambda values: True,
    "list": lambda values: True,
    # with rule packs of the user's own (paths Click checks) or a calendar file to write, Typer runs them
    "next": lambda values: not values["rules"],
    "agenda": lambda values: not values["rules"] and values["ics"] is None,
}


def _run(command: str, global_values: Mapping[str, Any], values: Mapping[str, Any]) -> int:
    """The command's body, with the errors Typer's application turns into messages and exit codes."""
    import errno
    import sqlite3

    from complaintctl.cli import hot
    from complaintctl.cli.session import AppContext, echo, error_message, exit_on_signals
    from complaintctl.core.encoding import one_line
    from complaintctl.errors import ComplaintError

    exit_on_signals()
    context = AppContext(global_values["db"], pager=not global_values["no_pager"])
    try:
        try:
            if command == "log":
                hot.log_entry(context, **{k: v for k, v in values.items() if k not in ("email", "transcript")})
            elif command == "list":
                hot.list_cases(context, **values)
            elif command == "next":
                hot.next_steps(context, **values)
            elif command == "agenda":
                hot.agenda(context, **values)
            else:
                hot.open_new(context, hot.facts_of(values), note=values["note"], as_json=values["as_json"])
        finally:
            context.close()
    except KeyboardInterrupt:
        return 130
    except EOFError:
        echo("", err=True)
        echo("Aborted!", err=True)
        return 1
    except (ComplaintError, sqlite3.Error, OSError) as error:
        if isinstance(error, OSError) and error.errno == errno.EPIPE:
            sys.stdout = _Pacified(sys.stdout)
            sys.stderr = _Pacified(sys.stderr)
            return 1
        message = error_message(error)
        if message is None:
            raise
        echo(f"Error: {one_line(message)}", err=True)
        return 1
    return 0


class _Pacified:
    """A stream whose reader went away (a closed pipe): flushing it at exit says nothing, as with Typer."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
