"""Pane linking on the seed dossier: what each kind of filter leaves in the other panes, and
how search hits reorder and restrict the lists. Expected ids were checked by hand against
the tables (event_actor, mention, quote, evidence)."""

from __future__ import annotations

import pytest

from dossier import store, views
from dossier.views import KINDS, Filter

YUSOV, MAIGA, MALI, WAGNER, GUR = 16, 17, 1, 32, 37
WAGNER_ARRIVES, YUSOV_INFORMATION = 4, 14  # events


@pytest.fixture(scope="module")
def db(built_db):
    conn = store.open_db(built_db)
    yield conn
    conn.conn.close()


def ids(items) -> list[int]:
    return [item.id for item in items]


def test_every_kind_links_to_every_other_kind():
    names = {k.name for k in KINDS}
    for spec in KINDS:
        assert set(spec.links) == names - {spec.name}, spec.name


def test_nothing_restricts_a_pane_without_filters_or_with_only_its_own_kind(db):
    assert views.linked_ids(db, "actor", []) is None
    assert views.linked_ids(db, "actor", [Filter("actor", YUSOV, "Andriy Yusov")]) is None


def test_an_actor_filter_keeps_its_events_and_the_sources_naming_or_quoting_it(db):
    yusov = [Filter("actor", YUSOV, "Andriy Yusov")]
    assert views.linked_ids(db, "event", yusov) == {YUSOV_INFORMATION}
    # Source 1 quotes Yusov without naming him: it is linked through the quote.
    assert views.linked_ids(db, "source", yusov) == {1, 2, 3, 4, 5}
    assert views.linked_ids(db, "source", [Filter("actor", MAIGA, "Abdoulaye Maiga")]) == {1, 4, 5}


def test_an_event_filter_keeps_its_actors_and_its_evidence_sources(db):
    wagner_arrives = [Filter("event", WAGNER_ARRIVES, "Wagner's involvement in Mali begins")]
    assert views.linked_ids(db, "actor", wagner_arrives) == {MALI, WAGNER}
    assert views.linked_ids(db, "source", wagner_arrives) == {4}


def test_a_source_filter_keeps_the_events_it_evidences_and_the_actors_it_names_or_quotes(db):
    assert views.linked_ids(db, "event", [Filter("source", 4, "Mali cuts")]) == {1, 2, 4, 10, 13, 14, 20}
    actors_of_1 = views.linked_ids(db, "actor", [Filter("source", 1, "Mali has announced")])
    assert YUSOV in actors_of_1  # quoted in source 1, never named there


def test_filters_of_several_kinds_intersect(db):
    mali_in_source_4 = [Filter("actor", MALI, "Mali"), Filter("source", 4, "Mali cuts")]
    # Mali's events {1, 2, 3, 4, 12, 15, 20, 22} and source 4's {1, 2, 4, 10, 13, 14, 20}
    assert views.linked_ids(db, "event", mali_in_source_4) == {1, 2, 4, 20}


def test_pane_lists_without_filters_list_every_kind_in_its_order_with_totals(db):
    lists = views.pane_lists(db, [], cap=10)
    assert set(lists.rows) == {k.name for k in KINDS}
    assert lists.totals == {"actor": 58, "event": 23, "source": 5}
    assert len(lists.rows["actor"]) == 10  # capped; the total still counts them all
    assert ids(lists.rows["actor"])[:2] == [2, MALI]  # most mentioned first: Ukraine, then Mali
    assert lists.rows["event"][0].slug == "mali-coup-2020"  # a timeline
    assert ids(lists.rows["source"]) == [3, 4, 5, 1, 2]  # newest first, undated last


def test_pane_lists_under_an_event_filter(db):
    lists = views.pane_lists(db, [Filter("event", WAGNER_ARRIVES, "Wagner's involvement in Mali begins")])
    assert ids(lists.rows["actor"]) == [MALI, WAGNER]
    assert ids(lists.rows["source"]) == [4]
    assert lists.totals == {"actor": 2, "event": 23, "source": 1}  # the event's own pane keeps everything


def test_ranked_ids_set_the_order_and_the_filters_still_apply(db):
    ranked = {"actor": [WAGNER, YUSOV, MALI], "event": [YUSOV_INFORMATION, WAGNER_ARRIVES], "source": [5, 1]}
    lists = views.pane_lists(db, [Filter("event", WAGNER_ARRIVES, "Wagner")], ranked)
    assert ids(lists.rows["actor"]) == [WAGNER, MALI]  # hit order, not mention order; Yusov is not linked
    assert ids(lists.rows["event"]) == [YUSOV_INFORMATION, WAGNER_ARRIVES]
    assert lists.rows["source"] == []
    assert lists.totals == {"actor": 2, "event": 2, "source": 0}


def test_ranked_ids_are_capped_but_counted(db):
    lists = views.pane_lists(db, [], {"actor": [MALI, YUSOV, GUR]}, cap=2)
    assert ids(lists.rows["actor"]) == [MALI, YUSOV]
    assert lists.totals["actor"] == 3
    assert lists.rows["event"] == [] and lists.totals["event"] == 0  # no hits of that kind


def test_ranked_ids_from_a_search_fill_each_pane_in_hit_order(db):
    from dossier.search import Searcher

    results = Searcher(db).search("Mali", limit=100, snippets=False)
    ranked = {spec.name: spec.hit_ids(results) for spec in KINDS}
    lists = views.pane_lists(db, [Filter("source", 4, "Mali cuts")], ranked)
    source_4_events = {1, 2, 4, 10, 13, 14, 20}
    assert ids(lists.rows["event"]) == [i for i in ranked["event"] if i in source_4_events]
    assert ids(lists.rows["event"])  # "Mali" hits some of them


def test_figure_spread_groups_a_unit_however_written_and_says_when_figures_differ():
    spreads = views.figure_spread(
        [("deaths", 20.0, 80.0, 4), ("Deaths", 84.0, 84.0, 1), ("soldiers", 47.0, 47.0, 1), ("soldiers", 47.0, 47.0, 2), (None, None, None, 3)]
    )
    assert [(s.unit, s.low, s.high, s.sources, s.differ, s.members) for s in spreads] == [
        ("deaths", 20.0, 84.0, 2, True, (0, 1)),
        ("soldiers", 47.0, 47.0, 2, False, (2, 3)),
    ]
