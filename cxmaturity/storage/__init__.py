"""Persistence: SQLite by default (``CXM_DATA_DIR``), any SQLAlchemy URL via ``CXM_DATABASE_URL``.

Pages use :class:`Store` (``Store.open()`` once per process) and get frozen
records back; the tables and Alembic migrations stay inside this package.
"""

from cxmaturity.storage.database import (
    DATA_DIR_ENV,
    DATABASE_URL_ENV,
    SQLITE_FILE_NAME,
    create_engine_for,
    current_revision,
    data_dir,
    database_url,
    head_revision,
    upgrade_schema,
)
from cxmaturity.storage.records import (
    SELF_LABEL,
    ActionState,
    AnswerRejectedError,
    AssessmentRecord,
    NotFoundError,
    OrganisationRecord,
    QuestionnaireSnapshot,
    RespondentRecord,
    StorageError,
    is_token_shaped,
    new_token,
    to_targets,
)
from cxmaturity.storage.store import Store
from cxmaturity.storage.tables import ACTION_STATUSES, ANSWER_KINDS, ASSESSMENT_STATUSES

__all__ = [
    "ACTION_STATUSES",
    "ANSWER_KINDS",
    "ASSESSMENT_STATUSES",
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "SELF_LABEL",
    "SQLITE_FILE_NAME",
    "ActionState",
    "AnswerRejectedError",
    "AssessmentRecord",
    "NotFoundError",
    "OrganisationRecord",
    "QuestionnaireSnapshot",
    "RespondentRecord",
    "StorageError",
    "Store",
    "create_engine_for",
    "current_revision",
    "data_dir",
    "database_url",
    "head_revision",
    "is_token_shaped",
    "new_token",
    "to_targets",
    "upgrade_schema",
]
