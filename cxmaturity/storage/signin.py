"""Local sign-in with lockout, sessions, password changes and identity-provider matching (team mode).

Failures, locks and sessions live in the database, so a lockout or an ended session holds
across restarts and across several servers. The limits are in :mod:`cxmaturity.auth.policy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from cxmaturity.auth import (
    ACCOUNT_FAILURE_LIMIT,
    ADDRESS_FAILURE_LIMIT,
    LOCKOUT_MINUTES,
    SESSION_HOURS,
    WINDOW_MINUTES,
    Actor,
    EmailError,
    Role,
    hash_password,
    hash_secret,
    new_secret,
    normalise_email,
    verify_against_nothing,
    verify_password,
)
from cxmaturity.storage._base import StoreBase
from cxmaturity.storage.guard import write_audit
from cxmaturity.storage.tables import SignInFailure, SignInLock, UserAccount, UserSession, utc_now


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt gave: ``secret`` and ``actor`` on success, else ``refusal`` ("invalid" or "locked")."""

    secret: str | None = None
    actor: Actor | None = None
    refusal: str | None = None


def end_sessions(connection: Connection, user_id: int) -> int:
    """End every open session of a user (sign-in needed again); returns how many were open."""
    result = connection.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utc_now())
    )
    return int(result.rowcount or 0)


class SignInStore(StoreBase):
    """Sign-in, sessions and password changes."""

    def sign_in(self, email: str, password: str, address: str | None = None) -> SignInResult:
        """Check a local account's e-mail and password; on success start a session.

        An unknown e-mail, a wrong password, a disabled account and an account without a
        password give the same refusal ("invalid") after the same work (one argon2id check).
        Five failures of one e-mail (known or not) or twenty from one address within 15
        minutes lock it for 15 minutes ("locked"); while locked nothing is checked or counted.
        """
        try:
            account = normalise_email(email)
        except EmailError:
            account = (email or "").strip().lower()[:320]
        subjects = {f"account:{account}": ACCOUNT_FAILURE_LIMIT}
        if address:
            subjects[f"address:{address[:100]}"] = ADDRESS_FAILURE_LIMIT
        actor = Actor("user", email=account or "?", address=address)
        now = utc_now()
        with self._engine.connect() as connection:
            locked = connection.scalar(
                select(func.count())
                .select_from(SignInLock)
                .where(SignInLock.subject.in_(subjects), SignInLock.until > now)
            )
            user = connection.execute(
                select(UserAccount.id, UserAccount.role, UserAccount.password_hash, UserAccount.disabled).where(
                    UserAccount.email == account
                )
            ).first()
        if locked:
            return SignInResult(refusal="locked")
        if user is not None and user.password_hash and not user.disabled:
            accepted = verify_password(user.password_hash, password)
        else:
            verify_against_nothing(password or "")
            accepted = False
        with self._engine.begin() as connection:
            if not accepted:
                write_audit(connection, actor, "sign_in", account, "refused")
                locked_now = self._count_failure(connection, actor, subjects, now)
                return SignInResult(refusal="locked" if locked_now else "invalid")
            assert user is not None
            connection.execute(delete(SignInFailure).where(SignInFailure.subject == f"account:{account}"))
            secret = new_secret()
            connection.execute(
                insert(UserSession).values(
                    secret_hash=hash_secret(secret),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + timedelta(hours=SESSION_HOURS),
                )
            )
            signed_in = Actor.user(user.id, account, user.role, address)
            write_audit(connection, signed_in, "sign_in", account)
        return SignInResult(secret=secret, actor=signed_in)

    @staticmethod
    def _count_failure(connection: Connection, actor: Actor, subjects: dict[str, int], now: datetime) -> bool:
        """Record one failure per subject; lock those that reached their limit. True when one got locked."""
        window_start = now - timedelta(minutes=WINDOW_MINUTES)
        locked = False
        for subject, limit in subjects.items():
            connection.execute(
                delete(SignInFailure).where(SignInFailure.subject == subject, SignInFailure.at < window_start)
            )
            connection.execute(insert(SignInFailure).values(subject=subject, at=now))
            count = connection.scalar(
                select(func.count()).select_from(SignInFailure).where(SignInFailure.subject == subject)
            )
            if (count or 0) >= limit:
                connection.execute(delete(SignInLock).where(SignInLock.subject == subject))
                connection.execute(
                    insert(SignInLock).values(subject=subject, until=now + timedelta(minutes=LOCKOUT_MINUTES))
                )
                connection.execute(delete(SignInFailure).where(SignInFailure.subject == subject))
                write_audit(connection, actor, "sign_in.locked", subject, "refused")
                locked = True
        return locked

    def resume_session(self, secret: str | None, address: str | None = None) -> Actor | None:
        """The user of a live session, or None (with an audit line) for a forged, expired or ended one."""
        if not secret:
            return None
        now = utc_now()
        with self._engine.begin() as connection:
            row = connection.execute(
                select(
                    UserSession.expires_at,
                    UserSession.ended_at,
                    UserAccount.id,
                    UserAccount.email,
                    UserAccount.role,
                    UserAccount.disabled,
                )
                .join(UserAccount, UserAccount.id == UserSession.user_id)
                .where(UserSession.secret_hash == hash_secret(secret[:200]))
            ).first()
            unknown = Actor("user", email="?", address=address)
            if row is None:
                write_audit(connection, unknown, "session.refused", "unknown session", "refused")
                return None
            actor = Actor.user(row.id, row.email, row.role, address)
            reason = (
                "ended session"
                if row.ended_at is not None
                else "expired session"
                if row.expires_at <= now
                else "disabled account"
                if row.disabled
                else None
            )
            if reason is not None:
                write_audit(connection, actor, "session.refused", reason, "refused")
                return None
        return actor

    def sign_out(self, secret: str | None) -> None:
        """End a session (its secret opens nothing afterwards)."""
        if not secret:
            return
        with self._engine.begin() as connection:
            connection.execute(
                update(UserSession)
                .where(UserSession.secret_hash == hash_secret(secret[:200]), UserSession.ended_at.is_(None))
                .values(ended_at=utc_now())
            )
            write_audit(connection, self.actor, "sign_out", self.actor.email)

    def change_password(self, current: str, new: str) -> bool:
        """The signed-in user changes their own password; every session of theirs ends. False: wrong current one."""
        if self.actor.kind != "user" or self.actor.user_id is None:
            self.refuse("change_password")
        new_hash = hash_password(new)
        with self._engine.begin() as connection:
            stored = connection.scalar(select(UserAccount.password_hash).where(UserAccount.id == self.actor.user_id))
            if not stored or not verify_password(stored, current):
                write_audit(connection, self.actor, "user.password", self.actor.email, "refused")
                return False
            connection.execute(
                update(UserAccount).where(UserAccount.id == self.actor.user_id).values(password_hash=new_hash)
            )
            end_sessions(connection, self.actor.user_id)
            write_audit(connection, self.actor, "user.password", self.actor.email)
        return True

    def actor_for_identity(
        self, email: str | None, verified: bool, *, role: Role | str | None = None, address: str | None = None
    ) -> Actor | None:
        """The user an identity provider signed in, matched by verified e-mail; None (audited) otherwise.

        ``role`` (from the deployment's group-claim mapping) replaces the stored role when it differs.
        """
        try:
            account = normalise_email(email or "")
        except EmailError:
            account = None
        stranger = Actor("user", email=account or "?", address=address)
        with self._engine.begin() as connection:
            row = connection.execute(
                select(UserAccount.id, UserAccount.role, UserAccount.disabled).where(UserAccount.email == account)
            ).first()
            if not verified or account is None or row is None or row.disabled:
                write_audit(connection, stranger, "sign_in.oidc", account, "refused")
                return None
            current = row.role
            if role is not None and Role(role).value != current:
                connection.execute(update(UserAccount).where(UserAccount.id == row.id).values(role=Role(role).value))
                write_audit(
                    connection, stranger, "user.role", f"{account} ({Role(role).value}, from the identity provider)"
                )
                current = Role(role).value
        return Actor.user(row.id, account, current, address)
