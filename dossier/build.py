"""`dossier build`: turn `data/` (sources + curation) into a dossier database, deterministically.

The database is written to a temporary file beside the target and renamed into place only
when everything succeeded, so a failed build never damages the existing database.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from dossier.curation import Curation, load_curation
from dossier.errors import DossierError
from dossier.extract.actors import AliasMatcher
from dossier.extract.text import fold
from dossier.store import create_schema

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
    seconds: float
    bytes: int


def read_source_text(path: Path) -> str:
    """Decode an article file as UTF-8 (a BOM is dropped), or raise DossierError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DossierError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DossierError(f"{path} is not UTF-8 text (byte {exc.start}: {exc.reason}).") from None


def build(data_dir: str | os.PathLike[str], db_path: str | os.PathLike[str], progress: Progress | None = None) -> BuildReport:
    """Rebuild the dossier database at db_path from data_dir; replace it only on success."""
    started = time.perf_counter()
    data_dir, db_path = Path(data_dir), Path(db_path)
    curation = load_curation(data_dir)
    texts = {s.slug: read_source_text(data_dir / "sources" / s.file) for s in curation.sources}

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
        try:
            db = sqlite_utils.Database(conn, execute_plugins=False)
            create_schema(db)
            with conn:
                stats = _fill(db, curation, texts, progress)
            conn.execute("VACUUM")
        finally:
            conn.close()
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


def _fill(
    db: sqlite_utils.Database, curation: Curation, texts: dict[str, str], progress: Progress | None
) -> dict[str, int]:
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    actor_ids: dict[str, int] = {}
    aliases: list[tuple[int, str]] = []
    for actor in curation.actors:
        actor_id = db["actor"].insert(
            {"slug": actor.slug, "name": actor.name, "kind": actor.kind, "description": actor.description}
        ).last_pk
        actor_ids[actor.name] = actor_id
        for alias in actor.aliases:
            aliases.append((actor_id, alias))
    # Every distinct spelling is kept, even when two fold alike ("Ukraine’s" / "Ukraine's"):
    # which outlet spells a name which way is part of the record.
    db["alias"].insert_all({"actor_id": a, "alias": alias, "folded": fold(alias)} for a, alias in aliases)

    matcher = AliasMatcher(aliases)
    source_ids: dict[str, int] = {}
    mentions = 0
    total = len(curation.sources)
    for n, meta in enumerate(curation.sources, 1):
        text = texts[meta.slug]
        source_id = db["source"].insert(
            {
                "slug": meta.slug,
                "title": meta.title,
                "outlet": meta.outlet,
                "author": meta.author,
                "published": meta.published,
                "url": meta.url,
                "text": text,
                "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "added_at": now,
            }
        ).last_pk
        source_ids[meta.slug] = source_id
        rows = []
        for hit in matcher.find(text):
            ambiguous = len(hit.actor_ids) > 1
            for actor_id in hit.actor_ids:
                rows.append(
                    {
                        "actor_id": actor_id,
                        "source_id": source_id,
                        "start": hit.start,
                        "end": hit.end,
                        "surface": hit.surface,
                        "method": "ambiguous-alias" if ambiguous else "alias",
                        "score": round(1 / len(hit.actor_ids), 3),
                    }
                )
        db["mention"].insert_all(rows)
        mentions += len(rows)
        if progress:
            progress(n, total, meta.slug)

    evidence = 0
    for event in curation.events:
        event_id = db["event"].insert(
            {
                "slug": event.slug,
                "date": event.date,
                "precision": event.precision,
                "title": event.title,
                "summary": event.summary,
                "place_id": actor_ids[event.place] if event.place else None,
            }
        ).last_pk
        roles = [(actor_ids[name], role) for name, role in event.actors]
        if event.place:
            roles.append((actor_ids[event.place], "location"))
        db["event_actor"].insert_all(
            ({"event_id": event_id, "actor_id": a, "role": r} for a, r in dict.fromkeys(roles)), ignore=True
        )
        for item in event.evidence:
            start = texts[item.source].find(item.text)
            if start < 0:
                raise DossierError(
                    f"Event {event.slug!r}: evidence snippet not found verbatim in source "
                    f"{item.source!r}: {item.text!r}"
                )
            db["evidence"].insert(
                {
                    "event_id": event_id,
                    "source_id": source_ids[item.source],
                    "start": start,
                    "end": start + len(item.text),
                    "text": item.text,
                }
            )
            evidence += 1
    return {
        "sources": len(curation.sources),
        "actors": len(curation.actors),
        "aliases": len(aliases),
        "events": len(curation.events),
        "evidence": evidence,
        "mentions": mentions,
    }
