"""The one exception type the library raises for bad input, and how it reads."""
from __future__ import annotations

__all__ = ["StanceError"]


class StanceError(Exception):
    """A data or runtime error a user can act on: bad input, a bad model file, ….

    ``str(error)`` is one line: ``path:line: message`` (the parts that are known).
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return (where + self.message).replace("\n", " ")
