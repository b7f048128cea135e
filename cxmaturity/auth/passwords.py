"""Password hashing with argon2id (argon2-cffi) and the password policy.

Any length and any script: argon2 takes the whole UTF-8 text (no 72-byte cut as in bcrypt).
"""

from __future__ import annotations

import contextlib
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cxmaturity.files.errors import KeyedValueError

#: Fewer characters than this are refused.
MIN_PASSWORD_LENGTH = 12
#: More than this is refused too: hashing megabytes on every sign-in would be a denial of service.
MAX_PASSWORD_LENGTH = 1024


class PasswordError(KeyedValueError):
    """A new password does not meet the policy."""


@functools.cache
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults are RFC 9106's low-memory profile (argon2id, t=3, m=64 MiB, p=4).
    return PasswordHasher()


def check_password_policy(password: str) -> str:
    """``password`` unchanged when it has 12..1024 characters (counted as characters, any script)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
            "auth.password.too_short",
            count=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(
            f"the password must have at most {MAX_PASSWORD_LENGTH} characters",
            "auth.password.too_long",
            count=MAX_PASSWORD_LENGTH,
        )
    return password


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string with its own salt and parameters) of a password that meets the policy."""
    return _hasher().hash(check_password_policy(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for a mismatch or a damaged hash."""
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        verify_against_nothing(password if isinstance(password, str) else "")
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _decoy_hash() -> str:
    return _hasher().hash("decoy password that matches nothing")


def verify_against_nothing(password: str) -> None:
    """Spend the same time as a real check (for an unknown or disabled account): the answer never tells."""
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        _hasher().verify(_decoy_hash(), password[:MAX_PASSWORD_LENGTH])
