"""Layers: the import-linter contracts in pyproject.toml hold (only dossier/tui/ imports
Textual, extract/ is pure, floors go one way, no cycles), and the CLI's headless commands do
not load Textual at run time either."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "4 kept, 0 broken" in out.stdout


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

    tree = ast.parse((ROOT / "dossier" / "text.py").read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert imported and not [m for m in imported if m == "dossier" or m.startswith("dossier.")]
