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


def test_ground_floor_text_imports_nothing_from_dossier():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(dossier.__file__).with_name("text.py").read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert imported and not [m for m in imported if m == "dossier" or m.startswith("dossier.")]
