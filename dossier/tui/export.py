"""The export dialog: where to write, a preview, and no silent overwrite.

It opens at once; the Markdown is made in a worker. A long export's first lines arrive with
`begin` and are previewed while the rest is made; the whole arrives with `ready`, and only
then can it be written. A long export previews its beginning only, and the file gets all of
it. The preview is one widget drawing Rich's Markdown (markdown-it-py underneath, as
Textual's Markdown widget), not a widget per paragraph, which mounted more slowly."""

from __future__ import annotations

from pathlib import Path

from rich.markdown import Markdown
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from dossier.errors import DossierError
from dossier.export import BEGINNING_LINES

PREVIEW_LINES = BEGINNING_LINES  # lines of Markdown previewed, at most: what `begin` is given
PREVIEW_CHARS = 6000  # and characters: a table row can be long


def preview_of(markdown: str, lines: int = PREVIEW_LINES, chars: int = PREVIEW_CHARS) -> tuple[str, int]:
    """The beginning of the Markdown to preview (whole lines), and how many lines were left out."""
    all_lines = markdown.splitlines()
    kept, size = [], 0
    for line in all_lines[:lines]:
        if kept and size + len(line) > chars:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept), len(all_lines) - len(kept)


class ExportDialog(ModalScreen[Path | None]):
    """Ask for a path, preview the Markdown, write it; dismisses with the path written."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without writing")]

    def __init__(self, write, start=None) -> None:
        super().__init__()
        self.start = start  # starts making the Markdown, once the dialog is drawn
        self.markdown: str | None = None  # until the worker hands it over
        self.default_path = ""
        self.write = write  # write(path, text, force) -> Path; raises DossierError
        self.confirming: Path | None = None  # an existing file the user was asked about
        self.previewed = ""  # the Markdown the preview draws: the beginning of the export

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text("Export to Markdown", style="bold"))
            yield Input("", placeholder="file name", id="export-path")
            yield Static(Text("Preparing the Markdown…", style="dim"), id="export-status")
            yield VerticalScroll(id="export-preview")
            with Horizontal(id="export-buttons"):
                yield Button("Write", variant="primary", id="export-write", disabled=True)
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()
        if self.start is not None:
            self.start()

    def begin(self, beginning: str) -> None:
        """The export's first lines, the rest still being made: preview them."""
        if self.is_mounted and self.markdown is None:
            self._preview(beginning)
            self._status("Preparing the rest of the Markdown…", "dim")

    def ready(self, markdown: str, default_path: str) -> None:
        """The Markdown has been made: preview it, offer its file name unless one was typed."""
        self.markdown = markdown
        self.default_path = default_path
        if self.is_mounted:
            self._show_markdown(default_path)

    def _preview(self, markdown: str) -> int:
        """Preview the beginning of markdown (once); the lines it leaves out."""
        shown, left_out = preview_of(markdown)
        if not self.query("#export-preview-text"):
            self.previewed = shown
            preview = Static(Markdown(shown, hyperlinks=False), id="export-preview-text")
            self.query_one("#export-preview", VerticalScroll).mount(preview)
        return left_out

    def _show_markdown(self, default_path: str) -> None:
        markdown = self.markdown or ""
        path = self.query_one("#export-path", Input)
        if not path.value:
            with path.prevent(Input.Changed):
                path.value = default_path
        left_out = self._preview(markdown)
        lines = len(markdown.splitlines())
        self._status(f"The preview shows the first {lines - left_out} of {lines:,} lines; the file gets all of them."
                     if left_out else "")
        self.query_one("#export-write", Button).disabled = False

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#export-status", Static).update(Text(text, style=style))

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self.confirming = None
        self.query_one("#export-write", Button).label = "Write"
        if self.markdown is not None:
            self._status("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def action_write(self) -> None:
        if self.markdown is None:
            return  # still being made: Write is disabled until then
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
