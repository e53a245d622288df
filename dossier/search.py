"""Search across actors, events, sources and quotes: safe FTS5 plus typo and alias tolerance.

What a user types is parsed into terms, quoted phrases and `-excluded` terms, and always
becomes a valid FTS5 expression (every token is quoted, so FTS5 syntax typed by the user is
just text). Terms that are rare or absent in the index are expanded with vocabulary terms
within a small edit distance, and a query that names an actor by any spelling also searches
that actor's other spellings. Every hit says why it matched.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from dossier import store
from dossier.text import fold

if TYPE_CHECKING:  # the browser searches over a plain connection (store.Reader)
    import sqlite_utils

DEFAULT_LIMIT = 20
_TOKEN = re.compile(r"[^\W_]+")
_HIGHLIGHT = re.compile("\x02(.*?)\x03", re.S)
_MARKERS = re.compile("[\x02\x03]")
ACTOR_CUTOFF = 70  # blended similarity (0-100) below which an alias is not a match
WORD_CUTOFF = 0.6  # per-word actor matches below this score are dropped
ALIAS_EXPANSION_CUTOFF = 80  # fuzz.ratio at which the query counts as a spelling of an alias
MAX_EXPANSIONS = 4
BROAD = 1000  # estimated matches above which hits come newest first instead of by bm25
CLOSE_WORDS_KEPT = 512  # query words whose close words (alias words, spellings, completions) a Searcher keeps
# A word being typed, longer than the prefix indexes reach, whose words fill more than this
# many rows: FTS5 would merge all their posting lists (twice, with bm25) on each keystroke.
# It is searched as the indexed words it begins instead, when there are at most COMPLETIONS.
PREFIX_MERGE_ROWS = 2000
COMPLETIONS = 24


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query: bare terms, quoted phrases and excluded terms, all folded."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    prefix: bool = False  # the last term is still being typed
    words: tuple[str, ...] = ()  # every positive word, in the order typed

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)

    @property
    def text(self) -> str:
        """The positive part as plain folded words, for fuzzy matching against names."""
        return " ".join(self.words)


def tokens(text: str) -> list[str]:
    """Split text into folded tokens the way the FTS5 unicode61 tokenizer does."""
    return store.fts_tokens(text)


def parse_query(text: str) -> ParsedQuery:
    """Parse anything a user types; never raises."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    positive: list[str] = []

    def add(words: list[str]) -> None:
        # One word is a term; several from one chunk ("don't", "al-Qaeda", a quoted
        # phrase) must stay together, in order.
        positive.extend(words)
        if len(words) == 1:
            terms.append(words[0])
        elif words:
            phrases.append(tuple(words))

    for i, part in enumerate(text.split('"')):
        if i % 2 == 1:  # inside quotes; an unclosed quote runs to the end
            add(tokens(part))
            continue
        for chunk in part.split():
            if chunk.startswith("-") and len(chunk) > 1:
                excluded.extend(tokens(chunk[1:]))
            else:
                add(tokens(chunk))
    # The last term is a prefix while the user is still typing it: the query ends inside a
    # bare word (not a phrase, not an exclusion).
    chunks = text.split()
    prefix = (
        bool(terms)
        and not text[-1].isspace()
        and text.count('"') % 2 == 0
        and not text.endswith('"')
        and not chunks[-1].startswith("-")
        and len(tokens(chunks[-1])) == 1
        and bool(_TOKEN.fullmatch(fold(text[-1])))
    )
    return ParsedQuery(
        terms=tuple(dict.fromkeys(terms)),
        phrases=tuple(dict.fromkeys(phrases)),
        excluded=tuple(t for t in dict.fromkeys(excluded) if t not in terms),
        prefix=prefix,
        words=tuple(positive),
    )


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts_expression(
    parsed: ParsedQuery,
    expansions: dict[str, list[str]] | None = None,
    alias_phrases: Iterable[tuple[str, ...]] = (),
    completions: Iterable[str] = (),
) -> str | None:
    """Build a valid FTS5 MATCH expression, or None when nothing positive was asked for.

    expansions maps a term or phrase (as typed, folded) to other words or phrases that may
    stand for it; alias_phrases are alternatives to the whole query; completions, the indexed
    words that the word being typed begins, stand for its prefix query (they match the same rows).
    """
    expansions = expansions or {}
    clauses = []

    def clause(first: list[str], key: str) -> str:
        options = list(dict.fromkeys([*first, *(_quote(t) for t in expansions.get(key, []))]))
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

    for i, term in enumerate(parsed.terms):
        # A one-letter prefix would match most of the index: it waits for a second letter.
        last = parsed.prefix and i == len(parsed.terms) - 1 and len(term) >= 2
        words = [_quote(t) for t in completions] if last else []
        clauses.append(clause(words or [_quote(term) + ("*" if last else "")], term))
    for phrase in parsed.phrases:
        text = " ".join(phrase)
        clauses.append(clause([_quote(text)], text))
    if not clauses:
        return None
    expr = " AND ".join(clauses)
    alternatives = [_quote(" ".join(p)) for p in alias_phrases]
    if alternatives:
        expr = "(" + " OR ".join([f"({expr})", *alternatives]) + ")"
    for term in parsed.excluded:
        expr = f"{expr} NOT {_quote(term)}"
    return expr


# A hit's fields up to `score` are the columns its kind selects (see SEARCHED); a hit of the
# browser's panes (no snippets) carries its id, score and what matched, the rest left blank.


@dataclass
class ActorHit:
    id: int
    name: str
    kind: str
    score: float = 0.0
    matched: str = ""  # the alias (or field) that matched


@dataclass
class EventHit:
    id: int
    slug: str = ""
    date: str | None = None
    precision: str | None = None
    title: str = ""
    score: float = 0.0
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)


@dataclass
class SourceHit:
    id: int
    slug: str = ""
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    score: float = 0.0
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)


@dataclass
class QuoteHit:
    id: int
    text: str = ""
    speaker: str | None = None
    source_id: int = 0
    score: float = 0.0
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    actors: list[ActorHit] = field(default_factory=list)
    events: list[EventHit] = field(default_factory=list)
    sources: list[SourceHit] = field(default_factory=list)
    quotes: list[QuoteHit] = field(default_factory=list)
    expansions: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The documented `dossier search --json` shape."""
        data = asdict(self)
        for spec in SEARCHED:
            if spec.snippet is not None:
                for hit in data[spec.plural]:
                    hit["highlights"] = [list(h) for h in hit["highlights"]]
        return data

    def source_ids(self) -> list[int]:
        """Every source these results refer to: the sources found and those of the quotes."""
        return [h.id for h in self.sources] + [h.source_id for h in self.quotes]


@dataclass(frozen=True)
class SearchedKind:
    """How hits of one kind are found: the SQL for its FTS5 index and for its plain list.

    The hit class's fields before `score` are the columns selected (`columns`, over the
    kind's table as `alias`, and `joins`)."""

    kind: str  # "event": its name, as in views.KINDS
    plural: str  # "events": its list in SearchResults
    hit: type
    alias: str
    columns: str
    order: str  # the plain list's order (an empty query)
    joins: str = ""
    weights: str = ""  # bm25() column weights, for hits with snippets
    snippet: tuple[int, int] | None = None  # snippet() column (-1: the best) and length in tokens
    preview: str | None = None  # SQL for the text a plain-list hit shows as its snippet
    by_text: bool = True  # ranked by FTS5 over its text (actors are matched by name first)

    @property
    def table(self) -> str:
        return self.kind

    def fts_sql(self, order: str) -> str:
        """Hits, with snippets, for an FTS5 expression (the first ?), ranked by `order`, at most
        LIMIT (the second ?)."""
        fts, a = f"{self.table}_fts", self.alias
        weights = f", {self.weights}" if self.weights else ""
        marked = ""
        if self.snippet is not None:
            column, length = self.snippet
            marked = f", snippet({fts}, {column}, char(2), char(3), '…', {length}) AS marked"
        return (
            f"SELECT {self.columns}, bm25({fts}{weights}) AS rank{marked} FROM {fts} "
            f"JOIN {self.table} {a} ON {a}.id = {fts}.rowid {self.joins} WHERE {fts} MATCH ? {order} LIMIT ?"
        )

    def list_sql(self, db, where: str) -> str:
        """The plain list (no query) of db, restricted by `where`, at most LIMIT (the last ?)."""
        preview = f", {self.preview} AS preview" if self.preview else ""
        order = self.order.format(mentions=store.tally_sql(db, "mentions", f"{self.alias}.id"))
        return f"SELECT {self.columns}{preview} FROM {self.table} {self.alias} {self.joins} {where} ORDER BY {order} LIMIT ?"

    def make(self, row: dict[str, Any], **rest: Any) -> Any:
        """A hit from a row of fts_sql or list_sql, plus its score, snippet and what matched."""
        if "preview" in row:
            rest.setdefault("snippet", row["preview"])
        return self.hit(**{name: row[name] for name in _columns(self.hit)}, **rest)


@functools.cache
def _columns(hit: type) -> tuple[str, ...]:
    """The fields of a hit class that come from its row: those before `score`."""
    names = [f.name for f in fields(hit)]
    return tuple(names[: names.index("score")])


# Every kind search finds, in the order of SearchResults.
SEARCHED: tuple[SearchedKind, ...] = (
    SearchedKind(
        kind="actor",
        plural="actors",
        hit=ActorHit,
        alias="a",
        columns="a.id, a.name, a.kind",
        order="{mentions} DESC, a.name",  # the most mentioned first (list_sql)
        by_text=False,
    ),
    SearchedKind(
        kind="event",
        plural="events",
        hit=EventHit,
        alias="e",
        columns="e.id, e.slug, e.date, e.precision, e.title",
        order="e.date IS NULL, e.date, e.id",
        weights="4.0, 1.0",
        snippet=(-1, 16),
        preview="e.title",
    ),
    SearchedKind(
        kind="source",
        plural="sources",
        hit=SourceHit,
        alias="s",
        columns="s.id, s.slug, s.title, s.outlet, s.published",
        order="s.published IS NULL, s.published DESC, s.slug",
        weights="4.0, 1.0",
        snippet=(1, 16),
        preview="substr(s.text, 1, 160)",
    ),
    SearchedKind(
        kind="quote",
        plural="quotes",
        hit=QuoteHit,
        alias="q",
        columns="q.id, q.text, q.source_id, a.name AS speaker",
        joins="LEFT JOIN actor a ON a.id = q.speaker_id",
        order="q.id",
        snippet=(0, 24),
        preview="q.text",
    ),
)
SEARCHED_KIND = {spec.kind: spec for spec in SEARCHED}
KINDS = tuple(SEARCHED_KIND)


def split_snippet(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Turn an FTS5 snippet with \\x02/\\x03 markers into plain text and highlight offsets."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _HIGHLIGHT.finditer(marked):
        before = _MARKERS.sub("", marked[pos : m.start()])
        plain.append(before)
        length += len(before)
        inner = _MARKERS.sub("", m.group(1))
        spans.append((length, length + len(inner)))
        plain.append(inner)
        length += len(inner)
        pos = m.end()
    plain.append(_MARKERS.sub("", marked[pos:]))
    return "".join(plain), spans


class Searcher:
    """Search one open dossier. Builds its fuzzy index and vocabulary once, on creation."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        # Built from the rows as they are read, and lean: a big dossier has a hundred thousand
        # aliases, so ids sit in arrays (no int objects), an alias's few owners in a tuple, and
        # an actor's aliases are a run of the alias lists (read in actor order), found by bisection.
        self._alias_actor = array("q")
        self._alias_text: list[str] = []
        self._alias_folded: list[str] = []
        self._actors: dict[int, tuple[str, str]] = {}
        owners_of: dict[str, list[int]] = {}
        sql = (
            "SELECT a.id, a.name, a.kind, al.alias, al.folded FROM alias al JOIN actor a ON a.id = al.actor_id "
            "ORDER BY a.id, al.id"
        )
        for actor_id, name, kind, alias, folded in store.rows(db, sql):
            folded = " ".join(tokens(folded))
            self._alias_actor.append(actor_id)
            self._alias_text.append(alias)
            self._alias_folded.append(folded)
            if actor_id not in self._actors:
                self._actors[actor_id] = (name, sys.intern(kind))
            owners = owners_of.setdefault(folded, [])
            if actor_id not in owners:
                owners.append(actor_id)
        self._alias_index: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in owners_of.items()}
        del owners_of
        # Every distinct word of the aliases -> the aliases using it: a query is compared in
        # full only with aliases sharing a close word, which keeps 100,000 aliases fast.
        aliases_of_word: dict[str, list[int]] = {}
        for idx, folded in enumerate(self._alias_folded):
            for word in set(folded.split()):
                aliases_of_word.setdefault(word, []).append(idx)
        self._words = sorted(aliases_of_word)
        # The aliases of word i are _word_aliases[_word_starts[i]:_word_starts[i + 1]]: two
        # arrays, not one per word, which the garbage collector would walk on every full pass.
        self._word_aliases, self._word_starts = array("i"), array("i", [0])
        for word in self._words:
            self._word_aliases.extend(aliases_of_word.pop(word))
            self._word_starts.append(len(self._word_aliases))
        self._table_vocab: dict[str, tuple[list[str], array]] = {}
        self._vocab = self._load_vocabulary()
        self._vocab_terms = sorted(self._vocab)
        self._n_docs = max(1, store.counts(db).sources)
        self._unfiltered_cache: dict[tuple, SearchResults] = {}
        self._close: dict[str, list[tuple[str, float, int]]] = {}  # query word -> its close alias words
        self._completed: dict[tuple[str, str], list[str] | None] = {}  # (table, word being typed) -> completions
        self._spelled: dict[str, list[str]] = {}  # query term -> its close vocabulary terms

    def _aliases_with(self, word: int) -> array:
        """The aliases using word i of _words (their indexes)."""
        return self._word_aliases[self._word_starts[word] : self._word_starts[word + 1]]

    def _aliases_of(self, actor_id: int) -> list[str]:
        """An actor's aliases, in the order read."""
        lo = bisect.bisect_left(self._alias_actor, actor_id)
        return self._alias_text[lo : bisect.bisect_right(self._alias_actor, actor_id, lo)]

    def _load_vocabulary(self) -> dict[str, int]:
        vocab: dict[str, int] = {}
        for table in store.FTS_COLUMNS:
            rows = store.vocabulary(self.db, table)
            if rows is None:
                continue  # an older file without this index: no vocabulary from it
            terms, running, total = [], array("q", [0]), 0
            for term, doc in rows:
                term = sys.intern(term)  # one string for a word in several indexes
                vocab[term] = vocab.get(term, 0) + doc
                terms.append(term)
                total += doc
                running.append(total)
            self._table_vocab[table] = (terms, running)
        return vocab

    def estimate(self, table: str, parsed: ParsedQuery, expansions: dict[str, list[str]]) -> int:
        """An upper bound on the rows an FTS query matches, from the vocabulary alone."""
        terms, running = self._table_vocab.get(table, ([], [0]))

        def docs(word: str, prefix: bool = False) -> int:
            lo = bisect.bisect_left(terms, word)
            hi = bisect.bisect_left(terms, word + "\uffff") if prefix else lo + (lo < len(terms) and terms[lo] == word)
            return running[hi] - running[lo]

        counts = []
        for i, term in enumerate(parsed.terms):
            last = parsed.prefix and i == len(parsed.terms) - 1 and len(term) >= 2
            counts.append(docs(term, last) + sum(docs(t) for t in expansions.get(term, [])))
        for phrase in parsed.phrases:
            counts.append(min(docs(w) for w in phrase))
        return min(counts) if counts else 0

    def completions(self, table: str, parsed: ParsedQuery) -> list[str]:
        """The indexed words of a table that the word being typed begins, when FTS5 would
        merge too many posting lists to answer its prefix (none: search the prefix itself).

        Typing on filters the words of the shorter prefix; the first list comes from the index
        (store.completions), so it is exact even where the vocabulary is not."""
        if not parsed.prefix or table not in store.FTS_PREFIX_TABLES:
            return []
        word = parsed.terms[-1]
        if len(word) <= max(store.FTS_PREFIX_LENGTHS):
            return []
        key = (table, word)
        if key not in self._completed:
            shorter = self._completed.get((table, word[:-1]))
            terms, running = self._table_vocab.get(table, ([], [0]))
            lo = bisect.bisect_left(terms, word)
            hi = bisect.bisect_left(terms, word + "\uffff")
            if shorter is not None:
                found = [t for t in shorter if t.startswith(word)]
            elif running[hi] - running[lo] <= PREFIX_MERGE_ROWS or hi - lo > COMPLETIONS:
                found = None  # cheap to merge, or too many words to list (the vocabulary estimates both)
            else:
                found = store.completions(self.db, table, word, COMPLETIONS)
            _keep(self._completed, key, found)
        return self._completed[key] or []

    # -- query understanding -------------------------------------------------------------

    def expand(self, parsed: ParsedQuery) -> dict[str, list[str]]:
        """Vocabulary terms close to each rare or absent query term (typos, transliterations)."""
        rare = max(1, self._n_docs // 50)
        out: dict[str, list[str]] = {}
        for i, term in enumerate(parsed.terms):
            last = parsed.prefix and i == len(parsed.terms) - 1
            if len(term) < 4 or self._vocab.get(term, 0) > rare:
                continue
            if last and self._has_longer_word(term):
                continue  # still typing a word the index knows
            close = self._spellings(term)
            if close:
                out[term] = list(close)
        return out

    def _spellings(self, term: str) -> list[str]:
        """Vocabulary terms within a small edit distance of term, the commonest first; kept:
        a word typed before the one being typed is compared with the vocabulary only once."""
        found = self._spelled.get(term)
        if found is None:
            max_distance = 1 if len(term) < 7 else 2
            near = process.extract(
                term,
                self._vocab_terms,
                scorer=Levenshtein.distance,
                score_cutoff=max_distance,
                limit=MAX_EXPANSIONS * 3,
            )
            close = sorted((dist, -self._vocab[t], t) for t, dist, _ in near if t != term and t[:1].isalnum())
            found = _keep(self._spelled, term, [t for _, _, t in close[:MAX_EXPANSIONS]])
        return found

    def synonyms(self, parsed: ParsedQuery) -> dict[str, list[str]]:
        """For a term or phrase that is exactly one actor's alias ("GUR", "U.S."), its other spellings."""
        out: dict[str, list[str]] = {}
        for i, clause in enumerate([*parsed.terms, *(" ".join(p) for p in parsed.phrases)]):
            if parsed.prefix and i == len(parsed.terms) - 1:
                continue  # still being typed
            owners = self._alias_index.get(clause, [])
            if len(owners) != 1:
                continue  # unknown, or shared by several actors: do not guess
            (actor_id,) = owners
            others = [" ".join(tokens(a)) for a in self._aliases_of(actor_id)]
            others = [a for a in dict.fromkeys(others) if a and a != clause and not set(a.split()) & set(parsed.excluded)]
            if others:
                out[clause] = others
        return out

    def _has_longer_word(self, prefix: str) -> bool:
        i = bisect.bisect_right(self._vocab_terms, prefix)
        return i < len(self._vocab_terms) and self._vocab_terms[i].startswith(prefix)

    def match_actors(self, parsed: ParsedQuery, limit: int) -> list[ActorHit]:
        """Actors whose name or any alias matches the query, exact aliases first."""
        query = parsed.text
        if not query:
            return []
        best: dict[int, ActorHit] = {}
        candidates, word_scores = self._candidates(parsed)
        # token_set_ratio tolerates word order, missing words and transliteration; the blend
        # with the plain ratio prefers aliases that are the whole query over ones that only
        # contain it ("Mali" is Mali before it is "Mali's government").
        found = process.extract(
            query,
            {idx: self._alias_folded[idx] for idx in candidates},
            scorer=fuzz.token_set_ratio,
            score_cutoff=ACTOR_CUTOFF,
            limit=max(limit * 4, 50),
        )
        for _, set_score, idx in found:
            actor_id = self._alias_actor[idx]
            folded = self._alias_folded[idx]
            value = (0.7 * set_score + 0.3 * fuzz.ratio(query, folded)) / 100
            if folded == query:
                value += 1.0  # an exact alias match comes first
            elif parsed.prefix and folded.startswith(query):
                value += 0.5  # still typing this name
            if value < ACTOR_CUTOFF / 100:
                continue
            if actor_id not in best or value > best[actor_id].score:
                name, kind = self._actors[actor_id]
                best[actor_id] = ActorHit(actor_id, name, kind, round(value, 4), self._alias_text[idx])
        for actor_id, (value, word) in self._word_matches(parsed, word_scores).items():
            if value >= WORD_CUTOFF and (actor_id not in best or value > best[actor_id].score):
                name, kind = self._actors[actor_id]
                best[actor_id] = ActorHit(actor_id, name, kind, round(value, 4), word)
        expr = fts_expression(parsed)
        if expr:
            for r in self._fts_rows("actor", expr, limit * 2):
                if r["id"] not in best:
                    name, kind = self._actors.get(r["id"], (r["name"], r["kind"]))
                    best[r["id"]] = ActorHit(r["id"], name, kind, round(0.5 * r["rel"], 4), "description")
        hits = [h for h in best.values() if not (parsed.excluded and self._excluded(parsed, h.name))]
        hits.sort(key=lambda h: (-h.score, h.name))
        return hits[:limit]

    def _candidates(self, parsed: ParsedQuery) -> tuple[set[int], dict[str, list[tuple[str, float, int]]]]:
        """Aliases sharing a word close to a query word (or, while typing, starting with it),
        and the close words found for each query word."""
        candidates: set[int] = set()
        close: dict[str, list[tuple[str, float, int]]] = {}
        for i, word in enumerate(parsed.words):
            found = self._close_words(word) if len(word) >= 3 else []
            lo = bisect.bisect_left(self._words, word)
            hi = bisect.bisect_left(self._words, word + "\uffff")
            typing = parsed.prefix and i == len(parsed.words) - 1
            prefixed = range(lo, min(hi, lo + 200)) if typing or len(word) < 3 else range(lo, lo + (lo < hi and self._words[lo] == word))
            close[word] = found
            for _, _, idx in found:
                candidates.update(self._aliases_with(idx))
            for idx in prefixed:
                candidates.update(self._aliases_with(idx))
        return candidates, close

    def _close_words(self, word: str) -> list[tuple[str, float, int]]:
        """Alias words close to a query word, kept: typing on after a word, or going back
        to it, compares it with every alias word only once."""
        found = self._close.get(word)
        if found is None:
            found = _keep(self._close, word, process.extract(word, self._words, scorer=fuzz.ratio, score_cutoff=60, limit=200))
        return found

    def _word_matches(self, parsed: ParsedQuery, close: dict[str, list[tuple[str, float, int]]]) -> dict[int, tuple[float, str]]:
        """Actors scored by how well each query word matches some word of their aliases."""
        per_actor: dict[int, dict[str, tuple[float, str]]] = {}
        for word, found in close.items():
            if len(word) < 4:
                continue
            for alias_word, score, idx in found:
                if score < 80 or len(alias_word) < 4:
                    continue
                for actor_id in {self._alias_actor[a] for a in self._aliases_with(idx)}:
                    seen = per_actor.setdefault(actor_id, {})
                    if score > seen.get(word, (0.0, ""))[0]:
                        seen[word] = (score, alias_word)
        out = {}
        for actor_id, seen in per_actor.items():
            mean = sum(score for score, _ in seen.values()) / len(parsed.words)
            best = max(score for score, _ in seen.values())
            # A name among other words ("Kravetz drone") still finds its actor, below full matches.
            out[actor_id] = (0.85 * max(mean, 0.8 * best) / 100, ", ".join(w for _, w in seen.values()))
        return out

    def _excluded(self, parsed: ParsedQuery, name: str) -> bool:
        # Only the name counts: "JNIM -GSIM" still wants JNIM, whose alias GSIM is. The hit's
        # own name, not this index's: an actor added since the index was built has none here.
        words = set(tokens(name))
        return any(term in words for term in parsed.excluded)

    def _fts_rows(self, kind: str, expr: str, limit: int) -> list[dict[str, Any]]:
        rows = store.query(self.db, SEARCHED_KIND[kind].fts_sql("ORDER BY rank"), (expr, limit))
        for r in rows:
            r["rel"] = _relevance(r["rank"])
        return rows

    # -- the search -------------------------------------------------------------------------

    def search(
        self, text: str, kinds: Iterable[str] = KINDS, limit: int = DEFAULT_LIMIT, snippets: bool = True
    ) -> SearchResults:
        """Ranked hits of every requested kind for what the user typed. Never raises on input.

        snippets=False skips FTS5's snippet() (the costly part per hit) for callers that only
        list the hits, such as the browser's panes."""
        kinds = set(kinds)
        parsed = parse_query(text)
        results = SearchResults(query=text)
        if parsed.empty and not parsed.excluded:
            key = (tuple(sorted(kinds)), limit)
            if key not in self._unfiltered_cache:  # the data is read-only: compute it once
                self._unfiltered_cache[key] = self._unfiltered(SearchResults(query=""), kinds, limit)
            cached = self._unfiltered_cache[key]
            return SearchResults(text, **{spec.plural: list(getattr(cached, spec.plural)) for spec in SEARCHED})
        expansions = self.expand(parsed)
        for clause, others in self.synonyms(parsed).items():
            expansions[clause] = list(dict.fromkeys([*expansions.get(clause, []), *others]))
        results.expansions = {k: list(v) for k, v in expansions.items()}
        actors = self.match_actors(parsed, limit) if not parsed.empty else []
        alias_phrases = self._alias_phrases(parsed, actors)
        if alias_phrases:
            spellings = results.expansions.setdefault(parsed.text, [])
            spellings += [" ".join(p) for p in alias_phrases if " ".join(p) not in spellings]
        if "actor" in kinds:
            results.actors = actors
        exact = fts_expression(parsed)
        expanded = fts_expression(parsed, expansions, alias_phrases)
        matched = self._matched_terms(parsed, expansions, alias_phrases)
        if exact is None:  # only exclusions: everything that does not mention them
            return self._unfiltered(results, kinds, limit, parsed.excluded)
        for spec in SEARCHED:
            if spec.by_text and spec.kind in kinds:
                # Ranking every match of a very common word costs more than it tells: past
                # BROAD estimated matches, the newest come first and typing on narrows them.
                broad = self.estimate(spec.table, parsed, expansions) > BROAD
                words = self.completions(spec.table, parsed)
                own = (fts_expression(parsed, completions=words), fts_expression(parsed, expansions, alias_phrases, words))
                setattr(results, spec.plural, self._ranked(spec, *(own if words else (exact, expanded)), limit, matched, broad, snippets))
        return results

    def _alias_phrases(self, parsed: ParsedQuery, actors: list[ActorHit]) -> list[tuple[str, ...]]:
        """Other spellings of the actor the query names, when the query is one of its names.

        The whole query must be close to a whole alias (or begin one, while typing), so
        "Andrey Yusov" searches "Andriy Yusov" too, but "U.S. withdrew" is not about a name.
        """
        if not actors or actors[0].matched == "description":
            return []
        typed = parsed.text
        top = actors[0]
        own = [" ".join(tokens(a)) for a in self._aliases_of(top.id)]
        names_it = any(
            fuzz.ratio(typed, alias) >= ALIAS_EXPANSION_CUTOFF
            or (parsed.prefix and len(typed) >= 4 and alias.startswith(typed))
            for alias in own
        )
        if not names_it:
            return []
        phrases = []
        for alias in own:
            words = tuple(alias.split())
            if words and alias != typed and not set(words) & set(parsed.excluded):
                phrases.append(words)
        return list(dict.fromkeys(phrases))

    @staticmethod
    def _matched_terms(parsed, expansions, alias_phrases) -> list[str]:
        out = list(parsed.terms) + [" ".join(p) for p in parsed.phrases]
        for term, extra in expansions.items():
            out += [f"{t} (for {term})" for t in extra]
        out += [" ".join(p) + " (alias)" for p in alias_phrases]
        return out

    def _ranked(
        self,
        spec: SearchedKind,
        exact: str,
        expanded: str | None,
        limit: int,
        matched: list[str],
        broad: bool = False,
        snippets: bool = True,
    ) -> list:
        hits: dict[int, Any] = {}
        for expr, tier in ((exact, 1.0), (expanded, 0.0)):
            if expr is None or (tier == 0.0 and expr == exact):
                continue
            for hit in self._kind_rows(spec, expr, limit, tier, matched, broad, snippets):
                hits.setdefault(hit.id, hit)
            if len(hits) >= limit:
                break
        return sorted(hits.values(), key=lambda h: -h.score)[:limit]

    def _kind_rows(
        self, spec: SearchedKind, expr: str, limit: int, tier: float, matched: list[str], broad: bool, snippets: bool = True
    ) -> list:
        order = f"ORDER BY {spec.table}_fts.rowid DESC" if broad else "ORDER BY rank"
        if not snippets:
            return self._kind_rows_plain(spec, expr, limit, tier, matched, order)
        hits = []
        for r in store.query(self.db, spec.fts_sql(order), (expr, limit)):
            snippet, highlights = split_snippet(r["marked"])
            hits.append(spec.make(r, score=_score(tier, r["rank"]), snippet=snippet, highlights=highlights, matched=matched))
        return hits

    def _kind_rows_plain(
        self, spec: SearchedKind, expr: str, limit: int, tier: float, matched: list[str], order: str
    ) -> list:
        """Hits without snippets: ids and scores only."""
        fts = f"{spec.table}_fts"
        rows = store.query(
            self.db,
            f"SELECT rowid AS id, bm25({fts}) AS rank FROM {fts} WHERE {fts} MATCH ? "
            + order.replace(f"{fts}.rowid", "rowid")
            + " LIMIT ?",
            (expr, limit),
        )
        return [spec.hit(id=r["id"], score=_score(tier, r["rank"]), matched=matched) for r in rows]

    def _unfiltered(
        self, results: SearchResults, kinds: set[str], limit: int, excluded: tuple[str, ...] = ()
    ) -> SearchResults:
        """The plain lists (for an empty query), minus anything mentioning an excluded term."""
        for spec in SEARCHED:
            if spec.kind not in kinds:
                continue
            where, params = "", ()
            if excluded:
                fts = f"{spec.table}_fts"
                where = f"WHERE {spec.alias}.id NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"
                params = (" OR ".join(_quote(t) for t in excluded),)
            rows = store.query(self.db, spec.list_sql(self.db, where), (*params, limit))
            setattr(results, spec.plural, [spec.make(r) for r in rows])
        return results


def _keep(kept: dict, key, value):
    """value, kept under key, the oldest of the CLOSE_WORDS_KEPT kept dropped past that."""
    kept[key] = value
    if len(kept) > CLOSE_WORDS_KEPT:
        kept.pop(next(iter(kept)))
    return value


def _relevance(bm25: float) -> float:
    """Map FTS5's bm25 (more negative is better) into 0..1."""
    gain = max(0.0, -bm25)
    return gain / (1.0 + gain)


def _score(tier: float, bm25: float) -> float:
    return round(tier + _relevance(bm25), 4)


def search(db: sqlite_utils.Database, text: str, kinds: Iterable[str] = KINDS, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """One-off search; build a Searcher to reuse the fuzzy index across queries."""
    return Searcher(db).search(text, kinds, limit)
