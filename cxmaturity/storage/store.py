"""The store the app talks to: one object holding the engine, with every repository call."""

from __future__ import annotations

import os
from collections.abc import Mapping

from cxmaturity.storage.accounts import AccountStore
from cxmaturity.storage.actions import ActionStore
from cxmaturity.storage.answers import AnswerStore
from cxmaturity.storage.assessments import AssessmentStore
from cxmaturity.storage.branding import BrandingStore
from cxmaturity.storage.callbacks import CallbackStore
from cxmaturity.storage.database import create_engine_for, database_url, upgrade_schema
from cxmaturity.storage.figures import FigureStore
from cxmaturity.storage.journey import JourneyStore
from cxmaturity.storage.respondents import RespondentStore
from cxmaturity.storage.segments import SegmentStore
from cxmaturity.storage.signin import SignInStore
from cxmaturity.storage.transfer import TransferStore
from cxmaturity.storage.workspace import WorkspaceStore


class Store(
    TransferStore,
    WorkspaceStore,
    AssessmentStore,
    RespondentStore,
    AnswerStore,
    ActionStore,
    JourneyStore,
    FigureStore,
    CallbackStore,
    SegmentStore,
    AccountStore,
    SignInStore,
    BrandingStore,
):
    """Assessments, respondents, answers, roadmap states, evidence, workspace settings, journey maps and accounts in one database.

    Every method runs in its own transaction and commits before it returns, so
    whatever a page saved survives a refresh or a server restart. Methods return
    frozen records (:mod:`cxmaturity.storage.records`) and model objects, never
    SQLAlchemy rows. Safe to share between threads (create it once per process).

    A store acts for someone: personal mode (the default) reaches everything; a store bound
    with ``acting_as(actor)`` refuses (``AccessDenied``, audited) every read or change of a
    client that actor may not touch, and lists only the clients they may open.
    """

    @classmethod
    def open(cls, url: str | None = None, *, env: Mapping[str, str] = os.environ, upgrade: bool = True) -> Store:
        """Connect to ``url`` (default: :func:`database_url` from ``env``) and bring the schema to head."""
        engine = create_engine_for(url or database_url(env))
        if upgrade:
            upgrade_schema(engine)
        return cls(engine)
