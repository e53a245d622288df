"""The app: wires the main screen, the command palette and the styles together."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from dossier.tui import config
from dossier.tui.main import MainScreen
from dossier.tui.palette import DossierCommands
from dossier.tui.upstream import release_styles_caches


class DossierApp(App[None]):
    """Browse a dossier: actors, events and sources, linked, searchable."""

    CSS_PATH = "dossier.tcss"
    TITLE = "dossier"
    COMMANDS = App.COMMANDS | {DossierCommands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette",
                tooltip="Command palette: any action by name, any actor, event or source, each comparison, the theme"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit", tooltip="Quit, from any screen"),
    ]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        release_styles_caches()
        self.db_path = Path(db_path)
        self.settings = config.load()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.set_keymap(self.settings.keys)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(MainScreen(self.db_path))
        if self.settings.problem:
            self.notify(self.settings.problem, title="Settings", severity="warning", markup=False)
        self._tty = _terminal_name()
        if self._tty is not None:
            self.set_interval(1.0, self._check_terminal)

    def _check_terminal(self) -> None:
        # When the terminal goes away (a closed window, a killed tmux) the input thread can
        # spin on a dead descriptor; leave instead of burning a core.
        if _terminal_name() != self._tty:
            self.exit(return_code=129)

    def _remember_theme(self, theme) -> None:
        if theme.name == self.settings.theme:
            return
        self.settings.theme = theme.name
        try:
            config.save(self.settings)
        except OSError as exc:
            self.notify(f"The theme is not kept for next time: {exc}", severity="warning", markup=False)


def _terminal_name() -> str | None:
    """The path of the controlling terminal, or None when it is gone or there is none."""
    for stream in (sys.__stdin__, sys.__stdout__):
        try:
            if stream is not None and os.isatty(stream.fileno()):
                name = os.ttyname(stream.fileno())
                return name if os.path.exists(name) else None
        except (OSError, ValueError):
            return None
    return None


def make_app(db_path: str | Path) -> DossierApp:
    """The one app factory: used by the CLI, the Pilot tests and the snapshot tests."""
    return DossierApp(Path(db_path))
