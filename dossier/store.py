"""The SQLite store: schema, FTS5 indexes, safe opening, and queries that return model objects.

The file is an ordinary SQLite database created the sqlite-utils way, so Datasette,
`sqlite-utils` and the sqlite3 shell open it unchanged.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shlex
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils loads when a database is opened, not at startup
    import sqlite_utils

from dossier.errors import DossierError
from dossier.model import Actor, Counts, Event, Source, source_label
from dossier.text import fold
from dossier.twins import TwinFinder

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 3000
WRITE_TIMEOUT_MS = 60_000  # a writer waits this long for another writer's transaction to end
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

# table -> columns indexed by its FTS5 table (`<table>_fts`), kept in sync by triggers.
FTS_COLUMNS: dict[str, list[str]] = {
    "source": ["title", "text"],
    "quote": ["text"],
    "event": ["title", "summary"],
    "actor": ["name", "alias_text", "description"],
}

# Prefix indexes (2 and 3 letters) make search-as-you-type fast on big text tables; the
# FTS tables stay what sqlite-utils made, with this one option added.
FTS_PREFIX_TABLES = ("source", "quote", "event")
FTS_PREFIX_LENGTHS = (2, 3)

_SQLITE_HEADER = b"SQLite format 3\x00"


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS5 table and trigger of an empty database."""
    db["source"].create(
        {
            "id": int,
            "slug": str,
            "title": str,
            "outlet": str,
            "author": str,
            "published": str,
            "url": str,
            "text": str,
            "content_hash": str,
            "added_at": str,
            "file": str,  # where it was ingested from
            "cleaned": int,  # escape sequences and control characters removed at ingest
            "chrome": str,  # JSON [[start, end], ...]: page chrome, excluded from extraction
            "twin_of": int,  # a near-duplicate of this source (a syndication mirror)
            "fingerprint": str,  # JSON bottom-k sketch of word shingles, to spot near-duplicates
            "raw": str,  # the HTML it was extracted from, if any
            "raw_map": str,  # JSON [[text_start, raw_start, length], ...] back into raw
            "dated_by": str,  # what its relative dates count from: given|text|fallback|story|none
        },
        pk="id",
        not_null=["slug", "text", "content_hash"],
        defaults={"cleaned": 0},
    )
    db["actor"].create(
        {
            "id": int,
            "slug": str,
            "name": str,
            "kind": str,
            "description": str,
            "status": str,  # "curated" or "proposed"
            "alias_text": str,  # every alias, joined; maintained by triggers on `alias`
        },
        pk="id",
        not_null=["slug", "name", "kind", "status"],
        defaults={"status": "curated", "alias_text": ""},
    )
    db["alias"].create(
        {"id": int, "actor_id": int, "alias": str, "folded": str},
        pk="id",
        foreign_keys=[("actor_id", "actor", "id")],
        not_null=["actor_id", "alias", "folded"],
    )
    db["mention"].create(
        {
            "id": int,
            "actor_id": int,
            "source_id": int,
            "start": int,
            "end": int,
            "surface": str,
            "method": str,  # how it was linked: "alias", "ambiguous-alias", ...
            "score": float,  # confidence of the link, 0..1
        },
        pk="id",
        foreign_keys=[("actor_id", "actor", "id"), ("source_id", "source", "id")],
        not_null=["actor_id", "source_id", "start", "end", "surface"],
    )
    db["quote_group"].create(
        {"id": int, "label": str, "speaker_id": int, "curated": int},
        pk="id",
        foreign_keys=[("speaker_id", "actor", "id")],
    )
    db["quote"].create(
        {
            "id": int,
            "source_id": int,
            "speaker_id": int,
            "text": str,
            "start": int,
            "end": int,
            "context_start": int,
            "context_end": int,
            "group_id": int,
            "how": str,  # which rule found the speaker
            "confidence": float,  # how sure that rule's speaker is (quotes.RULES)
        },
        pk="id",
        foreign_keys=[
            ("source_id", "source", "id"),
            ("speaker_id", "actor", "id"),
            ("group_id", "quote_group", "id"),
        ],
        not_null=["source_id", "text", "start", "end"],
    )
    db["event"].create(
        {
            "id": int,
            "slug": str,
            "date": str,
            "precision": str,
            "title": str,
            "summary": str,
            "place_id": int,
            "status": str,  # "curated" or "proposed" (from event mentions, see dossier.timeline)
            "kind": str,  # what happened, as extract/events.py names it ("break ties", "attack")
        },
        pk="id",
        foreign_keys=[("place_id", "actor", "id")],
        not_null=["slug", "title", "status"],
        defaults={"status": "curated"},
    )
    db["event_actor"].create(
        {"event_id": int, "actor_id": int, "role": str},
        pk=("event_id", "actor_id", "role"),
        foreign_keys=[("event_id", "event", "id"), ("actor_id", "actor", "id")],
    )
    db["evidence"].create(
        {
            "id": int,
            "event_id": int,
            "source_id": int,
            "start": int,
            "end": int,
            "text": str,
            "date": str,  # the date this evidence gives the event, at `precision` (None: none given)
            "precision": str,
            "how": str,  # "curated", or the kind of the event mention it was found as
        },
        pk="id",
        foreign_keys=[("event_id", "event", "id"), ("source_id", "source", "id")],
        not_null=["event_id", "source_id", "start", "end", "text"],
    )
    db["claim"].create(
        {
            "id": int,
            "source_id": int,
            "event_id": int,
            "claimed_by": int,
            "low": float,
            "high": float,
            "unit": str,
            "start": int,
            "end": int,
            "text": str,
        },
        pk="id",
        foreign_keys=[
            ("source_id", "source", "id"),
            ("event_id", "event", "id"),
            ("claimed_by", "actor", "id"),
        ],
        not_null=["source_id", "start", "end", "text"],
    )
    db["date_mention"].create(
        {
            "id": int,
            "source_id": int,
            "start": int,
            "end": int,
            "surface": str,
            "date": str,
            "precision": str,
        },
        pk="id",
        foreign_keys=[("source_id", "source", "id")],
        not_null=["source_id", "start", "end", "surface"],
    )

    db.execute(_PROPOSALS)
    db.execute(_NOTES)
    for sql in _VOCAB:
        db.execute(sql)

    db["source"].create_index(["slug"], unique=True)
    db["source"].create_index(["content_hash"])
    db["actor"].create_index(["slug"], unique=True)
    db["event"].create_index(["slug"], unique=True)
    db["alias"].create_index(["actor_id", "alias"], unique=True)
    db["alias"].create_index(["folded"])
    for table in ("mention", "quote", "evidence", "claim", "date_mention"):
        db[table].create_index(["source_id"])
    _add_indexes(db)
    db["event_actor"].create_index(["actor_id"])
    db["evidence"].create_index(["event_id"])
    _add_tallies(db)  # before any row: the triggers count every one
    db.execute(_PENDING_QUOTES)
    _add_index_cache(db)
    _add_sketches(db)

    # actor.alias_text mirrors the alias table so the actor FTS index covers aliases and
    # stays in sync through sqlite-utils' own triggers on `actor`.
    refresh = (
        "UPDATE actor SET alias_text = coalesce((SELECT group_concat(alias, ' | ') FROM alias "
        "WHERE actor_id = {row}.actor_id), '') WHERE id = {row}.actor_id;"
    )
    db.executescript(
        f"""
        CREATE TRIGGER alias_ai AFTER INSERT ON alias BEGIN {refresh.format(row="new")} END;
        CREATE TRIGGER alias_ad AFTER DELETE ON alias BEGIN {refresh.format(row="old")} END;
        CREATE TRIGGER alias_au AFTER UPDATE ON alias BEGIN
            {refresh.format(row="old")} {refresh.format(row="new")} END;
        """
    )
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE)
        if table in FTS_PREFIX_TABLES:
            _add_prefix_index(db, table)
    _narrow_fts_triggers(db.conn, list(FTS_COLUMNS))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _wide_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """The tables whose FTS update trigger fires on a change to any column (as sqlite-utils
    makes it), not only to the indexed ones."""
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    return [t for t in FTS_COLUMNS if f"{t}_au" in sql and "AFTER UPDATE OF" not in sql[f"{t}_au"].upper()]


def _narrow_fts_triggers(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Make each table's FTS update trigger fire only when an indexed column changes: setting
    a quote's group or a source's dating then leaves the full-text index alone, where it
    re-indexed every row written."""
    for table in tables:
        columns = FTS_COLUMNS[table]
        names = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        conn.execute(f'DROP TRIGGER IF EXISTS "{table}_au"')
        conn.execute(
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {names} ON "{table}" BEGIN\n'
            f'  INSERT INTO "{table}_fts" ("{table}_fts", rowid, {names}) VALUES(\'delete\', old.rowid, {old});\n'
            f'  INSERT INTO "{table}_fts" (rowid, {names}) VALUES (new.rowid, {new});\nEND'
        )


def _add_prefix_index(db: sqlite_utils.Database, table: str) -> None:
    fts = f"{table}_fts"
    schema = db[fts].schema
    assert schema.rstrip().endswith(")"), schema
    db.execute(f"DROP TABLE [{fts}]")
    db.execute(schema.rstrip()[:-1] + f", prefix='{' '.join(map(str, FTS_PREFIX_LENGTHS))}')")
    db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('rebuild')")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except IsADirectoryError:
        raise DossierError(f"{path} is a directory, not a dossier database.") from None
    except PermissionError:
        raise DossierError(f"Cannot read {path}: permission denied.") from None
    if header != _SQLITE_HEADER:
        raise DossierError(
            f"{path} is not a SQLite database. Point --db at a dossier database, "
            "or rebuild one with `dossier build --db PATH`."
        )


def open_db(path: str | os.PathLike[str], *, readonly: bool = True) -> sqlite_utils.Database:
    """Open an existing dossier database, read-only unless asked, or raise DossierError."""
    conn = _connect_checked(Path(path), readonly)
    import sqlite_utils  # here, not at the top: a bare `dossier` draws its first frame without it

    return sqlite_utils.Database(conn, execute_plugins=False)


class Reader:
    """A read-only dossier as the read path uses it: the connection and `execute`, the two
    things it asks of a sqlite-utils Database. The browser opens one of these, so it draws
    its first frame without loading sqlite-utils."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


def open_reader(path: str | os.PathLike[str]) -> Reader:
    """Open an existing dossier read-only with plain sqlite3, or raise DossierError."""
    return Reader(_connect_checked(Path(path), readonly=True))


def check_db(path: str | os.PathLike[str]) -> None:
    """Raise DossierError unless path is a dossier this version can read (cheap: no sqlite-utils)."""
    _connect_checked(Path(path), readonly=True).close()


def _connect_checked(path: Path, readonly: bool) -> sqlite3.Connection:
    if not path.exists():
        shown = shlex.quote(str(path))
        raise DossierError(
            f"No dossier database at {path}. Make one there with `dossier build --db {shown}` (the "
            f"sample) or `dossier ingest --db {shown} ARTICLES`; without --db, dossier opens "
            "./data/dossier.db or the sample it ships with."
        )
    _check_header(path)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise DossierError(
            f"{path} has schema version {version}, newer than this dossier understands "
            f"({SCHEMA_VERSION}). Upgrade dossier to open it."
        )
    if version < 1 or not {"source", "actor", "event"} <= _tables(conn):
        conn.close()
        raise DossierError(
            f"{path} is a SQLite database but not a dossier (no dossier schema). "
            "Build one with `dossier build --db PATH`."
        )
    if version < SCHEMA_VERSION:
        conn.close()
        raise DossierError(
            f"{path} was made by an older dossier (schema {version}, now {SCHEMA_VERSION}). "
            "Rebuild it with `dossier build --db PATH`, or re-ingest its articles."
        )
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def explain(exc: sqlite3.Error, path: Path, waited_ms: int = BUSY_TIMEOUT_MS) -> DossierError:
    """A DossierError a person can act on, for an SQLite error on the database at path."""
    text = str(exc)
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return DossierError(
            f"{path} is locked by another process (waited {waited_ms / 1000:g} s). "
            "Close the other program and try again."
        )
    if code == "SQLITE_FULL" or "disk is full" in text:
        return DossierError(f"The disk holding {path} is full: nothing more was written. Free some space and try again.")
    if code.startswith("SQLITE_CONSTRAINT") or isinstance(exc, sqlite3.IntegrityError):
        return DossierError(f"A write to {path} broke one of the database's rules ({text}); it was rolled back.")
    if code.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return DossierError(f"{path} is read-only; this command needs to write to it.")
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return DossierError(f"Cannot open {path}: {text}.")
    if code.startswith("SQLITE_IOERR"):
        return DossierError(f"Reading or writing {path} failed at the disk ({text}). Check the disk and try again.")
    return DossierError(f"{path} is damaged or not a dossier database ({text}).")


# -- writing -------------------------------------------------------------------------------------

# Quotes stored but not yet placed in quote groups. Ingest adds a source's quotes here in the
# source's own transaction and empties it when it has grouped them, so a run killed in between
# leaves them for the next run. Older dossiers get it when first written to: it is additive,
# so the schema version stays the same.
_PENDING_QUOTES = "CREATE TABLE IF NOT EXISTS pending_quote (quote_id INTEGER PRIMARY KEY)"
# An analyst's notes on an actor, event, source or quote (kind, and the item's id). Additive
# too, and added to older dossiers the same way.
_NOTES = (
    "CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, item_id INTEGER NOT NULL, "
    "text TEXT NOT NULL)"
)

# Why each proposed actor was proposed: the rule, the surface and the span of the source
# that first gave it, how sure its kind is, and (JSON list of ids) the known actors it
# might be where two or more fit. Additive like pending_quote: older dossiers get it when
# first written to.
_PROPOSALS = (
    "CREATE TABLE IF NOT EXISTS proposal (id INTEGER PRIMARY KEY, actor_id INTEGER NOT NULL REFERENCES actor(id), "
    'source_id INTEGER REFERENCES source(id), rule TEXT NOT NULL, surface TEXT, start INTEGER, "end" INTEGER, '
    "kind_confidence REAL, candidates TEXT)"
)


# The run's actor index as a build left it (see dossier.indexcache): one row, a signed pickle
# of the index of the actors up to actors_upto and the aliases up to aliases_upto (ids). Any
# change to those rows (a rename, a kind, a merge, a spelling taken out, a row slipped in
# below them) deletes it, whoever writes: the rows after them are all it may lack. Derived,
# never dumped; additive, and older dossiers get it when first written to.
_INDEX_CACHE = (
    "CREATE TABLE IF NOT EXISTS index_cache (id INTEGER PRIMARY KEY CHECK (id = 1), actors_upto INTEGER NOT NULL, "
    "aliases_upto INTEGER NOT NULL, data BLOB NOT NULL)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS index_cache_{table}_{name} AFTER {event} ON {table} {when}"
        "BEGIN DELETE FROM index_cache; END"
        for table, columns, upto in (("actor", "id, name, kind", "actors_upto"), ("alias", "id, actor_id, alias", "aliases_upto"))
        for name, event, when in (
            ("changed", f"UPDATE OF {columns}", ""),
            ("gone", "DELETE", ""),
            ("early", "INSERT", f"WHEN new.id <= (SELECT {upto} FROM index_cache) "),
        )
    ),
)

# Each source's near-duplicate sketch (see dossier.twins), one row per hash, so that an
# article's twin is looked up by its hashes instead of by reading every sketch. Derived from
# source.fingerprint and kept in step with it by triggers, whoever writes; older dossiers
# get it, filled from their fingerprints, when first written to.
_SKETCHES = (
    "CREATE TABLE IF NOT EXISTS source_sketch (hash INTEGER NOT NULL, source_id INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idx_source_sketch_hash ON source_sketch (hash)",
    "CREATE INDEX IF NOT EXISTS idx_source_sketch_source ON source_sketch (source_id)",
    "CREATE TRIGGER IF NOT EXISTS source_sketch_ai AFTER INSERT ON source WHEN json_valid(new.fingerprint) BEGIN "
    "INSERT INTO source_sketch SELECT DISTINCT value, new.id FROM json_each(new.fingerprint); END",
    "CREATE TRIGGER IF NOT EXISTS source_sketch_ad AFTER DELETE ON source BEGIN "
    "DELETE FROM source_sketch WHERE source_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS source_sketch_au AFTER UPDATE OF fingerprint ON source BEGIN "
    "DELETE FROM source_sketch WHERE source_id = old.id; "
    "INSERT INTO source_sketch SELECT DISTINCT value, new.id FROM json_each(new.fingerprint) WHERE json_valid(new.fingerprint); END",
)
_FILL_SKETCHES = (
    "INSERT INTO source_sketch SELECT DISTINCT j.value, s.id FROM source s, json_each(s.fingerprint) j "
    "WHERE json_valid(s.fingerprint)"
)


def _add_index_cache(db: sqlite_utils.Database) -> None:
    for sql in _INDEX_CACHE:
        db.execute(sql)


def _add_sketches(db: sqlite_utils.Database) -> None:
    """The sketch table and its triggers, filled from the fingerprints already stored."""
    if "source_sketch" not in _tables(db.conn):
        for sql in _SKETCHES:
            db.execute(sql)
        db.execute(_FILL_SKETCHES)


# How many mentions and quotes each actor has, kept in step by triggers on every write to
# mention and quote (ingest, build, merge, rejection, reattribution, deletion): the panes,
# search and an actor's card list actors by these counts, and counting a popular actor's
# mentions reads tens of thousands of index entries at 50,000 sources. A row counts the
# mention and quote rows holding its id, whether or not the actor row exists; an actor no
# row names has none (0). Filled from the rows on an older dossier's first write; until
# then readers count (`tally_sql`).
_TALLY = "actor_tally"
_TALLIES = (
    "CREATE TABLE IF NOT EXISTS actor_tally (actor_id INTEGER PRIMARY KEY, mentions INTEGER NOT NULL DEFAULT 0, "
    "quotes INTEGER NOT NULL DEFAULT 0)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS actor_tally_{table}_{event} AFTER {when} ON {table} {condition} BEGIN {body} END"
        for table, column, counted in (("mention", "actor_id", "mentions"), ("quote", "speaker_id", "quotes"))
        for event, when, condition, body in (
            ("ai", "INSERT", f"WHEN new.{column} IS NOT NULL",
             f"INSERT OR IGNORE INTO actor_tally (actor_id) VALUES (new.{column}); "
             f"UPDATE actor_tally SET {counted} = {counted} + 1 WHERE actor_id = new.{column};"),
            ("ad", "DELETE", f"WHEN old.{column} IS NOT NULL",
             f"UPDATE actor_tally SET {counted} = {counted} - 1 WHERE actor_id = old.{column};"),
            ("au", f"UPDATE OF {column}", f"WHEN old.{column} IS NOT new.{column}",
             f"UPDATE actor_tally SET {counted} = {counted} - 1 WHERE actor_id = old.{column}; "
             f"INSERT OR IGNORE INTO actor_tally (actor_id) SELECT new.{column} WHERE new.{column} IS NOT NULL; "
             f"UPDATE actor_tally SET {counted} = {counted} + 1 WHERE actor_id = new.{column};"),
        )
    ),
)
_FILL_TALLIES = (
    "INSERT INTO actor_tally (actor_id, mentions, quotes) "
    "SELECT id, sum(mentions), sum(quotes) FROM ("
    " SELECT actor_id AS id, count(*) AS mentions, 0 AS quotes FROM mention GROUP BY actor_id"
    " UNION ALL SELECT speaker_id, 0, count(*) FROM quote WHERE speaker_id IS NOT NULL GROUP BY speaker_id"
    ") GROUP BY id"
)


def _add_tallies(db: sqlite_utils.Database) -> None:
    """The tally table and its triggers, filled from the rows already stored."""
    if _TALLY not in _tables(db.conn):
        for sql in _TALLIES:
            db.execute(sql)
        db.execute(_FILL_TALLIES)


def tally_sql(db: sqlite_utils.Database | sqlite3.Connection, counted: str, actor: str = "a.id") -> str:
    """SQL for an actor's count of mentions or quotes (counted), the actor's id being the SQL
    `actor`: read from actor_tally, or counted where an older dossier has none yet."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    if _TALLY in _tables(conn):
        return f"coalesce((SELECT {counted} FROM actor_tally WHERE actor_id = {actor}), 0)"
    table, column = {"mentions": ("mention", "actor_id"), "quotes": ("quote", "speaker_id")}[counted]
    return f"(SELECT count(*) FROM {table} WHERE {column} = {actor})"


class StoredTwins(TwinFinder):
    """`TwinFinder` over the dossier's own sketches (source_sketch): an article's candidates
    found by its hashes. A source this connection stores is a candidate at once, and one
    rolled back never was."""

    def __init__(self, db: sqlite_utils.Database, threshold: float = 0.6):
        super().__init__(threshold=threshold)
        self.db = db

    def add(self, source_id: int, sketch: list[int]) -> None:
        pass  # the source's row put its sketch in source_sketch

    def shared(self, sketch: list[int]) -> dict[int, int]:
        return dict(
            self.db.conn.execute(
                "SELECT source_id, count(DISTINCT hash) FROM source_sketch "
                "WHERE hash IN (SELECT value FROM json_each(?)) GROUP BY source_id",
                (json.dumps(sketch),),
            )
        )

    def sketches_of(self, source_ids: Sequence[int]) -> dict[int, list[int]]:
        rows = self.db.conn.execute(
            "SELECT id, fingerprint FROM source WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(source_ids)),)
        )
        return {source_id: json.loads(fingerprint) for source_id, fingerprint in rows}


# Indexes in the order the browser reads: an actor's mentions and quotes in the order its
# card lists them, read from the index alone (the card counts sources, spellings and
# utterances, and lists a page at any offset, without reading every row of a much-quoted
# actor; they serve lookups by actor and by speaker too), and the sources in list order
# (SOURCE_ORDER: the Sources pane's first rows without sorting every source). Additive:
# older dossiers get them when first written to.
_READ_INDEXES = {
    "idx_mention_card": "mention (actor_id, source_id, start, surface)",
    "idx_quote_card": "quote (speaker_id, group_id, source_id, start)",
    "idx_source_order": "source (published IS NULL, published DESC, slug)",
}

# The search vocabulary: every term of each FTS5 index with the number of rows holding it,
# read by the search index at its first use (a plain table reads far faster than fts5vocab,
# which decodes every posting list). Written whole by build, and by ingest for the terms of
# the sources it added (search_vocab_upto: the last source counted). Additive: older
# dossiers get it when first written to, and until then search reads fts5vocab.
_VOCAB = (
    "CREATE TABLE IF NOT EXISTS search_vocab (tbl TEXT NOT NULL, term TEXT NOT NULL, doc INTEGER NOT NULL, "
    "PRIMARY KEY (tbl, term)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS search_vocab_upto (source_id INTEGER NOT NULL)",
)
_FTS_WORD = re.compile(r"[^\W_]+")


def fts_tokens(text: str) -> list[str]:
    """Split text into folded tokens the way the FTS5 unicode61 tokenizer does."""
    return _FTS_WORD.findall(fold(text))


def update_vocabulary(db: sqlite_utils.Database, full: bool = False) -> None:
    """Bring search_vocab up to date: whole (build, or a dossier that never had it), else the
    terms of the sources added since it was last written, their counts read from fts5vocab.
    Call inside a write transaction."""
    for sql in _VOCAB:
        db.execute(sql)
    for table in FTS_COLUMNS:
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{table} USING fts5vocab(main, {table}_fts, row)")
    upto = query(db, "SELECT max(source_id) AS n FROM search_vocab_upto")[0]["n"]
    latest = query(db, "SELECT coalesce(max(id), 0) AS n FROM source")[0]["n"]
    if full or upto is None:
        db.execute("DELETE FROM search_vocab")
        for table in FTS_COLUMNS:
            db.execute(f"INSERT INTO search_vocab SELECT ?, term, doc FROM temp.vocab_{table}", (table,))
    elif latest > upto:
        terms: set[str] = set()
        for r in db.conn.execute("SELECT title, text FROM source WHERE id > ?", (upto,)):
            terms.update(fts_tokens(f"{r[0] or ''} {r[1]}"))
        for table in FTS_COLUMNS:
            if table in _ADDED_ROWS:
                _add_terms(db, table, upto)
            else:  # events and actors change as sources come (titles, aliases): read again
                _recount(db, table, terms)
    db.execute("DELETE FROM search_vocab_upto")
    db.execute("INSERT INTO search_vocab_upto VALUES (?)", (latest,))


# The tables whose rows only ingest adds (curation edits a source's title and deletes quotes,
# and recounts what it changed: `update_source`, `delete_quotes`), and the rows of the
# sources after a given one in each.
_ADDED_ROWS = {"source": "FROM source WHERE id > ?", "quote": "FROM quote WHERE source_id > ?"}


def _add_terms(db: sqlite_utils.Database, table: str, upto: int) -> None:
    """Add the rows of the sources after `upto` to search_vocab's counts of one table (see
    _ADDED_ROWS): each term's count plus the new rows holding it, counted by a full-text index
    of those rows alone (the same tokenizer). The sum is the count fts5vocab gives, which
    reads every posting of a term: its cost grew with the dossier ("the" in every source)."""
    columns = ", ".join(FTS_COLUMNS[table])
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.added_{table} USING fts5({columns}, tokenize='{FTS_TOKENIZE}')")
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.added_vocab_{table} USING fts5vocab(temp, added_{table}, row)")
    db.execute(f"INSERT INTO temp.added_{table} ({columns}) SELECT {columns} {_ADDED_ROWS[table]}", (upto,))
    db.execute(
        f"INSERT OR REPLACE INTO search_vocab SELECT ?, a.term, a.doc + coalesce(v.doc, 0) FROM temp.added_vocab_{table} a "
        "LEFT JOIN search_vocab v ON v.tbl = ? AND v.term = a.term",
        (table, table),
    )
    db.execute(f"DELETE FROM temp.added_{table}")


def _recount(db: sqlite_utils.Database, table: str, terms: set[str], gone: bool = False) -> None:
    """search_vocab's counts of these terms of one table, as fts5vocab gives them now; gone:
    and the terms no row holds any more are taken out."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{table} USING fts5vocab(main, {table}_fts, row)")
    listed = json.dumps(sorted(terms))
    if gone:
        db.execute("DELETE FROM search_vocab WHERE tbl = ? AND term IN (SELECT value FROM json_each(?))", (table, listed))
    db.execute(
        f"INSERT OR REPLACE INTO search_vocab SELECT ?, term, doc FROM temp.vocab_{table} "
        "WHERE term IN (SELECT value FROM json_each(?))",
        (table, listed),
    )


def vocabulary(db: sqlite_utils.Database, table: str) -> Iterator[tuple[str, int]] | None:
    """(term, rows holding it) of one FTS5 index, in term order, as read (a big dossier has
    hundreds of thousands): from search_vocab, or from fts5vocab in a dossier written before
    it (None: no such index)."""
    if "search_vocab_upto" in _tables(db.conn) and query(db, "SELECT count(*) AS n FROM search_vocab_upto")[0]["n"]:
        return db.conn.execute("SELECT term, doc FROM search_vocab WHERE tbl = ? ORDER BY term", (table,))
    name = f"temp.dossier_vocab_{table}"
    try:
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5vocab(main, {table}_fts, row)")
        return db.conn.execute(f"SELECT term, doc FROM {name} ORDER BY term")
    except sqlite3.Error:
        return None  # an older file without this index


def completions(db: sqlite_utils.Database, table: str, prefix: str, most: int) -> list[str] | None:
    """The words of one FTS5 index that begin with prefix, in order, read from the index itself
    (exact, however the dossier was written); None when there are more than `most`.

    One seek per word in fts5vocab's instance table: cheap, where the row table would decode
    each word's whole posting list."""
    name = f"temp.dossier_terms_{table}"
    try:
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5vocab(main, {table}_fts, instance)")
    except sqlite3.Error:
        return None  # an older file without this index
    sql = f"SELECT term FROM {name} WHERE term >= ? AND term < ? LIMIT 1"
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # past every word beginning with prefix
    found: list[str] = []
    at = prefix
    while len(found) <= most:
        row = query(db, sql, (at, end))
        if not row:
            return found
        found.append(row[0]["term"])
        at = found[-1] + "\x00"  # the next word: a token never holds NUL
    return None


# Columns added since schema 3 was first written, the same additive way: (table, column,
# declaration). Readers of a dossier that lacks them see their defaults (see `_column`).
_ADDED_COLUMNS = (
    ("source", "dated_by", "TEXT"),
    ("event", "status", "TEXT NOT NULL DEFAULT 'curated'"),
    ("event", "kind", "TEXT"),
    ("evidence", "date", "TEXT"),
    ("evidence", "precision", "TEXT"),
    ("evidence", "how", "TEXT"),
    ("quote", "confidence", "FLOAT"),  # how sure the speaker is, from the rule that found it
)


# Indexes added since schema 3, the same additive way, by name (as create_schema names them).
_ADDED_INDEXES = {
    # what placing event mentions looks events up by
    "idx_event_date": "event (date)",
    "idx_event_kind": "event (kind)",
    # what placing a new quote reads its groups' renderings by
    "idx_quote_group_id": "quote (group_id)",
    # the sources still to date, which every ingest run asks for: a few, not every source read
    "idx_source_undated": "source (id) WHERE dated_by = 'none'",
    **_READ_INDEXES,
}


def _add_indexes(db: sqlite_utils.Database) -> None:
    """The indexes added since schema 3, in a new dossier and, additively, an older one
    (after the columns they index)."""
    for name, on in _ADDED_INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


def _missing_columns(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    return [(t, c, d) for t, c, d in _ADDED_COLUMNS if c not in _columns(db.conn, t)]


def _column(db: sqlite_utils.Database, table_alias: str, table: str, column: str, default: str = "NULL") -> str:
    """SQL for a column added since schema 3 (see _ADDED_COLUMNS), or its default in an older
    dossier that was only ever read since."""
    return f"{table_alias}.{column}" if column in _columns(db.conn, table) else default


WRITE_CACHE_KIB = 32 * 1024


def open_for_writing(path: Path) -> sqlite_utils.Database:
    """Open an existing dossier to write to: a long busy timeout (other writers finish their
    transaction first), the pending-quotes and sketch tables, the columns added since, and full-text
    update triggers on the indexed columns only (an older dossier has them on any column). The journal
    mode is never switched here: another connection may be open (see `create`)."""
    db = open_db(path, readonly=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {WRITE_TIMEOUT_MS}")
        # A writer's page cache of 32 MB (SQLite's default is 2 MB): each article's rows go into
        # indexes spread over a big dossier's file (mentions by actor), whose inner pages then
        # stay read (at 50,000 sources, 41 articles' statements 1.02 -> 0.90 s).
        db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        if journal_mode(db) == "wal":
            db.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; never corrupt
        missing = _missing_columns(db)
        wide = _wide_fts_triggers(db.conn)
        indexes = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        unindexed = _ADDED_INDEXES.keys() - indexes
        if {"pending_quote", "proposal", "note", "search_vocab_upto", "source_sketch", _TALLY, "index_cache"} - _tables(db.conn) or missing or wide or unindexed:
            with write_transaction(db):
                _add_sketches(db)
                _add_tallies(db)
                _narrow_fts_triggers(db.conn, wide)
                update_vocabulary(db)  # whole, once, in a dossier that never had it
                db.execute(_PENDING_QUOTES)
                _add_index_cache(db)
                db.execute(_PROPOSALS)
                db.execute(_NOTES)
                for table, column, declaration in missing:
                    db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] {declaration}")
                _add_indexes(db)
    except sqlite3.Error as exc:
        db.conn.close()
        raise explain(exc, path, WRITE_TIMEOUT_MS) from None
    return db


def create(path: Path) -> None:
    """Create an empty dossier in write-ahead-log mode, chosen once, here: readers and other
    writers may come and go while it is written to, and nothing switches it back."""
    import sqlite_utils

    db = sqlite_utils.Database(path, execute_plugins=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        create_schema(db)
    finally:
        db.close()


def journal_mode(db: sqlite_utils.Database) -> str:
    return db.execute("PRAGMA journal_mode").fetchone()[0].lower()


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, taken at once (`BEGIN IMMEDIATE`): it waits for other writers up
    to the busy timeout instead of failing when a read turns into a write. All or nothing."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    else:
        conn.commit()


@contextmanager
def savepoint(db: sqlite_utils.Database, name: str = "part") -> Iterator[sqlite_utils.Database]:
    """A part of the open write transaction that is undone alone when it fails (a savepoint),
    or, outside a transaction, a write transaction of its own. All of it or none of it."""
    conn = db.conn
    if not conn.in_transaction:
        with write_transaction(db):
            yield db
        return
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:  # some errors (a full disk) end the whole transaction at once
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    else:
        conn.execute(f"RELEASE {name}")


def data_version(db: sqlite_utils.Database) -> int:
    """A number that changes when another connection commits to the database (cheap)."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy a write-ahead log into the database file and empty it, so that the .db file alone
    holds everything committed (a no-op with a rollback journal; skipped while busy)."""
    if journal_mode(db) == "wal":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def alias_owners(db: sqlite_utils.Database, folded: str) -> list[int]:
    """The actors with this folded alias."""
    return [r["actor_id"] for r in query(db, "SELECT DISTINCT actor_id FROM alias WHERE folded = ? ORDER BY actor_id", (folded,))]


def add_pending_quotes(db: sqlite_utils.Database, source_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO pending_quote SELECT id FROM quote WHERE source_id = ?", (source_id,))


def pending_quotes(db: sqlite_utils.Database) -> set[int]:
    """Quotes stored by ingest and not yet grouped."""
    return {r["quote_id"] for r in query(db, "SELECT quote_id FROM pending_quote")}


def clear_pending_quotes(db: sqlite_utils.Database, ids: set[int]) -> None:
    db.execute("DELETE FROM pending_quote WHERE quote_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))


def query(db: sqlite_utils.Database, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """Run a read query, turning SQLite errors (locks, corruption) into DossierError."""
    try:
        cursor = db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    except sqlite3.Error as exc:
        raise explain(exc, Path(db_path(db))) from None


def rows(db: sqlite_utils.Database, sql: str, params: Any = ()) -> Iterator[tuple]:
    """A read query's rows as tuples, as SQLite returns them (for a big read that builds its
    own structures), SQLite errors turned into DossierError."""
    try:
        yield from db.conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise explain(exc, Path(db_path(db))) from None


def db_path(db: sqlite_utils.Database) -> str:
    """The file behind a connection, for messages."""
    for row in db.conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return row[2] or ":memory:"
    return ":memory:"


def counts(db: sqlite_utils.Database) -> Counts:
    """How many sources, actors, events, mentions and quotes the dossier holds."""
    row = query(
        db,
        "SELECT (SELECT count(*) FROM source) AS sources,"
        " (SELECT count(*) FROM actor) AS actors,"
        " (SELECT count(*) FROM event) AS events,"
        " (SELECT count(*) FROM mention) AS mentions,"
        " (SELECT count(*) FROM quote) AS quotes",
    )[0]
    return Counts(**row)


def _only(alias: str, ids: list[int] | None) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause restricting rows to ids (None: no restriction)."""
    if ids is None:
        return "", ()
    return f"WHERE {alias}.id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)


def count_rows(db: sqlite_utils.Database, table: str, ids: list[int] | None = None) -> int:
    """How many rows a table (actor, event, source...) has (among ids, when given)."""
    where, params = _only("t", ids)
    return query(db, f"SELECT count(*) AS n FROM {table} t {where}", params)[0]["n"]


SOURCE_ORDER = "s.published IS NULL, s.published DESC, s.slug"  # newest first, undated last (source s)
EVENT_ORDER = "e.date IS NULL, e.date, e.id"  # a timeline, undated last (event e)


def _page(table: str, alias: str, where: str, order: str) -> str:
    """FROM-clause SQL for the rows of a list, ordered and limited (the LIMIT ? comes last)
    before the columns are computed: a list's counts are counted for the rows it shows only."""
    return f"(SELECT {alias}.id FROM {table} {alias} {where} ORDER BY {order} LIMIT ?) AS page JOIN {table} {alias} ON {alias}.id = page.id"


def list_actors(db: sqlite_utils.Database, limit: int | None = None, ids: list[int] | None = None) -> list[Actor]:
    """Actors, most mentioned first, with their mention, quote and event counts."""
    where, params = _only("a", ids)
    rows = query(
        db,
        f"""
        SELECT a.id, a.slug, a.name, a.kind, a.description,
          {tally_sql(db, "mentions")} AS mentions,
          {tally_sql(db, "quotes")} AS quotes,
          (SELECT count(DISTINCT ea.event_id) FROM event_actor ea WHERE ea.actor_id = a.id) AS events,
          a.status
        FROM actor a {where} ORDER BY mentions DESC, a.name COLLATE NOCASE LIMIT ?
        """,
        (*params, -1 if limit is None else limit),
    )
    return [Actor(**r) for r in rows]


def list_events(db: sqlite_utils.Database, limit: int | None = None, ids: list[int] | None = None) -> list[Event]:
    """Events as a timeline: dated ones in date order, undated ones last."""
    where, params = _only("e", ids)
    rows = query(
        db,
        f"""
        SELECT e.id, e.slug, e.date, e.precision, e.title, e.summary, p.name AS place,
          (SELECT count(DISTINCT v.source_id) FROM evidence v WHERE v.event_id = e.id) AS sources,
          {_column(db, "e", "event", "status", "'curated'")} AS status
        FROM {_page("event", "e", where, EVENT_ORDER)} LEFT JOIN actor p ON p.id = e.place_id
        ORDER BY {EVENT_ORDER}
        """,
        (*params, -1 if limit is None else limit),
    )
    return [Event(**r) for r in rows]


def list_sources(db: sqlite_utils.Database, limit: int | None = None, ids: list[int] | None = None) -> list[Source]:
    """Sources, newest first, undated last, with their mention, quote and event counts."""
    where, params = _only("s", ids)
    rows = query(
        db,
        f"""
        SELECT s.id, s.slug, s.title, s.outlet, s.author, s.published, s.url,
          (SELECT count(*) FROM mention m WHERE m.source_id = s.id) AS mentions,
          (SELECT count(*) FROM quote q WHERE q.source_id = s.id) AS quotes,
          (SELECT count(DISTINCT v.event_id) FROM evidence v WHERE v.source_id = s.id) AS events
        FROM {_page("source", "s", where, SOURCE_ORDER)} ORDER BY {SOURCE_ORDER}
        """,
        (*params, -1 if limit is None else limit),
    )
    return [Source(**r) for r in rows]


# -- events and their evidence (dossier.timeline) -----------------------------------------------


def _compatible_dates(date: str | None) -> tuple[str, list[str]]:
    """A WHERE clause (on event e) and its parameters: the event's date is unknown, equal to
    `date`, contains it, lies inside it, or is a day next to it."""
    if date is None:
        return "1", []
    exact = [date, *(date[:n] for n in (4, 7) if len(date) > n)]
    if len(date) == 10:
        day = _dt.date.fromisoformat(date)
        exact += [(day + _dt.timedelta(days=d)).isoformat() for d in (-1, 1)]
        inside = ""
        params = exact
    else:
        inside = " OR e.date BETWEEN ? AND ?"
        params = [*exact, f"{date}-", f"{date}-~"]
    return f"(e.date IS NULL OR e.date IN ({', '.join('?' * len(exact))}){inside})", params


def event_candidate_ids(
    db: sqlite_utils.Database, actor_ids: list[int], date: str | None, kind: str | None = None, limit: int = 20
) -> list[int]:
    """The events that may be the one an event mention reports: they share an actor with it,
    their date is compatible with `date` (either is missing, one contains the other, or two
    days are at most a day apart), and of `kind` when given; the `limit` sharing the most
    actors, latest first. Only their ids, which depend on the events' dates, kinds and actors
    alone (`timeline.place_mentions` keeps them while none of those change); their details
    are `candidate_events`."""
    dates, params = _compatible_dates(date)
    # The kind only when given, as a plain comparison the planner can use idx_event_kind for
    # (a few events of that kind, rather than every event of a much-named actor).
    of_kind, kinds = (" AND e.kind = ?", [kind]) if kind is not None else ("", [])
    return [
        r["id"]
        for r in query(
            db,
            f"""
            SELECT e.id, count(DISTINCT ea.actor_id) AS shared FROM event e JOIN event_actor ea ON ea.event_id = e.id
            WHERE ea.actor_id IN (SELECT value FROM json_each(?)) AND {dates}{of_kind}
            GROUP BY e.id ORDER BY shared DESC, e.id DESC LIMIT ?
            """,
            (json.dumps(actor_ids), *params, *kinds, limit),
        )
    ]


# How many of a candidate event's pieces of evidence (the first added) its details carry.
CANDIDATE_TEXTS = 4


def candidate_events(db: sqlite_utils.Database, ids: list[int]) -> list[dict[str, Any]]:
    """These events (`event_candidate_ids`), in id order, each with its actors ([actor id,
    role] pairs) and the texts of its first CANDIDATE_TEXTS pieces of evidence."""
    rows = query(
        db,
        f"""
        SELECT e.id, e.date, e.precision, e.title, e.summary, e.status, e.kind,
          (SELECT json_group_array(json_array(actor_id, role)) FROM event_actor WHERE event_id = e.id) AS actors,
          (SELECT json_group_array(text) FROM (SELECT text FROM evidence WHERE event_id = e.id ORDER BY id
                                               LIMIT {CANDIDATE_TEXTS})) AS texts
        FROM event e WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id
        """,
        (json.dumps(ids),),
    )
    for r in rows:
        r["actors"] = json.loads(r["actors"])
        r["texts"] = json.loads(r["texts"])
    return rows


def dated_sources_sharing(db: sqlite_utils.Database, actor_ids: list[int]) -> list[tuple[str, int]]:
    """(publication date, how many of these actors it mentions) of each dated source that
    mentions two of them or more."""
    # Counted from the mention index alone, and only the sources sharing two actors are read:
    # a much-named actor is in thousands of sources, and reading each of them (a row with its
    # text) for its date grew with the dossier.
    rows = query(
        db,
        "SELECT s.published, shared FROM (SELECT source_id, count(*) AS shared FROM (SELECT DISTINCT actor_id, source_id "
        "FROM mention WHERE actor_id IN (SELECT value FROM json_each(?))) GROUP BY source_id HAVING shared >= 2) "
        "JOIN source s ON s.id = source_id WHERE s.published IS NOT NULL",
        (json.dumps(actor_ids),),
    )
    return [(r["published"], r["shared"]) for r in rows]


def has_curated_evidence(db: sqlite_utils.Database, source_id: int) -> bool:
    return bool(query(db, "SELECT 1 FROM evidence WHERE source_id = ? AND coalesce(how, 'curated') = 'curated' LIMIT 1", (source_id,)))


def curated_evidence_at(db: sqlite_utils.Database, source_id: int, start: int, end: int) -> list[dict[str, Any]]:
    """The events a curated snippet of this source, overlapping text[start:end], evidences."""
    return query(
        db,
        "SELECT DISTINCT e.id, e.date, e.precision, e.status, e.kind FROM evidence v JOIN event e ON e.id = v.event_id "
        "WHERE v.source_id = ? AND v.start < ? AND v.\"end\" > ? AND coalesce(v.how, 'curated') = 'curated' ORDER BY e.id",
        (source_id, end, start),
    )


def insert_event(db: sqlite_utils.Database, row: dict[str, Any], roles: list[tuple[int, str]]) -> int:
    """Add an event with its actors in roles; its slug is made unique. Returns its id."""
    base = row["slug"]
    taken = {r["slug"] for r in query(db, "SELECT slug FROM event WHERE slug = ? OR slug GLOB ?", (base, f"{base}-[0-9]*"))}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    event_id = insert_row(db, "event", {**row, "slug": slug})
    add_event_actors(db, event_id, roles)
    return event_id


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row (column -> plain value) and return its id: a plain INSERT for the
    per-article path, where sqlite-utils' insert reads the table's schema on every call."""
    columns = ", ".join(f'"{column}"' for column in row)
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})'
    return db.conn.execute(sql, tuple(row.values())).lastrowid


def add_event_actors(db: sqlite_utils.Database, event_id: int, roles: list[tuple[int, str]]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO event_actor (event_id, actor_id, role) VALUES (?, ?, ?)",
        [(event_id, actor_id, role) for actor_id, role in dict.fromkeys(roles)],
    )


def add_evidence(db: sqlite_utils.Database, event_id: int, source_id: int, start: int, end: int, text: str,
                 date: str | None = None, precision: str | None = None, how: str = "curated") -> bool:
    """Add a span of a source as evidence of an event, unless the source already evidences
    it with a span overlapping this one. Returns whether it was added."""
    if query(db, 'SELECT 1 FROM evidence WHERE event_id = ? AND source_id = ? AND start < ? AND "end" > ?',
             (event_id, source_id, end, start)):
        return False
    insert_evidence(db, event_id, source_id, start, end, text, date, precision, how)
    return True


def insert_evidence(db: sqlite_utils.Database, event_id: int, source_id: int, start: int, end: int, text: str,
                    date: str | None = None, precision: str | None = None, how: str = "curated") -> None:
    """Add a span of a source as evidence of an event, the caller having checked that the
    source evidences it nowhere overlapping (`add_evidence` checks; `evidence_spans`)."""
    db.execute(
        'INSERT INTO evidence (event_id, source_id, start, "end", text, date, precision, how) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        (event_id, source_id, start, end, text, date, precision, how),
    )


def evidence_spans(db: sqlite_utils.Database, event_id: int, source_id: int) -> list[tuple[int, int]]:
    """The spans of a source that are evidence of an event (those with both ends)."""
    return list(rows(
        db,
        'SELECT start, "end" FROM evidence WHERE event_id = ? AND source_id = ? AND start IS NOT NULL AND "end" IS NOT NULL',
        (event_id, source_id),
    ))


def evidence_dates(db: sqlite_utils.Database, event_id: int) -> list[tuple[str, str]]:
    """(date, precision) of each piece of evidence that dates the event, oldest first."""
    rows = query(db, "SELECT date, precision FROM evidence WHERE event_id = ? AND date IS NOT NULL ORDER BY id", (event_id,))
    return [(r["date"], r["precision"]) for r in rows]


def set_event_date(db: sqlite_utils.Database, event_id: int, date: str | None, precision: str | None) -> None:
    db.execute("UPDATE event SET date = ?, precision = ? WHERE id = ?", (date, precision, event_id))


def event_evidence(db: sqlite_utils.Database, event_id: int) -> list[dict[str, Any]]:
    """An event's evidence, by source and place, with the date each piece gives (if any)."""
    date, precision = _column(db, "v", "evidence", "date"), _column(db, "v", "evidence", "precision")
    return query(
        db,
        f'SELECT source_id, start, "end", text, {date} AS date, {precision} AS precision FROM evidence v '
        "WHERE event_id = ? ORDER BY source_id, start",
        (event_id,),
    )


def add_dates(db: sqlite_utils.Database, source_id: int, dates: list) -> None:
    """Store a source's date mentions (extract.dates.DateMention)."""
    db.conn.executemany(
        'INSERT INTO date_mention (source_id, start, "end", surface, date, precision) VALUES (?, ?, ?, ?, ?, ?)',
        [(source_id, d.start, d.end, d.surface, d.date, d.precision) for d in dates],
    )


def undated_sources(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Sources whose relative dates had nothing to count from (no date of their own, none
    in their text, none in the dossier): id and text."""
    return query(db, "SELECT id, text FROM source WHERE dated_by = 'none' ORDER BY id")


def source_actor_ids(db: sqlite_utils.Database, source_id: int) -> list[int]:
    return [r["actor_id"] for r in query(db, "SELECT DISTINCT actor_id FROM mention WHERE source_id = ?", (source_id,))]


def forget_source_dates(db: sqlite_utils.Database, source_id: int) -> list[dict[str, Any]]:
    """Remove a source's date mentions and the evidence its event mentions gave (curated
    snippets stay), and the proposed events left with no evidence; return the proposed
    events that lost evidence and remain, to be dated again."""
    touched = [r["event_id"] for r in query(
        db, "SELECT DISTINCT event_id FROM evidence WHERE source_id = ? AND coalesce(how, 'curated') != 'curated'", (source_id,)
    )]
    db.execute("DELETE FROM date_mention WHERE source_id = ?", (source_id,))
    db.execute("DELETE FROM evidence WHERE source_id = ? AND coalesce(how, 'curated') != 'curated'", (source_id,))
    db.execute("UPDATE claim SET event_id = NULL WHERE source_id = ?", (source_id,))
    empty = "status = 'proposed' AND id NOT IN (SELECT event_id FROM evidence)"
    db.execute(f"UPDATE claim SET event_id = NULL WHERE event_id IN (SELECT id FROM event WHERE {empty})")
    db.execute(f"DELETE FROM event_actor WHERE event_id IN (SELECT id FROM event WHERE {empty})")
    db.execute(f"DELETE FROM event WHERE {empty}")
    return query(
        db,
        "SELECT id, date, precision, status FROM event WHERE status = 'proposed' AND id IN (SELECT value FROM json_each(?))",
        (json.dumps(touched),),
    )


def set_dated_by(db: sqlite_utils.Database, source_id: int, dated_by: str) -> None:
    db.execute("UPDATE source SET dated_by = ? WHERE id = ?", (dated_by, source_id))


def set_event_title(db: sqlite_utils.Database, event_id: int, title: str) -> None:
    db.execute("UPDATE event SET title = ? WHERE id = ?", (title, event_id))


def source_evidence(db: sqlite_utils.Database, source_id: int) -> list[dict[str, Any]]:
    """The evidence a source gives, with its event's kind, in text order."""
    return query(
        db,
        'SELECT v.event_id, v.start, v."end", e.kind FROM evidence v JOIN event e ON e.id = v.event_id '
        "WHERE v.source_id = ? ORDER BY v.start, v.id",
        (source_id,),
    )


def source_claims(db: sqlite_utils.Database, source_id: int) -> list[dict[str, Any]]:
    return query(db, 'SELECT id, start, "end", unit FROM claim WHERE source_id = ? ORDER BY start', (source_id,))


def set_claim_events(db: sqlite_utils.Database, links: list[tuple[int | None, int]]) -> None:
    """Give claims their events: (event id or None, claim id) pairs."""
    db.conn.executemany("UPDATE claim SET event_id = ? WHERE id = ?", links)


def source_text(db: sqlite_utils.Database, source_id: int) -> str:
    return query(db, "SELECT text FROM source WHERE id = ?", (source_id,))[0]["text"]


def quote_groups(db: sqlite_utils.Database) -> list[tuple[int, str, int]]:
    """(id, label, renderings) of every quote group, the most rendered first."""
    rows = query(
        db,
        "SELECT g.id, g.label, count(q.id) AS n FROM quote_group g JOIN quote q ON q.group_id = g.id "
        "GROUP BY g.id ORDER BY n DESC, g.id",
    )
    return [(r["id"], r["label"], r["n"]) for r in rows]


def figures(db: sqlite_utils.Database, source_ids: list[int]) -> list[dict[str, Any]]:
    """The figures these sources state (source, low, high, unit, text), with who claims them
    (claimant) and the event they concern, by event date."""
    rows = query(
        db,
        "SELECT c.source_id, s.title, s.outlet, s.slug, s.published, c.low, c.high, c.unit, "
        "c.text, a.name AS claimant, e.title AS event FROM claim c JOIN source s ON s.id = c.source_id "
        "LEFT JOIN actor a ON a.id = c.claimed_by LEFT JOIN event e ON e.id = c.event_id "
        "WHERE c.source_id IN (SELECT value FROM json_each(?)) ORDER BY e.date, c.unit, c.low",
        (json.dumps(source_ids),),
    )
    for r in rows:
        r["source"] = source_label(r.pop("title"), r["outlet"], r.pop("slug"))
    return rows


def dump(db: sqlite_utils.Database) -> dict[str, Any]:
    """The whole dossier as one JSON-ready document (the `dossier dump` shape)."""
    aliases: dict[int, list[str]] = {}
    for r in query(db, "SELECT actor_id, alias FROM alias ORDER BY actor_id, id"):
        aliases.setdefault(r["actor_id"], []).append(r["alias"])
    roles: dict[int, list[dict[str, Any]]] = {}
    for r in query(db, "SELECT event_id, actor_id, role FROM event_actor ORDER BY event_id, rowid"):
        roles.setdefault(r["event_id"], []).append({"actor_id": r["actor_id"], "role": r["role"]})
    evidence: dict[int, list[dict[str, Any]]] = {}
    evidence_date = _column(db, "v", "evidence", "date")
    evidence_precision = _column(db, "v", "evidence", "precision")
    for r in query(
        db,
        f'SELECT event_id, source_id, start, "end", text, {evidence_date} AS date, {evidence_precision} AS precision '
        "FROM evidence v ORDER BY event_id, id",
    ):
        evidence.setdefault(r.pop("event_id"), []).append(r)

    actors = query(db, "SELECT id, slug, name, kind, description, status FROM actor ORDER BY id")
    for a in actors:
        a["aliases"] = aliases.get(a["id"], [])
    status = _column(db, "e", "event", "status", "'curated'")
    events = query(db, f"SELECT id, slug, date, precision, title, summary, place_id, {status} AS status FROM event e ORDER BY id")
    for e in events:
        e["actors"] = roles.get(e["id"], [])
        e["evidence"] = evidence.get(e["id"], [])
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": query(
            db, "SELECT id, slug, title, outlet, author, published, url, text FROM source ORDER BY id"
        ),
        "actors": actors,
        "mentions": query(
            db,
            'SELECT actor_id, source_id, start, "end", surface FROM mention ORDER BY source_id, start, actor_id',
        ),
        "quotes": query(
            db, 'SELECT id, source_id, speaker_id, text, start, "end", group_id FROM quote ORDER BY id'
        ),
        "quote_groups": query(db, "SELECT id, label, speaker_id FROM quote_group ORDER BY id"),
        "events": events,
        "claims": query(
            db,
            'SELECT id, source_id, event_id, claimed_by, low, high, unit, start, "end", text FROM claim ORDER BY id',
        ),
        "dates": query(
            db,
            'SELECT source_id, start, "end", surface, date, precision FROM date_mention ORDER BY source_id, start',
        ),
        "notes": notes(db),
    }


def actor_rows(db: sqlite_utils.Database, proposed_only: bool = False) -> list[dict[str, Any]]:
    """Every actor (or only proposed ones) with status, kind, aliases and mention count."""
    where = "WHERE a.status = 'proposed'" if proposed_only else ""
    rows = query(
        db,
        f"""
        SELECT a.id, a.slug, a.name, a.kind, a.status,
          {tally_sql(db, "mentions")} AS mentions,
          (SELECT count(DISTINCT m.source_id) FROM mention m WHERE m.actor_id = a.id) AS sources,
          (SELECT json_group_array(alias) FROM alias WHERE actor_id = a.id) AS aliases
        FROM actor a {where} ORDER BY mentions DESC, a.name COLLATE NOCASE
        """,
    )
    for r in rows:
        r["aliases"] = json.loads(r["aliases"])
    return rows


def actor_names(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """Every actor's (id, name, kind): what extraction links names to. Plain tuples: a big
    dossier has tens of thousands, read on every ingest."""
    return db.conn.execute("SELECT id, name, kind FROM actor").fetchall()


def completion_names(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    """(value, what it is) a shell may complete to: every actor's name and slug, or every
    event's or source's slug with its title."""
    if table == "actor":
        sql = "SELECT name AS value, kind AS what FROM actor UNION SELECT slug, name FROM actor"
    elif table in ("event", "source"):
        sql = f"SELECT slug AS value, coalesce(title, '') AS what FROM {table}"
    else:
        raise ValueError(table)
    return [(r["value"], r["what"]) for r in query(db, sql + " ORDER BY 1")]


def alias_rows(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """Every alias as (actor id, alias), in the order they were added."""
    return db.conn.execute("SELECT actor_id, alias FROM alias ORDER BY id").fetchall()


def actors_after(db: sqlite_utils.Database, actor_id: int) -> list[tuple[int, str, str]]:
    """`actor_names` of the actors after this id, in order."""
    return db.conn.execute("SELECT id, name, kind FROM actor WHERE id > ? ORDER BY id", (actor_id,)).fetchall()


def aliases_after(db: sqlite_utils.Database, alias_id: int) -> list[tuple[int, str]]:
    """`alias_rows` of the aliases after this id, in order."""
    return db.conn.execute("SELECT actor_id, alias FROM alias WHERE id > ? ORDER BY id", (alias_id,)).fetchall()


def actor_descriptions(db: sqlite_utils.Database, ids: Sequence[int]) -> list[tuple[int, str | None]]:
    """(id, description) of these actors."""
    return list(rows(db, "SELECT id, description FROM actor WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)))


def _actor_text_column(column: str) -> str:
    """One of the actor columns the full-text index holds (a column name is put in the SQL)."""
    if column not in ("name", "description"):
        raise ValueError(f"not an indexed actor column: {column!r}")
    return column


def actors_with_unplain(db: sqlite_utils.Database, column: str, kinds: Sequence[str]) -> list[tuple[int, str]]:
    """(id, text) of the actors of these kinds whose column (name or description) is not
    plain ASCII: its bytes outnumber its characters."""
    column = _actor_text_column(column)
    return list(rows(
        db,
        f"SELECT id, {column} FROM actor WHERE kind IN (SELECT value FROM json_each(?)) "
        f"AND length(CAST({column} AS BLOB)) <> length({column})",
        (json.dumps(list(kinds)),),
    ))


def actors_with_words(db: sqlite_utils.Database, column: str, words: Sequence[str]) -> list[int]:
    """The actors whose column (name or description) holds these words in a row, by the
    full-text index (words of lower-case letters and digits)."""
    column = _actor_text_column(column)
    return [i for (i,) in rows(db, "SELECT rowid FROM actor_fts WHERE actor_fts MATCH ?", (f'{column} : "{" ".join(words)}"',))]


def actors_with_text(db: sqlite_utils.Database, column: str, lowered: str) -> list[int]:
    """The actors whose column (name or description), in lower case, holds this text."""
    column = _actor_text_column(column)
    return [i for (i,) in rows(db, f"SELECT id FROM actor WHERE instr(lower({column}), ?)", (lowered,))]


def last_actor_ids(db: sqlite_utils.Database) -> tuple[int, int]:
    """The last actor id and the last alias id (0: none)."""
    return db.conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM actor), (SELECT coalesce(max(id), 0) FROM alias)"
    ).fetchone()


def index_cache(db: sqlite_utils.Database) -> tuple[int, int, bytes] | None:
    """The kept actor index (actors_upto, aliases_upto, data), if any (see _INDEX_CACHE)."""
    try:
        return db.conn.execute("SELECT actors_upto, aliases_upto, data FROM index_cache WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None  # a dossier from before the cache, only ever read since


def keep_index_cache(db: sqlite_utils.Database, actors_upto: int, aliases_upto: int, data: bytes) -> None:
    """Keep an actor index built from the rows up to these ids. Inside a write transaction."""
    db.execute(
        "INSERT OR REPLACE INTO index_cache (id, actors_upto, aliases_upto, data) VALUES (1, ?, ?, ?)",
        (actors_upto, aliases_upto, data),
    )


def median_published(db: sqlite_utils.Database) -> str | None:
    """The median of the sources' publication dates (the lower middle one of an even count),
    None when no source has one: read in the order of idx_source_order (latest first), not
    by loading and sorting them."""
    dated = "FROM source WHERE published IS NOT NULL AND published <> ''"
    n = query(db, f"SELECT count(*) AS n {dated}")[0]["n"]
    if not n:
        return None
    latest_first = f"SELECT published {dated} ORDER BY published IS NULL, published DESC LIMIT 1 OFFSET ?"
    return query(db, latest_first, (n - 1 - (n - 1) // 2,))[0]["published"]


def find_actors(db: sqlite_utils.Database, name: str) -> list[dict[str, Any]]:
    """(id, slug, name) of the actors whose slug or name is `name` (any case), or else whose
    alias folds to it; empty when none is."""
    rows = query(db, "SELECT id, slug, name FROM actor WHERE slug = ? OR name = ? COLLATE NOCASE", (name, name))
    if rows:
        return rows
    return query(
        db,
        "SELECT DISTINCT a.id, a.slug, a.name FROM alias al JOIN actor a ON a.id = al.actor_id WHERE al.folded = ?",
        (fold(name),),
    )


def actor_ref(db: sqlite_utils.Database, actor_id: int) -> dict[str, Any]:
    """(id, slug, name) of one actor."""
    return query(db, "SELECT id, slug, name FROM actor WHERE id = ?", (actor_id,))[0]


def id_by_slug(db: sqlite_utils.Database, table: str, ref: str) -> int | None:
    """The id of the row (an event, a source) whose slug, or id written out, is `ref`; None when none is."""
    rows = query(db, f"SELECT id FROM {table} WHERE slug = ? OR CAST(id AS TEXT) = ?", (ref, ref))
    return rows[0]["id"] if rows else None


def move_actor(db: sqlite_utils.Database, from_id: int, into_id: int) -> dict[str, int]:
    """Fold one actor into another, in the caller's transaction; how many rows of each table moved."""
    if from_id == into_id:
        raise DossierError("Cannot merge an actor into itself.")
    moved: dict[str, int] = {}
    for table, column in (("mention", "actor_id"), ("quote", "speaker_id"), ("claim", "claimed_by"),
                          ("quote_group", "speaker_id"), ("event", "place_id")):
        cur = db.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (into_id, from_id))
        moved[table] = cur.rowcount
    cur = db.conn.execute("UPDATE OR IGNORE event_actor SET actor_id = ? WHERE actor_id = ?", (into_id, from_id))
    moved["event_actor"] = cur.rowcount
    db.conn.execute("DELETE FROM event_actor WHERE actor_id = ?", (from_id,))
    db.conn.execute("UPDATE note SET item_id = ? WHERE kind = 'actor' AND item_id = ?", (into_id, from_id))
    if "proposal" in _tables(db.conn):  # why it was proposed stays, with the actor it is now
        db.conn.execute("UPDATE proposal SET actor_id = ? WHERE actor_id = ?", (into_id, from_id))
    name = db.conn.execute("SELECT name FROM actor WHERE id = ?", (from_id,)).fetchone()[0]
    aliases = [r[0] for r in db.conn.execute("SELECT alias FROM alias WHERE actor_id = ?", (from_id,))]
    db.conn.execute("DELETE FROM alias WHERE actor_id = ?", (from_id,))
    for alias in dict.fromkeys([name, *aliases]):
        add_alias(db, into_id, alias)
    db.conn.execute("DELETE FROM actor WHERE id = ?", (from_id,))
    db.conn.execute("UPDATE actor SET status = 'curated' WHERE id = ? AND status = 'proposed'", (into_id,))
    return moved


# -- an analyst's decisions (dossier.decisions), each in the caller's transaction ----------------


def add_alias(db: sqlite_utils.Database, actor_id: int, alias: str) -> bool:
    """Give an actor one more spelling; False when it already had it."""
    cur = db.conn.execute(
        "INSERT OR IGNORE INTO alias (actor_id, alias, folded) VALUES (?, ?, ?)", (actor_id, alias, fold(alias))
    )
    return cur.rowcount > 0


def remove_alias(db: sqlite_utils.Database, actor_id: int, alias: str) -> bool:
    return db.conn.execute("DELETE FROM alias WHERE actor_id = ? AND alias = ?", (actor_id, alias)).rowcount > 0


def actor_by_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    rows = query(db, "SELECT id, slug, name, kind, status FROM actor WHERE slug = ?", (slug,))
    return rows[0] if rows else None


def update_actor(db: sqlite_utils.Database, actor_id: int, **fields: str) -> None:
    """Set an actor's name, kind or status."""
    assert set(fields) <= {"name", "kind", "status"}, fields
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE actor SET {sets} WHERE id = ?", (*fields.values(), actor_id))


def delete_actor(db: sqlite_utils.Database, actor_id: int) -> int:
    """Remove an actor and its mentions; what it said or claimed stays, unattributed. Returns
    how many mentions went with it."""
    mentions = db.conn.execute("DELETE FROM mention WHERE actor_id = ?", (actor_id,)).rowcount
    for table, column in (("quote", "speaker_id"), ("claim", "claimed_by"), ("quote_group", "speaker_id"), ("event", "place_id")):
        db.conn.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = ?", (actor_id,))
    db.conn.execute("DELETE FROM event_actor WHERE actor_id = ?", (actor_id,))
    db.conn.execute("DELETE FROM note WHERE kind = 'actor' AND item_id = ?", (actor_id,))
    if "proposal" in _tables(db.conn):  # why it was proposed goes with a rejected actor
        db.conn.execute("DELETE FROM proposal WHERE actor_id = ?", (actor_id,))
    db.conn.execute("DELETE FROM alias WHERE actor_id = ?", (actor_id,))
    db.conn.execute("DELETE FROM actor WHERE id = ?", (actor_id,))
    return mentions


def new_actor(db: sqlite_utils.Database, slug: str, name: str, kind: str, status: str = "curated") -> int:
    cur = db.conn.execute("INSERT INTO actor (slug, name, kind, status) VALUES (?, ?, ?, ?)", (slug, name, kind, status))
    add_alias(db, cur.lastrowid, name)
    return cur.lastrowid


def move_mentions(db: sqlite_utils.Database, actor_id: int, folded: str, to_id: int) -> int:
    """Give another actor the mentions of one actor whose words fold to `folded`."""
    rows = query(db, "SELECT id, surface FROM mention WHERE actor_id = ?", (actor_id,))
    ids = [r["id"] for r in rows if fold(r["surface"]) == folded]
    db.conn.execute(
        "UPDATE mention SET actor_id = ? WHERE id IN (SELECT value FROM json_each(?))", (to_id, json.dumps(ids))
    )
    return len(ids)


def relink_mentions(db: sqlite_utils.Database, source_id: int, surface: str, actor_id: int | None) -> int:
    """Every place these words are a mention in a source: one mention each of actor_id
    (curated), or none. Returns how many places there are."""
    spans = db.conn.execute(
        'SELECT DISTINCT start, "end" FROM mention WHERE source_id = ? AND surface = ?', (source_id, surface)
    ).fetchall()
    db.conn.execute("DELETE FROM mention WHERE source_id = ? AND surface = ?", (source_id, surface))
    if actor_id is not None:
        db.conn.executemany(
            'INSERT INTO mention (actor_id, source_id, start, "end", surface, method, score) '
            "VALUES (?, ?, ?, ?, ?, 'curated', 1.0)",
            [(actor_id, source_id, a, b, surface) for a, b in spans],
        )
    return len(spans)


def quote_ids(db: sqlite_utils.Database, source_id: int, text: str) -> list[int]:
    """The quotes of a source with exactly this text."""
    return [r["id"] for r in query(db, "SELECT id FROM quote WHERE source_id = ? AND text = ? ORDER BY id", (source_id, text))]


def quote_row(db: sqlite_utils.Database, quote_id: int) -> dict[str, Any] | None:
    """A quote's id, text, source (id and slug) and speaker (id and slug)."""
    rows = query(
        db,
        "SELECT q.id, q.text, q.source_id, s.slug AS source, q.speaker_id, a.slug AS speaker, q.how "
        "FROM quote q JOIN source s ON s.id = q.source_id LEFT JOIN actor a ON a.id = q.speaker_id WHERE q.id = ?",
        (quote_id,),
    )
    return rows[0] if rows else None


def set_speaker(db: sqlite_utils.Database, quote_ids: list[int], speaker_id: int | None) -> None:
    db.conn.execute(
        "UPDATE quote SET speaker_id = ?, how = 'curated', confidence = 1.0 WHERE id IN (SELECT value FROM json_each(?))",
        (speaker_id, json.dumps(quote_ids)),
    )


def delete_quotes(db: sqlite_utils.Database, quote_ids: list[int]) -> None:
    ids = json.dumps(quote_ids)
    texts = [r[0] for r in db.conn.execute("SELECT text FROM quote WHERE id IN (SELECT value FROM json_each(?))", (ids,))]
    if "pending_quote" in _tables(db.conn):  # a built dossier has none
        db.conn.execute("DELETE FROM pending_quote WHERE quote_id IN (SELECT value FROM json_each(?))", (ids,))
    db.conn.execute("DELETE FROM note WHERE kind = 'quote' AND item_id IN (SELECT value FROM json_each(?))", (ids,))
    db.conn.execute("DELETE FROM quote WHERE id IN (SELECT value FROM json_each(?))", (ids,))
    if texts and "search_vocab" in _tables(db.conn):  # ingest adds to these counts
        _recount(db, "quote", {t for text in texts for t in fts_tokens(text)}, gone=True)


def event_by_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    rows = query(db, "SELECT id, slug, title, date, precision, status FROM event WHERE slug = ?", (slug,))
    return rows[0] if rows else None


def update_event(db: sqlite_utils.Database, event_id: int, **fields: str | None) -> None:
    """Set an event's title, date, precision, summary or status."""
    assert set(fields) <= {"title", "date", "precision", "summary", "status"}, fields
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE event SET {sets} WHERE id = ?", (*fields.values(), event_id))


def set_event_actors(db: sqlite_utils.Database, event_id: int, roles: list[tuple[int, str]]) -> None:
    db.conn.execute("DELETE FROM event_actor WHERE event_id = ?", (event_id,))
    db.conn.executemany(
        "INSERT OR IGNORE INTO event_actor (event_id, actor_id, role) VALUES (?, ?, ?)",
        [(event_id, a, r) for a, r in roles],
    )


def set_event_evidence(db: sqlite_utils.Database, event_id: int, spans: list[tuple[int, int, int, str]]) -> None:
    """Replace an event's evidence with (source id, start, end, text) spans."""
    db.conn.execute("DELETE FROM evidence WHERE event_id = ?", (event_id,))
    db.conn.executemany(
        'INSERT INTO evidence (event_id, source_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
        [(event_id, *span) for span in spans],
    )


def delete_event(db: sqlite_utils.Database, event_id: int) -> None:
    """Remove an event; the figures it explained stay, without it."""
    db.conn.execute("UPDATE claim SET event_id = NULL WHERE event_id = ?", (event_id,))
    for table in ("evidence", "event_actor"):
        db.conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
    db.conn.execute("DELETE FROM note WHERE kind = 'event' AND item_id = ?", (event_id,))
    db.conn.execute("DELETE FROM event WHERE id = ?", (event_id,))


def update_source(db: sqlite_utils.Database, source_id: int, fields: dict[str, str | None]) -> None:
    """Set a source's title, outlet, author, published or url."""
    assert set(fields) <= {"title", "outlet", "author", "published", "url"}, fields
    before = query(db, "SELECT title FROM source WHERE id = ?", (source_id,))
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE source SET {sets} WHERE id = ?", (*fields.values(), source_id))
    if "title" in fields and before and "search_vocab" in _tables(db.conn):  # ingest adds to these counts
        _recount(db, "source", {*fts_tokens(before[0]["title"] or ""), *fts_tokens(fields["title"] or "")}, gone=True)


def add_note(db: sqlite_utils.Database, kind: str, item_id: int, text: str) -> None:
    db.conn.execute("INSERT INTO note (kind, item_id, text) VALUES (?, ?, ?)", (kind, item_id, text))


def notes(db: sqlite_utils.Database, kind: str | None = None, item_id: int | None = None) -> list[dict[str, Any]]:
    """Notes (kind, item_id, text), oldest first, of one item or all; none in a dossier
    made before notes existed."""
    if "note" not in _tables(db.conn):
        return []
    if kind is None:
        return query(db, "SELECT kind, item_id, text FROM note ORDER BY id")
    return query(db, "SELECT kind, item_id, text FROM note WHERE kind = ? AND item_id = ? ORDER BY id", (kind, item_id))


# -- the review queue ---------------------------------------------------------------------------


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The words around a span, on one line, the span in «»."""
    one_line = lambda t: re.sub(r"\s+", " ", t)  # noqa: E731
    return f"…{one_line(text[max(0, start - width) : start])}«{text[start:end]}»{one_line(text[end : end + width])}…"


def proposed_actors(db: sqlite_utils.Database, limit: int) -> list[dict[str, Any]]:
    """Proposed actors, most mentioned first, with up to three mentions in context."""
    rows = query(
        db,
        f"SELECT a.id, a.slug, a.name, a.kind, {tally_sql(db, 'mentions')} AS mentions, "
        "(SELECT count(DISTINCT m.source_id) FROM mention m WHERE m.actor_id = a.id) AS sources "
        "FROM actor a WHERE a.status = 'proposed' ORDER BY mentions DESC, a.name COLLATE NOCASE LIMIT ?",
        (limit,),
    )
    for r in rows:
        spans = query(
            db,
            'SELECT s.text, m.start, m."end" FROM mention m JOIN source s ON s.id = m.source_id '
            "WHERE m.actor_id = ? ORDER BY m.source_id, m.start LIMIT 3",
            (r["id"],),
        )
        r["contexts"] = [_context(s["text"], s["start"], s["end"]) for s in spans]
    return rows


def proposed_events(db: sqlite_utils.Database, limit: int) -> list[dict[str, Any]]:
    """Proposed events in date order, with their evidence."""
    rows = query(
        db,
        "SELECT e.id, e.slug, e.title, (SELECT count(DISTINCT v.source_id) FROM evidence v WHERE v.event_id = e.id) AS sources "
        "FROM event e WHERE e.status = 'proposed' ORDER BY e.date IS NULL, e.date, e.id LIMIT ?",
        (limit,),
    )
    for r in rows:
        r["evidence"] = [v["text"] for v in query(db, "SELECT text FROM evidence WHERE event_id = ? ORDER BY id LIMIT 3", (r["id"],))]
    return rows


def guessed_speakers(db: sqlite_utils.Database, rules: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    """Quotes whose speaker a guessing rule found (their `how` contains one of rules)."""
    where = " OR ".join("instr(q.how, ?) > 0" for _ in rules)
    rows = query(
        db,
        f"SELECT q.id, q.text, q.how, q.start, q.\"end\", q.context_start, q.context_end, s.text AS source_text, "
        f"a.name AS speaker FROM quote q JOIN source s ON s.id = q.source_id LEFT JOIN actor a ON a.id = q.speaker_id "
        f"WHERE ({where}) ORDER BY q.id LIMIT ?",
        (*rules, limit),
    )
    for r in rows:
        text = r.pop("source_text")
        start = r["context_start"] if r["context_start"] is not None else r["start"]
        end = r["context_end"] if r["context_end"] is not None else r["end"]
        r["context"] = " ".join(text[start:end].split())
    return rows


def similar_actors(db: sqlite_utils.Database, limit: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs of actors that may be one, at least one of them proposed: their names fold
    alike, or one's words are the other's last words ("Yusov" and "Andriy Yusov")."""
    actors = query(
        db,
        "SELECT a.id, a.slug, a.name, a.status, (SELECT count(*) FROM mention m WHERE m.actor_id = a.id) AS mentions "
        "FROM actor a ORDER BY a.id",
    )
    for a in actors:
        a["key"] = fold(a["name"])
    pairs = []
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            if "proposed" not in (a["status"], b["status"]):
                continue
            short, long_ = sorted((a["key"], b["key"]), key=len)
            if short == long_ or (len(short) > 3 and long_.endswith(" " + short)):
                pairs.append((a, b))
                if len(pairs) >= limit:
                    return pairs
    return pairs
