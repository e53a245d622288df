"""The run's actor index, kept in the dossier between ingest runs.

Every ingest run needs the index of every actor and spelling (`ActorIndex`), and building it
is most of what one article costs in a big dossier (0.44 s of CPU for 100,000 spellings).
A dossier grows article by article, and its actors mostly only grow: so the index a run
builds is kept, pickled, in the dossier's `index_cache` row with the last actor and alias
ids it holds, and the next run reads it (a quarter of the time) and adds the actors stored
since, as a run adds the actors it stores.

It is used only when that gives the index a build from every row would give:
- it was made by this code (a digest of the modules that make the index);
- its rows are unchanged: any change to them (a rename, a kind, a merge, a spelling taken
  out, a row slipped in below them) deletes the cache row, by triggers (store._INDEX_CACHE),
  whoever writes;
- the rows after them are new actors with their own spellings only: a new spelling of an
  older actor sits with that actor's others in a build, not last, so it asks for a build.
Otherwise the index is built from the rows, and that build is kept for the next run. An index
read back is kept again once it has learned TAIL_KEPT actors, so none learns ever more.

The index is pickled and signed (dossier.signed): a dossier from someone else, or a blob
written by anything but this user's dossier, is never unpickled, only built again. Where no
key can be kept, nothing is cached.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from dossier import signed, store
from dossier.extract.linking import ActorIndex

_FORMAT = b"dossier actor index 1\n"
# The code that makes an index (extract/ whole, folding, this module, signing): an index
# kept by other code is built again.
_CODE = ("extract/*.py", "text.py", "indexcache.py", "signed.py")
TAIL_KEPT = 500  # actors learned on reading back from which the index is kept again


@dataclass
class Loaded:
    """An index and where it came from."""

    index: ActorIndex
    built: bool  # built from every row, not read back
    version: int  # the dossier's data_version before its rows were read
    actors_upto: int = 0  # the last actor and alias ids it holds
    aliases_upto: int = 0
    keep: bool = False  # worth keeping: a build, or read back with many actors learned since


@functools.cache
def _code_version() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    for pattern in _CODE:
        for path in sorted(here.glob(pattern)):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _read(db: sqlite_utils.Database) -> tuple[int, int, ActorIndex] | None:
    """The kept index (actors_upto, aliases_upto, index), if the dossier holds one this user's
    dossier signed, made by this code."""
    row = store.index_cache(db)
    kept = signed.loads(row[2]) if row is not None else None
    if not isinstance(kept, tuple) or len(kept) != 2:
        return None
    code, index = kept
    if code != _code_version() or not isinstance(index, ActorIndex):
        return None
    return row[0], row[1], index


def load(db: sqlite_utils.Database) -> Loaded:
    """The index of the dossier's actors: read back and brought up to date when the cache
    allows (see the module's docstring), else built from the rows."""
    version = store.data_version(db)
    cached = _read(db)
    if cached is not None:
        actors_upto, aliases_upto, index = cached
        later = store.actors_after(db, actors_upto)
        if _bring_up(index, later, store.aliases_after(db, aliases_upto)):
            # Kept again once it has learned many actors, so that a run does not learn the
            # same ever longer list again (500 actors: 0.02 s; keeping 25,000: 0.2 s).
            return Loaded(index, False, version, *store.last_actor_ids(db), keep=len(later) >= TAIL_KEPT)
    actors, aliases = store.actor_names(db), store.alias_rows(db)
    actors_upto, aliases_upto = store.last_actor_ids(db)
    return Loaded(ActorIndex.from_rows(actors, aliases), True, version, actors_upto, aliases_upto, keep=True)


def _bring_up(index: ActorIndex, actors: Sequence[tuple], aliases: Sequence[tuple]) -> bool:
    """Teach the index the actors after its rows, as a build of them all knows them; False
    (the index untouched) when a later spelling is an older actor's."""
    spellings: dict[int, list[str]] = {actor_id: [] for actor_id, _, _ in actors}
    for actor_id, alias in aliases:
        if actor_id not in spellings:
            return False
        spellings[actor_id].append(alias)
    for actor_id, name, kind in actors:
        index.add_actor(actor_id, name, kind, spellings[actor_id])
    return True


def save(db: sqlite_utils.Database, loaded: Loaded) -> bool:
    """Keep an index worth keeping for the next run: call before it learns anything more, and
    outside a transaction. Not kept when another writer committed since its rows were read
    (its rows may not be the dossier's then). Whether it was kept."""
    if not loaded.keep or db.conn.in_transaction:
        return False
    blob = signed.dumps((_code_version(), loaded.index))
    if blob is None:
        return False
    try:
        with store.write_transaction(db):
            if store.data_version(db) != loaded.version:
                return False
            store.keep_index_cache(db, loaded.actors_upto, loaded.aliases_upto, blob)
    except sqlite3.Error:
        return False  # no such table (a dossier only ever read), locked past the timeout, full
    return True
