"""The browser as a new user meets it (issue 15): marks that show, an export of search results,
a palette that finds its own commands, searches that start from the whole dossier, compare
columns that fit, figures that are not cut, sources named by outlet and date, keys shown
only where they work, help generated from the bindings, remapped keys, a remembered theme."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Static

from dossier import store, views
from dossier.model import Source, source_name
from dossier.session import Session
from dossier.text import counted, shorten, spelling_key
from dossier.tui import config
from dossier.tui.app import DossierApp, make_app
from dossier.tui.compare import Column, CompareScreen
from dossier.tui.detail import MARK_SIGN, DetailPanel, SpanList
from dossier.tui.export import ExportDialog
from dossier.tui.keybar import KeyBar
from dossier.tui.main import MainScreen, SearchBar
from dossier.tui.modals import FiguresScreen, HelpScreen
from dossier.tui.palette import Catalog, Entry, WordIndex
from dossier.tui.panes import ListPane, actor_row
from dossier.tui.reader import ReaderScreen
from tests.test_tui import SIZE, labels, move_to, open_yusov_compare, pane, settle, text_of


def footer(app) -> list[str]:
    """The labels of the keys the footer shows now."""
    return [label for _, label in app.screen.query_one(KeyBar).shown]


def rows(app) -> list[str]:
    spans = app.screen.query_one(SpanList)
    return [str(spans.get_option_at_index(i).prompt) for i in range(spans.option_count)]


async def open_detail(pilot, pane_id: str, label: str) -> SpanList:
    """Highlight an item and press enter: the detail's spans have the focus."""
    await settle(pilot)
    await move_to(pilot, pane_id, label)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(SpanList)


async def open_actor(pilot, name: str) -> SpanList:
    return await open_detail(pilot, "actors", name)


async def mark(pilot, spans: SpanList, index: int) -> None:
    spans.highlighted = index
    await pilot.press("space")
    await settle(pilot)


def actor_id(db_path, name: str) -> int:
    db = store.open_db(db_path)
    try:
        return next(a.id for a in store.list_actors(db) if a.name == name)
    finally:
        db.conn.close()


def quote_rows(spans: SpanList) -> list[int]:
    return [i for i in range(spans.option_count) if spans.get_option_at_index(i).span.kind == "quote"]


async def mark_two(pilot) -> tuple[int, int]:
    """Open Abdoulaye Maiga's detail and mark his last two quotes (not grouped together)."""
    spans = await open_actor(pilot, "Abdoulaye Maiga")
    first, second = quote_rows(spans)[-2:]
    await mark(pilot, spans, first)
    await mark(pilot, spans, second)
    return first, second


# -- 1. marks --------------------------------------------------------------------------------------


async def test_marked_quotes_show_a_sign_in_their_rows_and_a_count_in_the_footer(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        spans = await open_actor(pilot, "Abdoulaye Maiga")
        first, second = quote_rows(spans)[-2:]
        await mark(pilot, spans, first)
        assert rows(app)[first].startswith(MARK_SIGN)
        assert "1 marked" in footer(app)
        await mark(pilot, spans, second)
        marked = [i for i, row in enumerate(rows(app)) if row.startswith(MARK_SIGN)]
        assert marked == [first, second]
        assert "2 marked" in footer(app) and "Compare 2 marked" in footer(app)


async def test_marks_are_cleared_once_compared_and_c_then_means_the_highlight_again(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await mark_two(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.view.group_id is None
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.marked == ()
        assert not any(row.startswith(MARK_SIGN) for row in rows(app))
        assert not [d for d in footer(app) if "marked" in d]


async def test_x_clears_the_marks(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        spans = await open_actor(pilot, "Abdoulaye Maiga")
        await mark(pilot, spans, quote_rows(spans)[0])
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.marked == ()
        assert not any(row.startswith(MARK_SIGN) for row in rows(app))


async def test_c_on_an_evidence_row_is_not_offered_and_opens_nothing(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "events", "Wagner fighters seize Bakhmut")
        assert app.screen.query_one(SpanList).current_span.kind == "evidence"
        assert "Compare" not in footer(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


def test_snapshot_marked_quotes(snap_compare, stable_db):
    async def run(pilot):
        await mark_two(pilot)

    assert snap_compare(make_app(stable_db), terminal_size=SIZE, run_before=run)


# -- 2. exporting search results --------------------------------------------------------------------


async def test_ctrl_e_in_the_search_bar_exports_the_results_and_types_nothing(built_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Yusov")
        await settle(pilot)
        assert "Export results" in footer(app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert "Yusov" in dialog.markdown and "Andriy Yusov" in dialog.previewed
        assert dialog.query_one("#export-path", Input).value.endswith(".md")
        await pilot.press("escape")
        assert app.screen.query_one(SearchBar).value == "Yusov"


# -- 3. the palette --------------------------------------------------------------------------------


def test_word_index_ranks_a_label_matching_every_word_above_one_matching_some():
    entries = [
        Entry("Niger", "actor", lambda: None),
        Entry("Mali cuts ties with Ukraine", "source", lambda: None),
        Entry("2024-08 Niger cuts diplomatic ties with Ukraine in solidarity with Mali", "event", lambda: None),
    ]
    ranked = [entry.help for _, entry in WordIndex(entries).rank("Niger cuts")]
    assert ranked[0] == "event"
    assert [entry.help for _, entry in WordIndex(entries).rank("niger")][0] == "actor"  # a name it all covers
    assert WordIndex(entries).rank("qqq zzz") == []


def test_word_index_forgives_a_typo_and_an_unfinished_word():
    entries = [Entry("Tinzaouaten", "actor", lambda: None), Entry("Wagner Group", "actor", lambda: None)]
    assert WordIndex(entries).rank("Tinzaouatn")[0][1].label == "Tinzaouaten"
    assert WordIndex(entries).rank("wag")[0][1].label == "Wagner Group"


def test_the_catalog_of_every_item_ranks_as_its_entries_do(built_db):
    session = Session(built_db)
    catalog = Catalog(session.catalog(), lambda kind, item_id, label: (kind, item_id))
    session.close()
    entries = [catalog[i] for i in range(len(catalog))]
    for query in ("Niger cuts", "Yusov", "wagner convoy Tinzaouaten", "Mali -", "minis"):
        by_catalog = [(score, entry.label, entry.run()) for score, entry in WordIndex(catalog).rank(query)]
        assert by_catalog == [(score, entry.label, entry.run()) for score, entry in WordIndex(entries).rank(query)]
        assert by_catalog, query


async def palette_hits(pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.4)
    command_list = pilot.app.screen.query_one(CommandList)
    return [command_list.get_option_at_index(i).hit.text for i in range(command_list.option_count)]


async def test_the_palette_finds_its_own_commands_and_runs_them(built_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, "actors", "Andriy Yusov")
        hits = await palette_hits(pilot, "compare")
        assert hits[0] == "Compare"
        assert any(h.startswith("Compare: Andriy Yusov") for h in hits)
        await pilot.press("escape")
        hits = await palette_hits(pilot, "export")
        assert hits[0] == "Export"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)


async def test_the_palette_offers_themes(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Theme" in await palette_hits(pilot, "theme")


async def test_the_palette_jumps_to_the_event_matching_every_word(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(pilot, "Niger cuts")
        assert "Niger cuts diplomatic ties" in hits[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(DetailPanel).border_title.startswith("Event · Niger cuts diplomatic ties")


# -- 4. searching and filters ------------------------------------------------------------------------


async def test_a_new_search_starts_from_the_whole_dossier_and_ctrl_f_applies_the_filters(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("actor", actor_id(built_db, "Andriy Yusov"), "Andriy Yusov")  # as the palette does
        await settle(pilot)
        await pilot.press("slash", *"Tinzawaten")
        await settle(pilot)
        assert labels(app, "events") == ["Tuareg rebels and JNIM ambush Malian army and Wagner convoy near Tinzaouaten"]
        bar = app.screen.query_one(SearchBar)
        assert "ctrl+f: within" in str(bar.border_title) and "Andriy Yusov" in str(bar.border_title)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert labels(app, "events") == [None]  # within Yusov's filter, nothing matches
        assert "within the filter" in str(pane(app, "events").get_option_at_index(0).prompt)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert len(labels(app, "events")) == 1
        await pilot.press("escape")  # clears the search; the filter put aside comes back
        await settle(pilot)
        assert "actor: Andriy Yusov" in text_of(app, "#chips")


async def test_a_narrow_search_shows_the_pane_that_has_hits(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"barbaric")
        await settle(pilot)
        shown = [p for p in app.screen.query(ListPane) if p.display]
        assert [p.id for p in shown] == ["sources"]
        assert labels(app, "sources")[0] is not None


# -- 5. the compare screen ------------------------------------------------------------------------------


async def test_four_compare_columns_fit_160_columns(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_yusov_compare(pilot)
        columns = list(app.screen.query(Column))
        assert len(columns) == 4
        assert all(c.region.right <= SIZE[0] and c.region.width >= 30 for c in columns)


async def test_l_scrolls_a_whole_column_and_p_brings_the_pivot_into_view(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_yusov_compare(pilot)
        screen = app.screen
        scroller = screen.query_one("#columns")
        columns = list(screen.query(Column))
        assert scroller.max_scroll_x > 0  # four columns do not fit 120 columns
        await pilot.press("l")
        await pilot.pause()
        assert scroller.scroll_x == columns[1].virtual_region.x
        await pilot.press("h")
        await pilot.pause()
        assert scroller.scroll_x == 0
        for _ in range(4):
            await pilot.press("p")
            await pilot.pause()
            pivot = screen.query_one(f"#col-{screen.view.pivot}", Column)
            assert scroller.region.contains_region(pivot.region)


async def test_the_compare_title_leads_with_counts_and_names_the_pivot_by_outlet_and_date(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_yusov_compare(pilot)
        title = str(app.screen.query_one("#compare-title", Static).render())
        assert title[:80].startswith(" Compare · 4 renderings · ")
        pivot = app.screen.view.renderings[app.screen.view.pivot]
        assert f"pivot: {source_name(pivot.outlet, pivot.published, None)} · " in title
        bar = app.screen.query_one(KeyBar)
        assert len(bar.shown) >= 5 and all(key and label for key, label in bar.shown)
        assert len(str(bar.render())) <= 80  # no key is cut to a bare letter: it is left out whole


# -- 6. figures -------------------------------------------------------------------------------------------


async def test_figures_are_a_table_with_the_whole_figure_first_at_80_columns(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_yusov_compare(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        table = app.screen.query_one(DataTable)
        first = table.ordered_columns[0]
        assert str(first.label) == "Figure"
        figures = [str(table.get_cell_at((row, 0))) for row in range(table.row_count)]
        assert "47" in figures and first.get_render_width(table) - 2 * table.cell_padding >= max(map(len, figures))
        assert table.region.right <= 80


def test_snapshot_figures_narrow(snap_compare, stable_db):
    async def run(pilot):
        await open_yusov_compare(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(make_app(stable_db), terminal_size=(80, 24), run_before=run)


# -- 7. names and wording ------------------------------------------------------------------------------------


def test_a_source_is_named_by_outlet_and_date_then_as_much_title_as_fits():
    title = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations"
    assert source_name("Kyiv Independent", "2024-08-04", title, 30) == "Kyiv Independent · 4 Aug 2024"
    assert source_name("Kyiv Independent", "2024-08-04", title, 60) == "Kyiv Independent · 4 Aug 2024 · Mali cuts Diplomatic Ties…"
    # Without an outlet, the date does not tell sources apart: some of the title stays.
    assert source_name(None, None, title, 20).startswith("undated · Mali cuts")


def test_an_untitled_source_is_named_by_its_outlet_once():
    label = Source(1, "kp-1", None, "Kyiv Post", None, "2024-08-04", None).label
    assert source_name("Kyiv Post", "2024-08-04", label) == "Kyiv Post · 4 Aug 2024"
    # Without an outlet, the label (by slug) is what tells it apart.
    bare = Source(2, "002-note", None, None, None, None, None).label
    assert source_name(None, None, bare) == "undated · untitled 002-note"


def test_shorten_cuts_at_a_word_and_counted_agrees_in_number():
    assert shorten("Mali has announced that it has cut", 24) == "Mali has announced that…"
    assert shorten("short", 24) == "short"
    assert counted(1, "rendering") == "1 rendering" and counted(5, "rendering") == "5 renderings"
    assert counted(2, "utterance") == "2 utterances"


def test_spellings_that_differ_only_in_their_apostrophe_are_one(built_db):
    assert spelling_key("Mali’s government") == spelling_key("MALI'S GOVERNMENT")
    assert spelling_key("Tinzaouatène") != spelling_key("Tinzaouatene")
    db = store.open_db(built_db)
    mali = next(a for a in store.list_actors(db) if a.name == "Government of Mali")
    spellings = [s.alias for s in views.actor_view(db, mali.id).spellings]
    db.conn.close()
    keys = [spelling_key(s) for s in spellings]
    assert len(keys) == len(set(keys)) and spelling_key("Mali’s government") in keys


async def test_the_actor_card_speaks_plainly_and_rows_lead_with_the_date(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_actor(pilot, "Government of Mali")
        body = text_of(app, "#detail-body")
        assert "(s)" not in body and "(0)" not in body
        assert "renderings of" in body and "also known as Government of Mali" in body
        quotes = [r for r in rows(app) if r.lstrip(MARK_SIGN + " ").startswith("quote")]
        assert quotes and all(" 2024 · " in r[:40] or "undated · " in r[:40] for r in quotes)


# -- 8. keys that apply ----------------------------------------------------------------------------------------


async def test_r_on_an_event_span_reads_that_span_source_from_the_top(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "events", "Wagner fighters seize Bakhmut")
        span = app.screen.query_one(SpanList).current_span
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.source.id == span.source_id


async def test_keys_that_do_not_apply_are_neither_shown_nor_run(built_db):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # an event: nothing to compare, no source to open or read
        await settle(pilot)
        active = {b.binding.action for b in app.screen.active_bindings.values()}
        assert not {"compare", "open_source", "read_source", "export_results"} & active
        await pilot.press("r", "o", "c")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("3")  # a source: o and r apply
        await settle(pilot)
        active = {b.binding.action for b in app.screen.active_bindings.values()}
        assert {"open_source", "read_source"} <= active


# -- 10. help from the bindings, keys remapped by id ------------------------------------------------------------


PLACES = (MainScreen, ListPane, SpanList, SearchBar, CompareScreen, FiguresScreen, ReaderScreen, DossierApp)


def test_every_binding_has_an_id_and_says_what_it_does():
    from textual.binding import Binding

    for cls in PLACES:
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
            assert binding.id and (binding.tooltip or binding.description), (cls.__name__, binding)


async def test_help_is_made_from_the_bindings_and_shows_remapped_keys(built_db, config_dir):
    from textual.binding import Binding

    (config_dir / config.FILE_NAME).write_text('[keys]\n"main.search" = "s"\n', encoding="utf-8")
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # remapped
        assert app.screen.query_one(SearchBar).has_focus
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=400, record=True, file=io.StringIO())
        for static in app.screen.query(Static):
            console.print(static.content)
        shown = console.export_text()
        for cls in PLACES:
            for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
                assert binding.id in shown and (binding.tooltip or binding.description) in shown
        search_row = next(line for line in shown.splitlines() if "main.search" in line)
        assert search_row.lstrip().startswith("s ")


# -- 11. the theme --------------------------------------------------------------------------------------------------


async def test_the_theme_chosen_is_there_at_the_next_run(built_db, config_dir):
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert config.load().theme == "nord"
    assert (config_dir / config.FILE_NAME).exists()
    again = make_app(built_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_an_unreadable_settings_file_is_told_and_the_defaults_used(built_db, config_dir):
    (config_dir / config.FILE_NAME).write_text("theme = [", encoding="utf-8")
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.settings.problem and app.theme == "textual-dark"
        assert any("using the defaults" in str(n.message) for n in app._notifications)


def test_rows_are_coloured_with_theme_variables_not_colour_names():
    from dossier.model import Actor

    row, _ = actor_row(Actor(1, "x", "Andriy Yusov", "person", None, mentions=3, quotes=2, events=1))
    styles = [str(span.style) for span in row.spans]
    assert styles and all(s.startswith("$") or s in ("dim", "bold") for s in styles)


@pytest.fixture
def stable_db(built_db, monkeypatch):
    """Run from the database's folder so the status line shows a stable relative path."""
    monkeypatch.chdir(built_db.parent)
    return "dossier.db"


# -- 9. lag: long lists are added a page at a time ----------------------------------------------------------------


async def test_a_long_detail_list_is_added_a_page_at_a_time_as_the_cursor_goes_down(built_db, monkeypatch):
    from dossier.tui import detail

    monkeypatch.setattr(detail, "PAGE", 10)
    app = make_app(built_db)
    async with app.run_test(size=SIZE) as pilot:
        spans = await open_actor(pilot, "Ukraine")  # 1 quote and 43 mentions
        assert spans.option_count == 11 and "more below" in str(spans.get_option_at_index(10).prompt)
        await pilot.press("end")
        await settle(pilot)
        assert spans.option_count > 11
        for _ in range(10):
            await pilot.press("end")
            await settle(pilot)
        assert spans.option_count == 44 and spans.get_option_at_index(43).span.kind == "mention"
