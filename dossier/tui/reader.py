"""The source reader: the full text with mentions, quotes and evidence highlighted.

n / N jump to the next / previous span; the reader opens at a given span when asked.
A long source is shown a window of paragraphs at a time, around where the reader is, so a
huge article opens as fast as a short one.
"""

from __future__ import annotations

import bisect

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.content import Span as Styled
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from dossier.text import visible
from dossier.tui.keybar import KeyBar
from dossier.tui.styles import READER_STYLE
from dossier.views import SourceView, Span

WINDOW = 200  # paragraphs mounted at once
MAX_LINE = 20_000  # characters of one paragraph drawn; the rest is cut with a note


class Paragraph(Static):
    """One line of the source text, with its offset into the whole text."""

    def __init__(self, start: int, end: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start = start
        self.end = end


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; blank lines become the paragraphs' margins."""
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    return out


class ReaderScreen(Screen[None]):
    """Read a source with every span highlighted; jump between spans."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="reader.back", tooltip="Back"),
        Binding("n", "next_span", "Next span", id="reader.next",
                tooltip="Next span: mentions, quotes, evidence, figures"),
        Binding("N", "previous_span", "Previous", id="reader.previous", tooltip="Previous span"),
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down", tooltip="Scroll down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up", tooltip="Scroll up"),
        Binding("g", "top", "Top", show=False, id="reader.top", tooltip="The top of the source"),
        Binding("G", "bottom", "Bottom", show=False, id="reader.bottom", tooltip="The end of the source"),
    ]

    def __init__(self, view: SourceView, at: Span | None = None) -> None:
        super().__init__()
        self.view = view
        self.spans = sorted((s for s in view.spans if s.end > s.start), key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)
        self.paragraphs = paragraphs_of(view.text)
        self._para_starts = [p[0] for p in self.paragraphs]
        self.current = self._index_of(at) if at else (0 if self.spans else None)
        self.window = self._window_around(self._para_index(self.spans[self.current].start) if self.current is not None else 0)

    def _index_of(self, at: Span) -> int | None:
        for match in (
            lambda s: (s.start, s.end, s.kind, s.label) == (at.start, at.end, at.kind, at.label),
            lambda s: (s.start, s.end, s.kind) == (at.start, at.end, at.kind),
            lambda s: s.start <= at.start < s.end,
        ):
            for i, s in enumerate(self.spans):
                if match(s):
                    return i
        return None

    def _para_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, offset) - 1)

    def _window_around(self, index: int) -> tuple[int, int]:
        start = max(0, min(index - WINDOW // 2, len(self.paragraphs) - WINDOW))
        return start, min(len(self.paragraphs), start + WINDOW)

    def compose(self) -> ComposeResult:
        s = self.view.source
        meta = " · ".join(x for x in (s.outlet, s.author, s.published, s.url) if x) or "no metadata"
        yield Static(Text(f" {visible(s.label)} · {visible(meta)}", style="bold"), id="reader-title")
        yield Static(Text(""), id="reader-status")
        yield VerticalScroll(id="reader-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self._mount_window()
        self.query_one("#reader-text").focus()
        if self.current is not None:
            self.call_after_refresh(self._jump, self.current)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_span", "previous_span"):
            return bool(self.spans)
        return True

    def _mount_window(self) -> None:
        scroller = self.query_one("#reader-text", VerticalScroll)
        scroller.remove_children()
        first, last = self.window
        widgets = [Paragraph(a, b, id=f"p{n}") for n, (a, b) in enumerate(self.paragraphs[first:last], first)]
        scroller.mount_all(widgets)
        for widget in widgets:
            self._paint(widget)

    def _spans_in(self, start: int, end: int) -> range:
        """Indexes of the spans overlapping [start, end), found by bisection."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return range(lo, hi)

    def _paint(self, paragraph: Paragraph) -> None:
        text = self.view.text
        end = min(paragraph.end, paragraph.start + MAX_LINE)
        plain = visible(text[paragraph.start : end]) or " "
        styles: list[Styled] = []

        def mark(a: int, b: int, style: str) -> None:
            if a < end and b > paragraph.start:
                styles.append(Styled(max(a, paragraph.start) - paragraph.start, min(b, end) - paragraph.start, style))

        for a, b in self.view.chrome:
            mark(a, b, "dim italic")  # page chrome, not the article
        for i in self._spans_in(paragraph.start, end):
            span = self.spans[i]
            mark(span.start, span.end, READER_STYLE.get(span.kind, "bold"))
        if self.current is not None:
            # The current span last, so nothing drawn after it breaks its highlight.
            span = self.spans[self.current]
            mark(span.start, span.end, "reverse bold")
        line = Content(plain, styles, strip_control_codes=False)  # visible() already drew them
        if end < paragraph.end:
            line = line.append(Content.styled(f" … ({paragraph.end - end:,} more characters in this paragraph)", "dim italic"))
        paragraph.update(line)

    def _paragraph_of(self, offset: int) -> Paragraph | None:
        index = self._para_index(offset)
        try:
            return self.query_one(f"#p{index}", Paragraph)
        except NoMatches:
            return None  # outside the mounted window

    def _jump(self, index: int) -> None:
        previous = self.current
        self.current = index
        span = self.spans[index]
        target_index = self._para_index(span.start)
        first, last = self.window
        if not first <= target_index < last:
            self.window = self._window_around(target_index)
            self._mount_window()
            self.call_after_refresh(self._scroll_to, index)
        else:
            for i in {previous, index}:
                if i is not None and (p := self._paragraph_of(self.spans[i].start)):
                    self._paint(p)
            self._scroll_to(index)
        self.query_one("#reader-status", Static).update(
            Text(
                f" {index + 1} of {len(self.spans)} · {span.kind} · {visible(span.label)}   (n/N next/previous)",
                style="dim",
            )
        )

    def _scroll_to(self, index: int) -> None:
        target = self._paragraph_of(self.spans[index].start)
        if target is not None:
            self.query_one("#reader-text", VerticalScroll).scroll_to_widget(target, center=True, animate=False)

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
        if self.window[0] > 0:
            self.window = self._window_around(0)
            self._mount_window()
        self.query_one("#reader-text", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        if self.window[1] < len(self.paragraphs):
            self.window = self._window_around(len(self.paragraphs) - 1)
            self._mount_window()
        self.call_after_refresh(lambda: self.query_one("#reader-text", VerticalScroll).scroll_end(animate=False))
