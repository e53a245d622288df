"""Dataclasses shared by every layer: what a row means, independent of storage or UI."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Counts:
    sources: int
    actors: int
    events: int
    mentions: int
    quotes: int
