"""The actor index kept between ingest runs (dossier.indexcache): read back only when it is the
index a build from every row gives, and never unpickled unless this user's dossier wrote it."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier import indexcache, ingest, signed, store
from dossier.extract.linking import ActorIndex

FIELDS = ("names", "kinds", "governments", "aliases", "people", "cores", "long_names", "acronyms", "positions",
          "blocks", "by_name", "folded", "owners")
SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"


def _dossier(tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    store.create(path)
    db = store.open_for_writing(path)
    with store.write_transaction(db):
        _add(db, 1, "Amadou Toure", "person", ["A. Toure"])
        _add(db, 2, "Economic Community of West African States", "organization", ["ECOWAS"])
        _add(db, 3, "Mali", "state", [])
        _add(db, 4, "Government of Mali", "organization", ["Malian government"])
    db.conn.close()
    return path


def _add(db, actor_id: int, name: str, kind: str, aliases: list[str]) -> None:
    db.execute("INSERT INTO actor (id, slug, name, kind) VALUES (?, ?, ?, ?)", (actor_id, f"a{actor_id}", name, kind))
    for alias in aliases:
        db.execute("INSERT INTO alias (actor_id, alias, folded) VALUES (?, ?, lower(?))", (actor_id, alias, alias))


def _same_as_a_build(db, index: ActorIndex) -> None:
    built = ActorIndex.from_rows(store.actor_names(db), store.alias_rows(db))
    for name in FIELDS:
        assert getattr(index, name) == getattr(built, name), name
    text = " ".join(n for names in built.aliases.values() for n in names)
    assert index.matcher.find(text) == built.matcher.find(text)


def _cached(db) -> bool:
    return db.execute("SELECT count(*) FROM index_cache").fetchone()[0] == 1


def test_the_next_run_reads_the_index_back_and_learns_the_actors_stored_since(tmp_path):
    db = store.open_for_writing(_dossier(tmp_path))
    first = indexcache.load(db)
    assert first.built and indexcache.save(db, first) and _cached(db)
    with store.write_transaction(db):
        _add(db, 5, "Awa Keita", "person", ["Awa Keïta"])
        _add(db, 6, "Niger", "state", [])
        _add(db, 7, "Government of Niger", "organization", [])
    again = indexcache.load(db)
    assert not again.built
    _same_as_a_build(db, again.index)


def test_an_index_read_back_is_kept_again_once_it_has_learned_many_actors(tmp_path, monkeypatch):
    monkeypatch.setattr(indexcache, "TAIL_KEPT", 2)
    db = store.open_for_writing(_dossier(tmp_path))
    indexcache.save(db, indexcache.load(db))
    with store.write_transaction(db):
        _add(db, 5, "Awa Keita", "person", [])
    one = indexcache.load(db)
    assert not one.built and not indexcache.save(db, one)  # one actor learned: not worth keeping
    with store.write_transaction(db):
        _add(db, 6, "Niger", "state", ["Republic of Niger"])
    two = indexcache.load(db)
    assert not two.built and indexcache.save(db, two)
    assert db.execute("SELECT actors_upto FROM index_cache").fetchone()[0] == 6
    with store.write_transaction(db):
        _add(db, 7, "Bamako", "place", [])
    again = indexcache.load(db)
    assert not again.built
    _same_as_a_build(db, again.index)


def test_a_new_spelling_of_an_older_actor_is_built_with_that_actors_others(tmp_path):
    db = store.open_for_writing(_dossier(tmp_path))
    indexcache.save(db, indexcache.load(db))
    with store.write_transaction(db):
        db.execute("INSERT INTO alias (actor_id, alias, folded) VALUES (1, 'Amadou Touré', 'amadou toure')")
    again = indexcache.load(db)
    assert again.built  # a build places it among Toure's spellings, not last
    _same_as_a_build(db, again.index)


@pytest.mark.parametrize(
    "sql, kept",
    [
        ("UPDATE actor SET name = 'Amadou Touré' WHERE id = 1", False),
        ("UPDATE actor SET kind = 'armed_group' WHERE id = 2", False),
        ("DELETE FROM alias WHERE alias = 'ECOWAS'", False),
        ("UPDATE alias SET alias = 'CEDEAO' WHERE alias = 'ECOWAS'", False),
        ("UPDATE alias SET actor_id = 1 WHERE alias = 'ECOWAS'", False),
        ("DELETE FROM actor WHERE id = 3", False),
        ("INSERT INTO alias (id, actor_id, alias, folded) VALUES (0, 3, 'Malí', 'mali')", False),  # below the cached rows
        ("UPDATE actor SET description = 'a state' WHERE id = 3", True),  # not what the index reads
        ("INSERT INTO actor (slug, name, kind) VALUES ('a9', 'Bamako', 'place')", True),  # after them: learned
    ],
)
def test_a_change_to_the_rows_the_cache_holds_deletes_it_whoever_writes(tmp_path, sql, kept):
    path = _dossier(tmp_path)
    db = store.open_for_writing(path)
    indexcache.save(db, indexcache.load(db))
    db.conn.close()
    conn = sqlite3.connect(path)  # another writer, knowing nothing of the cache
    conn.execute(sql)
    conn.commit()
    conn.close()
    db = store.open_for_writing(path)
    assert _cached(db) == kept
    _same_as_a_build(db, indexcache.load(db).index)


def test_a_cache_not_signed_with_this_users_key_is_never_unpickled(tmp_path):
    db = store.open_for_writing(_dossier(tmp_path))
    indexcache.save(db, indexcache.load(db))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    payload = pickle.dumps(("any", Payload()))
    for key in (secrets.token_bytes(32), b""):  # another user's key; no signature at all
        blob = hmac.new(key, payload, hashlib.sha256).digest() + payload if key else payload
        with store.write_transaction(db):
            db.execute("UPDATE index_cache SET data = ?", (blob,))
        loaded = indexcache.load(db)
        assert not marker.exists()
        assert loaded.built
        _same_as_a_build(db, loaded.index)


def test_an_index_kept_by_other_code_is_built_again(tmp_path, monkeypatch):
    db = store.open_for_writing(_dossier(tmp_path))
    indexcache.save(db, indexcache.load(db))
    assert not indexcache.load(db).built
    monkeypatch.setattr(indexcache, "_code_version", lambda: "other code")
    assert indexcache.load(db).built


def test_without_a_cache_folder_the_index_is_built_and_nothing_is_kept(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    db = store.open_for_writing(_dossier(tmp_path))
    loaded = indexcache.load(db)
    assert loaded.built and not indexcache.save(db, loaded) and not _cached(db)
    _same_as_a_build(db, loaded.index)


def test_a_relative_cache_folder_or_no_home_keeps_no_key_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home to be found
    assert signed._key() is None
    assert list(tmp_path.iterdir()) == []


def test_a_build_is_not_kept_when_another_writer_committed_after_its_rows_were_read(tmp_path):
    path = _dossier(tmp_path)
    db = store.open_for_writing(path)
    loaded = indexcache.load(db)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO actor (slug, name, kind) VALUES ('a9', 'Bamako', 'place')")
    conn.commit()
    conn.close()
    assert not indexcache.save(db, loaded) and not _cached(db)


def test_runs_that_read_the_index_back_store_what_runs_that_build_it_store(tmp_path, monkeypatch):
    files = sorted(SOURCES.glob("*.txt"))
    runs = [files[:2], files[2:3], files[3:]]
    dumps, read_back = [], []
    load = indexcache.load

    def noting(db):
        loaded = load(db)
        read_back.append(not loaded.built)
        return loaded

    monkeypatch.setattr(indexcache, "load", noting)
    for cached in (True, False):
        if not cached:
            monkeypatch.setattr(signed, "_key", lambda: None)
        path = tmp_path / f"{cached}.db"
        store.create(path)
        for run in runs:
            assert not ingest.ingest(path, run).errors
        db = store.open_db(path)
        dumps.append(store.dump(db))
        db.conn.close()
    assert read_back == [False, True, True, False, False, False]  # the cached runs after the first read it back
    assert dumps[0] == dumps[1]


_NAMES = ["Ana Diallo", "Bo Keita", "ECOWAS", "Economic Community of West African States", "Mali",
          "Government of Mali", "Niger", "Jama'at Nusrat al-Islam", "JNIM", "Anna Dialo"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["actor", "alias", "old alias", "rename", "drop alias", "run"]),
                          st.sampled_from(_NAMES), st.sampled_from(["person", "organization", "state", "place"])),
                max_size=12),
       st.sampled_from([1, indexcache.TAIL_KEPT]))
def test_whatever_is_written_between_runs_a_run_gets_the_index_a_build_gives(steps, tail_kept):
    import tempfile

    kept, indexcache.TAIL_KEPT = indexcache.TAIL_KEPT, tail_kept
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "d.db"
            store.create(path)
            db = store.open_for_writing(path)
            n = 0
            for step, name, kind in steps:
                with store.write_transaction(db):
                    ids = [r[0] for r in db.execute("SELECT id FROM actor ORDER BY id")]
                    if step == "actor" or not ids:
                        n += 1
                        _add(db, 100 + n, name, kind, [name.upper()])
                    elif step == "alias":
                        db.execute("INSERT OR IGNORE INTO alias (actor_id, alias, folded) VALUES (?, ?, ?)", (ids[-1], name + "!", name))
                    elif step == "old alias":
                        db.execute("INSERT OR IGNORE INTO alias (actor_id, alias, folded) VALUES (?, ?, ?)", (ids[0], name + "?", name))
                    elif step == "rename":
                        db.execute("UPDATE actor SET name = ?, kind = ? WHERE id = ?", (name, kind, ids[0]))
                    elif step == "drop alias":
                        db.execute("DELETE FROM alias WHERE id = (SELECT min(id) FROM alias)")
                if step == "run":
                    indexcache.save(db, indexcache.load(db))
            _same_as_a_build(db, indexcache.load(db).index)
            db.conn.close()
    finally:
        indexcache.TAIL_KEPT = kept


def test_reading_the_actor_index_outside_an_ingest_run_leaves_the_dossier_as_it_was(tmp_path):
    path = _dossier(tmp_path)
    reader = sqlite_utils.Database(path)
    changes = reader.conn.total_changes
    ingest.actor_index(reader)  # as build, and tests, read it
    assert reader.conn.total_changes == changes
    reader.conn.close()
    db = store.open_for_writing(path)
    assert not _cached(db)
    ingest.actor_index(db, keep=True)  # an ingest run's
    assert _cached(db)


def test_the_shipped_dossier_carries_no_kept_index():
    # A kept index is signed by whoever's run kept it: in the sample it would be dead weight.
    shipped = Path(__file__).resolve().parent.parent / "data" / "dossier.db"
    conn = sqlite3.connect(f"file:{shipped}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM index_cache").fetchone() == (0,)
    finally:
        conn.close()
