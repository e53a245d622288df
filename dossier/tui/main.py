"""The main screen: linked panes, one per kind of item, a detail view, search as you type,
filter chips, marked quotes.

The screen owns the state (filters, query, marks) and coordinates the panes: panes post
messages, the screen runs database work in exclusive workers and tells each pane what to
show. Nothing here touches the database on the UI thread, and the detail's rows are drawn in
the worker too. Every key applies only where `check_action` says so: one that does not apply
is neither shown in the footer nor run.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from dossier.errors import DossierError
from dossier.session import PANE_ROWS, Change, Session, Snapshot
from dossier.text import shorten, visible
from dossier.tui import config
from dossier.tui.detail import DetailPanel, Rendered, Row, SpanList, more_rows, render
from dossier.tui.keybar import KeyBar
from dossier.tui.palette import Catalog, Entry, WordIndex
from dossier.tui.panes import ListPane
from dossier.tui.threads import thread_worker
from dossier.views import KIND, KINDS, ActorView, EventView, Filter, More, SourceView, Span

NARROW = 110  # below this many columns, one pane shows at a time
VIEW_CACHE = 16  # detail views kept drawn, so going back to an item costs nothing
CHANGE_CHECK_S = 2.0  # how often the screen asks whether another process wrote to the dossier

AnyView = ActorView | EventView | SourceView


class SearchBar(Input):
    """The search input; esc clears it, ctrl+f switches between everything and the filters."""

    BINDINGS = [
        Binding("escape", "clear_search", "Clear", id="search.clear",
                tooltip="Clear the search (the filters put aside come back)"),
        Binding("ctrl+f", "screen.toggle_filters('within')", "Within filters", id="search.filters",
                tooltip="Search within the filters that were set, or everything again"),
        Binding("ctrl+f", "screen.toggle_filters('everything')", "Everything", id="search.filters",
                tooltip="Search within the filters that were set, or everything again"),
        Binding("enter", "submit", "Keep results", show=False, id="search.keep",
                tooltip="Keep the results and go to the pane with the best hits"),
    ]

    class Cleared(Message):
        """The user cleared the search."""

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())


class MainScreen(Screen[None]):
    """Actors, events and sources, linked; the detail of the highlighted item below."""

    BINDINGS = [
        Binding("slash", "search", "Search", id="main.search",
                tooltip="Search as you type across all panes, from the whole dossier"),
        Binding("tab", "focus_next_pane", "Pane", id="main.next_pane", tooltip="Next pane, then the detail's spans"),
        Binding("shift+tab", "focus_previous_pane", "Previous pane", show=False, id="main.previous_pane",
                tooltip="Previous pane"),
        *(
            Binding(k.key, f"focus_pane('{k.plural}')", k.title, show=False, id=f"main.{k.plural}",
                    tooltip=f"The {k.title} pane")
            for k in KINDS
        ),
        Binding("4", "focus_spans", "Detail", show=False, id="main.detail", tooltip="The detail's list of spans"),
        Binding("escape", "pop_filter", "Back", show=False, id="main.back",
                tooltip="Pop the last filter, then clear the search"),
        # One key, two meanings, and the footer says which: the marked pair when two quotes
        # are marked, else what is highlighted.
        Binding("c", "compare_marked", "Compare 2 marked", id="main.compare",
                tooltip="Compare what is highlighted: a quote's renderings (rows marked ≈), or an actor's most "
                "rendered utterance; when two quotes are marked, compare those two"),
        Binding("c", "compare", "Compare", id="main.compare",
                tooltip="Compare what is highlighted: a quote's renderings (rows marked ≈), or an actor's most "
                "rendered utterance; when two quotes are marked, compare those two"),
        *(
            Binding("x", f"clear_marks({n})", f"{n} marked", id="main.clear_marks",
                    tooltip="Clear the marked quotes (the footer counts them)")
            for n in (1, 2)
        ),
        Binding("o", "open_source", "Open", show=False, id="main.open",
                tooltip="In Sources: open the highlighted source in the reader"),
        Binding("r", "read_source", "Read", show=False, id="main.read",
                tooltip="Read from the top the source in the detail, or the source of the highlighted span"),
        Binding("e", "export", "Export", id="main.export", tooltip="Export the detail shown to Markdown"),
        Binding("ctrl+e", "export_results", "Export results", priority=True, id="main.export_results",
                tooltip="Export the search results to Markdown (from the search bar too)"),
        Binding("v", "review", "Review", show=False, id="main.review",
                tooltip="The review queue: accept, reject, merge, rename what extraction proposed"),
        Binding("question_mark", "help", "Help", id="main.help", tooltip="Every key, where it works, and its id"),
        Binding("q", "app.quit", "Quit", id="main.quit", tooltip="Quit"),
    ]

    marked: var[tuple[Span, ...]] = var((), init=False)  # quotes marked with space, at most two

    class SessionReady(Message):
        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    class CatalogReady(Message):
        def __init__(self, items: WordIndex, groups: list[tuple[int, str, int]]) -> None:
            super().__init__()
            self.items = items
            self.groups = groups

    class SnapshotReady(Message):
        def __init__(self, snapshot: Snapshot, query: str) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.query = query

    class ViewReady(Message):
        def __init__(self, key: tuple[str, int, str], view: AnyView, rendered: Rendered, focus: bool) -> None:
            super().__init__()
            self.key = key  # (kind, id, why)
            self.view = view
            self.rendered = rendered
            self.focus = focus

    class MoreReady(Message):
        """A page more of the detail's spans, drawn, for the "more" row that asked for it."""

        def __init__(self, more: More, rows: list[Row]) -> None:
            super().__init__()
            self.more = more
            self.rows = rows

    class ReaderReady(Message):
        def __init__(self, view: SourceView, at: Span | None) -> None:
            super().__init__()
            self.view = view
            self.at = at

    class CompareReady(Message):
        def __init__(self, view, marked: bool) -> None:
            super().__init__()
            self.view = view
            self.marked = marked  # the comparison of the marked quotes: they are cleared

    class FiguresReady(Message):
        def __init__(self, rows: list[dict]) -> None:
            super().__init__()
            self.rows = rows

    class ExportBegun(Message):
        def __init__(self, dialog, beginning: str) -> None:
            super().__init__()
            self.dialog = dialog  # the dialog that asked for it
            self.beginning = beginning  # the export's first lines, the rest still being made

    class ExportReady(Message):
        def __init__(self, dialog, markdown: str, name: str) -> None:
            super().__init__()
            self.dialog = dialog  # the dialog that asked for it
            self.markdown = markdown
            self.name = name

    class Failed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    class DossierChanged(Message):
        """Another process wrote to the dossier (an ingest, a merge)."""

        def __init__(self, change: Change) -> None:
            super().__init__()
            self.change = change

    def __init__(self, db_path) -> None:
        super().__init__()
        self.db_path = db_path
        self.session: Session | None = None
        self.filters: list[Filter] = []
        self.aside: list[Filter] = []  # filters a new search put aside; ctrl+f or esc brings them back
        self.query_text = ""
        self.snapshot: Snapshot | None = None
        self._items: WordIndex | None = None  # the palette's index of every item
        self._groups: list[tuple[int, str, int]] = []
        self._last_pane = KINDS[0].plural
        self._jump: tuple[str, int] | None = None  # an item to highlight once lists arrive
        self._wanted: tuple[str, int, str] | None = None  # the detail last asked for
        self._views: OrderedDict[tuple[str, int, str, int], tuple[AnyView, Rendered]] = OrderedDict()
        self._binding_state: tuple = ()
        self._warm = False  # warm up once the first rows are drawn
        # kind -> (the filters and query its pane lists under, how many rows it asked for):
        # scrolling to a pane's end asks for more, a new filter or query starts again.
        self._rows: dict[str, tuple[tuple, int]] = {}
        self._checking = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text(f" dossier · {self.db_path} · loading…"), id="status")
        kinds = ", ".join(k.plural for k in KINDS)
        yield SearchBar(placeholder=f"search {kinds}…  (esc clears)", id="search")
        yield Static(Text(""), id="chips")
        with Horizontal(id="panes"):
            for spec in KINDS:
                yield ListPane(spec)
        yield DetailPanel(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one(f"#{KINDS[0].plural}").focus()
        self._apply_width(self.size.width)
        self.open_session()
        self.set_timer(3.0, gc.enable)  # the collector is back even if the first rows never come

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        self._title_panes()

    def _title_panes(self) -> None:
        narrow = self.has_class("-narrow")
        for pane in self.query(ListPane):
            if not narrow:
                pane.border_title = pane.title
                continue
            # One pane shows at a time when narrow: its title says which, and where the others are.
            parts: list = []
            for k in KINDS:
                parts += [" · "] if parts else []
                parts.append((f"{k.key} {k.title}", "bold reverse" if k.plural == pane.id else "dim"))
            pane.border_title = Content.assemble(*parts)

    def _show_pane(self, shown: ListPane) -> None:
        """The pane a narrow screen shows."""
        for pane in self.query(ListPane):
            pane.set_class(pane is shown, "-shown")

    # -- which keys apply ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, SearchBar)  # there, / is a character to search for
        if action == "compare":
            return len(self.marked) < 2 and self._comparable() is not None
        if action == "compare_marked":
            return len(self.marked) == 2
        if action == "clear_marks":
            return parameters == (len(self.marked),)
        if action == "open_source":
            return self._focused_source() is not None
        if action == "read_source":
            return self._source_to_read() is not None
        if action == "export":
            return self.query_one(DetailPanel).view is not None
        if action == "export_results":
            return bool(self.query_text.strip())
        if action == "toggle_filters":  # the footer shows the variant that applies
            return bool(self.aside) if parameters == ("within",) else bool(self.filters and not self.aside)
        return True

    def _sync_bindings(self) -> None:
        """Refresh the footer when what applies has changed (not on every cursor move)."""
        state = (
            len(self.marked),
            self._comparable(),
            self._focused_source(),
            self._source_to_read(),
            self.query_one(DetailPanel).view is not None,
            bool(self.query_text.strip()),
            bool(self.aside),
            bool(self.filters),
            self.query_one(SpanList).current_more is not None,  # enter lists more there
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _comparable(self) -> int | None:
        """The quote group `c` compares: the highlighted span's, or the highlighted actor's most rendered."""
        focused = self.focused
        if isinstance(focused, SpanList):
            span = focused.current_span
            return span.group if span is not None else None
        view = self.query_one(DetailPanel).view
        if isinstance(focused, ListPane) and focused.kind == "actor" and isinstance(view, ActorView):
            if focused.current is not None and focused.current.item_id == view.actor.id:
                return view.totals["top_group"]
        return None

    def _focused_source(self) -> int | None:
        pane = self.focused
        if isinstance(pane, ListPane) and pane.kind == "source" and pane.current is not None:
            return pane.current.item_id
        return None

    def _source_to_read(self) -> int | None:
        """The source `r` reads from the top: the highlighted span's, or the one in the detail."""
        if isinstance(self.focused, SpanList) and self.focused.current_span is not None:
            return self.focused.current_span.source_id
        view = self.query_one(DetailPanel).view
        if isinstance(view, SourceView):
            return view.source.id
        return self._focused_source()

    # -- workers: all database work happens here, off the UI thread -------------------------

    @thread_worker(exclusive=True, group="session")
    def open_session(self) -> None:
        try:
            session = Session(self.db_path)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.SessionReady(session))

    @thread_worker(group="changes")  # never exclusive: a cancelled check could swallow a change
    def check_changes(self) -> None:
        """Has another process written to the dossier? A cheap check, every few seconds."""
        if self.session is None:
            return
        try:
            change = self.session.changes()
        except DossierError:
            return  # the next check tries again; reading errors surface where data is read
        if change is not None:
            self.post_message(self.DossierChanged(change))

    @thread_worker(exclusive=True, group="warm")
    def warm_up(self) -> None:
        """After the first lists: the search index and the palette's index of every item."""
        assert self.session is not None
        try:
            self.session.warm_up()
            catalog = self.session.catalog()
            groups = self.session.groups()
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        items = WordIndex(Catalog(catalog, self.jump_to))
        self.post_message(self.CatalogReady(items, groups))

    @thread_worker(exclusive=True, group="lists")
    def load_lists(self, filters: list[Filter], query: str, rows: dict[str, int]) -> None:
        assert self.session is not None
        try:
            snapshot = self.session.snapshot(filters, query, rows)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.SnapshotReady(snapshot, query))

    def show_view(self, kind: str, item_id: int, focus: bool = False) -> None:
        """Show an item's detail: at once when it was drawn lately, else from a worker."""
        key = (kind, item_id, self._why(kind, item_id))
        self._wanted = key
        detail = self.query_one(DetailPanel)
        width = detail.where_width
        cached = self._views.get((*key, width))
        if cached is not None:
            self._views.move_to_end((*key, width))
            self._show(*cached, focus)
        elif self.session is not None:
            self.load_view(key, width, focus)

    @thread_worker(exclusive=True, group="detail")
    def load_view(self, key: tuple[str, int, str], width: int, focus: bool) -> None:
        assert self.session is not None
        kind, item_id, why = key
        try:
            view = self.session.view(kind, item_id)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.ViewReady(key, view, render(view, why, width), focus))

    @thread_worker(exclusive=True, group="more")
    def load_more(self, more: More, width: int) -> None:
        """A page more of the detail's spans of one kind (enter on its "more" row)."""
        if self.session is None:
            return
        try:
            spans, sources, rest = self.session.more_spans(more)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.MoreReady(more, more_rows(spans, sources, rest, width)))

    @thread_worker(exclusive=True, group="reader")
    def load_reader(self, source_id: int, at: Span | None) -> None:
        if self.session is None:
            return
        try:
            view = self.session.view("source", source_id)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        assert isinstance(view, SourceView)
        self.post_message(self.ReaderReady(view, at))

    @thread_worker(exclusive=True, group="compare")
    def load_compare(self, group_id: int | None, quote_ids: list[int] | None = None) -> None:
        if self.session is None:
            return
        try:
            view = self.session.compare(group_id, quote_ids)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.CompareReady(view, marked=quote_ids is not None))

    @thread_worker(exclusive=True, group="figures")
    def load_figures(self, source_ids: list[int]) -> None:
        if self.session is None:
            return
        try:
            rows = self.session.figures(source_ids)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.FiguresReady(rows))

    @thread_worker(exclusive=True, group="export")
    def load_export(self, dialog, view=None, query: str | None = None) -> None:
        """Markdown for a view, or for the results of a search, for the dialog waiting for it."""
        if self.session is None:
            return
        try:
            if query is not None:
                view = self.session.search(query, limit=50)
            markdown, name = self.session.markdown(view, lambda text: self.post_message(self.ExportBegun(dialog, text)))
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.ExportReady(dialog, markdown, name))

    def _why(self, kind: str, item_id: int) -> str:
        results = self.snapshot.results if self.snapshot else None
        if results is None:
            return ""
        for hit in getattr(results, KIND[kind].plural):
            if hit.id == item_id:
                return hit.matched if isinstance(hit.matched, str) else ", ".join(hit.matched)
        return ""

    # -- results arriving -------------------------------------------------------------------

    def on_main_screen_session_ready(self, message: SessionReady) -> None:
        if self.session is not None and self.session is not message.session:
            self.session.close()  # reopened after a review: the old connection reads a replaced file
        self.session = message.session
        c = self.session.counts
        self._show_status()
        self.forget_views()  # a session reopened after a review reads a rebuilt dossier
        if not self._checking:  # a session reopened after a review keeps the one timer
            self._checking = True
            self.set_interval(CHANGE_CHECK_S, self.check_changes)
        if c.sources == 0 and c.actors == 0:
            self.query_one(DetailPanel).message(
                "This dossier is empty. Add articles with `dossier ingest FILE...`, "
                "or build the shipped dossier with `dossier build`."
            )
        self._warm = True  # the search index and the palette's items: after the first rows
        self.refresh_lists()

    def _show_status(self) -> None:
        c = self.session.counts
        self.query_one("#status", Static).update(
            Text(f" dossier · {visible(str(self.db_path))} · {c.sources} sources · {c.actors} actors · {c.events} events")
        )

    def on_main_screen_dossier_changed(self, message: DossierChanged) -> None:
        """New data: counts, lists (the highlighted rows stay), details and the search index follow."""
        self._show_status()
        self.forget_views()
        added = message.change.new_sources
        if added > 0:
            self.notify(f"{added} new source{'' if added == 1 else 's'}", title="Dossier updated", markup=False)
        self.refresh_lists()
        self.warm_up()

    def on_main_screen_catalog_ready(self, message: CatalogReady) -> None:
        self._items = message.items
        self._groups = message.groups
        # What the browser holds by now (its widgets, the search index, the palette's items)
        # is set aside from the cyclic collector, which otherwise walks all of it in each full
        # collection: 25-90 ms on the seed dossier, falling on whatever key came next (the
        # export preview's frame, most often). Set aside, it is still freed when no longer
        # referenced; only a cycle of it that becomes garbage later is not collected.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # the process may go on (a test, a script running the app): collect all again
        gc.enable()

    def on_main_screen_snapshot_ready(self, message: SnapshotReady) -> None:
        if message.query != self.query_text:
            return  # a stale search
        self.snapshot = message.snapshot
        lists = message.snapshot.lists
        if self._warm:
            self._warm = False
            self.warm_up()
            gc.enable()  # paused from the launch to the first rows (tui.start.browse)
        searching = bool(message.query.strip())
        if searching:
            why = f"nothing matches “{visible(message.query)}”" + (" within the filter" if self.filters else "")
        else:
            why = "nothing linked to the filter"
        for spec in KINDS:
            pane = self.query_one(f"#{spec.plural}", ListPane)
            empty = f"No {spec.plural}: {why}." if (searching or self.filters) else f"No {spec.plural} in this dossier yet."
            pane.show(lists.rows[spec.name], lists.totals[spec.name], empty, self._terms(message))
            if self._jump and self._jump[0] == spec.name:
                pane.highlight_id(self._jump[1])
                self._jump = None
        if isinstance(self.focused, ListPane):
            self._show_detail_of_focus()
        elif searching:
            # Typing in the search bar: the detail follows the best hit, never a stale item,
            # and a narrow screen shows a pane that has hits.
            best = next((spec for spec in KINDS if lists.rows[spec.name]), None)
            if best is not None:
                self.show_view(best.name, lists.rows[best.name][0].id)
                shown = next((p for p in self.query(ListPane) if p.has_class("-shown")), None)
                if shown is None or not lists.rows[shown.kind]:
                    self._show_pane(self.query_one(f"#{best.plural}", ListPane))
        if searching and not any(lists.rows.values()):
            self.query_one(DetailPanel).message(
                f"Nothing matches “{visible(message.query)}”. Try fewer words, a shorter form of a name, "
                "or esc to clear the search."
            )
        self._sync_bindings()

    @staticmethod
    def _terms(message: SnapshotReady) -> frozenset[str]:
        """The words to mark in the rows: what was typed and every expansion of it."""
        results = message.snapshot.results
        if results is None:
            return frozenset()
        from dossier.search import parse_query  # loaded with the search index, not at startup

        words = set(parse_query(message.query).words)
        for extra in results.expansions.values():
            for phrase in extra:
                words.update(phrase.split())
        return frozenset(w for w in words if len(w) > 1)

    def on_main_screen_view_ready(self, message: ViewReady) -> None:
        width = self.query_one(DetailPanel).where_width
        self._views[(*message.key, width)] = (message.view, message.rendered)
        while len(self._views) > VIEW_CACHE:
            self._views.popitem(last=False)
        if message.key == self._wanted:
            self._show(message.view, message.rendered, message.focus)

    def _show(self, view: AnyView, rendered: Rendered, focus: bool) -> None:
        detail = self.query_one(DetailPanel)
        if detail.view is not view:  # the same drawn view again (enter on what is shown) costs nothing
            detail.show(view, rendered, frozenset(m.ref for m in self.marked if m.ref is not None))
        if focus:
            self.query_one(SpanList).focus()
        self._sync_bindings()

    def forget_views(self) -> None:
        """Drop the details drawn so far (call when the dossier's data changed)."""
        self._views.clear()

    @on(SpanList.MoreWanted)
    def on_more_wanted(self, message: SpanList.MoreWanted) -> None:
        self.load_more(message.more, self.query_one(DetailPanel).where_width)

    def on_main_screen_more_ready(self, message: MoreReady) -> None:
        self.query_one(SpanList).insert_page(message.more, message.rows)

    def on_main_screen_compare_ready(self, message: CompareReady) -> None:
        from dossier.tui.compare import CompareScreen  # loads rapidfuzz: on the first comparison

        self.app.push_screen(
            CompareScreen(
                message.view,
                on_open=lambda span: self.load_reader(span.source_id, span),
                on_export=lambda view: self._export(view),
                on_figures=lambda source_ids: self.load_figures(source_ids),
            )
        )
        if message.marked:
            self.marked = ()  # compared: the marks have done their work

    def on_main_screen_figures_ready(self, message: FiguresReady) -> None:
        from dossier.tui.modals import FiguresScreen  # the modals (and DataTable) load when first shown

        self.app.push_screen(FiguresScreen(message.rows))

    def on_main_screen_reader_ready(self, message: ReaderReady) -> None:
        self._read(message.view, message.at)

    def _read(self, view: SourceView, at: Span | None) -> None:
        from dossier.tui.reader import ReaderScreen  # loaded on the first reading, not before the first frame

        self.app.push_screen(ReaderScreen(view, at))

    def on_main_screen_failed(self, message: Failed) -> None:
        self.query_one("#status", Static).update(Text(f" {message.message}", style="bold red"))
        from dossier.tui.modals import ErrorScreen

        self.app.push_screen(ErrorScreen("Cannot read the dossier", message.message))

    # -- marks and comparing --------------------------------------------------------------------

    @on(SpanList.Marked)
    def on_span_marked(self, message: SpanList.Marked) -> None:
        span = message.span
        if any(m.ref == span.ref for m in self.marked):
            self.marked = tuple(m for m in self.marked if m.ref != span.ref)
        else:
            self.marked = (*self.marked[-1:], span)  # keep the last two

    def watch_marked(self, marked: tuple[Span, ...]) -> None:
        self.query_one(SpanList).show_marks(frozenset(m.ref for m in marked if m.ref is not None))
        self._sync_bindings()

    @on(SpanList.Moved)
    def on_span_moved(self, _: SpanList.Moved) -> None:
        self._sync_bindings()

    def action_compare(self) -> None:
        """c: the highlighted quote's renderings, or the highlighted actor's most rendered utterance."""
        group = self._comparable()
        if group is not None:
            self.load_compare(group)

    def action_compare_marked(self) -> None:
        """c with two quotes marked: those two side by side, grouped or not."""
        self.load_compare(None, [m.ref for m in self.marked if m.ref is not None])

    def action_clear_marks(self, _count: int) -> None:
        self.marked = ()

    # -- export -----------------------------------------------------------------------------------

    def action_export(self) -> None:
        """e: the detail shown."""
        view = self.query_one(DetailPanel).view
        if view is not None:
            self._export(view)

    def action_export_results(self) -> None:
        """ctrl+e: the search results."""
        if self.query_text.strip():
            self._export(query=self.query_text)

    def _export(self, view=None, query: str | None = None) -> None:
        """Open the dialog at once; the Markdown follows from a worker."""
        from dossier.export import write_markdown  # loaded on the first export, not before the first frame
        from dossier.tui.export import ExportDialog

        def done(path) -> None:
            if path is not None:
                self.notify(f"Wrote {path}", title="Exported", markup=False)

        dialog = ExportDialog(write_markdown, start=lambda: self.load_export(dialog, view, query))
        self.app.push_screen(dialog, done)

    def on_main_screen_export_begun(self, message: ExportBegun) -> None:
        if message.dialog is self.app.screen:
            message.dialog.begin(message.beginning)

    def on_main_screen_export_ready(self, message: ExportReady) -> None:
        if message.dialog is self.app.screen:  # still open (esc may have closed it meanwhile)
            message.dialog.ready(message.markdown, message.name)

    # -- linking ------------------------------------------------------------------------------

    def refresh_lists(self) -> None:
        if self.session is not None:
            self.load_lists(list(self.filters), self.query_text, {k.name: self._rows_wanted(k.name) for k in KINDS})
        self._show_chips()

    def _list_key(self, kind: str) -> tuple:
        return (tuple(f for f in self.filters if f.kind != kind), self.query_text)

    def _rows_wanted(self, kind: str) -> int:
        """How many rows a pane lists: a first page, and a page more each time its end was reached."""
        key, rows = self._rows.get(kind, ((), PANE_ROWS))
        return rows if key == self._list_key(kind) else PANE_ROWS

    @on(ListPane.EndReached)
    def on_pane_end_reached(self, message: ListPane.EndReached) -> None:
        kind = message.pane.kind
        self._rows[kind] = (self._list_key(kind), self._rows_wanted(kind) + PANE_ROWS)
        self.refresh_lists()

    @on(ListPane.Highlighted)
    def on_pane_highlighted(self, message: ListPane.Highlighted) -> None:
        if not message.pane.has_focus:
            return  # moved by a refresh, not by the user
        live = Filter(message.kind, message.item_id, message.label)
        if self.filters and self.filters[-1].kind == message.kind:
            self.filters[-1] = live
        else:
            self.filters.append(live)
        self.refresh_lists()
        self.show_view(message.kind, message.item_id)

    @on(ListPane.Opened)
    def on_pane_opened(self, message: ListPane.Opened) -> None:
        self.show_view(message.kind, message.item_id, focus=True)

    @on(SpanList.OpenSpan)
    def on_open_span(self, message: SpanList.OpenSpan) -> None:
        self.load_reader(message.span.source_id, message.span)

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if isinstance(widget, ListPane):
            self._last_pane = widget.id or KINDS[0].plural
            self._show_detail_of_focus()
            self._show_pane(widget)
        self._sync_bindings()

    def _show_detail_of_focus(self) -> None:
        pane = self.focused if isinstance(self.focused, ListPane) else None
        if pane is not None and pane.current is not None:
            self.show_view(pane.kind, pane.current.item_id)

    def _chips(self, filters: list[Filter]) -> Text:
        chips = Text(no_wrap=True, overflow="ellipsis")
        width = 20 if self.has_class("-narrow") else 36
        for n, f in enumerate(filters):
            if n:
                chips.append(" › ", style="dim")
            chips.append(f" {f.kind}: {shorten(visible(f.label), width)} ", style="reverse")
        return chips

    def _show_chips(self) -> None:
        chips = Text(no_wrap=True, overflow="ellipsis")
        if self.filters:
            chips.append("esc pops · ", style="dim")
            chips.append_text(self._chips(self.filters))
        if self.query_text.strip():
            chips.append(f"   search: “{visible(self.query_text)}”", style="bold")
        widget = self.query_one("#chips", Static)
        widget.update(chips)
        widget.display = bool(chips.plain)
        # The search bar says what it searches, and the key that changes it.
        bar = self.query_one("#search", SearchBar)
        if self.aside:
            title = Text("searching everything · ctrl+f: within ", style="dim")
            title.append_text(self._chips(self.aside))
        elif self.filters:
            title = Text("searching within ", style="dim")
            title.append_text(self._chips(self.filters))
            title.append(" · ctrl+f: everything", style="dim")
        else:
            title = Text("")
        bar.border_title = title
        self._sync_bindings()

    def action_pop_filter(self) -> None:
        if self.filters:
            self.filters.pop()
        elif self.query_text:
            self._clear_search()
            return
        self.refresh_lists()

    # -- search ---------------------------------------------------------------------------------

    def action_search(self) -> None:
        """/: a search from the whole dossier; the filters are put aside (ctrl+f brings them back)."""
        if self.filters:
            self.aside, self.filters = self.filters, []
            self.refresh_lists()
        bar = self.query_one("#search", SearchBar)
        bar.display = True
        bar.focus()
        self._show_chips()

    def action_toggle_filters(self, to: str) -> None:
        """ctrl+f in the search bar: within the filters put aside, or everything again."""
        if to == "within":
            self.filters, self.aside = self.aside, []
        else:
            self.aside, self.filters = self.filters, []
        self.refresh_lists()

    @on(Input.Changed, "#search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refresh_lists()

    @on(Input.Submitted, "#search")
    def on_search_submitted(self, event: Input.Submitted) -> None:
        lists = self.snapshot.lists if self.snapshot else None
        best = KINDS[0].plural
        if lists is not None:
            best = next((k.plural for k in KINDS if lists.rows[k.name]), best)
        self.query_one(f"#{best}", ListPane).focus()

    @on(SearchBar.Cleared)
    def on_search_cleared(self, _: SearchBar.Cleared) -> None:
        self._clear_search()

    def _clear_search(self) -> None:
        bar = self.query_one("#search", SearchBar)
        bar.value = ""
        bar.display = False
        self.query_text = ""
        if self.aside:
            self.filters, self.aside = self.aside, []
        self.query_one(f"#{self._last_pane}", ListPane).focus()
        self.refresh_lists()

    # -- moving around ----------------------------------------------------------------------------

    def action_focus_pane(self, pane_id: str) -> None:
        self.query_one(f"#{pane_id}", ListPane).focus()

    def action_focus_spans(self) -> None:
        self.query_one(SpanList).focus()

    def _cycle(self, step: int) -> None:
        order = [*(k.plural for k in KINDS), "spans"]
        current = self.focused.id if self.focused is not None else None
        index = order.index(current) if current in order else -1
        target = order[(index + step) % len(order)]
        self.query_one(f"#{target}").focus()

    def action_focus_next_pane(self) -> None:
        self._cycle(1)

    def action_focus_previous_pane(self) -> None:
        self._cycle(-1)

    def action_open_source(self) -> None:
        source_id = self._focused_source()
        if source_id is not None:
            self.load_reader(source_id, None)

    def action_read_source(self) -> None:
        view = self.query_one(DetailPanel).view
        source_id = self._source_to_read()
        if isinstance(view, SourceView) and view.source.id == source_id:
            self._read(view, None)
        elif source_id is not None:
            self.load_reader(source_id, None)

    def action_review(self) -> None:
        """v: the review queue; the dossier is read again when anything was decided (a
        rebuild, for an undo, replaces the database file)."""
        from dossier.tui.review import ReviewScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.open_session()

        self.app.push_screen(ReviewScreen(self.db_path), done)

    def action_help(self) -> None:
        from dossier.tui.compare import CompareScreen
        from dossier.tui.modals import FiguresScreen, HelpScreen
        from dossier.tui.reader import ReaderScreen
        from dossier.tui.review import ReviewScreen

        places = [
            ("On the main screen", MainScreen),
            ("In a pane", ListPane),
            ("In the detail's spans", SpanList),
            ("In the search bar", SearchBar),
            ("In a comparison", CompareScreen),
            ("In the figures", FiguresScreen),
            ("In the reader", ReaderScreen),
            ("In the review queue", ReviewScreen),
            ("Anywhere", type(self.app)),
        ]
        keymap = getattr(self.app, "settings", config.Settings()).keys
        note = f"Remap a key by its id (right) in the [keys] table of {config.settings_path()}."
        self.app.push_screen(HelpScreen(places, keymap, note))

    # -- the command palette ------------------------------------------------------------------------

    def palette_items(self) -> tuple[list[Entry], WordIndex | None]:
        """Commands beyond the bindings (clear the filters, each comparison), and every item."""
        extra = [Entry("Clear filters", "show everything", self._clear_filters)]
        extra += [
            Entry(f"Compare: {label}", f"{n} renderings side by side", partial(self.load_compare, group_id))
            for group_id, label, n in self._groups
        ]
        return extra, self._items

    def _clear_filters(self) -> None:
        self.filters.clear()
        self.aside.clear()
        self.refresh_lists()

    def jump_to(self, kind: str, item_id: int, label: str) -> None:
        """Filter everything to one item and show its detail (a new start: the search is cleared)."""
        if self.query_text:
            bar = self.query_one("#search", SearchBar)
            bar.value, bar.display, self.query_text = "", False, ""
        self.aside = []
        self.filters = [Filter(kind, item_id, label)]
        self._jump = (kind, item_id)
        self.query_one(f"#{KIND[kind].plural}", ListPane).focus()
        self.refresh_lists()
        self.show_view(kind, item_id)
