"""Ingest at scale: an ingest touches what the new articles can change, with the same result
as doing everything at once."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import sqlite_utils

from dossier import store
from dossier.compare import _compatibility, regroup
from dossier.extract.opcount import OPS
from dossier.ingest import RunState, ingest, ingest_article, story_date
from dossier.readers import read_article
from tests.test_ingest_reliability import _dump

SEEDS = sorted((Path(__file__).resolve().parent.parent / "data" / "sources").glob("*.txt"))

# Three outlets render two utterances of one minister, each its own way, and a fourth
# quotes a fragment; an unrelated speaker says something else.
WRITTEN = [
    (
        "Kestrel Minister Ardan Vole said on Monday that \u201cthe harbour will stay closed to every foreign "
        "warship until the talks resume in good faith.\u201d He added: \u201cWe will not be threatened.\u201d\n"
    ),
    (
        "\u201cThe harbour will stay closed to every foreign warship until talks resume in good faith,\u201d "
        "Ardan Vole told reporters. \u201cWe will never be threatened by anyone,\u201d Vole said.\n"
    ),
    (
        "Ardan Vole said the harbour \u201cwill stay closed to foreign warships until the talks resume\u201d. "
        "Mira Tansel, a fisherman, said \u201cthe nets have been empty for three whole weeks now.\u201d\n"
    ),
    "Vole repeated that the port would remain \u201cclosed to every foreign warship\u201d.\n",
]


def _groups(db_path: Path) -> list[tuple]:
    """Every quote group as what it holds: its quotes, label, speaker and whether it is curated."""
    db = store.open_db(db_path)
    try:
        rows = store.query(
            db,
            "SELECT g.label, g.speaker_id, g.curated, json_group_array(q.id) AS ids FROM quote_group g "
            "JOIN quote q ON q.group_id = g.id GROUP BY g.id",
        )
    finally:
        db.conn.close()
    return sorted((r["ids"], r["label"], r["speaker_id"], r["curated"]) for r in rows)


def _regrouped(db_path: Path) -> list[tuple]:
    """The groups after a full regroup of every quote."""
    db = store.open_for_writing(db_path)
    try:
        with store.write_transaction(db):
            regroup(db)
    finally:
        db.conn.close()
    return _groups(db_path)


def _articles(tmp_path: Path) -> list[Path]:
    paths = []
    for i, seed in enumerate(SEEDS):
        paths.append(tmp_path / f"seed-{i}.txt")
        shutil.copy(seed, paths[-1])
    for i, text in enumerate(WRITTEN):
        paths.append(tmp_path / f"written-{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def test_ingesting_articles_one_at_a_time_groups_quotes_as_a_full_regroup_does(tmp_path):
    db_path = tmp_path / "one-by-one.db"
    for path in _articles(tmp_path):
        report = ingest(db_path, [path])
        assert [f.status for f in report.files] == ["added"] and not report.errors
    grouped = _groups(db_path)
    assert len(grouped) >= 3  # the seeds' shared quotes and the minister's renderings
    assert _regrouped(db_path) == grouped


def _stored_groups(db_path: Path) -> list[dict]:
    db = store.open_db(db_path)
    try:
        return store.query(db, "SELECT id, label, speaker_id, curated FROM quote_group ORDER BY id")
    finally:
        db.conn.close()


def test_an_article_no_group_can_take_writes_no_quotes_group(tmp_path):
    db_path = tmp_path / "d.db"
    report = ingest(db_path, _articles(tmp_path))
    assert not report.errors
    before = _stored_groups(db_path)
    conn = sqlite3.connect(db_path)  # a log of every quote whose group is written from now on
    conn.executescript(
        "CREATE TABLE regrouped (quote_id INTEGER); CREATE TRIGGER log_regroup AFTER UPDATE OF group_id ON quote "
        "BEGIN INSERT INTO regrouped VALUES (new.id); END;"
    )
    conn.close()
    unrelated = tmp_path / "unrelated.txt"
    unrelated.write_text(
        "Orla Penhallow said \u201cthe orchard harvest came in early this autumn across the valley.\u201d\n",
        encoding="utf-8",
    )
    report = ingest(db_path, [unrelated])
    assert report.totals["quotes"] == 1 and not report.errors
    assert _stored_groups(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM regrouped").fetchone()[0] == 0
    conn.close()


def _failing_on(db_path: Path, word: str) -> None:
    """A dossier whose mentions cannot be stored for a source holding this word."""
    ingest(db_path, [])
    conn = sqlite3.connect(db_path)
    conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON mention WHEN "
        f"(SELECT text FROM source WHERE id = NEW.source_id) LIKE '%{word}%' "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    conn.commit()
    conn.close()


def test_articles_committed_several_at_a_time_each_stay_all_or_nothing(tmp_path, monkeypatch):
    from dossier import ingest as pipeline

    paths = _articles(tmp_path)
    broken = tmp_path / "broken.txt"
    broken.write_text("Orla Penhallow said the detonator was found near the harbour on Monday.\n", encoding="utf-8")
    paths.insert(3, broken)
    dumps = []
    for per_commit in (1, 2):  # a commit after each article; two articles a commit, the broken one inside
        db_path = tmp_path / f"{per_commit}.db"
        _failing_on(db_path, "detonator")
        monkeypatch.setattr(pipeline, "ARTICLES_PER_COMMIT", per_commit)
        report = ingest(db_path, paths)
        assert [f.status for f in report.files] == ["added"] * 3 + ["error"] + ["added"] * (len(paths) - 4)
        assert "injected failure" in report.files[3].message
        dumps.append(_dump(db_path))
    assert dumps[0] == dumps[1]
    assert "detonator" not in str(dumps[1])


SHIPPED = Path(__file__).resolve().parent.parent / "data" / "dossier.db"


def test_one_run_into_a_described_dossier_groups_quotes_as_a_full_regroup_does(tmp_path):
    # The shipped dossier has described people and governments; the run creates actors as it
    # goes, so the grouping reads the speaker relation from the run's grown actor index.
    db_path = tmp_path / "shipped.db"
    shutil.copy(SHIPPED, db_path)
    paths = _articles(tmp_path)
    report = ingest(db_path, paths[len(SEEDS) :])
    assert [f.status for f in report.files] == ["added"] * len(WRITTEN) and not report.errors
    grouped = _groups(db_path)
    assert _regrouped(db_path) == grouped


def test_the_run_actor_index_gives_the_speaker_relation_the_database_gives(tmp_path):
    db_path = tmp_path / "shipped.db"
    shutil.copy(SHIPPED, db_path)
    db = store.open_for_writing(db_path)
    try:
        state = RunState.load(db)
        known = len(state.index.names)
        db.conn.execute("BEGIN IMMEDIATE")
        for path in _articles(tmp_path)[len(SEEDS) :]:  # actors the index learns one file at a time
            assert ingest_article(db, read_article(path, {}), state, "2026-01-01T00:00:00+00:00").status == "added"
        db.conn.commit()
        from_index, from_db = _compatibility(db, state.index), _compatibility(db)
        assert len(state.index.names) > known  # it learnt the actors the files created
        assert from_index.linked == from_db.linked and any(len(v) > 1 for v in from_db.linked.values())
        assert (from_index.places, from_index.persons) == (from_db.places, from_db.persons)
    finally:
        db.conn.close()


def test_the_median_publication_date_is_read_by_query_as_story_date_computes_it():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE source (id INTEGER PRIMARY KEY, published TEXT)")
    dates = ["2024-03-02", None, "2023-12-31", "", "2024-03-02", "2024-01-15", "2022-06-01"]
    for n in range(len(dates) + 1):  # odd and even counts, undated and empty dates among them
        conn.execute("DELETE FROM source")
        conn.executemany("INSERT INTO source (published) VALUES (?)", [(d,) for d in dates[:n]])
        wrapped = sqlite_utils.Database(conn)
        assert story_date([store.median_published(wrapped)]) == story_date(dates[:n])


# -- one very long article ---------------------------------------------------------------------


def _long_article_steps(tmp_path: Path, copies: int) -> Counter[str]:
    """The steps ingest counts (dossier.extract.opcount.OPS) for one article made of the
    largest seed article repeated, as the bench's 10 MB input is, into a new dossier."""
    seed = max(SEEDS, key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
    path = tmp_path / f"long-{copies}.txt"
    path.write_text((seed.rstrip() + "\n\n") * copies, encoding="utf-8")
    OPS.clear()
    report = ingest(tmp_path / f"long-{copies}.db", [path], meta={"published": "2024-08-05"})
    assert [f.status for f in report.files] == ["added"] and not report.errors
    return Counter(OPS)


def test_a_long_article_costs_steps_in_proportion_to_its_length(tmp_path):
    # Each copy gives the same events their evidence again, the same figures and quotes: a
    # step repeated for each earlier copy (dating an event from all its evidence so far,
    # finding a figure's event among all the source's evidence) would grow fourfold.
    small, large = _long_article_steps(tmp_path, 6), _long_article_steps(tmp_path, 12)
    assert small["event dates tallied"] > 0 and small["quotes near an event"] > 0
    for name, steps in large.items():
        assert steps <= 2.5 * small[name] + 100, (name, small[name], steps)
