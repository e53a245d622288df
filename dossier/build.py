"""`dossier build`: turn `data/` (sources + curation) into a dossier database, deterministically.

The database is written to a temporary file beside the target and renamed into place only
when everything succeeded, so a failed build never damages the existing database.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils

from dossier.curation import Curation, load_curation
from dossier.errors import DossierError
from dossier.compare import regroup
from dossier.decisions import replay
from dossier.extract.pipeline import extract
from dossier import store, timeline
from dossier.ingest import actor_index, source_row, store_extraction, story_date
from dossier.readers import read_article
from dossier.text import fold

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildReport:
    path: Path
    sources: int
    actors: int
    aliases: int
    events: int
    evidence: int
    mentions: int
    quotes: int
    quote_groups: int
    dates: int
    claims: int
    seconds: float
    bytes: int
    proposed: int = 0  # actors proposed for names no curated actor has (a dossier folder)
    stale: list[str] = field(default_factory=list)  # decisions that no longer apply, each a sentence


def build(data_dir: str | os.PathLike[str], db_path: str | os.PathLike[str], progress: Progress | None = None) -> BuildReport:
    """Rebuild the dossier database at db_path from data_dir; replace it only on success."""
    started = time.perf_counter()
    data_dir, db_path = Path(data_dir), Path(db_path)
    curation = load_curation(data_dir)
    # Files ingested into a dossier folder are kept as collected, in whatever encoding.
    read = _any_text if curation.propose_actors else _curated_text
    texts = {s.slug: read(data_dir / "sources" / s.file) for s in curation.sources}

    target_dir = db_path.parent if str(db_path.parent) else Path(".")
    if not target_dir.is_dir():
        raise DossierError(f"Cannot write {db_path}: folder {target_dir} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=target_dir)
    except OSError as exc:
        raise DossierError(f"Cannot write in {target_dir}: {exc.strerror}.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a dossier is an ordinary file
    try:
        conn = sqlite3.connect(tmp)
        # A private temporary file renamed into place at the end: no need to sync every commit.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY")
        try:
            db = sqlite_utils.Database(conn, execute_plugins=False)
            store.create_schema(db)
            with db.atomic():
                stats = _fill(db, curation, texts, progress)
                store.update_vocabulary(db, full=True)
            conn.execute("VACUUM")
        finally:
            conn.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())  # durable before it replaces the old database
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(
        path=db_path,
        seconds=time.perf_counter() - started,
        bytes=db_path.stat().st_size,
        **stats,
    )


def _curated_text(path: Path) -> str:
    """A source file's text, read like any article; curated data must be UTF-8, though, so
    the files read the same in every editor and tool."""
    article = read_article(path)
    if article.encoding != "utf-8":
        raise DossierError(f"{path} is not UTF-8 text (it reads as {article.encoding}); save it as UTF-8.")
    return article.text


def _any_text(path: Path) -> str:
    return read_article(path).text


def _fill(
    db: sqlite_utils.Database, curation: Curation, texts: dict[str, str], progress: Progress | None
) -> dict[str, int]:
    now = _build_time(curation)
    actor_ids: dict[str, int] = {}
    for actor in curation.actors:
        actor_id = db["actor"].insert(
            {"slug": actor.slug, "name": actor.name, "kind": actor.kind, "description": actor.description}
        ).last_pk
        actor_ids[actor.name] = actor_id
        # Every distinct spelling is kept, even when two fold alike ("Ukraine’s" / "Ukraine's"):
        # which outlet spells a name which way is part of the record.
        db["alias"].insert_all(
            {"actor_id": actor_id, "alias": alias, "folded": fold(alias)} for alias in actor.aliases
        )

    # Curated events first, so that each source's event mentions add evidence to them as
    # ingest's would (dossier.timeline; build proposes none and keeps curated dates).
    event_ids: dict[str, int] = {}
    for event in curation.events:
        roles = [(actor_ids[name], role) for name, role in event.actors]
        if event.place:
            roles.append((actor_ids[event.place], "location"))
        event_ids[event.slug] = store.insert_event(
            db,
            {
                "slug": event.slug,
                "date": event.date,
                "precision": event.precision,
                "title": event.title,
                "summary": event.summary,
                "place_id": actor_ids[event.place] if event.place else None,
                "status": "curated",
                "kind": timeline.kind_of(event.title),
            },
            roles,
        )

    index = actor_index(db)
    fallback = story_date([s.published for s in curation.sources])
    source_ids: dict[str, int] = {}
    found = {"mentions": 0, "proposed": 0, "quotes": 0, "dates": 0, "claims": 0, "events": 0, "evidence": 0}
    total = len(curation.sources)
    evidence = 0
    for n, meta in enumerate(curation.sources, 1):
        reference = date.fromisoformat(meta.published) if meta.published else None
        ex = extract(texts[meta.slug], reference, index, propose=curation.propose_actors, fallback=fallback)
        row = source_row(ex, meta.slug, {**asdict(meta), "file": f"sources/{meta.file}"}, now)
        source_id = db["source"].insert(row).last_pk
        source_ids[meta.slug] = source_id
        evidence += _curated_evidence(db, curation, texts, meta.slug, source_id, event_ids)
        counts, created = store_extraction(db, source_id, ex, index, propose=curation.propose_actors)
        for key, value in counts.items():
            found[key] += value
        for actor in created:  # later sources link to it, as they do at ingest
            index.add_actor(actor.id, actor.name, actor.kind, [actor.name])
        if progress:
            progress(n, total, meta.slug)

    _apply_corrections(db, curation, source_ids, actor_ids)
    stale = replay(db, curation.decisions)
    groups = regroup(db, _fixed_groups(db, curation, source_ids))
    return {
        "sources": len(curation.sources),
        "actors": len(curation.actors),
        "aliases": sum(len(a.aliases) for a in curation.actors),
        "events": len(curation.events),
        "evidence": evidence + found["evidence"],
        "quote_groups": groups,
        "stale": stale,
        **{k: v for k, v in found.items() if k not in ("events", "evidence")},
    }


def _curated_evidence(
    db: sqlite_utils.Database,
    curation: Curation,
    texts: dict[str, str],
    source: str,
    source_id: int,
    event_ids: dict[str, int],
) -> int:
    """Store the curated evidence snippets one source gives; a snippet not found verbatim
    fails the build."""
    added = 0
    for event in curation.events:
        for item in event.evidence:
            if item.source != source:
                continue
            start = texts[source].find(item.text)
            if start < 0:
                raise DossierError(
                    f"Event {event.slug!r}: evidence snippet not found verbatim in source "
                    f"{item.source!r}: {item.text!r}"
                )
            added += store.add_evidence(db, event_ids[event.slug], source_id, start, start + len(item.text), item.text)
    return added


def _fixed_groups(db: sqlite_utils.Database, curation: Curation, source_ids: dict[str, int]) -> list[tuple[str | None, list[int]]]:
    """Curated quote groups as quote ids; a quote that extraction did not find fails the build."""
    fixed = []
    for group in curation.quote_groups:
        ids = []
        for member in group.members:
            rows = db.execute(
                "SELECT id FROM quote WHERE source_id = ? AND text = ?", (source_ids[member.source], member.text)
            ).fetchall()
            if not rows:
                raise DossierError(
                    f"Quote group {group.label or ''!r}: no quote {member.text!r} was found in source {member.source!r}."
                )
            ids.append(rows[0][0])
        fixed.append((group.label, ids))
    return fixed


def _apply_corrections(
    db: sqlite_utils.Database, curation: Curation, source_ids: dict[str, int], actor_ids: dict[str, int]
) -> None:
    """An analyst's fixes to extraction; one that matches nothing fails the build."""
    for fix in curation.corrections:
        source_id = source_ids[fix.source]
        if fix.quote is not None:
            speaker = actor_ids[fix.speaker] if fix.speaker else None
            cur = db.execute(
                "UPDATE quote SET speaker_id = ?, how = 'curated', confidence = 1.0 WHERE source_id = ? AND text = ?",
                (speaker, source_id, fix.quote),
            )
            what = f"quote {fix.quote!r}"
        else:
            # Every place these words occur: one mention each, of the right actor (an
            # ambiguous alias had one row per candidate).
            spans = db.execute(
                'SELECT DISTINCT start, "end" FROM mention WHERE source_id = ? AND surface = ?', (source_id, fix.mention)
            ).fetchall()
            db.execute("DELETE FROM mention WHERE source_id = ? AND surface = ?", (source_id, fix.mention))
            cur = db.conn.executemany(
                'INSERT INTO mention (actor_id, source_id, start, "end", surface, method, score) '
                "VALUES (?, ?, ?, ?, ?, 'curated', 1.0)",
                [(actor_ids[fix.actor], source_id, a, b, fix.mention) for a, b in spans],
            )
            what = f"mention {fix.mention!r}"
        if cur.rowcount == 0:
            raise DossierError(f"Correction for source {fix.source!r}: no {what} was extracted there.")


def _build_time(curation: Curation) -> str:
    """When built sources count as added: SOURCE_DATE_EPOCH if set, else the latest
    publication date, so rebuilding the same data gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).isoformat()
    latest = max((s.published for s in curation.sources if s.published), default="1970-01-01")
    return f"{latest}T00:00:00+00:00"
