"""The set-up of the "forkserver" process from which every isolated file reader is forked.

Imported only there, as the first module of the forkserver's preload list (see
:mod:`cxmaturity.files.isolated`). Three things make each forked reader fast and safe:

- **One thread.** Forking a process that has other threads can leave a child waiting for a lock
  that a thread which no longer exists held at the moment of the fork. Importing pandas starts
  two such threads: OpenBLAS's worker pool and the background thread of pyarrow's jemalloc. A
  CI run saw a reader child never answer for 120 s. Both libraries read their settings from the
  environment when they load, so they are set here, before anything imports them.
- **Parsers already imported.** openpyxl takes about 0.6 s to import; a child that had to import
  it would spend that on every XLSX upload.
- **No copy of the server's main script.** multiprocessing runs the parent's ``__main__`` again
  in each child so that functions defined there can be unpickled. For the app that script is
  ``streamlit``'s launcher, which imports all of Streamlit (about a second, per upload). Our
  readers are plain functions of this package, so the children skip it.
"""

from __future__ import annotations

import os

# Before numpy and pyarrow load (they read these once, at load time); setdefault lets an operator
# who knows better still choose.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")

import multiprocessing.spawn  # after the environment above, on purpose

import openpyxl  # noqa: F401  (preloaded for the children)

import cxmaturity.files.tables  # noqa: F401  (preloaded for the children)


def _keep_the_forkserver_main(*_arguments: object) -> None:
    """Stands in for multiprocessing's re-run of the parent's main script in a child."""


# multiprocessing's private hooks (present in Python 3.8 to 3.14); if a later version renames
# them, the children only lose the shortcut, never correctness.
for _hook in ("_fixup_main_from_path", "_fixup_main_from_name"):
    if hasattr(multiprocessing.spawn, _hook):
        setattr(multiprocessing.spawn, _hook, _keep_the_forkserver_main)
