"""Roles, the acting user, and the one rule that turns a user's grant on a client into an access level."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class AccessDenied(PermissionError):
    """The acting user may not open or change this (the same refusal whether or not it exists)."""


class Role(StrEnum):
    """What a signed-in user is (respondents are not users: their link is their key)."""

    ADMIN = "admin"
    CONSULTANT = "consultant"
    VIEWER = "viewer"  # a client viewer: an executive of one client organisation


class Grant(StrEnum):
    """A user's tie to one client (organisation), stored per (client, user)."""

    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


class Access(IntEnum):
    """How far an actor reaches into one client's data; each level includes those below."""

    NONE = 0
    # The assessment's title and questionnaire (a respondent answering it).
    QUESTIONNAIRE = 1
    # Results, roadmap, groups above the anonymity threshold, the PDF: no respondent's name,
    # link, e-mail or single answer (a client viewer).
    RESULTS = 2
    # Everything, read-only (a consultant the client was shared with as viewer).
    READ = 3
    # Change answers, respondents, evidence, settings (an editor).
    EDIT = 4
    # Delete, share (the owner, an admin, personal mode).
    OWN = 5


@dataclass(frozen=True)
class Actor:
    """Who is calling the store: personal mode, a signed-in user, or a respondent through their link.

    ``address`` is the client's network address when known (for the audit log and lockouts).
    """

    kind: str  # "personal" | "user" | "respondent"
    user_id: int | None = None
    email: str | None = None
    role: Role | None = None
    respondent_id: int | None = None
    token: str | None = None
    address: str | None = None

    @staticmethod
    def user(user_id: int, email: str, role: Role | str, address: str | None = None) -> Actor:
        """A signed-in user."""
        return Actor("user", user_id=user_id, email=email, role=Role(role), address=address)

    @staticmethod
    def respondent(respondent_id: int, token: str, address: str | None = None) -> Actor:
        """A respondent acting through their personal link (the token is checked again on every call)."""
        return Actor("respondent", respondent_id=respondent_id, token=token, address=address)

    @property
    def is_personal(self) -> bool:
        """Personal mode (and the command line run on the server): everything is theirs."""
        return self.kind == "personal"

    @property
    def sees_everything(self) -> bool:
        """Personal mode or an admin: no client is out of reach."""
        return self.is_personal or self.role is Role.ADMIN

    @property
    def who(self) -> str:
        """How the audit log names this actor (an e-mail, never a token)."""
        if self.kind == "user":
            return self.email or f"user {self.user_id}"
        if self.kind == "respondent":
            return f"respondent {self.respondent_id}"
        return "personal"


#: The actor of personal mode and of the command line on the server.
PERSONAL = Actor("personal")


def client_access(actor: Actor, grant: Grant | str | None) -> Access:
    """The access ``actor`` has to a client on which they hold ``grant`` (None: no grant).

    Personal mode and admins own every client. The owner of a client owns it whatever their
    role (a client viewer's own self-assessment too). A consultant edits as editor and reads
    everything as viewer; a client viewer sees only results, whatever the grant says.
    Respondents never reach a client through a grant (their link decides, in the store).
    """
    if actor.sees_everything:
        return Access.OWN
    if actor.kind != "user" or grant is None:
        return Access.NONE
    grant = Grant(grant)
    if grant is Grant.OWNER:
        return Access.OWN
    if actor.role is Role.VIEWER:
        return Access.RESULTS
    return Access.EDIT if grant is Grant.EDITOR else Access.READ


def may_create_clients(actor: Actor) -> bool:
    """Admins, consultants and personal mode create clients; a client viewer only their own self-assessment."""
    return actor.sees_everything or (actor.kind == "user" and actor.role is Role.CONSULTANT)


def may_manage_users(actor: Actor) -> bool:
    """Only admins (and the command line on the server) add, change, disable and reset users."""
    return actor.sees_everything


def may_change_branding(actor: Actor) -> bool:
    """Who sets the consultancy's name and logo, which every report and every page shows.

    The branding is one for the whole installation, not per client, so only those who reach
    every client change it: personal mode (one consultant, their own app) and admins in team
    mode. A consultant or a client viewer in team mode sees it and cannot change it.
    """
    return actor.sees_everything
