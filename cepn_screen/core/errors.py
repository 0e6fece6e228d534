"""Errors a user causes: reported as one line naming file, row and column; exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or options, not a bug."""

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


class InputError(UserError):
    """The inventory or another input file cannot be read as a whole."""
