"""The detail view of whatever is highlighted: an actor card, an event, or a source.

A header shows the facts; below it a list of the spans that support them (quotes,
evidence, mentions), each of which opens the reader at that exact place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dossier.model import Source, source_name
from dossier.text import counted, visible
from dossier.tui.styles import CLAIM, KIND_STYLE, MARK
from dossier.views import SHOWN_EVENTS, SHOWN_SOURCES, ActorView, EventView, More, SourceView, Span, Spread, figure_spread

MARK_SIGN = "●"  # in the gutter of a quote marked for a pairwise comparison
PAGE = 100  # rows of the detail's list added at a time
MORE = "more"  # the id of the row that says how many are still to come

Row = tuple[Span | More, str]  # a span of the detail's list and the name of its source, or a "more" row
Rendered = tuple[Content, list[Row]]  # a detail's body and rows


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class SpanOption(Option):
    """A row of the detail's list: a span, and where it is (the source's name)."""

    def __init__(self, span: Span, where: str) -> None:
        super().__init__(span_row(span, where))
        self.span = span
        self.where = where
        self.marked = False  # drawn with the mark sign


class MoreOption(Option):
    """The row after a detail's first spans of one kind: how many more, and enter loads a page."""

    def __init__(self, more: More) -> None:
        super().__init__(
            Content.styled(f"  … {more.remaining:,} more {more.span_kind}s: enter lists {min(PAGE, more.remaining)} more", "dim italic")
        )
        self.more = more


class SpanList(OptionList):
    """Supporting spans; enter or o opens the reader there, space marks a quote; enter on a
    "more" row lists a page more of its kind."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="spans.down", tooltip="Next span (↓ too)"),
        Binding("k", "cursor_up", "Up", show=False, id="spans.up", tooltip="Previous span (↑ too)"),
        Binding("o,enter", "open_span", "Open", id="spans.open", tooltip="Open the reader at this exact span"),
        Binding("enter", "list_more", "List more", id="spans.more",
                tooltip="On a “… N more” row: list a page more of its quotes or mentions"),
        Binding(
            "space", "mark", "Mark", show=False, id="spans.mark",
            tooltip="Mark or unmark this quote; with two marked, c compares them even when not grouped",
        ),
    ]

    class OpenSpan(Message):
        """Open the reader on a span."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class Marked(Message):
        """A quote was marked or unmarked for a pairwise comparison."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class MoreWanted(Message):
        """The user asked for a page more of the spans a "more" row stands for."""

        def __init__(self, more: More) -> None:
            super().__init__()
            self.more = more

    class Moved(Message):
        """The user moved to another span (what the screen's keys apply to may change)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SpanList.Moved)

    marks: frozenset[int] = frozenset()  # the ids of the quotes marked
    _rest: list[Row] = []  # rows not added yet: a page more as the cursor nears the end

    def _highlighted_option(self):
        return None if self.highlighted is None else self.get_option_at_index(self.highlighted)

    @property
    def current_span(self) -> Span | None:
        option = self._highlighted_option()
        return option.span if isinstance(option, SpanOption) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_span":
            return self.current_span is not None
        if action == "list_more":
            return self.current_more is not None
        if action == "mark":
            span = self.current_span
            return span is not None and span.kind == "quote"
        return True

    @property
    def current_more(self) -> More | None:
        """The "more" row highlighted, if that is where the cursor is."""
        option = self._highlighted_option()
        return option.more if isinstance(option, MoreOption) else None

    def action_open_span(self) -> None:
        if self.current_span is not None:
            self.post_message(self.OpenSpan(self.current_span))

    def action_list_more(self) -> None:
        if self.current_more is not None:
            self.post_message(self.MoreWanted(self.current_more))

    def action_mark(self) -> None:
        span = self.current_span
        if span is not None and span.kind == "quote":
            self.post_message(self.Marked(span))

    def show(self, rows: list[Row], marks: frozenset[int], empty: str = "No supporting spans.") -> None:
        """Replace the rows: a first page now, the rest as the cursor nears the end (a long
        list costs the UI thread per row drawn and added)."""
        self.clear_options()
        self._rest = rows
        if not rows and empty:
            self.add_option(Option(Content.styled(empty, "dim italic"), disabled=True))
        self._add_page()
        self.show_marks(marks)
        if self.option_count and isinstance(self.get_option_at_index(0), SpanOption):
            self.highlighted = 0

    def _add_page(self) -> None:
        if self.option_count and self.get_option_at_index(self.option_count - 1).id == MORE:
            self.remove_option(MORE)
        rows, self._rest = self._rest[:PAGE], self._rest[PAGE:]
        page = _options(rows)
        if self._rest:
            page.append(Option(Content.styled(f"… {len(self._rest):,} more below", "dim italic"), id=MORE, disabled=True))
        self.add_options(page)

    def insert_page(self, more: More, rows: list[Row]) -> None:
        """Put a page more of spans (and the next "more" row) where the "more" row was."""
        options = list(self.options)
        at = next((i for i, o in enumerate(options) if isinstance(o, MoreOption) and o.more == more), None)
        if at is None:
            return  # another detail is shown now
        highlighted = self.highlighted
        self.set_options([*options[:at], *_options(rows), *options[at + 1 :]])
        self.show_marks(self.marks)
        self.highlighted = at if highlighted == at else highlighted

    def show_marks(self, marks: frozenset[int]) -> None:
        """Draw the mark sign on the rows of these quotes, and only on them."""
        self.marks = marks
        for index, option in enumerate(self.options):
            if isinstance(option, SpanOption) and option.marked != (option.span.ref in marks):
                option.marked = not option.marked
                self.replace_option_prompt_at_index(index, span_row(option.span, option.where, option.marked))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._rest and event.option_index >= self.option_count - 3:
            self._add_page()
            self.show_marks(self.marks)
        self.post_message(self.Moved())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, SpanOption):
            self.post_message(self.OpenSpan(event.option.span))
        elif isinstance(event.option, MoreOption):
            self.post_message(self.MoreWanted(event.option.more))


def _options(rows: list[Row]) -> list[Option]:
    return [MoreOption(item) if isinstance(item, More) else SpanOption(item, where) for item, where in rows]


def span_row(span: Span, where: str, marked: bool = False) -> Content:
    """A span's row: mark, kind (≈ when other sources render the quote too), source, text."""
    kind = f"{span.kind}{'≈' if span.group else ''}"  # ≈: other sources render it too (c compares)
    parts: list = [
        (f"{MARK_SIGN} " if marked else "  ", MARK),
        (f"{kind:<8} ", KIND_STYLE.get(span.kind, "")),
        (f"{where}  ", "bold"),
    ]
    if span.kind == "mention" and span.context:
        # The words around the mention tell two mentions apart; the mention itself stands out.
        context = " ".join(visible(span.context).split())
        at = context.find(span.text)
        if at >= 0:
            parts += ["…" + context[:at], (span.text, f"bold {KIND_STYLE['mention']}"), context[at + len(span.text) :] + "…"]
            return Content.assemble(*parts)
    parts.append(f"“{_clip(span.text)}”" if span.kind in ("quote", "evidence", "claim") else _clip(span.text))
    return Content.assemble(*parts)


def where_width(panel_width: int) -> int:
    """How wide the source column of the detail's rows is, for a panel this wide."""
    return max(24, min(48, panel_width // 3))


def _name(source: Source | None, width: int, fallback: str = "") -> str:
    """A source as its rows name it, padded to the column: outlet · date, then its title."""
    if source is None:
        return f"{_clip(fallback, width):<{width}}"
    name = visible(source_name(source.outlet, source.published, source.label, width))
    return f"{_clip(name, width):<{width}}"


def _heading(text: str, extra: str = "") -> list:
    return [(visible(text), "bold"), (f" · {visible(extra)}", "dim") if extra else ""]


def _field(out: list, name: str, value: str | Content) -> None:
    out.append((f"\n{name:<10} ", "bold"))
    out.append(value if isinstance(value, Content) else visible(value))


def _notes(out: list, notes: list[str]) -> None:
    """An analyst's notes on the item (dossier note, or t in the review queue), oldest first."""
    for note in notes:
        _field(out, "Note", note)


def _listing(items: list[str], limit: int = SHOWN_EVENTS, total: int | None = None) -> str:
    """A few items, then how many more (of `total`, when only some were loaded): keeps a
    field to a line or two."""
    total = len(items) if total is None else total
    shown = " · ".join(items[:limit])
    return shown + (f" · +{total - min(limit, len(items))} more" if total > min(limit, len(items)) else "")


def render_actor(view: ActorView, why: str = "", width: int = 34) -> Rendered:
    a = view.actor
    totals = view.totals
    out = _heading(a.name, a.kind.replace("_", " ") + (" · proposed, not reviewed" if a.proposed else ""))
    if a.description:
        out.append(f" · {visible(a.description)}")
    used = [s for s in view.spellings if s.count]
    spellings = " · ".join(
        f"{s.alias} ({counted(s.count, 'source')})" if n == 0 else f"{s.alias} ({s.count})" for n, s in enumerate(used)
    )
    unused = [s.alias for s in view.spellings if not s.count]
    if unused:
        spellings += ("; " if spellings else "") + "also known as " + ", ".join(unused)
    _field(out, "Spellings", spellings or "—")
    if why:
        _field(out, "Matched", why)
    _field(
        out,
        "Quotes",
        f"{counted(totals['quotes'], 'rendering')} of {counted(totals['utterances'], 'utterance')}"
        + ("; ≈ marks one other sources render too: c compares them" if totals["top_group"] is not None else "")
        + "; space marks a quote to compare with another"
        if totals["quotes"]
        else "none found",
    )
    _field(out, "Events", _listing([f"{e.date_label} {e.title}" for e in view.events], total=totals["events"]) or "none")
    _field(out, "Sources", f"{totals['sources']}: " + _listing([s.label for s in view.sources], SHOWN_SOURCES, totals["sources"]))
    shown = {s.id: s for s in view.sources}
    _notes(out, view.notes)
    more = {m.span_kind: m for m in view.more}
    rows: list[Row] = [(q, _name(shown.get(q.source_id), width)) for q in view.quotes]
    rows += [(more["quote"], "")] if "quote" in more else []
    rows += [(m, _name(shown.get(m.source_id), width)) for m in view.mentions]
    rows += [(more["mention"], "")] if "mention" in more else []
    return Content.assemble(*out), rows


def more_rows(spans: list[Span], sources: dict[int, Source], rest: More | None, width: int = 34) -> list[Row]:
    """The rows of a page more of a detail's spans (views.more_spans), and its own "more" row."""
    rows: list[Row] = [(span, _name(sources.get(span.source_id), width)) for span in spans]
    return rows + ([(rest, "")] if rest is not None else [])


def _sources_and_dates(view: EventView) -> Content:
    """How many sources report the event, then each with the date it gives; dates that
    differ are shown side by side, never averaged."""
    given: dict[int, list[str]] = {}
    labels: dict[int, str] = {}
    for source, span in view.evidence:
        labels[source.id] = source.label
        if span.when and span.when not in given.setdefault(source.id, []):
            given[source.id].append(span.when)
    parts: list = [f"{len(labels)} report it"]
    if len({d for ds in given.values() for d in ds}) > 1:
        parts.append(("  · the sources give different dates", "$text-warning"))
    for source_id, label in labels.items():
        parts.append((f"\n  {' / '.join(given.get(source_id, [])) or '—':>11}  ", "bold"))
        parts.append(_clip(label, 70))
    return Content.assemble(*parts)


def spread_lines(spreads: list[Spread]) -> Content:
    """One line per unit the figures disagree on: their spread over the sources."""
    return Content.assemble(
        *(
            (f"\n  spread {sp.low:g}–{sp.high:g} {visible(sp.unit or '')} over {counted(sp.sources, 'source')}", "bold $text-warning")
            for sp in spreads
            if sp.differ
        )
    )


def render_event(view: EventView, why: str = "", width: int = 34) -> Rendered:
    e = view.event
    out = _heading(e.title, f"{e.date_label} · proposed" if e.status == "proposed" else e.date_label)
    if e.summary:
        _field(out, "Summary", e.summary)
    _field(out, "Place", e.place or "—")
    _field(
        out,
        "Actors",
        " · ".join(r.name if r.role == "actor" else f"{r.name} ({r.role})" for r in view.actors if r.role != "location")
        or "—",
    )
    if why:
        _field(out, "Matched", why)
    _field(out, "Sources", _sources_and_dates(view))
    _notes(out, view.notes)
    if view.claims:
        figures: list = []
        for c in view.claims:
            number = f"{c.low:g}" if c.high in (None, c.low) else f"{c.low:g}–{c.high:g}"
            figures.append((f"\n  {number} {c.unit or ''}", CLAIM))
            figures.append((f"  claimed by {visible(c.claimed_by or 'unattributed')} · {visible(c.source)}", "dim"))
        figures.append(spread_lines(figure_spread([(c.unit, c.low, c.high, c.span.source_id) for c in view.claims])))
        _field(out, "Figures", Content.assemble(*figures))
    rows = [(span, f"{span.when} · " * bool(span.when) + _name(source, width)) for source, span in view.evidence]
    rows += [(c.span, _name(view.sources.get(c.span.source_id), width, c.source)) for c in view.claims]
    return Content.assemble(*out), rows


def render_source(view: SourceView, why: str = "", width: int = 34) -> Rendered:
    s = view.source
    out = _heading(s.label, " · ".join(x for x in (s.outlet, s.author, s.published) if x) or "no metadata")
    if s.url:
        _field(out, "URL", s.url)
    if why:
        _field(out, "Matched", why)
    _field(out, "Actors", " · ".join(a.name for a in view.actors[:12]) + (" …" if len(view.actors) > 12 else ""))
    _field(out, "Events", _listing([f"{e.date_label} {e.title}" for e in view.events]) or "none")
    _notes(out, view.notes)
    _field(out, "Spans", f"{len(view.spans)} below: enter opens the reader there; r reads from the top")
    # In one source's detail every row is from that source: the column says what the span is about.
    rows = [(span, f"{_clip(span.label, width):<{width}}") for span in view.spans if span.kind != "mention"]
    rows += [(span, f"{_clip(span.label, width):<{width}}") for span in view.spans if span.kind == "mention"]
    return Content.assemble(*out), rows

# view class -> how the detail draws it (body and spans) and its title: one per kind of item.
RENDERERS: dict[type, tuple[Callable[[Any, str, int], Rendered], Callable[[Any], str]]] = {
    ActorView: (render_actor, lambda v: f"Actor · {v.actor.name}"),
    EventView: (render_event, lambda v: f"Event · {v.event.title}"),
    SourceView: (render_source, lambda v: f"Source · {v.source.label}"),
}


def render(view: ActorView | EventView | SourceView, why: str = "", width: int = 34) -> Rendered:
    """The detail of a view: its body, and its rows as (span, source name), drawn when shown.
    Plain work, safe off the UI thread."""
    return RENDERERS[type(view)][0](view, why, width)


class DetailPanel(Vertical):
    """The detail of the highlighted item."""

    view: ActorView | EventView | SourceView | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(
                Content.styled("Highlight an actor, event or source to see its detail.", "dim"), id="detail-body"
            )
        yield SpanList(id="spans")

    @property
    def where_width(self) -> int:
        """The width of the rows' source column at the panel's current size."""
        return where_width(self.size.width or 80)

    def show(self, view: ActorView | EventView | SourceView, rendered: Rendered, marks: frozenset[int]) -> None:
        """Show a view drawn by `render` (in a worker), with these quotes marked."""
        body, rows = rendered
        self.border_title = visible(RENDERERS[type(view)][1](view) or "")
        self.view = view
        self.query_one("#detail-body", Static).update(body)
        spans = self.query_one(SpanList)
        spans.show(rows, marks)

    def message(self, text: str) -> None:
        self.border_title = ""
        self.view = None
        self.query_one("#detail-body", Static).update(Content.styled(text, "dim"))
        self.query_one(SpanList).show([], frozenset(), empty="")
