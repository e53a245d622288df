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


def test_a_run_leaves_the_garbage_collector_as_it_found_it_even_when_a_file_fails(tmp_path):
    import gc

    paths = _articles(tmp_path)
    missing = tmp_path / "missing.txt"  # an error inside the run
    assert gc.isenabled() and gc.get_freeze_count() == 0
    report = ingest(tmp_path / "d.db", [paths[0], missing, *paths[1:]])
    assert [f.status for f in report.files].count("error") == 1
    # The run's index was out of the collector's reach only while the run lasted: a long-lived
    # process (the browser) ingesting again and again keeps nothing frozen.
    assert gc.isenabled() and gc.get_freeze_count() == 0


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
        ids = sorted(from_db.linked)
        assert all(from_index(a, b) == from_db(a, b) for a in ids for b in ids)
        assert {a: from_index.neighbours(a) for a in ids} == from_db.linked
        assert any(len(v) > 1 for v in from_db.linked.values())
        assert [(a in from_index.places, a in from_index.persons) for a in ids] == [
            (a in from_db.places, a in from_db.persons) for a in ids
        ]
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


def test_the_dated_sources_sharing_actors_are_those_naming_two_of_them_counted_from_every_mention():
    db = store.open_db(SHIPPED)
    try:
        named: dict[int, set[int]] = {}
        for source_id, actor_id in db.conn.execute("SELECT source_id, actor_id FROM mention"):
            named.setdefault(source_id, set()).add(actor_id)
        published = dict(db.conn.execute("SELECT id, published FROM source WHERE published IS NOT NULL"))
        busiest = [r[0] for r in db.conn.execute("SELECT actor_id FROM mention GROUP BY actor_id ORDER BY count(*) DESC LIMIT 12")]
        for actors in (busiest[:2], busiest[:5], busiest[::3], busiest):
            expected = sorted(
                (published[s], len(ids & set(actors))) for s, ids in named.items() if s in published and len(ids & set(actors)) >= 2
            )
            assert expected and sorted(store.dated_sources_sharing(db, actors)) == expected
    finally:
        db.conn.close()


def test_the_frequent_words_of_new_quotes_are_those_more_than_common_quotes_hold(tmp_path):
    from dossier.compare import QuoteInfo, _near_quotes, words

    db_path = tmp_path / "shipped.db"
    shutil.copy(SHIPPED, db_path)
    db = store.open_for_writing(db_path)
    try:
        new = [QuoteInfo(r[0], r[1], None, r[2]) for r in db.conn.execute("SELECT id, source_id, text FROM quote LIMIT 40")]
        db.execute("CREATE VIRTUAL TABLE temp.counted USING fts5vocab(main, quote_fts, row)")
        held = dict(db.conn.execute("SELECT term, doc FROM temp.counted"))
        vocabulary = {w for q in new for w in words(q.text)}
        for common in (1, 3, 10):
            frequent, _ = _near_quotes(db, new, lambda a, b: a == b, common)
            assert frequent == {w for w in vocabulary if held.get(w, 0) > common}
            assert frequent and frequent != vocabulary
    finally:
        db.conn.close()


def _vocabulary(db_path: Path, table: str) -> tuple[dict[str, int], dict[str, int]]:
    """The search vocabulary's counts of one table, and its full-text index's own."""
    db = store.open_db(db_path)
    try:
        kept = dict(db.conn.execute("SELECT term, doc FROM search_vocab WHERE tbl = ?", (table,)))
        db.execute(f"CREATE VIRTUAL TABLE temp.counted USING fts5vocab(main, {table}_fts, row)")
        return kept, dict(db.conn.execute("SELECT term, doc FROM temp.counted"))
    finally:
        db.conn.close()


def test_the_search_vocabulary_counts_sources_and_quotes_as_the_index_does_after_ingests_and_curation(tmp_path):
    db_path = tmp_path / "shipped.db"
    shutil.copy(SHIPPED, db_path)
    paths = _articles(tmp_path)[len(SEEDS) :]
    assert not ingest(db_path, paths[:2]).errors
    for table in ("source", "quote"):
        kept, counted = _vocabulary(db_path, table)
        assert kept == counted and counted["harbour"] == 2
    db = store.open_for_writing(db_path)
    try:
        with store.write_transaction(db):
            store.update_source(db, 1, {"title": "Harbour closed: Zyxwv reports"})
            store.delete_quotes(db, [r[0] for r in db.conn.execute("SELECT id FROM quote WHERE text LIKE '%harbour%' LIMIT 1")])
    finally:
        db.conn.close()
    assert ingest(db_path, paths[2:]).totals["added"] == len(paths) - 2
    kept, counted = _vocabulary(db_path, "source")
    assert kept == counted and counted["zyxwv"] == 1
    kept, counted = _vocabulary(db_path, "quote")
    assert kept == counted and counted["harbour"] == 1


def test_the_quotes_near_new_ones_share_a_rare_word_and_may_have_the_same_speaker(tmp_path):
    from dossier.compare import QuoteInfo, _compatibility, _near_quotes, words

    db_path = tmp_path / "shipped.db"
    shutil.copy(SHIPPED, db_path)
    db = store.open_for_writing(db_path)
    try:
        compatible = _compatibility(db)
        kinds = dict(db.conn.execute("SELECT id, kind FROM actor"))
        quotes = [QuoteInfo(*r) for r in db.conn.execute("SELECT id, source_id, speaker_id, text FROM quote ORDER BY id")]
        new = quotes[::3]
        frequent, near = _near_quotes(db, new, compatible, 3)
        expected = set()
        for q in new:
            mine = set(words(q.text))
            wanted = mine if len(mine) <= 2 else mine - frequent
            for other in quotes:
                s = other.speaker_id
                may = q.speaker_id is None or s is None or compatible(q.speaker_id, s) or (
                    (kinds[s] == "person") != (q.speaker_id in compatible.persons)
                )
                if may and wanted & set(words(other.text)):
                    expected.add(other.id)
        assert near == expected and frequent and any(q.speaker_id for q in new)
        assert set(expected) != {q.id for q in quotes}
    finally:
        db.conn.close()


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
