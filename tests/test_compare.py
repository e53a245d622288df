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


def test_grouping_needs_compatible_speakers_and_one_rendering_per_source():
    quotes = [
        compare.QuoteInfo(1, 10, 1, "cowardly, treacherous and barbaric attack"),
        compare.QuoteInfo(2, 11, 1, "cowardly, traitorous and barbaric attack"),
        compare.QuoteInfo(3, 11, 1, "cowardly, treacherous and barbaric attack!"),
        compare.QuoteInfo(4, 12, 2, "cowardly, treacherous and barbaric attack"),
    ]
    groups = compare.group_quotes(quotes, lambda a, b: a == b)
    assert len(groups) == 1 and groups[0][0] == 1 and len(groups[0]) == 2
    assert 4 not in groups[0]


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
