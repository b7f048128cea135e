"""Rules of sign-in: e-mail addresses, lockout limits, session and reset-link lifetimes, return pages."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping

from cxmaturity.files.errors import KeyedValueError

#: Failed sign-ins of one account within the window before it is locked.
ACCOUNT_FAILURE_LIMIT = 5
#: Failed sign-ins from one client address within the window before it is locked
#: (higher: several people of one office share an address).
ADDRESS_FAILURE_LIMIT = 20
#: The window failures are counted in, and how long a lock lasts.
WINDOW_MINUTES = 15
LOCKOUT_MINUTES = 15
#: A local-account session ends this long after sign-in at the latest.
SESSION_HOURS = 12
#: A password-reset link works once, for this long.
RESET_LINK_HOURS = 24

_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EMAIL_LIMIT = 320


class EmailError(KeyedValueError):
    """Not an e-mail address."""


def normalise_email(email: str) -> str:
    """One spelling per address: trimmed, NFC, lower-cased ("  Ann@X.com " and "ann@x.com" are one account)."""
    text = unicodedata.normalize("NFC", (email or "").strip()).lower()
    if len(text) > _EMAIL_LIMIT or not _EMAIL_SHAPE.fullmatch(text):
        raise EmailError(f"{email!r} is not an e-mail address", "auth.error.email")
    return text


def new_secret() -> str:
    """A fresh session secret or reset token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """What the database keeps of a session secret or reset token (SHA-256 hex): a stolen copy opens nothing."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def safe_return_page(requested: str | None, pages: Iterable[str]) -> str | None:
    """The page to return to after sign-in: one of ``pages`` by name, or None (never a URL elsewhere).

    Only a bare page name known to the app passes (``results``), so ``//evil.example``,
    ``https://evil.example`` or ``/\\evil`` can never become a redirect.
    """
    if not requested:
        return None
    return requested if requested in set(pages) else None


#: Environment variable choosing the mode: unset or "personal" (no sign-in), or "team".
MODE_ENV = "CXM_MODE"
MODES = ("personal", "team")
#: Environment variable with the app's public address, used in reset links printed by the command line.
BASE_URL_ENV = "CXM_BASE_URL"
#: The query parameter of a password-reset link (removed from the address as soon as it is read).
RESET_PARAM = "reset"


def current_mode(env: Mapping[str, str]) -> str:
    """ "personal" (the default) or "team", from ``CXM_MODE``; any other value is refused by name."""
    value = (env.get(MODE_ENV) or "personal").strip().lower()
    if value not in MODES:
        raise ValueError(f"{MODE_ENV}={value!r} is not a mode: use 'team', or leave it unset for personal mode")
    return value


def reset_link(base_url: str, token: str) -> str:
    """The one-time link an admin hands to a user to set their password."""
    return f"{base_url.rstrip('/')}/?{RESET_PARAM}={token}"
