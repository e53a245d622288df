"""The analyst's decisions, as the CLI and the review screen take them.

Each function takes one decision as a user states it (names, slugs, a quote's id), turns it
into a `[[decision]]` entry naming things by what survives a rebuild (slugs, a quote's
source and exact text), applies it to the database (`dossier.decisions.apply`) and records it
in the dossier folder's curation/decisions.toml, in one write transaction: a failure changes
neither. Quote groups depend on speakers and names, so each decision ends with the regrouping
build does last: the database is then exactly what a rebuild of the folder gives.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier import lookup, store
from dossier.build import build
from dossier.compare import regroup
from dossier.curation import parse_decision
from dossier.decisions import Stale, apply
from dossier.errors import DossierError
from dossier.folder import CURATION, MANIFEST, SOURCES, folder_of, forget_last, record
from dossier.folder import edit_source as edit_source_meta


@dataclass
class Outcome:
    """What a decision did: its entry, a sentence, and where it was recorded (None: not
    recorded, because of --dry-run or a database outside a dossier folder)."""

    entry: dict[str, Any]
    message: str
    recorded: str | None
    dry_run: bool = False
    rebuilt: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.entry, "message": self.message, "recorded": self.recorded,
                "dry_run": self.dry_run, "rebuilt": self.rebuilt}


# -- deciding (the CLI and the review screen call these) ---------------------------------------------


class _DryRun(Exception):
    """Raised to roll a --dry-run's transaction back."""


def now() -> str:
    """When a decision is taken: UTC to the microsecond, the order build replays them in."""
    return dt.datetime.now(dt.timezone.utc).isoformat()


def decide(db_path: Path, entry: dict[str, Any], dry_run: bool = False) -> Outcome:
    """Apply one decision entry (without `at`) to the database and record it in its folder,
    in one transaction; with dry_run, say what it would do and change nothing."""
    entry = {**entry, "at": now()}
    d = parse_decision(entry, "the decision")
    folder = folder_of(Path(db_path))
    db = store.open_for_writing(Path(db_path))
    recorded: str | None = None
    try:
        with store.write_transaction(db):
            message = apply(db, d)
            regroup(db)
            if dry_run:
                raise _DryRun
            if folder is not None:
                recorded = str(record(folder, entry))
    except _DryRun:
        pass
    except Stale as exc:
        raise DossierError(f"Cannot {d.label}: {exc}.") from None
    except sqlite3.Error as exc:
        raise store.explain(exc, Path(db_path), store.WRITE_TIMEOUT_MS) from None
    finally:
        db.conn.close()
    if not dry_run and folder is None:
        message += " (Not recorded: this database is not in a dossier folder, so a rebuild would lose it.)"
    return Outcome(entry, message, recorded, dry_run)


def _with_db(db_path: Path, resolve: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """Turn what the user typed into a decision entry, reading the database."""
    db = store.open_db(db_path)
    try:
        return resolve(db)
    finally:
        db.conn.close()


def _slug(db, name: str) -> str:
    return lookup.resolve_actor(db, name, exact=True)["slug"]


def actor_decision(db_path: Path, do: str, actor: str, dry_run: bool = False, **args: Any) -> Outcome:
    """accept, reject, rename (name=), kind (kind=), add-alias / remove-alias (alias=),
    merge (into=) or split (alias=, name=, kind=) an actor named any way."""
    def resolve(db):
        entry = {"actor": _slug(db, actor), "do": do}
        for key, value in args.items():
            if value is not None:
                entry[key] = _slug(db, value) if key == "into" else value
        return entry

    return decide(db_path, _with_db(db_path, resolve), dry_run)


def merge(db_path: Path, a: str, b: str, dry_run: bool = False) -> Outcome:
    """Fold actor a into actor b (names, slugs or aliases)."""
    return actor_decision(db_path, "merge", a, dry_run, into=b)


def _quote_target(db, quote_id: int) -> dict[str, Any]:
    row = store.quote_row(db, quote_id)
    if row is None:
        raise DossierError(f"No quote {quote_id}. `dossier review --json` and `dossier dump` list their ids.")
    return {"source": row["source"], "quote": row["text"]}


def set_speaker(db_path: Path, quote_id: int, speaker: str | None, dry_run: bool = False) -> Outcome:
    """Say who said a quote (an actor named any way), or nobody (None)."""
    def resolve(db):
        return {**_quote_target(db, quote_id), "do": "speaker", "speaker": _slug(db, speaker) if speaker else "none"}

    return decide(db_path, _with_db(db_path, resolve), dry_run)


def reject_quote(db_path: Path, quote_id: int, dry_run: bool = False) -> Outcome:
    """Say a quote is not one: it is removed, and stays removed after a rebuild."""
    return decide(db_path, _with_db(db_path, lambda db: {**_quote_target(db, quote_id), "do": "not-quote"}), dry_run)


def link_mention(db_path: Path, source: str, words: str, actor: str | None, dry_run: bool = False) -> Outcome:
    """Link every mention of these words in a source to another actor, or (None) to none."""
    def resolve(db):
        slug = store.query(db, "SELECT slug FROM source WHERE id = ?", (lookup.resolve_slug(db, "source", source),))[0]["slug"]
        entry = {"source": slug, "mention": words, "do": "link" if actor else "unlink"}
        if actor:
            entry["to"] = _slug(db, actor)
        return entry

    return decide(db_path, _with_db(db_path, resolve), dry_run)


def event_decision(db_path: Path, do: str, event: str, dry_run: bool = False, **args: Any) -> Outcome:
    """accept, reject or edit (title=, date=, precision=, summary=, actors=, evidence=) an event."""
    def resolve(db):
        slug = store.query(db, "SELECT slug FROM event WHERE id = ?", (lookup.resolve_slug(db, "event", event),))[0]["slug"]
        entry = {"event": slug, "do": do}
        for key, value in args.items():
            if value is None:
                continue
            if key == "actors":
                value = [{"actor": _slug(db, a), "role": r} for a, r in value]
            elif key == "evidence":
                value = [{"source": s, "text": t} for s, t in value]
            entry[key] = value
        return entry

    return decide(db_path, _with_db(db_path, resolve), dry_run)


NOTE_KINDS = ("actor", "event", "source", "quote")


def note(db_path: Path, ref: str, text: str, dry_run: bool = False) -> Outcome:
    """A note on an item named KIND:ID (actor:NAME, event:SLUG, source:SLUG, quote:ID)."""
    kind, _, ident = ref.partition(":")
    if kind not in NOTE_KINDS or not ident:
        raise DossierError(f"Name the item as KIND:ID, KIND one of {', '.join(NOTE_KINDS)} (e.g. actor:Mali, quote:12), not {ref!r}.")

    def resolve(db):
        if kind == "actor":
            target = {"actor": _slug(db, ident)}
        elif kind == "quote":
            if not ident.isdigit():
                raise DossierError(f"A quote is named by its id, a number, not {ident!r}.")
            target = _quote_target(db, int(ident))
        else:
            item = lookup.resolve_slug(db, kind, ident)
            target = {kind: store.query(db, f"SELECT slug FROM {kind} WHERE id = ?", (item,))[0]["slug"]}
        return {**target, "do": "note", "text": text}

    return decide(db_path, _with_db(db_path, resolve), dry_run)


SOURCE_FIELDS = ("title", "outlet", "author", "published", "url")


def edit_source(db_path: Path, source: str, fields: dict[str, str | None], dry_run: bool = False) -> Outcome:
    """Change a source's metadata: in the folder's sources.toml, which is where it lives, and
    in the database (rebuilt when the publication date changes, since relative dates in the
    sources are read against it). An empty string clears a field."""
    fields = {k: (v or None) for k, v in fields.items() if v is not None}
    if not fields:
        raise DossierError(f"Say what to change: --{', --'.join(SOURCE_FIELDS)}.")
    if fields.get("published"):
        try:
            dt.date.fromisoformat(fields["published"])
        except ValueError:
            raise DossierError(f"published must be a date as YYYY-MM-DD, not {fields['published']!r}.") from None
    row = _with_db(db_path, lambda db: store.query(
        db, "SELECT id, slug, published FROM source WHERE id = ?", (lookup.resolve_slug(db, "source", source),))[0])
    entry = {"source": row["slug"], "do": "edit", **{k: v if v is not None else "" for k, v in fields.items()}}
    changes = ", ".join(f"{k} = {v!r}" for k, v in fields.items())
    message = f"Source {row['slug']}: {changes}."
    if dry_run:
        return Outcome(entry, message, None, True)
    folder = folder_of(Path(db_path))
    rebuild = folder is not None and "published" in fields and fields["published"] != row["published"]
    if folder is not None:
        edit_source_meta(folder, row["slug"], fields)
    if rebuild:
        build(folder, Path(db_path))
    else:
        db = store.open_for_writing(Path(db_path))
        try:
            with store.write_transaction(db):
                store.update_source(db, row["id"], fields)
        finally:
            db.conn.close()
    recorded = str(folder / SOURCES / MANIFEST) if folder else None
    if folder is None:
        message += " (Not recorded: this database is not in a dossier folder, so a rebuild would lose it.)"
    return Outcome(entry, message, recorded, False, rebuild)


def undo(db_path: Path) -> Outcome:
    """Take back the latest decision: it leaves the curation files and the database is rebuilt."""
    folder = folder_of(Path(db_path))
    if folder is None:
        raise DossierError("Undo needs a dossier folder (its curation files hold the decisions).")
    entry = forget_last(folder)
    if entry is None:
        raise DossierError("There is no decision to undo.")
    build(folder, Path(db_path))
    d = parse_decision(entry, "the decision")
    return Outcome(entry, f"Undid {d.label}.", str(folder / CURATION), rebuilt=True)


