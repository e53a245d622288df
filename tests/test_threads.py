"""Leaving nothing behind in the browser: a thread worker clears its mark on the pool's
thread and is not described by its arguments' reprs; the loaded state is set aside from the
cyclic collector while the browser runs."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from textual import work
from textual.app import App
from textual.worker import active_worker

from dossier.tui.threads import thread_worker


class Loud:
    """An argument whose repr is counted (a whole view's repr is long to make)."""

    reprs = 0

    def __repr__(self) -> str:
        Loud.reprs += 1
        return "Loud()"


class Workers(App):
    @thread_worker(group="probe")
    def released(self, payload: Loud) -> str:
        return "done"

    @work(thread=True, group="probe")
    def plain(self, payload: Loud) -> str:
        return "done"


async def _left_in_the_thread(method_name: str):
    """The worker the pool's one thread is marked with after running the method's worker."""
    app = Workers()
    async with app.run_test() as pilot:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
        worker = getattr(app, method_name)(Loud())
        await worker.wait()
        assert worker.result == "done"
        left = await loop.run_in_executor(None, lambda: active_worker.get(None))
        await pilot.pause()
        return worker, left


async def test_a_thread_worker_clears_its_threads_mark_when_its_work_ends():
    worker, left = await _left_in_the_thread("released")
    assert left is None


async def test_textuals_plain_thread_worker_stays_marked_on_its_thread():
    """The behaviour thread_worker exists for: if Textual stops leaving the mark, this fails
    and thread_worker's clearing can go."""
    worker, left = await _left_in_the_thread("plain")
    assert left is worker


async def test_a_thread_worker_is_described_by_its_name_not_its_arguments_reprs():
    Loud.reprs = 0
    worker, _ = await _left_in_the_thread("released")
    assert worker.description == "released" and Loud.reprs == 0
    await _left_in_the_thread("plain")
    assert Loud.reprs == 1


async def test_the_browser_sets_its_loaded_state_aside_from_the_collector_until_it_closes(built_db):
    import gc

    from dossier.tui.app import make_app
    from tests.test_tui import settle

    gc.unfreeze()
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.screen._items is not None  # the palette's items: the warm-up is done
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_browse_pauses_the_collector_while_the_browser_starts_and_not_after(built_db, monkeypatch):
    import gc

    from dossier.tui import app as app_module
    from dossier.tui import start

    seen = []

    class App:
        def __init__(self, path):
            seen.append(("made", gc.isenabled()))

        def run(self):
            seen.append(("run", gc.isenabled()))

    monkeypatch.setattr(start, "require_terminal", lambda: None)
    monkeypatch.setattr(app_module, "make_app", App)
    start.browse(built_db)
    assert seen == [("made", False), ("run", False)] and gc.isenabled()


async def test_the_collector_paused_by_the_launch_is_back_once_the_first_rows_are_drawn(built_db):
    import gc

    from dossier.tui.app import make_app
    from dossier.tui.panes import ListPane
    from tests.test_tui import settle

    gc.disable()
    try:
        app = make_app(built_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert all(pane.option_count for pane in app.screen.query(ListPane))
            assert gc.isenabled()
    finally:
        gc.enable()
