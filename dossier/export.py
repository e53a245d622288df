"""Markdown exports of what the screens show: an actor, an event, a source, search results,
a quote comparison, or the whole dossier.

Exports are built from the same view objects the TUI draws, so "export the current view"
means exactly what the user sees. Everything that comes from an article or the database
is escaped: it reads as text and can never open a heading, list, table, link, code span or
HTML. Every quote, evidence item and figure cites its source as a footnote `[^sN]` (N is
the source id), resolved at the end to the source's title, outlet, date and URL.

Exporters take a view and never the database: `views.exportable(db, view)` adds the sources
a view may cite, `views.dossier_view(db)` is the whole dossier.

Plain Python: the CLI and the TUI both call this; nothing here imports Textual.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dossier.compare import CompareView, Op, Rendering
from dossier.errors import DossierError
from dossier.text import counted, fold, visible
from dossier.model import ACTOR_KINDS, Source, format_date
from dossier.search import SearchResults
from dossier import views
from dossier.views import ActorView, ClaimLine, DossierView, EventView, Exportable, SourceView

EXPORT_DIR = "exports"
UNKNOWN = "unknown"

# -- escaping -------------------------------------------------------------------------------------

# Characters that may open inline or block structure anywhere on a line (`^` opens inline
# footnotes and, in Pandoc, superscript). `<`, `>` and `&` become entities instead (HTML,
# autolinks, blockquotes, entity references).
_SPECIAL = re.compile(r"[\\`*_\[\]~|#^]")
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What opens a block only at the start of a line: bullets, setext underlines, ordered lists.
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_LINE_START = ("-", "+", "=")
_SAFE_URL = re.compile(r"https?://[^\s<>\\`\"\x00-\x1f\x7f]+", re.IGNORECASE)
# What GFM autolinkers (GitHub, cmark-gfm, markdown-it with linkify) turn into links in plain
# text: `scheme://`, `//host`, `www.` and other host names (a dot between a word and two or
# more letters, as before a top-level domain), and e-mail addresses. A backslash before the
# `:`, each `/` of `//`, such a dot and every `@` keeps them text in every renderer, so a
# citation right after a URL stays a citation.
_AUTOLINKABLE = re.compile(r":(?=/)|/(?=/)|(?<=/)/|(?<=\w)\.(?=[^\W\d_]{2})|@")


def _clean(text: object) -> str:
    """Text from the database as a string: CRLF as LF, control characters made visible."""
    if text is None:
        return ""
    return visible(str(text).replace("\r\n", "\n"))


def _escape_chars(text: str) -> str:
    """Escape every character that could start inline structure (no line-start handling)."""
    return _AUTOLINKABLE.sub(r"\\\g<0>", _SPECIAL.sub(r"\\\g<0>", text.translate(_ENTITIES)))


def _guard_start(line: str) -> str:
    """Escape what would open a block at the start of an already escaped line, and a final
    "!" that a citation `[^sN]` right after it would turn into an image."""
    if line.endswith("!"):  # _escape_chars never escapes "!", so this one is bare
        line = line[:-1] + "\\!"
    if line.startswith(_LINE_START):
        return "\\" + line
    return _ORDERED.sub(r"\1\\\2", line)


def inline(text: object, empty: str = "") -> str:
    """Escaped text for one line (a heading, table cell, list item, footnote): newlines
    and runs of whitespace become single spaces. `empty` stands in for blank text."""
    flat = " ".join(_clean(text).split())
    if not flat:
        return _guard_start(_escape_chars(empty)) if empty else ""
    return _guard_start(_escape_chars(flat))


def block_lines(text: object, empty: str = "(empty)") -> list[str]:
    """Escaped lines of a paragraph or blockquote: every line kept, blank lines dropped so
    the text stays one paragraph, leading whitespace dropped so nothing becomes code."""
    lines = [_guard_start(_escape_chars(line.strip())) for line in _clean(text).split("\n")]
    lines = [line for line in lines if line]
    return lines or [_escape_chars(empty)]


def _highlighted(snippet: str, highlights: Iterable[Sequence[int]]) -> str:
    """A search snippet on one line, escaped, with the highlighted stretches in **bold**."""
    spans: list[list[int]] = []
    for start, end in sorted((int(h[0]), int(h[1])) for h in highlights):
        start, end = max(0, start), min(len(snippet), end)
        if end <= start:
            continue
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        pieces += [(snippet[pos:start], False), (snippet[start:end], True)]
        pos = end
    pieces.append((snippet[pos:], False))
    out = []
    for text, bold in pieces:
        text = re.sub(r"\s+", " ", _clean(text))
        if not bold:
            out.append(_escape_chars(text))
            continue
        # Bold must start and end on a letter or digit, or some renderers leave the stars.
        alnum = [i for i, ch in enumerate(text) if ch.isalnum()]
        if not alnum:
            out.append(_escape_chars(text))
            continue
        a, b = alnum[0], alnum[-1] + 1
        out.append(_escape_chars(text[:a]) + "**" + _escape_chars(text[a:b]) + "**" + _escape_chars(text[b:]))
    line = "".join(out).strip()
    return _guard_start(line) if line else "(empty)"


def _marked(ops: Sequence[Op]) -> str:
    """A rendering against its pivot: ~~pivot-only words~~, **this rendering's words**;
    minor differences (case, accents, punctuation) are shown as this rendering's text."""
    parts = []
    for op in ops:
        pivot, other = _escape_chars(" ".join(_clean(op.pivot).split())), _escape_chars(" ".join(_clean(op.other).split()))
        if op.op == "equal" or op.minor:
            parts.append(other)
        elif op.op == "delete":
            parts.append(f"~~{pivot}~~" if pivot else "")
        elif op.op == "insert":
            parts.append(f"**{other}**" if other else "")
        else:
            parts.append(" ".join(p for p in (f"~~{pivot}~~" if pivot else "", f"**{other}**" if other else "") if p))
    line = " ".join(p for p in parts if p)
    return _guard_start(line) if line else "(empty)"


# -- numbers and labels --------------------------------------------------------------------------


def _num(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return UNKNOWN
    if low is None or high is None or low == high:
        return _num(low if low is not None else high)
    return f"{_num(low)}–{_num(high)}"


def _kind(kind: str | None) -> str:
    return (kind or UNKNOWN).replace("_", " ")


_PRECISION_WORDS = {"day": "known to the day", "month": "known to the month", "year": "known to the year"}


# -- the document --------------------------------------------------------------------------------


BEGINNING_LINES = 60  # the lines of an export handed to `beginning` before the rest is made
Beginning = Callable[[str], None] | None  # given the beginning of an export (see _Doc)


class _Doc:
    """Blocks of Markdown separated by blank lines, and the sources they cite.

    beginning: called once, from the thread making the document, with its text as soon as it
    holds BEGINNING_LINES lines: those lines are the finished document's first ones (blocks
    are whole, and footnotes come last), so a preview can show them while the rest of a long
    export (an actor with thousands of quotes) is made."""

    def __init__(self, sources: dict[int, Source], origin: str, today: date | None,
                 beginning: Beginning = None):
        self.sources = sources  # every source that may be cited
        self.origin = origin
        self.today = today or date.today()
        self._blocks: list[str] = []
        self.cited: dict[int, None] = {}  # in the order first cited
        self.beginning = beginning
        self._lines = -1  # lines of the text so far (blocks are joined by a blank line)

    def _add(self, block: str) -> None:
        self._blocks.append(block)
        if self.beginning is not None:
            self._lines += block.count("\n") + 2
            if self._lines >= BEGINNING_LINES:
                beginning, self.beginning = self.beginning, None
                beginning("\n\n".join(self._blocks))

    def cite(self, source_id: int) -> str:
        self.cited.setdefault(source_id, None)
        return f"[^s{int(source_id)}]"

    def heading(self, level: int, text: str) -> None:
        """`text` is already escaped Markdown on one line."""
        self._add("#" * level + " " + (text or "(untitled)"))

    def para(self, lines: str | list[str]) -> None:
        self._add(lines if isinstance(lines, str) else "\n".join(lines))

    def bullets(self, items: Iterable[str]) -> None:
        items = list(items)
        if items:
            self._add("\n".join(f"- {item}" for item in items))

    def quote(self, lines: list[str], source_id: int | None = None, attribution: str | None = None) -> None:
        """A blockquote of escaped lines, cited; an attribution line after a blank `>`."""
        lines = list(lines)
        if source_id is not None:
            lines[-1] += self.cite(source_id)
        out = [f"> {line}" for line in lines]
        if attribution:
            out += [">", f"> — {attribution}"]
        self._add("\n".join(out))

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        """A table of escaped cells (pipes are escaped by `inline`)."""
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        for row in rows:
            lines.append("| " + " | ".join(cell or " " for cell in row) + " |")
        self._add("\n".join(lines))

    def none(self, what: str) -> None:
        self.para(f"_No {what}._")

    def text(self) -> str:
        for sid in self.cited:
            self._add(_footnote(sid, self.sources.get(sid)))
        self._add(f"_Generated by dossier from {inline(self.origin, 'memory')} on {self.today.isoformat()}._")
        return "\n\n".join(self._blocks) + "\n"


def _doc(exportable: Exportable, today: date | None, beginning: Beginning = None) -> tuple[_Doc, Any]:
    """A new document citing the exportable's sources, and its view."""
    return _Doc(exportable.sources, exportable.origin, today, beginning), exportable.view


def _footnote(source_id: int, source: Source | None) -> str:
    """`[^sN]: title, outlet, date, URL`; "unknown" for what is not recorded."""
    if source is None:
        return f"[^s{source_id}]: Source {source_id} (not in this database)."
    if source.title and source.title.strip():
        title = f"“{inline(source.title)}”"
    else:
        title = f"Untitled ({inline(source.slug)})"
    return (
        f"[^s{source_id}]: {title}. Outlet: {inline(source.outlet, UNKNOWN)}. "
        f"Published: {inline(source.published, UNKNOWN)}. URL: {_url(source.url)}."
    )


def _url(url: str | None) -> str:
    if url and _SAFE_URL.fullmatch(url.strip()):
        return f"<{url.strip()}>"
    return inline(url, UNKNOWN)


def _source_line(doc: _Doc, source: Source) -> str:
    return (
        f"{inline(source.label, source.slug)}{doc.cite(source.id)} — {inline(source.outlet, 'outlet unknown')}, "
        f"{inline(source.published, 'date unknown')}"
    )


def _event_line(event) -> str:
    place = f" ({inline(event.place)})" if event.place else ""
    return f"**{inline(event.date_label)}** — {inline(event.title, '(untitled)')}{place}"


# -- actor ---------------------------------------------------------------------------------------


PROPOSED = "(proposed)"
UNREVIEWED = "proposed by extraction, not reviewed by an analyst"


def _notes(doc: _Doc, notes: Sequence[str]) -> None:
    """An analyst's notes on the item, when there are any."""
    if notes:
        doc.heading(2, f"Notes ({len(notes)})")
        doc.bullets(inline(n) for n in notes)


def actor_markdown(exportable: Exportable[ActorView], *, today: date | None = None, beginning: Beginning = None) -> str:
    """An actor's card: kind and description, spellings by source, quotes, events, sources."""
    doc, view = _doc(exportable, today, beginning)
    actor = view.actor
    doc.heading(1, inline(actor.name, "(unnamed)") + (f" {PROPOSED}" if actor.proposed else ""))
    doc.bullets(
        [
            *([f"**Status:** {UNREVIEWED}"] if actor.proposed else []),
            f"**Kind:** {inline(_kind(actor.kind))}",
            f"**Mentions:** {sum(view.mentions_by_source.values())} in {counted(len(view.mentions_by_source), 'source')}",
            f"**Quotes:** {len(view.quotes)}",
            f"**Events:** {len(view.events)}",
        ]
    )
    doc.para(block_lines(actor.description, "No description recorded."))
    _notes(doc, view.notes)

    doc.heading(2, f"Spellings ({len(view.spellings)})")
    ids_by_label: dict[str, list[int]] = {}
    for s in view.sources:
        ids_by_label.setdefault(s.label, []).append(s.id)
    rows = []
    for use in view.spellings:
        cells = []
        for label in use.sources:
            ids = ids_by_label.get(label, [])
            cells.append(inline(label) + (doc.cite(ids[0]) if len(ids) == 1 else ""))
        rows.append([inline(use.alias, "(empty)"), str(len(use.sources)), "; ".join(cells) or "none of these sources"])
    if rows:
        doc.table(["Spelling", "Sources", "Used in"], rows)
    else:
        doc.none("spellings recorded")

    doc.heading(2, f"Quotes ({len(view.quotes)})")
    if not view.quotes:
        doc.none("quotes")
    groups = [q.group for q in view.quotes if getattr(q, "group", None) is not None]
    labels = view.group_labels
    current: object = object()
    for q in view.quotes:
        group = getattr(q, "group", None)
        if groups and group != current:
            current = group
            if group is None:
                doc.heading(3, "Other quotes")
            else:
                doc.heading(3, f"Group {int(group)}: " + inline(labels.get(group), "renderings of one utterance"))
        doc.quote(block_lines(q.text), q.source_id)

    doc.heading(2, f"Events ({len(view.events)})")
    doc.bullets(_event_line(e) for e in view.events)
    if not view.events:
        doc.none("events")

    doc.heading(2, f"Sources ({len(view.sources)})")
    quotes = Counter(q.source_id for q in view.quotes)
    doc.bullets(
        f"{_source_line(doc, s)}; {counted(view.mentions_by_source.get(s.id, 0), 'mention')}, {counted(quotes[s.id], 'quote')}"
        for s in view.sources
    )
    if not view.sources:
        doc.none("sources")
    return doc.text()


# -- event ---------------------------------------------------------------------------------------


def event_markdown(exportable: Exportable[EventView], *, today: date | None = None, beginning: Beginning = None) -> str:
    """An event: date at its precision, summary, place, actors with roles, each source's
    evidence, and the figures the sources give, with their spread."""
    doc, view = _doc(exportable, today, beginning)
    event = view.event
    doc.heading(1, f"{inline(event.date_label)} — {inline(event.title, '(untitled)')}")
    doc.para(block_lines(event.summary, "No summary recorded."))
    precision = _PRECISION_WORDS.get(event.precision or "", "")
    doc.bullets(
        [
            f"**Date:** {inline(event.date_label)}" + (f" ({precision})" if event.date and precision else ""),
            f"**Place:** {inline(event.place, UNKNOWN)}",
            f"**Sources:** {len({s.id for s, _ in view.evidence})}",
            *(["**Status:** proposed (found in the sources by ingest, not curated)"] if event.status == "proposed" else []),
        ]
    )
    _notes(doc, view.notes)

    doc.heading(2, f"Actors ({len(view.actors)})")
    doc.bullets(f"**{inline(r.name, '(unnamed)')}** — {inline(r.role, UNKNOWN)}" for r in view.actors)
    if not view.actors:
        doc.none("actors recorded")

    doc.heading(2, f"Evidence ({len(view.evidence)})")
    if not view.evidence:
        doc.none("evidence")
    last: int | None = None
    for source, span in view.evidence:
        if source.id != last:
            last = source.id
            doc.heading(3, inline(source.label, source.slug))
        if span.when:
            doc.para(f"Dates it: {inline(span.when)}")
        doc.quote(block_lines(span.text), span.source_id)

    doc.heading(2, f"Figures ({len(view.claims)})")
    if view.claims:
        doc.table(
            ["Source", "Claimed by", "Low–high", "Unit"],
            [
                [
                    inline(c.source, f"source {c.span.source_id}") + doc.cite(c.span.source_id),
                    inline(c.claimed_by, "unattributed"),
                    _range(c.low, c.high),
                    inline(c.unit, UNKNOWN),
                ]
                for c in view.claims
            ],
        )
        for line in figure_spread(view.claims, doc.cite):
            doc.para(line)
    else:
        doc.none("figures")
    return doc.text()


def figure_spread(claims: Sequence[ClaimLine], cite=lambda sid: "") -> list[str]:
    """In words, per unit: where the figures differ (low–high over all of them, each figure
    with its source), or that several sources agree."""
    out = []
    for spread in views.figure_spread([(c.unit, c.low, c.high, c.span.source_id) for c in claims]):
        group = [claims[i] for i in spread.members]
        unit = inline(spread.unit, "(no unit)")
        if spread.differ:
            each = "; ".join(f"{_range(c.low, c.high)}{cite(c.span.source_id)}" for c in group)
            out.append(
                f"**Figures differ:** {_range(spread.low, spread.high)} {unit} "
                f"across {counted(spread.sources, 'source')} ({each})."
            )
        elif spread.sources > 1:
            out.append(f"Sources agree: {_range(group[0].low, group[0].high)} {unit} ({spread.sources} sources).")
    return out


# -- source --------------------------------------------------------------------------------------


def source_markdown(exportable: Exportable[SourceView], *, today: date | None = None, beginning: Beginning = None) -> str:
    """A source: its metadata ("unknown" where not recorded), its quotes with their
    speakers, the actors it mentions (with counts) and the events it supports."""
    doc, view = _doc(exportable, today, beginning)
    s = view.source
    doc.heading(1, inline(s.label, s.slug))
    doc.bullets(
        [
            f"**Title:** {inline(s.title, UNKNOWN)}",
            f"**Outlet:** {inline(s.outlet, UNKNOWN)}",
            f"**Author:** {inline(s.author, UNKNOWN)}",
            f"**Published:** {inline(s.published, UNKNOWN)}",
            f"**URL:** {_url(s.url)}",
            f"**Slug:** {inline(s.slug, UNKNOWN)}",
        ]
    )
    _notes(doc, view.notes)
    quotes = [sp for sp in view.spans if sp.kind == "quote"]
    doc.heading(2, f"Quotes ({len(quotes)})")
    for q in quotes:
        doc.quote(block_lines(q.text), q.source_id, inline(q.label, "unattributed"))
    if not quotes:
        doc.none("quotes")

    counts = Counter(sp.label for sp in view.spans if sp.kind == "mention")
    actors = sorted(view.actors, key=lambda a: (-counts.get(a.name, 0), a.name.casefold()))
    doc.heading(2, f"Actors mentioned ({len(actors)})")
    if actors:
        doc.table(
            ["Actor", "Kind", "Mentions"],
            [
                [inline(a.name, "(unnamed)") + (f" {PROPOSED}" if a.proposed else ""), inline(_kind(a.kind)), str(counts.get(a.name, 0))]
                for a in actors
            ],
        )
    else:
        doc.none("actors mentioned")

    doc.heading(2, f"Events ({len(view.events)})")
    doc.bullets(_event_line(e) for e in view.events)
    if not view.events:
        doc.none("events")
    return doc.text()


# -- search --------------------------------------------------------------------------------------


def search_markdown(exportable: Exportable[SearchResults], *, today: date | None = None, beginning: Beginning = None) -> str:
    """Search results for a query: actors, events, sources and quotes, each hit with what
    matched and its snippet (matches in bold)."""
    doc, results = _doc(exportable, today, beginning)
    doc.heading(1, f"Search: {inline(results.query, '(everything)')}")
    counts = [
        counted(len(results.actors), "actor"),
        counted(len(results.events), "event"),
        counted(len(results.sources), "source"),
        counted(len(results.quotes), "quote"),
    ]
    doc.para(", ".join(counts) + ".")
    if results.expansions:
        doc.para(
            "Also searched: "
            + "; ".join(f"{inline(k)} → {', '.join(inline(v) for v in vs)}" for k, vs in results.expansions.items())
            + "."
        )

    doc.heading(2, f"Actors ({len(results.actors)})")
    doc.bullets(
        f"**{inline(h.name, '(unnamed)')}** ({inline(_kind(h.kind))})"
        + (f" — matched {inline(h.matched)}" if h.matched else "")
        for h in results.actors
    )
    if not results.actors:
        doc.none("actors match")

    doc.heading(2, f"Events ({len(results.events)})")
    doc.bullets(
        f"**{inline(format_date(h.date, h.precision))} — {inline(h.title, '(untitled)')}**"
        + _matched(h.matched)
        + f": {_highlighted(h.snippet, h.highlights)}"
        for h in results.events
    )
    if not results.events:
        doc.none("events match")

    doc.heading(2, f"Sources ({len(results.sources)})")
    items = []
    for h in results.sources:
        known = doc.sources.get(h.id)
        label = known.label if known else (h.title or h.slug)
        items.append(
            f"**{inline(label, h.slug)}**{doc.cite(h.id)} — {inline(h.outlet, 'outlet unknown')}, "
            f"{inline(h.published, 'date unknown')}{_matched(h.matched)}: {_highlighted(h.snippet, h.highlights)}"
        )
    doc.bullets(items)
    if not results.sources:
        doc.none("sources match")

    doc.heading(2, f"Quotes ({len(results.quotes)})")
    for h in results.quotes:
        doc.quote([_highlighted(h.snippet, h.highlights)], h.source_id,
                  inline(h.speaker, "unattributed") + _matched(h.matched, ";"))
    if not results.quotes:
        doc.none("quotes match")
    return doc.text()


def _matched(matched: Sequence[str], sep: str = " —") -> str:
    return f"{sep} matched {', '.join(inline(m) for m in matched)}" if matched else ""


# -- compare -------------------------------------------------------------------------------------


def compare_markdown(exportable: Exportable[CompareView], *, today: date | None = None, beginning: Beginning = None) -> str:
    """Renderings of one utterance, each against the pivot: ~~pivot's words~~ and
    **this rendering's words**, with a summary table of similarity."""
    doc, view = _doc(exportable, today, beginning)
    doc.heading(1, f"Compare: {inline(view.label, 'quotes')}")
    if not view.renderings:
        doc.none("renderings")
        return doc.text()
    pivot = view.renderings[view.pivot] if 0 <= view.pivot < len(view.renderings) else view.renderings[0]
    doc.para(
        [
            f"**Speaker:** {inline(view.speaker, 'unattributed')} · {counted(len(view.renderings), 'rendering')} · "
            f"**pivot:** {inline(pivot.source, f'source {pivot.source_id}')}{doc.cite(pivot.source_id)}",
        ]
    )
    doc.para(
        "Each rendering is read against the pivot: ~~struck~~ words are the pivot's only, **bold** words "
        "this rendering's only; differences only of case, accents or punctuation show this rendering's "
        "words unmarked."
    )
    doc.heading(2, "Summary")
    rows = []
    for i, r in enumerate(view.renderings, 1):
        is_pivot = r is pivot
        rows.append(
            [
                str(i),
                inline(r.source, f"source {r.source_id}") + doc.cite(r.source_id),
                "pivot" if is_pivot else f"{round(r.similarity * 100)}%",
                "—" if is_pivot else str(_substantive(r)),
            ]
        )
    doc.table(["#", "Source", "Similarity to pivot", "Differences"], rows)
    for i, r in enumerate(view.renderings, 1):
        is_pivot = r is pivot
        doc.heading(2, f"{i}. {inline(r.source, f'source {r.source_id}')}" + (" (pivot)" if is_pivot else ""))
        doc.bullets(
            [
                f"**Outlet:** {inline(r.outlet, UNKNOWN)} · **Published:** {inline(r.published, UNKNOWN)}",
                f"**Speaker as named:** {inline(r.speaker, 'unattributed')}",
                "**Similarity to pivot:** "
                + ("pivot" if is_pivot else f"{round(r.similarity * 100)}%, {counted(_substantive(r), 'difference')}"),
            ]
        )
        lines = block_lines(r.text) if is_pivot or not r.ops else [_marked(r.ops)]
        doc.quote(lines, r.source_id)
    return doc.text()


def _substantive(r: Rendering) -> int:
    return sum(1 for op in r.ops if op.op != "equal" and not op.minor)


# -- the whole dossier ---------------------------------------------------------------------------


def dossier_markdown(view: DossierView, *, today: date | None = None) -> str:
    """The whole dossier: a timeline of events (dates at their precision), the actors with
    kinds, aliases and descriptions, and the sources."""
    doc = _Doc({s.id: s for s in view.sources}, view.origin, today)
    doc.heading(1, f"Dossier: {inline(view.origin, 'memory')}")
    n = view.counts
    doc.para(
        f"{counted(n.sources, 'source')}, {counted(n.actors, 'actor')}, {counted(n.events, 'event')}, "
        f"{counted(n.quotes, 'quote')}."
    )

    events, evidence = view.events, view.evidence
    doc.heading(2, f"Timeline ({len(events)})")
    if events:
        doc.table(
            ["Date", "Event", "Summary", "Place", "Sources"],
            [
                [
                    inline(e.date_label),
                    inline(e.title, "(untitled)"),
                    inline(e.summary, "—"),
                    inline(e.place, "—"),
                    " ".join(doc.cite(s) for s in evidence.get(e.id, [])) or "—",
                ]
                for e in events
            ],
        )
    else:
        doc.none("events")

    actors, aliases = list(view.actors), view.aliases
    order = {k: i for i, k in enumerate(ACTOR_KINDS)}
    actors.sort(key=lambda a: (order.get(a.kind, len(order)), a.kind, a.name.casefold()))
    doc.heading(2, f"Actors ({len(actors)})")
    if actors:
        doc.table(
            ["Actor", "Kind", "Aliases", "Description"],
            [
                [
                    inline(a.name, "(unnamed)") + (f" {PROPOSED}" if a.proposed else ""),
                    inline(_kind(a.kind)),
                    ", ".join(inline(x) for x in dict.fromkeys(aliases.get(a.id, [])) if x != a.name and x.strip())
                    or "—",
                    inline(a.description, "—"),
                ]
                for a in actors
            ],
        )
    else:
        doc.none("actors")

    sources = view.sources
    doc.heading(2, f"Sources ({len(sources)})")
    if sources:
        doc.table(
            ["Source", "Outlet", "Author", "Published", "URL", "Mentions", "Quotes"],
            [
                [
                    inline(s.label, s.slug) + doc.cite(s.id),
                    inline(s.outlet, UNKNOWN),
                    inline(s.author, UNKNOWN),
                    inline(s.published, UNKNOWN),
                    _url(s.url),
                    str(s.mentions),
                    str(s.quotes),
                ]
                for s in sources
            ],
        )
    else:
        doc.none("sources")
    return doc.text()


# -- files ---------------------------------------------------------------------------------------


def default_export_name(kind: str, label: str) -> str:
    """A safe relative file name for an export: `exports/<kind>-<label slug>.md`."""

    def slug(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", fold(text or "")).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

    parts = [p for p in (slug(kind), slug(label)[:60].strip("-")) if p]
    return f"{EXPORT_DIR}/{'-'.join(parts) or 'export'}.md"


def write_markdown(path: Path, text: str, force: bool = False) -> Path:
    """Write text to path atomically (a temporary file beside it, then a rename).

    An existing file is kept unless force; a missing folder is an error, except an
    `exports` folder inside an existing directory, which is created. Raises DossierError
    naming the path for a directory, a missing folder or a file that cannot be written,
    and never leaves a temporary file behind.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise DossierError(f"{path} is a directory. Give a file name, such as {path / 'export.md'}.")
    folder = path.parent
    if not folder.exists():
        if folder.name == EXPORT_DIR and folder.parent.is_dir():
            try:
                folder.mkdir()
            except FileExistsError:
                pass
            except OSError as exc:
                raise DossierError(f"Cannot create folder {folder}: {exc.strerror or exc}.") from None
        else:
            raise DossierError(f"Cannot write {path}: folder {folder} does not exist.")
    elif not folder.is_dir():
        raise DossierError(f"Cannot write {path}: {folder} is not a folder.")
    if (path.exists() or path.is_symlink()) and not force:
        raise DossierError(f"{path} already exists. Overwrite it with --force, or choose another name.")
    if not text.endswith("\n"):
        text += "\n"
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o777 if force and path.exists() else 0o644
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
        tmp = None
    except DossierError:
        raise
    except PermissionError:
        raise DossierError(f"Cannot write {path}: permission denied.") from None
    except IsADirectoryError:
        raise DossierError(f"{path} is a directory. Give a file name.") from None
    except OSError as exc:
        raise DossierError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def _place_new(tmp: str, path: Path) -> None:
    """Move tmp to path only if path still does not exist (another writer may have made it)."""
    try:
        os.link(tmp, path)  # fails if path exists: no silent overwrite, even in a race
    except FileExistsError:
        raise DossierError(f"{path} already exists. Overwrite it with --force, or choose another name.") from None
    except OSError:
        # Hard links unsupported here (some network or FAT file systems): check, then rename.
        if path.exists():
            raise DossierError(f"{path} already exists. Overwrite it with --force, or choose another name.") from None
        os.replace(tmp, path)
        return
    try:
        os.unlink(tmp)
    except OSError:
        pass  # the export is in place; a stray link to it is harmless


__all__ = [
    "actor_markdown",
    "block_lines",
    "compare_markdown",
    "default_export_name",
    "dossier_markdown",
    "event_markdown",
    "figure_spread",
    "inline",
    "search_markdown",
    "source_markdown",
    "write_markdown",
]


# Each kind of view: its exporter, and the kind and name its default file name is made of.
_EXPORTERS = (
    (ActorView, actor_markdown, lambda v: ("actor", v.actor.name)),
    (EventView, event_markdown, lambda v: ("event", v.event.slug)),
    (SourceView, source_markdown, lambda v: ("source", v.source.slug)),
    (SearchResults, search_markdown, lambda v: ("search", v.query or "all")),
    (CompareView, compare_markdown, lambda v: ("compare", v.label)),
)


def view_markdown(exportable: Exportable, *, today: date | None = None, beginning: Beginning = None) -> tuple[str, str]:
    """Any view (actor, event, source, search results, comparison), made exportable by
    views.exportable, as (Markdown, default file name); beginning: see _Doc."""
    view = exportable.view
    for kind, exporter, named in _EXPORTERS:
        if isinstance(view, kind):
            return exporter(exportable, today=today, beginning=beginning), default_export_name(*named(view))
    raise TypeError(f"Nothing to export for {type(view).__name__}")
