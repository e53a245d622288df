"""The compare screen: one column per rendering of an utterance, differences highlighted.

n / N step through the substantive differences (the columns move together), p changes the
pivot, o opens the reader at the current rendering, esc goes back. Narrow terminals stack
the renderings instead of putting them side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from dossier.compare import CompareView, with_pivot
from dossier.text import visible
from dossier.views import Span

NARROW = 100


def _words(text: str) -> str:
    return " ".join(visible(text).split())


def pivot_spans(view: CompareView, index: int) -> list[tuple[int, int]]:
    """Where each op of rendering `index` sits in the pivot's (space-normalised) text."""
    spans, pos = [], 0
    for op in view.renderings[index].ops:
        part = _words(op.pivot)
        if part:
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        else:
            spans.append((pos, pos))
    return spans


def render_column(view: CompareView, index: int, current: tuple[int, int] | None) -> Text:
    """A rendering's words with its differences from the pivot marked by kind."""
    rendering = view.renderings[index]
    if index == view.pivot:
        text = Text(_words(rendering.text))
        if current is not None and current[0] != index:
            a, b = pivot_spans(view, current[0])[current[1]]
            if b > a:
                text.stylize("reverse bold", a, b)
        return text
    out = Text()
    for o, op in enumerate(rendering.ops):
        here = current == (index, o)
        if out.plain and not out.plain.endswith(" "):
            out.append(" ")
        if op.op == "equal":
            out.append(_words(op.other))
        elif op.minor:
            out.append(_words(op.other), style="dim underline")
        else:
            if op.pivot:
                out.append(f"‹{_words(op.pivot)}›", style="strike red" + (" reverse" if here else ""))
                if op.other:
                    out.append(" ")
            if op.other:
                out.append(_words(op.other), style="bold green" + (" reverse" if here else ""))
    return out


class Column(Vertical):
    """One rendering with its source header and similarity."""

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index

    def compose(self) -> ComposeResult:
        yield Static(id=f"head-{self.index}", classes="column-head")
        yield Static(id=f"context-{self.index}", classes="column-context")
        yield Static(id=f"text-{self.index}", classes="column-text")
        yield Static(id=f"foot-{self.index}", classes="column-foot")


class CompareScreen(Screen[None]):
    """Renderings of one utterance side by side."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("n", "next_difference", "Next difference"),
        Binding("N", "previous_difference", "Previous", show=False),
        Binding("p", "next_pivot", "Pivot"),
        Binding("o", "open_source", "Open in source"),
        Binding("e", "export", "Export"),
        Binding("f", "figures", "Figures"),
        Binding("right,l", "scroll_columns(1)", "Right", show=False),
        Binding("left,h", "scroll_columns(-1)", "Left", show=False),
    ]

    def __init__(
        self,
        view: CompareView,
        on_open: Callable[[Span], None] | None = None,
        on_export: Callable[[CompareView], None] | None = None,
        on_figures: Callable[[list[int]], None] | None = None,
    ) -> None:
        super().__init__()
        self.view = view
        self.on_open = on_open  # opens the reader at a rendering (the main screen's loader)
        self.on_export = on_export  # exports this comparison (the main screen's exporter)
        self.on_figures = on_figures  # shows the figures these sources give
        self.current: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        with HorizontalScroll(id="columns"):
            for i in range(len(self.view.renderings)):
                yield Column(i, id=f"col-{i}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#columns").focus()
        self._apply_width(self.size.width)
        self._paint()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-stacked")

    def _paint(self) -> None:
        v = self.view
        differences = v.differences()
        position = differences.index(self.current) + 1 if self.current in differences else 0
        pivot = v.renderings[v.pivot]
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" Compare · ", style="bold")
        title.append(visible(v.label))
        title.append(f" · {len(v.renderings)} renderings · pivot: {visible(pivot.outlet or pivot.source)[:40]}", style="dim")
        title.append(f" · difference {position} of {len(differences)}" if position else f" · {len(differences)} differences")
        self.query_one("#compare-title", Static).update(title)
        for i, r in enumerate(v.renderings):
            head = Text(no_wrap=True, overflow="ellipsis")
            head.append(visible(r.outlet or "unknown outlet"), style="bold")
            head.append(f" · {r.published or 'undated'}", style="dim")
            head.append(f"\n{visible(r.source)}", style="italic")
            head.append(f"\n{visible(r.speaker or 'unattributed')}", style="cyan")
            self.query_one(f"#head-{i}", Static).update(head)
            self.query_one(f"#context-{i}", Static).update(Text(_words(r.context), style="dim"))
            self.query_one(f"#text-{i}", Static).update(render_column(v, i, self.current))
            foot = "pivot" if i == v.pivot else r.likeness()
            self.query_one(f"#foot-{i}", Static).update(Text(foot, style="bold" if i == v.pivot else ""))
            self.query_one(f"#col-{i}", Column).set_class(i == v.pivot, "-pivot")

    def _step(self, step: int) -> None:
        differences = self.view.differences()
        if not differences:
            self.notify("These renderings differ only in case or punctuation.", markup=False)
            return
        if self.current not in differences:
            index = 0 if step > 0 else len(differences) - 1
        else:
            index = (differences.index(self.current) + step) % len(differences)
        self.current = differences[index]
        self._paint()
        column = self.query_one(f"#col-{self.current[0]}", Column)
        self.query_one("#columns", HorizontalScroll).scroll_to_widget(column, animate=False)

    def action_next_difference(self) -> None:
        self._step(1)

    def action_previous_difference(self) -> None:
        self._step(-1)

    def action_next_pivot(self) -> None:
        self.view = with_pivot(self.view, (self.view.pivot + 1) % len(self.view.renderings))
        self.current = None
        self._paint()

    def action_open_source(self) -> None:
        index = self.current[0] if self.current else self.view.pivot
        r = self.view.renderings[index]
        if self.on_open is not None:
            self.on_open(Span(r.source_id, r.start, r.end, r.text, "quote", r.speaker or "", ref=r.quote_id))

    def action_export(self) -> None:
        if self.on_export is not None:
            self.on_export(self.view)

    def action_figures(self) -> None:
        if self.on_figures is not None:
            self.on_figures(sorted({r.source_id for r in self.view.renderings}))

    def action_scroll_columns(self, step: int) -> None:
        scroller = self.query_one("#columns", HorizontalScroll)
        scroller.scroll_right(animate=False) if step > 0 else scroller.scroll_left(animate=False)
