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

Unpickling runs code named by the data, so a pickle is only read when it carries the HMAC of
a secret key private to this user (`$XDG_CACHE_HOME/dossier/index.key`, made on first use):
a dossier from someone else, or a blob written by anything but this user's dossier, is never
unpickled, only ignored. Where no key can be kept, nothing is cached.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from dossier import store
from dossier.extract.linking import ActorIndex

_FORMAT = b"dossier actor index 1\n"
# The code that makes an index (extract/ whole, folding, this module): an index kept by other
# code is built again.
_CODE = ("extract/*.py", "text.py", "indexcache.py")
_MAC_BYTES = 32
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


def _key_path() -> Path | None:
    """$XDG_CACHE_HOME/dossier/index.key (an absolute $XDG_CACHE_HOME only, as the XDG spec
    says), else ~/.cache/dossier/index.key; None when there is no home to find."""
    home = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(home):
        user = os.path.expanduser("~")
        if not os.path.isabs(user):
            return None
        home = os.path.join(user, ".cache")
    return Path(home) / "dossier" / "index.key"


def _key() -> bytes | None:
    """This user's secret key for signing cached indexes, made once; None where none can be
    kept (no home, no writable cache folder)."""
    path = _key_path()
    if path is None:
        return None
    try:
        key = path.read_bytes()
        if len(key) == _MAC_BYTES:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(_MAC_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except OSError:
        return None


def _read(db: sqlite_utils.Database, key: bytes) -> tuple[int, int, ActorIndex] | None:
    """The cached build (actors_upto, aliases_upto, index), if the dossier holds one signed
    with key and made by this code."""
    row = store.index_cache(db)
    if row is None or not isinstance(row[2], bytes) or len(row[2]) <= _MAC_BYTES:
        return None
    blob = row[2]
    mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(key, payload, hashlib.sha256).digest()):
        return None  # not written by this user's dossier: never unpickled
    try:
        code, index = pickle.loads(payload)
    except Exception:  # signed by us, yet unreadable: build
        return None
    if code != _code_version() or not isinstance(index, ActorIndex):
        return None
    return row[0], row[1], index


def load(db: sqlite_utils.Database) -> Loaded:
    """The index of the dossier's actors: read back and brought up to date when the cache
    allows (see the module's docstring), else built from the rows."""
    version = store.data_version(db)
    key = _key()
    cached = _read(db, key) if key is not None else None
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
    key = _key()
    if not loaded.keep or key is None or db.conn.in_transaction:
        return False
    payload = pickle.dumps((_code_version(), loaded.index), protocol=pickle.HIGHEST_PROTOCOL)
    blob = hmac.new(key, payload, hashlib.sha256).digest() + payload
    try:
        with store.write_transaction(db):
            if store.data_version(db) != loaded.version:
                return False
            store.keep_index_cache(db, loaded.actors_upto, loaded.aliases_upto, blob)
    except sqlite3.Error:
        return False  # no such table (a dossier only ever read), locked past the timeout, full
    return True
