"""Small modal screens: the help listing every binding, an error message, the figures."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dossier.model import source_name
from dossier.text import shorten, visible
from dossier.tui.detail import spread_lines
from dossier.views import figure_spread

# What the counts in the rows mean: not keys, but read with them.
LEGEND = [
    ("12 3❝ 2◆", "an actor's mentions, quotes (❝) and events (◆)"),
    ("4▪", "how many sources report an event"),
    ("≈", "a quote other sources render too: c compares them"),
    ("●", "a quote marked with space: two marked compare with c"),
]

Place = tuple[str, type]  # (where the keys work, the class whose BINDINGS they are)


def help_rows(app, bindings_of: type, keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(keys, what they do, binding id) for a class's own bindings, one row per id, with the
    keys as remapped by the keymap: the help is generated from BINDINGS, so they agree."""
    bindings = list(Binding.make_bindings(bindings_of.__dict__.get("BINDINGS", [])))
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for binding in bindings:
        ident = binding.id or binding.action
        if ident in seen:
            continue  # "j,down" makes two bindings, and the variants of one key share an id
        seen.add(ident)
        keys = dict.fromkeys(
            k.strip() for b in bindings if (b.id or b.action) == ident for k in keymap.get(ident, b.key).split(",")
        )
        shown = " / ".join(app.get_key_display(Binding(k, binding.action)) for k in keys)
        rows.append((shown, binding.tooltip or binding.description, binding.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """Every key binding, grouped by where it works, generated from the bindings."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close", tooltip="Close the help"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down", tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up", tooltip="Scroll up"),
    ]

    def __init__(self, places: list[Place], keymap: dict[str, str] | None = None, note: str = "") -> None:
        super().__init__()
        self.places = places
        self.keymap = keymap or {}
        self.note = note  # below the keys: where the settings file is

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        scroller.scroll_down(animate=False) if direction == "down" else scroller.scroll_up(animate=False)

    def compose(self) -> ComposeResult:
        sections = [(where, help_rows(self.app, cls, self.keymap)) for where, cls in self.places]
        sections.append(("Signs in the rows", [(sign, what, "") for sign, what in LEGEND]))
        key_width = max(len(keys) for _, rows in sections for keys, _, _ in rows)
        with VerticalScroll(id="help"):
            yield Static(Text("dossier · keys   (esc closes, j/k scroll)", style="bold"))
            for where, rows in sections:
                table = Table.grid(padding=(0, 2), expand=True)
                table.add_column(style="bold", no_wrap=True, width=key_width)
                table.add_column(ratio=1)
                table.add_column(style="dim", no_wrap=True)
                for keys, what, ident in rows:
                    table.add_row(Text(keys), Text(what), Text(ident))
                yield Static(Text(f"\n{where}", style="bold underline"))
                yield Static(table)
            yield Static(Text(f"\n{self.note}", style="dim"))


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
    """The figures the compared sources give, side by side: who claims what, for which event.

    A table whose first column is the figure, sized to the widest one, so that a narrow
    terminal cuts the event and the source, never the number."""

    BINDINGS = [Binding("escape,q,f", "dismiss", "Close", id="figures.close", tooltip="Close the figures")]

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="figures"):
            yield Static(Text("Figures in these sources", style="bold"))
            if self.rows:
                yield DataTable(id="figures-table", cursor_type="row", zebra_stripes=True)
            else:
                yield Static(Text("These sources state no figures.", style="dim"))
            spread = spread_lines(figure_spread([(r["unit"], r["low"], r["high"], r["source_id"]) for r in self.rows]))
            if spread.plain:  # the units the sources disagree on, and by how much
                yield Static(spread)
            yield Static(Text("esc closes", style="dim"))

    def on_mount(self) -> None:
        if not self.rows:
            return
        table = self.query_one(DataTable)
        for column in ("Figure", "Unit", "Claimed by", "Event", "Source"):
            table.add_column(column, key=column)
        for r in self.rows:
            low, high = r["low"], r["high"]
            figure = f"{low:g}" if high in (None, low) else f"{low:g}–{high:g}"
            source = source_name(r.get("outlet"), r.get("published"), r["source"] or "", 40)
            table.add_row(
                Text(figure, style="bold"),
                Text(visible(r["unit"] or "")),
                Text(visible(shorten(r["claimant"] or "unattributed", 30))),
                Text(visible(shorten(r["event"] or "—", 50))),
                Text(visible(source)),
            )
        table.focus()
