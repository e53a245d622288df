"""Pickles that only this user's dossier reads back: what is slow to make and kept for the next
process (the run's actor index in the dossier, the gazetteer's cities in the cache folder).

Unpickling runs code named by the data, so a pickle is kept with the HMAC of a secret key
private to this user (`$XDG_CACHE_HOME/dossier/index.key`, else `~/.cache/dossier/index.key`,
made on first use, readable by the user alone), and read back only when that HMAC is its
own: a file or a dossier from anyone else is never unpickled, only made again. Where no key
can be kept (no home, no writable cache folder) nothing is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from pathlib import Path

_MAC_BYTES = 32


def cache_folder() -> Path | None:
    """$XDG_CACHE_HOME/dossier (an absolute $XDG_CACHE_HOME only, as the XDG spec says), else
    ~/.cache/dossier; None when there is no home to find."""
    home = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(home):
        user = os.path.expanduser("~")
        if not os.path.isabs(user):
            return None
        home = os.path.join(user, ".cache")
    return Path(home) / "dossier"


def _key() -> bytes | None:
    """This user's secret key, made once; None where none can be kept."""
    folder = cache_folder()
    if folder is None:
        return None
    path = folder / "index.key"
    try:
        key = path.read_bytes()
        if len(key) == _MAC_BYTES:
            return key
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(_MAC_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except OSError:
        return None


def dumps(value: object) -> bytes | None:
    """value pickled and signed; None where no key can be kept."""
    key = _key()
    if key is None:
        return None
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hmac.new(key, payload, hashlib.sha256).digest() + payload


def loads(blob: object) -> object | None:
    """What `dumps` signed, if blob carries this user's signature; else None, unread."""
    key = _key()
    if key is None or not isinstance(blob, bytes) or len(blob) <= _MAC_BYTES:
        return None
    mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(key, payload, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # signed by this user's dossier, yet unreadable (other code): made again
        return None


def read_file(name: str) -> object | None:
    """What `write_file` kept under this name in the cache folder, if it is this user's."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        blob = (folder / name).read_bytes()
    except OSError:
        return None
    return loads(blob)


def write_file(name: str, value: object) -> bool:
    """Keep value under this name in the cache folder, whole or not at all (a temporary file
    renamed into place); whether it was kept."""
    blob = dumps(value)
    folder = cache_folder()
    if blob is None or folder is None:
        return False
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True
