"""Errors a user must fix. Each message names the input and the reason; the CLI prints it as one line."""


class StorylensError(Exception):
    """Base class: something the user can fix (a bad flag, an unreadable database)."""


class InputError(StorylensError):
    """An input file or record that cannot be used at all."""


class ConfigError(StorylensError):
    """A setting that makes no sense."""


class StoreError(StorylensError):
    """The database cannot be opened or is not a storylens database."""
