"""The Session a front end holds: pane snapshots with and without a query, the detail of each
kind, and the palette's catalogue, on the seed dossier (values checked by hand)."""

from __future__ import annotations

import pytest

from dossier.errors import DossierError
from dossier.session import Session
from dossier.views import KINDS, ActorView, EventView, Filter, SourceView

YUSOV = 16


@pytest.fixture(scope="module")
def session(built_db):
    s = Session(built_db)
    yield s
    s.close()


def ids(items) -> list[int]:
    return [item.id for item in items]


def test_snapshot_without_a_query_lists_everything_and_searches_nothing(session):
    snap = session.snapshot([])
    assert snap.results is None
    assert snap.lists.totals == {"actor": 58, "event": 23, "source": 5}


@pytest.mark.parametrize("typed", ['"', '""', "  -  "])
def test_a_query_of_marks_alone_lists_the_panes_as_no_query_does(session, typed):
    snap, plain = session.snapshot([], typed), session.snapshot([])
    assert snap.results is None
    for spec in KINDS:
        assert ids(snap.lists.rows[spec.name]) == ids(plain.lists.rows[spec.name])
    assert snap.lists.totals == plain.lists.totals


def test_snapshot_with_a_query_lists_each_kinds_hits_in_their_order(session):
    snap = session.snapshot([], "Yusov")
    assert snap.results is not None
    for spec in KINDS:
        assert ids(snap.lists.rows[spec.name]) == spec.hit_ids(snap.results)
    assert snap.lists.rows["actor"][0].name == "Andriy Yusov"
    assert ids(snap.lists.rows["event"]) == [14, 20]
    assert 1 not in ids(snap.lists.rows["source"])  # source 1 quotes him but never writes his name


def test_snapshot_with_a_query_and_a_filter_keeps_the_linked_hits(session):
    everywhere = session.snapshot([], "Mali")
    in_source_4 = session.snapshot([Filter("source", 4, "Mali cuts")], "Mali")
    source_4_events = {1, 2, 4, 10, 13, 14, 20}
    expected = [i for i in ids(everywhere.lists.rows["event"]) if i in source_4_events]
    assert ids(in_source_4.lists.rows["event"]) == expected != []
    assert in_source_4.lists.totals["event"] == len(expected)


def test_view_of_an_actor(session):
    view = session.view("actor", YUSOV)
    assert isinstance(view, ActorView)
    assert view.actor.name == "Andriy Yusov"
    assert ids(view.events) == [14]
    assert sorted(ids(view.sources)) == [1, 2, 3, 4, 5]
    assert len(view.quotes) == 5 and all(q.label == "Andriy Yusov" for q in view.quotes)


def test_view_of_an_event(session):
    view = session.view("event", 4)
    assert isinstance(view, EventView)
    assert view.event.title == "Wagner's involvement in Mali begins"
    assert {(r.name, r.role) for r in view.actors} == {("Mali", "location"), ("Mali", "target"), ("Wagner Group", "actor")}
    assert {source.id for source, _ in view.evidence} == {4}


def test_view_of_a_source(session):
    view = session.view("source", 4)
    assert isinstance(view, SourceView)
    assert view.source.title.startswith("Mali cuts Diplomatic Ties with Ukraine")
    assert sorted(ids(view.events)) == [1, 2, 4, 10, 13, 14, 20]
    assert view.text.startswith("top of page")


def test_view_of_a_missing_item_says_so(session):
    with pytest.raises(DossierError, match="No event with id 999"):
        session.view("event", 999)


def test_catalog_lists_every_item_of_every_kind_with_a_one_line_label(session):
    catalog = session.catalog()
    assert len(catalog) == 58 + 23 + 5
    assert ("actor", YUSOV, "Andriy Yusov") in catalog
    assert ("event", 13, "2024-07-25 Tuareg rebels and JNIM ambush Malian army and Wagner convoy near Tinzaouaten") in catalog
    # An untitled source is named by its outlet, else its slug: never by a line of its text.
    assert ("source", 1, "untitled 000_b637b1eb51274fd5") in catalog
    assert all("\n" not in label for _, _, label in catalog)


def test_groups_come_most_rendered_first(session):
    groups = session.groups()
    assert [n for _, _, n in groups] == [4, 4, 3]
    assert groups[0][1].startswith("Andriy Yusov: “the fact that the rebels received")


def test_markdown_of_a_view_names_its_file_after_it(session):
    text, name = session.markdown(session.view("actor", YUSOV))
    assert name == "exports/actor-andriy-yusov.md"
    assert text.startswith("# Andriy Yusov\n")
