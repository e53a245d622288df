"""Search: safe FTS5 from any input, typo and transliteration tolerance, ranking, and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier import store
from dossier.cli import cli
from dossier.search import Searcher, fts_expression, parse_query, split_snippet


@pytest.fixture(scope="module")
def searcher(built_db):
    db = store.open_db(built_db)
    yield Searcher(db)
    db.conn.close()


# -- parsing -----------------------------------------------------------------------------


def test_parse_splits_terms_phrases_and_exclusions():
    p = parse_query('Yusov "necessary information" -Russia wag')
    assert p.terms == ("yusov", "wag")
    assert p.phrases == (("necessary", "information"),)
    assert p.excluded == ("russia",)
    assert p.prefix is True


def test_parse_marks_prefix_only_while_a_bare_word_is_being_typed():
    assert parse_query("Tinzao").prefix is True
    assert parse_query("Tinzao ").prefix is False
    assert parse_query('"Tinzao"').prefix is False
    assert parse_query("Mali -Russ").prefix is False


def test_punctuated_words_become_phrases_and_unclosed_quotes_run_to_the_end():
    assert parse_query("don't").phrases == (("don", "t"),)
    assert parse_query("multi-agent").phrases == (("multi", "agent"),)
    assert parse_query('Mali "cowardly treacherous').phrases == (("cowardly", "treacherous"),)


def test_fts_keywords_typed_by_the_user_are_quoted_as_words():
    expr = fts_expression(parse_query("Mali NEAR Ukraine OR title:x AND NOT"))
    assert expr == '"mali" AND "near" AND "ukraine" AND "or" AND "and" AND "not"* AND "title x"'


def test_only_exclusions_or_nothing_gives_no_fts_expression():
    assert fts_expression(parse_query("")) is None
    assert fts_expression(parse_query("-Mali")) is None
    assert fts_expression(parse_query('()*:^"')) is None


def test_split_snippet_turns_markers_into_offsets():
    text, spans = split_snippet("…near \x02Tinzaouatène\x03 on the \x02border\x03")
    assert text == "…near Tinzaouatène on the border"
    assert [text[a:b] for a, b in spans] == ["Tinzaouatène", "border"]


# -- never raises --------------------------------------------------------------------------

FTS_NOISE = st.sampled_from(
    ['"', "(", ")", "*", ":", "^", "-", "+", "NEAR", "AND", "OR", "NOT", "NEAR(", "{", "}", "'", "\\",
     "\x00", "\x1b[31m", "\u202e", "é", "İ", " ", "\n", "title:", "-\"", "\"\"", "*\"", "Mali", "Yusov"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=60), st.lists(FTS_NOISE, max_size=12).map("".join)))
def test_search_never_raises_on_any_input(searcher, text):
    results = searcher.search(text, limit=5)
    assert results.query == text
    assert len(results.actors) <= 5 and len(results.sources) <= 5


@settings(max_examples=300)
@given(st.lists(FTS_NOISE, max_size=12).map("".join))
def test_every_generated_expression_is_valid_fts5(text):
    import sqlite3

    expr = fts_expression(parse_query(text))
    if expr is None:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (expr,)).fetchall()


# -- quality on the shipped dossier ---------------------------------------------------------

# (query, expected first actor or None, expected event slug / source slug / quote text in top 3)
QUERIES = [
    ("Andrey Yusov", "Andriy Yusov", "event:yusov-necessary-information"),
    ("Andrii Yusov", "Andriy Yusov", "source:004_1192154167109968"),
    ("Yusov", "Andriy Yusov", "event:yusov-necessary-information"),
    ("Tinzawaten", "Tinzaouaten", "event:tinzaouaten-ambush"),
    ("Tinzaouatène", "Tinzaouaten", "source:003_e75f821b1715d957"),
    ("tinzaouatene", "Tinzaouaten", "event:tinzaouaten-ambush"),
    ("Tinzauaten", "Tinzaouaten", None),
    ("Prigozin", "Yevgeny Prigozhin", "source:002_3aa92f0507b7d3d3"),
    ("Yevgeniy Prigozhin", "Yevgeny Prigozhin", "event:prigozhin-march-on-moscow"),
    ("Yury Pivovarov", "Yurii Pyvovarov", "source:002_3aa92f0507b7d3d3"),
    ("Zelenskyy", "Volodymyr Zelensky", "source:003_e75f821b1715d957"),
    ("Assimi Goita", "Assimi Goïta", "source:003_e75f821b1715d957"),
    ("Maïga", "Abdoulaye Maiga", "event:mali-severs-ties-with-ukraine"),
    ("Sergey Lavrov", "Sergei Lavrov", "event:diop-lavrov-call"),
    ("Kulebba", "Dmytro Kuleba", "event:kuleba-african-tour"),
    ("GUR", "Ukrainian military intelligence (GUR)", "source:002_3aa92f0507b7d3d3"),
    ("HUR", "Ukrainian military intelligence (GUR)", "source:004_1192154167109968"),
    ("GSIM", "JNIM", "source:001_1d4ac1cf50a0d8cb"),
    ("JNIM", "JNIM", "event:tinzaouaten-ambush"),
    ("Wagner helicopter", "Wagner Group", "event:wagner-acknowledges-losses"),
    ("U.S.", "United States", "source:002_3aa92f0507b7d3d3"),
    ("Pham", "J. Peter Pham", "source:002_3aa92f0507b7d3d3"),
    ('"significant losses"', None, "event:mali-confirms-significant-losses"),
    ("gold miners airstrikes", None, "event:retaliatory-airstrikes-gold-miners"),
    ("Le Monde drone", "Le Monde", "event:le-monde-ukraine-tuareg-cooperation"),
    ("Kuleba Malawi", None, "event:kuleba-african-tour"),
    ("mercenaries -Wagner", None, "event:ag-ghali-video"),
    ("Bakhmut", "Bakhmut", "event:wagner-seizes-bakhmut"),
    ("don't (NEAR", None, None),
    ("U.S. base Niger", None, "event:us-withdraws-from-niger-base"),
    ("Tinzaou", "Tinzaouaten", "event:tinzaouaten-ambush"),
    ("Senegal ambassador", "Senegal", "event:senegal-summons-ukrainian-ambassador"),
    ("Prigozhin plane crash", "Yevgeny Prigozhin", "event:prigozhin-plane-crash"),
    ("Kulebba tour", "Dmytro Kuleba", "event:kuleba-african-tour"),
]


def _slugs(searcher, results, kind):
    if kind == "event":
        return [h.slug for h in results.events[:3]]
    return [h.slug for h in results.sources[:3]]


def test_the_query_table_is_big_enough():
    assert len(QUERIES) >= 25


@pytest.mark.parametrize(("query", "actor", "other"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_table(searcher, dumped, query, actor, other):
    results = searcher.search(query)
    if actor is not None:
        assert results.actors, f"no actor for {query!r}"
        assert results.actors[0].name == actor, [a.name for a in results.actors[:3]]
    if other is not None:
        kind, slug = other.split(":", 1)
        assert slug in _slugs(searcher, results, kind), (other, _slugs(searcher, results, kind))


def test_the_query_table_names_real_events():
    import tomllib

    from .conftest import DATA

    slugs = {e["slug"] for e in tomllib.loads((DATA / "curation" / "events.toml").read_text("utf-8"))["event"]}
    named = {o.split(":", 1)[1] for _, _, o in QUERIES if o and o.startswith("event:")}
    assert named <= slugs, named - slugs


def test_exclusion_removes_every_hit_that_mentions_the_term(searcher, dumped):
    texts = {s["id"]: s["text"].lower() for s in dumped["sources"]}
    results = searcher.search("mercenaries -Wagner")
    assert results.sources
    assert all("wagner" not in texts[h.id] for h in results.sources)


def test_exact_matches_rank_above_expansions(searcher):
    results = searcher.search("Tinzaouatène")
    tiers = [h.score >= 1 for h in results.sources]
    assert tiers == sorted(tiers, reverse=True)
    assert tiers[0] is True


def test_every_hit_says_why_it_matched(searcher):
    results = searcher.search("Tinzawaten")
    assert "tinzaouaten" in results.expansions["tinzawaten"]
    assert results.actors[0].matched == "Tinzawaten"
    for hit in results.sources + results.events:
        assert "tinzaouaten (alias)" in hit.matched


def test_misspelled_word_is_expanded_from_the_vocabulary(searcher):
    results = searcher.search("barbarik attack")
    assert results.expansions["barbarik"] == ["barbaric"]
    assert results.sources and all("barbaric (for barbarik)" in h.matched for h in results.sources)


def test_an_acronym_searches_the_actors_other_names(searcher):
    results = searcher.search("HUR drone")
    assert "gur" in results.expansions["hur"]
    assert results.sources


def test_snippets_highlight_the_matching_words(searcher):
    results = searcher.search("Tinzaouatène")
    hit = results.sources[0]
    assert any(hit.snippet[a:b].lower().startswith("tinzaoua") for a, b in hit.highlights)


def test_empty_query_returns_the_unfiltered_lists(searcher, dumped):
    results = searcher.search("", limit=100)
    assert len(results.actors) == len(dumped["actors"])
    assert len(results.events) == len(dumped["events"])
    assert len(results.sources) == len(dumped["sources"])
    assert results.expansions == {}


def test_kinds_limit_what_is_searched(searcher):
    results = searcher.search("Yusov", kinds=["source"])
    assert results.sources and not results.actors and not results.events


# -- CLI -------------------------------------------------------------------------------------


def test_search_json_has_the_documented_shape(built_db):
    result = CliRunner().invoke(cli, ["search", "--db", str(built_db), "--json", "Andrey Yusov"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"query", "actors", "events", "sources", "quotes", "expansions"}
    assert data["actors"][0]["name"] == "Andriy Yusov"
    assert {"id", "name", "score", "matched"} <= set(data["actors"][0])
    assert {"id", "date", "title", "score", "snippet"} <= set(data["events"][0])
    assert {"id", "title", "outlet", "score", "snippet"} <= set(data["sources"][0])


def test_search_stdin_prints_one_json_document_per_line(built_db):
    result = CliRunner().invoke(
        cli, ["search", "--db", str(built_db), "--stdin", "--limit", "2"], input="Tinzawaten\n\n(((\n"
    )
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert [d["query"] for d in docs] == ["Tinzawaten", "", "((("]
    assert docs[0]["actors"][0]["name"] == "Tinzaouaten"


def test_search_text_output_groups_hits_and_explains_empty_results(built_db):
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "--db", str(built_db), "Tinzawaten"])
    assert found.exit_code == 0
    assert "Actors (1)" in found.output and "also searched for 'tinzawaten'" in found.output
    nothing = runner.invoke(cli, ["search", "--db", str(built_db), "qqqqzzzz"])
    assert nothing.exit_code == 0
    assert "Nothing matches 'qqqqzzzz'" in nothing.output


def test_search_output_never_emits_escape_sequences_from_sources(db_copy):
    import sqlite3

    conn = sqlite3.connect(db_copy)
    with conn:
        conn.execute("UPDATE source SET title = 'Evil \x1b]52;c;aGk=\x07 title' WHERE id = 1")
    conn.close()
    result = CliRunner().invoke(cli, ["search", "--db", str(db_copy), "Mali", "--kind", "source", "--limit", "50"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u241b]52;c;aGk=\u2407" in result.output


def test_hits_without_snippets_are_the_same_hits(searcher):
    full = searcher.search("Tinzawaten")
    bare = searcher.search("Tinzawaten", snippets=False)
    assert [h.id for h in bare.sources] == [h.id for h in full.sources]
    assert [h.id for h in bare.events] == [h.id for h in full.events]
    assert all(h.snippet == "" for h in bare.sources)


def test_completions_are_every_indexed_word_the_prefix_begins(built_db):
    db = store.open_db(built_db)
    db.execute("CREATE VIRTUAL TABLE temp.all_terms USING fts5vocab(main, source_fts, row)")
    terms = [r[0] for r in db.execute("SELECT term FROM temp.all_terms ORDER BY term")]
    for prefix in ("gove", "mini", "tinz", "a", "zzzz"):
        assert store.completions(db, "source", prefix, 10_000) == [t for t in terms if t.startswith(prefix)]
    assert store.completions(db, "source", "a", 3) is None  # more than asked for
    db.conn.close()


def test_a_word_being_typed_finds_the_same_rows_as_its_prefix_query(built_db, monkeypatch):
    """Searched as the words it begins (as on a big dossier, where merging a prefix's posting
    lists is slow), a word being typed matches exactly the rows its prefix query does."""
    db = store.open_db(built_db)
    typed = ("Mali gove", "minis", "Tinzaou", "attac", "secur")
    tables = ("source", "quote", "event")

    def matches(expr: str, table: str) -> list[int]:
        fts = f"{table}_fts"
        return [r[0] for r in db.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid", (expr,))]

    shipped = Searcher(db)  # the seed dossier is small: its prefixes stay prefix queries
    assert not any(shipped.completions(t, parse_query(q)) for q in typed for t in tables)
    found = {q: {h.id for h in shipped.search(q, limit=500).sources} for q in typed}
    monkeypatch.setattr("dossier.search.PREFIX_MERGE_ROWS", 0)
    searcher = Searcher(db)
    for q in typed:
        parsed = parse_query(q)
        assert searcher.completions("source", parsed)
        for table in tables:
            words = searcher.completions(table, parsed)
            assert matches(fts_expression(parsed, completions=words), table) == matches(fts_expression(parsed), table)
        assert {h.id for h in searcher.search(q, limit=500).sources} == found[q]
    db.conn.close()
