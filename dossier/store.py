"""The SQLite store: schema, FTS5 indexes, safe opening, and queries that return model objects.

The file is an ordinary SQLite database created the sqlite-utils way, so Datasette,
`sqlite-utils` and the sqlite3 shell open it unchanged.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite-utils loads when a database is opened, not at startup
    import sqlite_utils

from dossier.errors import DossierError
from dossier.model import Actor, Counts, Event, Source, source_label
from dossier.text import fold

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
        },
        pk="id",
        foreign_keys=[("place_id", "actor", "id")],
        not_null=["slug", "title"],
    )
    db["event_actor"].create(
        {"event_id": int, "actor_id": int, "role": str},
        pk=("event_id", "actor_id", "role"),
        foreign_keys=[("event_id", "event", "id"), ("actor_id", "actor", "id")],
    )
    db["evidence"].create(
        {"id": int, "event_id": int, "source_id": int, "start": int, "end": int, "text": str},
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

    db["source"].create_index(["slug"], unique=True)
    db["source"].create_index(["content_hash"])
    db["actor"].create_index(["slug"], unique=True)
    db["event"].create_index(["slug"], unique=True)
    db["alias"].create_index(["actor_id", "alias"], unique=True)
    db["alias"].create_index(["folded"])
    for table in ("mention", "quote", "evidence", "claim", "date_mention"):
        db[table].create_index(["source_id"])
    db["mention"].create_index(["actor_id"])
    db["quote"].create_index(["speaker_id"])
    db["event_actor"].create_index(["actor_id"])
    db["evidence"].create_index(["event_id"])

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
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _add_prefix_index(db: sqlite_utils.Database, table: str) -> None:
    fts = f"{table}_fts"
    schema = db[fts].schema
    assert schema.rstrip().endswith(")"), schema
    db.execute(f"DROP TABLE [{fts}]")
    db.execute(schema.rstrip()[:-1] + ", prefix='2 3')")
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


# Why each proposed actor was proposed: the rule, the surface and the span of the source
# that first gave it, how sure its kind is, and (JSON list of ids) the known actors it
# might be where two or more fit. Additive like pending_quote: older dossiers get it when
# first written to.
_PROPOSALS = (
    "CREATE TABLE IF NOT EXISTS proposal (id INTEGER PRIMARY KEY, actor_id INTEGER NOT NULL REFERENCES actor(id), "
    'source_id INTEGER REFERENCES source(id), rule TEXT NOT NULL, surface TEXT, start INTEGER, "end" INTEGER, '
    "kind_confidence REAL, candidates TEXT)"
)


# How sure each quote's speaker is, from the rule that found it. Additive: older dossiers get
# the column when first written to, their quotes without a figure.
_QUOTE_CONFIDENCE = "ALTER TABLE quote ADD COLUMN confidence FLOAT"


def open_for_writing(path: Path) -> sqlite_utils.Database:
    """Open an existing dossier to write to: a long busy timeout (other writers finish their
    transaction first), and the pending-quotes table. The journal mode is never switched
    here: another connection may be open (see `create`)."""
    db = open_db(path, readonly=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {WRITE_TIMEOUT_MS}")
        if journal_mode(db) == "wal":
            db.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; never corrupt
        missing = {"pending_quote", "proposal"} - _tables(db.conn)
        unsure = "confidence" not in {c[1] for c in db.conn.execute("PRAGMA table_info(quote)")}
        if missing or unsure:
            with write_transaction(db):
                db.execute(_PENDING_QUOTES)
                db.execute(_PROPOSALS)
                if unsure:  # additive like the tables above: older quotes keep no confidence
                    db.execute(_QUOTE_CONFIDENCE)
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
        db.execute(_PENDING_QUOTES)
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


def list_actors(db: sqlite_utils.Database, limit: int | None = None, ids: list[int] | None = None) -> list[Actor]:
    """Actors, most mentioned first, with their mention, quote and event counts."""
    where, params = _only("a", ids)
    rows = query(
        db,
        f"""
        SELECT a.id, a.slug, a.name, a.kind, a.description,
          (SELECT count(*) FROM mention m WHERE m.actor_id = a.id) AS mentions,
          (SELECT count(*) FROM quote q WHERE q.speaker_id = a.id) AS quotes,
          (SELECT count(DISTINCT ea.event_id) FROM event_actor ea WHERE ea.actor_id = a.id) AS events
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
          (SELECT count(DISTINCT v.source_id) FROM evidence v WHERE v.event_id = e.id) AS sources
        FROM event e LEFT JOIN actor p ON p.id = e.place_id {where}
        ORDER BY e.date IS NULL, e.date, e.id LIMIT ?
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
        FROM source s {where} ORDER BY s.published IS NULL, s.published DESC, s.slug LIMIT ?
        """,
        (*params, -1 if limit is None else limit),
    )
    return [Source(**r) for r in rows]


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
        "SELECT c.source_id, s.title, s.outlet, s.slug, c.low, c.high, c.unit, "
        "c.text, a.name AS claimant, e.title AS event FROM claim c JOIN source s ON s.id = c.source_id "
        "LEFT JOIN actor a ON a.id = c.claimed_by LEFT JOIN event e ON e.id = c.event_id "
        "WHERE c.source_id IN (SELECT value FROM json_each(?)) ORDER BY e.date, c.unit, c.low",
        (json.dumps(source_ids),),
    )
    for r in rows:
        r["source"] = source_label(r.pop("title"), r.pop("outlet"), r.pop("slug"))
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
    for r in query(db, "SELECT event_id, source_id, start, \"end\", text FROM evidence ORDER BY event_id, id"):
        evidence.setdefault(r.pop("event_id"), []).append(r)

    actors = query(db, "SELECT id, slug, name, kind, description FROM actor ORDER BY id")
    for a in actors:
        a["aliases"] = aliases.get(a["id"], [])
    events = query(db, "SELECT id, slug, date, precision, title, summary, place_id FROM event ORDER BY id")
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
    }


def actor_rows(db: sqlite_utils.Database, proposed_only: bool = False) -> list[dict[str, Any]]:
    """Every actor (or only proposed ones) with status, kind, aliases and mention count."""
    where = "WHERE a.status = 'proposed'" if proposed_only else ""
    rows = query(
        db,
        f"""
        SELECT a.id, a.slug, a.name, a.kind, a.status,
          (SELECT count(*) FROM mention m WHERE m.actor_id = a.id) AS mentions,
          (SELECT count(DISTINCT m.source_id) FROM mention m WHERE m.actor_id = a.id) AS sources,
          (SELECT json_group_array(alias) FROM alias WHERE actor_id = a.id) AS aliases
        FROM actor a {where} ORDER BY mentions DESC, a.name COLLATE NOCASE
        """,
    )
    for r in rows:
        r["aliases"] = json.loads(r["aliases"])
    return rows


def actor_names(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every actor's id, name and kind: what extraction links names to."""
    return query(db, "SELECT id, name, kind FROM actor")


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


def alias_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every alias with its actor id, in the order they were added."""
    return query(db, "SELECT actor_id, alias FROM alias ORDER BY id")


def source_fingerprints(db: sqlite_utils.Database) -> list[tuple[int, list[int]]]:
    """Each source's id and near-duplicate sketch (see dossier.twins), for those that have one."""
    rows = query(db, "SELECT id, fingerprint FROM source WHERE fingerprint IS NOT NULL")
    return [(r["id"], json.loads(r["fingerprint"])) for r in rows]


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


def merge_actors(db: sqlite_utils.Database, from_id: int, into_id: int) -> dict[str, int]:
    """Fold one actor into another in one transaction: every link moves, both names stay as aliases."""
    if from_id == into_id:
        raise DossierError("Cannot merge an actor into itself.")
    moved: dict[str, int] = {}
    try:
        with db.conn:
            for table, column in (("mention", "actor_id"), ("quote", "speaker_id"), ("claim", "claimed_by"),
                                  ("quote_group", "speaker_id"), ("event", "place_id")):
                cur = db.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (into_id, from_id))
                moved[table] = cur.rowcount
            cur = db.conn.execute(
                "UPDATE OR IGNORE event_actor SET actor_id = ? WHERE actor_id = ?", (into_id, from_id)
            )
            moved["event_actor"] = cur.rowcount
            db.conn.execute("DELETE FROM event_actor WHERE actor_id = ?", (from_id,))
            if "proposal" in _tables(db.conn):  # why it was proposed stays, with the actor it is now
                db.conn.execute("UPDATE proposal SET actor_id = ? WHERE actor_id = ?", (into_id, from_id))
            name = db.conn.execute("SELECT name FROM actor WHERE id = ?", (from_id,)).fetchone()[0]
            aliases = [r[0] for r in db.conn.execute("SELECT alias FROM alias WHERE actor_id = ?", (from_id,))]
            db.conn.execute("DELETE FROM alias WHERE actor_id = ?", (from_id,))
            for alias in dict.fromkeys([name, *aliases]):
                db.conn.execute(
                    "INSERT OR IGNORE INTO alias (actor_id, alias, folded) VALUES (?, ?, ?)", (into_id, alias, fold(alias))
                )
            db.conn.execute("DELETE FROM actor WHERE id = ?", (from_id,))
            db.conn.execute("UPDATE actor SET status = 'curated' WHERE id = ? AND status = 'proposed'", (into_id,))
    except sqlite3.Error as exc:
        raise explain(exc, Path(db_path(db))) from None
    return moved
