"""Quote groups and word-level alignment: gold groups come out exactly."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from dossier import compare, store
from dossier.cli import cli


def _groups(built_db):
    db = store.open_db(built_db)
    try:
        rows = store.query(
            db,
            "SELECT q.group_id, s.slug, q.text FROM quote q JOIN source s ON s.id = q.source_id WHERE q.group_id IS NOT NULL",
        )
    finally:
        db.conn.close()
    groups: dict[int, set[tuple[str, str]]] = {}
    for r in rows:
        groups.setdefault(r["group_id"], set()).add((r["slug"] + ".txt", r["text"]))
    return list(groups.values())


def test_gold_quote_groups_come_out_exactly(built_db, gold):
    got = _groups(built_db)
    for g in gold["quote_groups"]:
        want = {(m["file"], m["text"]) for m in g["members"]}
        assert want in got, (g["about"], got)


def test_no_group_merges_two_utterances(built_db, gold):
    gold_sets = [{(m["file"], m["text"]) for m in g["members"]} for g in gold["quote_groups"]]
    for group in _groups(built_db):
        assert group in gold_sets, group


def test_a_fragment_joins_the_longer_quote_that_contains_it():
    assert compare.similarity("hasty,", "short-sighted and hasty,") == 100
    assert compare.similarity("shortsighted and hasty", "short-sighted and hasty") == 100


def test_different_utterances_of_one_speaker_stay_apart():
    assert compare.similarity("deeply shocked", "violating Mali’s sovereignty") < compare.JOIN_AT
    assert compare.similarity("with immediate effect", "deeply shocked") < compare.JOIN_AT


def test_grouping_needs_compatible_speakers_and_each_rendering_of_a_source_being_part_of_the_pivot():
    quotes = [
        compare.QuoteInfo(1, 10, 1, "cowardly, treacherous and barbaric attack on our soldiers"),
        compare.QuoteInfo(2, 11, 1, "cowardly, treacherous and barbaric attack"),
        compare.QuoteInfo(3, 11, 1, "barbaric attack on our soldiers"),
        compare.QuoteInfo(4, 12, 2, "cowardly, treacherous and barbaric attack"),
        compare.QuoteInfo(5, 11, 1, "we will answer every attack on our soldiers with all our force"),
    ]
    groups = compare.group_quotes(quotes, lambda a, b: a == b)
    assert groups == [[1, 2, 3]]  # source 11 quotes it in two parts; its other utterance stays out


def test_alignment_marks_substantive_and_minor_differences():
    ops = compare.align("a cowardly, treacherous and barbaric attack", "a cowardly, traitorous, and barbaric attack")
    kinds = [(o.op, compare.words(o.pivot), compare.words(o.other), o.minor) for o in ops if o.op != "equal"]
    assert kinds == [("replace", ["treacherous"], ["traitorous"], False)]
    assert [(o.op, o.minor) for o in compare.align("barbaric attack,", "barbaric attack.")] == [
        ("equal", False),
        ("replace", True),
    ]


def test_case_and_apostrophe_differences_are_minor():
    ops = compare.align("Ukraine’s involvement", "ukraine's involvement")
    assert all(o.minor or o.op == "equal" for o in ops)


@given(st.text(max_size=40), st.text(max_size=40))
def test_alignment_rebuilds_both_renderings_words(a, b):
    ops = compare.align(a, b)
    assert compare.words(" ".join(o.pivot for o in ops)) == compare.words(a)
    assert compare.words(" ".join(o.other for o in ops)) == compare.words(b)


def test_pivot_is_the_longest_rendering_and_can_change(built_db):
    db = store.open_db(built_db)
    view = compare.list_groups(db, "barbaric")[0]
    longest = max(view.renderings, key=lambda r: len(compare.words(r.text)))
    assert view.renderings[view.pivot].text == longest.text
    other = compare.with_pivot(view, (view.pivot + 1) % len(view.renderings))
    assert other.renderings[other.pivot].ops == [] and other.renderings[other.pivot].similarity == 1.0
    assert all(r.ops for i, r in enumerate(other.renderings) if i != other.pivot)


def test_cli_compare_json_has_the_documented_shape(built_db):
    result = CliRunner().invoke(cli, ["compare", "--db", str(built_db), "--json", "hasty"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["groups"]) == 1
    group = data["groups"][0]
    assert set(group) == {"id", "label", "speaker", "pivot_quote_id", "members"}
    assert group["speaker"] == "Ukraine Ministry of Foreign Affairs"
    member = group["members"][0]
    assert set(member) == {"quote_id", "source_id", "outlet", "text", "similarity_to_pivot", "ops"}
    assert all(set(op) == {"op", "pivot", "other", "minor"} for m in group["members"] for op in m["ops"])


def test_cli_compare_lists_all_groups_as_text(built_db):
    result = CliRunner().invoke(cli, ["compare", "--db", str(built_db)])
    assert result.exit_code == 0
    assert result.output.count("renderings") == 3
    assert "~~traitorous~~" not in result.output  # text output marks differences, not Markdown
    assert re.search(r"\[-(treacherous|traitorous),?-\] \{\+(traitorous|treacherous),?\+\}", result.output)


# -- grouping that cannot chain (issue: quote groups you can trust) ---------------------------


def _group(quotes, linked=None):
    from dossier.compare import Compatibility, group_quotes

    speakers = {q.speaker_id for q in quotes if q.speaker_id is not None}
    return group_quotes(quotes, Compatibility(linked or {s: {s} for s in speakers}))


def test_a_fragment_shared_by_two_utterances_does_not_chain_them():
    from dossier.compare import QuoteInfo

    quotes = [
        QuoteInfo(1, 1, 7, "the army will restore order in the north before the rains"),
        QuoteInfo(2, 2, 7, "restore order"),
        QuoteInfo(3, 3, 7, "our people demand that the junta frees the president and restore order"),
    ]
    groups = _group(quotes)
    assert not any({1, 3} <= set(g) for g in groups)
    assert sum(2 in g for g in groups) == 1  # the fragment sits in one group only


def test_a_rendering_joins_only_if_it_matches_the_groups_pivot_not_one_member():
    from dossier.compare import QuoteInfo

    pivot = "we will hold free elections within three years once the country is safe again for every citizen of ours"
    other = (
        "nobody in the opposition believes in free elections within three years and calls the transition "
        "charter a fraud written by soldiers for soldiers"
    )
    # The fragment matches both; the other utterance does not match the pivot.
    quotes = [QuoteInfo(1, 1, 7, pivot), QuoteInfo(2, 2, 7, "free elections within three years"), QuoteInfo(3, 3, 7, other)]
    groups = _group(quotes)
    assert [1, 2] in groups
    assert not any(3 in g for g in groups)


def test_long_renderings_group_when_one_side_has_no_speaker():
    from dossier.compare import QuoteInfo

    quotes = [
        QuoteInfo(1, 1, 7, "Nobody will pursue the fighters who followed him, given their merits at the front"),
        QuoteInfo(2, 2, None, "No one will pursue the fighters who followed him, given their merits at the front"),
    ]
    assert _group(quotes) == [[1, 2]]


def test_a_few_words_with_no_speaker_join_nothing():
    from dossier.compare import QuoteInfo

    quotes = [QuoteInfo(1, 1, 7, "terrorists"), QuoteInfo(2, 2, None, "terrorists"), QuoteInfo(3, 3, None, "terrorists")]
    assert _group(quotes) == []


def test_known_and_incompatible_speakers_veto_the_same_words():
    from dossier.compare import QuoteInfo

    words = "we will not accept any foreign military intervention in our country"
    assert _group([QuoteInfo(1, 1, 7, words), QuoteInfo(2, 2, 8, words)]) == []


def test_a_fragment_is_shown_as_a_fragment_not_as_a_perfect_match():
    from dossier.compare import Rendering, with_pivot, CompareView

    def rendering(i, text):
        return Rendering(i, i, "s", None, None, None, text, text, 0, len(text))

    view = with_pivot(CompareView("l", None, [rendering(1, "short-sighted and hasty decision"), rendering(2, "hasty")]), 0)
    assert view.renderings[1].fragment and view.renderings[1].likeness() == "fragment of pivot"
    assert not view.renderings[0].fragment


def test_merging_two_speakers_regroups_their_quotes(tmp_path):
    from click.testing import CliRunner

    from dossier import store
    from dossier.cli import cli

    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("“We shall not hand over the president to anyone before the trial ends,” Ilse Varga said.\n")
    b.write_text("“We will not hand over the president to anyone before the trial is over,” Karl Osk said.\n")
    db = tmp_path / "d.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--db", str(db), str(a), str(b)]).exit_code == 0
    conn = store.open_db(db)
    speakers = {r["name"]: r["id"] for r in store.query(conn, "SELECT a.id, a.name FROM actor a JOIN quote q ON q.speaker_id = a.id")}
    grouped = store.query(conn, "SELECT count(*) AS n FROM quote WHERE group_id IS NOT NULL")[0]["n"]
    conn.conn.close()
    assert (len(speakers), grouped) == (2, 0)  # two speakers who may not be one: no group
    result = runner.invoke(cli, ["merge", "Karl Osk", "Ilse Varga", "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = store.open_db(db)
    assert store.query(conn, "SELECT count(*) AS n FROM quote WHERE group_id IS NOT NULL")[0]["n"] == 2
    conn.conn.close()
