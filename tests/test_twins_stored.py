"""Twins looked up in the dossier (store.StoredTwins, the source_sketch table its triggers
keep) are the twins the in-memory finder gives over every stored sketch."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier import store
from dossier.twins import TwinFinder

HASHES = list(range(1, 40))


def _dossier(tmp_path):
    path = tmp_path / "d.db"
    store.create(path)
    return store.open_for_writing(path)


def _add(db, n: int, sketch: list[int] | None) -> None:
    fingerprint = None if sketch is None else json.dumps(sketch)
    db.conn.execute(
        "INSERT INTO source (id, slug, text, content_hash, fingerprint) VALUES (?, ?, ?, ?, ?)",
        (n, f"s{n}", "text", f"h{n}", fingerprint),
    )


def _in_memory(db) -> TwinFinder:
    rows = db.conn.execute("SELECT id, fingerprint FROM source WHERE fingerprint IS NOT NULL")
    return TwinFinder((source_id, json.loads(fingerprint)) for source_id, fingerprint in rows)


sketches = st.lists(st.sampled_from(HASHES), min_size=1, max_size=8, unique=True).map(sorted)


@settings(max_examples=60, deadline=None)
@given(stored=st.lists(st.none() | sketches, max_size=12), asked=st.lists(sketches, min_size=1, max_size=5))
def test_the_stored_finder_finds_the_twin_the_in_memory_one_finds(tmp_path_factory, stored, asked):
    db = _dossier(tmp_path_factory.mktemp("twins"))
    try:
        for n, sketch in enumerate(stored, 1):
            _add(db, n, sketch)
        db.conn.commit()
        for threshold in (0.3, 0.6):
            found, memory = store.StoredTwins(db, threshold), _in_memory(db)
            memory.threshold = threshold
            for sketch in asked:
                assert found.shared(sketch) == memory.shared(sketch)
                assert found.twin(sketch) == memory.twin(sketch)
    finally:
        db.conn.close()


def test_a_sources_sketch_follows_its_row_and_an_older_dossier_gets_it_filled(tmp_path):
    db = _dossier(tmp_path)
    rng = random.Random(7)
    for n in range(1, 9):
        _add(db, n, sorted(rng.sample(HASHES, 6)))
    db.conn.commit()
    db.conn.execute("UPDATE source SET fingerprint = '[1, 2, 3]' WHERE id = 1")
    db.conn.execute("DELETE FROM source WHERE id = 2")
    db.conn.execute("SAVEPOINT article")
    _add(db, 9, [4, 5])
    db.conn.execute("ROLLBACK TO article")
    db.conn.execute("RELEASE article")
    db.conn.commit()

    def rows():
        return sorted(db.conn.execute("SELECT source_id, hash FROM source_sketch"))

    expected = sorted(
        (source_id, h)
        for source_id, fingerprint in db.conn.execute("SELECT id, fingerprint FROM source")
        for h in json.loads(fingerprint)
    )
    assert rows() == expected and (1, 1) in expected and not any(s in (2, 9) for s, _ in expected)
    for name in ("source_sketch_ai", "source_sketch_ad", "source_sketch_au"):
        db.conn.execute(f"DROP TRIGGER {name}")
    db.conn.execute("DROP TABLE source_sketch")  # a dossier written before the table
    db.conn.commit()
    db.conn.close()
    db = store.open_for_writing(tmp_path / "d.db")
    try:
        assert rows() == expected
    finally:
        db.conn.close()
