"""The compare screen: one column per rendering of an utterance, differences highlighted.

n / N step through the substantive differences (the columns move together), p changes the
pivot, o opens the reader at the current rendering, l / h move a column at a time, esc goes
back. The columns share the width when they fit, and scroll when they do not. Narrow
terminals stack the renderings instead of putting them side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dossier.compare import CompareView, Rendering, with_pivot
from dossier.model import format_date, source_name
from dossier.text import visible
from dossier.tui.keybar import KeyBar
from dossier.tui.styles import ADDED, REMOVED
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


def render_column(view: CompareView, index: int, current: tuple[int, int] | None) -> Content:
    """A rendering's words with its differences from the pivot marked by kind."""
    rendering = view.renderings[index]
    if index == view.pivot:
        text = Content(_words(rendering.text))
        if current is not None and current[0] != index:
            a, b = pivot_spans(view, current[0])[current[1]]
            if b > a:
                text = text.stylize("reverse bold", a, b)
        return text
    parts: list = []
    last = ""  # the text added last, to put one space between words

    def add(text: str, style: str = "") -> None:
        nonlocal last
        if text:
            parts.append((text, style))
            last = text

    for o, op in enumerate(rendering.ops):
        here = current == (index, o)
        if last and not last.endswith(" "):
            add(" ")
        if op.op == "equal":
            add(_words(op.other))
        elif op.minor:
            add(_words(op.other), "dim underline")
        else:
            if op.pivot:
                add(f"‹{_words(op.pivot)}›", REMOVED + (" reverse" if here else ""))
                if op.other:
                    add(" ")
            if op.other:
                add(_words(op.other), ADDED + (" reverse" if here else ""))
    return Content.assemble(*parts)


def rendering_name(r: Rendering, room: int = 0) -> str:
    """A rendering's source as the screen names it: outlet and date, then the title if room."""
    return visible(source_name(r.outlet, r.published, r.source, room))


class Column(Vertical):
    """One rendering with its source header and similarity."""

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index

    def compose(self) -> ComposeResult:
        # Head, context and words in one widget: every widget mounted costs the screen's first frame.
        yield Static(id=f"text-{self.index}", classes="column-text")
        yield Static(id=f"foot-{self.index}", classes="column-foot")


class CompareScreen(Screen[None]):
    """Renderings of one utterance side by side."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="compare.back", tooltip="Back"),
        Binding("n", "next_difference", "Next", id="compare.next",
                tooltip="Next difference, all columns together"),
        Binding("N", "previous_difference", "Previous", show=False, id="compare.previous",
                tooltip="Previous difference"),
        Binding("p", "next_pivot", "Pivot", id="compare.pivot",
                tooltip="Make the next rendering the pivot (the others are compared with it)"),
        Binding("o", "open_source", "Open", id="compare.open",
                tooltip="Open the reader at the rendering (the current difference's, else the pivot)"),
        Binding("e", "export", "Export", id="compare.export", tooltip="Export the comparison to Markdown"),
        Binding("f", "figures", "Figures", id="compare.figures",
                tooltip="The figures these sources give: who claims what, for which event"),
        Binding("right,l", "scroll_columns(1)", "Right", show=False, id="compare.right",
                tooltip="The next column into view"),
        Binding("left,h", "scroll_columns(-1)", "Left", show=False, id="compare.left",
                tooltip="The previous column into view"),
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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#columns").focus()
        self._apply_width(self.size.width)
        self._paint()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-stacked")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_difference", "previous_difference"):
            return bool(self.view.differences())
        if action == "next_pivot":
            return len(self.view.renderings) > 1
        return True

    def _paint(self) -> None:
        v = self.view
        differences = v.differences()
        position = differences.index(self.current) + 1 if self.current in differences else 0
        # What matters first, so a narrow screen cuts only the utterance's label.
        title = Content.assemble(
            (" Compare · ", "bold"),
            f"{len(v.renderings)} renderings · ",
            f"difference {position} of {len(differences)}" if position else f"{len(differences)} differences",
            (f" · pivot: {rendering_name(v.renderings[v.pivot], 40)}", "dim"),
            " · ",
            visible(v.label),
        )
        self.query_one("#compare-title", Static).update(title)
        for i, r in enumerate(v.renderings):
            head = Content.assemble(
                (visible(r.outlet or "unknown outlet"), "bold"),
                (f" · {format_date(r.published, 'day') if r.published else 'undated'}", "dim"),
                (f"\n{visible(r.source)}", "italic"),
                (f"\n{visible(r.speaker or 'unattributed')}", "$text-primary"),
            )
            context = Content.styled(_words(r.context), "dim")
            self.query_one(f"#text-{i}", Static).update(
                Content.assemble(head, "\n\n", context, "\n\n", render_column(v, i, self.current))
            )
            foot = "pivot" if i == v.pivot else r.likeness()
            self.query_one(f"#foot-{i}", Static).update(Content.styled(foot, "bold" if i == v.pivot else ""))
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
        column = self.query_one(f"#col-{self.view.pivot}", Column)
        self.query_one("#columns", HorizontalScroll).scroll_to_widget(column, animate=False)

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
        """l / h: the next or previous column to the left edge (the top, when stacked)."""
        scroller = self.query_one("#columns", HorizontalScroll)
        stacked = self.has_class("-stacked")
        at = scroller.scroll_y if stacked else scroller.scroll_x
        starts = [c.virtual_region.y if stacked else c.virtual_region.x for c in self.query(Column)]
        if step > 0:
            target = next((x for x in starts if x > at + 0.5), None)
        else:
            target = next((x for x in reversed(starts) if x < at - 0.5), 0)
        if target is not None:
            if stacked:
                scroller.scroll_to(y=target, animate=False)
            else:
                scroller.scroll_to(x=target, animate=False)
