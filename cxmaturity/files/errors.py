"""Located errors: every problem in a user's file names the file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LocatedError:
    """One problem in an input file, printed as ``FILE:LINE: field: message``.

    ``line`` is 1-based (None when the problem concerns the whole file);
    ``field`` is a dotted path such as ``questions.3.weight`` or a column name.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        location = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{location}: {self.field}: {self.message}" if self.field else f"{location}: {self.message}"


class InputError(Exception):
    """Raised when an input file has problems; ``errors`` lists all of them, located."""

    def __init__(self, errors: Sequence[LocatedError]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
