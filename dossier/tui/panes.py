"""The list panes, one per kind of item (views.KINDS). Each posts its own messages; the
screen coordinates them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dossier.model import Actor, Event, Source
from dossier.text import fold
from dossier.tui.styles import EVENT, MENTION, QUOTE
from dossier.views import KindSpec

_WORD = re.compile(r"[^\W_]+")


def mark_matches(line: Content, terms: frozenset[str]) -> Content:
    """Underline the words of a row that the search matched (folded prefix match)."""
    if not terms:
        return line
    for m in _WORD.finditer(line.plain):
        word = fold(m.group(0))
        if any(word.startswith(t) for t in terms):
            line = line.stylize("bold underline", m.start(), m.end())
    return line


class ItemOption(Option):
    """A list row that carries the id of what it shows."""

    def __init__(self, prompt: Content, kind: str, item_id: int, label: str) -> None:
        super().__init__(prompt, id=f"{kind}-{item_id}")
        self.kind = kind
        self.item_id = item_id
        self.label = label


class ListPane(OptionList):
    """A pane listing the items of one kind, capped, with an empty state."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="pane.down",
                tooltip="Next item (↓ too); highlighting an item filters the other panes"),
        Binding("k", "cursor_up", "Up", show=False, id="pane.up", tooltip="Previous item (↑ too)"),
        Binding("g", "first", "Top", show=False, id="pane.top", tooltip="First item (home too)"),
        Binding("G", "last", "Bottom", show=False, id="pane.bottom", tooltip="Last item (end too)"),
        Binding("enter", "select", "Detail", show=False, id="pane.detail", tooltip="Focus the item's detail"),
    ]

    class Highlighted(Message):
        """The user moved to another item in this pane."""

        def __init__(self, pane: ListPane, kind: str, item_id: int, label: str) -> None:
            super().__init__()
            self.pane = pane
            self.kind = kind
            self.item_id = item_id
            self.label = label

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ListPane.Highlighted) and message.pane is self.pane

    class EndReached(Message):
        """The cursor neared the last row of a pane that lists only some of its items."""

        def __init__(self, pane: ListPane) -> None:
            super().__init__()
            self.pane = pane

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ListPane.EndReached) and message.pane is self.pane

    class Opened(Message):
        """The user pressed enter on an item."""

        def __init__(self, kind: str, item_id: int, label: str) -> None:
            super().__init__()
            self.kind = kind
            self.item_id = item_id
            self.label = label

    def __init__(self, spec: KindSpec) -> None:
        super().__init__(id=spec.plural)
        self.kind = spec.name
        self.title = f"{spec.key} {spec.title}"
        self.render_item = ROWS[spec.name]
        self.border_title = self.title
        self._ids: list[int] = []
        self._terms: frozenset[str] = frozenset()
        self._quiet_id: int | None = None  # highlighted by a refresh, not by the user
        self._partial = False  # it lists only some of its items: the end asks for more

    @property
    def current(self) -> ItemOption | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option if isinstance(option, ItemOption) else None

    def show(self, items: list, total: int, empty: str, terms: frozenset[str] = frozenset()) -> None:
        """Replace the rows, keeping the highlighted item when it is still there."""
        ids = [item.id for item in items]
        self.border_subtitle = f"{len(items)} of {total}" if total > len(items) else str(total)
        self._partial = total > len(items)
        if ids == self._ids and items and terms == self._terms:
            return
        self._terms = terms
        keep = self.current.item_id if self.current else None
        self._ids = ids
        self.clear_options()
        if not items:
            self.add_option(Option(Content.styled(empty, "dim italic"), disabled=True))
            return
        options = []
        for item in items:
            prompt, label = self.render_item(item)
            options.append(ItemOption(mark_matches(prompt, terms), self.kind, item.id, label))
        self.add_options(options)
        index = ids.index(keep) if keep in ids else 0
        self._quiet_id = ids[index]
        self.highlighted = index

    def highlight_id(self, item_id: int) -> None:
        """Move to an item without it counting as the user's move."""
        if item_id in self._ids:
            index = self._ids.index(item_id)
            if index != self.highlighted:
                self._quiet_id = item_id
                self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._partial and event.option_index >= self.option_count - 3:
            self.post_message(self.EndReached(self))
        option = event.option
        if not isinstance(option, ItemOption):
            return
        if option.item_id == self._quiet_id:
            self._quiet_id = None
            return
        self._quiet_id = None
        self.post_message(self.Highlighted(self, option.kind, option.item_id, option.label))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = event.option
        if isinstance(option, ItemOption):
            self.post_message(self.Opened(option.kind, option.item_id, option.label))


def _count(n: int, mark: str = "") -> str:
    """A count in at most four characters: 7, 312, 4.5k, 23k; blank for zero."""
    if not n:
        return ""
    if n < 1000:
        return f"{n}{mark}"
    if n < 10_000:
        return f"{n / 1000:.1f}k{mark}"
    return f"{n // 1000}k{mark}"


def actor_row(actor: Actor) -> tuple[Content, str]:
    """An actor's row and label; a proposed actor is in italics, marked "proposed"."""
    # Counts first, in fixed columns, so long names cannot push them out of sight:
    # mentions, quotes (❝) and events (◆); zeros are left blank.
    # A proposal (found by extraction, not yet reviewed) is in italics and says so, as
    # proposed events are.
    line = Content.assemble(
        (f"{_count(actor.mentions):>4}", MENTION),
        (f"{_count(actor.quotes, '❝'):>5}", QUOTE),
        (f"{_count(actor.events, '◆'):>5} ", EVENT),
        (actor.name, "italic") if actor.proposed else actor.name,
        (f"  {actor.kind.replace('_', ' ')}", "dim"),
        ("  proposed", "$text-warning") if actor.proposed else "",
    )
    return line, actor.name


def event_row(event: Event) -> tuple[Content, str]:
    """An event's row (date, sources reporting it, title) and label; a proposed event (found
    in the sources, not curated) is marked ◇ and in italics."""
    if event.status == "proposed":
        line = Content.assemble(
            (f"{event.date_label:>11} ", "bold"), (f"{event.sources:>2}", MENTION), ("◇ ", "$text-warning"), (event.title, "italic")
        )
    else:
        line = Content.assemble((f"{event.date_label:>11} ", "bold"), (f"{event.sources:>2}▪ ", MENTION), event.title)
    return line, event.title


def source_row(source: Source) -> tuple[Content, str]:
    """A source's row (date, outlet, title) and label."""
    line = Content.assemble(
        (f"{source.published or 'undated':>10} ", "bold"),
        (f"{source.outlet} · ", "dim") if source.outlet else "",
        source.label,
    )
    return line, source.label


# kind name (views.KINDS) -> how its pane draws one item: (row, label)
ROWS: dict[str, Callable[[Any], tuple[Content, str]]] = {"actor": actor_row, "event": event_row, "source": source_row}
