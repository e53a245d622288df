"""The one exception class the project raises for problems a person can act on."""


class DossierError(Exception):
    """A problem with input, data or environment, with a message saying what to do."""
