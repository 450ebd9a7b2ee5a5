"""Write the argument spec of the launcher's fast path from the Typer application itself:
``python -m complaintctl.cli.spec`` rewrites cli/spec.json after any change to the options of the global
callback, `log`, `new` or `list`. tests/test_fast_path.py regenerates it and fails on any difference, so the fast
parser (cli/fastparse.py) never reads options the Typer commands no longer have, or misses new ones."""

from __future__ import annotations

import enum
import json
import sys
import typing
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("spec.json")
# The commands the fast path runs: the ones typed most, whose start-up is mostly Typer's import.
HOT_COMMANDS = ("log", "new", "list", "next", "agenda")


def build() -> dict[str, Any]:
    """The spec as a JSON-ready document: the global options, then each hot command's parameters."""
    import typer.main

    from complaintctl.cli.application import app, load_commands

    load_commands(list(HOT_COMMANDS))
    group: Any = typer.main.get_command(app)  # a group of commands (Typer's own copy of Click's Group)
    context = group.make_context("complaintctl", ["--help"], resilient_parsing=True)
    callbacks = {
        (info.name or getattr(info.callback, "__name__", "")): info.callback for info in app.registered_commands
    }
    assert app.registered_callback is not None and app.registered_callback.callback is not None
    document: dict[str, Any] = {
        "generated_by": "python -m complaintctl.cli.spec",
        "global": _parameters(group.params, app.registered_callback.callback),
        "commands": {},
    }
    for name in HOT_COMMANDS:
        command = group.get_command(context, name)
        assert command is not None, name
        document["commands"][name] = _parameters(command.params, callbacks[name])
    return document


def _parameters(params: list[Any], callback: Any) -> list[dict[str, Any]]:
    from typer.utils import get_params_from_function

    annotations = {name: meta.annotation for name, meta in get_params_from_function(callback).items()}
    return [_parameter(param, annotations.get(param.name)) for param in params]


def _parameter(param: Any, annotation: Any) -> dict[str, Any]:
    is_option = param.param_type_name == "option"
    return {
        "name": param.name,
        "kind": param.param_type_name,
        "opts": list(param.opts) if is_option else [],
        "secondary_opts": list(param.secondary_opts),
        "is_flag": bool(getattr(param, "is_flag", False)),
        "eager": bool(param.is_eager),
        "multiple": bool(param.multiple),
        "nargs": param.nargs,
        "required": bool(param.required),
        "default": _json_value(param.default),
        "envvar": param.envvar,
        "has_callback": param.callback is not None,
        "expose_value": bool(param.expose_value),
        "type": _type(param.type),
        "python": _python(annotation),
    }


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    return {"unsupported": type(value).__name__}  # the fast parser declines a command line that leaves it so


def _type(param_type: Any) -> dict[str, Any]:
    """The click type as data; the fast parser declines a value of a type it does not know."""
    from complaintctl.cli import options

    name = type(param_type).__name__
    if name == "StringParamType":
        return {"name": "text"}
    if name == "BoolParamType":
        return {"name": "boolean"}
    if name in ("IntParamType", "IntRange"):
        return {
            "name": "integer",
            "min": getattr(param_type, "min", None),
            "max": getattr(param_type, "max", None),
            "min_open": bool(getattr(param_type, "min_open", False)),
            "max_open": bool(getattr(param_type, "max_open", False)),
            "clamp": bool(getattr(param_type, "clamp", False)),
        }
    if name in ("Choice", "TyperChoice"):
        return {
            "name": "choice",
            "choices": [str(getattr(choice, "value", choice)) for choice in param_type.choices],
            "case_sensitive": bool(param_type.case_sensitive),
        }
    if name in ("Path", "TyperPath"):
        return {
            "name": "path",
            **{
                key: bool(getattr(param_type, key))
                for key in ("exists", "file_okay", "dir_okay", "readable", "writable")
            },
            "allow_dash": bool(param_type.allow_dash),
            "resolve_path": bool(param_type.resolve_path),
            "path_type": None if param_type.type is None else param_type.type.__name__,
        }
    if name == "FuncParamType" and param_type.func is options.case_number:
        return {"name": "case number", "max": options.LARGEST_NUMBER}
    return {"name": "unsupported", "click_type": name}


def _python(annotation: Any) -> str | None:
    """What the Typer callback turns the parsed value into: an enum member or a Path (None: kept as is)."""
    candidates = typing.get_args(annotation) or (annotation,)
    for candidate in candidates:
        inner = typing.get_args(candidate) or (candidate,)  # list[Path] -> Path
        for kind in inner:
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                return f"enum:{kind.__module__}:{kind.__qualname__}"
            if kind is Path:
                return "path"
    return None


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    text = render(build())
    if "--check" in sys.argv[1:]:
        if SPEC_PATH.read_text(encoding="utf-8") != text:
            sys.exit(f"{SPEC_PATH} is out of date: run python -m complaintctl.cli.spec")
        return
    SPEC_PATH.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
