"""Small modal screens: the help listing every binding, and an error message."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dossier.text import visible
from dossier.tui.detail import spread_lines
from dossier.views import KINDS, figure_spread

# Every key the app answers to, by where it works. The help screen and the README agree.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("/", "search as you type, across all panes"),
            ("tab / shift+tab", "next / previous pane"),
            (" ".join(k.key for k in KINDS), " / ".join(k.title for k in KINDS) + " pane"),
            ("4", "the detail's list of spans"),
            ("esc", "pop the last filter, then clear the search"),
            ("e", "export what is shown to Markdown: the detail, the search results, a comparison"),
            ("ctrl+p", "command palette: jump to any actor, event or source, run any command"),
            ("?", "this help"),
            ("q", "quit"),
        ],
    ),
    (
        "In a pane",
        [
            ("j k / ↓ ↑", "move; highlighting filters the other panes"),
            ("g / G", "top / bottom"),
            ("enter", "focus the item's detail"),
            ("o", "in Sources: open the source in the reader"),
            ("r", "read the source shown in the detail from the top"),
            ("c", "in Actors: compare the renderings of the actor's most-quoted utterance"),
        ],
    ),
    (
        "Counts in the rows",
        [
            ("12 3❝ 2◆", "an actor's mentions, quotes and events"),
            ("4▪", "how many sources report an event"),
        ],
    ),
    (
        "In the detail",
        [
            ("j k / ↓ ↑", "move between quotes, evidence and mentions"),
            ("enter / o", "open the reader at that exact span"),
            ("c", "compare this quote's renderings (≈), or the two marked quotes"),
            ("space", "mark a quote (two marked quotes compare with c)"),
        ],
    ),
    (
        "In a comparison",
        [
            ("n / N", "next / previous difference, all columns together"),
            ("p", "make the next rendering the pivot"),
            ("o", "open the reader at the rendering"),
            ("e", "export the comparison to Markdown"),
            ("f", "the figures these sources give: who claims what, for which event"),
            ("← → / h l", "scroll the columns"),
            ("esc / q", "back"),
        ],
    ),
    (
        "In the search bar",
        [
            ("enter", "keep the results and go to the best pane"),
            ("esc", "clear the search"),
            ('"words"  -word', "phrase; exclude a word"),
        ],
    ),
    (
        "In the reader",
        [
            ("n / N", "next / previous span"),
            ("j k g G", "scroll, top, bottom"),
            ("esc / q", "back"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    """Every key binding, grouped by where it works."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        scroller.scroll_down(animate=False) if direction == "down" else scroller.scroll_up(animate=False)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for section, keys in KEYS:
            table.add_row(Text(section, style="bold underline"), "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with VerticalScroll(id="help"):
            yield Static(Text("dossier · keys   (esc closes, j/k scroll)", style="bold"))
            yield Static(table)
            yield Static(Text("esc closes", style="dim"))


class ErrorScreen(ModalScreen[None]):
    """A problem the user should read, with nothing lost."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error"):
            yield Static(Text(self.title_text, style="bold red"))
            yield Static(Text(self.message))
            yield Static(Text("esc closes", style="dim"))


class FiguresScreen(ModalScreen[None]):
    """The figures the compared sources give, side by side: who claims what, for which event."""

    BINDINGS = [Binding("escape,q,f", "dismiss", "Close")]

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(expand=True)
        for column, ratio in (("Event", 3), ("Figure", 1), ("Unit", 2), ("Claimed by", 2), ("Source", 3)):
            table.add_column(column, ratio=ratio, no_wrap=column == "Source", overflow="ellipsis")
        for r in self.rows:
            low, high = r["low"], r["high"]
            figure = f"{low:g}" if high in (None, low) else f"{low:g}–{high:g}"
            table.add_row(
                Text(visible(r["event"] or "—")),
                Text(figure, style="bold magenta"),
                Text(visible(r["unit"] or "")),
                Text(visible(r["claimant"] or "unattributed")),
                Text(visible(" ".join((r["source"] or "").split()))),
            )
        spread = spread_lines(figure_spread([(r["unit"], r["low"], r["high"], r["source_id"]) for r in self.rows]))
        with VerticalScroll(id="help"):
            yield Static(Text("Figures in these sources", style="bold"))
            yield Static(table if self.rows else Text("These sources state no figures.", style="dim"))
            if spread.plain:
                yield Static(spread)
            yield Static(Text("esc closes", style="dim"))
