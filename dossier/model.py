"""Dataclasses shared by every layer: what a row means, independent of storage or UI."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.text import shorten

ACTOR_KINDS = ("person", "organization", "state", "armed_group", "place", "media")
EVENT_ROLES = ("actor", "target", "speaker", "location")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Source:
    id: int
    slug: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    mentions: int = 0
    quotes: int = 0
    events: int = 0

    @property
    def label(self) -> str:
        """How the source is named wherever it appears (see source_label)."""
        return source_label(self.title, self.outlet, self.slug)


# source_label in SQL, for lists built by a query (the palette's catalog); a test keeps the two equal.
_BLANKS = " \t\n\r"
_BLANK = "char(32, 9, 10, 13)"
SOURCE_LABEL_SQL = (
    f"coalesce(nullif(trim(title, {_BLANK}), ''), nullif(trim(outlet, {_BLANK}), '') || ', untitled', "
    "'untitled ' || slug)"
)


def source_label(title: str | None, outlet: str | None, slug: str) -> str:
    """A source's name: its title; an untitled one by its outlet, else by its slug. Never a
    line of its text: an article's opening is often a caption or a notice, not a headline."""
    title, outlet = (title or "").strip(_BLANKS), (outlet or "").strip(_BLANKS)
    if title:
        return title
    if outlet:
        return f"{outlet}, untitled"
    return f"untitled {slug}"


@dataclass(frozen=True)
class Actor:
    id: int
    slug: str
    name: str
    kind: str
    description: str | None
    mentions: int = 0
    quotes: int = 0
    events: int = 0
    status: str = "curated"  # "proposed": extraction found the name, no analyst has reviewed it

    @property
    def proposed(self) -> bool:
        return self.status == "proposed"


@dataclass(frozen=True)
class Event:
    id: int
    slug: str
    date: str | None
    precision: str | None
    title: str
    summary: str | None
    place: str | None = None
    sources: int = 0
    status: str = "curated"  # or "proposed": found in the sources, not yet curated

    @property
    def date_label(self) -> str:
        """The date as precise as it is known: "25 Jul 2024", "Jul 2024", "2024" or "undated"."""
        return format_date(self.date, self.precision)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def format_date(date: str | None, precision: str | None) -> str:
    """Render an ISO date at its precision."""
    if not date:
        return "undated"
    parts = date.split("-")
    try:
        if precision == "year" or len(parts) == 1:
            return parts[0]
        month = _MONTHS[int(parts[1]) - 1]
        if precision == "month" or len(parts) == 2:
            return f"{month} {parts[0]}"
        return f"{int(parts[2])} {month} {parts[0]}"
    except (ValueError, IndexError):
        return date


def source_name(outlet: str | None, published: str | None, title: str | None, room: int = 0) -> str:
    """How a list names a source: its outlet and date first, then as much of its title as
    `room` characters allow (all of it when room is 0): "Kyiv Independent · 4 Aug 2024 ·
    Mali cuts ties…".

    Without an outlet the date alone does not tell sources apart, so a few words of the
    title are kept even when they overflow the room. `title` may be the source's label: an
    untitled source's label ("Kyiv Post, untitled") only repeats the outlet, so it is left out."""
    head = " · ".join(x for x in (outlet, format_date(published, "day") if published else "undated") if x)
    if outlet and title == source_label(None, outlet, ""):
        title = None
    if not title:
        return head
    if not room:
        return f"{head} · {' '.join(title.split())}"
    left = room - len(head) - 3
    if outlet and left < 12:
        return head
    return f"{head} · {shorten(title, max(left, 12))}"


@dataclass(frozen=True)
class Counts:
    sources: int
    actors: int
    events: int
    mentions: int
    quotes: int
