"""Views are data: what a screen shows, built by plain query functions.

The TUI draws these dataclasses and the exporter writes them, so "export the current view"
means exactly what the user sees. The exporter never reads the database: `exportable` hands
it a view with the sources it cites. Nothing here imports Textual.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:  # sqlite-utils loads when a database is opened, not at startup
    import sqlite_utils

from dossier import store
from dossier.errors import DossierError
from dossier.model import SOURCE_LABEL_SQL, Actor, Counts, Event, Source, format_date
from dossier.text import fold, spelling_key

LIST_CAP = 1000  # a pane never holds more rows than this; the rest is reached by search
SPAN_CAP = 500  # mentions listed in an actor's exported card (the spellings still count them all)
DETAIL_CAP = 100  # spans of each kind the browser's detail lists at first; a page more on demand
SHOWN_EVENTS = 4  # events an actor's card names (then "+N more")
SHOWN_SOURCES = 3  # sources an actor's card names


@dataclass(frozen=True)
class Filter:
    """One breadcrumb chip: only what is linked to this item."""

    kind: str  # a kind's name: "actor", "event", "source" (see KINDS)
    id: int
    label: str


@dataclass(frozen=True)
class Span:
    """A stretch of a source's text that supports something: a mention, quote or evidence."""

    source_id: int
    start: int
    end: int
    text: str
    kind: str  # "mention" | "quote" | "evidence" | "claim"
    label: str = ""  # what it is about: actor name, speaker, event title
    context: str = ""  # for a mention, the words around it
    ref: int | None = None  # the quote's id, for a quote
    group: int | None = None  # the quote's group (its other renderings), if any
    when: str = ""  # for evidence, the date it gives its event ("6 Aug 2024"), if any


@dataclass(frozen=True)
class More:
    """Spans of one kind a detail has not listed yet: the next page starts at `offset`."""

    item_kind: str  # the item whose detail it is: "actor"
    item_id: int
    span_kind: str  # "quote" | "mention"
    offset: int  # how many are listed already
    remaining: int


@dataclass
class SpellingUse:
    alias: str
    sources: list[str]  # source labels that use this spelling (none listed in a capped card)
    total: int | None = None  # how many sources use it, when they are not listed

    @property
    def count(self) -> int:
        """How many sources use this spelling."""
        return len(self.sources) if self.total is None else self.total


@dataclass
class ActorView:
    actor: Actor
    spellings: list[SpellingUse]
    quotes: list[Span]
    events: list[Event]
    sources: list[Source]
    mentions: list[Span] = field(default_factory=list)
    # Every mention counted by source (the full card; mentions lists only the first SPAN_CAP,
    # and the detail, capped, leaves this empty).
    mentions_by_source: dict[int, int] = field(default_factory=dict)
    group_labels: dict[int, str] = field(default_factory=dict)  # quote group id -> its label
    notes: list[str] = field(default_factory=list)  # an analyst's notes on the actor, oldest first
    # How many there are in all: quotes, utterances, mentions, sources, events; and top_group,
    # its most rendered quote group (None: no group).
    totals: dict[str, Any] = field(default_factory=dict)
    more: list[More] = field(default_factory=list)  # what the lists leave out, a page at a time
    cap: int | None = None  # the cap it was built with (None: everything, as exported)

    def source_ids(self) -> list[int]:
        """Every source this view refers to."""
        return [s.id for s in self.sources] + [span.source_id for span in (*self.quotes, *self.mentions)]


@dataclass
class RoleLine:
    actor_id: int
    name: str
    role: str


@dataclass
class ClaimLine:
    source: str
    claimed_by: str | None
    low: float | None
    high: float | None
    unit: str | None
    span: Span


@dataclass(frozen=True)
class Spread:
    """What the figures given for one unit amount to: their range over every source, and
    whether they differ."""

    unit: str | None
    low: float
    high: float
    sources: int
    differ: bool
    members: tuple[int, ...]  # the positions of the figures it covers, in the list given


def figure_spread(figures: Sequence[tuple[str | None, float | None, float | None, int]]) -> list[Spread]:
    """Per unit (folded, so "Deaths" and "deaths" go together), the spread of figures given
    as (unit, low, high, source id); units with no number are left out."""
    by_unit: dict[str, list[int]] = {}
    for i, (unit, *_rest) in enumerate(figures):
        by_unit.setdefault(" ".join(fold(unit or "").split()), []).append(i)
    spreads = []
    for members in by_unit.values():
        values = [v for i in members for v in figures[i][1:3] if v is not None]
        if not values:
            continue
        spreads.append(
            Spread(
                figures[members[0]][0],
                min(values),
                max(values),
                len({figures[i][3] for i in members}),
                len({figures[i][1:3] for i in members}) > 1,
                tuple(members),
            )
        )
    return spreads


@dataclass
class EventView:
    event: Event
    actors: list[RoleLine]
    evidence: list[tuple[Source, Span]]
    claims: list[ClaimLine]
    notes: list[str] = field(default_factory=list)
    sources: dict[int, Source] = field(default_factory=dict)  # id -> every source evidence or claims cite

    def source_ids(self) -> list[int]:
        """Every source this view refers to."""
        return [s.id for s, _ in self.evidence] + [c.span.source_id for c in self.claims]


@dataclass
class SourceView:
    source: Source
    text: str
    spans: list[Span]  # mentions, quotes and evidence, in text order
    actors: list[Actor]
    events: list[Event]
    chrome: list[tuple[int, int]] = field(default_factory=list)  # page chrome, not article
    notes: list[str] = field(default_factory=list)

    def source_ids(self) -> list[int]:
        """Every source this view refers to."""
        return [self.source.id, *(span.source_id for span in self.spans)]


@dataclass
class DossierView:
    """The whole dossier: events (timeline order) with their sources, actors with their
    aliases, and every source."""

    origin: str  # the database's file name
    counts: Counts
    events: list[Event]
    evidence: dict[int, list[int]]  # event id -> the ids of the sources evidencing it
    actors: list[Actor]
    aliases: dict[int, list[str]]  # actor id -> its aliases
    sources: list[Source]


class RefersToSources(Protocol):
    """A view that can say which sources it refers to (every view but DossierView)."""

    def source_ids(self) -> list[int]: ...


V = TypeVar("V", bound=RefersToSources)


@dataclass
class Exportable(Generic[V]):
    """A view as the exporter takes it: with the sources it may cite, for the footnotes."""

    view: V
    sources: dict[int, Source]  # id -> source, for every source the view refers to
    origin: str  # the database's file name


@dataclass
class Lists:
    """What the panes show, after filters and search, with how many more exist."""

    rows: dict[str, list[Any]]  # kind name -> its pane's items, in order
    totals: dict[str, int]  # kind name -> how many there are in all


# The words around a mention (m) in its source (s): 50 characters either side.
_CONTEXT = "substr(s.text, max(1, m.start - 49), m.\"end\" - m.start + 100)"

# An actor's spans, in the order its detail lists them: its quotes, then its mentions (the
# order of the store's card indexes, so a page costs the same at any offset). The first ? is
# the actor's id, then LIMIT and OFFSET.
_ACTOR_SPANS = {
    "quote": 'SELECT id, source_id, start, "end", text, group_id FROM quote WHERE speaker_id = ? '
    "ORDER BY group_id IS NULL, group_id, source_id, start LIMIT ? OFFSET ?",
    "mention": f'SELECT m.source_id, m.start, m."end", m.surface, {_CONTEXT} AS context FROM mention m '
    "JOIN source s ON s.id = m.source_id WHERE m.actor_id = ? ORDER BY m.source_id, m.start LIMIT ? OFFSET ?",
}


def _actor_spans(db: sqlite_utils.Database, actor: Actor, kind: str, limit: int, offset: int = 0) -> list[Span]:
    rows = store.query(db, _ACTOR_SPANS[kind], (actor.id, limit, offset))
    if kind == "quote":
        return [Span(r["source_id"], r["start"], r["end"], r["text"], "quote", actor.name, ref=r["id"], group=r["group_id"])
                for r in rows]
    return [Span(r["source_id"], r["start"], r["end"], r["surface"], "mention", actor.name, r["context"]) for r in rows]


def actor_view(db: sqlite_utils.Database, actor_id: int, cap: int | None = None) -> ActorView:
    """An actor's card: spellings by source, quotes, events, sources and mentions.

    cap (the browser's detail): at most this many quotes and mentions, the sources they cite
    and the first few events, and spellings with their number of sources only; `totals`
    counts everything and `more` says what is left (see more_spans). Without a cap,
    everything (the exporter), mentions up to SPAN_CAP."""
    actors = store.list_actors(db, ids=[actor_id])
    if not actors:
        raise DossierError(f"No actor with id {actor_id}.")
    actor = actors[0]
    aliases = [r["alias"] for r in store.query(db, "SELECT alias FROM alias WHERE actor_id = ? ORDER BY id", (actor_id,))]
    event_ids = [r["event_id"] for r in store.query(db, "SELECT DISTINCT event_id FROM event_actor WHERE actor_id = ?", (actor_id,))]
    totals = _actor_totals(db, actor_id)
    totals["events"] = len(event_ids)
    quotes = _actor_spans(db, actor, "quote", -1 if cap is None else cap)
    mentions_by_source: dict[int, int] = {}  # the full card's (the detail counts totals only)
    if cap is None:
        source_ids = _source_ids_for_actor(db, actor_id)
        labels = _source_labels(db, source_ids)
        uses = _spelling_uses(aliases, store.query(
            db, "SELECT DISTINCT surface, source_id FROM mention WHERE actor_id = ? ORDER BY id", (actor_id,)
        ))  # every mention, not only the listed ones
        spellings = [
            SpellingUse(alias, [labels.get(s, f"source {s}") for s in sorted(ids)])
            for alias, ids in sorted(uses.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]
        mentions = _actor_spans(db, actor, "mention", SPAN_CAP)
        mentions_by_source = {
            r["source_id"]: r["n"]
            for r in store.query(db, "SELECT source_id, count(*) AS n FROM mention WHERE actor_id = ? GROUP BY source_id", (actor_id,))
        }
        sources = store.list_sources(db, ids=source_ids)
        events = store.list_events(db, ids=event_ids)
        totals["sources"] = len(source_ids)
        more: list[More] = []
    else:
        # Only what the card shows, from indexes: spellings with a count of sources, the
        # first few sources and events in list order, and the sources its rows cite.
        # (A source writing a name two ways that fold to one spelling counts twice here.)
        spelled = {spelling_key(a): a for a in reversed(aliases)}
        counts = dict.fromkeys(spelled.values(), 0)
        for r in store.query(
            db, "SELECT surface, count(*) AS n FROM (SELECT DISTINCT source_id, surface FROM mention WHERE actor_id = ?) "
            "GROUP BY surface",
            (actor_id,),
        ):
            shown = spelled.setdefault(spelling_key(r["surface"]), r["surface"])
            counts[shown] = counts.get(shown, 0) + r["n"]
        spellings = sorted((SpellingUse(a, [], n) for a, n in counts.items()), key=lambda u: (-u.count, u.alias))
        mentions = _actor_spans(db, actor, "mention", cap)
        # Sources: those mentioning it (counted along the index), and those quoting it without
        # a mention; the card names the first, in list order, of those its rows cite (all of
        # them when nothing is left out).
        totals["sources"] = store.query(
            db,
            "SELECT (SELECT count(DISTINCT source_id) FROM mention WHERE actor_id = :a) + "
            "(SELECT count(DISTINCT source_id) FROM quote q WHERE speaker_id = :a AND NOT EXISTS "
            "(SELECT 1 FROM mention m WHERE m.actor_id = :a AND m.source_id = q.source_id)) AS n",
            {"a": actor_id},
        )[0]["n"]
        sources = store.list_sources(db, ids=sorted({s.source_id for s in (*quotes, *mentions)}))
        events = store.list_events(db, ids=event_ids, limit=SHOWN_EVENTS)
        more = [
            More("actor", actor_id, kind, len(listed), totals[f"{kind}s"] - len(listed))
            for kind, listed in (("quote", quotes), ("mention", mentions))
            if totals[f"{kind}s"] > len(listed)
        ]
    return ActorView(
        actor, spellings, quotes, events, sources, mentions, mentions_by_source, _group_labels(db, quotes),
        notes(db, "actor", actor_id), totals=totals, more=more, cap=cap,
    )


def _spelling_uses(aliases: list[str], rows: list[dict[str, Any]]) -> dict[str, set[int]]:
    """Spelling shown -> the sources using it. Spellings that differ only in case or in the
    shape of an apostrophe are one spelling, shown as the first alias (or, for a spelling no
    alias has, the first surface) with it."""
    uses: dict[str, set[int]] = {}
    spelled: dict[str, str] = {}  # spelling_key -> the spelling shown
    for alias in aliases:
        uses.setdefault(spelled.setdefault(spelling_key(alias), alias), set())
    for r in rows:
        uses.setdefault(spelled.setdefault(spelling_key(r["surface"]), r["surface"]), set()).add(r["source_id"])
    return uses


def _actor_totals(db: sqlite_utils.Database, actor_id: int) -> dict[str, Any]:
    """How many quotes (renderings), utterances and mentions an actor has, and its most
    rendered quote group (what `c` compares from its card)."""
    row = store.query(
        db,
        f"SELECT {store.tally_sql(db, 'quotes', ':a')} AS quotes, "
        "(SELECT count(DISTINCT group_id) + count(*) - count(group_id) FROM quote WHERE speaker_id = :a) AS utterances, "
        f"{store.tally_sql(db, 'mentions', ':a')} AS mentions, "
        "(SELECT group_id FROM quote WHERE speaker_id = :a AND group_id IS NOT NULL "
        " GROUP BY group_id ORDER BY count(*) DESC, group_id LIMIT 1) AS top_group",
        {"a": actor_id},
    )[0]
    return row


def _source_labels(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str]:
    """Source id -> its one-line label, without the counts list_sources computes."""
    sql = f"SELECT id, {SOURCE_LABEL_SQL} AS label FROM source WHERE id IN (SELECT value FROM json_each(?))"
    return {r["id"]: r["label"] for r in store.query(db, sql, (json.dumps(ids),))}


def more_spans(db: sqlite_utils.Database, more: More, limit: int | None = None) -> tuple[list[Span], dict[int, Source], More | None]:
    """The next page of a detail's spans (DETAIL_CAP unless `limit`): the spans, the sources
    they cite, and what is left."""
    limit = DETAIL_CAP if limit is None else limit
    if more.item_kind != "actor":
        raise DossierError(f"No more {more.span_kind}s to list for a {more.item_kind}.")
    actors = store.list_actors(db, ids=[more.item_id])
    if not actors:
        raise DossierError(f"No actor with id {more.item_id}.")
    spans = _actor_spans(db, actors[0], more.span_kind, limit, more.offset)
    sources = {s.id: s for s in store.list_sources(db, ids=sorted({s.source_id for s in spans}))}
    left = more.remaining - len(spans)
    rest = More(more.item_kind, more.item_id, more.span_kind, more.offset + len(spans), left) if left > 0 and spans else None
    return spans, sources, rest


def notes(db: sqlite_utils.Database, kind: str, item_id: int) -> list[str]:
    """An analyst's notes on one item, oldest first."""
    return [n["text"] for n in store.notes(db, kind, item_id)]


def _group_labels(db: sqlite_utils.Database, quotes: list[Span]) -> dict[int, str]:
    ids = sorted({q.group for q in quotes if q.group is not None})
    if not ids:
        return {}
    sql = "SELECT id, label FROM quote_group WHERE id IN (SELECT value FROM json_each(?))"
    return {r["id"]: r["label"] for r in store.query(db, sql, (json.dumps(ids),))}


def _source_ids_for_actor(db: sqlite_utils.Database, actor_id: int) -> list[int]:
    return sorted(_linked(db, KIND["source"].links["actor"], actor_id))


def event_view(db: sqlite_utils.Database, event_id: int) -> EventView:
    """An event: date, place, actors with roles, each source's evidence and figures."""
    events = store.list_events(db, ids=[event_id])
    if not events:
        raise DossierError(f"No event with id {event_id}.")
    roles = [
        RoleLine(r["actor_id"], r["name"], r["role"])
        for r in store.query(
            db,
            "SELECT ea.actor_id, a.name, ea.role FROM event_actor ea JOIN actor a ON a.id = ea.actor_id "
            "WHERE ea.event_id = ? ORDER BY CASE ea.role WHEN 'actor' THEN 0 WHEN 'speaker' THEN 1 "
            "WHEN 'target' THEN 2 ELSE 3 END, ea.rowid",
            (event_id,),
        )
    ]
    rows = store.event_evidence(db, event_id)
    claim_rows = store.query(
        db,
        'SELECT c.source_id, c.low, c.high, c.unit, c.start, c."end", c.text, a.name AS claimant '
        "FROM claim c LEFT JOIN actor a ON a.id = c.claimed_by WHERE c.event_id = ? ORDER BY c.source_id, c.start",
        (event_id,),
    )
    sources = {s.id: s for s in store.list_sources(db, ids=[r["source_id"] for r in (*rows, *claim_rows)])}
    evidence = [
        (
            sources[r["source_id"]],
            Span(r["source_id"], r["start"], r["end"], r["text"], "evidence", events[0].title,
                 when=format_date(r["date"], r["precision"]) if r["date"] else ""),
        )
        for r in rows
        if r["source_id"] in sources
    ]
    claims = [
        ClaimLine(
            source=sources[r["source_id"]].label if r["source_id"] in sources else f"source {r['source_id']}",
            claimed_by=r["claimant"],
            low=r["low"],
            high=r["high"],
            unit=r["unit"],
            span=Span(r["source_id"], r["start"], r["end"], r["text"], "claim", events[0].title),
        )
        for r in claim_rows
    ]
    return EventView(events[0], roles, evidence, claims, notes(db, "event", event_id), sources)


def source_view(db: sqlite_utils.Database, source_id: int) -> SourceView:
    """A source: metadata, full text and every span in it (mentions, quotes, evidence)."""
    sources = store.list_sources(db, ids=[source_id])
    if not sources:
        raise DossierError(f"No source with id {source_id}.")
    row = store.query(db, "SELECT text, chrome FROM source WHERE id = ?", (source_id,))[0]
    text = row["text"]
    chrome = [tuple(c) for c in json.loads(row["chrome"] or "[]")]
    spans = [
        Span(source_id, r["start"], r["end"], r["surface"], "mention", r["name"], r["context"])
        for r in store.query(
            db,
            f'SELECT m.start, m."end", m.surface, a.name, {_CONTEXT} AS context FROM mention m '
            "JOIN actor a ON a.id = m.actor_id JOIN source s ON s.id = m.source_id WHERE m.source_id = ?",
            (source_id,),
        )
    ]
    spans += [
        Span(source_id, r["start"], r["end"], r["text"], "quote", r["name"] or "unattributed", ref=r["id"], group=r["group_id"])
        for r in store.query(
            db,
            'SELECT q.id, q.group_id, q.start, q."end", q.text, a.name FROM quote q '
            "LEFT JOIN actor a ON a.id = q.speaker_id WHERE q.source_id = ?",
            (source_id,),
        )
    ]
    spans += [
        Span(source_id, r["start"], r["end"], r["text"], "evidence", r["title"])
        for r in store.query(
            db,
            'SELECT v.start, v."end", v.text, e.title FROM evidence v JOIN event e ON e.id = v.event_id '
            "WHERE v.source_id = ?",
            (source_id,),
        )
    ]
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    actors = store.list_actors(db, ids=[r["actor_id"] for r in store.query(
        db, "SELECT DISTINCT actor_id FROM mention WHERE source_id = ?", (source_id,)
    )])
    events = store.list_events(db, ids=[r["event_id"] for r in store.query(
        db, "SELECT DISTINCT event_id FROM evidence WHERE source_id = ?", (source_id,)
    )])
    return SourceView(sources[0], text, spans, actors, events, chrome, notes(db, "source", source_id))


def dossier_view(db: sqlite_utils.Database) -> DossierView:
    """The whole dossier, for the Markdown export of everything."""
    evidence: dict[int, list[int]] = {}
    for r in store.query(db, "SELECT DISTINCT event_id, source_id FROM evidence ORDER BY event_id, source_id"):
        evidence.setdefault(r["event_id"], []).append(r["source_id"])
    aliases: dict[int, list[str]] = {}
    for r in store.query(db, "SELECT actor_id, alias FROM alias ORDER BY actor_id, id"):
        aliases.setdefault(r["actor_id"], []).append(r["alias"])
    return DossierView(
        origin=_origin(db),
        counts=store.counts(db),
        events=store.list_events(db),
        evidence=evidence,
        actors=store.list_actors(db),
        aliases=aliases,
        sources=store.list_sources(db),
    )


def exportable(db: sqlite_utils.Database, view: V) -> Exportable[V]:
    """A view with the sources it refers to, ready for dossier.export. The sources the view
    holds already (an actor's or an event's, read by store.list_sources as here) are not
    read again: an actor quoted in 2,500 sources took as long again to export."""
    ids = sorted(set(view.source_ids()))
    held = getattr(view, "sources", None)  # search results' sources are hits, not Sources
    held = held.values() if isinstance(held, dict) else held if isinstance(held, list) else ()
    known = {s.id: s for s in held if isinstance(s, Source)}
    missing = [i for i in ids if i not in known]
    found = known | ({s.id: s for s in store.list_sources(db, ids=missing)} if missing else {})
    return Exportable(view, {i: found[i] for i in ids if i in found}, _origin(db))


def _origin(db: sqlite_utils.Database) -> str:
    return Path(store.db_path(db)).name


# -- the kinds of item -------------------------------------------------------------------------


@dataclass(frozen=True)
class KindSpec:
    """One kind of item the browser lists in a pane: what the panes, search hits, the palette
    and the detail need to know about it.

    To add a kind: a row in KINDS with its functions (a store lister, a view builder), a link
    to and from every other kind, a row renderer in tui/panes.py and a detail renderer in
    tui/detail.py; if it is searched, a row in search.SEARCHED and a list in
    search.SearchResults named by its plural.
    """

    name: str  # "actor": what filters, messages and search call it
    plural: str  # "actors": its pane's id, and its list in search.SearchResults
    title: str  # "Actors": its pane's title
    key: str  # "1": the key that focuses its pane
    table: str  # its table in the store
    label_sql: str  # its one-line label in the command palette, as SQL over its table
    lister: Callable[..., list[Any]]  # its items, in pane order: (db, limit=, ids=) -> list
    view: Callable[[sqlite_utils.Database, int], Any]  # the detail view of one item
    # other kind's name -> SQL selecting the ids of this kind linked to one item of that
    # kind (every "?" is that item's id)
    links: Mapping[str, str] = field(default_factory=dict)

    def hit_ids(self, results: Any) -> list[int]:
        """The ids of this kind among search results (search.SearchResults), best first."""
        return [hit.id for hit in getattr(results, self.plural)]


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        name="actor",
        plural="actors",
        title="Actors",
        key="1",
        table="actor",
        label_sql="name",
        lister=store.list_actors,
        view=actor_view,
        links={
            "event": "SELECT actor_id FROM event_actor WHERE event_id = ?",
            "source": "SELECT actor_id FROM mention WHERE source_id = ? "
            "UNION SELECT speaker_id FROM quote WHERE source_id = ? AND speaker_id IS NOT NULL",
        },
    ),
    KindSpec(
        name="event",
        plural="events",
        title="Events",
        key="2",
        table="event",
        label_sql="coalesce(date || ' ', '') || title",
        lister=store.list_events,
        view=event_view,
        links={
            "actor": "SELECT event_id FROM event_actor WHERE actor_id = ?",
            "source": "SELECT event_id FROM evidence WHERE source_id = ?",
        },
    ),
    KindSpec(
        name="source",
        plural="sources",
        title="Sources",
        key="3",
        table="source",
        label_sql=SOURCE_LABEL_SQL,
        lister=store.list_sources,
        view=source_view,
        links={
            "actor": "SELECT source_id FROM mention WHERE actor_id = ? UNION SELECT source_id FROM quote WHERE speaker_id = ?",
            "event": "SELECT source_id FROM evidence WHERE event_id = ?",
        },
    ),
)
KIND: dict[str, KindSpec] = {k.name: k for k in KINDS}


def _linked(db: sqlite_utils.Database, sql: str, item_id: int) -> set[int]:
    return {next(iter(r.values())) for r in store.query(db, sql, (item_id,) * sql.count("?"))}


def linked_ids(db: sqlite_utils.Database, kind: str, filters: list[Filter]) -> set[int] | None:
    """Ids of `kind` linked to every filter of another kind; None when nothing restricts it."""
    allowed: set[int] | None = None
    links = KIND[kind].links
    for f in filters:
        if f.kind == kind:
            continue  # a pane is never filtered by its own kind: it is where the filter came from
        ids = _linked(db, links[f.kind], f.id)
        allowed = ids if allowed is None else allowed & ids
    return allowed


def pane_lists(
    db: sqlite_utils.Database,
    filters: list[Filter],
    ranked: dict[str, list[int]] | None = None,
    cap: int = LIST_CAP,
) -> Lists:
    """Every kind's pane list under the filters; `ranked` (search hits by kind, best first)
    replaces the default order and restricts each list to those hits."""
    lists = Lists({}, {})
    for spec in KINDS:
        lists.rows[spec.name], lists.totals[spec.name] = pane_list(
            db, spec, filters, None if ranked is None else ranked.get(spec.name, []), cap
        )
    return lists


def pane_list(
    db: sqlite_utils.Database,
    spec: KindSpec,
    filters: list[Filter],
    ranked: list[int] | None = None,
    cap: int = LIST_CAP,
    known: dict[int, Any] | None = None,
) -> tuple[list[Any], int]:
    """One kind's pane list under the filters (those of its own kind do not apply), and how
    many there are in all; `ranked` (its search hits, best first) gives the order and the
    items, and `known` (id -> item, filled in as items are listed) saves listing an item
    twice while the data stays the same (a search as you type finds the same items again)."""
    allowed = linked_ids(db, spec.name, filters)
    if ranked is not None:
        order = [i for i in ranked if allowed is None or i in allowed]
        known = {} if known is None else known
        missing = [i for i in order[:cap] if i not in known]
        if missing:
            known.update((item.id, item) for item in spec.lister(db, ids=missing))
        return [known[i] for i in order[:cap] if i in known], len(order)
    if allowed is None:
        return spec.lister(db, limit=cap), store.count_rows(db, spec.table)
    return spec.lister(db, limit=cap, ids=sorted(allowed)), len(allowed)  # linked ids are ids of rows


class Items(Sequence[tuple[str, int, str]]):
    """(kind, id, label) of many items, held by column: a big dossier has a hundred thousand,
    and a tuple (with its own kind string and id object) for each would double their weight."""

    def __init__(self, rows: Iterable[tuple[str, int, str]]) -> None:
        self.kinds: list[str] = []
        self.ids = array("q")
        self.labels: list[str] = []
        for kind, item_id, label in rows:
            self.kinds.append(sys.intern(kind))
            self.ids.append(item_id)
            self.labels.append(label)

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.kinds[i], self.ids[i], self.labels[i]


def catalog(db: sqlite_utils.Database) -> Items:
    """(kind, id, label) of every item of every kind, for the command palette."""
    sql = " UNION ALL ".join(f"SELECT '{k.name}' AS kind, id, {k.label_sql} AS label FROM {k.table}" for k in KINDS)
    return Items((kind, item_id, " ".join(label.split())) for kind, item_id, label in store.rows(db, sql))


__all__ = [
    "KIND",
    "KINDS",
    "ActorView",
    "DossierView",
    "EventView",
    "Spread",
    "Exportable",
    "Filter",
    "Items",
    "KindSpec",
    "Lists",
    "More",
    "SourceView",
    "Span",
    "actor_view",
    "catalog",
    "dossier_view",
    "event_view",
    "figure_spread",
    "exportable",
    "linked_ids",
    "more_spans",
    "pane_list",
    "pane_lists",
    "source_view",
]
