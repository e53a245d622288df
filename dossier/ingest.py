"""Adding articles to a dossier, and storing what extraction found in them.

`ingest()` runs the whole job: it opens (or creates) the database, reads each file
(`dossier.readers`), extracts its spans (`dossier.extract.pipeline`), flags near-duplicates
(`dossier.twins`) and stores each article all or nothing (its own savepoint; a commit every
`ARTICLES_PER_COMMIT` articles), placing its event mentions on the timeline
(`dossier.timeline`) with it. The storing functions
(`store_extraction`, `source_row`) are shared with build. Every
stored span carries offsets into the stored (cleaned) text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from dossier import indexcache, store, timeline
from dossier.errors import DossierError
from dossier.extract.dates import find_dates
from dossier.extract.institutions import GENERIC_RULES
from dossier.extract.linking import ActorIndex, Proposal
from dossier.extract.pipeline import Extraction, extract, redate
from dossier.extract.text import chrome_spans, clean_text
from dossier.pool import Ahead
from dossier.readers import Article, read_article
from dossier.text import fold, visible
from dossier.twins import TwinFinder, fingerprint

# -- storing -------------------------------------------------------------------------------------


def actor_index(db: sqlite_utils.Database, keep: bool = False) -> ActorIndex:
    """The dossier's actors and aliases as extraction needs them: the last run's index brought
    up to date, or a build (see dossier.indexcache). keep: an ingest run's, which keeps a
    build for the next run (when no transaction is open); otherwise the dossier is only read."""
    with _no_collection():
        loaded = indexcache.load(db)
        if keep:
            indexcache.save(db, loaded)
        return loaded.index


@contextlib.contextmanager
def _no_collection():
    """No garbage collection while a big structure is built: a big dossier's actor index is
    a million objects, which would set off collections that traverse all of them again and
    again while it grows, to find nothing (it holds no cycle to free)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewActor:
    """An actor a source's transaction created: the run's index learns it after the commit."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()  # as stored, the name first
    new: bool = True  # False: a known actor the text named another way, with those new aliases


def store_extraction(
    db: sqlite_utils.Database, source_id: int, ex: Extraction, index: ActorIndex, propose: bool = True
) -> tuple[dict[str, int], list[NewActor]]:
    """Write one source's mentions, quotes, dates and claims, and place its event mentions on
    the timeline (dossier.timeline); return how many of each, and the actors proposed for it.
    Without propose (build), no event is proposed and curated dates stay as curated. The
    index is not changed: it must not run ahead of a commit."""
    real, created = _store_proposals(db, ex, source_id)
    # The bulk of the rows: a plain executemany of tuples made as they are written, without
    # sqlite-utils' per-row conversions (a 10 MB article has 300,000 mentions).
    mention_rows = [
        *(
            (actor_id, source_id, hit.start, hit.end, hit.surface,
             "ambiguous-alias" if len(hit.actor_ids) > 1 else "alias", round(1 / len(hit.actor_ids), 3))
            for hit in ex.mentions
            for actor_id in hit.actor_ids
        ),
        *(
            (real.get(link.actor_id, link.actor_id), source_id, link.start, link.end, link.surface, link.method, link.score)
            for link in ex.links
        ),
    ]
    db.conn.executemany(
        'INSERT INTO mention (actor_id, source_id, start, "end", surface, method, score) VALUES (?, ?, ?, ?, ?, ?, ?)',
        mention_rows,
    )
    db.conn.executemany(
        'INSERT INTO quote (source_id, speaker_id, text, start, "end", context_start, context_end, how, confidence) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                source_id,
                real.get(q.speaker_id, q.speaker_id) if q.speaker_id is not None else None,
                q.text,
                q.start,
                q.end,
                q.context_start,
                q.context_end,
                q.how,
                q.confidence,
            )
            for q in ex.quotes
        ],
    )
    store.add_dates(db, source_id, ex.dates)
    made = {a.name: a.id for a in created}
    db.conn.executemany(
        'INSERT INTO claim (source_id, claimed_by, low, high, unit, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (source_id, made.get(c.claimed_by) or index.named(c.claimed_by) if c.claimed_by else None,
             c.low, c.high, c.unit, c.start, c.end, c.text)
            for c in ex.claims
        ],
    )
    placed = timeline.place_mentions(db, source_id, ex.events, real, propose=propose, refine_curated=propose)
    timeline.link_claims(db, source_id)
    counts = {
        "mentions": len(mention_rows),
        "proposed": sum(1 for a in created if a.new),  # new actors; proposals that joined an existing one are links
        "quotes": len(ex.quotes),
        "dates": len(ex.dates),
        "claims": len(ex.claims),
        "events": sum(1 for p in placed if p and p.created),
        "evidence": sum(1 for p in placed if p and p.added and not p.created),
    }
    return counts, created


def _store_proposals(db: sqlite_utils.Database, ex: Extraction, source_id: int) -> tuple[dict[int, int], list[NewActor]]:
    """Create the actors this extraction proposes, each with every spelling the article gave
    it as an alias and a `proposal` row that says why (rule, surface, evidence span, how
    sure the kind is, and the known actors it might be); return provisional id -> real id,
    and the actors created. A name that already is an alias in the database (another
    ingest added it since this run read its actors) joins that actor instead of becoming a
    second one."""
    real: dict[int, int] = {}
    created: list[NewActor] = []
    for temp, p in ex.proposals.items():
        if p.joins is not None:  # the text named a known actor so ("X, the name of the junta")
            real[temp] = p.joins
            created.append(_join(db, p))
            continue
        owners = store.alias_owners(db, fold(p.name))
        if len(owners) == 1:
            real[temp] = owners[0]
            continue
        actor_id = store.insert_row(
            db, "actor", {"slug": _actor_slug(db, p.name), "name": p.name, "kind": p.kind, "description": None, "status": "proposed"}
        )
        aliases = _add_aliases(db, actor_id, p)
        db.conn.execute(
            'INSERT INTO proposal (actor_id, source_id, rule, surface, start, "end", kind_confidence, candidates) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (actor_id, source_id, p.rule, p.surface, p.start, p.end, p.confidence,
             json.dumps(list(p.candidates)) if p.candidates else None),
        )  # fmt: skip
        created.append(NewActor(actor_id, p.name, p.kind, aliases))
        real[temp] = actor_id
    return real, created


def _add_aliases(db: sqlite_utils.Database, actor_id: int, p: Proposal, have: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Store a proposal's name, and its spellings unless a generic rule found them, as the
    actor's aliases, but those folded as one it has (have); return those added."""
    aliases: dict[str, str] = {}
    for spelling in [p.name, *(p.spellings if p.rule not in GENERIC_RULES else ())]:
        if fold(spelling) not in have:
            aliases.setdefault(fold(spelling), spelling)
    db.conn.executemany(
        "INSERT INTO alias (actor_id, alias, folded) VALUES (?, ?, ?)",
        [(actor_id, alias, key) for key, alias in aliases.items()],
    )
    return tuple(aliases.values())


def _join(db: sqlite_utils.Database, p: Proposal) -> NewActor:
    """A proposal the text names as a known actor: its spellings become that actor's aliases."""
    (row,) = store.query(db, "SELECT name, kind FROM actor WHERE id = ?", (p.joins,))
    have = frozenset(r["folded"] for r in store.query(db, "SELECT folded FROM alias WHERE actor_id = ?", (p.joins,)))
    return NewActor(p.joins, row["name"], row["kind"], _add_aliases(db, p.joins, p, have), new=False)


def _actor_slug(db: sqlite_utils.Database, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:50] or "actor"
    slug, n = base, 2
    while store.query(db, "SELECT 1 FROM actor WHERE slug = ?", (slug,)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def source_row(ex: Extraction, slug: str, meta: dict, added_at: str, sketch: list[int] | None = None) -> dict:
    """The `source` row for an extraction and its metadata (sketch: its text's fingerprint, when made)."""
    return {
        "slug": slug,
        "title": meta.get("title"),
        "outlet": meta.get("outlet"),
        "author": meta.get("author"),
        "published": meta.get("published"),
        "url": meta.get("url"),
        "file": meta.get("file"),
        "text": ex.text,
        "content_hash": content_hash(ex.text),
        "added_at": added_at,
        "cleaned": ex.cleaned,
        "chrome": json.dumps(ex.chrome),
        "fingerprint": json.dumps(fingerprint(ex.text) if sketch is None else sketch),
        "dated_by": ex.reference_from or "none",
    }


def story_date(published: Sequence[str | None]) -> dt.date | None:
    """The reference date for sources without one: the median publication date of the rest."""
    dates = sorted(p for p in published if p)
    if not dates:
        return None
    return dt.date.fromisoformat(dates[(len(dates) - 1) // 2])


def same_story_date(db: sqlite_utils.Database, actor_ids: set[int]) -> tuple[dt.date, int] | None:
    """The median publication date of the dated sources about the same story as an article
    naming these actors (sources naming at least two of them, and at least half as many as
    the closest one), and how many there are; None when no source shares two actors with it.
    A dossier may hold several stories: its median date can be years away from this one's."""
    actor_ids = sorted(a for a in actor_ids if a >= 0)
    shared = store.dated_sources_sharing(db, actor_ids) if len(actor_ids) >= 2 else []
    best = max((n for _, n in shared), default=0)
    if best < 2:
        return None
    close = [published for published, n in shared if n >= max(2, best / 2)]
    return story_date(close), len(close)


# -- the ingest run ------------------------------------------------------------------------------


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    status: str  # "added" | "duplicate" | "error"
    message: str
    slug: str | None = None
    twin_of: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def dateline(text: str) -> str | None:
    """A publication date stated near the top of the article ("Aug 4, 2024"), if any."""
    head = text[:600]
    for d in find_dates(head, None, chrome_spans(head)):
        if d.precision == "day" and d.date and re.search(r"\b(19|20)\d\d\b", d.surface):
            return d.date
    return None


def unique_slug(db: sqlite_utils.Database, base: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(base))[:60].strip("-") or "source"
    slug, n = base, 2
    while store.query(db, "SELECT 1 FROM source WHERE slug = ?", (slug,)):
        slug, n = f"{base}-{n}", n + 1
    return slug


@dataclass
class RunState:
    """What a run keeps in memory between files: a cache of the database. It changes only
    after a file's commit, and is rebuilt when another connection has written meanwhile."""

    index: ActorIndex
    twins: TwinFinder
    fallback: dt.date | None
    version: int
    learned: list[NewActor] = field(default_factory=list)  # the actors the index learned since it was loaded, in order

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> RunState:
        version = store.data_version(db)  # first: a commit by another process while loading shows up later
        return cls(
            actor_index(db, keep=True),
            store.StoredTwins(db),
            story_date([store.median_published(db)]),
            version,
        )

    def current(self, db: sqlite_utils.Database) -> RunState:
        """This state, or a fresh one when another process has committed since it was read."""
        return self if store.data_version(db) == self.version else RunState.load(db)


# Where an article's reference date comes from when it is no date of its own (the dossier's
# median, or nothing): the date of its story, found in the dossier, does better.
UNSURE = ("fallback", None)


@dataclass
class Prepared:
    """An article read and extracted, before anything of it is stored: its content hash, its
    metadata (with a publication date found in a dateline), the report's notes so far, and
    its extraction, and the fingerprint of its text. No database is needed to make one, so
    other processes can (`dossier.pool`)."""

    article: Article
    digest: str
    meta: dict
    notes: list[str]
    ex: Extraction
    sketch: list[int]


def prepare_article(article: Article, index: ActorIndex, fallback: dt.date | None, text: str | None = None) -> Prepared:
    """Date an article by its dateline when it has no publication date, and extract its spans
    with the run's index (text: its cleaned text, when already made)."""
    meta = article.meta
    published = meta.get("published")
    if text is None:
        text, _ = clean_text(article.text)
    notes: list[str] = []
    if article.encoding != "utf-8":
        notes.append(f"decoded as {article.encoding}")
    if not published:
        found = dateline(text)
        if found:
            meta = {**meta, "published": found}
            published = found
            notes.append(f"published {found} (the first full date near the top: a dateline or the lede's)")
    reference = dt.date.fromisoformat(published) if published else None
    # Dated once: now when the reference is the article's own, else by the writer against the
    # story's date (`ingest_article`); a long article's dates and events cost as much as the
    # rest of its reading.
    ex = extract(article.text, reference, index, outlet=meta.get("outlet"), fallback=fallback, dated=False)
    if ex.reference_from not in UNSURE:
        redate(ex, ex.reference, ex.reference_from)
    return Prepared(article, content_hash(text), meta, notes, ex, fingerprint(ex.text))


def prepare_file(path: Path, meta: dict, index: ActorIndex, fallback: dt.date | None) -> Prepared:
    """Read an article file (DossierError when it cannot be) and prepare it."""
    return prepare_article(read_article(path, meta), index, fallback)


def ingest_article(db: sqlite_utils.Database, article: Article, state: RunState, now: str, prepared: Prepared | None = None) -> FileResult:
    """Extract and store one article in its own savepoint of the run's write transaction (or
    its own transaction outside one); the database and the run's state are unchanged on
    failure. prepared: the article already extracted with the run's index as it is now."""
    if prepared is None:
        text, _ = clean_text(article.text)
        digest = content_hash(text)
    else:
        digest = prepared.digest
    existing = store.query(db, "SELECT slug FROM source WHERE content_hash = ?", (digest,))
    if existing:  # before any extraction: re-ingesting costs a hash
        return FileResult(article.path, "duplicate", f"already in the dossier as {existing[0]['slug']}; nothing changed", existing[0]["slug"])
    if prepared is None:
        prepared = prepare_article(article, state.index, state.fallback, text)
    meta, notes, ex = prepared.meta, list(prepared.notes), prepared.ex
    published = meta.get("published")
    story = None
    if ex.reference_from in UNSURE:
        story = same_story_date(db, {r.actor_id for r in ex.actors})
        if story is not None:
            ex.reference, ex.reference_from = story[0], "story"
        redate(ex, ex.reference, ex.reference_from)
    if not published:
        notes.append(_reference_note(ex, story[1] if story else 0))
    if ex.cleaned:
        notes.insert(0 if article.encoding == "utf-8" else 1, f"removed {ex.cleaned} escape sequence(s) or control character(s)")
    with store.savepoint(db, "article"):  # all of the source, or none of it
        if store.query(db, "SELECT 1 FROM source WHERE content_hash = ?", (digest,)):
            return FileResult(article.path, "duplicate", "added meanwhile by another ingest; nothing changed")
        slug = unique_slug(db, meta.get("slug") or meta.get("title") or Path(article.path).stem)
        sketch = prepared.sketch
        row = source_row(ex, slug, meta, now, sketch)
        twin = state.twins.twin(sketch)
        row.update(
            twin_of=twin,
            raw=article.raw,
            raw_map=json.dumps(article.raw_map) if article.raw_map is not None else None,
        )
        source_id = store.insert_row(db, "source", row)
        counts, created = store_extraction(db, source_id, ex, state.index)
        store.add_pending_quotes(db, source_id)
    # Stored: only now does the run's memory learn what the file added (and `ingest` loads it
    # again if the transaction holding it fails to commit).
    for actor in created:
        state.index.add_actor(actor.id, actor.name, actor.kind, actor.aliases)
    state.learned += created
    state.twins.add(source_id, sketch)
    twin_slug = None
    if twin is not None:
        twin_slug = store.query(db, "SELECT slug FROM source WHERE id = ?", (twin,))[0]["slug"]
        notes.append(f"near-duplicate of {twin_slug}")
    return FileResult(article.path, "added", "; ".join(notes), slug, twin_slug, counts)


def _reference_note(ex: Extraction, story_sources: int) -> str:
    """What an undated article's relative dates were counted from, for the report."""
    when = ex.reference.isoformat() if ex.reference else None
    if ex.reference_from == "text":
        return f"no publication date: relative dates resolved against {when}, the latest date in the text"
    if ex.reference_from == "story":
        return (
            f"no publication date: relative dates resolved against {when}, the median publication date of "
            f"{story_sources} source(s) about the same actors"
        )
    if ex.reference_from == "fallback":
        return f"no publication date: relative dates resolved against {when}, the dossier's median publication date"
    return "no publication date: relative dates left unresolved"


def open_for_ingest(path: Path) -> sqlite_utils.Database:
    """Open a dossier to write to, creating an empty one (in WAL mode) when the file does not exist."""
    if not path.exists():
        if not path.parent.is_dir():
            raise DossierError(f"Cannot create {visible(str(path))}: folder {visible(str(path.parent))} does not exist.")
        store.create(path)
    return store.open_for_writing(path)


@dataclass
class IngestReport:
    db: str
    files: list[FileResult]
    errors: list[str] = field(default_factory=list)  # a step after the files failed (their sources are stored)
    dated: list[int] = field(default_factory=list)  # earlier sources whose relative dates could be resolved at last

    @property
    def totals(self) -> dict[str, int]:
        # The same keys every run, whatever the files did.
        totals = dict.fromkeys(("added", "duplicate", "error", "mentions", "proposed", "quotes", "dates", "claims", "events", "evidence"), 0)
        for f in self.files:
            totals[f.status] += 1
            for key, value in f.counts.items():
                totals[key] = totals.get(key, 0) + value
        return totals


def ingest(
    db_path: Path,
    paths: Sequence[Path],
    meta: dict | None = None,
    manifest: dict[str, dict] | None = None,
    progress=None,
    jobs: int = 1,
) -> IngestReport:
    """Add articles to the dossier at db_path, each all or nothing, then group their quotes. The report always comes back: a failure after the files is in `errors`.

    jobs: processes in all; above 1, jobs - 1 of them read and extract the files ahead of
    this one, which stores them (`dossier.pool`). The dossier is the same either way."""
    db_path = Path(db_path)
    db = open_for_ingest(db_path)
    report = IngestReport(str(db_path), [])
    files = [(path, {**(manifest or {}).get(path.name, {}), **{k: v for k, v in (meta or {}).items() if v}}) for path in paths]
    ahead = None
    frozen = False
    try:
        # What the run loaded lives as long as the run: the collector's full passes leave it
        # out (they would traverse it once every few thousand articles' objects), and a
        # worker forked from here shares its pages instead of touching them. It is frozen
        # before the collector runs again: a first pass over a million new objects finds
        # nothing to free (0.05 s at 50,000 sources).
        with _no_collection():
            state = RunState.load(db)
            gc.freeze()
            frozen = True
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        if jobs > 1 and len(files) > 1:
            ahead = Ahead(prepare_file, files, state, min(jobs - 1, len(files)))
        open_files: list[FileResult] = []  # what the open transaction holds, not yet committed
        for path, file_meta in files:
            try:
                outcome = ahead.take(state) if ahead else None
                if outcome is not None and outcome[0] == "error":
                    raise outcome[1]
                prepared = outcome[1] if outcome is not None else None
                article = prepared.article if prepared else read_article(path, file_meta)
                if not db.conn.in_transaction:
                    fits = state
                    state = state.current(db)
                    db.conn.execute("BEGIN IMMEDIATE")  # waits for other writers, up to the busy timeout
                    if state is not fits:  # extracted with an index older than the one loaded now
                        prepared = None
                result = ingest_article(db, article, state, now, prepared)
            except DossierError as exc:
                result = FileResult(str(path), "error", str(exc))
            except sqlite3.Error as exc:  # locked, disk full, read-only: this file is rolled back
                result = FileResult(str(path), "error", str(store.explain(exc, db_path, store.WRITE_TIMEOUT_MS)))
                if open_files and not db.conn.in_transaction:  # the error ended the whole transaction
                    state = _lost(open_files, result.message, db)
            report.files.append(result)
            if db.conn.in_transaction:
                open_files.append(result)
                if len(open_files) >= ARTICLES_PER_COMMIT:
                    state = _commit(db, db_path, open_files, state)
            if progress:
                progress(path)
        if ahead:
            ahead.close()
        if db.conn.in_transaction:
            state = _commit(db, db_path, open_files, state)
        _finish(db, db_path, report, state)
    finally:
        if ahead:
            ahead.close()
        db.conn.close()
        if frozen:
            gc.unfreeze()
    return report


# Articles stored per commit, each in its own savepoint: a commit costs more than an article's
# rows, and other writers still get their turn between commits.
ARTICLES_PER_COMMIT = 20


def _commit(db: sqlite_utils.Database, db_path: Path, open_files: list[FileResult], state: RunState) -> RunState:
    """Commit the articles the open transaction holds; if the commit fails, they are reported
    as failed and the run's state is read again from the database."""
    try:
        db.conn.commit()
    except sqlite3.Error as exc:
        if db.conn.in_transaction:
            db.conn.rollback()
        return _lost(open_files, str(store.explain(exc, db_path, store.WRITE_TIMEOUT_MS)), db)
    open_files.clear()
    return state


def _lost(open_files: list[FileResult], message: str, db: sqlite_utils.Database) -> RunState:
    """Report the files of a transaction that was rolled back as failed; the run's state as
    the database now holds it."""
    for f in open_files:
        if f.status == "added":
            f.status, f.message, f.counts = "error", f"rolled back with later files: {message}", {}
    open_files.clear()
    return RunState.load(db)


def date_undated_sources(db: sqlite_utils.Database, index: ActorIndex) -> list[int]:
    """Resolve the relative dates of the sources that had nothing to count from, once
    their story has dated sources (see `same_story_date`): their dates and the events
    their mentions give are made again, each source in its own transaction. Returns the
    ids of the sources dated."""
    dated = []
    for row in store.undated_sources(db):
        story = same_story_date(db, set(store.source_actor_ids(db, row["id"])))
        if story is None:
            continue  # checked from the stored mentions: nothing is extracted again until it can be dated
        ex = extract(row["text"], None, index, propose=False, dated=False)
        redate(ex, story[0], "story")
        with store.write_transaction(db):
            for event in store.forget_source_dates(db, row["id"]):
                timeline.date_event(db, event)
            store.add_dates(db, row["id"], ex.dates)
            timeline.place_mentions(db, row["id"], ex.events)
            timeline.link_claims(db, row["id"])
            store.set_dated_by(db, row["id"], "story")
        dated.append(row["id"])
    return dated


def _finish(db: sqlite_utils.Database, db_path: Path, report: IngestReport, state: RunState) -> None:
    """Date the sources that can be dated now, group every quote still pending (this run's,
    and any a killed run left), then move the write-ahead log into the database file. A
    failure here is reported, never raised."""
    from dossier.compare import regroup  # rapidfuzz and the grouping code load only when needed

    state = state.current(db)
    try:
        report.dated = date_undated_sources(db, state.index)
    except (sqlite3.Error, DossierError) as exc:
        error = exc if isinstance(exc, DossierError) else store.explain(exc, db_path, store.WRITE_TIMEOUT_MS)
        report.errors.append(f"Dating the undated sources again failed: {error}")
    try:
        with store.write_transaction(db):
            pending = store.pending_quotes(db)
            if pending:
                state = state.current(db)  # another writer may have added actors meanwhile
                regroup(db, new=pending, index=state.index)
                store.clear_pending_quotes(db, pending)
    except (sqlite3.Error, DossierError) as exc:
        error = exc if isinstance(exc, DossierError) else store.explain(exc, db_path, store.WRITE_TIMEOUT_MS)
        report.errors.append(f"Grouping the new quotes failed: {error} They stay pending for the next ingest.")
    try:
        with store.write_transaction(db):
            store.update_vocabulary(db)  # the terms of the sources added, for search
    except (sqlite3.Error, DossierError) as exc:
        error = exc if isinstance(exc, DossierError) else store.explain(exc, db_path, store.WRITE_TIMEOUT_MS)
        report.errors.append(f"Updating the search vocabulary failed: {error} The next ingest updates it.")
    try:
        store.checkpoint(db)
    except sqlite3.Error as exc:
        report.errors.append(f"Checkpointing the write-ahead log failed: {store.explain(exc, db_path)}")
