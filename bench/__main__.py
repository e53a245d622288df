"""Print performance figures and compare them with DESIGN.md's targets.

Nothing here is asserted by the test suite: speed is measured, not timed in tests.
Figures: the seed build, a full dump, the time from launching `dossier` in a real terminal
(tmux) to the first frame that shows the loaded dossier; then, on a synthetic dossier of
10,000 sources and 100,000 quotes (bench/synth.py, cached in bench/.cache/), search as you
type replayed one keystroke at a time, the process's peak memory, and fuzzy actor matching
over 100,000 aliases with rapidfuzz against `fzf --filter`.

    python -m bench                 # everything
    python -m bench --only search   # one group: seed, search or fuzzy
    python -m bench --fresh         # regenerate the synthetic dossier
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
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
}
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


def bench_launch(db: Path, repeat: int = 5) -> float | None:
    """Seconds from starting `dossier` in tmux until its status line shows the counts."""
    if shutil.which("tmux") is None:
        return None
    exe = Path(sys.executable).with_name("dossier")
    times = []
    for i in range(repeat):
        session = f"dossier-bench-{i}"
        started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "48", f"{exe} --db {db}"],
            check=True,
        )
        try:
            deadline = started + 10
            while time.perf_counter() < deadline:
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
                ).stdout
                if " sources · " in screen:
                    times.append(time.perf_counter() - started)
                    break
                time.sleep(0.005)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return statistics.median(times) if times else None


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


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB on Linux


def bench_fuzzy(tmp: Path, repeat: int = 5) -> list[tuple[str, float, float | None, int, int | None]]:
    """Per query: median seconds of rapidfuzz (as Searcher.match_actors) and of fzf --filter."""
    from rapidfuzz import fuzz, process

    from bench.synth import make_alias_list
    from dossier.search import ACTOR_CUTOFF, tokens

    aliases = make_alias_list(N_ALIASES)
    folded = [" ".join(tokens(a)) for a in aliases]  # once, as Searcher does on creation
    listing = tmp / "aliases.txt"
    listing.write_text("\n".join(aliases) + "\n", encoding="utf-8")
    fzf = shutil.which("fzf")
    out = []
    for query in FUZZY_QUERIES:
        found: list = []

        def rapid() -> None:
            found[:] = process.extract(" ".join(tokens(query)), folded, scorer=fuzz.token_set_ratio,
                                       score_cutoff=ACTOR_CUTOFF, limit=80)

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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("seed", "search", "fuzzy"), help="run one group of figures")
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached synthetic dossier")
    args = parser.parse_args()
    run = {args.only} if args.only else {"seed", "search", "fuzzy"}

    print(f"{'figure':38} {'measured':>10} {'target':>8}  verdict")
    if "seed" in run:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            _row("seed build (s)", bench_build(tmp), TARGETS["seed build (s)"])
            _row("dump (s)", bench_dump(tmp))
        _row("launch to first loaded frame (s)", bench_launch(ROOT / "data" / "dossier.db"),
             TARGETS["launch to first loaded frame (s)"])
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
        rss = peak_rss_mb()
        _row("peak resident memory (MB)", rss, TARGETS["peak resident memory (MB)"], shown=f"{rss:.0f}")
        _row("launch, 10k-source dossier (s)", bench_launch(corpus), TARGETS["launch, 10k-source dossier (s)"])

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


if __name__ == "__main__":
    main()
