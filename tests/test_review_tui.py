"""The review queue in the browser, driven with Pilot: accept, reject, merge, set a speaker,
undo; the queue, its counts and the main screen follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from dossier import store
from dossier.tui.app import make_app
from dossier.tui.keybar import KeyBar
from dossier.tui.review import Picker, ReviewScreen

from .test_curation_loop import folder  # noqa: F401 (the fixture: a dossier folder from written articles)
from .test_tui import settle

SIZE = (160, 48)


def queue_labels(app) -> list[str]:
    queue = app.screen.query_one("#review-queue", OptionList)
    return [str(queue.get_option_at_index(i).prompt) for i in range(queue.option_count)]


def counts(app) -> str:
    return str(app.screen.query_one("#review-counts", Static).render())


async def open_review(pilot) -> None:
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)


async def highlight(pilot, text: str) -> None:
    labels = queue_labels(pilot.app)
    index = next(i for i, label in enumerate(labels) if text in label)
    pilot.app.screen.query_one("#review-queue", OptionList).highlighted = index
    await pilot.pause()


def actor_status(folder: Path) -> dict[str, str]:
    return {a["name"]: a["status"] for a in _dump(folder)["actors"]}


async def test_review_lists_proposals_in_order_with_why_and_evidence(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        labels = queue_labels(app)
        kinds = [label.split("  ")[0].strip() for label in labels]
        assert kinds.index("proposed actor") < kinds.index("speaker?")
        why = str(app.screen.query_one("#review-why", Static).render())
        assert "Why:" in why and "«" in why  # the mention, in its context
        assert "to decide" in counts(app)


async def test_review_footer_is_the_key_bar_of_the_other_screens_and_drops_keys_whole(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        bar = app.screen.query_one(KeyBar)
        assert bar.shown[:2] == [("a", "Accept"), ("x", "Reject")] and ("esc", "Back") in bar.shown
        assert "Rename" not in [label for _, label in bar.shown]  # n, k, t: in the help and the palette
        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        line = str(bar.render())
        assert ("esc", "Back") not in bar.shown and "Back" not in line and "esc" not in line
        assert line.rstrip().endswith("palette")


async def test_accept_and_reject_apply_at_once_and_update_the_queue(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        before = len(queue_labels(app))
        await highlight(pilot, "Amadou Abdramane")
        await pilot.press("a")
        await settle(pilot)
        assert actor_status(folder)["Amadou Abdramane"] == "curated"
        assert not any(label.endswith("Amadou Abdramane") for label in queue_labels(app))
        await highlight(pilot, "Abuja")
        await pilot.press("x")
        await settle(pilot)
        assert "Abuja" not in actor_status(folder)
        assert len(queue_labels(app)) < before - 1
        assert f"{len(queue_labels(app))} to decide" in counts(app)
        decisions = (folder / "curation" / "decisions.toml").read_text("utf-8")
        assert 'do = "accept"' in decisions and 'do = "reject"' in decisions


async def test_merge_picks_the_target_by_fuzzy_search(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await highlight(pilot, "proposed actor  ECOWAS Commission")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*"Economic Community")
        await pilot.press("enter")
        await settle(pilot)
        statuses = actor_status(folder)
        assert "ECOWAS Commission" not in statuses and statuses["Economic Community of West African States"] == "curated"


async def test_set_speaker_and_undo(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        before = {q["text"]: q["speaker_id"] for q in _dump(folder)["quotes"]}["France must go."]
        await highlight(pilot, "France must go")  # a speaker found through a pronoun: to check
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"Sylvain Itte", "enter")
        await settle(pilot)
        dump = _dump(folder)
        speakers = {q["text"]: q["speaker_id"] for q in dump["quotes"]}
        itte = next(a["id"] for a in dump["actors"] if a["name"] == "Sylvain Itte")
        assert speakers["France must go."] == itte != before
        await pilot.press("u")
        await settle(pilot)
        speakers = {q["text"]: q["speaker_id"] for q in _dump(folder)["quotes"]}
        assert speakers["France must go."] == before
        assert "Undid" in app.screen.last_message


async def test_leaving_the_review_reloads_the_main_screen(folder):
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await highlight(pilot, "Abuja")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        actors = app.screen.query_one("#actors")
        names = [getattr(actors.get_option_at_index(i), "label", None) for i in range(actors.option_count)]
        assert "Abuja" not in names and "Sylvain Itte" in names


def _dump(folder: Path) -> dict:
    db = store.open_db(folder / "dossier.db")
    try:
        return store.dump(db)
    finally:
        db.conn.close()


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_snapshot_review_queue(snap_compare, folder, size):
    assert snap_compare(make_app(folder / "dossier.db"), terminal_size=size, run_before=open_review)


async def test_proposals_look_different_and_notes_show_in_the_detail(folder):
    from .test_curation_loop import _run
    from .test_tui import move_to, pane

    _run("actor", "accept", "Sylvain Itte", "--dossier", str(folder))
    _run("note", "actor:Sylvain Itte", "Ambassador since 2022; check the date he left.", "--dossier", str(folder))
    app = make_app(folder / "dossier.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actors = pane(app, "actors")
        rows = {actors.get_option_at_index(i).label: str(actors.get_option_at_index(i).prompt) for i in range(actors.option_count)}
        assert "proposed" in rows["Amadou Abdramane"]  # extraction found it, nobody reviewed it
        assert "proposed" not in rows["Sylvain Itte"]  # accepted by the analyst
        await move_to(pilot, "actors", "Amadou Abdramane")
        assert "proposed, not reviewed" in str(app.screen.query_one("#detail-body", Static).render())
        await move_to(pilot, "actors", "Sylvain Itte")
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "Ambassador since 2022; check the date he left." in body and "proposed" not in body.splitlines()[0]
