"""The browser, driven with Textual's Pilot as a user would, plus SVG snapshots of its look."""

from __future__ import annotations

import os
import sqlite3

import pytest
import sqlite_utils
from textual.widgets import Static
from textual.worker import WorkerCancelled

from dossier import store
from dossier.tui.app import make_app
from dossier.tui.compare import Column, CompareScreen, render_column
from dossier.tui.detail import DetailPanel, SpanList
from dossier.tui.modals import ErrorScreen, HelpScreen
from dossier.tui.panes import ListPane
from dossier.tui.reader import ReaderScreen

SIZE = (160, 48)


async def settle(pilot, rounds: int = 4) -> None:
    """Wait until workers are done and the messages they posted are handled."""
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait for that one
            pass
        await pilot.pause()


def pane(app, pane_id: str) -> ListPane:
    return app.screen.query_one(f"#{pane_id}", ListPane)


def labels(app, pane_id: str) -> list[str]:
    p = pane(app, pane_id)
    return [getattr(p.get_option_at_index(i), "label", None) for i in range(p.option_count)]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def move_to(pilot, pane_id: str, label: str) -> None:
    """Press j in a pane until the item is highlighted, as a user would."""
    await pilot.press({"actors": "1", "events": "2", "sources": "3"}[pane_id])
    p = pane(pilot.app, pane_id)
    for _ in range(p.option_count):
        if p.current is not None and p.current.label == label:
            break
        await pilot.press("j")
    await settle(pilot)
    assert p.current is not None and p.current.label == label


async def test_app_lists_actors_events_and_sources_of_the_database(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(labels(app, "actors")) == 58
        assert len(labels(app, "events")) == 23
        assert len(labels(app, "sources")) == 5
        assert "5 sources · 58 actors · 23 events" in text_of(app, "#status")


async def test_events_pane_is_a_timeline_with_dates_at_their_precision(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        p = pane(app, "events")
        rows = [str(p.get_option_at_index(i).prompt) for i in range(p.option_count)]
        assert rows[0].strip().startswith("2020")
        assert any(r.strip().startswith("25 Jul 2024") for r in rows)
        assert any(r.strip().startswith("Aug 2024") for r in rows)


async def test_highlighting_an_actor_filters_events_and_sources_and_esc_pops_it(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Andriy Yusov")
        assert labels(app, "events") == [
            'Yusov says on Ukrainian TV that the rebels received the "necessary information"'
        ]
        assert len(labels(app, "sources")) == 5  # four name him; the fifth quotes him (a curated speaker)
        assert len(labels(app, "actors")) == 58  # a pane is never filtered by its own highlight
        assert "actor: Andriy Yusov" in text_of(app, "#chips")
        assert app.screen.query_one(DetailPanel).border_title == "Actor · Andriy Yusov"
        await pilot.press("escape")
        await settle(pilot)
        assert len(labels(app, "events")) == 23
        assert "Andriy Yusov" not in text_of(app, "#chips")


async def test_highlighting_an_event_filters_actors_and_sources(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "events", "Wagner fighters seize Bakhmut")
        assert set(labels(app, "actors")) == {"Wagner Group", "Ukraine", "Bakhmut"}
        assert len(labels(app, "sources")) == 1


async def test_filters_stack_across_panes(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Wagner Group")
        wagner_events = len(labels(app, "events"))
        await move_to(pilot, "events", "Wagner fighters seize Bakhmut")
        chips = text_of(app, "#chips")
        assert "actor: Wagner Group" in chips and "event: Wagner fighters seize Bakhmut" in chips
        await pilot.press("escape")
        await settle(pilot)
        assert len(labels(app, "events")) == wagner_events


async def test_search_as_you_type_filters_every_pane_and_esc_clears_it(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"Tinzawaten")
        await settle(pilot)
        assert labels(app, "actors") == ["Tinzaouaten"]
        assert labels(app, "events") == ["Tuareg rebels and JNIM ambush Malian army and Wagner convoy near Tinzaouaten"]
        assert "search: “Tinzawaten”" in text_of(app, "#chips")
        row = pane(app, "events").get_option_at_index(0).prompt
        marked = {row.plain[sp.start : sp.end] for sp in row.spans if "underline" in str(sp.style)}
        assert "Tinzaouaten" in marked
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane(app, "actors")
        assert "Matched" in str(app.screen.query_one("#detail-body", Static).render())
        await pilot.press("escape")  # pops the live filter set by the highlight, if any
        await pilot.press("escape")
        await settle(pilot)
        assert len(labels(app, "actors")) == 58


async def test_search_with_no_match_shows_a_helpful_empty_state(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"qqzzxx")
        await settle(pilot)
        assert labels(app, "actors") == [None]
        prompt = str(pane(app, "actors").get_option_at_index(0).prompt)
        assert "nothing matches “qqzzxx”" in prompt
        assert "Try fewer words" in str(app.screen.query_one("#detail-body", Static).render())


async def test_fts_syntax_typed_in_search_never_crashes(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"(NEAR*:^', "minus", "backspace")
        await settle(pilot)
        assert app.screen.query_one("#search").display


async def test_enter_focuses_detail_and_a_span_opens_the_reader_there(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "events", "Wagner fighters seize Bakhmut")
        await pilot.press("enter")
        await settle(pilot)
        spans = app.screen.query_one(SpanList)
        assert app.focused is spans
        span = spans.get_option_at_index(0).span
        assert span.kind == "evidence"
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        current = reader.spans[reader.current]
        assert (current.start, current.end, current.kind) == (span.start, span.end, "evidence")
        assert reader.view.text[current.start : current.end] == span.text
        await pilot.press("n")
        assert reader.spans[reader.current].start >= current.start
        await pilot.press("escape")
        assert not isinstance(app.screen, ReaderScreen)


async def test_o_on_a_source_opens_the_reader(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "o")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current == 0


async def test_help_lists_bindings_and_esc_closes_it(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_an_actor(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Pyvovarov")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane(app, "actors")
        assert pane(app, "actors").current.label == "Yurii Pyvovarov"
        assert "actor: Yurii Pyvovarov" in text_of(app, "#chips")


async def test_unreadable_database_shows_an_error_modal(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(1024))
    app = make_app(junk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "not a SQLite database" in app.screen.message


async def test_empty_dossier_shows_a_welcome_state(tmp_path):
    path = tmp_path / "empty.db"
    db = sqlite_utils.Database(path)
    store.create_schema(db)
    db.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "dossier ingest" in str(app.screen.query_one("#detail-body", Static).render())
        assert "No actors in this dossier yet." in str(pane(app, "actors").get_option_at_index(0).prompt)


async def test_markup_and_escape_sequences_in_sources_show_literally(db_copy):
    conn = sqlite3.connect(db_copy)
    with conn:
        conn.execute("UPDATE source SET title = '[bold red]pwned[/] \x1b[31m', text = '[link=x]y[/link] \x1b]52;c;x\x07 ' || text WHERE id = 1")
    conn.close()
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[bold red]pwned[/]" in labels(app, "sources")[-2:][0] + labels(app, "sources")[-1]
        await move_to(pilot, "sources", next(x for x in labels(app, "sources") if "pwned" in x))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        first = str(app.screen.query_one("#p0", Static).render())
        assert first.startswith("[link=x]y[/link] \u241b]52;c;x\u2407")


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_small_terminals_stay_usable(built_db, size):
    app = make_app(built_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2", "j", "3", "G", "tab", "slash", "M", "enter")
        await settle(pilot)
        if size == (80, 24):
            shown = [p.id for p in app.screen.query(ListPane) if p.display]
            assert shown == [app.focused.id]


# -- snapshots ----------------------------------------------------------------------------------


@pytest.fixture
def stable_db(built_db, monkeypatch):
    """Run from the database's folder so the status line shows a stable relative path."""
    monkeypatch.chdir(built_db.parent)
    return "dossier.db"


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_snapshot_main_screen(snap_compare, stable_db, size):
    assert snap_compare(make_app(stable_db), terminal_size=size, run_before=settle)


def test_snapshot_actor_detail(snap_compare, stable_db):
    async def open_actor(pilot):
        await settle(pilot)
        await move_to(pilot, "actors", "Andriy Yusov")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(stable_db), terminal_size=SIZE, run_before=open_actor)


def test_snapshot_reader(snap_compare, stable_db):
    async def open_reader(pilot):
        await settle(pilot)
        await move_to(pilot, "events", "Wagner fighters seize Bakhmut")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(stable_db), terminal_size=SIZE, run_before=open_reader)


def test_snapshot_search_results(snap_compare, stable_db):
    async def search(pilot):
        await settle(pilot)
        await pilot.press("slash", *"Prigozin")
        await settle(pilot)

    assert snap_compare(make_app(stable_db), terminal_size=SIZE, run_before=search)


# -- quote comparison --------------------------------------------------------------------------


async def open_yusov_compare(pilot) -> None:
    await settle(pilot)
    await move_to(pilot, "actors", "Andriy Yusov")
    await pilot.press("c")
    await settle(pilot)


async def test_c_on_an_actor_opens_its_quote_group_side_by_side(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_yusov_compare(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert len(screen.view.renderings) == 4
        assert len(screen.query(Column)) == 4
        pivot = screen.view.renderings[screen.view.pivot]
        assert pivot.text.startswith("the fact that the rebels received the necessary information")


async def test_n_steps_through_differences_and_p_changes_the_pivot(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_yusov_compare(pilot)
        screen = app.screen
        differences = screen.view.differences()
        await pilot.press("n")
        assert screen.current == differences[0]
        await pilot.press("n", "N")
        assert screen.current == differences[0]
        rendered = render_column(screen.view, screen.current[0], screen.current)
        assert any("reverse" in str(span.style) for span in rendered.spans)
        pivot_text = render_column(screen.view, screen.view.pivot, screen.current)
        assert any("reverse" in str(span.style) for span in pivot_text.spans)  # the columns move together
        old = screen.view.pivot
        await pilot.press("p")
        assert screen.view.pivot == (old + 1) % 4
        assert screen.view.renderings[screen.view.pivot].ops == []
        assert screen.current is None


async def test_o_in_compare_opens_the_reader_at_that_rendering(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_yusov_compare(pilot)
        pivot = app.screen.view.renderings[app.screen.view.pivot]
        await pilot.press("o")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        current = reader.spans[reader.current]
        assert (current.start, current.end) == (pivot.start, pivot.end)


async def test_two_marked_quotes_compare_even_when_not_grouped(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Abdoulaye Maiga")
        await pilot.press("enter")
        await settle(pilot)
        spans = app.screen.query_one(SpanList)
        ungrouped = [i for i in range(spans.option_count) if spans.get_option_at_index(i).span.kind == "quote"]
        first, second = ungrouped[-2], ungrouped[-1]
        spans.highlighted = first
        await pilot.press("space")
        spans.highlighted = second
        await pilot.press("space", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.view.group_id is None and len(screen.view.renderings) == 2


def test_snapshot_compare(snap_compare, stable_db):
    async def run(pilot):
        await open_yusov_compare(pilot)
        await pilot.press("n")

    assert snap_compare(make_app(stable_db), terminal_size=SIZE, run_before=run)


def test_snapshot_compare_narrow_stacks_renderings(snap_compare, stable_db):
    assert snap_compare(make_app(stable_db), terminal_size=(80, 24), run_before=open_yusov_compare)


async def test_reader_opens_a_huge_source_a_window_at_a_time(built_db):
    from dossier import store, views
    from dossier.tui.reader import WINDOW, Paragraph

    db = store.open_db(built_db)
    base = views.source_view(db, 1)
    db.conn.close()
    text = "".join(f"Paragraph {i} says Mali again.\n" for i in range(5000))
    spans = []
    for i in range(5000):
        start = text.index("Mali", text.index(f"Paragraph {i} "))
        spans.append(views.Span(1, start, start + 4, "Mali", "mention", "Mali"))
    huge = views.SourceView(base.source, text, spans, [], [], [])
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ReaderScreen(huge))
        await pilot.pause()
        reader = app.screen
        assert len(reader.query(Paragraph)) <= WINDOW
        await pilot.press("N")  # from the first span back to the last: far outside the window
        await pilot.pause()
        assert reader.current == 4999
        assert reader.window[1] == 5000
        assert reader.query_one("#p4999", Paragraph) is not None
        assert len(reader.query(Paragraph)) <= WINDOW


async def test_f_in_compare_lists_the_figures_of_those_sources(built_db):
    from dossier.tui.modals import FiguresScreen

    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_yusov_compare(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        figures = {(r["low"], r["claimant"]) for r in app.screen.rows}
        assert (47.0, "Tuareg rebels") in figures and (84.0, "Tuareg rebels") in figures


async def test_an_ingest_by_another_process_shows_up_without_losing_the_users_place(db_copy, tmp_path):
    from click.testing import CliRunner

    from dossier.cli import cli

    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actors = pane(app, "actors")
        actors.focus()
        await pilot.press("down", "down")
        await settle(pilot)
        before = actors.current.item_id
        article = tmp_path / "new.txt"
        article.write_text("Zorglub Kwamenko, the envoy, said on Monday that “the ports stay closed.”\n", encoding="utf-8")
        assert CliRunner().invoke(cli, ["ingest", "--db", str(db_copy), str(article)]).exit_code == 0
        app.screen.check_changes()
        for _ in range(20):  # the check, then the lists it asks for: two rounds of workers
            await settle(pilot)
            if "6 sources" in text_of(app, "#status") and any("Zorglub" in str(x) for x in labels(app, "actors")):
                break
        assert "6 sources" in text_of(app, "#status")
        assert any("Zorglub Kwamenko" in str(label) for label in labels(app, "actors"))
        assert actors.current.item_id == before


async def test_an_ingested_article_shows_a_proposed_event_marked_in_the_pane_with_each_sources_date(db_copy, tmp_path):
    from dossier import ingest

    article = tmp_path / "kidal.txt"
    article.write_text("Malian forces recaptured Kidal from the rebels on Saturday, the army said.\n", encoding="utf-8")
    assert [f.status for f in ingest.ingest(db_copy, [article], {"published": "2024-08-12"}).files] == ["added"]
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        p = pane(app, "events")
        assert len(labels(app, "events")) == 24
        title = "Malian forces recaptured Kidal from the rebels on Saturday, the army said"
        row = next(str(p.get_option_at_index(i).prompt) for i in range(p.option_count) if labels(app, "events")[i] == title)
        assert row.strip().startswith("10 Aug 2024") and " 1◇ " in row
        await move_to(pilot, "events", title)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "10 Aug 2024 · proposed" in body
        assert "10 Aug 2024  untitled kidal" in body  # the source (untitled: named by its slug), with the date it gives
