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
    lead: str = ""  # the opening of the text, to name a source that has no title
    mentions: int = 0
    quotes: int = 0
    events: int = 0

    @property
    def label(self) -> str:
        """A title to show even when the source has none recorded: its first line, shortened."""
        if self.title:
            return self.title
        first = next((line.strip() for line in self.lead.splitlines() if line.strip()), "")
        if not first:
            return f"(untitled) {self.slug}"
        return first if len(first) <= 80 else first[:79].rstrip() + "…"


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


@dataclass(frozen=True)
class Counts:
    sources: int
    actors: int
    events: int
    mentions: int
    quotes: int
