"""Lag in the browser: from a key press to the first frame that shows its result.

The app runs headless under Textual's Pilot, on a real dossier. Each action is pressed
several times; a frame counts when the screen's compositor hands an update to the display
(App._display) and the action's result is there (the compare screen is up, the detail shows
the newly focused pane's item...). Writing the frame to a terminal is not included.

    python -m bench --only lag
    python -m bench.tui_lag data/dossier.db     # one dossier
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dossier import store

REPEAT = 5
TIMEOUT = 20.0  # seconds to wait for one action's frame
SIZE = (160, 48)
VERBOSE = bool(os.environ.get("BENCH_VERBOSE"))


class FrameProbe:
    """Wraps App._display: notes the time of the first frame on which `done(app)` holds."""

    def __init__(self, app) -> None:
        self.app = app
        self.done: Callable[[object], bool] | None = None
        self.at: float | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None and self.done is not None and self.at is None and self.done(app):
                self.at = time.perf_counter()

        app._display = display

    def arm(self, done: Callable[[object], bool]) -> None:
        self.done, self.at = done, None


@dataclass
class Action:
    name: str
    keys: tuple[str, ...]
    done: Callable[[object], bool]  # the result is on screen
    before: tuple[str, ...] = ()  # keys that set the action up (not timed)
    after: tuple[str, ...] = ()  # keys that undo it (not timed)
    seconds: list[float] = field(default_factory=list)


async def settle(pilot, rounds: int = 4) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker replaced by a newer one
            pass
        await pilot.pause()


def _actions() -> list[Action]:
    from textual.command import CommandPalette

    from dossier.tui.compare import CompareScreen
    from dossier.tui.detail import DetailPanel, SpanList
    from dossier.tui.export import ExportDialog
    from dossier.tui.panes import ListPane

    def detail_follows(pane_id: str) -> Callable[[object], bool]:
        def done(app) -> bool:
            pane = app.screen.query_one(f"#{pane_id}", ListPane)
            view = app.screen.query_one(DetailPanel).view
            return app.focused is pane and pane.current is not None and _view_id(view) == (pane.kind, pane.current.item_id)

        return done

    def compare_up(app) -> bool:
        return isinstance(app.screen, CompareScreen) and bool(str(app.screen.query_one("#compare-title").render()))

    def export_up(app) -> bool:
        return isinstance(app.screen, ExportDialog)

    def preview_up(app) -> bool:
        return isinstance(app.screen, ExportDialog) and bool(app.screen.query("#export-preview-text"))

    def palette_up(app) -> bool:
        if not isinstance(app.screen, CommandPalette):
            return False
        from textual.command import CommandList

        return app.screen.query_one(CommandList).option_count > 0

    def detail_focused(app) -> bool:
        return isinstance(app.focused, SpanList) and app.focused.option_count > 0

    return [
        Action("pane switch: 2 (events)", ("2",), detail_follows("events"), before=("1",)),
        Action("pane switch: 3 (sources)", ("3",), detail_follows("sources"), before=("2",)),
        Action("pane switch: 1 (actors)", ("1",), detail_follows("actors"), before=("3",)),
        Action("enter: focus the detail", ("enter",), detail_focused, before=("1",), after=("1",)),
        Action("c: the compare screen", ("c",), compare_up, before=("1",), after=("escape",)),
        Action("e: the export dialog", ("e",), export_up, before=("1",), after=("escape",)),
        Action("e: the dialog's preview", ("e",), preview_up, before=("1",), after=("escape",)),
        Action("ctrl+p: the palette", ("ctrl+p",), palette_up, before=("1",), after=("escape",)),
    ]


def _view_id(view) -> tuple[str, int] | None:
    from dossier.views import ActorView, EventView, SourceView

    if isinstance(view, ActorView):
        return "actor", view.actor.id
    if isinstance(view, EventView):
        return "event", view.event.id
    if isinstance(view, SourceView):
        return "source", view.source.id
    return None


def with_a_quote_group(db_path: Path, folder: Path) -> Path:
    """db_path when it has quote groups; else a copy in folder where the most-quoted actor's
    first five quotes form one group (the synthetic dossier has none), so `c` has work."""
    db = store.open_db(db_path)
    try:
        if store.query(db, "SELECT count(*) AS n FROM quote_group")[0]["n"]:
            return db_path
    finally:
        db.conn.close()
    copy = folder / db_path.name
    shutil.copyfile(db_path, copy)
    with sqlite3.connect(copy) as conn:
        speaker, label = conn.execute(
            "SELECT q.speaker_id, a.name FROM quote q JOIN actor a ON a.id = q.speaker_id "
            "GROUP BY q.speaker_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        group = conn.execute(
            "INSERT INTO quote_group (label, speaker_id, curated) VALUES (?, ?, 0)", (label, speaker)
        ).lastrowid
        conn.execute(
            "UPDATE quote SET group_id = ? WHERE id IN (SELECT id FROM quote WHERE speaker_id = ? ORDER BY id LIMIT 5)",
            (group, speaker),
        )
    conn.close()
    return copy


def most_compared_actor(db_path: Path) -> tuple[int, str]:
    """The actor whose quotes fall in the most groups: `c` on it opens the compare screen."""
    db = store.open_db(db_path)
    try:
        row = store.query(
            db,
            "SELECT a.id, a.name FROM quote q JOIN actor a ON a.id = q.speaker_id WHERE q.group_id IS NOT NULL "
            "GROUP BY a.id ORDER BY count(DISTINCT q.group_id) DESC, a.id LIMIT 1",
        )[0]
    finally:
        db.conn.close()
    return row["id"], row["name"]


async def _run(db_path: Path, repeat: int) -> list[Action]:
    from textual.pilot import WaitForScreenTimeout

    from dossier.tui.app import make_app

    actor_id, name = most_compared_actor(db_path)
    actions = _actions()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        probe = FrameProbe(app)
        await settle(pilot)
        app.screen.jump_to("actor", actor_id, name)  # an actor with quote groups, so `c` compares
        await settle(pilot)
        try:
            await _repeat(pilot, probe, actions, repeat)
        except WaitForScreenTimeout:  # the app stayed busy for longer than Pilot waits
            print("  (stopped: the app did not settle within Pilot's wait)", file=sys.stderr)
    return actions


async def _repeat(pilot, probe: FrameProbe, actions: list[Action], repeat: int) -> None:
    """Press each action's keys `repeat` times, noting the time to its frame."""
    for _ in range(repeat):
        for action in actions:
            await pilot.press(*action.before)
            await settle(pilot)
            probe.arm(action.done)
            started = time.perf_counter()
            await pilot.press(*action.keys)
            while probe.at is None and time.perf_counter() - started < TIMEOUT:
                await asyncio.sleep(0.002)
            if probe.at is not None:
                action.seconds.append(probe.at - started)
            if VERBOSE:
                print(f"    {action.name}: {probe.at and probe.at - started}", file=sys.stderr, flush=True)
            probe.arm(lambda app: False)
            await settle(pilot)
            await pilot.press(*action.after)
            await settle(pilot)


def measure(db_path: Path, repeat: int = REPEAT) -> list[Action]:
    """Each action's frame times on one dossier."""
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_run(with_a_quote_group(db_path, Path(tmp)), repeat))


def report(label: str, db_path: Path, target_ms: float, repeat: int = REPEAT) -> None:
    """Print each action's median and worst time to the frame, against the target."""
    print(f"lag in the browser, {label} (ms to the frame showing the result; median / max of {repeat}):")
    for action in measure(db_path, repeat):
        if not action.seconds:
            print(f"  {action.name:34} {'n/a':>15} {'':>8}  no frame within {TIMEOUT:g} s")
            continue
        med, worst = statistics.median(action.seconds) * 1000, max(action.seconds) * 1000
        verdict = "ok" if med <= target_ms else "MISSED"
        print(f"  {action.name:34} {med:7.0f} / {worst:5.0f} {'≤' + format(target_ms, 'g'):>8}  {verdict}")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["data/dossier.db"]:
        report(arg, Path(arg), 100.0)
