"""The one error boundary of the app: a failure shows a plain message, never a traceback.

Whatever a page raises (a bug, a database that went away) is caught here, written to the
server log with its traceback under a short reference, and shown to the user as a message in
their language with the same reference, so that an administrator can find the details.
Streamlit's own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``) derives from
``BaseException`` and passes through untouched.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from cxmaturity.auth import AccessDenied
from cxmaturity.storage import StorageUnavailableError
from cxmaturity.ui.context import t

LOG = logging.getLogger("cxmaturity.ui")
_Function = TypeVar("_Function", bound=Callable[..., Any])


def new_reference() -> str:
    """A short reference for one failure, easy to read out: ``E-`` and six hex digits."""
    return "E-" + secrets.token_hex(3).upper()


def report_failure(error: BaseException) -> str:
    """Log ``error`` with its traceback under a new reference, show the plain message; returns the reference."""
    reference = new_reference()
    LOG.error("unexpected error [%s] %s", reference, type(error).__name__, exc_info=error)
    st.error(t("errors.unexpected", reference=reference), icon=":material/error:")
    return reference


def show_failure(error: Exception) -> None:
    """A refusal of the store (already audited) is said plainly; anything else is :func:`report_failure`'s."""
    if isinstance(error, AccessDenied):
        # Team mode: this user may not touch what the page asked for; show nothing of it.
        st.error(t("auth.refused"))
    elif isinstance(error, StorageUnavailableError):
        # Not a bug: the database is away for a moment (restart, full disk, read-only folder).
        reference = new_reference()
        LOG.warning("database unavailable [%s] %s", reference, error.__cause__ or error)
        st.warning(t("deploy.page_unavailable", reference=reference), icon=":material/cloud_off:")
    else:
        report_failure(error)


def run_guarded(page: Callable[[], object]) -> None:
    """Run ``page``; any exception becomes :func:`report_failure`'s message instead of a traceback."""
    try:
        page()
    except Exception as error:  # the boundary: every failure of a page ends here
        show_failure(error)


def guarded_fragment(function: _Function, *, key: str | None = None) -> _Function:
    """``st.fragment`` with the same boundary inside: a fragment reruns on its own, without the page.

    ``key`` names the fragment, so that a widget's callback may rerun it (``st.rerun(scope=key)``).
    """

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except Exception as error:  # the boundary of a fragment's own reruns
            show_failure(error)

    return st.fragment(run, key=key)  # type: ignore[return-value]


def named_guarded_fragment(key: str) -> Callable[[_Function], _Function]:
    """:func:`guarded_fragment` as a decorator with a ``key``."""
    return functools.partial(guarded_fragment, key=key)
