"""The main screen: linked panes, one per kind of item, a detail view, search as you type,
filter chips.

The screen owns the state (filters, query) and coordinates the panes: panes post
messages, the screen runs database work in exclusive workers and tells each pane what to
show. Nothing here touches the database on the UI thread.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from dossier.errors import DossierError
from dossier.text import visible
from dossier.session import Change, Session, Snapshot
from dossier.views import KIND, KINDS, ActorView, EventView, Filter, SourceView, Span
from dossier.tui.compare import CompareScreen
from dossier.tui.detail import DetailPanel, SpanList
from dossier.tui.modals import ErrorScreen, FiguresScreen, HelpScreen
from dossier.tui.panes import ListPane
from dossier.tui.reader import ReaderScreen

NARROW = 110  # below this many columns, one pane shows at a time
CHANGE_CHECK_S = 2.0  # how often the screen asks whether another process wrote to the dossier


class SearchBar(Input):
    """The search input; esc clears it."""

    BINDINGS = [Binding("escape", "clear_search", "Clear search", show=False)]

    class Cleared(Message):
        """The user cleared the search."""

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())


class MainScreen(Screen[None]):
    """Actors, events and sources, linked; the detail of the highlighted item below."""

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("tab", "focus_next_pane", "Pane", priority=False),
        Binding("shift+tab", "focus_previous_pane", "Pane", show=False),
        Binding("escape", "pop_filter", "Pop filter", show=False),
        *(Binding(k.key, f"focus_pane('{k.plural}')", k.title, show=False) for k in KINDS),
        Binding("4", "focus_spans", "Detail", show=False),
        Binding("o", "open_source", "Open", show=False),
        Binding("r", "read_source", "Read", show=False),
        Binding("c", "compare_actor", "Compare", show=False),
        Binding("e", "export", "Export"),
        Binding("v", "review", "Review", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    class SessionReady(Message):
        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    class CatalogReady(Message):
        def __init__(self, catalog: list[tuple[str, int, str]], groups: list[tuple[int, str, int]]) -> None:
            super().__init__()
            self.catalog = catalog
            self.groups = groups

    class SnapshotReady(Message):
        def __init__(self, snapshot: Snapshot, query: str) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.query = query

    class ViewReady(Message):
        def __init__(self, view: ActorView | EventView | SourceView, why: str, focus: bool) -> None:
            super().__init__()
            self.view = view
            self.why = why
            self.focus = focus

    class ReaderReady(Message):
        def __init__(self, view: SourceView, at: Span | None) -> None:
            super().__init__()
            self.view = view
            self.at = at

    class CompareReady(Message):
        def __init__(self, view) -> None:
            super().__init__()
            self.view = view

    class ExportReady(Message):
        def __init__(self, markdown: str, name: str) -> None:
            super().__init__()
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
        self.query_text = ""
        self.snapshot: Snapshot | None = None
        self._catalog: list[tuple[str, int, str]] = []
        self._last_pane = KINDS[0].plural
        self._jump: tuple[str, int] | None = None  # an item to highlight once lists arrive
        self.marked: list[Span] = []  # quotes marked with space for a pairwise comparison
        self._groups: list[tuple[int, str, int]] = []
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one(f"#{KINDS[0].plural}").focus()
        self._apply_width(self.size.width)
        self.open_session()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        for pane in self.query(ListPane):
            # One pane shows at a time when narrow: say where the others are.
            pane.border_title = " · ".join(f"{k.key} {k.title}" for k in KINDS) if narrow else pane.title

    # -- workers: all database work happens here, off the UI thread -------------------------

    @work(thread=True, exclusive=True, group="session")
    def open_session(self) -> None:
        try:
            session = Session(self.db_path)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.SessionReady(session))

    @work(thread=True, group="changes")  # never exclusive: a cancelled check could swallow a change
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

    @work(thread=True, exclusive=True, group="warm")
    def warm_up(self) -> None:
        """After the first lists: the search index and the palette's catalogue."""
        assert self.session is not None
        try:
            self.session.warm_up()
            catalog = self.session.catalog()
            groups = self.session.groups()
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.CatalogReady(catalog, groups))

    @work(thread=True, exclusive=True, group="lists")
    def load_lists(self, filters: list[Filter], query: str) -> None:
        assert self.session is not None
        try:
            snapshot = self.session.snapshot(filters, query)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.SnapshotReady(snapshot, query))

    @work(thread=True, exclusive=True, group="detail")
    def load_view(self, kind: str, item_id: int, focus: bool = False) -> None:
        if self.session is None:
            return
        try:
            view = self.session.view(kind, item_id)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.ViewReady(view, self._why(kind, item_id), focus))

    @work(thread=True, exclusive=True, group="reader")
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

    @work(thread=True, exclusive=True, group="compare")
    def load_compare(self, group_id: int | None, quote_ids: list[int] | None = None) -> None:
        if self.session is None:
            return
        try:
            view = self.session.compare(group_id, quote_ids)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.CompareReady(view))

    class FiguresReady(Message):
        def __init__(self, rows: list[dict]) -> None:
            super().__init__()
            self.rows = rows

    @work(thread=True, exclusive=True, group="figures")
    def load_figures(self, source_ids: list[int]) -> None:
        if self.session is None:
            return
        try:
            rows = self.session.figures(source_ids)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.FiguresReady(rows))

    def on_main_screen_figures_ready(self, message: FiguresReady) -> None:
        self.app.push_screen(FiguresScreen(message.rows))

    @work(thread=True, exclusive=True, group="export")
    def load_export(self, view=None, query: str | None = None) -> None:
        """Markdown for a view, or for the results of a search."""
        if self.session is None:
            return
        try:
            if query is not None:
                view = self.session.search(query, limit=50)
            markdown, name = self.session.markdown(view)
        except DossierError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.ExportReady(markdown, name))

    def action_export(self) -> None:
        """e: the search results while searching, else the detail shown."""
        searching = bool(self.query_text.strip())
        view = self.query_one(DetailPanel).view
        if searching and (self.focused is self.query_one("#search") or view is None):
            self.load_export(query=self.query_text)
        elif view is not None:
            self.load_export(view)
        else:
            self.notify("Nothing to export yet: highlight an item, or search.", markup=False)

    def on_main_screen_export_ready(self, message: ExportReady) -> None:
        # Loaded on the first export, not before the first frame: dossier.export brings search
        # and sqlite-utils, the dialog Textual's Markdown widget.
        from dossier.export import write_markdown
        from dossier.tui.export import ExportDialog

        def done(path) -> None:
            if path is not None:
                self.notify(f"Wrote {path}", title="Exported", markup=False)

        self.app.push_screen(ExportDialog(message.markdown, message.name, write_markdown), done)

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
        self.session = message.session
        c = self.session.counts
        self._show_status()
        if not self._checking:  # a session reopened after a review keeps the one timer
            self._checking = True
            self.set_interval(CHANGE_CHECK_S, self.check_changes)
        if c.sources == 0 and c.actors == 0:
            self.query_one(DetailPanel).message(
                "This dossier is empty. Add articles with `dossier ingest FILE...`, "
                "or build the shipped dossier with `dossier build`."
            )
        self.refresh_lists()
        self.warm_up()

    def _show_status(self) -> None:
        c = self.session.counts
        self.query_one("#status", Static).update(
            Text(f" dossier · {visible(str(self.db_path))} · {c.sources} sources · {c.actors} actors · {c.events} events")
        )

    def on_main_screen_dossier_changed(self, message: DossierChanged) -> None:
        """New data: counts, lists (the highlighted rows stay) and the search index follow."""
        self._show_status()
        added = message.change.new_sources
        if added > 0:
            self.notify(f"{added} new source{'' if added == 1 else 's'}", title="Dossier updated", markup=False)
        self.refresh_lists()
        self.warm_up()

    def on_main_screen_catalog_ready(self, message: CatalogReady) -> None:
        self._catalog = message.catalog
        self._groups = message.groups

    def on_main_screen_snapshot_ready(self, message: SnapshotReady) -> None:
        if message.query != self.query_text:
            return  # a stale search
        self.snapshot = message.snapshot
        lists = message.snapshot.lists
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
            # Typing in the search bar: the detail follows the best hit, never a stale item.
            for spec in KINDS:
                if lists.rows[spec.name]:
                    self.load_view(spec.name, lists.rows[spec.name][0].id)
                    break
        if searching and not any(lists.rows.values()):
            self.query_one(DetailPanel).message(
                f"Nothing matches “{visible(message.query)}”. Try fewer words, a shorter form of a name, "
                "or esc to clear the search."
            )

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
        detail = self.query_one(DetailPanel)
        detail.show(message.view, message.why)
        if message.focus:
            self.query_one(SpanList).focus()

    def on_main_screen_compare_ready(self, message: CompareReady) -> None:
        self.app.push_screen(
            CompareScreen(
                message.view,
                on_open=lambda span: self.load_reader(span.source_id, span),
                on_export=lambda view: self.load_export(view),
                on_figures=lambda source_ids: self.load_figures(source_ids),
            )
        )

    @on(SpanList.Compare)
    def on_span_compare(self, message: SpanList.Compare) -> None:
        if len(self.marked) == 2:
            self.load_compare(None, [s.ref for s in self.marked if s.ref is not None])
        elif message.span.group:
            self.load_compare(message.span.group)
        elif message.span.kind == "quote":
            self.notify(
                "No other source renders this quote. Mark any two quotes with space, then press c to compare them.",
                markup=False,
            )

    @on(SpanList.Marked)
    def on_span_marked(self, message: SpanList.Marked) -> None:
        span = message.span
        if any(m.ref == span.ref for m in self.marked):
            self.marked = [m for m in self.marked if m.ref != span.ref]
        else:
            self.marked = [*self.marked[-1:], span]  # keep the last two
        shown = " and ".join(f"“{visible(m.text)[:30]}”" for m in self.marked)
        self.notify(f"Marked {shown}." + (" Press c to compare." if len(self.marked) == 2 else ""), markup=False)

    def action_compare_actor(self) -> None:
        """c in a pane: the highlighted actor's most-rendered utterance."""
        view = self.query_one(DetailPanel).view
        if isinstance(view, ActorView):
            grouped = [q.group for q in view.quotes if q.group]
            if grouped:
                self.load_compare(max(set(grouped), key=grouped.count))
                return
        self.notify("Nothing to compare here: highlight an actor with ≈ quotes, or a quote in the detail.", markup=False)

    def on_main_screen_reader_ready(self, message: ReaderReady) -> None:
        self.app.push_screen(ReaderScreen(message.view, message.at))

    def on_main_screen_failed(self, message: Failed) -> None:
        self.query_one("#status", Static).update(Text(f" {message.message}", style="bold red"))
        self.app.push_screen(ErrorScreen("Cannot read the dossier", message.message))

    # -- linking ------------------------------------------------------------------------------

    def refresh_lists(self) -> None:
        if self.session is not None:
            self.load_lists(list(self.filters), self.query_text)
        self._show_chips()

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
        self.load_view(message.kind, message.item_id)

    @on(ListPane.Opened)
    def on_pane_opened(self, message: ListPane.Opened) -> None:
        self.load_view(message.kind, message.item_id, focus=True)

    @on(SpanList.OpenSpan)
    def on_open_span(self, message: SpanList.OpenSpan) -> None:
        self.load_reader(message.span.source_id, message.span)

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if isinstance(widget, ListPane):
            self._last_pane = widget.id or KINDS[0].plural
            self._show_detail_of_focus()
            for pane in self.query(ListPane):  # the one a narrow screen shows
                pane.set_class(pane is widget, "-shown")

    def _show_detail_of_focus(self) -> None:
        pane = self.focused if isinstance(self.focused, ListPane) else None
        if pane is not None and pane.current is not None:
            self.load_view(pane.kind, pane.current.item_id)

    def _show_chips(self) -> None:
        chips = Text(no_wrap=True, overflow="ellipsis")
        width = 20 if self.has_class("-narrow") else 36
        if self.filters:
            chips.append("esc pops · ", style="dim")
            for n, f in enumerate(self.filters):
                if n:
                    chips.append(" › ", style="dim")
                label = " ".join(visible(f.label).split())
                label = label if len(label) <= width else label[: width - 1] + "…"
                chips.append(f" {f.kind}: {label} ", style="reverse")
        if self.query_text.strip():
            chips.append(f"   search: “{visible(self.query_text)}”", style="bold")
        widget = self.query_one("#chips", Static)
        widget.update(chips)
        widget.display = bool(chips.plain)

    def action_pop_filter(self) -> None:
        if self.filters:
            self.filters.pop()
        elif self.query_text:
            self._clear_search()
            return
        self.refresh_lists()

    # -- search ---------------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.query_one("#search", SearchBar)
        bar.display = True
        bar.focus()

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
        pane = self.focused
        if isinstance(pane, ListPane) and pane.kind == "source" and pane.current is not None:
            self.load_reader(pane.current.item_id, None)

    def action_read_source(self) -> None:
        view = getattr(self.query_one(DetailPanel), "view", None)
        if isinstance(view, SourceView):
            self.app.push_screen(ReaderScreen(view, None))
        else:
            self.action_open_source()

    def action_review(self) -> None:
        """v: the review queue; the dossier is read again when anything was decided (a
        rebuild, for an undo, replaces the database file)."""
        from dossier.tui.review import ReviewScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.open_session()

        self.app.push_screen(ReviewScreen(self.db_path), done)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # -- the command palette ------------------------------------------------------------------------

    def palette_items(self) -> list[tuple[str, str, object]]:
        """Every actor, event and source (jump there) and the screen's commands."""
        items: list[tuple[str, str, object]] = [
            ("Search", "focus the search bar", self.action_search),
            ("Help", "every key binding", self.action_help),
            ("Clear filters", "show everything", self._clear_filters),
            ("Review proposals", "accept, reject, merge what extraction proposed", self.action_review),
        ]
        for group_id, label, n in self._groups:
            items.append((f"Compare: {label}", f"{n} renderings side by side", lambda g=group_id: self.load_compare(g)))
        for kind, item_id, label in self._catalog:
            items.append((label, f"{kind} · jump here", lambda k=kind, i=item_id, lab=label: self.jump_to(k, i, lab)))
        return items

    def _clear_filters(self) -> None:
        self.filters.clear()
        self.refresh_lists()

    def jump_to(self, kind: str, item_id: int, label: str) -> None:
        """Filter everything to one item and show its detail."""
        self.filters = [Filter(kind, item_id, label)]
        self._jump = (kind, item_id)
        self.query_one(f"#{KIND[kind].plural}", ListPane).focus()
        self.refresh_lists()
        self.load_view(kind, item_id)
