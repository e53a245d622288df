"""Ingest --jobs: articles extracted ahead of the writer in other processes make the dossier a
serial run makes, whatever the run's index learns meanwhile (dossier.pool, extract/reads.py)."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
import sqlite_utils

from bench.articles import make_articles
from dossier import ingest as ingest_module
from dossier import pool, store
from dossier.extract.linking import ActorIndex
from dossier.extract.pipeline import extract
from dossier.extract.reads import reading
from dossier.ingest import actor_index, ingest
from dossier.readers import read_article
from tests.conftest import COMMITTED_DB
from tests.test_ingest_reliability import _dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the pool forks where it can; spawn is slower, not different")


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> list[Path]:
    """Generated news articles naming the seed dossier's actors and new ones, which later
    articles name again; one of them twice, an empty file and a missing one among them."""
    folder = tmp_path_factory.mktemp("articles")
    make_articles(folder, 36)
    paths = sorted(folder.glob("*.txt"))
    shutil.copy(paths[3], folder / "00009-again.txt")  # the same content: a duplicate
    (folder / "00020-empty.txt").write_text("", encoding="utf-8")  # fails to read
    paths = sorted(folder.glob("*.txt"))
    paths.insert(27, folder / "00027-missing.txt")  # fails too
    return paths


def _run(tmp_path: Path, name: str, paths: list[Path], jobs: int) -> tuple[dict, list[dict]]:
    db = tmp_path / f"{name}.db"
    shutil.copy(COMMITTED_DB, db)
    report = ingest(db, paths, jobs=jobs)
    return _dump(db), [asdict(f) for f in report.files]


@pytest.fixture
def kept(monkeypatch) -> list[pool.Ahead]:
    """The pools ingest makes, to read how many results they kept."""
    made: list[pool.Ahead] = []

    class Watched(pool.Ahead):
        def __init__(self, *args, **kwargs):
            self.starts = 0
            super().__init__(*args, **kwargs)
            made.append(self)

        def _start(self, state) -> None:
            self.starts += 1
            super()._start(state)

    monkeypatch.setattr(ingest_module, "Ahead", Watched)
    return made


def test_ingest_with_jobs_makes_the_dossier_and_report_a_serial_run_makes(tmp_path, articles, kept):
    serial = _run(tmp_path, "serial", articles, jobs=1)
    assert not kept
    statuses = [f["status"] for f in serial[1]]
    assert statuses.count("duplicate") == 1 and statuses.count("error") == 2
    for jobs in (2, 3):
        assert _run(tmp_path, f"jobs{jobs}", articles, jobs=jobs) == serial
    # Both ways were taken: results kept, and results extracted again because an actor
    # learned meanwhile changed what extraction would read.
    assert all(0 < ahead.redone < len(articles) - 3 for ahead in kept), [ahead.redone for ahead in kept]


def test_extraction_is_the_same_whenever_its_reads_are_unchanged(articles, tmp_path):
    db = tmp_path / "learned.db"
    shutil.copy(COMMITTED_DB, db)
    before = actor_index(sqlite_utils.Database(COMMITTED_DB))
    last = max(before.names)
    ingest(db, articles[:20])
    learned = [
        (r["id"], r["name"], r["kind"], tuple(a["alias"] for a in store.query(sqlite_utils.Database(db), "SELECT alias FROM alias WHERE actor_id = ? ORDER BY id", (r["id"],))))
        for r in store.query(sqlite_utils.Database(db), "SELECT id, name, kind FROM actor WHERE id > ? ORDER BY id", (last,))
    ]
    assert len(learned) > 20
    same = changed = 0
    for n, path in enumerate(articles[20:]):
        if not path.exists() or not path.stat().st_size:
            continue
        text = read_article(path, {}).text
        view, reads = reading(copy.deepcopy(before))
        old = extract(text, None, view)
        assert old == extract(text, None, before)  # reading through the view changes nothing
        # A few actors learned since, different ones for each article.
        some = learned[3 * n % len(learned) :][:3]
        after = copy.deepcopy(before)
        for actor in some:
            after.add_actor(*actor)
        if reads.unchanged(after, [(a[0], (a[1], *a[3])) for a in some]):
            assert old == extract(text, None, after)
            same += 1
        else:
            changed += 1
    assert same and changed


def test_reads_of_a_text_naming_a_learned_actor_are_changed():
    index = ActorIndex.from_rows([{"id": 1, "name": "Niger", "kind": "state"}], [])
    text = "Niger said on Monday that Amadou Kountche would lead the talks."
    view, reads = reading(index)
    extract(text, None, view)
    index.add_actor(2, "Amadou Kountché", "person", ("Amadou Kountché",))
    assert not reads.unchanged(index, [(2, ("Amadou Kountché", "Amadou Kountché"))])
    unrelated = ActorIndex.from_rows([{"id": 1, "name": "Niger", "kind": "state"}], [])
    view, reads = reading(unrelated)
    extract(text, None, view)
    unrelated.add_actor(3, "Birgit Halvorsen", "person", ("Birgit Halvorsen",))
    assert reads.unchanged(unrelated, [(3, ("Birgit Halvorsen", "Birgit Halvorsen"))])


def test_ingest_with_jobs_follows_the_run_state_when_it_is_loaded_again(tmp_path, articles, kept, monkeypatch):
    serial = _run(tmp_path, "serial", articles, jobs=1)
    versions = iter(range(10**6))  # as if another process wrote before every transaction
    monkeypatch.setattr(ingest_module.store, "data_version", lambda db: next(versions))
    assert _run(tmp_path, "reloaded", articles, jobs=2) == serial
    assert kept[-1].starts > 1  # the workers were replaced, following the state loaded again


def test_a_worker_that_dies_leaves_the_rest_of_the_run_to_the_writer(tmp_path, articles, kept, monkeypatch):
    serial = _run(tmp_path, "serial", articles, jobs=1)
    prepare = ingest_module.prepare_file

    def dies_on_the_tenth(path, *args):
        if path == articles[10]:
            os._exit(1)
        return prepare(path, *args)

    monkeypatch.setattr(ingest_module, "prepare_file", dies_on_the_tenth)
    assert _run(tmp_path, "died", articles, jobs=2) == serial
    assert kept[-1]._broken


def test_ingest_workers_do_not_load_textual(tmp_path, articles):
    seen = tmp_path / "seen.txt"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dossier import ingest\n"
        "from dossier.cli import cli\n"
        "prepare = ingest.prepare_file\n"
        "def watched(*args):\n"
        f"    open({str(seen)!r}, 'a').write(str(any(m.startswith('textual') for m in sys.modules)) + '\\n')\n"
        "    return prepare(*args)\n"
        "ingest.prepare_file = watched\n"
        f"r = CliRunner().invoke(cli, ['ingest', '--db', {str(tmp_path / 'cli.db')!r}, '--jobs', '2', '--json', "
        f"*{[str(p) for p in articles[:4]]!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(json.dumps(json.loads(r.output)['totals']))\n"
    )
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["added"] == 4
    assert seen.read_text().split() == ["False"] * 4  # each file read and extracted in a worker
