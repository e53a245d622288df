"""Ingest throughput: a deterministic folder of news-article files, and the run that ingests them.

`make_articles` writes n plain-text articles (300-800 words each, bench/synth.py's vocabulary
and sentence writer) about a cast mixing the seed dossier's actors (data/dossier.db, so most
names are known aliases) with generated people, places and groups the dossier has never seen
(so ingest links them fuzzily or proposes them). Each file has a headline line, often a
dateline ("BAMAKO, July 25, 2024 —"), then paragraphs with quotes in “curly” and "straight"
marks attributed as `, X said.` or `X said: “…”`, dates ("on Sunday", "July 25", "on 3 March")
and figures counting people ("47 soldiers were killed").

`run` is the child process `python -m bench` starts: pinned to one core, it ingests the files
into a copy of the seed dossier with `dossier.ingest.ingest` and prints one JSON document
(seconds, the report's totals, the proposed actors, its own peak RSS). With --profile it
profiles the run with cProfile instead and prints the top functions.

    python -m bench.articles make /tmp/articles --n 2000
    python -m bench.articles run /tmp/copy.db /tmp/articles [--start 3] [--limit 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import sqlite3
import sys
import time
from pathlib import Path

from bench import words as W
from bench.synth import SynthActor, Writer, _Doc, _slug, make_actors

SEED = 20240725
ROOT = Path(__file__).resolve().parent.parent
SEED_DB = ROOT / "data" / "dossier.db"

PEOPLE_NOUNS = ["soldiers", "Malian soldiers", "fighters", "civilians", "Wagner fighters", "mercenaries",
                "rebels", "people", "militants", "troops", "Russian mercenaries", "villagers", "gunmen",
                "police officers", "insurgents", "Ukrainian soldiers", "residents"]
CASUALTY = ["were killed", "were killed", "were wounded", "died", "were captured", "were taken prisoner",
            "lost their lives", "were injured"]
QUANTIFIERS = ["", "", "at least ", "more than ", "about ", "nearly ", "up to ", "some "]
FIGURES = [2, 3, 4, 5, 7, 9, 11, 12, 15, 17, 20, 23, 31, 40, 47, 50, 84, 100, 150, 300, 1_200]
NUMBER_WORDS = ["two", "three", "five", "seven", "ten", "twelve", "fifteen", "twenty", "fifty"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def seed_actors(db_path: Path = SEED_DB, first_id: int = 1) -> list[SynthActor]:
    """The seed dossier's actors with their aliases, as synth actors (heavily weighted)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        actors = conn.execute("SELECT id, name, kind, coalesce(description, '') FROM actor ORDER BY id").fetchall()
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in conn.execute("SELECT actor_id, alias FROM alias ORDER BY id"):
            aliases.setdefault(actor_id, []).append(alias)
    finally:
        conn.close()
    out = []
    for i, (actor_id, name, kind, description) in enumerate(actors):
        spellings = list(dict.fromkeys([name, *aliases.get(actor_id, [])]))
        last = name.split()[-1]
        surname = last if kind == "person" and last in spellings and last != name else None
        out.append(SynthActor(first_id + i, name, kind, spellings, description, 40.0, surname))
    return out


class ArticleWriter(Writer):
    """synth.Writer with the dates, figures and attributions news articles are full of."""

    def date(self, doc: _Doc) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            doc.put(f"on {rng.choice(W.WEEKDAYS)}")
        elif r < 0.55:
            doc.put(f"on {rng.choice(W.MONTHS)} {rng.randint(1, 28)}")
        elif r < 0.65:
            doc.put(f"on {rng.choice(W.MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2024)}")
        elif r < 0.75:
            doc.put(f"on {rng.randint(1, 28)} {rng.choice(W.MONTHS)}")
        else:
            super().date(doc)

    def figure(self, doc: _Doc) -> None:
        """A sentence counting people: "At least 47 soldiers were killed near Kidal on Sunday, X said." """
        rng = self.rng
        n = rng.choice(FIGURES)
        number = f"{n:,}" if rng.random() < 0.8 else rng.choice(NUMBER_WORDS)
        counted = f"{rng.choice(QUANTIFIERS)}{number} {rng.choice(PEOPLE_NOUNS)} {rng.choice(CASUALTY)}"
        r = rng.random()
        if r < 0.35:
            doc.put(counted)
            self.pp(doc)
            if rng.random() < 0.6:
                doc.put(", ")
                self.actor(doc, ("person", "organization", "state", "armed_group"))
                doc.put(f" {rng.choice(('said', 'claimed', 'reported', 'confirmed'))}")
        elif r < 0.65:
            self.actor(doc, ("person", "organization", "armed_group"))
            doc.put(f" {rng.choice(('said', 'claimed', 'has claimed that', 'told reporters that'))} ")
            doc.put(counted)
            self.pp(doc)
        elif r < 0.85:
            doc.put("according to ")
            self.actor(doc)
            doc.put(f", {counted}")
            self.pp(doc)
        else:
            doc.put(f"the death toll rose to {n}")
            doc.put(" ")
            self.date(doc)

    def _sentence(self, doc: _Doc, quote: bool) -> None:
        if not quote and self.rng.random() < 0.08:
            start = self._start(doc)
            self.figure(doc)
            self._end(doc, start)
            return
        super()._sentence(doc, quote)

    def dateline(self) -> str:
        rng = self.rng
        places = [a for a in self.cast if a.kind == "place"] or [a for a in self.actors if a.kind == "place"]
        place = rng.choice(places).name.upper()
        month = rng.randrange(12)
        day, year = rng.randint(1, 28), rng.choice((2023, 2024, 2024, 2024))
        if rng.random() < 0.5:
            when = f"{MONTH_ABBR[month]} {day}, {year}"
        else:
            when = f"{day} {W.MONTHS[month]} {year}"
        return f"{place}, {when} ({self.outlet()}) — "


def make_articles(folder: Path, n: int = 2_000, seed: int = SEED) -> dict[str, int | float]:
    """Write n article files to folder (created); return how many words and bytes."""
    started = time.perf_counter()
    rng = random.Random(seed)
    known = seed_actors()
    taken = {s.casefold() for a in known for s in a.aliases}
    new = [a for a in make_actors(rng, 900, 4) if not any(s.casefold() in taken for s in a.aliases)]
    for i, a in enumerate(new):
        a.id = 10_000 + i  # distinct from the seed's ids
    writer = ArticleWriter(rng, known + new)
    folder.mkdir(parents=True, exist_ok=True)
    words = size = 0
    for i in range(1, n + 1):
        writer.new_cast()
        doc = writer.article(rng.randint(300, 800), rng.randint(1, 6))
        body = doc.text()
        if rng.random() < 0.5:
            body = body.replace("\n", "\n\n")  # blank-line paragraphs, as many pages are copied
        head = writer.headline()
        dateline = writer.dateline() if rng.random() < 0.6 else ""
        text = f"{head}\n\n{dateline}{body}\n"
        path = folder / f"{i:05d}-{_slug(head)[:40]}.txt"
        path.write_text(text, encoding="utf-8")
        words += doc.words
        size += len(text.encode("utf-8"))
    return {"articles": n, "words": words, "bytes": size, "seconds": time.perf_counter() - started}


def _pin() -> list[int]:
    """Pin this process to one core (core 0 when it may run there); return the cores it runs on."""
    if not hasattr(os, "sched_setaffinity"):
        return []
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {0} if 0 in allowed else {min(allowed)})
    return sorted(os.sched_getaffinity(0))


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def run(db: Path, folder: Path, limit: int | None = None, profile: bool = False, top: int = 14,
        start: int = 0) -> dict:
    cores = _pin()
    from dossier.ingest import ingest

    paths = sorted(folder.glob("*.txt"))[start:][:limit]
    conn = sqlite3.connect(db)
    proposed_before = conn.execute("SELECT count(*) FROM actor WHERE status = 'proposed'").fetchone()[0]
    conn.close()
    regroup = [] if profile else _time_regroup()  # profiled, regroup shows as itself
    profiler = cProfile.Profile() if profile else None
    started_cpu, started = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    report = ingest(db, paths)
    if profiler:
        profiler.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    conn = sqlite3.connect(db)
    proposed = conn.execute("SELECT count(*) FROM actor WHERE status = 'proposed'").fetchone()[0] - proposed_before
    conn.close()
    out = {"articles": len(paths), "seconds": seconds, "cpu_seconds": cpu, "cores": cores,
           "totals": report.totals, "proposed_actors": proposed, "peak_rss_mb": _peak_rss_mb(),
           "regroup_seconds": sum(regroup),
           "errors": [f.message for f in report.files if f.status == "error"][:3]}
    if profiler:
        stats = pstats.Stats(profiler)
        rows = []
        for (file, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
            where = name if file == "~" else f"{_short(file)}:{line}({name})"
            rows.append({"function": where, "calls": ncalls, "tottime": tottime, "cumtime": cumtime})
        out["by_cumtime"] = sorted(rows, key=lambda r: -r["cumtime"])[:top]
        out["by_tottime"] = sorted(rows, key=lambda r: -r["tottime"])[:top]
    return out


def _time_regroup() -> list[float]:
    """CPU time of ingest's end-of-run quote regrouping (dossier.compare.regroup), when it has one:
    the list the seconds of each call are appended to."""
    seconds: list[float] = []
    try:
        from dossier import compare
    except ImportError:
        return seconds
    original = getattr(compare, "regroup", None)
    if original is None:
        return seconds

    def timed(*args, **kwargs):
        started = time.process_time()  # CPU: the machine may be shared
        try:
            return original(*args, **kwargs)
        finally:
            seconds.append(time.process_time() - started)

    compare.regroup = timed
    return seconds


def _short(file: str) -> str:
    path = Path(file)
    for base in (ROOT, Path(sys.prefix), Path(sys.base_prefix)):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return path.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="write the article files")
    make.add_argument("folder", type=Path)
    make.add_argument("--n", type=int, default=2_000)
    make.add_argument("--seed", type=int, default=SEED)
    go = sub.add_parser("run", help="ingest the files into a dossier, pinned to one core; print JSON")
    go.add_argument("db", type=Path)
    go.add_argument("folder", type=Path)
    go.add_argument("--start", type=int, default=0, help="skip this many files (in name order) first")
    go.add_argument("--limit", type=int)
    go.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.command == "make":
        print(json.dumps(make_articles(args.folder, args.n, args.seed)))
    else:
        print(json.dumps(run(args.db, args.folder, args.limit, args.profile, start=args.start)))


if __name__ == "__main__":
    main()
