"""Located errors: every problem in a user's file names the file, line and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field


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
    #: The message's text in the UI catalogue and its values, when it has one (see :class:`KeyedError`).
    key: str | None = dataclass_field(default=None, compare=False)
    values: Mapping[str, object] = dataclass_field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, file: str, line: int | None, where: str, error: Exception) -> LocatedError:
        """A located error for ``error``, keeping its catalogue key when it has one."""
        return cls(file, line, where, str(error), getattr(error, "key", None), dict(getattr(error, "values", {})))

    def __str__(self) -> str:
        location = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{location}: {self.field}: {self.message}" if self.field else f"{location}: {self.message}"


class InputError(Exception):
    """Raised when an input file has problems; ``errors`` lists all of them, located."""

    def __init__(self, errors: Sequence[LocatedError]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class KeyedError(Exception):
    """An error a person may read, in any language: ``key`` names its text in the UI catalogue.

    ``str(error)`` stays the English message (logs, the command line, tests); the UI shows
    the catalogue text for ``key`` filled with ``values`` in the reader's language instead,
    so a Russian or Ukrainian page never shows an English technical message.
    """

    def __init__(self, message: str, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


class KeyedValueError(KeyedError, ValueError):
    """A value the core refuses (too long, empty, off the scale...), with its catalogue key."""
