"""Shared fixtures: a freshly built seed dossier, the gold labels, and paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dossier import store
from dossier.build import build

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
COMMITTED_DB = DATA / "dossier.db"
GOLD_PATH = ROOT.parent / "shared" / "seeds" / "gold.json"


@pytest.fixture(autouse=True)
def config_dir(tmp_path_factory, monkeypatch) -> Path:
    """The browser's settings folder for each test: a fresh temporary one, never the user's."""
    from dossier.tui.config import CONFIG_DIR_ENV

    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    return folder


@pytest.fixture(autouse=True)
def cache_home(tmp_path_factory, monkeypatch) -> Path:
    """The cache folder (the key that signs cached actor indexes) for each test: a fresh
    temporary one, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The seed dossier rebuilt from data/ into a temporary file (never the committed one)."""
    path = tmp_path_factory.mktemp("built") / "dossier.db"
    build(DATA, path)
    return path


@pytest.fixture(scope="session")
def dumped(built_db) -> dict:
    db = store.open_db(built_db)
    try:
        return store.dump(db)
    finally:
        db.conn.close()


@pytest.fixture(scope="session")
def gold() -> dict:
    """The hand-checked labels; a copy lives in tests/ so the suite also runs without shared/."""
    path = GOLD_PATH if GOLD_PATH.exists() else Path(__file__).parent / "gold.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def db_copy(built_db, tmp_path) -> Path:
    """A private copy of the built dossier that a test may damage."""
    path = tmp_path / "copy.db"
    shutil.copy(built_db, path)
    return path
