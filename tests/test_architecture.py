"""The layers hold: imports run one way, cli -> actions -> dossier / store -> rules / evidence -> core, and no
module takes part in an import circle. Imports inside functions count as much as those at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "complaintctl"
# Higher may import lower, never the reverse; two packages on one floor never import each other.
FLOORS = {
    "core": 0,
    "errors": 0,
    "collector": 0,
    "": 0,  # complaintctl itself: __version__
    "rules": 1,
    "evidence": 1,
    "dossier": 2,
    "store": 2,
    "actions": 3,
    "cli": 4,
    "launcher": 5,
    "__main__": 6,
}


# Debts being paid off (issue 14): each test fails as well when one of these no longer exists, so the lists
# only shrink. Empty them; never add to them.
KNOWN_AGAINST: set[str] = set()
KNOWN_CIRCLES: set[str] = set()
KNOWN_LONG: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str) -> set[str]:
    """Every complaintctl module that ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("complaintctl")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("complaintctl"):
                continue
            for alias in node.names:  # `from complaintctl.core import clock` imports the module clock
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found - {name}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path, name) for name, path in MODULES.items()}


def floor_of(module: str) -> tuple[str, int]:
    room = module.split(".")[1] if "." in module else ""
    return room, FLOORS[room]


def test_every_module_stands_on_a_known_floor():
    assert {floor_of(m)[0] for m in MODULES} <= set(FLOORS)


def test_imports_run_one_way_only():
    against = []
    for module, imported in sorted(GRAPH.items()):
        room, floor = floor_of(module)
        for target in sorted(imported):
            target_room, target_floor = floor_of(target)
            # The floor of the case itself (core, errors, collector) is one room in several files.
            if target_room != room and (target_floor > floor or target_floor == floor > 0):
                against.append(f"{module} -> {target}")
    assert set(against) == KNOWN_AGAINST, "imports against the layers:\n" + "\n".join(against)


def test_no_import_circle():
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                circles.append([*stack[stack.index(target) :], target])
            elif target in GRAPH and target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    found = {" -> ".join(circle) for circle in circles}
    assert found == KNOWN_CIRCLES, "import circles:\n" + "\n".join(sorted(found))


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_450_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    known = str(path.relative_to(PACKAGE)) in KNOWN_LONG
    assert (lines <= 450) != known, f"{path.name} has {lines} lines: split it by concern (and update KNOWN_LONG)"


def test_at_most_five_modules_stand_at_the_top():
    assert len(list(PACKAGE.glob("*.py"))) <= 5


def test_tests_share_helpers_not_conftest():
    """conftest.py holds fixtures; what tests import lives in tests/helpers/ (importing conftest by name runs
    it a second time as another module)."""
    tests = Path(__file__).resolve().parent
    importers = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "conftest" for name in names):
                importers.append(str(path.relative_to(tests)))
    assert importers == []
    beside = sorted(p.name for p in tests.glob("*.py") if p.name != "conftest.py" and not p.name.startswith("test_"))
    assert beside == [], "shared test code goes into tests/helpers/"


def test_no_module_is_imported_under_a_one_letter_name():
    short = [
        f"{path.relative_to(PACKAGE)}: {alias.name} as {alias.asname}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if alias.asname is not None and len(alias.asname) == 1
    ]
    assert short == [], "name the module (options, vocabulary), not a letter"
