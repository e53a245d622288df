"""The detail view of whatever is highlighted: an actor card, an event, or a source.

A header shows the facts; below it a list of the spans that support them (quotes,
evidence, mentions), each of which opens the reader at that exact place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dossier.text import visible
from dossier.views import ActorView, EventView, SourceView, Span, Spread, figure_spread

KIND_STYLE = {"quote": "yellow", "evidence": "green", "mention": "cyan", "claim": "magenta"}


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class SpanOption(Option):
    def __init__(self, prompt: Text, span: Span) -> None:
        super().__init__(prompt)
        self.span = span


class SpanList(OptionList):
    """Supporting spans; enter or o opens the reader there."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("o", "open_span", "Open in source"),
        Binding("c", "compare", "Compare"),
        Binding("space", "mark", "Mark quote", show=False),
    ]

    class OpenSpan(Message):
        """Open the reader on a span."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class Compare(Message):
        """Compare the renderings of a quote (its group), or the marked quotes."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class Marked(Message):
        """A quote was marked or unmarked for a pairwise comparison."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    @property
    def current_span(self) -> Span | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.span if isinstance(option, SpanOption) else None

    def action_open_span(self) -> None:
        if self.current_span is not None:
            self.post_message(self.OpenSpan(self.current_span))

    def action_compare(self) -> None:
        if self.current_span is not None:
            self.post_message(self.Compare(self.current_span))

    def action_mark(self) -> None:
        span = self.current_span
        if span is not None and span.kind == "quote":
            self.post_message(self.Marked(span))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, SpanOption):
            self.post_message(self.OpenSpan(event.option.span))


def span_option(span: Span, where: str, width: int = 34) -> SpanOption:
    line = Text(no_wrap=True, overflow="ellipsis")
    kind = f"{span.kind}{'≈' if span.group else ''}"  # ≈: other sources render it too (c compares)
    line.append(f"{kind:<8} ", style=KIND_STYLE.get(span.kind, ""))
    line.append(f"{_clip(where, width):<{width}}  ", style="bold")
    if span.kind == "mention" and span.context:
        # The words around the mention tell two mentions apart; the mention itself stands out.
        context = " ".join(visible(span.context).split())
        at = context.find(span.text)
        if at >= 0:
            line.append("…" + context[:at])
            line.append(span.text, style="bold cyan")
            line.append(context[at + len(span.text) :] + "…")
            return SpanOption(line, span)
    line.append(f"“{_clip(span.text)}”" if span.kind in ("quote", "evidence", "claim") else _clip(span.text))
    return SpanOption(line, span)


def _heading(text: str, extra: str = "") -> Text:
    line = Text()
    line.append(visible(text), style="bold")
    if extra:
        line.append(f" · {visible(extra)}", style="dim")
    return line


def _field(out: Text, name: str, value: str | Text) -> None:
    out.append(f"\n{name:<10} ", style="bold")
    out.append(value if isinstance(value, Text) else visible(value))


def _listing(items: list[str], limit: int = 4) -> str:
    """A few items, then how many more: keeps a field to a line or two."""
    shown = " · ".join(items[:limit])
    return shown + (f" · +{len(items) - limit} more" if len(items) > limit else "")


def render_actor(view: ActorView, why: str = "") -> tuple[Text, list[SpanOption]]:
    a = view.actor
    out = _heading(a.name, a.kind.replace("_", " "))
    if a.description:
        out.append(f" · {visible(a.description)}")
    spellings = " · ".join(f"{s.alias} ({len(s.sources)})" for s in view.spellings)
    _field(out, "Spellings", spellings or "—")
    if why:
        _field(out, "Matched", why)
    groups = {q.group for q in view.quotes if q.group}
    _field(
        out,
        "Quotes",
        f"{len(view.quotes)} rendering(s) of {len(groups) + sum(1 for q in view.quotes if not q.group)} utterance(s)"
        + ("; ≈ marks one other sources render too: c compares them" if groups else "")
        if view.quotes
        else "none found",
    )
    _field(out, "Events", _listing([f"{e.date_label} {e.title}" for e in view.events]) or "none")
    _field(out, "Sources", f"{len(view.sources)}: " + _listing([s.label for s in view.sources], 3))
    labels = {s.id: s.label for s in view.sources}
    options = [span_option(q, labels.get(q.source_id, "")) for q in view.quotes]
    options += [span_option(m, labels.get(m.source_id, "")) for m in view.mentions]
    return out, options


def _sources_and_dates(view: EventView) -> Text:
    """How many sources report the event, then each with the date it gives; dates that
    differ are shown side by side, never averaged."""
    out = Text(f"{len({s.id for s, _ in view.evidence})} report it")
    given: dict[int, list[str]] = {}
    labels = {}
    for source, span in view.evidence:
        labels[source.id] = source.label
        if span.when and span.when not in given.setdefault(source.id, []):
            given[source.id].append(span.when)
    dates = {d for ds in given.values() for d in ds}
    if len(dates) > 1:
        out.append("  · the sources give different dates", style="yellow")
    for source_id, label in labels.items():
        out.append(f"\n  {' / '.join(given.get(source_id, [])) or '—':>11}  ", style="bold")
        out.append(visible(_clip(label, 70)))
    return out


def render_event(view: EventView, why: str = "") -> tuple[Text, list[SpanOption]]:
    e = view.event
    out = _heading(e.title, e.date_label + (" · proposed" if e.status == "proposed" else ""))
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
    if view.claims:
        figures = Text()
        for c in view.claims:
            number = f"{c.low:g}" if c.high in (None, c.low) else f"{c.low:g}–{c.high:g}"
            figures.append(f"\n  {number} {c.unit or ''}", style="magenta")
            figures.append(f"  claimed by {c.claimed_by or 'unattributed'} · {c.source}", style="dim")
        figures.append(spread_lines(figure_spread([(c.unit, c.low, c.high, c.span.source_id) for c in view.claims])))
        _field(out, "Figures", figures)
    options = [span_option(span, f"{span.when} · {source.label}" if span.when else source.label) for source, span in view.evidence]
    options += [span_option(c.span, c.source) for c in view.claims]
    return out, options


def spread_lines(spreads: list[Spread]) -> Text:
    """One line per unit the figures disagree on: their spread over the sources."""
    out = Text()
    for sp in spreads:
        if sp.differ:
            out.append(f"\n  spread {sp.low:g}–{sp.high:g} {visible(sp.unit or '')} over {sp.sources} source(s)", style="bold yellow")
    return out


def render_source(view: SourceView, why: str = "") -> tuple[Text, list[SpanOption]]:
    s = view.source
    out = _heading(s.label, " · ".join(x for x in (s.outlet, s.author, s.published) if x) or "no metadata")
    if s.url:
        _field(out, "URL", s.url)
    if why:
        _field(out, "Matched", why)
    _field(out, "Actors", " · ".join(a.name for a in view.actors[:12]) + (" …" if len(view.actors) > 12 else ""))
    _field(out, "Events", _listing([f"{e.date_label} {e.title}" for e in view.events]) or "none")
    _field(out, "Spans", f"{len(view.spans)} below: enter opens the reader there; r reads from the top")
    options = [span_option(span, span.label) for span in view.spans if span.kind != "mention"]
    options += [span_option(span, span.label) for span in view.spans if span.kind == "mention"]
    return out, options


# view class -> how the detail draws it (body and spans) and its title: one per kind of item.
RENDERERS: dict[type, tuple[Callable[[Any, str], tuple[Text, list[SpanOption]]], Callable[[Any], str]]] = {
    ActorView: (render_actor, lambda v: f"Actor · {v.actor.name}"),
    EventView: (render_event, lambda v: f"Event · {v.event.title}"),
    SourceView: (render_source, lambda v: f"Source · {v.source.label}"),
}


class DetailPanel(Vertical):
    """The detail of the highlighted item."""

    view: ActorView | EventView | SourceView | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(Text("Highlight an actor, event or source to see its detail.", style="dim"), id="detail-body")
        yield SpanList(id="spans")

    def show(self, view: ActorView | EventView | SourceView, why: str = "") -> None:
        render, title = RENDERERS[type(view)]
        body, options = render(view, why)
        self.border_title = visible(title(view) or "")
        self.view = view
        self.query_one("#detail-body", Static).update(body)
        spans = self.query_one(SpanList)
        spans.clear_options()
        if options:
            spans.add_options(options)
            spans.highlighted = 0
        else:
            spans.add_option(Option(Text("No supporting spans.", style="dim italic"), disabled=True))

    def message(self, text: str) -> None:
        self.border_title = ""
        self.view = None
        self.query_one("#detail-body", Static).update(Text(text, style="dim"))
        self.query_one(SpanList).clear_options()
