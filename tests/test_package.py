"""A real package: found wherever it runs, with the sample dossier as package data.

The database order is --db / --dossier, then DOSSIER_DB, then ./data/dossier.db, then the
shipped sample; writing commands take only a database the user named, never the sample.
The last test builds the wheel and installs it into a fresh virtual environment, as
`pip install dossier-tui` would, and runs it from a folder that has nothing of this project.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier import __version__, locate, store
from dossier.cli import cli
from dossier.errors import DossierError

from .conftest import COMMITTED_DB, ROOT


def test_the_shipped_sample_is_package_data_and_the_committed_dossier():
    sample = locate.sample_db()
    assert sample.is_relative_to(Path(locate.__file__).parent)
    assert sample.read_bytes() == COMMITTED_DB.read_bytes()
    assert (locate.sample_dir() / "sources" / "sources.toml").is_file()


def test_databases_are_found_in_the_documented_order(tmp_path):
    named, folder, env_db = tmp_path / "named.db", tmp_path / "case", tmp_path / "env.db"
    env = {locate.ENV_VAR: str(env_db)}
    assert locate.for_reading(named, None, env, tmp_path) == locate.Located(named, "--db")
    assert locate.for_reading(None, folder, env, tmp_path) == locate.Located(folder / "dossier.db", "--dossier")
    assert locate.for_reading(None, None, env, tmp_path) == locate.Located(env_db, "DOSSIER_DB")
    assert locate.for_reading(None, None, {}, tmp_path).path == locate.sample_db()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "dossier.db").write_bytes(b"")
    assert locate.for_reading(None, None, {}, tmp_path).path == Path("data/dossier.db")


def test_db_and_dossier_together_or_a_file_as_dossier_are_refused(tmp_path):
    with pytest.raises(DossierError, match="not both"):
        locate.for_reading(tmp_path / "a.db", tmp_path, {})
    (tmp_path / "file.db").write_bytes(b"")
    with pytest.raises(DossierError, match="is a file"):
        locate.for_reading(None, tmp_path / "file.db", {})


def test_writing_commands_need_a_named_database_and_never_touch_the_sample(tmp_path):
    with pytest.raises(DossierError, match="--db PATH"):
        locate.for_writing(None, None, "ingest", {})
    with pytest.raises(DossierError, match="never changed"):
        locate.for_writing(locate.sample_db(), None, "merge", {})
    with pytest.raises(DossierError, match="never changed"):
        locate.for_writing(None, None, "ingest", {locate.ENV_VAR: str(locate.sample_db())})
    assert locate.for_writing(None, None, "ingest", {locate.ENV_VAR: str(tmp_path / "s.db")}).path == tmp_path / "s.db"


def test_cli_from_another_folder_reads_the_sample_and_refuses_to_write_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locate.ENV_VAR, raising=False)
    found = CliRunner().invoke(cli, ["search", "Yusov", "--json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["actors"][0]["name"] == "Andriy Yusov"
    article = tmp_path / "a.txt"
    article.write_text("Mali cut ties with Ukraine.\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["ingest", str(article)])
    assert refused.exit_code == 2 and "--db" in refused.output
    refused = CliRunner().invoke(cli, ["merge", "Mali", "Ukraine", "--db", str(locate.sample_db())])
    assert refused.exit_code == 2 and "never changed" in refused.output


def test_build_without_a_data_folder_says_how_and_rebuilds_the_sample_into_db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locate.ENV_VAR, raising=False)
    told = CliRunner().invoke(cli, ["build"])
    assert told.exit_code == 2 and "dossier build --db dossier.db" in told.output
    built = CliRunner().invoke(cli, ["build", "--db", "mine.db", "--json"])
    assert built.exit_code == 0, built.output
    db = store.open_db(tmp_path / "mine.db")
    assert store.counts(db).sources == 5


def test_a_missing_named_database_suggests_commands_that_work_here(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--db", str(tmp_path / "gone.db")])
    assert result.exit_code == 2
    assert f"dossier build --db {tmp_path / 'gone.db'}" in result.output
    assert "dossier ingest --db" in result.output


def test_one_version_source_and_a_free_distribution_name():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert meta["project"]["name"] == "dossier-tui"
    assert "version" in meta["project"]["dynamic"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "dossier.__version__"}
    assert meta["project"]["scripts"] == {"dossier": "dossier.launch:main"}
    assert (ROOT / "LICENSE").is_file() and meta["project"]["license"] == "MIT"
    assert any(dep.startswith("textual>=") for dep in meta["project"]["dependencies"])
    assert "textual==" in (ROOT / "constraints.txt").read_text("utf-8")


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_venv_and_searches_from_another_folder(tmp_path):
    # Build from a copy, so the test writes nothing into the checkout; copying follows the
    # dossier/sample link, as building the wheel does.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "dossier", src / "dossier", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(wheels), str(src)])
    (wheel,) = wheels.glob("dossier_tui-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    # The dependencies come from this environment (after the install, so pip does not take
    # this checkout's editable install for the wheel): nothing is downloaded.
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (locate.ENV_VAR, "PYTHONPATH")}
    dossier = str(venv / "bin" / "dossier")
    found = _run([dossier, "search", "--json", "Tinzawaten"], cwd=elsewhere, env=env)
    result = json.loads(found.stdout)
    assert result["events"] and result["events"][0]["slug"] == "tinzaouaten-ambush"
    where = _run([str(python), "-c", "import dossier.locate as l; print(l.sample_db())"], cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the wheel's copy, not this checkout
    assert _run([dossier, "-V"], cwd=elsewhere, env=env).stdout.strip() == f"dossier, version {__version__}"
