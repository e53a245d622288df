"""dossier: turn a pile of news articles into a browsable, searchable dossier."""

__version__ = "0.1.0"
