"""The core never imports Textual: only dossier/tui/ may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import dossier

CORE = sorted(
    f"dossier.{m.name}"
    for m in pkgutil.walk_packages(dossier.__path__, prefix="")
    if not m.name.startswith("tui")
)


def test_core_modules_exist_to_check():
    assert {"dossier.store", "dossier.build", "dossier.curation", "dossier.cli"} <= set(CORE)


def test_importing_every_core_module_never_loads_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    if name.endswith('__main__'): continue\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core pulled in Textual: {out.stdout.strip()}"


def test_dump_command_runs_without_loading_textual(built_db):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dossier.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['dump', '--db', {str(built_db)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- floors ---------------------------------------------------------------------------------------

# Data flows down: a module imports from its own floor or below, never from above. Modules
# not listed here are not checked for floors (they still count for cycles).
FLOORS = {
    "": 0, "errors": 0, "model": 0, "text": 0, "extract.text": 0,
    "store": 1, "extract": 1,
    "views": 2, "search": 2, "compare": 2, "curation": 2,
    "session": 3, "export": 3, "lookup": 3, "ingest": 3, "build": 3,
    "cli": 4, "tui": 4, "__main__": 5,
}


def _imports() -> dict[str, set[str]]:
    """Each dossier module -> the dossier modules it imports anywhere (functions included)."""
    import ast
    from pathlib import Path

    root = Path(dossier.__file__).parent
    modules = {
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__").removesuffix("__init__"): p
        for p in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from dossier import store` imports the module dossier.store
                targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            else:
                continue
            for target in targets:
                if target == "dossier" or target.startswith("dossier."):
                    inner = target.removeprefix("dossier").removeprefix(".")
                    if inner in modules and inner != name:
                        found.add(inner)
        graph[name] = found
    return graph


def _floor(module: str) -> int | None:
    parts = module.split(".")
    for n in range(len(parts), -1, -1):
        if ".".join(parts[:n]) in FLOORS:
            return FLOORS[".".join(parts[:n])]
    return None


def test_no_module_imports_from_a_floor_above_it():
    climbing = [
        f"{a} -> {b}"
        for a, targets in _imports().items()
        for b in targets
        if _floor(a) is not None and _floor(b) is not None and _floor(b) > _floor(a)
    ]
    assert climbing == []


def test_no_import_cycles_even_through_imports_inside_functions():
    graph = _imports()
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert cycles == []
