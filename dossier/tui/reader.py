"""The source reader: the full text with mentions, quotes and evidence highlighted.

n / N jump to the next / previous span; the reader opens at a given span when asked.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from dossier.extract.text import visible
from dossier.views import SourceView, Span

SPAN_STYLE = {"mention": "underline cyan", "quote": "yellow", "evidence": "on #203020", "claim": "magenta"}


class Paragraph(Static):
    """One line of the source text, with its offset into the whole text."""

    def __init__(self, start: int, end: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start = start
        self.end = end


class ReaderScreen(Screen[None]):
    """Read a source with every span highlighted; jump between spans."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("n", "next_span", "Next span"),
        Binding("N", "previous_span", "Previous span"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("g", "top", "Top", show=False),
        Binding("G", "bottom", "Bottom", show=False),
    ]

    def __init__(self, view: SourceView, at: Span | None = None) -> None:
        super().__init__()
        self.view = view
        self.spans = [s for s in view.spans if s.end > s.start]
        self.current = self._index_of(at) if at else (0 if self.spans else None)

    def _index_of(self, at: Span) -> int | None:
        for i, s in enumerate(self.spans):
            if (s.start, s.end, s.kind, s.label) == (at.start, at.end, at.kind, at.label):
                return i
        for i, s in enumerate(self.spans):
            if (s.start, s.end, s.kind) == (at.start, at.end, at.kind):
                return i
        for i, s in enumerate(self.spans):
            if s.start <= at.start < s.end:
                return i
        return None

    def compose(self) -> ComposeResult:
        s = self.view.source
        meta = " · ".join(x for x in (s.outlet, s.author, s.published, s.url) if x) or "no metadata"
        yield Static(Text(f" {visible(s.label)} · {visible(meta)}", style="bold"), id="reader-title")
        yield Static(Text(""), id="reader-status")
        with VerticalScroll(id="reader-text"):
            offset = 0
            for n, line in enumerate(self.view.text.split("\n")):
                if line.strip():  # blank lines become the paragraphs' margins
                    yield Paragraph(offset, offset + len(line), id=f"p{n}")
                offset += len(line) + 1
        yield Footer()

    def on_mount(self) -> None:
        self._paint_all()
        self.query_one("#reader-text").focus()
        if self.current is not None:
            self.call_after_refresh(self._jump, self.current)

    def _paint(self, paragraph: Paragraph) -> None:
        text = self.view.text
        line = Text(visible(text[paragraph.start : paragraph.end]) or " ")
        def clip(start: int, end: int) -> tuple[int, int]:
            return max(start, paragraph.start) - paragraph.start, min(end, paragraph.end) - paragraph.start

        for start, end in self.view.chrome:
            if start < paragraph.end and end > paragraph.start:
                line.stylize("dim italic", *clip(start, end))  # page chrome, not the article
        for span in self.spans:
            if span.end > paragraph.start and span.start < paragraph.end:
                line.stylize(SPAN_STYLE.get(span.kind, "bold"), *clip(span.start, span.end))
        if self.current is not None:
            # The current span last, so nothing drawn after it breaks its highlight.
            span = self.spans[self.current]
            if span.end > paragraph.start and span.start < paragraph.end:
                line.stylize("reverse bold", *clip(span.start, span.end))
        paragraph.update(line)

    def _paint_all(self) -> None:
        for paragraph in self.query(Paragraph):
            self._paint(paragraph)

    def _paragraph_of(self, offset: int) -> Paragraph | None:
        for paragraph in self.query(Paragraph):
            if paragraph.start <= offset <= paragraph.end:
                return paragraph
        return None

    def _jump(self, index: int) -> None:
        previous = self.current
        self.current = index
        for i in {previous, index}:
            if i is not None and (p := self._paragraph_of(self.spans[i].start)):
                self._paint(p)
        span = self.spans[index]
        target = self._paragraph_of(span.start)
        if target is not None:
            self.query_one("#reader-text", VerticalScroll).scroll_to_widget(target, center=True, animate=False)
        self.query_one("#reader-status", Static).update(
            Text(
                f" {index + 1} of {len(self.spans)} · {span.kind} · {visible(span.label)}   (n/N next/previous)",
                style="dim",
            )
        )

    def action_next_span(self) -> None:
        if self.spans:
            self._jump(0 if self.current is None else (self.current + 1) % len(self.spans))

    def action_previous_span(self) -> None:
        if self.spans:
            self._jump(len(self.spans) - 1 if self.current is None else (self.current - 1) % len(self.spans))

    def action_scroll_down(self) -> None:
        self.query_one("#reader-text", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#reader-text", VerticalScroll).scroll_up(animate=False)

    def action_top(self) -> None:
        self.query_one("#reader-text", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#reader-text", VerticalScroll).scroll_end(animate=False)
