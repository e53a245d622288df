"""One open dossier for an interactive front end: the database, its search index and state.

The TUI runs queries from worker threads, so every database call goes through one lock.
Plain Python: the TUI calls it, and tests drive it headless.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from typing import TYPE_CHECKING, Any

from dossier import store, views
from dossier.model import Counts, Source

if TYPE_CHECKING:
    from dossier.compare import CompareView
    from dossier.search import SearchResults, Searcher

SEARCH_LIMIT = 100
PANE_ROWS = 200  # rows a pane lists (its title says how many there are); search reaches the rest
KEPT = 64  # pane lists and searches kept, per filters and query


@dataclass(frozen=True)
class Change:
    """What another connection (an ingest, a merge) changed since the session last looked."""

    before: Counts
    after: Counts

    @property
    def new_sources(self) -> int:
        return self.after.sources - self.before.sources


def _says_something(query: str) -> bool:
    """Whether a query asks for anything: words, a phrase or an exclusion. One of nothing but
    marks (a lone quotation mark, typed to open a phrase) lists the panes as no query does,
    with their true totals, not as the search's plain lists, which stop at its limit."""
    if not query.strip():
        return False
    from dossier.search import parse_query  # loaded with the search index, not at startup

    parsed = parse_query(query)
    return not parsed.empty or bool(parsed.excluded)


@dataclass
class Snapshot:
    """What the panes show for a set of filters and a query, and the search behind it."""

    lists: views.Lists
    results: SearchResults | None


class Session:
    """A read-only dossier with its search index, safe to call from several threads."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.db = store.open_reader(self.path)  # plain sqlite3: sqlite-utils stays unloaded
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._kept_results: OrderedDict[tuple, Any] = OrderedDict()
        self._items: dict[str, dict[int, Any]] = {}  # kind -> id -> its pane row, as search listed it
        with self._lock:
            self.counts = store.counts(self.db)
            self._version = store.data_version(self.db)

    @property
    def searcher(self) -> Searcher:
        """The search index, built on first use (its fuzzy index takes a moment on big dossiers)."""
        if self._searcher is None:
            from dossier.search import Searcher  # rapidfuzz loads with it: here, not before the first frame

            self._searcher = Searcher(self.db)
        return self._searcher

    def warm_up(self) -> None:
        """Build the search index now, off the UI thread, before the user types."""
        with self._lock:
            self.searcher  # noqa: B018 - built for its side effect

    def changes(self) -> Change | None:
        """The change since the last look, when another connection has committed (a cheap
        check: `PRAGMA data_version`); the search index is then rebuilt on its next use."""
        with self._lock:
            version = store.data_version(self.db)
            if version == self._version:
                return None
            self._version = version
            self._searcher = None
            self._kept_results.clear()
            self._items.clear()
            before, self.counts = self.counts, store.counts(self.db)
            return Change(before, self.counts)

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def snapshot(self, filters: list[views.Filter], query: str = "", rows: Mapping[str, int] | None = None) -> Snapshot:
        """The pane lists under the filters, ranked by the query when there is one; `rows`:
        how many rows a pane lists (kind name -> count; PANE_ROWS unless given).

        Each pane's list is kept per the filters that apply to it (not those of its own
        kind) and the query, until the dossier changes: moving along a pane recounts only
        the other panes, and going back counts nothing again."""
        with self._lock:
            results = None
            if _says_something(query):
                results = self._kept(("search", query), partial(self.searcher.search, query, limit=SEARCH_LIMIT, snippets=False))
            lists = views.Lists({}, {})
            for spec in views.KINDS:
                applying = tuple(f for f in filters if f.kind != spec.name)
                ranked = None if results is None else spec.hit_ids(results)
                cap = (rows or {}).get(spec.name, PANE_ROWS)
                lists.rows[spec.name], lists.totals[spec.name] = self._kept(
                    (spec.name, applying, query, cap),
                    partial(views.pane_list, self.db, spec, list(applying), ranked, cap, self._items.setdefault(spec.name, {})),
                )
            return Snapshot(lists, results)

    def _kept(self, key: tuple, compute):
        """compute(), kept under key until the dossier changes (at most KEPT results)."""
        if key in self._kept_results:
            self._kept_results.move_to_end(key)
            return self._kept_results[key]
        value = self._kept_results[key] = compute()
        while len(self._kept_results) > KEPT:
            self._kept_results.popitem(last=False)
        return value

    def view(self, kind: str, item_id: int) -> views.ActorView | views.EventView | views.SourceView:
        """The detail view of one item, its long lists capped (views.DETAIL_CAP; more_spans
        pages on)."""
        with self._lock:
            if kind == "actor":
                return views.actor_view(self.db, item_id, cap=views.DETAIL_CAP)
            return views.KIND[kind].view(self.db, item_id)

    def more_spans(self, more: views.More) -> tuple[list[views.Span], dict[int, Source], views.More | None]:
        """A page more of a detail's spans, the sources they cite, and what is left after it."""
        with self._lock:
            return views.more_spans(self.db, more)

    def compare(self, group_id: int | None = None, quote_ids: list[int] | None = None) -> CompareView:
        """A comparison: a stored quote group, or any quotes side by side."""
        from dossier import compare  # rapidfuzz and the extraction words: on the first comparison, not at startup

        with self._lock:
            if group_id is not None:
                return compare.group_view(self.db, group_id)
            return compare.compare_view(self.db, quote_ids or [], "Marked quotes")

    def groups(self) -> list[tuple[int, str, int]]:
        """(id, label, renderings) of every quote group, for the palette and actor cards."""
        with self._lock:
            return store.quote_groups(self.db)

    def figures(self, source_ids: list[int]) -> list[dict]:
        """The figures these sources state, with who claims them and the event they concern."""
        with self._lock:
            return store.figures(self.db, source_ids)

    def markdown(self, view, beginning=None) -> tuple[str, str]:
        """A view as Markdown and its default file name (see dossier.export); beginning is
        given the export's first lines as soon as they are made (see export._Doc)."""
        from dossier import export  # it imports search, so sqlite-utils: loaded on the first export

        with self._lock:
            if isinstance(view, views.ActorView) and view.cap is not None:
                view = views.actor_view(self.db, view.actor.id)  # the card in full, not the detail's first page
            return export.view_markdown(views.exportable(self.db, view), beginning=beginning)

    def search(self, query: str, limit: int = 20) -> SearchResults:
        with self._lock:
            return self.searcher.search(query, limit=limit)

    def catalog(self) -> list[tuple[str, int, str]]:
        """(kind, id, label) of every actor, event and source, for the command palette."""
        with self._lock:
            return views.catalog(self.db)
