"""The browser at scale (issue 17): a detail lists a first page and pages on, the pane lists
are kept per filter until the dossier changes, the search vocabulary is a table written at
build and ingest, and the first frame loads neither sqlite-utils nor the comparison code."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from dossier import ingest, store, views
from dossier.search import Searcher, parse_query
from dossier.session import Session
from dossier.tui.app import make_app
from dossier.tui.detail import MoreOption, SpanList
from tests.test_browser import footer
from tests.test_tui import SIZE, move_to, pane, settle


def _most_mentioned(db) -> int:
    return store.query(db, "SELECT actor_id FROM mention GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1")[0]["actor_id"]


def test_a_capped_actor_card_counts_everything_and_pages_to_the_full_lists(built_db):
    db = store.open_reader(built_db)
    actor_id = _most_mentioned(db)
    full = views.actor_view(db, actor_id)
    capped = views.actor_view(db, actor_id, cap=3)
    assert len(capped.mentions) == 3 and capped.totals["mentions"] == len(full.mentions) > 3
    assert capped.totals["sources"] == len(full.sources) and capped.totals["events"] == len(full.events)
    assert capped.totals["quotes"] == len(full.quotes)
    assert [(s.alias, s.count) for s in capped.spellings] == [(s.alias, len(s.sources)) for s in full.spellings]
    # Page on from the "more" row until nothing is left: the same mentions, in the same order.
    (more,) = [m for m in capped.more if m.span_kind == "mention"]
    listed = list(capped.mentions)
    while more is not None:
        spans, sources, more = views.more_spans(db, more, limit=4)
        assert {s.source_id for s in spans} <= set(sources)
        listed += spans
    assert listed == full.mentions


async def test_enter_on_a_details_more_row_lists_a_page_more_of_that_kind(built_db, monkeypatch):
    monkeypatch.setattr(views, "DETAIL_CAP", 5)
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Ukraine")  # 1 quote and 43 mentions
        await pilot.press("enter")
        await settle(pilot)
        spans = app.screen.query_one(SpanList)
        assert spans.option_count == 1 + 5 + 1
        last = spans.get_option_at_index(spans.option_count - 1)
        assert isinstance(last, MoreOption) and "38 more mentions" in str(last.prompt)
        spans.highlighted = spans.option_count - 1
        await settle(pilot)
        assert "List more" in footer(app) and "Open" not in footer(app)  # the footer says what enter does here
        await pilot.press("enter")
        await settle(pilot)
        assert spans.option_count == 1 + 10 + 1 and spans.highlighted == 6
        assert "33 more mentions" in str(spans.get_option_at_index(spans.option_count - 1).prompt)
        assert spans.current_span is not None and spans.current_span.kind == "mention"


async def test_pane_counts_follow_an_ingest_though_the_lists_are_kept(db_copy, tmp_path):
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pane(app, "sources").border_subtitle == "5"
        article = tmp_path / "new.txt"
        article.write_text("Zorglub Kwamenko, the envoy, said on Monday that “the ports stay closed.”\n", encoding="utf-8")
        assert ingest.ingest(db_copy, [article]).totals["added"] == 1
        app.screen.check_changes()
        for _ in range(20):
            await settle(pilot)
            if pane(app, "sources").border_subtitle == "6":
                break
        assert pane(app, "sources").border_subtitle == "6"


def test_a_session_keeps_pane_lists_until_another_connection_writes(db_copy, tmp_path):
    session = Session(db_copy)
    first = session.snapshot([], "")
    assert all(session.snapshot([], "").lists.rows[k] is first.lists.rows[k] for k in first.lists.rows)  # kept
    article = tmp_path / "new.txt"
    article.write_text("Zorglub Kwamenko, the envoy, said on Monday that “the ports stay closed.”\n", encoding="utf-8")
    ingest.ingest(db_copy, [article])
    assert session.changes() is not None
    again = session.snapshot([], "")
    assert again.lists.rows["source"] is not first.lists.rows["source"] and again.lists.totals["source"] == first.lists.totals["source"] + 1
    session.close()


def _fts_vocabulary(path, table: str) -> list[tuple[str, int]]:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, {table}_fts, row)")
    rows = conn.execute("SELECT term, doc FROM temp.v ORDER BY term").fetchall()
    conn.close()
    return rows


def test_build_writes_the_search_vocabulary_as_a_table(built_db):
    db = store.open_reader(built_db)
    for table in store.FTS_COLUMNS:
        assert list(store.vocabulary(db, table)) == _fts_vocabulary(built_db, table)


def test_ingest_adds_the_terms_of_the_sources_it_added_to_the_vocabulary(db_copy, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("Zorglub Kwamenko said the quaggaphone convoy reached Gao.\n", encoding="utf-8")
    ingest.ingest(db_copy, [article])
    db = store.open_reader(db_copy)
    assert dict(store.vocabulary(db, "source"))["quaggaphone"] == 1
    assert list(store.vocabulary(db, "source")) == _fts_vocabulary(db_copy, "source")
    assert Searcher(db).expand(parse_query("quaggaphome "))["quaggaphome"] == ["quaggaphone"]  # a typo finds it


def test_a_dossier_without_the_vocabulary_table_searches_and_gets_it_on_first_write(db_copy):
    conn = sqlite3.connect(db_copy)
    conn.executescript("DROP TABLE search_vocab; DROP TABLE search_vocab_upto;")
    conn.close()
    db = store.open_reader(db_copy)
    assert list(store.vocabulary(db, "quote")) == _fts_vocabulary(db_copy, "quote")  # read from fts5vocab meanwhile
    store.open_for_writing(db_copy).conn.close()
    assert "search_vocab_upto" in {r[0] for r in store.open_reader(db_copy).execute("SELECT name FROM sqlite_master")}
    assert list(store.vocabulary(store.open_reader(db_copy), "quote")) == _fts_vocabulary(db_copy, "quote")


def test_the_first_frame_loads_neither_sqlite_utils_nor_click_nor_the_comparison_code(built_db):
    code = (
        "import sys\n"
        "import dossier.launch, dossier.tui.start, dossier.tui.app, dossier.tui.main\n"
        "from dossier.session import Session\n"
        f"Session({str(built_db)!r}).snapshot([], '')\n"
        "print(sorted(m for m in ('sqlite_utils', 'rapidfuzz', 'dossier.compare', 'click', 'dossier.tui.reader') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_console_script_takes_the_fast_path_only_for_a_bare_browse(built_db):
    from dossier.launch import browse_target

    assert browse_target([]) == (None,)
    assert browse_target(["--db", str(built_db)]) == (built_db,)
    assert browse_target([f"--db={built_db}"]) == (built_db,)
    assert browse_target(["--db", str(built_db.parent / "missing.db")]) is None  # click says why
    assert browse_target(["search", "Yusov"]) is None
    assert browse_target(["--help"]) is None


async def test_a_pane_lists_a_page_more_when_the_cursor_nears_its_end(built_db, monkeypatch):
    from dossier import session as session_module
    from dossier.tui import main as main_module

    monkeypatch.setattr(session_module, "PANE_ROWS", 5)
    monkeypatch.setattr(main_module, "PANE_ROWS", 5)
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actors = pane(app, "actors")
        total = store.counts(store.open_reader(built_db)).actors
        assert actors.option_count == 5 and actors.border_subtitle == f"5 of {total}"
        actors.focus()
        await pilot.press("end")
        await settle(pilot)
        assert actors.option_count == 10 and actors.border_subtitle == f"10 of {total}"
        assert actors.highlighted == 4  # the cursor stays where it was
