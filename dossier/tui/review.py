"""The review queue: every proposal awaiting an analyst's decision, with why it was made and
its evidence; one key per decision, each applied at once (`dossier.curate`) and undone with u.

Order: proposed actors, proposed events, speakers found by a guessing rule, actors that may be
one. The queue and its counts are reloaded after every decision, off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dossier import curate, store
from dossier.decisions import Pending, pending
from dossier.errors import DossierError
from dossier.model import ACTOR_KINDS
from dossier.text import fold
from dossier.tui.keybar import KeyBar
from dossier.tui.threads import thread_worker

TITLES = {"actor": "proposed actor", "event": "proposed event", "speaker": "speaker?", "duplicate": "same actor?"}
STYLES = {"actor": "bold magenta", "event": "bold cyan", "speaker": "bold yellow", "duplicate": "bold red"}
PICK_LIMIT = 40


class Picker(ModalScreen[str | None]):
    """Pick one of many (value, label) choices by typing any part of it (fuzzy); esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close without picking")]
    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 70%; max-width: 90; height: 70%; border: round $accent; background: $surface; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder="type to filter…", id="pick-query")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#pick-query")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        from rapidfuzz import fuzz, process

        if query.strip():
            found = process.extract(fold(query), [fold(label) for _, label in self.choices], scorer=fuzz.WRatio,
                                    limit=PICK_LIMIT, score_cutoff=50)
            shown = [self.choices[i] for _, _, i in found]
        else:
            shown = self.choices[:PICK_LIMIT]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=value) for value, label in shown])
        if shown:
            options.highlighted = 0

    @on(Input.Submitted, "#pick-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def key_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def key_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskText(ModalScreen[str | None]):
    """One line of text (a new name, a note); enter confirms, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel", tooltip="Close without changing anything")]
    DEFAULT_CSS = """
    AskText { align: center middle; }
    AskText > Vertical { width: 70%; max-width: 90; height: auto; border: round $accent; background: $surface; }
    """

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(value=self.value, id="ask")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#ask")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(Screen[bool]):
    """Proposals to accept, reject, merge, rename, retype, re-attribute or annotate. Dismissed
    with True when anything was decided (the main screen then reloads)."""

    BINDINGS = [
        Binding("a", "accept", "Accept", id="review.accept", tooltip="Accept the proposal (a speaker: confirm it)"),
        Binding("x", "reject", "Reject", id="review.reject", tooltip="Reject the proposal (a speaker: clear it)"),
        Binding("m", "merge", "Merge", id="review.merge", tooltip="Merge the actor into another, picked by typing"),
        Binding("s", "speaker", "Speaker", id="review.speaker", tooltip="Set the quote's speaker, picked by typing"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Take back the last decision"),
        Binding("n", "rename", "Rename", show=False, id="review.rename", tooltip="Rename the actor"),
        Binding("k", "kind", "Kind", show=False, id="review.kind", tooltip="Set the actor's kind"),
        Binding("t", "note", "Note", show=False, id="review.note", tooltip="Add a note to the item"),
        Binding("escape", "close", "Back", id="review.back", tooltip="Back to the panes, which reload"),
    ]
    DEFAULT_CSS = """
    ReviewScreen #review-counts { height: 1; background: $boost; }
    ReviewScreen #review-queue { width: 1fr; }
    ReviewScreen #review-why { width: 1fr; padding: 0 1; }
    ReviewScreen.-narrow #review-panes { layout: vertical; }
    """

    class Loaded(Message):
        def __init__(self, items: list[Pending], actors: list[tuple[str, str]]) -> None:
            super().__init__()
            self.items = items
            self.actors = actors

    class Decided(Message):
        def __init__(self, message: str, error: bool = False) -> None:
            super().__init__()
            self.message = message
            self.error = error

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.items: list[Pending] = []
        self.actors: list[tuple[str, str]] = []  # (slug, "name · kind") for the pickers
        self.changed = False
        self.last_message = ""
        self._deciding = False  # a decision is being applied: the next waits for it

    def compose(self) -> ComposeResult:
        yield Static(Text(" review · loading…"), id="review-counts")
        with Horizontal(id="review-panes"):
            yield OptionList(id="review-queue")
            yield Static(Text(""), id="review-why")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-queue").focus()
        self.set_class(self.size.width < 110, "-narrow")
        self.load()

    # -- database work, off the UI thread ---------------------------------------------------------

    @thread_worker(exclusive=True, group="review-load")
    def load(self) -> None:
        try:
            db = store.open_db(self.db_path)
            try:
                items = pending(db)
                actors = [(r["slug"], f"{r['name']} · {r['kind']}, {r['status']}") for r in store.actor_rows(db)]
            finally:
                db.conn.close()
        except DossierError as exc:
            self.post_message(self.Decided(str(exc), error=True))
            return
        self.post_message(self.Loaded(items, actors))

    def decide(self, call, *args, **kwargs) -> None:
        """Apply one decision; a key pressed while the last one is still being applied is
        refused (an exclusive thread worker would not stop the one already running)."""
        if self._deciding:
            self.notify("Still applying the last decision.", markup=False)
            return
        self._deciding = True
        self._apply(call, *args, **kwargs)

    @thread_worker(group="review-decide")
    def _apply(self, call, *args, **kwargs) -> None:
        try:
            outcome = call(self.db_path, *args, **kwargs)
        except DossierError as exc:
            self.post_message(self.Decided(str(exc), error=True))
            return
        self.post_message(self.Decided(outcome.message))

    # -- showing ---------------------------------------------------------------------------------------

    def on_review_screen_loaded(self, message: Loaded) -> None:
        queue = self.query_one("#review-queue", OptionList)
        keep = queue.highlighted
        self.items, self.actors = message.items, message.actors
        queue.clear_options()
        for i, item in enumerate(self.items):
            line = Text()
            line.append(f"{TITLES[item.kind]:15} ", style=STYLES[item.kind])
            line.append(item.label)
            queue.add_option(Option(line, id=str(i)))
        if self.items:
            queue.highlighted = min(keep or 0, len(self.items) - 1)
        counts = {k: sum(1 for i in self.items if i.kind == k) for k in TITLES}
        summary = " · ".join(f"{n} {TITLES[k]}" for k, n in counts.items())
        self.query_one("#review-counts", Static).update(Text(f" review · {len(self.items)} to decide · {summary}"))
        self._show_why()

    def on_review_screen_decided(self, message: Decided) -> None:
        self._deciding = False
        self.last_message = message.message
        if message.error:
            self.notify(message.message, severity="error", markup=False)
            return
        self.changed = True
        self.notify(message.message, markup=False)
        self.load()

    @on(OptionList.OptionHighlighted, "#review-queue")
    def _highlighted(self) -> None:
        self._show_why()

    def _show_why(self) -> None:
        item = self.current
        why = self.query_one("#review-why", Static)
        if item is None:
            why.update(Text("Nothing awaits review." if not self.items else ""))
            return
        text = Text()
        text.append(f"{TITLES[item.kind]}: ", style=STYLES[item.kind])
        text.append(item.label + "\n\n", style="bold")
        text.append("Why: ", style="dim")
        text.append(item.why + "\n\n")
        for line in item.evidence:
            text.append(line + "\n\n")
        text.append(_keys(item.kind), style="dim")
        why.update(text)

    @property
    def current(self) -> Pending | None:
        queue = self.query_one("#review-queue", OptionList)
        if queue.highlighted is None or not self.items:
            return None
        return self.items[queue.highlighted]

    # -- decisions ---------------------------------------------------------------------------------------

    def action_accept(self) -> None:
        item = self.current
        if item is None:
            return
        if item.kind == "actor":
            self.decide(curate.actor_decision, "accept", item.ref)
        elif item.kind == "event":
            self.decide(curate.event_decision, "accept", item.ref)
        elif item.kind == "speaker":
            speaker = item.label.split(":", 1)[0]
            self.decide(curate.set_speaker, int(item.ref), None if speaker == "nobody" else speaker)
        else:
            self.decide(curate.merge, item.other, item.ref)

    def action_reject(self) -> None:
        item = self.current
        if item is None:
            return
        if item.kind in ("actor", "event"):
            call = curate.actor_decision if item.kind == "actor" else curate.event_decision
            self.decide(call, "reject", item.ref)
        elif item.kind == "speaker":
            self.decide(curate.set_speaker, int(item.ref), None)
        else:
            self.notify("Not the same actor: press t to say why in a note.", markup=False)

    def action_merge(self) -> None:
        item = self.current
        if item is None or item.kind not in ("actor", "duplicate"):
            self.notify("Merge works on an actor.", markup=False)
            return
        choices = [c for c in self.actors if c[0] != item.ref]

        def done(target: str | None) -> None:
            if target:
                self.decide(curate.merge, item.ref, target)

        self.app.push_screen(Picker(f"Merge {item.label} into…", choices), done)

    def action_speaker(self) -> None:
        item = self.current
        if item is None or item.kind != "speaker":
            self.notify("Set speaker works on a quote (a \"speaker?\" item).", markup=False)
            return

        def done(slug: str | None) -> None:
            if slug:
                self.decide(curate.set_speaker, int(item.ref), None if slug == "none" else slug)

        self.app.push_screen(Picker("Who said it?", [("none", "nobody (unattributed)"), *self.actors]), done)

    def action_rename(self) -> None:
        item = self.current
        if item is None or item.kind not in ("actor", "duplicate"):
            return

        def done(name: str | None) -> None:
            if name:
                self.decide(curate.actor_decision, "rename", item.ref, name=name)

        self.app.push_screen(AskText(f"Rename {item.label} to", item.label.split(" ~ ")[0]), done)

    def action_kind(self) -> None:
        item = self.current
        if item is None or item.kind not in ("actor", "duplicate"):
            return

        def done(kind: str | None) -> None:
            if kind:
                self.decide(curate.actor_decision, "kind", item.ref, kind=kind)

        self.app.push_screen(Picker(f"Kind of {item.label}", [(k, k) for k in ACTOR_KINDS]), done)

    def action_note(self) -> None:
        item = self.current
        if item is None:
            return
        ref = {"speaker": f"quote:{item.ref}", "event": f"event:{item.ref}"}.get(item.kind, f"actor:{item.ref}")

        def done(text: str | None) -> None:
            if text:
                self.decide(curate.note, ref, text)

        self.app.push_screen(AskText(f"Note on {item.label}"), done)

    def action_undo(self) -> None:
        self.decide(curate.undo)

    def action_close(self) -> None:
        self.dismiss(self.changed)


def _keys(kind: str) -> str:
    """The keys that act on this kind of item, for the detail."""
    return {
        "actor": "a accept · x reject · m merge into… · n rename · k kind · t note · u undo",
        "event": "a accept · x reject · t note · u undo",
        "speaker": "a accept the speaker · x nobody said it · s someone else… · t note · u undo",
        "duplicate": "a merge the second into the first · m merge into… · n rename · t note · u undo",
    }[kind]
