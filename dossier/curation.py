"""Load and validate what an analyst decided: sources' metadata, actors, aliases and events.

The curated files are TOML, meant to be edited by hand:
- `data/sources/sources.toml`: one `[[source]]` per article file, with its metadata (the
  manifests `dossier ingest --manifest` reads are the same entries, in TOML or JSON);
- `data/curation/*.toml`: `[[actor]]` and `[[event]]` tables (see the files for the fields),
  and `[[decision]]` tables: what an analyst decided about extraction's output, written by
  `dossier.decisions` and replayed by build (see DECISIONS below).
Every problem is reported as a DossierError naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier.errors import DossierError
from dossier.model import ACTOR_KINDS, EVENT_ROLES, PRECISIONS

_DATE_RE = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class SourceMeta:
    """One `[[source]]` entry: an article file and what is known about it."""

    file: str
    slug: str | None = None  # load_sources sets it (the file's stem by default); ingest picks its own
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class CuratedActor:
    slug: str
    name: str
    kind: str
    description: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class CuratedEvidence:
    source: str
    text: str


@dataclass(frozen=True)
class CuratedEvent:
    slug: str
    date: str | None
    precision: str | None
    title: str
    summary: str | None
    place: str | None
    actors: tuple[tuple[str, str], ...]  # (actor name, role)
    evidence: tuple[CuratedEvidence, ...]


@dataclass(frozen=True)
class CuratedGroup:
    """Quotes an analyst says render one utterance, with a name for it."""

    label: str | None
    members: tuple[CuratedEvidence, ...]  # (source, the quote's exact text)


@dataclass(frozen=True)
class Correction:
    """An analyst's fix to automatic extraction in one source: who said a quote (speaker),
    or which actor a mention's words name (actor). None as speaker means nobody."""

    source: str
    quote: str | None = None  # the quote's exact text, to set its speaker
    mention: str | None = None  # a mention's exact words, to link them to `actor`
    speaker: str | None = None
    actor: str | None = None


# A decision's verb -> (what it is about, the fields it needs, the fields it may have).
# What it is about is named by its key: `actor`, `event` or `source` (a slug); a quote by
# `source` and `quote` (its exact text); a mention by `source` and `mention` (its words).
DECISIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "accept": ("actor|event", (), ()),
    "reject": ("actor|event", (), ()),
    "rename": ("actor", ("name",), ()),
    "kind": ("actor", ("kind",), ()),
    "merge": ("actor", ("into",), ()),
    "split": ("actor", ("alias",), ("name", "kind")),
    "add-alias": ("actor", ("alias",), ()),
    "remove-alias": ("actor", ("alias",), ()),
    "link": ("mention", ("to",), ()),
    "unlink": ("mention", (), ()),
    "speaker": ("quote", ("speaker",), ()),
    "not-quote": ("quote", (), ()),
    "edit": ("event", (), ("title", "date", "precision", "summary", "actors", "evidence")),
    "note": ("actor|event|source|quote", ("text",), ()),
}


@dataclass(frozen=True)
class Decision:
    """One `[[decision]]`: a verb (`do`), when it was taken (`at`, ISO; replay order), what it
    is about (`target`: kind and key fields) and its arguments."""

    do: str
    at: str
    kind: str  # "actor" | "event" | "source" | "quote" | "mention"
    target: dict[str, str]
    args: dict[str, Any]

    @property
    def label(self) -> str:
        """How a message names it: `reject actor "col"`."""
        key = " / ".join(repr(v) for v in self.target.values())
        return f"{self.do} {self.kind} {key}"


def decision_kind(entry: dict[str, Any]) -> str:
    """What a decision entry is about, from the keys it has."""
    for kind in ("quote", "mention", "event", "actor"):
        if kind in entry:
            return kind
    return "source"


def decision_target(entry: dict[str, Any]) -> dict[str, str]:
    """The key fields naming a decision's item, in a fixed order."""
    kind = decision_kind(entry)
    keys = ("source", kind) if kind in ("quote", "mention") else (kind,)
    return {k: entry[k] for k in keys if k in entry}


@dataclass
class Curation:
    sources: list[SourceMeta] = field(default_factory=list)
    actors: list[CuratedActor] = field(default_factory=list)
    events: list[CuratedEvent] = field(default_factory=list)
    quote_groups: list[CuratedGroup] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # in replay order
    propose_actors: bool = False  # build proposes actors for unlinked names, as ingest does


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DossierError(f"Missing curation file {path}.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DossierError(f"{path} is not valid TOML: {exc}.") from None


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise DossierError(f"{where}: missing `{key}`.")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise DossierError(f"{where}: `{key}` must be a non-empty string, not {value!r}.")
    return value


def check_date(date: str | None, precision: str | None, where: str) -> None:
    """Raise DossierError unless date is ISO at the stated precision (or both are absent)."""
    if date is None and precision is None:
        return
    if precision not in PRECISIONS:
        raise DossierError(f"{where}: precision must be one of {', '.join(PRECISIONS)}, not {precision!r}.")
    if date is None or not _DATE_RE[precision].match(date):
        raise DossierError(f"{where}: date {date!r} is not an ISO date at {precision} precision.")


def parse_sources(entries: Any, manifest: Path) -> list[SourceMeta]:
    """Check `[[source]]` entries (a file name and its metadata) into SourceMeta; slug is None
    where unset. The one parser of the format: build's sources.toml and ingest's manifests."""
    if not isinstance(entries, list):
        raise DossierError(f"Manifest {manifest}: `source` must be a list of entries, not {entries!r}.")
    metas = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"].strip():
            raise DossierError(f"Manifest {manifest}, entry {n}: needs a `file` name.")
        where = _source_where(manifest, entry["file"])
        published = entry.get("published")
        if published is not None and not _is_day(published):
            raise DossierError(f"{where}: published must be YYYY-MM-DD.")
        metas.append(
            SourceMeta(
                file=entry["file"],
                slug=_text(entry, "slug", where),
                title=_text(entry, "title", where),
                outlet=_text(entry, "outlet", where),
                author=_text(entry, "author", where),
                published=published,
                url=_text(entry, "url", where),
            )
        )
    return metas


def _source_where(manifest: Path, file: str) -> str:
    return f"Manifest {manifest}, {file}"


def _is_day(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE_RE["day"].match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:  # a day the month does not have
        return False
    return True


def load_sources(sources_dir: Path, allow_empty: bool = False) -> list[SourceMeta]:
    """Read `sources.toml` beside the article files and check every file it names exists."""
    manifest = sources_dir / "sources.toml"
    metas: list[SourceMeta] = []
    seen: set[str] = set()
    for meta in parse_sources(_load_toml(manifest).get("source", []), manifest):
        where = _source_where(manifest, meta.file)
        if not (sources_dir / meta.file).is_file():
            raise DossierError(f"{where}: no such file in {sources_dir}.")
        slug = meta.slug or Path(meta.file).stem
        if slug in seen:
            raise DossierError(f"{where}: duplicate slug {slug!r}.")
        seen.add(slug)
        metas.append(replace(meta, slug=slug))
    if not metas and not allow_empty:
        raise DossierError(f"{manifest} lists no [[source]] entries.")
    return metas


def load_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Per-file metadata for ingest, keyed by file name, from a TOML manifest (`[[source]]`
    tables, as in sources.toml) or a JSON one (a list of the same entries)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DossierError(f"Cannot read manifest {path}: {exc.strerror}.") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw)
            entries = data if isinstance(data, list) else data.get("source", [])
        else:
            entries = tomllib.loads(raw).get("source", [])
    except (ValueError, AttributeError) as exc:
        raise DossierError(f"Manifest {path} cannot be read: {exc}.") from None
    return {
        Path(meta.file).name: {k: v for k, v in asdict(meta).items() if k != "file" and v is not None}
        for meta in parse_sources(entries, path)
    }


def load_curation(data_dir: Path) -> Curation:
    """Load and cross-check the sources manifest and every curation file under data_dir."""
    manifest = data_dir / "sources" / "sources.toml"
    propose = _load_toml(manifest).get("propose_actors", False)
    if not isinstance(propose, bool):
        raise DossierError(f"{manifest}: propose_actors must be true or false, not {propose!r}.")
    # A dossier folder made by `dossier init` may hold no source yet; the curated data may not.
    sources = load_sources(data_dir / "sources", allow_empty=propose)
    curation_dir = data_dir / "curation"
    files = sorted(curation_dir.glob("*.toml"))
    if not files:
        raise DossierError(f"No curation files (*.toml) in {curation_dir}.")
    raw_actors: list[tuple[Path, dict[str, Any]]] = []
    raw_events: list[tuple[Path, dict[str, Any]]] = []
    raw_groups: list[tuple[Path, dict[str, Any]]] = []
    raw_corrections: list[tuple[Path, dict[str, Any]]] = []
    raw_decisions: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        data = _load_toml(path)
        raw_actors += [(path, a) for a in data.get("actor", [])]
        raw_events += [(path, e) for e in data.get("event", [])]
        raw_groups += [(path, g) for g in data.get("quote_group", [])]
        raw_corrections += [(path, c) for c in data.get("correction", [])]
        raw_decisions += [(path, d) for d in data.get("decision", [])]

    actors = [_actor(path, entry, i) for i, (path, entry) in enumerate(raw_actors, 1)]
    names = {a.name for a in actors}
    _unique([a.slug for a in actors], "actor slug")
    _unique([a.name for a in actors], "actor name")
    source_slugs = {s.slug for s in sources}
    events = [_event(path, entry, i, names, source_slugs) for i, (path, entry) in enumerate(raw_events, 1)]
    _unique([e.slug for e in events], "event slug")
    groups = [_group(path, entry, i, source_slugs) for i, (path, entry) in enumerate(raw_groups, 1)]
    corrections = [_correction(path, c, i, names, source_slugs) for i, (path, c) in enumerate(raw_corrections, 1)]
    decisions = [parse_decision(d, f"{path} decision #{i}") for i, (path, d) in enumerate(raw_decisions, 1)]
    # Replayed in the order they were taken, whichever file and place in it they are in.
    decisions.sort(key=lambda d: d.at)
    return Curation(
        sources=sources,
        actors=actors,
        events=events,
        quote_groups=groups,
        corrections=corrections,
        decisions=decisions,
        propose_actors=propose,
    )


def parse_decision(entry: dict[str, Any], where: str) -> Decision:
    """Check one `[[decision]]` entry; `where` names it in messages."""
    do = _text(entry, "do", where, required=True)
    if do not in DECISIONS:
        raise DossierError(f"{where}: `do` must be one of {', '.join(DECISIONS)}, not {do!r}.")
    about, needs, may = DECISIONS[do]
    kind = decision_kind(entry)
    if kind not in about.split("|"):
        raise DossierError(f"{where}: `{do}` is about {about.replace('|', ' or ')}, not {kind}.")
    target = decision_target(entry)
    if kind in ("quote", "mention") and "source" not in target:
        raise DossierError(f"{where}: a {kind} is named by its `source` and its `{kind}` text.")
    at = entry.get("at")
    if isinstance(at, (dt.datetime, dt.date)):
        at = at.isoformat()
    if not isinstance(at, str) or not at:
        raise DossierError(f"{where}: missing `at` (when it was decided, ISO 8601).")
    for key in needs:
        if entry.get(key) in (None, ""):
            raise DossierError(f"{where}: `{do}` needs `{key}`.")
    args = {k: entry[k] for k in (*needs, *may) if k in entry}
    extra = set(entry) - {"do", "at", *target, *args}
    if extra:
        raise DossierError(f"{where}: unknown field(s) {', '.join(sorted(extra))} for `{do}`.")
    if do == "kind" and args["kind"] not in ACTOR_KINDS:
        raise DossierError(f"{where}: kind must be one of {', '.join(ACTOR_KINDS)}, not {args['kind']!r}.")
    if do == "edit" and ("date" in args or "precision" in args):
        check_date(args.get("date"), args.get("precision"), where)
    return Decision(do, at, kind, target, args)


def _correction(path: Path, entry: dict[str, Any], i: int, names: set[str], sources: set[str]) -> Correction:
    where = f"{path} correction #{i}"
    source = _text(entry, "source", where, required=True)
    if source not in sources:
        raise DossierError(f"{where}: unknown source {source!r}.")
    quote, mention = _text(entry, "quote", where), _text(entry, "mention", where)
    if (quote is None) == (mention is None):
        raise DossierError(f"{where}: give either `quote` (with `speaker`) or `mention` (with `actor`).")
    speaker, actor = entry.get("speaker"), entry.get("actor")
    if quote is not None and not (speaker is None or speaker == "none" or speaker in names):
        raise DossierError(f"{where}: speaker {speaker!r} is not a curated actor (or \"none\").")
    if mention is not None and actor not in names:
        raise DossierError(f"{where}: actor {actor!r} is not a curated actor.")
    return Correction(source, quote, mention, None if speaker in (None, "none") else speaker, actor)


def _group(path: Path, entry: dict[str, Any], i: int, sources: set[str]) -> CuratedGroup:
    where = f"{path} quote_group #{i}"
    label = _text(entry, "label", where)
    members = []
    for item in entry.get("quotes", []):
        source, text = item.get("source"), item.get("text")
        if source not in sources or not isinstance(text, str) or not text:
            raise DossierError(f"{where}: each quote needs a known `source` and its exact `text`.")
        members.append(CuratedEvidence(source, text))
    if len(members) < 2:
        raise DossierError(f"{where}: a quote group needs at least two quotes.")
    return CuratedGroup(label, tuple(members))


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise DossierError(f"Duplicate {what} {v!r} in the curation files.")
        seen.add(v)


def _actor(path: Path, entry: dict[str, Any], i: int) -> CuratedActor:
    name = _text(entry, "name", f"{path} actor #{i}", required=True)
    where = f"{path} actor {name!r}"
    slug = _text(entry, "slug", where, required=True)
    assert name is not None and slug is not None
    if not _SLUG_RE.match(slug):
        raise DossierError(f"{where}: slug {slug!r} must be lowercase letters, digits, - or _.")
    kind = _text(entry, "kind", where, required=True)
    if kind not in ACTOR_KINDS:
        raise DossierError(f"{where}: kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}.")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise DossierError(f"{where}: aliases must be a list of non-empty strings.")
    # The name is always an alias, first; duplicates are dropped, order kept.
    ordered = list(dict.fromkeys([name, *aliases]))
    return CuratedActor(slug, name, kind, _text(entry, "description", where), tuple(ordered))


def _event(path: Path, entry: dict[str, Any], i: int, names: set[str], sources: set[str]) -> CuratedEvent:
    title = _text(entry, "title", f"{path} event #{i}", required=True)
    slug = _text(entry, "slug", f"{path} event {title!r}", required=True)
    assert title is not None and slug is not None
    where = f"{path} event {slug!r}"
    date, precision = _text(entry, "date", where), _text(entry, "precision", where)
    check_date(date, precision, where)
    place = _text(entry, "place", where)
    if place is not None and place not in names:
        raise DossierError(f"{where}: place {place!r} is not a curated actor.")
    roles = []
    for item in entry.get("actors", []):
        actor, role = item.get("actor"), item.get("role")
        if actor not in names:
            raise DossierError(f"{where}: actor {actor!r} is not a curated actor.")
        if role not in EVENT_ROLES:
            raise DossierError(f"{where}: role of {actor!r} must be one of {', '.join(EVENT_ROLES)}, not {role!r}.")
        roles.append((actor, role))
    evidence = []
    for item in entry.get("evidence", []):
        source, text = item.get("source"), item.get("text")
        if source not in sources:
            raise DossierError(f"{where}: evidence names unknown source {source!r}.")
        if not isinstance(text, str) or not text.strip():
            raise DossierError(f"{where}: evidence from {source!r} has no text.")
        evidence.append(CuratedEvidence(source, text))
    return CuratedEvent(
        slug=slug,
        date=date,
        precision=precision,
        title=title,
        summary=_text(entry, "summary", where),
        place=place,
        actors=tuple(roles),
        evidence=tuple(evidence),
    )
