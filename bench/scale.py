"""Issue #17's figures at several sizes of dossier, side by side with their growth.

    python -m bench --scale 1k,10k,50k          # the table
    python -m bench --scale 1k,10k --json       # {"1k": {...}, "10k": {...}} on stdout, progress on stderr

A size is a number of sources ("1k" = 1,000, "50" = 50); the synthetic dossier of that size
(bench/synth.py) has SYNTH's proportions: 10 quotes, half an actor (4 aliases each) and a
fifth of an event per source, so "10k" is the dossier the other groups use. Each is
generated once and cached in bench/.cache/ by size and generator version; figures are taken
on a copy, so the cache is never written to.

At each size:
- one_article_s: CPU seconds of one `dossier.ingest.ingest` call adding one new article, in a
  child process pinned to one core (bench/articles.py), median of `repeat` articles, each
  added after another: a dossier grows one ingest at a time, and each run reads back the
  actor index the last one kept (dossier.indexcache);
  one_article_first_s: the article before them, the first ingest into the copy, which finds
  no index kept, builds it and keeps it;
- per_article_ms: the same for a batch of 41 articles, per article;
- ingest_per_s: articles per CPU second ingesting `shipped_articles` articles into a copy of
  the shipped data/dossier.db; measured once, the same at every size (the issue's target is
  on the shipped db). ingest_per_wall_s is the same run by the clock;
- actor_detail_ms: CPU ms of views.actor_view for the actor with the most quotes, capped as the
  browser asks for it (views.DETAIL_CAP), median;
  actor_render_ms adds what the browser's detail worker does with it (tui.detail.render_actor)
  and the first page of its span rows (span_row);
- search_p95_ms: CPU ms per keystroke of what the browser does as one types (Session.snapshot),
  95th percentile over the queries of bench/measure.py; search_p95_wall_ms by the clock;
- browser_rss_mb: the browser's VmHWM in a real terminal (tmux) after a few searches typed,
  median of the launches;
- launch_ratio_vs_visidata: the first frame of `dossier` over VisiData's first sheet, launched
  in turn on the same database, median of the pairs; launch_s and visidata_s are the medians;
  launch_ratio_shipped is the same on data/dossier.db, measured once;
- ten_mb_s, ten_mb_peak_mb: a 10 MB article (the largest of data/sources/ repeated) ingested
  into the copy, by the clock (ten_mb_cpu_s: in CPU), and the child's peak resident memory;
  stopped once it has used TEN_MB_CPU_LIMIT CPU seconds;
- fuzzy_ms, fzf_ms: fuzzy actor matching over the dossier's aliases, Searcher.match_actors
  against `fzf --filter`, median ms per query.

A figure that cannot be measured here is None (null in JSON), and why is said on stderr and
under the table.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.measure import (
    LAUNCHES, ROOT, SYNTH, bench_app_search, bench_fuzzy, bench_launch, cpu_seconds, fzf, median_seconds, synth_corpus,
    visidata, vm_hwm_mb,
)
from dossier import store

SIZES = "1k,10k,50k"
BATCH = 41
REPEAT = 3
SHIPPED_ARTICLES = 400
TEN_MB = 10.0  # MB of the large input
TEN_MB_CPU_LIMIT = 300.0  # CPU seconds before the large input's run is stopped
SHIPPED = ROOT / "data" / "dossier.db"
SOURCES = ROOT / "data" / "sources"
MIN_ACTORS = 150
KEYS = ("one_article_s", "per_article_ms", "ingest_per_s", "actor_detail_ms", "search_p95_ms", "browser_rss_mb",
        "launch_ratio_vs_visidata")


@dataclass
class Options:
    """How much of each thing to do; the defaults are what `make bench` runs."""

    repeat: int = REPEAT  # one-article ingests, detail calls, fuzzy queries
    launches: int = LAUNCHES  # per tool and database; 0: none
    batch: int = BATCH
    shipped_articles: int = SHIPPED_ARTICLES
    ten_mb: float = TEN_MB
    ten_mb_cpu_limit: float = TEN_MB_CPU_LIMIT
    fresh: bool = False


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """ "1k,10k,50k" -> [("1k", 1000), ("10k", 10000), ("50k", 50000)]; a bare number is sources."""
    out = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        found = re.fullmatch(r"(\d+(?:\.\d+)?)(k?)", part)
        if not found:
            raise ValueError(f"{part!r} is not a size: write a number of sources, such as 50, 1k or 10k")
        sources = round(float(found.group(1)) * (1000 if found.group(2) else 1))
        if sources < 1:
            raise ValueError(f"{part!r} has no sources")
        out.append((part, sources))
    return out


def synth_params(sources: int) -> dict[str, int]:
    """SYNTH's proportions at this many sources (SYNTH itself at 10,000), with at least
    MIN_ACTORS actors: bench/synth.py's fixed cast (core people and groups, states, places)."""
    scale = sources / SYNTH["sources"]
    return {
        "sources": sources,
        "quotes": round(SYNTH["quotes"] * scale),
        "actors": max(MIN_ACTORS, round(SYNTH["actors"] * scale)),
        "aliases_per_actor": SYNTH["aliases_per_actor"],
        "events": max(1, round(SYNTH["events"] * scale)),
    }


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Figures(dict):
    """One size's figures; `missing` says why a figure is None."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: dict[str, str] = {}

    def none(self, key: str, why: str) -> None:
        self[key] = None
        self.missing[key] = why
        say(f"  {key}: not measured: {why}")


def _ingest_child(db: Path, folder: Path, *args: str, cpu_limit: float | None = None,
                  ) -> tuple[dict | None, float | None, str]:
    """Run bench.articles' ingest in a child process: its JSON, the peak VmHWM seen while it ran
    (MB), and why there is no JSON ("" when there is). The child is stopped once it has used
    cpu_limit CPU seconds (CPU, not the clock: the machine may be shared)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.articles", "run", str(db), str(folder), *args],
                                cwd=ROOT, stdout=out, stderr=err, text=True)
        peak = None
        while proc.poll() is None:
            seen, used = vm_hwm_mb(proc.pid), cpu_seconds(proc.pid)
            peak = seen if peak is None or (seen or 0) > peak else peak
            if cpu_limit is not None and used is not None and used > cpu_limit:
                proc.kill()
                proc.wait()
                return None, peak, f"stopped after {used:.0f} CPU s (peak {peak or 0:.0f} MB by then)"
            time.sleep(0.1)
        if proc.returncode:
            err.seek(0)
            last = (err.read().strip().splitlines() or ["no message"])[-1]
            return None, peak, f"the ingest child failed: {last}"
        out.seek(0)
        return json.loads(out.read()), peak, ""


def make_articles(folder: Path, n: int) -> None:
    subprocess.run([sys.executable, "-m", "bench.articles", "make", str(folder), f"--n={n}"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def make_large_input(folder: Path, megabytes: float) -> Path:
    """One article of `megabytes` MB: the largest seed article repeated (many similar quotes in one source)."""
    seed = max(SOURCES.glob("*.txt"), key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
    size = int(megabytes * 2**20)
    text = (seed.rstrip() + "\n\n") * (size // len(seed.encode("utf-8")) + 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "large.txt"
    path.write_text(text.encode("utf-8")[:size].decode("utf-8", "ignore"), encoding="utf-8")
    return path


def measure_ingest(figures: Figures, db: Path, articles: Path, large: Path, opt: Options) -> None:
    """one_article_s, per_article_ms and the large input, in that order, into db."""
    # A dossier an older generator wrote gets its one-time upgrade here (tables and indexes
    # added since, the search vocabulary counted whole): no article's cost. One the current
    # generator wrote has the whole schema, and this changes nothing.
    store.open_for_writing(db).close()
    cpu = []
    for i in range(opt.repeat + 1):
        ran, _, why = _ingest_child(db, articles, f"--start={i}", "--limit=1")
        if ran is None:
            figures.none("one_article_s", why)
            break
        cpu.append(ran["cpu_seconds"])
    else:
        figures["one_article_first_s"] = cpu[0]
        figures["one_article_s"] = statistics.median(cpu[1:])
    ran, _, why = _ingest_child(db, articles, f"--start={opt.repeat + 1}", f"--limit={opt.batch}")
    if ran is None:
        figures.none("per_article_ms", why)
    else:
        figures["per_article_ms"] = ran["cpu_seconds"] / ran["articles"] * 1000
    ran, peak, why = _ingest_child(db, large.parent, cpu_limit=opt.ten_mb_cpu_limit)
    if ran is None:
        figures.none("ten_mb_s", why)
        figures.none("ten_mb_peak_mb", why)
    else:
        figures["ten_mb_s"] = ran["seconds"]
        figures["ten_mb_cpu_s"] = ran["cpu_seconds"]
        figures["ten_mb_peak_mb"] = max(ran["peak_rss_mb"], peak or 0)


def top_actor(db) -> tuple[int, str, int] | None:
    """The actor who speaks the most quotes: id, name, quotes."""
    row = db.execute(
        "SELECT a.id, a.name, count(*) FROM quote q JOIN actor a ON a.id = q.speaker_id "
        "GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1").fetchone()
    return tuple(row) if row else None


def measure_detail(figures: Figures, db_path: Path, opt: Options) -> None:
    from dossier import views
    from dossier.tui.detail import PAGE, render_actor, span_row

    db = store.open_db(db_path)
    try:
        top = top_actor(db)
        if top is None:
            figures.none("actor_detail_ms", "no actor speaks a quote")
            return
        actor_id, name, quotes = top
        say(f"  top actor: {name} ({quotes:,} quotes)")
        # as the browser asks for it: its lists capped, the rest paged on demand
        figures["actor_detail_ms"] = median_seconds(
            lambda: views.actor_view(db, actor_id, cap=views.DETAIL_CAP), opt.repeat, time.thread_time
        ) * 1000

        def drawn() -> None:
            _body, rows = render_actor(views.actor_view(db, actor_id, cap=views.DETAIL_CAP))
            for span, where in rows[:PAGE]:
                span_row(span, where)

        figures["actor_render_ms"] = median_seconds(drawn, opt.repeat, time.thread_time) * 1000
    finally:
        db.conn.close()


def measure_search(figures: Figures, db_path: Path, tmp: Path, opt: Options) -> None:
    s = bench_app_search(db_path)
    figures["search_p95_ms"] = s["cpu_p95"] * 1000
    figures["search_p95_wall_ms"] = s["p95"] * 1000
    db = store.open_db(db_path)
    aliases = [r[0] for r in db.execute("SELECT DISTINCT alias FROM alias")]
    db.conn.close()
    rows = bench_fuzzy(tmp, opt.repeat, aliases)
    figures["fuzzy_ms"] = statistics.median(r[1] for r in rows) * 1000
    if fzf() is None:
        figures.none("fzf_ms", "fzf is not installed (python -m bench --install-tools)")
    else:
        figures["fzf_ms"] = statistics.median(r[2] for r in rows) * 1000


def _launches(db: Path, opt: Options, memory: bool) -> tuple[dict[str, list[float]] | None, str]:
    if not opt.launches:
        return None, "no launches asked for (--launches 0)"
    runs = bench_launch(db, opt.launches, memory=memory)
    if runs is None:
        return None, "tmux is not installed"
    return runs, "" if visidata() else "VisiData is not installed (python -m bench --install-tools)"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def measure_launch(figures: Figures, db: Path, opt: Options) -> None:
    runs, why = _launches(db, opt, memory=True)
    if runs is None:
        for key in ("launch_ratio_vs_visidata", "browser_rss_mb", "launch_s"):
            figures.none(key, why)
        return
    figures["launch_s"] = _median(runs["dossier"])
    figures["visidata_s"] = _median(runs["vd"])
    figures["browser_rss_mb"] = _median(runs["rss_mb"])
    figures["launch_ratio_vs_visidata"] = _median(runs["ratio"])
    if figures["browser_rss_mb"] is None:
        figures.none("browser_rss_mb", "the browser drew no rows, or its process was gone, in any launch")
    if figures["launch_ratio_vs_visidata"] is None:
        figures.none("launch_ratio_vs_visidata", why or "no launch pair drew both first screens")


def measure_shipped(tmp: Path, articles: Path, opt: Options) -> Figures:
    """The figures taken on the shipped dossier, once: ingest rate and launch ratio."""
    shipped = Figures()
    say(f"shipped dossier: ingesting {opt.shipped_articles} articles into a copy")
    db = tmp / "shipped.db"
    shutil.copyfile(SHIPPED, db)
    ran, _, why = _ingest_child(db, articles, f"--limit={opt.shipped_articles}")
    if ran is None:
        shipped.none("ingest_per_s", why)
    else:
        added = ran["totals"]["added"]
        shipped["ingest_per_s"] = added / ran["cpu_seconds"] if ran["cpu_seconds"] else None
        shipped["ingest_per_wall_s"] = added / ran["seconds"] if ran["seconds"] else None
    say("shipped dossier: launches against VisiData")
    shutil.copyfile(SHIPPED, db)
    runs, why = _launches(db, opt, memory=False)
    ratio = _median(runs["ratio"]) if runs else None
    shipped["launch_ratio_shipped"] = ratio
    if ratio is None:
        shipped.none("launch_ratio_shipped", why or "no launch pair drew both first screens")
    return shipped


def measure_size(label: str, sources: int, tmp: Path, articles: Path, large: Path, opt: Options) -> Figures:
    figures = Figures()
    params = synth_params(sources)
    say(f"{label}: the synthetic dossier ({', '.join(f'{v:,} {k}' for k, v in params.items())})")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    corpus, generated = synth_corpus(opt.fresh, params)
    if generated:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        figures["generated_s"], figures["generated_cpu_s"] = generated, cpu
        say(f"  generated in {generated:.0f} s ({cpu:.0f} s CPU): {corpus}")
    else:
        say(f"  cached: {corpus}")
    db = tmp / f"{label}.db"
    shutil.copyfile(corpus, db)
    say("  the top actor's detail")
    measure_detail(figures, db, opt)
    say("  search per keystroke and fuzzy matching against fzf")
    measure_search(figures, db, tmp, opt)
    say(f"  {opt.launches} launches each of dossier and VisiData")
    measure_launch(figures, db, opt)
    say(f"  ingest: {opt.repeat + 1} single articles (the first builds the index), a batch of {opt.batch}, the {opt.ten_mb:g} MB input")
    measure_ingest(figures, db, articles, large, opt)
    db.unlink()
    return figures


def run(sizes: list[tuple[str, int]], opt: Options) -> dict[str, Figures]:
    """Every figure at every size; the shipped dossier's figures are repeated in each."""
    out: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory(prefix="dossier-scale-") as tmp_name:
        tmp = Path(tmp_name)
        articles = tmp / "articles"
        n = max(opt.repeat + opt.batch, opt.shipped_articles)
        say(f"writing {n} article files and the {opt.ten_mb:g} MB input")
        make_articles(articles, n)
        large = make_large_input(tmp / "large", opt.ten_mb)
        shipped = measure_shipped(tmp, articles, opt)
        for label, sources in sizes:
            figures = measure_size(label, sources, tmp, articles, large, opt)
            figures.update(shipped)
            figures.missing.update(shipped.missing)
            out[label] = figures
    return out


# -- the table -----------------------------------------------------------------------------


Check = Callable[[dict[str, "Figures"], str], "bool | None"]


@dataclass
class Row:
    key: str
    name: str
    digits: int = 1
    target: str = ""
    met: Check | None = None  # (figures by size, key) -> the target is met; None: the size it names was not run


def _at(label: str, bound: float) -> Check:
    """Met when the figure at `label` is at most bound."""

    def met(results: dict[str, Figures], key: str) -> bool | None:
        value = results[label].get(key) if label in results else None
        return None if value is None else value <= bound

    return met


def _every(bound: float, most: bool = True) -> Check:
    """Met when the figure is at most (or at least) bound at every size."""

    def met(results: dict[str, Figures], key: str) -> bool | None:
        values = [f.get(key) for f in results.values()]
        if not values or None in values:
            return None
        return all(v <= bound if most else v >= bound for v in values)

    return met


def _all_of(*checks: Check) -> Check:
    """Met when every check that could be made is met."""

    def met(results: dict[str, Figures], key: str) -> bool | None:
        seen = [v for v in (check(results, key) for check in checks) if v is not None]
        return all(seen) if seen else None

    return met


def _growth(last: str, first: str, bound: float) -> Check:
    """Met when the figure at `last` is at most bound times the one at `first`."""

    def met(results: dict[str, Figures], key: str) -> bool | None:
        a, b = (results[label].get(key) if label in results else None for label in (first, last))
        return None if a is None or b is None else b <= bound * a

    return met


ROWS = [
    Row("one_article_s", "one article ingested, CPU (s)", 2, "≤ 0.5 at 50k", _at("50k", 0.5)),
    Row("one_article_first_s", "  the first, building the index (s)", 2),
    Row("per_article_ms", "per article, 41-article batch, CPU (ms)", 0, "50k ≤ 1.5× 1k", _growth("50k", "1k", 1.5)),
    Row("ingest_per_s", "ingest, shipped db (articles/CPU s)", 0, "≥ 200", _every(200, most=False)),
    Row("ingest_per_wall_s", "  the same by the clock (articles/s)", 0),
    Row("actor_detail_ms", "top actor's detail, actor_view, CPU (ms)", 0, "≤ 100 at 50k", _at("50k", 100)),
    Row("actor_render_ms", "  with render_actor + first page (ms)", 0),
    Row("search_p95_ms", "browser search p95/keystroke, CPU (ms)", 1, "≤ 20 at 10k, ≤ 40 at 50k",
        _all_of(_at("10k", 20), _at("50k", 40))),
    Row("search_p95_wall_ms", "  the same by the clock (ms)", 1),
    Row("browser_rss_mb", "browser memory, VmHWM (MB)", 0, "≤ 150 at 50k", _at("50k", 150)),
    Row("launch_ratio_vs_visidata", "first frame / VisiData's, paired", 2, "≤ 1.05 at 10k", _at("10k", 1.05)),
    Row("launch_ratio_shipped", "  the same on the shipped db", 2, "≤ 1.05", _every(1.05)),
    Row("launch_s", "  dossier's first frame (s)", 2),
    Row("visidata_s", "  VisiData's first sheet (s)", 2),
    Row("ten_mb_s", "10 MB input ingested (s)", 1, "≤ 60", _every(60)),
    Row("ten_mb_cpu_s", "  of which CPU (s)", 1),
    Row("ten_mb_peak_mb", "10 MB input, peak memory (MB)", 0, "≤ 500", _every(500)),
    Row("fuzzy_ms", "fuzzy actor match, rapidfuzz (ms/query)", 1),
    Row("fzf_ms", "  fzf --filter, same aliases (ms/query)", 1),
    Row("generated_s", "synthetic dossier generated (s)", 0),
    Row("generated_cpu_s", "  of which CPU (s)", 0),
]

def _shown(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def table(results: dict[str, Figures]) -> str:
    """The figures by size, the growth from each size to the next, the target and its verdict."""
    labels = list(results)
    growth = [f"×{b}/{a}" for a, b in zip(labels, labels[1:])]
    head = f"{'figure':42}" + "".join(f"{x:>10}" for x in labels + growth) + f"  {'target':26} verdict"
    lines = [head, "-" * len(head)]
    for row in ROWS:
        values = [results[label].get(row.key) for label in labels]
        cells = [_shown(v, row.digits) for v in values]
        cells += ["" if a is None or b is None or not a else f"{b / a:.2f}" for a, b in zip(values, values[1:])]
        verdict = ""
        if row.met is not None:
            met = row.met(results, row.key)
            verdict = "n/a" if met is None else ("ok" if met else "MISSED")
        lines.append(f"{row.name:42}" + "".join(f"{c:>10}" for c in cells) + f"  {row.target:26} {verdict}".rstrip())
    notes = {(key, why) for figures in results.values() for key, why in figures.missing.items()}
    lines += [f"  n/a {key}: {why}" for key, why in sorted(notes)]
    return "\n".join(lines)


def main(sizes: list[tuple[str, int]], as_json: bool, opt: Options) -> None:
    """Print the table, or the JSON document, of these sizes' figures."""
    results = run(sizes, opt)
    if as_json:
        print(json.dumps(results))
    else:
        print(table(results))
