"""Performance figures for dossier, compared with the targets in DESIGN.md. Run: python -m bench."""
