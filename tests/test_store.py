"""Opening databases safely, the schema and its FTS indexes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils

from dossier import store
from dossier.errors import DossierError


def test_missing_database_says_how_to_build_one(tmp_path):
    with pytest.raises(DossierError, match="dossier build"):
        store.open_db(tmp_path / "nope.db")


def test_random_bytes_are_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(DossierError, match="not a SQLite database"):
        store.open_db(path)


def test_empty_file_is_not_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(DossierError, match="not a SQLite database"):
        store.open_db(path)


def test_sqlite_file_without_dossier_schema_is_rejected(tmp_path):
    path = tmp_path / "other.db"
    sqlite_utils.Database(path)["t"].insert({"a": 1})
    with pytest.raises(DossierError, match="not a dossier"):
        store.open_db(path)


def test_newer_schema_version_is_refused_with_clear_message(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DossierError, match="newer than this dossier understands"):
        store.open_db(db_copy)


def test_truncated_database_is_reported_not_raised_raw(db_copy):
    data = db_copy.read_bytes()
    db_copy.write_bytes(data[:4096])
    with pytest.raises(DossierError):
        db = store.open_db(db_copy)
        store.list_actors(db)
        store.list_sources(db)


def test_read_only_file_still_opens_for_browsing(db_copy):
    os.chmod(db_copy, stat.S_IRUSR | stat.S_IRGRP)
    try:
        db = store.open_db(db_copy)
        assert store.counts(db).sources == 5
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM actor")
    finally:
        os.chmod(db_copy, stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_open_cannot_write_even_when_file_is_writable(db_copy):
    db = store.open_db(db_copy)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM source")
    db.conn.close()
    assert store.counts(store.open_db(db_copy)).sources == 5


def test_locked_database_gives_dossier_error_after_busy_timeout(db_copy, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DossierError, match="locked"):
            db = store.open_db(db_copy)
            store.counts(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_schema_version_is_recorded(built_db):
    conn = sqlite3.connect(built_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION


def test_every_fts_table_uses_the_diacritic_folding_tokenizer(built_db):
    db = sqlite_utils.Database(built_db)
    for table in store.FTS_COLUMNS:
        sql = db[f"{table}_fts"].schema
        assert "remove_diacritics 2" in sql, table


def test_actor_fts_finds_an_alias_without_its_accent(built_db):
    db = store.open_db(built_db)
    hits = [r["name"] for r in db["actor"].search("Tinzaouatene")]
    assert hits == ["Tinzaouaten"]


def test_source_fts_searches_text_with_sqlite_utils_unchanged(built_db):
    db = sqlite_utils.Database(built_db)
    rows = list(db["source"].search("Tinzaouatène", columns=["slug"]))
    assert rows, "sqlite-utils search should find the village in some article"


def test_alias_changes_keep_actor_fts_in_sync(db_copy):
    db = store.open_db(db_copy, readonly=False)
    actor_id = db.execute("SELECT id FROM actor WHERE name = 'Andriy Yusov'").fetchone()[0]
    with db.conn:
        db["alias"].insert({"actor_id": actor_id, "alias": "Andrej Jusow", "folded": "andrej jusow"})
    assert [r["name"] for r in db["actor"].search("Jusow")] == ["Andriy Yusov"]
    with db.conn:
        db.execute("DELETE FROM alias WHERE alias = 'Andrej Jusow'")
    assert list(db["actor"].search("Jusow")) == []


def test_event_fts_is_kept_in_sync_by_triggers(db_copy):
    db = store.open_db(db_copy, readonly=False)
    with db.conn:
        db["event"].insert({"slug": "x-test", "title": "Zanzibar summit", "summary": None})
    assert [r["slug"] for r in db["event"].search("zanzibar")] == ["x-test"]


def test_events_list_in_date_order_with_undated_last(db_copy):
    db = store.open_db(db_copy, readonly=False)
    with db.conn:
        db["event"].insert({"slug": "undated-thing", "title": "Something undated", "date": None})
    events = store.list_events(db)
    dates = [e.date for e in events if e.date]
    assert dates == sorted(dates)
    assert events[-1].slug == "undated-thing"
    assert events[-1].date_label == "undated"


def test_an_older_dossier_without_event_status_reads_as_curated_and_gains_the_columns_when_written(db_copy):
    conn = sqlite3.connect(db_copy)  # as a dossier written before events had a status and dated evidence
    conn.execute("DROP INDEX idx_event_kind")
    conn.execute("DROP INDEX idx_event_date")
    for table, column in (("event", "status"), ("event", "kind"), ("evidence", "date"), ("evidence", "precision"), ("evidence", "how")):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.commit()
    conn.close()
    db = store.open_db(db_copy)
    try:
        assert {e.status for e in store.list_events(db)} == {"curated"}
        assert all(v["date"] is None for e in store.dump(db)["events"] for v in e["evidence"])
    finally:
        db.conn.close()
    db = store.open_for_writing(db_copy)
    try:
        columns = {r["name"] for r in store.query(db, "SELECT name FROM pragma_table_info('event')")}
        assert {"status", "kind"} <= columns
        indexes = {r["name"] for r in store.query(db, "SELECT name FROM pragma_index_list('event')")}
        assert {"idx_event_kind", "idx_event_date"} <= indexes
        assert {e.status for e in store.list_events(db)} == {"curated"}
    finally:
        db.conn.close()


def _rows_written(db, sql: str, params=()) -> int:
    """How many rows one statement wrote, its triggers' writes included."""
    before = db.conn.total_changes
    with db.conn:
        db.execute(sql, params)
    return db.conn.total_changes - before


def test_setting_a_quotes_group_leaves_the_full_text_index_alone_and_editing_its_text_reindexes_it(db_copy):
    db = store.open_for_writing(db_copy)
    try:
        quote_id = db.execute("SELECT min(id) FROM quote").fetchone()[0]
        assert _rows_written(db, "UPDATE quote SET group_id = NULL WHERE id = ?", (quote_id,)) == 1
        assert _rows_written(db, "UPDATE source SET dated_by = 'none' WHERE id = 1") == 1
        _rows_written(db, "UPDATE quote SET text = 'a zanzibarian phrase' WHERE id = ?", (quote_id,))
        assert [r["id"] for r in db["quote"].search("zanzibarian")] == [quote_id]
    finally:
        db.conn.close()


def test_an_older_dossier_gets_update_triggers_on_the_indexed_columns_only_when_written(db_copy):
    conn = sqlite3.connect(db_copy)  # as sqlite-utils made them: on an update of any column
    conn.executescript(
        'DROP TRIGGER quote_au; CREATE TRIGGER "quote_au" AFTER UPDATE ON "quote" BEGIN '
        "INSERT INTO quote_fts (quote_fts, rowid, text) VALUES('delete', old.rowid, old.text); "
        "INSERT INTO quote_fts (rowid, text) VALUES (new.rowid, new.text); END;"
    )
    conn.close()
    db = store.open_for_writing(db_copy)
    try:
        quote_id = db.execute("SELECT min(id) FROM quote").fetchone()[0]
        assert _rows_written(db, "UPDATE quote SET group_id = NULL WHERE id = ?", (quote_id,)) == 1
        _rows_written(db, "UPDATE quote SET text = 'a zanzibarian phrase' WHERE id = ?", (quote_id,))
        assert [r["id"] for r in db["quote"].search("zanzibarian")] == [quote_id]
    finally:
        db.conn.close()


def _tallies(db) -> tuple[dict, dict]:
    """(actor_tally as stored, the counts of the mention and quote rows), nonzero ones only."""
    stored = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT actor_id, mentions, quotes FROM actor_tally") if r[1] or r[2]}
    counted: dict[int, list[int]] = {}
    for (actor_id, n) in db.conn.execute("SELECT actor_id, count(*) FROM mention GROUP BY actor_id"):
        counted.setdefault(actor_id, [0, 0])[0] = n
    for (actor_id, n) in db.conn.execute("SELECT speaker_id, count(*) FROM quote WHERE speaker_id IS NOT NULL GROUP BY speaker_id"):
        counted.setdefault(actor_id, [0, 0])[1] = n
    return stored, {k: tuple(v) for k, v in counted.items()}


def test_the_actor_tally_counts_the_rows_through_ingest_merge_relinking_reattribution_and_deletion(tmp_path):
    from dossier.ingest import ingest
    from tests.test_ingest_scale import _articles

    db_path = tmp_path / "d.db"
    ingest(db_path, _articles(tmp_path))
    db = store.open_for_writing(db_path)
    stored, counted = _tallies(db)
    assert stored == counted and len(counted) >= 2  # the ingest's inserts, counted by the triggers
    vole = db.conn.execute("SELECT actor_id FROM mention WHERE surface LIKE '%Vole%' LIMIT 1").fetchone()[0]
    other = db.conn.execute("SELECT actor_id FROM mention WHERE actor_id != ? LIMIT 1", (vole,)).fetchone()[0]
    source_id, surface = db.conn.execute("SELECT source_id, surface FROM mention WHERE actor_id = ? LIMIT 1", (vole,)).fetchone()
    quotes = [r[0] for r in db.conn.execute("SELECT id FROM quote ORDER BY id")]
    new = store.new_actor(db, "harbour-master", "Harbour Master", "person")
    steps = [
        lambda: store.relink_mentions(db, source_id, surface, new),  # deleted, then inserted for another actor
        lambda: store.relink_mentions(db, source_id, surface, None),  # deleted
        lambda: store.set_speaker(db, quotes[:2], new),  # a quote given to another speaker
        lambda: store.set_speaker(db, quotes[:1], None),  # and to none
        lambda: store.move_mentions(db, vole, "vole", other),  # some mentions moved
        lambda: store.move_actor(db, other, vole),  # a merge moves mentions and quotes
        lambda: store.delete_quotes(db, quotes[-1:]),
        lambda: store.delete_actor(db, vole),  # its mentions go, its quotes lose their speaker
    ]
    for step in steps:
        step()
        stored, counted = _tallies(db)
        assert stored == counted
    db.conn.commit()
    db.conn.close()


def test_an_older_dossier_gets_the_actor_tally_filled_from_its_rows_on_its_first_write(tmp_path):
    from dossier.ingest import ingest
    from tests.test_ingest_scale import _articles

    db_path = tmp_path / "d.db"
    ingest(db_path, _articles(tmp_path))
    conn = sqlite3.connect(db_path)
    with conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'actor_tally_%'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE actor_tally")
        conn.execute("DELETE FROM mention WHERE id = (SELECT min(id) FROM mention)")  # written by a version without it
    listed = {a.id: a.mentions for a in store.list_actors(store.open_reader(db_path))}  # read: counted from the rows
    conn.close()
    db = store.open_for_writing(db_path)
    stored, counted = _tallies(db)
    assert stored == counted
    assert {a.id: a.mentions for a in store.list_actors(db)} == listed
    db.conn.close()


def _schema(path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        conn.close()


def test_a_new_dossier_and_the_shipped_one_are_written_to_without_an_upgrade(tmp_path, db_copy):
    # Every table a writer needs is made with the schema: a dossier that build or a generator
    # made is not upgraded (tables added, the search vocabulary recounted) by its first ingest.
    fresh, shipped = tmp_path / "fresh.db", tmp_path / "shipped.db"
    store.create_schema(sqlite_utils.Database(fresh))
    shutil.copyfile(Path(__file__).resolve().parent.parent / "data" / "dossier.db", shipped)
    for path in (fresh, db_copy, shipped):
        before = _schema(path)
        store.open_for_writing(path).conn.close()
        assert _schema(path) == before, path.name
