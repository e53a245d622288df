"""A dossier folder: what an analyst keeps and shares, and the database built from it.

    DIR/sources/             the article files, as collected, and sources.toml (their metadata)
    DIR/curation/*.toml      what analysts decided: actors, events, corrections, decisions
    DIR/dossier.db           the product: `dossier build DIR` makes it again from the two above

`data/` in this project is one. Ingesting into a folder stores each new file and its metadata
in sources/, then rebuilds the database from the folder, so the database is always exactly
what the folder builds (the same `dossier dump`), whatever order things were done in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import tomlkit

from dossier import store
from dossier.build import build
from dossier.curation import decision_kind, decision_target
from dossier.errors import DossierError
from dossier.locate import DB_FILE

SOURCES = "sources"
CURATION = "curation"
MANIFEST = "sources.toml"
DECISIONS_FILE = "decisions.toml"
META_FIELDS = ("title", "outlet", "author", "published", "url")
DECISION_ARRAY = "decision=["

_MANIFEST_HEAD = """\
# The sources of this dossier: one [[source]] per article file beside this one, kept byte for
# byte as collected. `dossier ingest --dossier DIR` adds them; edit a source's metadata here
# or with `dossier source edit SLUG --outlet …`. Fields: file, slug, title, outlet, author,
# published (YYYY-MM-DD), url.
#
# Names that match no known actor become proposed actors, to review (`dossier review`).
"""

_DECISIONS_HEAD = """\
# An analyst's decisions about what extraction found, one per line: `do` (the verb), what it
# is about (`actor`, `event`, `source`: a slug; a quote: `source` and its exact `quote`; a
# mention: `source` and its words in `mention`), its arguments, and `at` (when; they are
# replayed in this order). Written by `dossier actor|quote|event|mention|note …` and the
# review screen, kept sorted by what they are about, and replayed by `dossier build`, which
# reports any that no longer applies.

decision = [
]
"""

# Two analysts adding decisions at the same place in the file get both lines (see below).
_GITATTRIBUTES = "curation/decisions.toml merge=union\n"
# The database is built from the folder: each copy builds its own, nobody merges it.
_GITIGNORE = "dossier.db\ndossier.db-*\n.*.tmp\n"


def init(folder: Path) -> Path:
    """Make an empty dossier folder (sources/, curation/, dossier.db); return the database."""
    if (folder / SOURCES / MANIFEST).exists():
        raise DossierError(f"{folder} is already a dossier folder ({SOURCES}/{MANIFEST} exists).")
    if folder.exists() and not folder.is_dir():
        raise DossierError(f"{folder} is a file; give a folder to make the dossier in.")
    try:
        (folder / SOURCES).mkdir(parents=True, exist_ok=True)
        (folder / CURATION).mkdir(exist_ok=True)
        doc = tomlkit.parse(_MANIFEST_HEAD)
        doc["propose_actors"] = True
        (folder / SOURCES / MANIFEST).write_text(tomlkit.dumps(doc), encoding="utf-8")
        decisions = folder / CURATION / DECISIONS_FILE
        if not decisions.exists():
            decisions.write_text(_DECISIONS_HEAD, encoding="utf-8")
        for name, text in ((".gitattributes", _GITATTRIBUTES), (".gitignore", _GITIGNORE)):
            if not (folder / name).exists():
                (folder / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DossierError(f"Cannot make the dossier folder {folder}: {exc.strerror}.") from None
    build(folder, folder / DB_FILE)
    return folder / DB_FILE


def folder_of(db_path: Path) -> Path | None:
    """The dossier folder a database belongs to (the folder holding it, laid out as one), if any."""
    folder = Path(db_path).parent
    if (folder / SOURCES / MANIFEST).is_file() and (folder / CURATION).is_dir():
        return folder
    return None


def read_toml(path: Path) -> tomlkit.TOMLDocument:
    """A TOML file as a document that writes back with its comments and layout."""
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierError(f"Cannot read {path}: {exc}.") from None
    except tomlkit.exceptions.ParseError as exc:
        raise DossierError(f"{path} is not valid TOML: {exc}.") from None


def write_toml(path: Path, doc: tomlkit.TOMLDocument) -> None:
    _write(path, tomlkit.dumps(doc))


def add_source(folder: Path, path: Path, slug: str, meta: dict[str, Any]) -> str:
    """Copy an article into sources/ and append its [[source]] entry; return the file's name."""
    sources = folder / SOURCES
    name, n = f"{slug}{path.suffix.lower()}", 2
    while (sources / name).exists():
        name, n = f"{slug}-{n}{path.suffix.lower()}", n + 1
    try:
        shutil.copyfile(path, sources / name)
    except OSError as exc:
        raise DossierError(f"Cannot copy {path} into {sources}: {exc.strerror}.") from None
    manifest = sources / MANIFEST
    doc = read_toml(manifest)
    entry = tomlkit.table()
    entry.trivia.indent = "\n"  # a blank line between entries
    entry["file"] = name
    entry["slug"] = slug
    for key in META_FIELDS:
        if meta.get(key):
            entry[key] = meta[key]
    doc.setdefault("source", tomlkit.aot()).append(entry)
    write_toml(manifest, doc)
    return name


def edit_source(folder: Path, slug: str, fields: dict[str, str | None]) -> None:
    """Change a source's metadata in sources.toml (None removes a field)."""
    manifest = folder / SOURCES / MANIFEST
    doc = read_toml(manifest)
    for entry in doc.get("source", []):
        if (entry.get("slug") or Path(entry["file"]).stem) == slug:
            for key, value in fields.items():
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = value
            write_toml(manifest, doc)
            return
    raise DossierError(f"{manifest} has no source {slug!r}.")


def ingest(folder: Path, paths, meta=None, manifest=None, progress=None, jobs: int = 1):
    """Ingest articles into a dossier folder: each new file and its metadata are stored in
    sources/, then the database is rebuilt from the folder. Returns ingest's report."""
    from dossier import ingest as pipeline
    db_path = folder / DB_FILE
    report = pipeline.ingest(db_path, paths, meta, manifest, progress, jobs)
    added = [f for f in report.files if f.status == "added" and f.slug]
    if not added:
        return report
    db = store.open_db(db_path)
    try:
        rows = {
            r["slug"]: r
            for r in store.query(db, f"SELECT slug, {', '.join(META_FIELDS)} FROM source WHERE slug IN "
                                 "(SELECT value FROM json_each(?))", (json.dumps([f.slug for f in added]),))
        }
    finally:
        db.conn.close()
    for f in added:
        add_source(folder, Path(f.file), f.slug, rows[f.slug])
    build(folder, db_path)
    return report


# -- recording in the folder ----------------------------------------------------------------------
#
# curation/decisions.toml holds one array, `decision = [ … ]`, with one decision per line, kept
# sorted by what it is about, then when. Two analysts' decisions then merge line by line: in
# different places they merge cleanly, and at the same place git's union driver (set up by
# `init` in .gitattributes) keeps both lines; build replays them in `at` order either way.


def sort_key(entry: dict[str, Any]) -> tuple:
    """Where a decision goes in the file: by what it is about, then when."""
    target = decision_target(entry)
    return (decision_kind(entry), *(str(v) for v in target.values()), str(entry.get("at", "")))


def _lines(path: Path) -> tuple[list[str], int, int]:
    """The file's lines, and where its decision array opens and closes (an empty array is
    added at the end when there is none)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    opening = next((i for i, line in enumerate(lines) if line.replace(" ", "").startswith(DECISION_ARRAY)), None)
    if opening is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += ["\n", "decision = [\n", "]\n"]
        opening = len(lines) - 2
    closing = next((i for i in range(opening + 1, len(lines)) if lines[i].strip() == "]"), None)
    if closing is None:
        raise DossierError(f"{path}: the `decision = [` array is not closed by a line holding only `]`.")
    return lines, opening, closing


def _entry(line: str) -> dict[str, Any] | None:
    """The decision on a line of the array, or None for a comment or a blank line."""
    text = line.strip().rstrip(",")
    if not text.startswith("{"):
        return None
    return tomlkit.parse(f"d = {text}").unwrap()["d"]


def _render(entry: dict[str, Any]) -> str:
    table = tomlkit.inline_table()
    table.update(entry)
    return f"  {table.as_string()},\n"


def record(folder: Path, entry: dict[str, Any]) -> Path:
    """Insert a decision into curation/decisions.toml at its place; every other line of the
    file, comments included, is kept as it is."""
    path = folder / CURATION / DECISIONS_FILE
    lines, opening, closing = _lines(path)
    key = sort_key(entry)
    at = closing
    for i in range(opening + 1, closing):
        found = _entry(lines[i])
        if found is not None and sort_key(found) > key:
            at = i
            break
    lines.insert(at, _render(entry))
    _write(path, "".join(lines))
    return path


def forget_last(folder: Path) -> dict[str, Any] | None:
    """Remove the most recent decision (the greatest `at`) from curation/decisions.toml;
    return it, or None when there is none."""
    path = folder / CURATION / DECISIONS_FILE
    if not path.exists():
        return None
    lines, opening, closing = _lines(path)
    found = [(str(e.get("at", "")), i, e) for i in range(opening + 1, closing) if (e := _entry(lines[i])) is not None]
    if not found:
        return None
    _, i, entry = max(found, key=lambda f: f[0])
    del lines[i]
    _write(path, "".join(lines))
    return entry


def _write(path: Path, text: str) -> None:
    """Write a file in place: to a temporary file first, so a failure leaves the old one."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DossierError(f"Cannot write {path}: {exc.strerror}.") from None
