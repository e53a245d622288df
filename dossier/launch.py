"""The console script. A bare `dossier`, or `dossier --db FILE`, opens the browser at once:
without click and the whole command tree, which a first frame does not need. Anything else
goes to the click CLI (dossier.cli), which handles these two the same way."""

from __future__ import annotations

import sys
from pathlib import Path

from dossier import locate
from dossier.errors import DossierError


def browse_target(argv: list[str]) -> tuple[Path | None] | None:
    """(the --db path or None) when argv only asks to browse, else None: the CLI decides.

    A --db value that is not an existing file goes to the CLI too, for its own message."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--db":
        value = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--db="):
        value = argv[0].removeprefix("--db=")
    else:
        return None
    return (Path(value),) if value and Path(value).is_file() else None


def main() -> None:
    """Console-script entry point."""
    target = browse_target(sys.argv[1:])
    if target is None:
        from dossier.cli import main as cli_main

        cli_main()
        return
    from dossier.tui.start import browse

    try:
        browse(locate.for_reading(target[0], None).path)
    except DossierError as exc:
        print(f"Error: {exc}", file=sys.stderr)  # as click prints the CLI's errors
        sys.exit(2)
