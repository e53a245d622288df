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
DECISION_MARK = "[[decision]]"

_MANIFEST_HEAD = """\
# The sources of this dossier: one [[source]] per article file beside this one, kept byte for
# byte as collected. `dossier ingest --dossier DIR` adds them; edit a source's metadata here
# or with `dossier source edit SLUG --outlet …`. Fields: file, slug, title, outlet, author,
# published (YYYY-MM-DD), url.
#
# Names that match no known actor become proposed actors, to review (`dossier review`).
"""

_DECISIONS_HEAD = """\
# An analyst's decisions about what extraction found, one [[decision]] each: `do` (the verb),
# `at` (when; they are replayed in this order) and what it is about (`actor`, `event`,
# `source`: a slug; a quote: `source` and its exact `quote`; a mention: `source` and its words
# in `mention`). Written by `dossier actor|quote|event|note …` and the review screen, kept
# sorted by what they are about, and replayed by `dossier build`, which reports any that no
# longer applies.
"""

# Two analysts adding decisions at the same place in a file get both, one after the other:
# each decision is a table of its own, and build replays them in `at` order.
_GITATTRIBUTES = "curation/*.toml merge=union\nsources/sources.toml merge=union\n"


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
        if not (folder / ".gitattributes").exists():
            (folder / ".gitattributes").write_text(_GITATTRIBUTES, encoding="utf-8")
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


def ingest(folder: Path, paths, meta=None, manifest=None, progress=None):
    """Ingest articles into a dossier folder: each new file and its metadata are stored in
    sources/, then the database is rebuilt from the folder. Returns ingest's report."""
    from dossier import ingest as pipeline
    db_path = folder / DB_FILE
    report = pipeline.ingest(db_path, paths, meta, manifest, progress)
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


def sort_key(entry: dict[str, Any]) -> tuple:
    """Decisions are kept sorted by what they are about, then when: two analysts' decisions
    about different items land in different places of the file."""
    target = decision_target(entry)
    return (decision_kind(entry), *(str(v) for v in target.values()), str(entry.get("at", "")))


def _blocks(text: str) -> tuple[str, list[str]]:
    """The text before the first decision, and each decision's text (up to the next one)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == DECISION_MARK]
    if not starts:
        return text, []
    head = "".join(lines[: starts[0]])
    ends = [*starts[1:], len(lines)]
    return head, ["".join(lines[a:b]) for a, b in zip(starts, ends)]


def _render(entry: dict[str, Any]) -> str:
    doc = tomlkit.document()
    aot = tomlkit.aot()
    table = tomlkit.table()
    for key, value in entry.items():
        table[key] = value
    aot.append(table)
    doc["decision"] = aot
    return tomlkit.dumps(doc).strip("\n") + "\n\n"


def _block_entry(block: str) -> dict[str, Any]:
    return tomlkit.parse(block).unwrap()["decision"][0]


def record(folder: Path, entry: dict[str, Any]) -> Path:
    """Insert a decision into curation/decisions.toml at its place; the rest of the file,
    comments included, is kept as it is."""
    path = folder / CURATION / DECISIONS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head, blocks = _blocks(text)
    key = sort_key(entry)
    at = len(blocks)
    for i, block in enumerate(blocks):
        if sort_key(_block_entry(block)) > key:
            at = i
            break
    if head and not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    if at > 0 and not blocks[at - 1].endswith("\n\n"):
        blocks[at - 1] = blocks[at - 1].rstrip("\n") + "\n\n"
    blocks.insert(at, _render(entry))
    _write(path, head + "".join(blocks))
    return path


def forget_last(folder: Path) -> dict[str, Any] | None:
    """Remove the most recent decision (the greatest `at`) from the folder's curation files;
    return it, or None when there is none."""
    latest: tuple[str, Path, int] | None = None
    for path in sorted((folder / CURATION).glob("*.toml")):
        _, blocks = _blocks(path.read_text(encoding="utf-8"))
        for i, block in enumerate(blocks):
            at = str(_block_entry(block).get("at", ""))
            if latest is None or at > latest[0]:
                latest = (at, path, i)
    if latest is None:
        return None
    _, path, i = latest
    head, blocks = _blocks(path.read_text(encoding="utf-8"))
    entry = _block_entry(blocks.pop(i))
    _write(path, head + "".join(blocks))
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
