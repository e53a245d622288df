"""Which dossier a command opens, wherever it is run from.

Reading commands look in this order: `--db PATH` or `--dossier DIR` (a dossier folder holding
dossier.db), then the DOSSIER_DB environment variable, then ./data/dossier.db (a checkout of
this project, or a folder laid out like one), then the sample dossier shipped inside the
package. Writing commands (ingest, merge) stop after DOSSIER_DB: they write only to a
database the user named, and never to the shipped sample.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import DossierError

DB_FILE = "dossier.db"
ENV_VAR = "DOSSIER_DB"
LOCAL_DATA = Path("data")


@dataclass(frozen=True)
class Located:
    """A database path and how it was chosen (for messages)."""

    path: Path
    how: str


def sample_dir() -> Path:
    """The sample shipped as package data: dossier.db with the sources/ and curation/ it is
    built from. An installed package is a folder on disk (never zipped), so this is a path."""
    from importlib import resources  # only when no dossier is named or found: not on every launch

    return Path(str(resources.files("dossier") / "sample"))


def sample_db() -> Path:
    """The shipped sample dossier (read-only for every command but an explicit build)."""
    return sample_dir() / DB_FILE


def explicit(db: Path | None, dossier_dir: Path | None, environ: Mapping[str, str] = os.environ) -> Located | None:
    """The database the user named with --db, --dossier or DOSSIER_DB, if any."""
    if db is not None and dossier_dir is not None:
        raise DossierError("Give --db PATH or --dossier DIR, not both.")
    if db is not None:
        return Located(db, "--db")
    if dossier_dir is not None:
        if dossier_dir.exists() and not dossier_dir.is_dir():
            raise DossierError(
                f"--dossier takes a folder holding {DB_FILE}; {dossier_dir} is a file (use --db {_q(dossier_dir)})."
            )
        return Located(dossier_dir / DB_FILE, "--dossier")
    if environ.get(ENV_VAR):
        return Located(Path(environ[ENV_VAR]), ENV_VAR)
    return None


def for_reading(
    db: Path | None, dossier_dir: Path | None, environ: Mapping[str, str] = os.environ, cwd: Path | None = None
) -> Located:
    """The database a reading command opens: named, else ./data/dossier.db, else the sample."""
    named = explicit(db, dossier_dir, environ)
    if named is not None:
        return named
    local = (cwd or Path.cwd()) / LOCAL_DATA / DB_FILE
    if local.exists():
        return Located(LOCAL_DATA / DB_FILE, "./data")
    return Located(sample_db(), "the shipped sample")


def for_writing(
    db: Path | None, dossier_dir: Path | None, command: str, environ: Mapping[str, str] = os.environ
) -> Located:
    """The database a writing command changes: only one the user named, never the sample."""
    named = explicit(db, dossier_dir, environ)
    if named is None:
        raise DossierError(
            f"`dossier {command}` writes only to a dossier you name: add --db PATH (or --dossier DIR, "
            f"or set {ENV_VAR}), e.g. `dossier {command} --db story.db …`."
        )
    if is_sample(named.path):
        raise DossierError(
            f"{named.path} is the sample shipped with dossier, which is never changed. Copy it and "
            f"work on the copy: `cp {_q(named.path)} story.db`, then `dossier {command} --db story.db …`."
        )
    return named


def for_building(
    db: Path | None,
    dossier_dir: Path | None,
    data_dir: Path | None,
    environ: Mapping[str, str] = os.environ,
    cwd: Path | None = None,
) -> tuple[Path, Path]:
    """(data folder, database) for `dossier build`: the folder named, else ./data, else the
    shipped sample's articles; the database named, else the data folder's dossier.db, but
    never the shipped sample unless named."""
    from_sample = data_dir is None and not ((cwd or Path.cwd()) / LOCAL_DATA).is_dir()
    if data_dir is None:
        data_dir = sample_dir() if from_sample else LOCAL_DATA
    named = explicit(db, dossier_dir, environ)
    if named is not None:
        return data_dir, named.path
    if from_sample:
        raise DossierError(
            "There is no ./data folder here to build. Name the database to build the shipped "
            "sample's articles into: `dossier build --db dossier.db` (or --data DIR for your own)."
        )
    return data_dir, data_dir / DB_FILE


def is_sample(path: Path) -> bool:
    """True when path is the shipped sample database (through any link)."""
    try:
        return path.resolve() == sample_db().resolve()
    except OSError:
        return False


def _q(path: Path) -> str:
    return shlex.quote(str(path))
