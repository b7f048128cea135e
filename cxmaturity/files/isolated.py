"""Running a parser in a child process, with a memory cap and a time budget.

openpyxl parses XLSX in pure Python: in the server's own process it would hold the
interpreter's lock for seconds and slow every other user's page (measured 2.3x). In a child
process it runs on the other core, and whatever happens there (a crash in C code, memory
running out, a parse that never ends) costs only the child: the caller gets a located refusal.
Children are forked from a small "forkserver" process, set up by
:mod:`cxmaturity.files.reader_server`: it has one thread and the parsers already imported, so each
read starts in milliseconds and never copies the server's threads or locks.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from typing import Any, TypeVar

from cxmaturity.files.errors import InputError, LocatedError

#: Address space of a child reading one file (bytes); the worst allowed XLSX needs ~250 MB.
CHILD_MEMORY_BYTES = 1536 * 1024 * 1024
#: Seconds a child may take: the worst allowed XLSX takes 5 s on a quiet 2-core machine and up to
#: 42 s on a very busy one. The child runs on another core, so a long read slows nobody else.
CHILD_SECONDS = 120.0

_Result = TypeVar("_Result")
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["cxmaturity.files.reader_server"])


def _child(
    connection: multiprocessing.connection.Connection, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    try:
        connection.send(("ok", function(*args)))
    except InputError as error:
        connection.send(("refused", error.errors))
    except MemoryError:
        connection.send(("memory", None))
    except Exception as error:  # any failure of the parser: reported, located by the caller
        connection.send(("failed", type(error).__name__))
    finally:
        connection.close()


def run_isolated(function: Callable[..., _Result], args: tuple[Any, ...], name: str) -> _Result:
    """``function(*args)`` in a child process; its :class:`InputError` comes back as it is, and a
    crash, running out of memory or time become an :class:`InputError` naming the file ``name``."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(CHILD_SECONDS):
            raise _refusal(name, f"reading the file took longer than {CHILD_SECONDS:.0f} s; save a smaller file")
        try:
            status, payload = receiver.recv()
        except EOFError:  # the child died without a word (a crash in C code, killed)
            raise _refusal(name, "the file could not be read (the reader stopped); save it again or as CSV") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "refused":
        raise InputError(payload)
    if status == "memory":
        raise _refusal(name, "the file needs more memory than one upload may use; save a smaller file or a CSV")
    raise _refusal(name, f"cannot read the file ({payload})")


def _refusal(name: str, message: str) -> InputError:
    return InputError([LocatedError(name, None, "", message)])
