"""Every argument and option of every command, read from the CLI itself (a new option is fuzzed the day it is
added), fed hostile text in-process: an answer, or a one-line refusal that leaves the database as it was.

Never the network: `fetch` (IMAP) is fuzzed against test_fetch's local server only, and `stamp` is pointed
at a closed local port. Paths are kept inside a folder of the test's own.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
import typer
from helpers.cases import UK_CASE
from helpers.fuzz import examples
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz import refused_cleanly

from complaintctl.cli import load_commands

CLOSED_PORT_TSA = "http://127.0.0.1:9/tsr"
# What each positional argument gets while another parameter of the command is fuzzed.
PLAIN = {"case": "1", "event": "2", "text": "a note", "note": "a note", "kind": "formal", "words": "refund"}


def _parameters() -> list[tuple[tuple[str, ...], str, str, bool]]:
    """(command words, the parameter's option or name, its type, whether it is positional), for every
    parameter taking a value."""
    root = typer.main.get_command(load_commands())
    context = root.context_class(root)
    found = []

    def walk(command, words: tuple[str, ...]) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), (*words, name))
            return
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name in ("help",):
                continue
            positional = param.param_type_name == "argument"
            found.append((words, param.name if positional else param.opts[0], param.type.name, positional))

    walk(root, ())
    return [entry for entry in found if entry[0] and entry[0][0] != "fetch"]


PARAMETERS = _parameters()
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=50)
values = st.one_of(
    texts,
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", "-1", "0", "1e9", "9" * 30, "--", "-", ".", "..", "/", "~", "\u202e1", "１", "1\n2"]),
)


def _command_line(words, target: str, kind: str, positional: bool, value: str, folder: Path) -> list[str]:
    root = typer.main.get_command(load_commands())
    context = root.context_class(root)
    command = root
    for word in words:
        command = command.get_command(context, word)
    if kind in ("path", "file", "directory") or target in ("-o", "--ics"):
        value = str(folder / value.lstrip("/")) if value.strip("/.") else value  # never outside the folder
    line = list(words)
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        if param.name == target:
            line.append(value)
        elif param.required or param.name in PLAIN:
            line.append(PLAIN.get(param.name, "x"))
    if not positional:
        line += [target, value]
    if words == ("stamp",) and target != "--tsa":
        line += ["--tsa", CLOSED_PORT_TSA]
    if words == ("stamp",) and target == "--tsa" and "://" in value:
        line[line.index("--tsa") + 1] = CLOSED_PORT_TSA  # a random URL would reach out to the network
    if words == ("import", "amazon") and target != "export":
        line[2] = str(folder / "no-export.zip")
    return line


@contextlib.contextmanager
def inside(folder: Path):
    """Relative paths (an -o of `export`, a --db) land in the test's folder, never in the working tree."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


@pytest.fixture
def case(cli, make_case):
    make_case(**UK_CASE)
    cli("log", "1", "A second entry")
    return cli


def test_every_command_has_its_parameters_listed():
    commands = {words[0] for words, *_ in PARAMETERS}
    assert {"log", "new", "set", "export", "verify", "restore", "backup", "stamp", "import"} <= commands
    assert len(PARAMETERS) > 100


@examples(150)
@given(parameter=st.sampled_from(PARAMETERS), value=values)
def test_every_parameter_of_every_command(case, tmp_path_factory, parameter, value):
    words, target, kind, positional = parameter
    folder = tmp_path_factory.mktemp("option")
    line = _command_line(words, target, kind, positional, value, folder)
    before = case.snapshot()
    with inside(folder):
        result = case(*line, code=None)
    if words == ("verify",) and result.exit_code == 1 and "problem(s) in" in result.stderr:
        # A verdict, not a refusal: a --head that is no event of the database names it as broken.
        assert "Traceback" not in result.stderr and case.snapshot() == before, result
        return
    refused_cleanly(case, result, before)
