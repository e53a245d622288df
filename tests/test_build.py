"""The seed dossier: built deterministically from data/, matching the gold labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier import store
from dossier.build import build
from dossier.errors import DossierError

from .conftest import COMMITTED_DB, DATA

SPAN_TABLES = ("mentions", "quotes", "claims", "dates")


def test_committed_database_matches_a_fresh_build(dumped):
    db = store.open_db(COMMITTED_DB)
    try:
        committed = store.dump(db)
    finally:
        db.conn.close()
    assert committed == dumped, "data/dossier.db is stale: run `make build` and commit it"


def test_two_builds_dump_identically(tmp_path, dumped):
    build(DATA, tmp_path / "again.db")
    db = store.open_db(tmp_path / "again.db")
    assert store.dump(db) == dumped


def test_sources_are_the_seed_files_byte_for_byte(dumped):
    texts = {s["slug"]: s["text"] for s in dumped["sources"]}
    assert len(texts) == 5
    for slug, text in texts.items():
        assert (DATA / "sources" / f"{slug}.txt").read_bytes() == text.encode("utf-8")


def test_every_span_points_at_its_own_text(dumped):
    """Provenance: source.text[start:end] is the stored text for every span in the dossier."""
    texts = {s["id"]: s["text"] for s in dumped["sources"]}
    checked = 0
    for table in SPAN_TABLES:
        for row in dumped[table]:
            field = "surface" if "surface" in row else "text"
            assert texts[row["source_id"]][row["start"] : row["end"]] == row[field], (table, row)
            checked += 1
    for event in dumped["events"]:
        for ev in event["evidence"]:
            assert texts[ev["source_id"]][ev["start"] : ev["end"]] == ev["text"], event["slug"]
            checked += 1
    assert checked > 150


def test_every_gold_actor_is_present_with_all_its_aliases(dumped, gold):
    actors = {a["name"]: a for a in dumped["actors"]}
    for g in gold["actors"]:
        assert g["name"] in actors, g["name"]
        assert actors[g["name"]]["kind"] == g["kind"]
        assert set(g["aliases"]) <= set(actors[g["name"]]["aliases"]), g["name"]


def test_every_gold_event_is_present_with_date_and_evidence_from_each_source(dumped, gold):
    sources = {s["id"]: s["slug"] for s in dumped["sources"]}
    actors = {a["id"]: a["name"] for a in dumped["actors"]}
    by_title = {e["title"]: e for e in dumped["events"]}
    assert len(dumped["events"]) == len(gold["events"])
    for g in gold["events"]:
        event = by_title.get(g["title"])
        assert event is not None, g["title"]
        assert event["date"] == g["date"]
        assert event["precision"] == {4: "year", 7: "month", 10: "day"}[len(g["date"])]
        assert event["summary"], g["title"]
        cited = {sources[ev["source_id"]] + ".txt" for ev in event["evidence"]}
        assert cited == set(g["sources"]), g["title"]
        involved = {actors[a["actor_id"]] for a in event["actors"]}
        assert set(g["actors"]) <= involved, g["title"]
        if g["location"]:
            assert actors[event["place_id"]] == g["location"]


def test_mentions_reach_gold_precision_and_recall(dumped, gold):
    """Compared as distinct (article, actor, surface) triples, as gold.json lists them."""
    names = {a["id"]: a["name"] for a in dumped["actors"]}
    files = {s["id"]: s["slug"] + ".txt" for s in dumped["sources"]}
    got = {(files[m["source_id"]], names[m["actor_id"]], m["surface"]) for m in dumped["mentions"]}
    want = {(a["file"], m["actor"], m["surface"]) for a in gold["articles"] for m in a["mentions"]}
    hits = got & want
    precision, recall = len(hits) / len(got), len(hits) / len(want)
    assert precision >= 0.9, sorted(got - want)
    assert recall >= 0.9, sorted(want - got)


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA / "sources", data / "sources")
    shutil.copytree(DATA / "curation", data / "curation")
    return data


def test_missing_evidence_snippet_fails_build_naming_event_source_and_snippet(tmp_path):
    data = _copy_data(tmp_path)
    events = data / "curation" / "events.toml"
    events.write_text(
        events.read_text(encoding="utf-8")
        + '\n[[event]]\nslug = "bogus"\ntitle = "Bogus"\ndate = "2024"\nprecision = "year"\n'
        'evidence = [{ source = "000_b637b1eb51274fd5", text = "words nobody wrote" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(DossierError) as err:
        build(data, tmp_path / "out.db")
    message = str(err.value)
    assert "bogus" in message and "000_b637b1eb51274fd5" in message and "words nobody wrote" in message


def test_failed_build_leaves_existing_database_untouched(tmp_path, built_db):
    data = _copy_data(tmp_path)
    (data / "curation" / "actors.toml").write_text("[[actor]]\nname = 'x'\n", encoding="utf-8")
    target = tmp_path / "keep.db"
    shutil.copy(built_db, target)
    before = target.read_bytes()
    with pytest.raises(DossierError):
        build(data, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []


def test_non_utf8_source_is_a_clear_error(tmp_path):
    data = _copy_data(tmp_path)
    (data / "sources" / "000_b637b1eb51274fd5.txt").write_bytes("Mali \xe9t\xe9".encode("latin-1"))
    with pytest.raises(DossierError, match="not UTF-8"):
        build(data, tmp_path / "out.db")


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ("[[actor]]\nslug = 'a'\nname = 'A'\nkind = 'robot'\n", "kind must be one of"),
        ("[[actor]]\nslug = 'a'\nname = 'A'\nkind = 'person'\n[[actor]]\nslug = 'a'\nname = 'B'\nkind = 'person'\n", "Duplicate actor slug"),
        ("[[event]]\nslug = 'e'\ntitle = 'E'\ndate = '2024-13'\nprecision = 'month'\n", "not an ISO date"),
        ("[[event]]\nslug = 'e'\ntitle = 'E'\nactors = [{actor = 'Nobody', role = 'actor'}]\n", "not a curated actor"),
        ("this is = not toml [", "not valid TOML"),
    ],
)
def test_bad_curation_is_reported_with_file_and_entry(tmp_path, toml, complaint):
    data = _copy_data(tmp_path)
    (data / "curation" / "zz_extra.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(DossierError, match=complaint) as err:
        build(data, tmp_path / "out.db")
    assert "zz_extra.toml" in str(err.value) or "Duplicate" in str(err.value)


def test_curated_correction_sets_a_quotes_speaker(dumped):
    names = {a["id"]: a["name"] for a in dumped["actors"]}
    first = next(q for q in dumped["quotes"] if q["source_id"] == 1 and q["text"] == "necessary information")
    assert names[first["speaker_id"]] == "Andriy Yusov"


def test_correction_that_matches_nothing_fails_the_build(tmp_path):
    data = _copy_data(tmp_path)
    (data / "curation" / "zz_fix.toml").write_text(
        '[[correction]]\nsource = "000_b637b1eb51274fd5"\nquote = "words never quoted"\nspeaker = "Mali"\n',
        encoding="utf-8",
    )
    with pytest.raises(DossierError, match="no quote 'words never quoted' was extracted"):
        build(data, tmp_path / "out.db")


def test_correction_can_relink_a_mention(tmp_path):
    data = _copy_data(tmp_path)
    (data / "curation" / "zz_fix.toml").write_text(
        '[[correction]]\nsource = "001_1d4ac1cf50a0d8cb"\nmention = "Moscow"\nactor = "Russia"\n', encoding="utf-8"
    )
    build(data, tmp_path / "out.db")
    db = store.open_db(tmp_path / "out.db")
    rows = store.query(
        db,
        "SELECT a.name, m.method FROM mention m JOIN actor a ON a.id = m.actor_id "
        "WHERE m.source_id = 2 AND m.surface = 'Moscow'",
    )
    assert rows == [{"name": "Russia", "method": "curated"}]


def test_rebuilding_the_same_data_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(DATA, tmp_path / "a.db")
    build(DATA, tmp_path / "b.db")
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()
