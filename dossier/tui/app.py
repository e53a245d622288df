"""The minimal browser: the actors, events and sources of a dossier in three panes.

The full browser (linked filtering, detail views, search) is its own piece of work; this
app lists what the database holds, loads it off the UI thread and never parses source text
as markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dossier import store
from dossier.errors import DossierError
from dossier.model import Actor, Event, Overview, Source


class Pane(OptionList):
    """One list pane; items carry their row id."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]


def actor_option(actor: Actor) -> Option:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{actor.mentions:>4} ", style="cyan")
    line.append(actor.name)
    line.append(f"  {actor.kind.replace('_', ' ')}", style="dim")
    return Option(line, id=f"actor-{actor.id}")


def event_option(event: Event) -> Option:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{event.date_label:>11}  ", style="bold")
    line.append(event.title)
    line.append(f"  {event.sources}▪", style="cyan")
    return Option(line, id=f"event-{event.id}")


def source_option(source: Source) -> Option:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{source.published or 'undated':>10} ", style="bold")
    line.append(source.label)
    line.append(f" · {source.outlet or 'unknown outlet'}", style="dim")
    return Option(line, id=f"source-{source.id}")


class DossierApp(App[None]):
    """Three panes listing a dossier's actors, events and sources."""

    CSS_PATH = "dossier.tcss"
    TITLE = "dossier"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("tab", "focus_next", "Pane"),
        Binding("1", "focus_pane('actors')", "Actors", show=False),
        Binding("2", "focus_pane('events')", "Events", show=False),
        Binding("3", "focus_pane('sources')", "Sources", show=False),
    ]

    class OverviewLoaded(Message):
        """The worker finished reading the database."""

        def __init__(self, overview: Overview) -> None:
            super().__init__()
            self.overview = overview

    class LoadFailed(Message):
        """The database could not be read."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)

    def compose(self) -> ComposeResult:
        yield Static(Text(f" dossier · {self.db_path} · loading…"), id="status")
        with Horizontal(id="panes"):
            for pane_id, title in (("actors", "1 Actors"), ("events", "2 Events"), ("sources", "3 Sources")):
                pane = Pane(id=pane_id)
                pane.border_title = title
                yield pane
        yield Footer()

    def on_mount(self) -> None:
        self.load_overview()

    @work(thread=True, exclusive=True, group="load")
    def load_overview(self) -> None:
        try:
            db = store.open_db(self.db_path)
            try:
                overview = store.overview(db)
            finally:
                db.conn.close()
        except DossierError as exc:
            self.post_message(self.LoadFailed(str(exc)))
            return
        self.post_message(self.OverviewLoaded(overview))

    def on_dossier_app_overview_loaded(self, message: OverviewLoaded) -> None:
        overview = message.overview
        c = overview.counts
        self.query_one("#status", Static).update(
            Text(f" dossier · {self.db_path} · {c.sources} sources · {c.actors} actors · {c.events} events")
        )
        for pane_id, items, make in (
            ("actors", overview.actors, actor_option),
            ("events", overview.events, event_option),
            ("sources", overview.sources, source_option),
        ):
            pane = self.query_one(f"#{pane_id}", Pane)
            pane.clear_options()
            if items:
                pane.add_options([make(item) for item in items])
                pane.highlighted = 0
            else:
                pane.add_option(Option(Text(f"No {pane_id} in this dossier yet.", style="dim italic"), disabled=True))
        self.query_one("#actors", Pane).focus()

    def on_dossier_app_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#status", Static).update(Text(f" {message.error}", style="bold red"))
        self.notify(message.error, title="Cannot open dossier", severity="error", markup=False, timeout=30)

    def action_focus_pane(self, pane_id: str) -> None:
        self.query_one(f"#{pane_id}", Pane).focus()


def make_app(db_path: str | Path) -> DossierApp:
    """The one app factory: used by the CLI, the Pilot tests and the snapshot tests."""
    return DossierApp(Path(db_path))
