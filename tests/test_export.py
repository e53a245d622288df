"""Markdown exports: structure checked on the parsed token stream, citations that resolve,
escaping that holds against hostile text, and files written atomically without clobbering."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from dossier import compare, export, store, views
from dossier.compare import CompareView, Op, Rendering
from dossier.errors import DossierError
from dossier.text import visible
from dossier.model import Actor, Event, Source
from dossier.search import ActorHit, EventHit, QuoteHit, Searcher, SearchResults, SourceHit
from dossier.views import ActorView, ClaimLine, EventView, RoleLine, SourceView, Span, SpellingUse

TODAY = date(2025, 1, 2)
MD = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)


# -- helpers -------------------------------------------------------------------------------------


class Parsed:
    """An export parsed by markdown-it, with what the tests look at."""

    def __init__(self, text: str):
        self.source = text
        self.env: dict = {}
        self.tokens = MD.parse(text, self.env)

    def blocks(self) -> list[tuple[str, str, int]]:
        """The block structure: every token but the inline content."""
        return [(t.type, t.tag, t.nesting) for t in self.tokens if t.type != "inline"]

    def count(self, type_: str) -> int:
        return sum(1 for t in self.tokens if t.type == type_)

    def headings(self, tag: str | None = None) -> list[str]:
        out = []
        for i, t in enumerate(self.tokens):
            if t.type == "heading_open" and (tag is None or t.tag == tag):
                out.append(_text(self.tokens[i + 1]))
        return out

    def text(self) -> str:
        """All rendered inline text, whitespace collapsed."""
        return _norm(" ".join(_text(t) for t in self.tokens if t.type == "inline"))

    def inside(self, open_type: str) -> list[str]:
        """The text of each top-level `open_type` block (blockquote_open, table_open...)."""
        out, depth, parts = [], 0, []
        close = open_type.replace("_open", "_close")
        for t in self.tokens:
            if t.type == open_type:
                depth += 1
                if depth == 1:
                    parts = []
            elif t.type == close:
                depth -= 1
                if depth == 0:
                    out.append(_norm(" ".join(parts)))
            elif depth and t.type == "inline":
                parts.append(_text(t))
        return out

    def tables(self) -> list[list[list[str]]]:
        """Each table as rows of cell texts, header row first."""
        tables, rows, row = [], [], []
        for t_i, t in enumerate(self.tokens):
            if t.type == "table_open":
                rows = []
            elif t.type == "tr_open":
                row = []
            elif t.type in ("th_open", "td_open"):
                row.append(_text(self.tokens[t_i + 1]))
            elif t.type == "tr_close":
                rows.append(row)
            elif t.type == "table_close":
                tables.append(rows)
        return tables

    def refs(self) -> list[str]:
        return [c.meta["label"] for t in self.tokens if t.children for c in t.children if c.type == "footnote_ref"]

    def definitions(self) -> dict[str, int]:
        """Footnote label -> its index, or -1 when nothing refers to it."""
        return {k[1:]: v for k, v in self.env.get("footnotes", {}).get("refs", {}).items()}

    def inline_types(self) -> set[str]:
        return {c.type for t in self.tokens if t.children for c in t.children}


def _text(token) -> str:
    parts = []
    for c in token.children or []:
        if c.type in ("text", "text_special", "code_inline"):
            parts.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _expected(text: str) -> str:
    """What a piece of text should read as once exported and rendered."""
    return _norm(visible(text.replace("\r\n", "\n")))


def assert_citations_resolve(parsed: Parsed) -> None:
    defs = parsed.definitions()
    refs = parsed.refs()
    written = set(re.findall(r"\[\^(s\d+)\](?!:)", parsed.source))
    assert written, "no citations at all"
    assert written == set(refs), "a written [^sN] did not parse as a footnote reference"
    assert set(refs) <= {k for k, v in defs.items() if v >= 0}, "a reference without a definition"
    assert all(v >= 0 for v in defs.values()), f"a source is defined but never cited: {defs}"
    assert "[^" not in parsed.text(), "an unresolved reference shows as text"


def assert_generated_line(text: str, name: str = "dossier.db") -> None:
    # The file name is escaped like any text (`dossier\.db`), so no autolinker takes it for a host.
    assert text.rstrip("\n").splitlines()[-1] == f"_Generated by dossier from {export.inline(name)} on 2025-01-02._"


@pytest.fixture(scope="module")
def db(built_db):
    conn = store.open_db(built_db)
    yield conn
    conn.conn.close()


def _actor_id(db, name: str) -> int:
    return store.query(db, "SELECT id FROM actor WHERE name = ?", (name,))[0]["id"]


# -- each kind of export -------------------------------------------------------------------------


def test_actor_export_has_heading_spelling_table_quote_blockquotes_and_resolved_citations(db):
    view = views.actor_view(db, _actor_id(db, "Andriy Yusov"))
    text = export.actor_markdown(views.exportable(db, view), today=TODAY)
    p = Parsed(text)
    assert p.headings("h1") == ["Andriy Yusov"]
    assert {"Spellings (3)", f"Quotes ({len(view.quotes)})", "Events (1)", f"Sources ({len(view.sources)})"} <= set(
        p.headings("h2")
    )
    (spellings,) = p.tables()
    assert spellings[0] == ["Spelling", "Sources", "Used in"]
    assert len(spellings) == 1 + len(view.spellings)
    assert all(len(row) == 3 for row in spellings)
    assert {row[0] for row in spellings[1:]} == {"Yusov", "Andriy Yusov", "Andrii Yusov"}
    assert "Andrii Yusov" in [row[0] for row in spellings if row[2].startswith("untitled 004")]
    quotes = p.inside("blockquote_open")
    assert len(quotes) == len(view.quotes) == 5  # four extracted for him, one by a curated correction
    for q in view.quotes:
        assert any(_expected(q.text) in b for b in quotes), q.text
    assert "person" in p.text() and _expected(view.actor.description) in p.text()
    assert "29 Jul 2024" in p.text()
    assert_citations_resolve(p)
    assert set(p.refs()) == {f"s{s.id}" for s in view.sources}
    assert_generated_line(text)


def test_a_long_exports_beginning_is_handed_over_once_and_is_the_finished_texts_first_lines(db):
    import dataclasses

    from dossier.tui.export import preview_of

    view = views.actor_view(db, _actor_id(db, "Government of Mali"))
    long_view = dataclasses.replace(view, quotes=view.quotes * 20)  # an actor quoted a hundred times and more
    given: list[str] = []
    text = export.actor_markdown(views.exportable(db, long_view), today=TODAY, beginning=given.append)
    assert len(given) == 1
    (beginning,) = given
    assert beginning.count("\n") + 1 >= export.BEGINNING_LINES
    assert text.startswith(beginning + "\n\n")  # whole blocks: the same lines, none cut short
    assert preview_of(beginning)[0] == preview_of(text)[0]
    assert text == export.actor_markdown(views.exportable(db, long_view), today=TODAY)  # the same text either way


def test_a_short_export_hands_over_no_beginning(db):
    view = views.actor_view(db, _actor_id(db, "Andriy Yusov"))
    given: list[str] = []
    text = export.actor_markdown(views.exportable(db, view), today=TODAY, beginning=given.append)
    assert text.count("\n") < export.BEGINNING_LINES and given == []


def test_actor_quotes_are_grouped_under_their_quote_group(db):
    view = views.actor_view(db, _actor_id(db, "Andriy Yusov"))
    p = Parsed(export.actor_markdown(views.exportable(db, view), today=TODAY))
    h3 = p.headings("h3")
    assert h3[-1] == "Other quotes"
    assert any(h.startswith("Group ") and "the fact that the rebels" in h for h in h3)


def test_event_export_has_date_heading_evidence_blockquotes_and_figures_table(db):
    view = views.event_view(db, 13)
    text = export.event_markdown(views.exportable(db, view), today=TODAY)
    p = Parsed(text)
    (h1,) = p.headings("h1")
    assert h1.startswith("25 Jul 2024 — Tuareg rebels and JNIM ambush")
    assert "Tinzaouaten" in p.text() and "known to the day" in p.text()
    for role in view.actors:
        assert f"{role.name} — {role.role}" in p.text()
    evidence = p.inside("blockquote_open")
    assert len(evidence) == len(view.evidence)
    assert len({s.id for s, _ in view.evidence}) == 5  # curated snippets and event mentions of five sources
    for _, span in view.evidence:
        assert any(_expected(span.text) in b for b in evidence)
    (figures,) = p.tables()
    assert figures[0] == ["Source", "Claimed by", "Low–high", "Unit"]
    assert len(figures) == 1 + len(view.claims)
    assert ["47", "Malian soldiers"] in [row[2:] for row in figures[1:]]
    assert ["20–80", "deaths"] in [row[2:] for row in figures[1:]]
    # The casualty figures of every source are on the ambush now: the death tolls disagree.
    assert "Figures differ:** 20–84 deaths across 2 sources" in text
    assert "Sources agree: 47 Malian soldiers (3 sources)." in text
    assert_citations_resolve(p)
    assert set(p.refs()) == {f"s{s.id}" for s, _ in view.evidence}
    assert_generated_line(text)


def test_figures_that_disagree_are_spelled_out_with_their_spread(db):
    base = views.event_view(db, 4)
    span = Span(4, 0, 10, "from 20 to 80", "claim")
    claims = [
        ClaimLine("Source four", None, 20.0, 80.0, "deaths", span),
        ClaimLine("Source one", "Tuareg rebels", 84.0, 84.0, "Deaths", Span(1, 0, 5, "84 were killed", "claim")),
        ClaimLine("Source one", "Tuareg rebels", 47.0, 47.0, "Malian soldiers", Span(1, 6, 9, "47", "claim")),
        ClaimLine("Source two", None, 47.0, 47.0, "Malian soldiers", Span(2, 6, 9, "47", "claim")),
    ]
    view = EventView(base.event, base.actors, base.evidence, claims)
    p = Parsed(export.event_markdown(views.exportable(db, view), today=TODAY))
    (figures,) = p.tables()
    assert len(figures) == 5 and figures[1][2] == "20–80"
    text = p.text()
    assert "Figures differ: 20–84 deaths across 2 sources (20–80; 84)." in text
    assert "Sources agree: 47 Malian soldiers (2 sources)." in text
    strong = [t.children for t in p.tokens if t.type == "inline" and any(c.type == "strong_open" for c in t.children)]
    assert any("Figures differ:" in "".join(c.content for c in ch) for ch in strong)
    assert_citations_resolve(p)


def test_source_export_has_unknown_metadata_quotes_with_speakers_and_actor_counts(db):
    view = views.source_view(db, 3)
    text = export.source_markdown(views.exportable(db, view), today=TODAY)
    p = Parsed(text)
    assert p.headings("h1") == [view.source.label]
    for field in ("Title: unknown", "Outlet: unknown", "Author: unknown", "Published: 2024-08-05", "URL: unknown"):
        assert field in p.text()
    quotes = [s for s in view.spans if s.kind == "quote"]
    blocks = p.inside("blockquote_open")
    assert len(blocks) == len(quotes) == 17
    for q, b in zip(quotes, blocks):
        assert _expected(q.text) in b and b.endswith("— " + q.label)
    (actors,) = p.tables()
    assert actors[0] == ["Actor", "Kind", "Mentions"] and len(actors) == 1 + len(view.actors)
    assert sum(int(row[2]) for row in actors[1:]) == sum(1 for s in view.spans if s.kind == "mention")
    counts = [int(row[2]) for row in actors[1:]]
    assert counts == sorted(counts, reverse=True)
    assert_citations_resolve(p)
    assert set(p.refs()) == {"s3"}
    assert_generated_line(text)


def test_search_export_groups_hits_by_kind_and_bolds_matches(db):
    results = Searcher(db).search("Yusov")
    text = export.search_markdown(views.exportable(db, results), today=TODAY)
    p = Parsed(text)
    assert p.headings("h1") == ["Search: Yusov"]
    assert p.headings("h2") == ["Actors (2)", "Events (2)", "Sources (4)", "Quotes (0)"]
    assert "Andriy Yusov (person) — matched Yusov" in p.text()
    assert "andrii yusov (alias)" in p.text()
    items = p.count("list_item_open")
    assert items == len(results.actors) + len(results.events) + len(results.sources)
    strong_texts = _strong_texts(p)
    assert strong_texts.count("Yusov") >= len(results.events) + len(results.sources)
    assert_citations_resolve(p)
    assert set(p.refs()) == {f"s{h.id}" for h in results.sources}


def test_search_export_quotes_are_cited_blockquotes(db):
    results = Searcher(db).search("information")
    assert results.quotes
    p = Parsed(export.search_markdown(views.exportable(db, results), today=TODAY))
    blocks = p.inside("blockquote_open")
    assert len(blocks) == len(results.quotes)
    for hit, b in zip(results.quotes, blocks):
        assert _expected(hit.snippet) in b and (hit.speaker or "unattributed") in b
    assert "information" in _strong_texts(p)
    assert_citations_resolve(p)


def _strong_texts(p: Parsed) -> list[str]:
    out = []
    for t in p.tokens:
        inside = None
        for c in t.children or []:
            if c.type == "strong_open":
                inside = []
            elif c.type == "strong_close" and inside is not None:
                out.append("".join(inside))
                inside = None
            elif inside is not None and c.type in ("text", "text_special"):
                inside.append(c.content)
    return out


def _struck_texts(p: Parsed) -> list[str]:
    out = []
    for t in p.tokens:
        inside = None
        for c in t.children or []:
            if c.type == "s_open":
                inside = []
            elif c.type == "s_close" and inside is not None:
                out.append("".join(inside))
                inside = None
            elif inside is not None and c.type in ("text", "text_special"):
                inside.append(c.content)
    return out


def test_compare_export_marks_deletions_struck_and_insertions_bold(db):
    for view in compare.list_groups(db):
        text = export.compare_markdown(views.exportable(db, view), today=TODAY)
        p = Parsed(text)
        assert p.headings("h1") == [f"Compare: {view.label}"]
        sections = [h for h in p.headings("h2") if h != "Summary"]
        assert len(sections) == len(view.renderings)
        assert sum(h.endswith("(pivot)") for h in sections) == 1
        summary = p.tables()[0]
        assert summary[0] == ["#", "Source", "Similarity to pivot", "Differences"]
        assert len(summary) == 1 + len(view.renderings)
        for row, r in zip(summary[1:], view.renderings):
            expected = "pivot" if r is view.renderings[view.pivot] else f"{round(r.similarity * 100)}%"
            assert row[1] == r.source and row[2] == expected
        blocks = p.inside("blockquote_open")
        assert len(blocks) == len(view.renderings)
        assert _expected(view.renderings[view.pivot].text) in blocks[view.pivot]
        struck, bold = _struck_texts(p), _strong_texts(p)
        for r in view.renderings:
            for op in r.ops:
                if op.minor or op.op == "equal":
                    continue
                if op.op in ("delete", "replace"):
                    assert op.pivot in struck, (op, struck)
                if op.op in ("insert", "replace"):
                    assert op.other in bold, (op, bold)
        assert_citations_resolve(p)
        assert set(p.refs()) == {f"s{r.source_id}" for r in view.renderings}
        assert_generated_line(text)


def test_compare_minor_differences_show_the_other_sides_text_unmarked(db):
    ops = [Op("equal", "cowardly", "cowardly"), Op("replace", "treacherous,", "treacherous", minor=True),
           Op("replace", "attack", "assault"), Op("delete", "by rebels", ""), Op("insert", "", "today")]
    pivot = Rendering(1, 1, "One", None, None, "X", "cowardly treacherous, attack by rebels", "", 0, 1)
    other = Rendering(2, 2, "Two", None, None, "X", "cowardly treacherous assault today", "", 0, 1, 0.8, ops)
    p = Parsed(export.compare_markdown(views.exportable(db, CompareView("X", "X", [pivot, other], 0, None)), today=TODAY))
    assert p.inside("blockquote_open")[1] == "cowardly treacherous attack assault by rebels today"
    assert _struck_texts(p) == ["struck", "attack", "by rebels"]  # the legend's sample comes first
    assert _strong_texts(p)[-2:] == ["assault", "today"]


def test_dossier_export_lists_all_23_events_in_date_order_with_actors_and_sources(db):
    text = export.dossier_markdown(views.dossier_view(db), today=TODAY)
    p = Parsed(text)
    timeline, actors, sources = p.tables()
    assert timeline[0] == ["Date", "Event", "Summary", "Place", "Sources"]
    rows = timeline[1:]
    assert len(rows) == 23
    events = store.list_events(db)
    assert [r[1] for r in rows] == [e.title for e in events]
    assert [r[0] for r in rows] == [e.date_label for e in events]
    iso = [e.date for e in events]
    assert iso == sorted(iso)  # ISO dates at any precision sort as a timeline
    assert rows[0][0] == "2020" and rows[9][0] == "Jul 2024" and rows[12][0] == "25 Jul 2024"
    assert len(actors) == 1 + 58 and actors[0] == ["Actor", "Kind", "Aliases", "Description"]
    yusov = next(r for r in actors if r[0] == "Andriy Yusov")
    assert yusov[1] == "person" and "Andrii Yusov" in yusov[2] and "Spokesman" in yusov[3]
    assert len(sources) == 1 + 5 and all(r[1] == "unknown" and r[4] == "unknown" for r in sources[1:])
    assert_citations_resolve(p)
    assert set(p.refs()) == {f"s{i}" for i in range(1, 6)}
    assert_generated_line(text)


def test_footnotes_name_the_title_or_slug_outlet_date_and_url(db):
    view = views.source_view(db, 4)
    text = export.source_markdown(views.exportable(db, view), today=TODAY)
    assert re.search(r"^\[\^s4\]: “Mali cuts Diplomatic Ties[^\n]*”\. Outlet: unknown\. Published: 2024-08-04\. "
                     r"URL: unknown\.$", text, re.M)
    text = export.source_markdown(views.exportable(db, views.source_view(db, 1)), today=TODAY)
    assert re.search(r"^\[\^s1\]: Untitled \(000\\_b637b1eb51274fd5\)\. Outlet: unknown\. "
                     r"Published: unknown\. URL: unknown\.$", text, re.M)


def test_every_export_is_dated_by_its_today_argument(db):
    text = export.event_markdown(views.exportable(db, views.event_view(db, 1)), today=date(1999, 12, 31))
    assert text.endswith("_Generated by dossier from dossier\\.db on 1999-12-31._\n")
    undated = export.event_markdown(views.exportable(db, views.event_view(db, 1)))
    assert undated.rstrip().endswith(f"on {date.today().isoformat()}._")


def test_export_module_never_imports_textual():
    import subprocess
    import sys

    code = "import sys, dossier.export; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- escaping ------------------------------------------------------------------------------------

PIECES = [
    "# ", "#", "## x ##", "\n", "\r\n", "\r", "\n\n", "    ", "\t", "- ", "+ ", "* ", "1. ", "2) ", "> ", ">",
    "<", "&", "&amp;", "&#x3C;", "<script>alert(1)</script>", "<!-- x", "<div>", "|", "| a | b |\n|---|---|\n",
    "`", "```", "~~~", "~~", "**", "__", "_", "*", "[", "]", "[^s1]", "[^s99]: fake", "[x](http://e.com)",
    "![i](x.png)", "<http://x.y>", "\\", "\\\n", "  \n", "===", "---", "***", "\x1b[31m", "\x00", "\x07", "\x0c",
    "\u202e", "\u2028", "\u00a0", "\x85", "word", "Ünïcode", " ", ":", "!", "[ ] ", "- [x] ", "1.", "|-|", "^",
]
HOSTILE = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join),
    st.text(max_size=40),
    st.text(alphabet="#*_[]<>&|`~-+=!\\ \n\t\r.1)^:", max_size=30),
)
PLAIN = "plain words"


def _actor_view(h: str) -> ActorView:
    source = Source(1, "s-one", h, h, h, h, h)
    return ActorView(
        actor=Actor(7, "a-seven", h, "person", h),
        spellings=[SpellingUse(h, [source.label]), SpellingUse(h + "x", [])],
        quotes=[Span(1, 0, 5, h, "quote", h, ref=1, group=999), Span(1, 6, 9, h, "quote", h, ref=2)],
        events=[Event(1, "e-one", h, "day", h, h, h)],
        sources=[source],
        mentions=[Span(1, 0, 5, h, "mention", h)],
        mentions_by_source={1: 1},
    )


def _event_view(h: str) -> EventView:
    source = Source(1, "s-one", h, h, h, h, h)
    return EventView(
        event=Event(1, "e-one", h, "month", h, h, h),
        actors=[RoleLine(7, h, h)],
        evidence=[(source, Span(1, 0, 5, h, "evidence", h))],
        claims=[
            ClaimLine(h, h, 20.0, 80.0, h, Span(1, 0, 5, h, "claim")),
            ClaimLine(h, None, 84.0, 84.0, h, Span(2, 0, 5, h, "claim")),
        ],
    )


def _source_view(h: str) -> SourceView:
    return SourceView(
        source=Source(1, "s-one", h, h, h, h, h),
        text=h,
        spans=[Span(1, 0, 5, h, "mention", h), Span(1, 0, 5, h, "quote", h), Span(1, 6, 9, h, "evidence", h)],
        actors=[Actor(7, "a-seven", h, "armed_group", h)],
        events=[Event(1, "e-one", h, "year", h, h, h)],
    )


def _results(h: str) -> SearchResults:
    half = [(0, len(h) // 2)] if h else []
    return SearchResults(
        query=h,
        actors=[ActorHit(7, h, "person", 1.0, h)],
        events=[EventHit(1, "e-one", h, "day", h, 1.0, h, half, [h])],
        sources=[SourceHit(1, "s-one", h, h, h, 1.0, h, half, [h])],
        quotes=[QuoteHit(1, h, h, 1, 1.0, h, half, [h])],
        expansions={h: [h]},
    )


def _compare(h: str) -> CompareView:
    ops = [Op("equal", h, h), Op("delete", h, ""), Op("insert", "", h), Op("replace", h, h + " x"),
           Op("replace", h, h, minor=True)]
    return CompareView(
        h, h,
        [Rendering(1, 1, h, h, h, h, h, h, 0, 5), Rendering(2, 1, h, h, h, h, h, h, 0, 5, 0.5, ops)],
        0, None,
    )


RENDERERS = {
    "actor": lambda db, h: export.actor_markdown(views.exportable(db, _actor_view(h)), today=TODAY),
    "event": lambda db, h: export.event_markdown(views.exportable(db, _event_view(h)), today=TODAY),
    "source": lambda db, h: export.source_markdown(views.exportable(db, _source_view(h)), today=TODAY),
    "search": lambda db, h: export.search_markdown(views.exportable(db, _results(h)), today=TODAY),
    "compare": lambda db, h: export.compare_markdown(views.exportable(db, _compare(h)), today=TODAY),
}


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory):
    """A copy of the dossier whose source 1 metadata each example overwrites; and a
    read-only connection to it, as the exporter gets."""
    path = tmp_path_factory.mktemp("hostile") / "dossier.db"
    shutil.copy(built_db, path)
    writer = sqlite3.connect(path)
    reader = store.open_db(path)
    yield writer, reader
    reader.conn.close()
    writer.close()


def _set_source_metadata(writer: sqlite3.Connection, value: str) -> None:
    with writer:
        writer.execute("UPDATE source SET title = ?, outlet = ?, published = ?, url = ? WHERE id IN (1, 2)",
                       (value, value, value, value))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile=HOSTILE)
def test_hostile_text_never_changes_the_block_structure(hostile_db, hostile):
    writer, reader = hostile_db
    for kind, render in RENDERERS.items():
        _set_source_metadata(writer, PLAIN)
        plain = Parsed(render(reader, PLAIN))
        _set_source_metadata(writer, hostile)
        text = render(reader, hostile)
        evil = Parsed(text)
        assert evil.blocks() == plain.blocks(), (kind, hostile, text)
        kinds = evil.inline_types() | {t.type for t in evil.tokens}
        assert not kinds & {"html_inline", "html_block", "image", "code_inline", "code_block", "fence"}, (kind, text)
        assert _only_safe_links(evil), (kind, text)
        assert sorted(evil.refs()) == sorted(plain.refs()), (kind, text)
        assert evil.definitions() == plain.definitions()
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in text)
        want = _expected(hostile)
        if want:
            assert want in evil.text(), (kind, want, evil.text())


def _only_safe_links(p: Parsed) -> bool:
    """A URL that is a plain http(s) address may become an autolink; nothing else may."""
    links = [c for t in p.tokens if t.children for c in t.children if c.type == "link_open"]
    return all(c.markup == "autolink" and re.match(r"https?://", c.attrs["href"]) for c in links)


@settings(max_examples=200, deadline=None)
@given(hostile=HOSTILE)
def test_escaped_inline_text_reads_back_as_the_same_text(hostile):
    for line in (export.inline(hostile), *export.block_lines(hostile, empty="")):
        tokens = MD.parse(f"x {line}") if line else []
        assert all(t.type in ("paragraph_open", "inline", "paragraph_close") for t in tokens), (hostile, line)
    rendered = Parsed("\n".join(export.block_lines(hostile, empty=""))).text()
    assert rendered == _expected(hostile)
    cell = Parsed(f"| h |\n| --- |\n| {export.inline(hostile)} |\n").tables()
    assert len(cell) == 1 and len(cell[0]) == 2 and len(cell[0][1]) == 1
    assert _norm(cell[0][1][0]) == _expected(hostile)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("# Not a heading", r"\# Not a heading"),
        ("- not a list", r"\- not a list"),
        ("12. not a list", r"12\. not a list"),
        ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
        ("a | b", r"a \| b"),
        ("`code` *em* _u_ ~~s~~ [l](u)", r"\`code\` \*em\* \_u\_ \~\~s\~\~ \[l\](u)"),
        ("two\nlines", "two lines"),
        ("bell\x07", "bell\u2407"),
    ],
)
def test_inline_escapes_markdown_html_and_control_characters(text, written):
    assert export.inline(text) == written


def test_multiline_quote_keeps_every_line_prefixed(db):
    view = _actor_view("first line\n\n   # second line\n- third")
    text = export.actor_markdown(views.exportable(db, view), today=TODAY)
    assert "> first line\n> \\# second line\n> \\- third" in text


def test_safe_url_becomes_a_link_and_anything_else_stays_text(db, tmp_path):
    path = tmp_path / "u.db"
    shutil.copy(store.db_path(db), path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE source SET url = 'https://example.org/a_b?c=1' WHERE id = 1")
        conn.execute("UPDATE source SET url = 'javascript:alert(1)' WHERE id = 2")
    copy = store.open_db(path)
    try:
        p = Parsed(export.dossier_markdown(views.dossier_view(copy), today=TODAY))
    finally:
        copy.conn.close()
    links = [c.attrs["href"] for t in p.tokens if t.children for c in t.children if c.type == "link_open"]
    assert set(links) == {"https://example.org/a_b?c=1"}
    assert "javascript:alert(1)" in p.text()
    assert_generated_line(p.source, "u.db")


# -- writing files -------------------------------------------------------------------------------


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_write_markdown_refuses_to_overwrite_without_force_and_keeps_the_old_content(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(DossierError, match=r"a\.md already exists.*--force"):
        export.write_markdown(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path, {"a.md"}) == []


def test_write_markdown_with_force_replaces_the_file_atomically(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((Path(src), Path(dst), Path(src).read_text(encoding="utf-8"), target.read_text(encoding="utf-8")))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert export.write_markdown(target, "# new", force=True) == target
    ((src, dst, tmp_content, during),) = seen
    assert src.parent == tmp_path and src != target and dst == target
    assert tmp_content == "# new\n" and during == "old\n"  # complete before the swap; old until then
    assert target.read_text(encoding="utf-8") == "# new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # an overwritten file keeps its permissions
    assert _leftovers(tmp_path, {"a.md"}) == []


def test_write_markdown_writes_a_new_file_readable_by_others(tmp_path):
    target = export.write_markdown(tmp_path / "new.md", "text")
    assert target.read_text(encoding="utf-8") == "text\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert _leftovers(tmp_path, {"new.md"}) == []


def test_write_markdown_failure_midway_keeps_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    target.write_text("old\n", encoding="utf-8")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(DossierError, match=r"Cannot write .*a\.md: No space left on device"):
        export.write_markdown(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path, {"a.md"}) == []


def test_write_markdown_reports_a_directory_clearly(tmp_path):
    folder = tmp_path / "dir.md"
    folder.mkdir()
    for force in (False, True):
        with pytest.raises(DossierError, match=r"dir\.md is a directory"):
            export.write_markdown(folder, "x", force=force)
    assert list(folder.iterdir()) == [] and _leftovers(tmp_path, {"dir.md"}) == []


def test_write_markdown_reports_an_unwritable_folder_and_leaves_nothing(tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(DossierError, match=r"Cannot write .*out\.md: permission denied"):
        export.write_markdown(tmp_path / "out.md", "x")
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_write_markdown_reports_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DossierError, match=r"Cannot write .*out\.md: permission denied"):
            export.write_markdown(folder / "out.md", "x")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_write_markdown_needs_an_existing_folder_but_creates_exports(tmp_path):
    with pytest.raises(DossierError, match=r"folder .*missing does not exist"):
        export.write_markdown(tmp_path / "missing" / "a.md", "x")
    with pytest.raises(DossierError, match="does not exist"):
        export.write_markdown(tmp_path / "nowhere" / "exports" / "a.md", "x")
    assert _leftovers(tmp_path, set()) == []
    written = export.write_markdown(tmp_path / "exports" / "a.md", "x")
    assert written.read_text(encoding="utf-8") == "x\n"
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(DossierError, match="not a folder"):
        export.write_markdown(tmp_path / "file" / "a.md", "x")


def test_default_export_name_is_a_safe_file_name_in_exports():
    assert export.default_export_name("actor", "Andriy Yusov") == "exports/actor-andriy-yusov.md"
    assert export.default_export_name("actor", "Tinzaouatène") == "exports/actor-tinzaouatene.md"
    assert export.default_export_name("search", "") == "exports/search.md"
    for label in ("../../etc/passwd", "a/b\\c", "\x00con\n", "~/.bashrc", "x" * 500, "…", " . "):
        name = export.default_export_name("source", label)
        assert re.fullmatch(r"exports/[a-z0-9]+(-[a-z0-9]+)*\.md", name), name
        assert len(name) <= len("exports/") + 80


# -- the command and the dialog ------------------------------------------------------------


def test_cli_export_actor_by_another_spelling_to_stdout(built_db):
    from click.testing import CliRunner

    from dossier.cli import cli

    result = CliRunner().invoke(cli, ["export", "--db", str(built_db), "--actor", "Andrey Yusov"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Andriy Yusov")
    assert "[^s3]:" in result.output


def test_cli_export_ambiguous_name_lists_candidates_and_exits_2(built_db):
    from click.testing import CliRunner

    from dossier.cli import cli

    result = CliRunner().invoke(cli, ["export", "--db", str(built_db), "--actor", "Abdoulaye"])
    assert result.exit_code == 2
    assert "Abdoulaye Diop" in result.output and "Abdoulaye Maiga" in result.output


def test_cli_export_never_overwrites_without_force(built_db, tmp_path):
    from click.testing import CliRunner

    from dossier.cli import cli

    target = tmp_path / "out.md"
    target.write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["export", "--db", str(built_db), "--all", "-o", str(target)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(cli, ["export", "--db", str(built_db), "--all", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("#")


def test_cli_export_needs_exactly_one_view(built_db):
    from click.testing import CliRunner

    from dossier.cli import cli

    result = CliRunner().invoke(cli, ["export", "--db", str(built_db), "--all", "--actor", "Mali"])
    assert result.exit_code == 2 and "Choose one view" in result.output


async def test_e_in_the_browser_previews_and_writes_then_asks_before_overwriting(built_db, tmp_path, monkeypatch):
    from textual.geometry import Region
    from textual.widgets import Button, Input

    from dossier.tui.app import make_app
    from dossier.tui.export import ExportDialog
    from tests.test_tui import move_to, settle

    monkeypatch.chdir(tmp_path)
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Andriy Yusov")
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one(Input).value == "exports/actor-andriy-yusov.md"
        assert dialog.previewed.startswith("# Andriy Yusov")
        shown = "\n".join(line.text for line in dialog.query_one("#export-preview-text").render_lines(Region(0, 0, 60, 3)))
        assert "Andriy Yusov" in shown  # drawn as Markdown: the heading, not its "#"
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "exports" / "actor-andriy-yusov.md"
        assert written.read_text(encoding="utf-8").startswith("# Andriy Yusov")
        written.write_text("older notes", encoding="utf-8")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")  # the file exists: asks first
        assert isinstance(app.screen, ExportDialog)
        assert str(app.screen.query_one("#export-write", Button).label) == "Overwrite"
        assert written.read_text(encoding="utf-8") == "older notes"
        await pilot.press("escape")
        assert written.read_text(encoding="utf-8") == "older notes"


async def test_the_export_dialog_previews_a_long_exports_beginning_before_it_can_write_it(built_db, tmp_path):
    from textual.widgets import Button

    from dossier.tui.app import make_app
    from dossier.tui.export import ExportDialog
    from tests.test_tui import settle

    whole = "\n\n".join(f"Paragraph {n}." for n in range(200)) + "\n"
    beginning = "\n\n".join(f"Paragraph {n}." for n in range(31))  # what the export hands over first
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        dialog = ExportDialog(lambda path, text, force: path)
        await app.push_screen(dialog)
        dialog.begin(beginning)
        await pilot.pause()
        write = dialog.query_one("#export-write", Button)
        status = str(dialog.query_one("#export-status").render())
        assert dialog.previewed.startswith("Paragraph 0.") and write.disabled
        assert "Preparing the rest" in status
        dialog.ready(whole, str(tmp_path / "out.md"))
        await pilot.pause()
        assert not write.disabled and len(dialog.query("#export-preview-text")) == 1
        assert "first 60 of 399 lines" in str(dialog.query_one("#export-status").render())


async def test_an_export_dialog_once_closed_is_freed_though_the_thread_pool_keeps_its_worker(built_db):
    """Textual's thread pool kept the last worker each of its threads ran, with all the
    worker refers to: the dialog that started it, with its preview's whole rendering
    (dossier.tui.threads)."""
    import gc
    import weakref

    from dossier.tui.app import make_app
    from dossier.tui.export import ExportDialog
    from tests.test_tui import settle

    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        closed = []
        for _ in range(10):  # more than the pool's threads
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, ExportDialog) and app.screen.markdown.startswith("# ")
            closed.append(weakref.ref(app.screen))
            await pilot.press("escape")
            await settle(pilot)
        gc.collect()
        assert [ref for ref in closed if ref() is not None] == []



def test_an_actor_card_counts_every_mention_though_it_lists_only_the_first_few(built_db, monkeypatch):
    """The full card lists the first SPAN_CAP mentions; its counts are of all of them (it said
    "Mentions: 500 in 62 sources" of an actor mentioned in 2,487)."""
    monkeypatch.setattr(views, "SPAN_CAP", 3)
    db = store.open_reader(built_db)
    actor_id = store.query(db, "SELECT actor_id FROM mention GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1")[0]["actor_id"]
    by_source = {
        r["source_id"]: r["n"]
        for r in store.query(db, "SELECT source_id, count(*) AS n FROM mention WHERE actor_id = ? GROUP BY source_id", (actor_id,))
    }
    view = views.actor_view(db, actor_id)
    assert len(view.mentions) == 3 < sum(by_source.values())
    text, _ = export.view_markdown(views.exportable(db, view))
    assert f"- **Mentions:** {sum(by_source.values())} in {len(by_source)} sources" in text
    listed = text[text.index("## Sources"):]
    counts = [int(n) for n in re.findall(r"; (\d+) mentions?, \d+ quotes?$", listed, re.MULTILINE)]
    assert sorted(counts, reverse=True) == sorted(by_source.values(), reverse=True) + [0] * (len(counts) - len(by_source))


@pytest.mark.parametrize("kind", ["actor", "event", "source", "search"])
def test_exportable_reuses_the_sources_a_view_holds_and_reads_the_same_ones(built_db, monkeypatch, kind):
    db = store.open_reader(built_db)
    if kind == "actor":
        view = views.actor_view(db, 1)
    elif kind == "event":
        view = views.event_view(db, store.query(db, "SELECT id FROM event ORDER BY id LIMIT 1")[0]["id"])
    elif kind == "source":
        view = views.source_view(db, 1)
    else:
        view = Searcher(db).search("Yusov")
    every = {s.id: s for s in store.list_sources(db)}
    asked: list[list[int]] = []
    original = store.list_sources
    monkeypatch.setattr(store, "list_sources", lambda db, **kw: asked.append(kw.get("ids")) or original(db, **kw))
    made = views.exportable(db, view)
    assert made.sources == {i: every[i] for i in sorted(set(view.source_ids()))}
    if kind in ("actor", "event"):
        assert asked == []  # everything it cites, it holds
    else:
        assert asked  # a source view holds one Source, search results hold hits
