"""The app: wires the main screen, the command palette and the styles together."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from dossier.tui.main import MainScreen
from dossier.tui.palette import DossierCommands


class DossierApp(App[None]):
    """Browse a dossier: actors, events and sources, linked, searchable."""

    CSS_PATH = "dossier.tcss"
    TITLE = "dossier"
    COMMANDS = App.COMMANDS | {DossierCommands}

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.db_path))


def make_app(db_path: str | Path) -> DossierApp:
    """The one app factory: used by the CLI, the Pilot tests and the snapshot tests."""
    return DossierApp(Path(db_path))
