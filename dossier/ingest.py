"""From an article's text to stored facts: the extraction pipeline shared by build and ingest.

`extract()` is pure: text in, spans out. `store_extraction()` writes one source's results.
Every stored span carries offsets into the stored (cleaned) text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import re
import sqlite3
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from dossier import store
from dossier.errors import DossierError
from dossier.extract.actors import AliasHit, AliasMatcher, NameSpan, find_names, fuzzy_link, governments, word_occurrences
from dossier.extract.claims import ActorSpan, Claim, find_claims
from dossier.extract.dates import DateMention, find_dates
from dossier.extract.quotes import ActorRef, Quote, find_quotes
from dossier.extract.html import html_to_text, looks_like_html
from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import chrome_spans, clean_text, fold, fold_with_map


@dataclass
class ActorIndex:
    """What extraction needs to know about the dossier's actors, built once per run."""

    matcher: AliasMatcher
    names: dict[int, str]
    kinds: dict[int, str]
    governments: dict[int, int]
    folded: list[str] = field(default_factory=list)  # every alias, folded, for fuzzy linking
    owners: list[tuple[int, ...]] = field(default_factory=list)
    proposed: dict[str, int] = field(default_factory=dict)  # folded name -> actor proposed in this run

    @classmethod
    def from_db(cls, db: sqlite_utils.Database) -> ActorIndex:
        actors = store.query(db, "SELECT id, name, kind FROM actor")
        aliases: dict[int, list[str]] = {a["id"]: [a["name"]] for a in actors}
        for r in store.query(db, "SELECT actor_id, alias FROM alias ORDER BY id"):
            aliases.setdefault(r["actor_id"], []).append(r["alias"])
        by_folded: dict[str, set[int]] = {}
        for actor_id, names in aliases.items():
            for alias in names:
                by_folded.setdefault(fold(alias), set()).add(actor_id)
        return cls(
            matcher=AliasMatcher((actor_id, alias) for actor_id, names in aliases.items() for alias in names),
            names={a["id"]: a["name"] for a in actors},
            kinds={a["id"]: a["kind"] for a in actors},
            governments=governments((a["id"], a["kind"], aliases[a["id"]]) for a in actors),
            folded=list(by_folded),
            owners=[tuple(sorted(ids)) for ids in by_folded.values()],
        )


@dataclass(frozen=True)
class Link:
    """A mention found other than by an exact alias, with how and how sure."""

    start: int
    end: int
    surface: str
    actor_id: int  # negative: an actor this extraction proposes (see Extraction.proposals)
    method: str  # "fuzzy" | "surname" | "proposed"
    score: float


@dataclass
class Extraction:
    text: str
    cleaned: int
    chrome: list[tuple[int, int]]
    mentions: list[AliasHit] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    proposals: dict[int, NameSpan] = field(default_factory=dict)  # provisional id -> first sighting
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _outside(start: int, end: int, chrome: SpanIndex) -> bool:
    return not chrome.overlaps(start, end)


def extract(text: str, reference: dt.date | None, index: ActorIndex, propose: bool = True) -> Extraction:
    """Clean the text, find its chrome, then its mentions, quotes, dates and figures.

    Names that match no alias are linked to a known actor spelled another way when one is
    close enough, and otherwise (with propose) become proposed actors.
    """
    text, cleaned = clean_text(text)
    chrome = chrome_spans(text)
    in_chrome = SpanIndex(chrome)
    mentions = [h for h in index.matcher.find(text) if _outside(h.start, h.end, in_chrome)]
    ex = Extraction(text, cleaned, chrome, mentions)
    # Very long texts are read in paragraph-aligned blocks, so work per block stays small
    # and time grows linearly with size (a quote or sentence never spans blocks).
    for start, end in _blocks(text):
        _extract_block(ex, start, end, reference, index, propose)
    return ex


CHUNK = 100_000


def _blocks(text: str) -> list[tuple[int, int]]:
    if len(text) <= CHUNK:
        return [(0, len(text))]
    blocks, start = [], 0
    while start < len(text):
        # At a line break, else at a sentence end, else at a space: one huge line is split too.
        limit = start + 2 * CHUNK
        end = -1
        for mark in ("\n", ". ", " "):
            end = text.find(mark, start + CHUNK, limit)
            if end >= 0:
                end += len(mark)
                break
        end = min(len(text), limit) if end < 0 else end
        blocks.append((start, end))
        start = end
    return blocks


def _shift(items: list, by: int) -> list:
    """Move spans found in a block to offsets in the whole text."""
    if not by:
        return items
    out = []
    for item in items:
        changes = {"start": item.start + by, "end": item.end + by}
        if hasattr(item, "context_start"):
            changes |= {"context_start": item.context_start + by, "context_end": item.context_end + by}
        out.append(replace(item, **changes))
    return out


def _extract_block(ex: Extraction, start: int, end: int, reference, index: ActorIndex, propose: bool) -> None:
    text = ex.text[start:end]
    # Chrome lines and alias hits come in text order without overlaps, so a block's own are
    # one run of each, found by bisection rather than by reading all of them for each block.
    first, last = bisect_right(ex.chrome, start, key=lambda c: c[1]), bisect_left(ex.chrome, end, key=lambda c: c[0])
    chrome = [(a - start, b - start) for a, b in ex.chrome[first:last]]
    first, last = bisect_left(ex.mentions, start, key=lambda h: h.start), bisect_left(ex.mentions, end, key=lambda h: h.start)
    mentions = [replace(h, start=h.start - start, end=h.end - start) for h in ex.mentions[first:last] if h.end <= end]
    kept = len(mentions)
    links, proposals = _link_names(text, mentions, chrome, index, propose, ex.proposals)
    if len(mentions) != kept:  # some alias hits were replaced by longer fuzzy-linked names
        still = {(h.start + start, h.end + start) for h in mentions}
        ex.mentions[first:last] = [h for h in ex.mentions[first:last] if h.end > end or (h.start, h.end) in still]
    refs = [
        ActorRef(h.start, h.end, h.actor_ids[0], index.names[h.actor_ids[0]], index.kinds[h.actor_ids[0]])
        for h in mentions
    ]
    for link in links:
        if link.actor_id < 0:
            name = proposals[link.actor_id]
            refs.append(ActorRef(link.start, link.end, link.actor_id, name.surface, name.kind))
        else:
            refs.append(ActorRef(link.start, link.end, link.actor_id, index.names[link.actor_id], index.kinds[link.actor_id]))
    refs.sort(key=lambda r: r.start)
    quotes = [
        q if q.speaker_id not in index.governments else _replace_speaker(q, index.governments[q.speaker_id])
        for q in find_quotes(text, refs, chrome)
    ]
    ex.links += _shift(links, start)
    ex.proposals.update(proposals)
    ex.quotes += _shift(quotes, start)
    ex.dates += _shift(find_dates(text, reference, chrome), start)
    ex.claims += _shift(find_claims(text, [ActorSpan(r.start, r.end, r.name) for r in refs], chrome), start)


def _link_names(
    text: str,
    mentions: list[AliasHit],
    chrome: list[tuple[int, int]],
    index: ActorIndex,
    propose: bool,
    earlier: dict[int, NameSpan] | None = None,
) -> tuple[list[Link], dict[int, NameSpan]]:
    """Fuzzy links, surname links and proposals for the names no alias matched.

    earlier: proposals already made in previous blocks of the same text."""
    links: list[Link] = []
    proposals: dict[int, NameSpan] = dict(earlier or {})
    provisional: dict[str, int] = {fold(n.surface): temp for temp, n in proposals.items()}
    replaced: set[tuple[int, int]] = set()
    surnames: dict[str, int] = {}  # last word of a person named in full in this text -> actor
    # Alias hits never overlap one another and come in text order, so their ends rise too and
    # the hits overlapping a name are one run of them, found by bisection.
    hit_starts, hit_ends = [h.start for h in mentions], [h.end for h in mentions]
    # Full names first, so a later bare surname ("Mr Bazoum") joins its full name.
    for name in sorted(find_names(text, [], chrome), key=lambda n: (-len(n.surface.split()), n.start)):
        OPS["name links"] += 1
        overlapping = mentions[bisect_right(hit_ends, name.start) : bisect_left(hit_starts, name.end)]
        inside = [h for h in overlapping if name.start <= h.start and h.end <= name.end]
        if len(overlapping) != len(inside):
            continue  # runs into a known alias: leave it to the alias
        if inside:
            # A longer spelling around a known alias ("Andrey Yusov" around "Yusov"): take
            # it as that actor's mention when the whole name is close to one of its aliases.
            if any((h.start, h.end) == (name.start, name.end) for h in inside):
                continue
            found = fuzzy_link(name.surface, index.folded, index.owners)
            owners = {a for h in inside for a in h.actor_ids}
            if found is not None and len(found[0]) == 1 and found[0][0] in owners:
                links.append(Link(name.start, name.end, name.surface, found[0][0], "fuzzy", found[1]))
                replaced.update((h.start, h.end) for h in inside)
            continue
        key = fold(name.surface)
        if len(key.split()) == 1 and key in surnames:
            links.append(Link(name.start, name.end, name.surface, surnames[key], "surname", 0.9))
            continue
        if key in index.proposed:  # proposed by an earlier article of this run
            links.append(Link(name.start, name.end, name.surface, index.proposed[key], "proposed", 1.0))
            if name.kind == "person" and len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], index.proposed[key])
            continue
        found = fuzzy_link(name.surface, index.folded, index.owners)
        if found is not None and len(found[0]) == 1:
            links.append(Link(name.start, name.end, name.surface, found[0][0], "fuzzy", found[1]))
            if index.kinds.get(found[0][0]) == "person" and len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], found[0][0])
        elif propose and name.kind != "unknown" or propose and len(name.surface.split()) >= 2:
            temp = provisional.setdefault(key, -(len(provisional) + 1))
            proposals.setdefault(temp, name)
            links.append(Link(name.start, name.end, name.surface, temp, "proposed", 1.0))
            if name.kind == "person" and len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], temp)
    if replaced:
        mentions[:] = [h for h in mentions if (h.start, h.end) not in replaced]
    links += _surnames(text, mentions, links, proposals, chrome, index)
    links.sort(key=lambda link: link.start)
    return links, proposals


def _surnames(text, mentions, links, proposals, chrome, index) -> list[Link]:
    """A bare surname ("Pyvovarov") after the full name in the same article, when only one
    person linked in it has that surname."""
    people: dict[str, set[int]] = {}
    for h in mentions:
        for actor_id in h.actor_ids:
            if index.kinds.get(actor_id) == "person":
                people.setdefault(fold(index.names[actor_id]).split()[-1], set()).add(actor_id)
    for link in links:
        kind = proposals[link.actor_id].kind if link.actor_id < 0 else index.kinds.get(link.actor_id)
        if kind == "person" and len(link.surface.split()) > 1:
            people.setdefault(fold(link.surface).split()[-1], set()).add(link.actor_id)
    taken = SpanIndex([*((h.start, h.end) for h in mentions), *((k.start, k.end) for k in links), *chrome])
    wanted = [(surname, ids) for surname, ids in people.items() if len(ids) == 1 and len(surname) >= 3]
    folded, index = fold_with_map(text)  # once per block, not once per surname
    found = []
    for n, at, end in word_occurrences(folded, [surname for surname, _ in wanted]):
        start = at if index is None else index[at]
        end = end if index is None else index[end - 1] + 1
        if text[start : start + 1].isupper() and not taken.overlaps(start, end):
            (actor_id,) = wanted[n][1]
            found.append((n, start, Link(start, end, text[start:end], actor_id, "surname", 0.9)))
    found.sort(key=lambda f: f[:2])  # by surname, then in text order, as one pass per surname gave
    return [link for _, _, link in found]


def _replace_speaker(q: Quote, speaker_id: int) -> Quote:
    return Quote(q.start, q.end, q.text, speaker_id, q.context_start, q.context_end, q.how + ", via its government")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_extraction(db: sqlite_utils.Database, source_id: int, ex: Extraction, index: ActorIndex) -> dict[str, int]:
    """Write one source's mentions, quotes, dates and claims; return how many of each."""
    mention_rows = []
    for hit in ex.mentions:
        ambiguous = len(hit.actor_ids) > 1
        for actor_id in hit.actor_ids:
            mention_rows.append(
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
    real = _store_proposals(db, ex, index)
    for link in ex.links:
        mention_rows.append(
            {
                "actor_id": real.get(link.actor_id, link.actor_id),
                "source_id": source_id,
                "start": link.start,
                "end": link.end,
                "surface": link.surface,
                "method": link.method,
                "score": link.score,
            }
        )
    # The bulk of the rows: a plain executemany, without sqlite-utils' per-row conversions.
    db.conn.executemany(
        'INSERT INTO mention (actor_id, source_id, start, "end", surface, method, score) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(r["actor_id"], r["source_id"], r["start"], r["end"], r["surface"], r["method"], r["score"]) for r in mention_rows],
    )
    db.conn.executemany(
        'INSERT INTO quote (source_id, speaker_id, text, start, "end", context_start, context_end, how) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                source_id,
                real.get(q.speaker_id, q.speaker_id) if q.speaker_id is not None else None,
                q.text,
                q.start,
                q.end,
                q.context_start,
                q.context_end,
                q.how,
            )
            for q in ex.quotes
        ],
    )
    db.conn.executemany(
        'INSERT INTO date_mention (source_id, start, "end", surface, date, precision) VALUES (?, ?, ?, ?, ?, ?)',
        [(source_id, d.start, d.end, d.surface, d.date, d.precision) for d in ex.dates],
    )
    by_name = {name: actor_id for actor_id, name in index.names.items()}
    db.conn.executemany(
        'INSERT INTO claim (source_id, claimed_by, low, high, unit, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (source_id, by_name.get(c.claimed_by) if c.claimed_by else None, c.low, c.high, c.unit, c.start, c.end, c.text)
            for c in ex.claims
        ],
    )
    return {
        "mentions": len(mention_rows),
        "proposed": len(ex.proposals),
        "quotes": len(ex.quotes),
        "dates": len(ex.dates),
        "claims": len(ex.claims),
    }


def _store_proposals(db: sqlite_utils.Database, ex: Extraction, index: ActorIndex) -> dict[int, int]:
    """Create the actors this extraction proposes; return provisional id -> real id."""
    real: dict[int, int] = {}
    for temp, name in ex.proposals.items():
        key = fold(name.surface)
        if key in index.proposed:
            real[temp] = index.proposed[key]
            continue
        actor_id = db["actor"].insert(
            {
                "slug": _actor_slug(db, name.surface),
                "name": name.surface,
                "kind": name.kind,
                "description": None,
                "status": "proposed",
            }
        ).last_pk
        db["alias"].insert({"actor_id": actor_id, "alias": name.surface, "folded": key})
        index.proposed[key] = actor_id
        index.names[actor_id] = name.surface
        index.kinds[actor_id] = name.kind
        real[temp] = actor_id
    return real


def _actor_slug(db: sqlite_utils.Database, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:50] or "actor"
    slug, n = base, 2
    while store.query(db, "SELECT 1 FROM actor WHERE slug = ?", (slug,)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def source_row(ex: Extraction, slug: str, meta: dict, added_at: str) -> dict:
    """The `source` row for an extraction and its metadata."""
    return {
        "slug": slug,
        "title": meta.get("title"),
        "outlet": meta.get("outlet"),
        "author": meta.get("author"),
        "published": meta.get("published"),
        "url": meta.get("url"),
        "file": meta.get("file"),
        "text": ex.text,
        "content_hash": content_hash(ex.text),
        "added_at": added_at,
        "cleaned": ex.cleaned,
        "chrome": json.dumps(ex.chrome),
        "fingerprint": json.dumps(fingerprint(ex.text)),
    }


def story_date(published: Sequence[str | None]) -> dt.date | None:
    """The reference date for sources without one: the median publication date of the rest."""
    dates = sorted(p for p in published if p)
    if not dates:
        return None
    return dt.date.fromisoformat(dates[(len(dates) - 1) // 2])


def link_claims_to_events(db: sqlite_utils.Database) -> int:
    """Give each claim the event whose evidence shares its sentence (or paragraph)."""
    linked = 0
    for claim in store.query(db, 'SELECT c.id, c.source_id, c.start, c."end", s.text FROM claim c JOIN source s ON s.id = c.source_id'):
        text = claim["text"]
        para_start = text.rfind("\n", 0, claim["start"]) + 1
        para_end = text.find("\n", claim["end"])
        para_end = len(text) if para_end < 0 else para_end
        rows = store.query(
            db,
            'SELECT event_id, start, "end" FROM evidence WHERE source_id = ? AND start < ? AND "end" > ? '
            "ORDER BY abs(start - ?) LIMIT 1",
            (claim["source_id"], para_end, para_start, claim["start"]),
        )
        if rows:
            db.execute("UPDATE claim SET event_id = ? WHERE id = ?", (rows[0]["event_id"], claim["id"]))
            linked += 1
    return linked


# -- reading files ---------------------------------------------------------------------------

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused rather than read into memory
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ""}


@dataclass
class Article:
    """A file read and decoded, ready for extraction."""

    path: str
    text: str
    encoding: str
    meta: dict
    raw: str | None = None  # the HTML, when the text was extracted from a page
    raw_map: list[tuple[int, int, int]] | None = None


def read_article(path: Path, meta: dict | None = None) -> Article:
    """Read an article file (text, Markdown or HTML), or raise DossierError saying why not."""
    meta = dict(meta or {})
    if not path.exists():
        raise DossierError(f"{path}: no such file.")
    if path.is_dir():
        raise DossierError(f"{path} is a folder; name the article files in it (e.g. {path}/*.txt).")
    if path.suffix.lower() not in SUFFIXES:
        raise DossierError(f"{path}: unsupported file type {path.suffix!r}; use .txt, .md or .html.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DossierError(f"{path} is {size / 1e6:.0f} MB; articles over {MAX_BYTES // 1_000_000} MB are refused.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DossierError(f"Cannot read {path}: {exc.strerror}.") from None
    if not raw.strip():
        raise DossierError(f"{path} is empty.")
    text, encoding = decode(raw, path)
    article = Article(str(path), text, encoding, meta)
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        body, title, mapping = html_to_text(text)
        if not body.strip():
            raise DossierError(f"{path}: the page holds no article text.")
        article.raw, article.raw_map, article.text = text, mapping, body
        meta.setdefault("title", title)
    meta.setdefault("file", str(path))
    return article


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8, UTF-16 (with a BOM) or Windows-1252; refuse binary data."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    sample = raw[:8192]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise DossierError(f"{path} looks like a binary file (it holds NUL bytes), not an article.")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        return _refuse_binary(text, path), "latin-1"
    return _refuse_binary(text, path), "windows-1252"


def _refuse_binary(text: str, path: Path) -> str:
    sample = text[:4096]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\n\r\t"))
    if sample and odd / len(sample) > 0.1:
        raise DossierError(f"{path} looks like a binary file, not an article.")
    return text


# -- near-duplicates ---------------------------------------------------------------------------

SKETCH = 24


def fingerprint(text: str) -> list[int]:
    """The SKETCH smallest hashes of the text's 5-word shingles (a bottom-k sketch)."""
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
    # crc32 is stable across runs (unlike hash()) and fast; 32 bits is plenty for a sketch.
    return heapq.nsmallest(SKETCH, {zlib.crc32(s.encode()) for s in shingles})


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated resemblance of two texts from their sketches (0..1)."""
    if not a or not b:
        return 0.0
    merged = sorted(set(a) | set(b))[:SKETCH]
    return len(set(merged) & set(a) & set(b)) / len(merged)


class TwinFinder:
    """Finds an earlier source that is nearly the same article (a syndication mirror)."""

    def __init__(self, db: sqlite_utils.Database, threshold: float = 0.6):
        self.threshold = threshold
        self.sketches: dict[int, list[int]] = {}
        self.by_hash: dict[int, set[int]] = {}
        for r in store.query(db, "SELECT id, fingerprint FROM source WHERE fingerprint IS NOT NULL"):
            self.add(r["id"], json.loads(r["fingerprint"]))

    def add(self, source_id: int, sketch: list[int]) -> None:
        self.sketches[source_id] = sketch
        for h in sketch:
            self.by_hash.setdefault(h, set()).add(source_id)

    def twin(self, sketch: list[int]) -> int | None:
        shared: dict[int, int] = {}
        for h in sketch:
            for source_id in self.by_hash.get(h, ()):
                shared[source_id] = shared.get(source_id, 0) + 1
        best = None
        for source_id, _ in sorted(shared.items(), key=lambda kv: -kv[1])[:5]:
            score = similarity(sketch, self.sketches[source_id])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (source_id, score)
        return best[0] if best else None


# -- the ingest run ------------------------------------------------------------------------------


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    status: str  # "added" | "duplicate" | "error"
    message: str
    slug: str | None = None
    twin_of: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def dateline(text: str) -> str | None:
    """A publication date stated near the top of the article ("Aug 4, 2024"), if any."""
    head = text[:600]
    for d in find_dates(head, None, chrome_spans(head)):
        if d.precision == "day" and d.date and re.search(r"\b(19|20)\d\d\b", d.surface):
            return d.date
    return None


def unique_slug(db: sqlite_utils.Database, base: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(base))[:60].strip("-") or "source"
    slug, n = base, 2
    while store.query(db, "SELECT 1 FROM source WHERE slug = ?", (slug,)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def ingest_article(
    db: sqlite_utils.Database, article: Article, index: ActorIndex, twins: TwinFinder, fallback: dt.date | None, now: str
) -> FileResult:
    """Extract and store one article in its own transaction; the database is unchanged on failure."""
    meta = article.meta
    published = meta.get("published")
    text, _ = clean_text(article.text)
    digest = content_hash(text)
    existing = store.query(db, "SELECT slug FROM source WHERE content_hash = ?", (digest,))
    if existing:  # before any extraction: re-ingesting costs a hash
        return FileResult(article.path, "duplicate", f"already in the dossier as {existing[0]['slug']}; nothing changed", existing[0]["slug"])
    notes: list[str] = []
    if article.encoding != "utf-8":
        notes.append(f"decoded as {article.encoding}")
    if not published:
        found = dateline(text)
        if found:
            meta = {**meta, "published": found}
            published = found
            notes.append(f"published {found} (from the dateline)")
        else:
            notes.append("no publication date: relative dates resolved against the story's date" if fallback else "no publication date")
    reference = dt.date.fromisoformat(published) if published else fallback
    ex = extract(article.text, reference, index)
    if ex.cleaned:
        notes.insert(0 if article.encoding == "utf-8" else 1, f"removed {ex.cleaned} escape sequence(s) or control character(s)")
    slug = unique_slug(db, meta.get("slug") or meta.get("title") or Path(article.path).stem)
    row = source_row(ex, slug, meta, now)
    sketch = json.loads(row["fingerprint"])
    twin = twins.twin(sketch)
    row.update(
        twin_of=twin,
        raw=article.raw,
        raw_map=json.dumps(article.raw_map) if article.raw_map is not None else None,
    )
    with db.atomic():  # one transaction per source: all of it, or none of it
        source_id = db["source"].insert(row).last_pk
        counts = store_extraction(db, source_id, ex, index)
    twins.add(source_id, sketch)
    twin_slug = None
    if twin is not None:
        twin_slug = store.query(db, "SELECT slug FROM source WHERE id = ?", (twin,))[0]["slug"]
        notes.append(f"near-duplicate of {twin_slug}")
    return FileResult(article.path, "added", "; ".join(notes), slug, twin_slug, counts)


def _set_journal(db: sqlite_utils.Database, mode: str) -> None:
    try:
        db.execute(f"PRAGMA journal_mode = {mode}")
        db.execute("PRAGMA synchronous = " + ("NORMAL" if mode == "WAL" else "FULL"))
    except sqlite3.Error as exc:
        raise DossierError(f"Cannot prepare {store.db_path(db)} for writing: {exc}.") from None


def open_for_ingest(path: Path) -> sqlite_utils.Database:
    """Open a dossier to write to, creating an empty one when the file does not exist."""
    if not path.exists():
        if not path.parent.is_dir():
            raise DossierError(f"Cannot create {path}: folder {path.parent} does not exist.")
        db = sqlite_utils.Database(path, execute_plugins=False)
        store.create_schema(db)
        db.close()
    return store.open_db(path, readonly=False)


def load_manifest(path: Path) -> dict[str, dict]:
    """Per-file metadata from a TOML or JSON manifest: a list of {file, title, outlet, ...}."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DossierError(f"Cannot read manifest {path}: {exc.strerror}.") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw)
            entries = data if isinstance(data, list) else data.get("source", [])
        else:
            import tomllib

            entries = tomllib.loads(raw).get("source", [])
    except (ValueError, AttributeError) as exc:
        raise DossierError(f"Manifest {path} cannot be read: {exc}.") from None
    out: dict[str, dict] = {}
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise DossierError(f"Manifest {path}, entry {n}: needs a `file` name.")
        if entry.get("published") is not None:
            try:
                dt.date.fromisoformat(entry["published"])
            except (TypeError, ValueError):
                raise DossierError(f"Manifest {path}, {entry['file']}: published must be YYYY-MM-DD.") from None
        out[Path(entry["file"]).name] = {k: v for k, v in entry.items() if k in META_FIELDS}
    return out


META_FIELDS = ("title", "outlet", "author", "published", "url", "slug")


@dataclass
class IngestReport:
    db: str
    files: list[FileResult]

    @property
    def totals(self) -> dict[str, int]:
        totals = {"added": 0, "duplicate": 0, "error": 0, "mentions": 0, "quotes": 0, "dates": 0, "claims": 0}
        for f in self.files:
            totals[f.status] += 1
            for key, value in f.counts.items():
                totals[key] = totals.get(key, 0) + value
        return totals


def ingest(
    db_path: Path,
    paths: Sequence[Path],
    meta: dict | None = None,
    manifest: dict[str, dict] | None = None,
    progress=None,
) -> IngestReport:
    """Add articles to the dossier at db_path, each in its own transaction."""
    db = open_for_ingest(Path(db_path))
    # While ingesting: write-ahead log, synced at checkpoints rather than at every source.
    # Each source stays one atomic transaction; an interrupted run loses at most the sources
    # not yet checkpointed, never the file. Back to a rollback journal at the end, so
    # read-only readers need no -wal/-shm files.
    _set_journal(db, "WAL")
    try:
        index = ActorIndex.from_db(db)
        twins = TwinFinder(db)
        last_quote = store.query(db, "SELECT coalesce(max(id), 0) AS n FROM quote")[0]["n"]
        fallback = story_date([r["published"] for r in store.query(db, "SELECT published FROM source")])
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        results = []
        for path in paths:
            file_meta = {**(manifest or {}).get(path.name, {}), **{k: v for k, v in (meta or {}).items() if v}}
            try:
                article = read_article(path, file_meta)
                results.append(ingest_article(db, article, index, twins, fallback, now))
            except DossierError as exc:
                results.append(FileResult(str(path), "error", str(exc)))
            except sqlite3.Error as exc:  # locked, disk full, read-only: this file is rolled back
                results.append(FileResult(str(path), "error", str(store.explain(exc, Path(db_path)))))
            if progress:
                progress(path)
        if any(r.status == "added" for r in results):
            from dossier.compare import regroup

            new = {r["id"] for r in store.query(db, "SELECT id FROM quote WHERE id > ?", (last_quote,))}
            with db.atomic():  # the new quotes may render utterances already in the dossier
                regroup(db, new=new)
        return IngestReport(str(db_path), results)
    finally:
        _set_journal(db, "DELETE")
        db.conn.close()
