"""The shipped dossier in Datasette, with `dossier datasette-metadata`: labels, descriptions,
raw full-text search and the stored queries, as a team sharing the file read-only sees it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dossier import locate
from dossier.cli import cli

datasette_app = pytest.importorskip("datasette.app")  # a test dependency (the test extra)


@pytest.fixture(scope="module")
def metadata() -> dict:
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(locate.sample_db())])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def ds(metadata):
    # immutable: opened read-only, as a shared file is
    return datasette_app.Datasette(immutables=[str(locate.sample_db())], metadata=metadata)


async def _json(ds, path: str):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_a_search_for_tinzaouatene_finds_tinzaouaten(ds):
    rows = await _json(ds, "/dossier/actor.json?_search=Tinzaouatene&_shape=array")
    assert [r["name"] for r in rows] == ["Tinzaouaten"]


async def test_raw_search_mode_takes_prefixes_and_phrases(ds):
    rows = await _json(ds, "/dossier/source.json?_search=Tinz*&_shape=array&_col=slug")
    assert len(rows) >= 3
    rows = await _json(ds, '/dossier/quote.json?_search="terrorist methods"&_shape=array')
    assert rows and all("terrorist methods" in r["text"] for r in rows)


async def test_rows_pointing_at_actors_and_sources_show_their_labels(ds):
    data = await _json(ds, "/dossier/mention.json?_labels=on&_size=5&_shape=array")
    assert set(data[0]["actor_id"]) == {"value", "label"}
    assert data[0]["source_id"]["label"].startswith("00")  # a source's slug: untitled ones have one too


async def test_tables_have_descriptions(ds, metadata):
    tables = metadata["databases"]["dossier"]["tables"]
    assert all(t["description"] for t in tables.values())
    page = await ds.client.get("/dossier/evidence")
    assert "verbatim words in a source that support an event" in page.text


@pytest.mark.parametrize(
    ("query", "params", "check"),
    [
        ("actor_mentions", "actor=Andriy+Yusov", lambda rows: len(rows) == 11 and {"Yusov", "Andriy Yusov", "Andrii Yusov"} == {r["surface"] for r in rows}),
        ("actor_mentions", "actor=andriy-yusov", lambda rows: len(rows) == 11),
        ("quote_group_renderings", "group=barbaric", lambda rows: len(rows) >= 3 and len({r["source"] for r in rows}) == len(rows)),
        ("event_evidence", "event=tinzaouaten-ambush", lambda rows: rows and all(r["event"].startswith("Tuareg rebels") for r in rows)),
    ],
)
async def test_stored_queries_answer_for_an_actor_a_quote_group_and_an_event(ds, query, params, check):
    rows = await _json(ds, f"/dossier/{query}.json?{params}&_shape=array")
    assert check(rows), rows
