"""The launcher's fast parser: reads a command line of `log` or `new` with the spec generated from the Typer
commands (cli/spec.json, written by cli/spec.py), and returns the values Typer would pass, or None to let
Typer parse it. It accepts only plain forms: known options written ``--name value``, ``--name=value`` or
``-x value``, each value valid for its type. It declines everything else (help, an unknown or repeated
option, combined short options, ``--``, a value starting with ``-``, a value Typer would refuse): Typer
then parses the line and prints its own errors, so the two paths accept and refuse the same arguments.
No Typer, Click or Rich here: that is the point of the fast path."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

SPEC_PATH = Path(__file__).with_name("spec.json")

Parameter = dict[str, Any]


class Declined(Exception):
    """The command line is not a plain form the spec fully explains: Typer parses it."""


class Parsed(NamedTuple):
    command: str
    global_values: dict[str, Any]  # as Click's context holds them (text, numbers, tuples)
    values: dict[str, Any]


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def parse(arguments: Sequence[str], spec: Mapping[str, Any], environ: Mapping[str, str]) -> Parsed | None:
    """The values Click would hand the global callback and the command, or None when Typer should parse."""
    try:
        global_given, rest = _options(arguments, spec["global"], interspersed=False)
        if not rest or rest[0] not in spec["commands"]:
            raise Declined
        command = rest[0]
        given, positionals = _options(rest[1:], spec["commands"][command], interspersed=True)
        global_values = _values(spec["global"], global_given, [], environ)
        values = _values(spec["commands"][command], given, positionals, environ)
    except Declined:
        return None
    return Parsed(command, global_values, values)


def _options(
    tokens: Sequence[str], parameters: list[Parameter], *, interspersed: bool
) -> tuple[dict[str, Any], list[str]]:
    """The options given (name -> raw value, a list for a repeatable one) and the other tokens in order;
    without ``interspersed``, everything from the first positional token on (the command and its arguments)."""
    by_flag: dict[str, tuple[Parameter, bool]] = {}
    for parameter in parameters:
        by_flag |= {flag: (parameter, True) for flag in parameter["opts"]}
        by_flag |= {flag: (parameter, False) for flag in parameter["secondary_opts"]}
    given: dict[str, Any] = {}
    positionals: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "--":
            raise Declined
        if not token.startswith("-") or token == "-":
            if not interspersed:
                return given, list(tokens[index - 1 :])
            positionals.append(token)
            continue
        flag, has_equals, attached = token.partition("=")
        if has_equals and not flag.startswith("--"):
            raise Declined  # -c=chat: Click reads "=chat" as the value
        found = by_flag.get(flag)
        if found is None:
            raise Declined
        parameter, positive = found
        if parameter["eager"] or parameter["has_callback"] or parameter["nargs"] != 1:
            raise Declined
        name = parameter["name"]
        if parameter["is_flag"]:
            if has_equals or name in given:
                raise Declined
            given[name] = positive
            continue
        if has_equals:
            value = attached
        elif index < len(tokens):
            value = tokens[index]
            index += 1
        else:
            raise Declined  # Click's "requires an argument"
        if value.startswith("-"):
            raise Declined
        if parameter["multiple"]:
            given.setdefault(name, []).append(value)
        elif name in given:
            raise Declined
        else:
            given[name] = value
    return given, positionals


def _values(
    parameters: list[Parameter], given: dict[str, Any], positionals: list[str], environ: Mapping[str, str]
) -> dict[str, Any]:
    arguments = [parameter for parameter in parameters if parameter["kind"] == "argument"]
    if len(positionals) > len(arguments):
        raise Declined  # Click's "Got unexpected extra argument"
    given = given | {parameter["name"]: value for parameter, value in zip(arguments, positionals, strict=False)}
    values: dict[str, Any] = {}
    for parameter in parameters:
        name = parameter["name"]
        if parameter["kind"] == "argument" and parameter["nargs"] != 1:
            raise Declined
        if parameter["has_callback"] or not parameter["expose_value"]:
            continue  # --version and the like: never given here, and no value a command reads
        if name in given:
            raw = given[name]
        elif parameter["envvar"] and environ.get(parameter["envvar"]):
            if parameter["multiple"] or not isinstance(parameter["envvar"], str):
                raise Declined
            raw = environ[parameter["envvar"]]
        else:
            values[name] = _default(parameter)
            continue
        if parameter["is_flag"]:
            values[name] = raw
        elif parameter["multiple"]:
            values[name] = tuple(_convert(parameter["type"], item) for item in raw)
        else:
            values[name] = _convert(parameter["type"], raw)
    return values


def _default(parameter: Parameter) -> Any:
    default = parameter["default"]
    if parameter["required"] or isinstance(default, dict):
        raise Declined
    if parameter["multiple"]:
        if default is not None:
            raise Declined
        return ()
    return default


def _convert(kind: Mapping[str, Any], text: str) -> Any:
    name = kind["name"]
    if name == "text":
        return text
    if name == "choice":
        if text not in kind["choices"]:
            raise Declined
        return text
    if name == "case number":
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and 1 <= int(digits) <= kind["max"]:
            return int(digits)
        raise Declined
    if name == "integer":
        return _integer(kind, text)
    if name == "path":
        return _path(kind, text)
    raise Declined


def _integer(kind: Mapping[str, Any], text: str) -> int:
    if not (text.isascii() and text.isdigit()) or kind["clamp"]:
        raise Declined
    number = int(text)
    low, high = kind["min"], kind["max"]
    if low is not None and (number < low or (kind["min_open"] and number == low)):
        raise Declined
    if high is not None and (number > high or (kind["max_open"] and number == high)):
        raise Declined
    return number


def _path(kind: Mapping[str, Any], text: str) -> str:
    """Click's checks of a path, or a decline where its own message is due."""
    if kind["resolve_path"] or kind["path_type"] is not None or (kind["allow_dash"] and text == "-"):
        raise Declined
    try:
        status = os.stat(text)
    except ValueError:  # a NUL in the path: whatever Typer makes of it
        raise Declined from None
    except OSError:
        if kind["exists"]:
            raise Declined from None
        return text
    if stat.S_ISREG(status.st_mode) and not kind["file_okay"]:
        raise Declined
    if stat.S_ISDIR(status.st_mode) and not kind["dir_okay"]:
        raise Declined
    if (kind["readable"] and not os.access(text, os.R_OK)) or (kind["writable"] and not os.access(text, os.W_OK)):
        raise Declined
    return text


def python_values(parameters: list[Parameter], values: Mapping[str, Any]) -> dict[str, Any]:
    """What Typer's callback receives for Click's values: enum members, Paths, lists (None when empty)."""
    converted: dict[str, Any] = {}
    for parameter in parameters:
        if parameter["name"] not in values:
            continue
        value = values[parameter["name"]]
        convert = _converter(parameter["python"])
        if parameter["multiple"]:
            converted[parameter["name"]] = [convert(item) for item in value] or None
        else:
            converted[parameter["name"]] = None if value is None else convert(value)
    return converted


def _converter(python: str | None) -> Any:
    if python is None:
        return lambda value: value
    if python == "path":
        return Path
    module_name, _, qualname = python.removeprefix("enum:").partition(":")
    import importlib

    return getattr(importlib.import_module(module_name), qualname)
