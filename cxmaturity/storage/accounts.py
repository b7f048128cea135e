"""Team mode's users: accounts, local sign-in with lockout, sessions, reset links, client grants, the audit log.

The rules (roles, access levels, password policy, limits) are in :mod:`cxmaturity.auth`; this
module keeps their state in the database, so a lockout or an ended session holds across
restarts and across several servers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from cxmaturity.auth import (
    RESET_LINK_HOURS,
    Access,
    EmailError,
    Grant,
    Role,
    hash_password,
    hash_secret,
    may_manage_users,
    new_secret,
    normalise_email,
)
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import StoreBase
from cxmaturity.storage.guard import guarded, write_audit
from cxmaturity.storage.records import NotFoundError
from cxmaturity.storage.signin import end_sessions as end_user_sessions_in
from cxmaturity.storage.tables import (
    AuditEvent,
    ClientGrant,
    Organisation,
    PasswordReset,
    UserAccount,
    utc_now,
)


class KeyedLookupError(NotFoundError):
    """No such user: the English message for logs, ``key`` for the UI in the reader's language."""

    def __init__(self, message: str, key: str, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class UserRecord:
    """A team-mode user as the admin page and the command line show it (never the password hash)."""

    id: int
    email: str
    role: str
    disabled: bool
    has_password: bool
    created_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    """One line of the audit log."""

    at: datetime
    actor: str
    address: str | None
    action: str
    target: str | None
    outcome: str


@dataclass(frozen=True)
class GrantRecord:
    """Who may open a client, and how."""

    organisation_id: int
    email: str
    grant: str


def _user_record(row: UserAccount) -> UserRecord:
    return UserRecord(row.id, row.email, row.role, row.disabled, row.password_hash is not None, row.created_at)


class AccountStore(StoreBase):
    """Users, sign-in, sessions, grants and the audit log."""

    # Users (admins and the command line) ----------------------------------------------

    def _manage(self, action: str) -> None:
        if not may_manage_users(self.actor):
            self.refuse(action)

    def create_user(
        self, email: str, role: Role | str, *, password: str | None = None, client_id: int | None = None
    ) -> UserRecord:
        """Add a user (e-mail trimmed and lower-cased: one account per address); admins only.

        ``password`` (12+ characters) makes a local account; without it the user signs in through
        the identity provider or a reset link. ``client_id`` ties a client viewer to their
        organisation. The first admin becomes the owner of every client without an owner.
        """
        self._manage("create_user")
        role = Role(role)
        try:
            address = normalise_email(email)
        except EmailError:
            self.audit("user.add", None, "refused")
            raise
        password_hash = hash_password(password) if password is not None else None
        with self._engine.begin() as connection:
            if (
                client_id is not None
                and connection.scalar(select(Organisation.id).where(Organisation.id == client_id)) is None
            ):
                raise NotFoundError(f"client {client_id} does not exist")
            taken = connection.scalar(select(UserAccount.id).where(UserAccount.email == address)) is not None
        if taken:  # audited outside the transaction: raising inside it would roll the line back
            self.audit("user.add", address, "refused")
            raise KeyedValueError(
                f"a user with the e-mail {address} already exists", "auth.error.exists", email=address
            )
        with self._engine.begin() as connection:
            first_admin = role is Role.ADMIN and not connection.scalar(
                select(func.count()).select_from(UserAccount).where(UserAccount.role == Role.ADMIN.value)
            )
            try:
                user_id = connection.execute(
                    insert(UserAccount).values(
                        email=address,
                        role=role.value,
                        password_hash=password_hash,
                        disabled=False,
                        created_at=utc_now(),
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            except IntegrityError as error:  # created by someone else a moment ago
                raise KeyedValueError(
                    f"a user with the e-mail {address} already exists", "auth.error.exists", email=address
                ) from error
            write_audit(connection, self.actor, "user.add", f"{address} ({role.value})")
            if client_id is not None:
                grant = Grant.OWNER if role is Role.ADMIN else Grant.VIEWER if role is Role.VIEWER else Grant.EDITOR
                connection.execute(
                    insert(ClientGrant).values(organisation_id=client_id, user_id=user_id, grant=grant.value)
                )
                write_audit(connection, self.actor, "client.share", f"client {client_id} -> {address} ({grant.value})")
            if first_admin:
                self._adopt_unowned_clients(connection, user_id, address)
        found = self._user_by_email(address)
        assert found is not None
        return found

    def _adopt_unowned_clients(self, connection: Connection, user_id: int, email: str) -> None:
        owned = select(ClientGrant.organisation_id).where(ClientGrant.grant == Grant.OWNER.value)
        for organisation_id in connection.scalars(select(Organisation.id).where(Organisation.id.not_in(owned))):
            connection.execute(
                insert(ClientGrant).values(organisation_id=organisation_id, user_id=user_id, grant="owner")
            )
            write_audit(connection, self.actor, "client.owner", f"client {organisation_id} -> {email}")

    def _user_by_email(self, email: str) -> UserRecord | None:
        with self._sessions() as session:
            row = session.scalar(select(UserAccount).where(UserAccount.email == email))
            return _user_record(row) if row is not None else None

    def find_user(self, email: str) -> UserRecord | None:
        """The user with this e-mail (any spelling of it), or None; admins only."""
        self._manage("find_user")
        try:
            return self._user_by_email(normalise_email(email))
        except EmailError:
            return None

    def list_users(self) -> list[UserRecord]:
        """Every user by e-mail; admins only."""
        self._manage("list_users")
        with self._sessions() as session:
            return [_user_record(row) for row in session.scalars(select(UserAccount).order_by(UserAccount.email))]

    def _change_user(self, email: str, action: str, values: dict[str, Any], *, end_sessions: bool) -> UserRecord:
        self._manage(action)
        try:
            address = normalise_email(email)
        except EmailError:
            address = email
        with self._engine.connect() as connection:
            user_id = connection.scalar(select(UserAccount.id).where(UserAccount.email == address))
        if user_id is None:
            self.audit(action, address[:320], "refused")
            raise KeyedLookupError(f"no user with the e-mail {address}", "auth.error.no_user", email=address)
        with self._engine.begin() as connection:
            if values:
                connection.execute(update(UserAccount).where(UserAccount.id == user_id).values(**values))
            if end_sessions:
                end_user_sessions_in(connection, user_id)
            detail = f" ({values['role']})" if "role" in values else ""
            write_audit(connection, self.actor, action, f"{address}{detail}")
        found = self._user_by_email(address)
        assert found is not None
        return found

    def set_role(self, email: str, role: Role | str) -> UserRecord:
        """Change a user's role (audited); admins only."""
        return self._change_user(email, "user.role", {"role": Role(role).value}, end_sessions=False)

    def disable_user(self, email: str, disabled: bool = True) -> UserRecord:
        """Disable (or enable again) an account; disabling ends its sessions at once. Admins only."""
        action = "user.disable" if disabled else "user.enable"
        return self._change_user(email, action, {"disabled": disabled}, end_sessions=disabled)

    def end_user_sessions(self, email: str) -> UserRecord:
        """End every session of a user (they must sign in again). Admins only."""
        return self._change_user(email, "user.end_sessions", {}, end_sessions=True)

    def set_password(self, email: str, password: str) -> UserRecord:
        """Set a user's password (12+ characters) and end their sessions. Admins and the command line only."""
        return self._change_user(email, "user.password", {"password_hash": hash_password(password)}, end_sessions=True)

    def create_reset_link(self, email: str) -> str:
        """A one-time password-reset token for a user, valid for 24 hours; admins only.

        Only its hash is stored: the caller turns it into a link once and never logs it.
        """
        user = self._change_user(email, "user.reset", {}, end_sessions=False)
        token = new_secret()
        with self._engine.begin() as connection:
            connection.execute(
                insert(PasswordReset).values(
                    token_hash=hash_secret(token),
                    user_id=user.id,
                    expires_at=utc_now() + timedelta(hours=RESET_LINK_HOURS),
                )
            )
        return token

    def redeem_reset_link(self, token: str, password: str) -> bool:
        """Set a new password with a reset token: once, before it expires; ends the user's sessions.

        False (and an audit line) for an unknown, used or expired token. Raises ``PasswordError``
        (the token stays usable) when the new password does not meet the policy.
        """
        new_hash = hash_password(password)
        now = utc_now()
        with self._engine.begin() as connection:
            row = connection.execute(
                select(PasswordReset.id, PasswordReset.user_id, PasswordReset.expires_at, PasswordReset.used_at).where(
                    PasswordReset.token_hash == hash_secret(token or "")
                )
            ).first()
            if row is None or row.used_at is not None or row.expires_at <= now:
                write_audit(connection, self.actor, "user.reset_redeem", None, "refused")
                return False
            connection.execute(update(PasswordReset).where(PasswordReset.id == row.id).values(used_at=now))
            connection.execute(update(UserAccount).where(UserAccount.id == row.user_id).values(password_hash=new_hash))
            end_user_sessions_in(connection, row.user_id)
            email = connection.scalar(select(UserAccount.email).where(UserAccount.id == row.user_id))
            write_audit(connection, self.actor, "user.reset_redeem", email)
        return True

    # Sharing -------------------------------------------------------------------------

    @guarded(Access.OWN, "organisation")
    def share_client(self, organisation_id: int, email: str, grant: Grant | str) -> GrantRecord:
        """Share a client with a user as editor or viewer (or change how); the owner or an admin only."""
        grant = Grant(grant)
        if grant is Grant.OWNER:
            raise KeyedValueError("a client has one owner; share it as editor or viewer", "auth.error.one_owner")
        with self._engine.connect() as connection:
            user_id = connection.scalar(select(UserAccount.id).where(UserAccount.email == normalise_email(email)))
        if user_id is None:
            self.audit("client.share", f"client {organisation_id}", "refused")
            raise KeyedLookupError(
                f"no user with the e-mail {email.strip()}", "auth.error.no_user", email=email.strip()
            )
        with self._engine.begin() as connection:
            current = connection.scalar(
                select(ClientGrant.grant).where(
                    ClientGrant.organisation_id == organisation_id, ClientGrant.user_id == user_id
                )
            )
            if current == Grant.OWNER.value:
                raise KeyedValueError("this user owns the client already", "auth.error.owns_already")
            connection.execute(
                delete(ClientGrant).where(
                    ClientGrant.organisation_id == organisation_id, ClientGrant.user_id == user_id
                )
            )
            connection.execute(
                insert(ClientGrant).values(organisation_id=organisation_id, user_id=user_id, grant=grant.value)
            )
            write_audit(
                connection,
                self.actor,
                "client.share",
                f"client {organisation_id} -> {normalise_email(email)} ({grant.value})",
            )
        return GrantRecord(organisation_id, normalise_email(email), grant.value)

    @guarded(Access.OWN, "organisation")
    def unshare_client(self, organisation_id: int, email: str) -> bool:
        """Take a user's editor or viewer access to a client away (never the owner's); False when they had none."""
        with self._engine.begin() as connection:
            user_id = connection.scalar(select(UserAccount.id).where(UserAccount.email == normalise_email(email)))
            result = connection.execute(
                delete(ClientGrant).where(
                    ClientGrant.organisation_id == organisation_id,
                    ClientGrant.user_id == user_id,
                    ClientGrant.grant != Grant.OWNER.value,
                )
            )
            if result.rowcount:
                write_audit(
                    connection, self.actor, "client.unshare", f"client {organisation_id} -> {normalise_email(email)}"
                )
            return bool(result.rowcount)

    @guarded(Access.READ, "organisation")
    def list_grants(self, organisation_id: int) -> list[GrantRecord]:
        """Who may open a client: its owner and everyone it is shared with."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(UserAccount.email, ClientGrant.grant)
                .join(UserAccount, UserAccount.id == ClientGrant.user_id)
                .where(ClientGrant.organisation_id == organisation_id)
                .order_by(UserAccount.email)
            )
            return [GrantRecord(organisation_id, email, grant) for email, grant in rows]

    # Audit log ------------------------------------------------------------------------

    def list_audit(self, limit: int = 1000) -> list[AuditRecord]:
        """The newest lines of the audit log first; admins only."""
        self._manage("list_audit")
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(
                    AuditEvent.at,
                    AuditEvent.actor,
                    AuditEvent.address,
                    AuditEvent.action,
                    AuditEvent.target,
                    AuditEvent.outcome,
                )
                .order_by(AuditEvent.id.desc())
                .limit(limit)
            )
            return [AuditRecord(*row) for row in rows]
