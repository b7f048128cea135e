"""Who is acting and what they may do: roles, access levels, passwords, lockout and session rules.

Pure rules with no database: ``cxmaturity.storage`` applies them in every query that
reads or changes a client's data and keeps users, sessions, sign-in attempts and the
audit log in its tables.
"""

from cxmaturity.auth.access import (
    PERSONAL,
    Access,
    AccessDenied,
    Actor,
    Grant,
    Role,
    client_access,
    may_change_branding,
    may_create_clients,
    may_manage_users,
)
from cxmaturity.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    PasswordError,
    check_password_policy,
    hash_password,
    verify_against_nothing,
    verify_password,
)
from cxmaturity.auth.policy import (
    ACCOUNT_FAILURE_LIMIT,
    ADDRESS_FAILURE_LIMIT,
    BASE_URL_ENV,
    LOCKOUT_MINUTES,
    MODE_ENV,
    RESET_LINK_HOURS,
    RESET_PARAM,
    SESSION_HOURS,
    WINDOW_MINUTES,
    EmailError,
    current_mode,
    hash_secret,
    new_secret,
    normalise_email,
    reset_link,
    safe_return_page,
)

__all__ = [
    "ACCOUNT_FAILURE_LIMIT",
    "ADDRESS_FAILURE_LIMIT",
    "BASE_URL_ENV",
    "LOCKOUT_MINUTES",
    "MIN_PASSWORD_LENGTH",
    "MODE_ENV",
    "PERSONAL",
    "RESET_LINK_HOURS",
    "RESET_PARAM",
    "SESSION_HOURS",
    "WINDOW_MINUTES",
    "Access",
    "AccessDenied",
    "Actor",
    "EmailError",
    "Grant",
    "PasswordError",
    "Role",
    "check_password_policy",
    "client_access",
    "current_mode",
    "hash_password",
    "hash_secret",
    "may_change_branding",
    "may_create_clients",
    "may_manage_users",
    "new_secret",
    "normalise_email",
    "reset_link",
    "safe_return_page",
    "verify_against_nothing",
    "verify_password",
]
