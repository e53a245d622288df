"""`dossier serve`: the same browser in a web page, through textual-serve (the `web` extra).

Each visitor gets their own `dossier browse` process, driven over a websocket. The page is
dossier's own template (web/app_index.html): it loads its script, stylesheet and font from
this server only, never from a font or script host elsewhere.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from dossier.errors import DossierError

TEMPLATES = Path(__file__).parent / "web"


def browse_command(db_path: Path) -> str:
    """The shell command textual-serve runs for each visitor: this Python, this dossier."""
    return shlex.join([sys.executable, "-m", "dossier", "browse", "--db", str(Path(db_path).resolve())])


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the browser on http://host:port until interrupted."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise DossierError(
            "dossier serve needs textual-serve: install the web extra, "
            "`pip install 'dossier-tui[web]'` (or `pipx inject dossier-tui textual-serve`)."
        ) from None
    Server(browse_command(db_path), host=host, port=port, title="dossier", templates_path=TEMPLATES).serve()
