"""The export dialog: where to write, a live preview, and no silent overwrite."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Markdown, Static

from dossier.errors import DossierError


class ExportDialog(ModalScreen[Path | None]):
    """Ask for a path, preview the Markdown, write it; dismisses with the path written."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, markdown: str, default_path: str, write) -> None:
        super().__init__()
        self.markdown = markdown
        self.default_path = default_path
        self.write = write  # write(path, text, force) -> Path; raises DossierError
        self.confirming: Path | None = None  # an existing file the user was asked about

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text("Export to Markdown", style="bold"))
            yield Input(self.default_path, id="export-path")
            yield Static(Text(""), id="export-status")
            with VerticalScroll(id="export-preview"):
                yield Markdown(self.markdown)
            with Horizontal(id="export-buttons"):
                yield Button("Write", variant="primary", id="export-write")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#export-status", Static).update(Text(text, style=style))

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self.confirming = None
        self.query_one("#export-write", Button).label = "Write"
        self._status("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def action_write(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name.", "bold red")
            return
        path = Path(raw).expanduser()
        force = self.confirming == path
        if path.exists() and not path.is_dir() and not force:
            self.confirming = path
            self.query_one("#export-write", Button).label = "Overwrite"
            self._status(f"{path} exists. Press Overwrite (or enter) again to replace it.", "bold yellow")
            return
        try:
            written = self.write(path, self.markdown, force)
        except DossierError as exc:
            self.confirming = None
            self._status(str(exc), "bold red")
            return
        self.dismiss(written)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
