"""The minimal browser, driven with Textual's Pilot, plus a snapshot of its look."""

from __future__ import annotations

import os

import pytest
from textual.widgets import OptionList, Static

from dossier.tui.app import make_app


async def settle(pilot) -> None:
    """Wait until the loading worker is done and its message handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _prompts(app, pane_id: str) -> list[str]:
    pane = app.query_one(f"#{pane_id}", OptionList)
    return [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]


async def test_app_lists_actors_events_and_sources_of_the_database(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert any(p.split()[1:2] == ["Ukraine"] for p in _prompts(app, "actors"))
        assert len(_prompts(app, "actors")) == 58
        assert len(_prompts(app, "events")) == 23
        assert len(_prompts(app, "sources")) == 5
        assert "5 sources · 58 actors · 23 events" in str(app.query_one("#status", Static).render())


async def test_events_pane_shows_dates_at_their_precision(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        events = _prompts(app, "events")
        assert events[0].strip().startswith("2020")
        assert any("25 Jul 2024" in e for e in events)
        assert any("Aug 2024" in e and "25 Jul" not in e for e in events)


async def test_number_keys_move_between_panes_and_q_quits(built_db):
    app = make_app(built_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.focused.id == "actors"
        await pilot.press("2")
        assert app.focused.id == "events"
        await pilot.press("3")
        assert app.focused.id == "sources"
        await pilot.press("tab")
        assert app.focused.id == "actors"
        await pilot.press("j", "j")
        assert app.focused.highlighted == 2
        await pilot.press("q")
    assert app.return_code == 0


async def test_unreadable_database_shows_an_error_instead_of_crashing(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(1024))
    app = make_app(junk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "not a SQLite database" in str(app.query_one("#status", Static).render())


async def test_markup_in_source_text_is_shown_literally(db_copy):
    import sqlite3

    conn = sqlite3.connect(db_copy)
    with conn:
        conn.execute("UPDATE source SET title = '[bold red]pwned[/] \x1b[31m' WHERE id = 1")
    conn.close()
    app = make_app(db_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert any("[bold red]pwned[/]" in p for p in _prompts(app, "sources"))


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_small_terminals_do_not_crash(built_db, size):
    app = make_app(built_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2", "j", "3", "G")


def test_main_screen_looks_right(snap_compare, built_db, monkeypatch):
    async def loaded(pilot):
        await settle(pilot)

    monkeypatch.chdir(built_db.parent)  # the status line shows the path as given: keep it stable
    assert snap_compare(make_app("dossier.db"), terminal_size=(160, 48), run_before=loaded)
