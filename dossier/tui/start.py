"""Opening the browser: checks that fail with a clear message before Textual loads, then the
app. The CLI's `browse` and the console script's fast path (dossier.launch) both call it."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from dossier import store
from dossier.errors import DossierError


def require_terminal() -> None:
    """Refuse to draw the UI into a pipe or a file (it would write escapes and wait forever).
    textual-serve runs browse without a terminal, through Textual's web driver: that is fine."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and "TEXTUAL_DRIVER" not in os.environ:
        raise DossierError(
            "dossier browse needs a terminal, and its input or output is not one. In a script or a "
            "pipe, use `dossier search`, `dossier export` or `dossier dump`."
        )


def browse(path: Path) -> None:
    """Open the browser on a dossier, or raise DossierError (no such dossier, no terminal)."""
    store.check_db(path)  # fail here, with a clear message, before the UI starts
    require_terminal()
    # No cyclic collection until the first rows are drawn (the main screen turns it back on):
    # loading Textual and drawing the first frame make objects that all live on, and the
    # collections they set off walked them to no purpose, some 40 ms of a 0.3 s launch.
    gc.disable()
    try:
        from dossier.tui.app import make_app  # Textual loads only to browse

        make_app(path).run()
    finally:
        gc.enable()
