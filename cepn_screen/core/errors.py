"""Domain errors: what the library raises when an input, an option or a missing fact stops
it. The command line maps every CepnError to one line naming file, row and column, and
exit code 2; anything else is a bug and may show a traceback."""

from __future__ import annotations


class CepnError(Exception):
    """A problem with the user's input, options or environment, not a bug."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


# The name the command line and older code use for the base class.
UserError = CepnError


class InputError(CepnError):
    """The inventory or another input file cannot be read as a whole."""


class OptionError(CepnError):
    """An option value, or a combination of options, that cannot be acted on."""


class NotFound(CepnError):
    """A substance asked for by name, CAS or structure cannot be identified."""


class NoHansenData(CepnError):
    """No Hansen parameters are known or can be estimated for a substance."""


class MissingDependency(CepnError):
    """An optional library needed for what was asked is not installed."""


class ServiceError(CepnError):
    """An outside service (a Dask scheduler) cannot be reached."""


class OutputError(CepnError):
    """A report cannot be written."""
