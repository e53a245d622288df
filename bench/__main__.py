"""Print performance figures and compare them with DESIGN.md's targets.

Nothing here is asserted by the test suite: speed is measured, not timed in tests.
Figures: the seed build and a full dump; then, on a synthetic dossier of 10,000 sources and
100,000 quotes (bench/synth.py, cached in bench/.cache/), search as you type replayed one
keystroke at a time, the process's peak memory, and fuzzy actor matching over 100,000 aliases
with rapidfuzz against `fzf --filter`; ingest throughput (2,000 generated article files,
bench/articles.py, ingested into a copy of the seed dossier by a child process pinned to one
core); and the time from launching `dossier` in a real terminal (tmux) until its pane titles
are on screen, against VisiData (`vd`) on the same database until its first sheet is drawn,
for the seed and the 10k-source dossier; and the browser's lag, from a key press (pane switch,
enter, c, e, ctrl+p) to the frame showing its result, under Textual's Pilot (bench/tui_lag.py).

VisiData is a comparison only, not a dependency. The launch figures use it when it is
installed in a throwaway venv or on PATH:

    python3 -m venv bench/.cache/vd && bench/.cache/vd/bin/pip install visidata

    python -m bench                 # everything
    python -m bench --only search   # one group: seed, search, fuzzy, ingest, launch or lag
    python -m bench --fresh         # regenerate the synthetic dossier
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossier import store

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
TARGETS = {
    "seed build (s)": 1.0,
    "launch to first loaded frame (s)": 0.4,
    "launch, 10k-source dossier (s)": 0.6,
    "search p95 (ms)": 20.0,
    "peak resident memory (MB)": 150.0,
    "ingest (articles/s, one core)": 200.0,  # at least
    "browser lag, seed (ms)": 100.0,
    "browser lag, 10k-source dossier (ms)": 200.0,
}
INGEST_ARTICLES = 2_000
PROFILE_ARTICLES = 200
LAUNCHES = 5
SYNTH = {"sources": 10_000, "quotes": 100_000, "actors": 5_000, "aliases_per_actor": 4, "events": 2_000}
N_ALIASES = 100_000
# Typed one keystroke at a time: names in another transliteration, misspellings, common
# words, a phrase, an exclusion, surnames. Names are the synthetic dossier's (bench/synth.py).
SEARCH_QUERIES = [
    "Andrey Yusenko",
    "Kravetz",
    "Tinzaouaten",
    "Zaporozhye attack",
    "goverment",
    "Wagnr group",
    "president said",
    '"armed forces"',
    "Mali -Russia",
    "Traoré",
    "drone strike Kidal",
    "Homenko minister",
]
FUZZY_QUERIES = [
    "Andrey Yusenko", "Zelensky", "Tinzaouaten", "Wagner", "Traore",
    "Kravetz", "Coulibaly", "Zaporozhye", "JNIM", "Ag Ghaly",
]


def _median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def bench_build(tmp: Path) -> float:
    from dossier.build import build

    return _median_seconds(lambda: build(ROOT / "data", tmp / "bench.db"))


def bench_dump(tmp: Path) -> float:
    def run() -> None:
        db = store.open_db(tmp / "bench.db")
        store.dump(db)
        db.conn.close()

    return _median_seconds(run)


PANE_TITLES = ("1 Actors", "2 Events", "3 Sources")  # also in "1 Actors · 2 Events · 3 Sources"


def _dossier_ready(screen: str) -> bool:
    """The pane border titles are on screen."""
    return all(t in screen for t in PANE_TITLES)


def _dossier_rows(screen: str) -> bool:
    """Titles, the status line's counts, and a first row in every pane shown."""
    if not _dossier_ready(screen) or " sources · " not in screen:
        return False
    lines = screen.splitlines()
    for i, line in enumerate(lines[:-1]):
        if "1 Actors" in line:
            panes = re.findall(r"│([^│]*)│", lines[i + 1])
            return bool(panes) and all(p.strip() for p in panes)
    return False


# VisiData's first sheet lists the database's tables; a row "source ║ …" exists only once the
# sheet's grid is drawn (the splash and the status line never show it).
_VD_SHEET = re.compile(r"^\s*source\s*║", re.M)


def _vd_ready(screen: str) -> bool:
    return _VD_SHEET.search(screen) is not None


def _vd_rows(screen: str) -> bool:
    """The sheet drawn and the status line no longer says it is loading."""
    return _vd_ready(screen) and "loading…" not in screen and re.search(r"\d+ tables", screen) is not None


def visidata() -> str | None:
    local = CACHE / "vd" / "bin" / "vd"
    return str(local) if local.exists() else shutil.which("vd")


def _launch_once(tmux: list[str], command: str, session: str, ready, rows,
                 timeout: float = 20.0) -> tuple[float | None, float | None]:
    """Seconds from starting command in a new tmux session until ready(screen), and until rows(screen)."""
    first = done = None
    started = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command], check=True)
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            now = time.perf_counter() - started
            if first is None and ready(screen):
                first = now
            if first is not None and rows(screen):
                done = now
                break
            time.sleep(0.005)
    finally:
        subprocess.run([*tmux, "kill-session", "-t", session], capture_output=True)
    return first, done


def bench_launch(db: Path, repeat: int = LAUNCHES) -> dict[str, list[float]] | None:
    """Launch `dossier` and VisiData on db in tmux, alternately, repeat times each.

    Per tool: seconds until the first screen (dossier: its pane titles; VisiData: its first
    sheet's grid) and until rows are drawn. None when tmux is missing.

    The sessions run on a private tmux server (its own socket in a temporary folder), kept
    alive between launches by an idle session so that killing a launch's session never stops
    the server while the next one starts; the server and its socket go at the end."""
    if shutil.which("tmux") is None:
        return None
    exe = Path(sys.executable).with_name("dossier")
    vd = visidata()
    out: dict[str, list[float]] = {"dossier": [], "dossier rows": [], "vd": [], "vd rows": []}
    tag = f"bench-{os.getpid()}-{hashlib.sha1(str(db).encode()).hexdigest()[:6]}"
    sockets = tempfile.mkdtemp(prefix="dossier-bench-")
    tmux = ["tmux", "-S", os.path.join(sockets, "tmux")]
    try:
        subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-s", f"{tag}-idle", "sleep 86400"],
                       check=True)
        for i in range(repeat):
            first, done = _launch_once(tmux, f"{exe} --db {db}", f"{tag}-dossier-{i}", _dossier_ready, _dossier_rows)
            out["dossier"] += [first] if first is not None else []
            out["dossier rows"] += [done] if done is not None else []
            if vd:
                first, done = _launch_once(tmux, f"{vd} -N {db}", f"{tag}-vd-{i}", _vd_ready, _vd_rows)
                out["vd"] += [first] if first is not None else []
                out["vd rows"] += [done] if done is not None else []
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        shutil.rmtree(sockets, ignore_errors=True)
    return out


def bench_ingest(tmp: Path) -> dict:
    """Generate the article files, then ingest them in a child process pinned to one core."""
    folder = tmp / "articles"
    made = json.loads(subprocess.run(
        [sys.executable, "-m", "bench.articles", "make", str(folder), f"--n={INGEST_ARTICLES}"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    db = tmp / "ingest.db"
    shutil.copyfile(ROOT / "data" / "dossier.db", db)
    ran = json.loads(subprocess.run([sys.executable, "-m", "bench.articles", "run", str(db), str(folder)],
                                    cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    return {"made": made, "folder": folder, **ran}


def profile_ingest(tmp: Path, folder: Path) -> dict:
    """cProfile a PROFILE_ARTICLES-article ingest into a fresh copy of the seed dossier."""
    db = tmp / "profile.db"
    shutil.copyfile(ROOT / "data" / "dossier.db", db)
    return json.loads(subprocess.run(
        [sys.executable, "-m", "bench.articles", "run", str(db), str(folder), f"--limit={PROFILE_ARTICLES}",
         "--profile"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def synth_corpus(fresh: bool = False) -> tuple[Path, float | None]:
    """The synthetic 10k-source dossier, cached; seconds it took to generate (None: cached).

    It is generated in a child process, so this process's peak memory is the search's alone.
    The cache key covers the generator's code, its parameters and the schema (a file made
    by an older schema does not open); stale files are removed.
    """
    key = hashlib.sha256()
    for name in ("synth.py", "words.py"):
        key.update((ROOT / "bench" / name).read_bytes())
    key.update(json.dumps(SYNTH, sort_keys=True).encode())
    key.update(f"{store.SCHEMA_VERSION}\n{inspect.getsource(store.create_schema)}".encode())
    path = CACHE / f"synth-{key.hexdigest()[:12]}.db"
    if path.exists() and not fresh:
        return path, None
    CACHE.mkdir(exist_ok=True)
    for old in CACHE.glob("synth-*.db*"):
        old.unlink()
    args = [f"--{k.replace('_', '-')}={v}" for k, v in SYNTH.items()]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.synth", str(path), *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return path, time.perf_counter() - started


def corpus_sizes(db_path: Path) -> dict[str, int]:
    db = store.open_db(db_path)
    sizes = store.query(
        db,
        "SELECT (SELECT count(*) FROM source) AS sources, (SELECT count(*) FROM quote) AS quotes,"
        " (SELECT count(*) FROM actor) AS actors, (SELECT count(*) FROM alias) AS aliases,"
        " (SELECT count(*) FROM event) AS events",
    )[0]
    terms: set[str] = set()
    for table in store.FTS_COLUMNS:
        db.execute(f"CREATE VIRTUAL TABLE temp.bench_vocab_{table} USING fts5vocab(main, {table}_fts, row)")
        terms.update(r[0] for r in db.execute(f"SELECT term FROM temp.bench_vocab_{table}"))
    db.conn.close()
    return {**sizes, "FTS terms": len(terms)}


def bench_search(db_path: Path) -> dict:
    """Construct one Searcher, then replay SEARCH_QUERIES one keystroke at a time."""
    from dossier.search import KINDS, Searcher

    db = store.open_db(db_path)
    started = time.perf_counter()
    searcher = Searcher(db)
    construct = time.perf_counter() - started
    calls: list[tuple[float, str]] = []
    for query in SEARCH_QUERIES:
        for i in range(1, len(query) + 1):
            prefix = query[:i]
            started = time.perf_counter()
            searcher.search(prefix, KINDS, limit=20)
            calls.append((time.perf_counter() - started, prefix))
    db.conn.close()
    seconds = [c[0] for c in calls]
    return {
        "construct": construct,
        "calls": len(calls),
        "p50": _percentile(seconds, 50),
        "p95": _percentile(seconds, 95),
        "max": max(seconds),
        "slowest": sorted(calls, reverse=True)[:6],
    }


def bench_app_search(db_path: Path) -> dict:
    """What the browser does per keystroke: search plus the three pane lists (Session.snapshot)."""
    from dossier.session import Session

    session = Session(db_path)
    session.warm_up()
    seconds = []
    for query in SEARCH_QUERIES:
        for i in range(1, len(query) + 1):
            started = time.perf_counter()
            session.snapshot([], query[:i])
            seconds.append(time.perf_counter() - started)
    session.close()
    return {"calls": len(seconds), "p50": _percentile(seconds, 50), "p95": _percentile(seconds, 95)}


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB on Linux


def bench_fuzzy(tmp: Path, repeat: int = 5) -> list[tuple[str, float, float | None, int, int | None]]:
    """Per query: median seconds of Searcher.match_actors (the app's own code) and of fzf --filter."""
    import sqlite_utils

    from bench.synth import make_alias_list
    from dossier.text import fold
    from dossier.search import Searcher, parse_query

    aliases = make_alias_list(N_ALIASES)
    db = sqlite_utils.Database(memory=True)
    store.create_schema(db)
    with db.atomic():  # one actor per alias: the fuzzy index holds all 100,000 strings
        db["actor"].insert_all({"id": i, "slug": f"a{i}", "name": a, "kind": "person"} for i, a in enumerate(aliases, 1))
        db["alias"].insert_all({"actor_id": i, "alias": a, "folded": fold(a)} for i, a in enumerate(aliases, 1))
    searcher = Searcher(db)
    listing = tmp / "aliases.txt"
    listing.write_text("\n".join(aliases) + "\n", encoding="utf-8")
    fzf = shutil.which("fzf")
    out = []
    for query in FUZZY_QUERIES:
        found: list = []
        parsed = parse_query(query + " ")  # a finished word, as fzf gets it

        def rapid() -> None:
            found[:] = searcher.match_actors(parsed, 80)

        rapid_s = _median_seconds(rapid, repeat)
        fzf_s, fzf_n = None, None
        if fzf:
            lines: list[bytes] = []

            def run_fzf() -> None:
                with listing.open("rb") as stdin:
                    lines[:] = subprocess.run([fzf, "--filter", query], stdin=stdin,
                                              capture_output=True).stdout.splitlines()

            fzf_s = _median_seconds(run_fzf, repeat)
            fzf_n = len(lines)
        out.append((query, rapid_s, fzf_s, len(found), fzf_n))
    return out


def _row(name: str, value: float | None, target: float | None = None, shown: str | None = None,
         target_text: str | None = None, verdict: str | None = None) -> None:
    if shown is None:
        shown = "n/a" if value is None else f"{value:.3f}"
    if target_text is None:
        target_text = "" if target is None else f"≤{target:g}"
    if verdict is None:
        verdict = "" if target is None or value is None else ("ok" if value <= target else "MISSED")
    print(f"{name:38} {shown:>10} {target_text:>8}  {verdict}")


GROUPS = ("seed", "search", "fuzzy", "ingest", "launch", "lag")


def report_ingest(tmp: Path) -> None:
    r = bench_ingest(tmp)
    made, t = r["made"], r["totals"]
    print(f"ingest corpus: {made['articles']:,} article files, {made['words']:,} words, "
          f"{made['bytes'] / 2**20:.1f} MiB (generated in {made['seconds']:.1f} s); into a copy of data/dossier.db")
    rate = t["added"] / r["seconds"] if r["seconds"] else 0.0
    target = TARGETS["ingest (articles/s, one core)"]
    cores = f"core {','.join(map(str, r['cores']))}" if r["cores"] else "not pinned"
    _row("ingest (articles/s, one core)", rate, shown=f"{rate:.1f}", target_text=f"≥{target:g}",
         verdict=("ok" if rate >= target else "MISSED") + f" ({cores})")
    _row("ingest total (s)", r["seconds"], shown=f"{r['seconds']:.2f}")
    if r["regroup_seconds"]:
        _row("  of which end-of-run quote regroup (s)", r["regroup_seconds"], shown=f"{r['regroup_seconds']:.2f}")
    _row("ingest CPU (s)", r["cpu_seconds"], shown=f"{r['cpu_seconds']:.2f}")
    _row("ingest peak resident memory (MB)", r["peak_rss_mb"], shown=f"{r['peak_rss_mb']:.0f}")
    print(f"  totals: {t['added']:,} added, {t['duplicate']:,} duplicates, {t['error']:,} errors; "
          f"{t['mentions']:,} mentions, {t['quotes']:,} quotes, {t['dates']:,} dates, {t['claims']:,} claims, "
          f"{r['proposed_actors']:,} proposed actors")
    for message in r["errors"]:
        print(f"  error: {message}")
    if rate < target:
        prof = profile_ingest(tmp, r["folder"])
        print(f"  cProfile, {prof['articles']} articles ({prof['seconds']:.2f} s profiled):"
              "  cumulative s | own s | calls | function")
        for label, key in (("by cumulative time", "by_cumtime"), ("by own time", "by_tottime")):
            print(f"  {label}:")
            for row in prof[key]:
                print(f"    {row['cumtime']:7.2f} {row['tottime']:7.2f} {row['calls']:>9,}  {row['function'][:100]}")


def report_launch(name: str, db: Path) -> None:
    """The dossier's launch against its target and VisiData's, medians side by side."""
    target = TARGETS[name]
    runs = bench_launch(db)
    if runs is None:
        _row(name, None, target, verdict="n/a (install tmux)")
        return
    med = {k: statistics.median(v) if v else None for k, v in runs.items()}
    n = {k: len(v) for k, v in runs.items()}
    ours, theirs = med["dossier"], med["vd"]
    verdict = "" if ours is None else ("ok" if ours <= target else "MISSED")
    _row(name, ours, target, verdict=f"{verdict} ({n['dossier']}/{LAUNCHES} launches, pane titles)".strip())
    if visidata() is None:
        _row("  VisiData, same db (s)", None, target_text="≥dossier", verdict="n/a (install visidata)")
    else:
        compare = "n/a" if ours is None or theirs is None else (
            ("ok" if ours <= theirs else "MISSED") + f": dossier {ours / theirs:.2f}× VisiData")
        _row("  VisiData, same db (s)", theirs, target_text="≥dossier",
             verdict=f"{compare} ({n['vd']}/{LAUNCHES} launches, first sheet)")

    def show(key: str) -> str:
        return "n/a" if med[key] is None else f"{med[key]:.3f}"

    print(f"  until rows are drawn: dossier {show('dossier rows')} s, VisiData {show('vd rows')} s"
          f" ({db.relative_to(ROOT) if db.is_relative_to(ROOT) else db})")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=GROUPS, help="run one group of figures")
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached synthetic dossier")
    args = parser.parse_args()
    run = {args.only} if args.only else set(GROUPS)

    print(f"{'figure':38} {'measured':>10} {'target':>8}  verdict")
    if "seed" in run:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            _row("seed build (s)", bench_build(tmp), TARGETS["seed build (s)"])
            _row("dump (s)", bench_dump(tmp))
        db_size = (ROOT / "data" / "dossier.db").stat().st_size
        _row("data/dossier.db size (KiB)", db_size, shown=f"{db_size / 1024:.0f}")

    if "search" in run:
        corpus, generated = synth_corpus(args.fresh)
        _row("synthetic dossier generation (s)", generated, shown=None if generated else "cached")
        sizes = corpus_sizes(corpus)
        print("synthetic dossier: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
              + f" ({corpus.stat().st_size / 2**20:.0f} MiB, {corpus.relative_to(ROOT)})")
        s = bench_search(corpus)
        _row("Searcher construction (s)", s["construct"])
        _row(f"search p50 (ms), {s['calls']} keystrokes", s["p50"] * 1000, shown=f"{s['p50'] * 1000:.1f}")
        _row("search p95 (ms)", s["p95"] * 1000, TARGETS["search p95 (ms)"], shown=f"{s['p95'] * 1000:.1f}")
        _row("search max (ms)", s["max"] * 1000, shown=f"{s['max'] * 1000:.1f}")
        print("  slowest: " + ", ".join(f"{p!r} {t * 1000:.0f}" for t, p in s["slowest"]))
        a = bench_app_search(corpus)
        _row(f"in the browser p50 (ms), {a['calls']} keystrokes", a["p50"] * 1000, shown=f"{a['p50'] * 1000:.1f}")
        _row("in the browser p95 (ms)", a["p95"] * 1000, TARGETS["search p95 (ms)"], shown=f"{a['p95'] * 1000:.1f}")
        rss = peak_rss_mb()
        _row("peak resident memory (MB)", rss, TARGETS["peak resident memory (MB)"], shown=f"{rss:.0f}")

    if "fuzzy" in run:
        with tempfile.TemporaryDirectory() as tmp_name:
            rows = bench_fuzzy(Path(tmp_name))
        print(f"fuzzy actor matching over {N_ALIASES:,} aliases, median ms per query (matches):")
        for query, rapid_s, fzf_s, rapid_n, fzf_n in rows:
            fzf_text = "n/a (install fzf)" if fzf_s is None else f"{fzf_s * 1000:7.1f} ({fzf_n})"
            print(f"  {query:18} rapidfuzz {rapid_s * 1000:7.1f} ({rapid_n})   fzf {fzf_text}")
        rapid_med = statistics.median(r[1] for r in rows) * 1000
        if rows[0][2] is None:
            _row("rapidfuzz, median query (ms)", rapid_med, shown=f"{rapid_med:.1f}",
                 target_text="≤fzf", verdict="n/a (install fzf)")
        else:
            fzf_med = statistics.median(r[2] for r in rows) * 1000
            faster = sum(r[1] <= r[2] for r in rows)
            _row("fzf --filter, median query (ms)", fzf_med, shown=f"{fzf_med:.1f}")
            _row("rapidfuzz, median query (ms)", rapid_med, shown=f"{rapid_med:.1f}", target_text="≤fzf",
                 verdict=("ok" if rapid_med <= fzf_med else "MISSED") + f" (faster on {faster}/{len(rows)} queries)")

    if "ingest" in run:
        with tempfile.TemporaryDirectory() as tmp_name:
            report_ingest(Path(tmp_name))

    if "launch" in run:
        report_launch("launch to first loaded frame (s)", ROOT / "data" / "dossier.db")
        corpus, generated = synth_corpus(args.fresh)
        if generated:
            _row("synthetic dossier generation (s)", generated)
        report_launch("launch, 10k-source dossier (s)", corpus)

    if "lag" in run:
        from bench import tui_lag

        tui_lag.report("seed dossier", ROOT / "data" / "dossier.db", TARGETS["browser lag, seed (ms)"])
        corpus, generated = synth_corpus(args.fresh)
        if generated:
            _row("synthetic dossier generation (s)", generated)
        tui_lag.report("10k-source dossier", corpus, TARGETS["browser lag, 10k-source dossier (ms)"])


if __name__ == "__main__":
    main()
