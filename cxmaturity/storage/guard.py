"""Access control inside the store: every method that reads or changes a client's data is guarded.

A store is bound to an acting user (:meth:`StoreBase.acting_as`); a guarded method first works
out how far that actor reaches into the client its first argument belongs to (an assessment,
a respondent or an organisation id) and refuses, with a line in the audit log, when that is
less than the method needs. The rules themselves are in :mod:`cxmaturity.auth.access`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, insert, select

from cxmaturity.auth import Access, AccessDenied, Actor, client_access
from cxmaturity.storage.tables import Assessment, AuditEvent, ClientGrant, Respondent, utc_now

if TYPE_CHECKING:
    from cxmaturity.storage._base import StoreBase

__all__ = ["AccessDenied", "guarded", "reach", "write_audit"]

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="StoreBase")

#: What a guarded method's first argument names.
TARGETS = ("assessment", "respondent", "organisation")
_AUDIT_TEXT_LIMIT = 400


def guarded(
    level: Access, by: str = "assessment", *, respondent_may: bool = False
) -> Callable[[Callable[Concatenate[S, int, P], R]], Callable[Concatenate[S, int, P], R]]:
    """Mark a store method as reading or changing a client's data: the actor needs ``level`` on it.

    ``by`` says what the method's first argument is the id of. ``respondent_may`` lets a
    respondent call it on their own respondent id (answers and notes through their link).
    """
    if by not in TARGETS:
        raise ValueError(f"by must be one of {TARGETS}")

    def wrap(method: Callable[Concatenate[S, int, P], R]) -> Callable[Concatenate[S, int, P], R]:
        first = list(inspect.signature(method).parameters)[1]

        @functools.wraps(method)
        def checked(self: S, *args: Any, **kwargs: Any) -> R:
            target = args[0] if args else kwargs[first]
            self.require(level, by, target, method.__name__, respondent_may=respondent_may)
            return method(self, *args, **kwargs)

        checked.__access__ = (level, by, respondent_may)  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return wrap


def write_audit(
    connection: Connection, actor: Actor, action: str, target: str | None = None, outcome: str = "ok"
) -> None:
    """Add one line to the audit log inside the caller's transaction (never values, notes or secrets)."""
    connection.execute(
        insert(AuditEvent).values(
            at=utc_now(),
            actor=actor.who[:_AUDIT_TEXT_LIMIT],
            address=(actor.address or None) and actor.address[:100],
            action=action[:100],
            target=target[:_AUDIT_TEXT_LIMIT] if target else None,
            outcome=outcome,
        )
    )


def organisation_of(connection: Connection, by: str, target: int) -> int | None:
    """The organisation (client) an assessment, respondent or organisation id belongs to (None: no such thing)."""
    if by == "organisation":
        return target
    if by == "assessment":
        return connection.scalar(select(Assessment.organisation_id).where(Assessment.id == target))
    return connection.scalar(
        select(Assessment.organisation_id)
        .join(Respondent, Respondent.assessment_id == Assessment.id)
        .where(Respondent.id == target)
    )


def reach(connection: Connection, actor: Actor, by: str, target: int, *, respondent_may: bool = False) -> Access:
    """How far ``actor`` reaches into the client that ``target`` (of kind ``by``) belongs to."""
    if actor.sees_everything:
        return Access.OWN
    if actor.kind == "respondent":
        return _respondent_reach(connection, actor, by, target, respondent_may)
    if actor.kind != "user" or actor.user_id is None:
        return Access.NONE
    organisation_id = organisation_of(connection, by, target)
    if organisation_id is None:
        return Access.NONE
    grant = connection.scalar(
        select(ClientGrant.grant).where(
            ClientGrant.organisation_id == organisation_id, ClientGrant.user_id == actor.user_id
        )
    )
    return client_access(actor, grant)


def _respondent_reach(connection: Connection, actor: Actor, by: str, target: int, respondent_may: bool) -> Access:
    # The token is checked again on every call: a replaced or revoked link stops at once,
    # even in a tab that was opened before.
    own = connection.execute(
        select(Respondent.id, Respondent.assessment_id).where(
            Respondent.id == actor.respondent_id, Respondent.token == actor.token, Respondent.revoked.is_(False)
        )
    ).first()
    if own is None:
        return Access.NONE
    if by == "respondent" and respondent_may and target == own.id:
        return Access.EDIT
    if by == "assessment" and target == own.assessment_id:
        return Access.QUESTIONNAIRE
    return Access.NONE


def visible_organisations(connection: Connection, actor: Actor) -> set[int] | None:
    """The clients ``actor`` may list (None: all of them)."""
    if actor.sees_everything:
        return None
    if actor.kind != "user" or actor.user_id is None:
        return set()
    return set(connection.scalars(select(ClientGrant.organisation_id).where(ClientGrant.user_id == actor.user_id)))


def grant_owner(connection: Connection, actor: Actor, organisation_id: int) -> None:
    """Make a signed-in user the owner of a client they just created (personal mode keeps no owner)."""
    if actor.kind == "user" and actor.user_id is not None:
        connection.execute(
            insert(ClientGrant).values(organisation_id=organisation_id, user_id=actor.user_id, grant="owner")
        )


def access_of(method: Any) -> tuple[Access, str, bool] | None:
    """The ``(level, by, respondent_may)`` a store method is guarded with, or None (for the tests)."""
    return getattr(method, "__access__", None)
