"""`python -m dossier` runs the CLI (a bare one opens the browser at once: dossier.launch)."""

from dossier.launch import main

main()
