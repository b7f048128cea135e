"""Persistence: SQLite by default (``CXM_DATA_DIR``), any SQLAlchemy URL via ``CXM_DATABASE_URL``.

Pages use :class:`Store` (``Store.open()`` once per process) and get frozen
records back; the tables and Alembic migrations stay inside this package.
"""

from cxmaturity.storage.accounts import AuditRecord, GrantRecord, UserRecord
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
from cxmaturity.storage.guard import AccessDenied
from cxmaturity.storage.records import (
    PROGRESS_STATES,
    SELF_LABEL,
    ActionState,
    AnswerRejectedError,
    AssessmentRecord,
    AssessmentSettings,
    AssessmentSummary,
    Branding,
    EvidenceRecord,
    NotFoundError,
    OrganisationRecord,
    ProgressCounts,
    QuestionnaireSnapshot,
    RespondentProgress,
    RespondentRecord,
    StorageError,
    StorageUnavailableError,
    is_token_shaped,
    new_token,
    to_targets,
)
from cxmaturity.storage.signin import SignInResult
from cxmaturity.storage.store import Store
from cxmaturity.storage.tables import (
    ACTION_STATUSES,
    ANSWER_KINDS,
    ASSESSMENT_STATUSES,
    DEFAULT_ANONYMITY_THRESHOLD,
    DEFAULT_GROUPS,
    RESULT_SOURCES,
)
from cxmaturity.storage.workspace import check_link

__all__ = [
    "ACTION_STATUSES",
    "ANSWER_KINDS",
    "ASSESSMENT_STATUSES",
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_ANONYMITY_THRESHOLD",
    "DEFAULT_GROUPS",
    "PROGRESS_STATES",
    "RESULT_SOURCES",
    "SELF_LABEL",
    "SQLITE_FILE_NAME",
    "AccessDenied",
    "ActionState",
    "AnswerRejectedError",
    "AssessmentRecord",
    "AssessmentSettings",
    "AssessmentSummary",
    "AuditRecord",
    "Branding",
    "EvidenceRecord",
    "GrantRecord",
    "NotFoundError",
    "OrganisationRecord",
    "ProgressCounts",
    "QuestionnaireSnapshot",
    "RespondentProgress",
    "RespondentRecord",
    "SignInResult",
    "StorageError",
    "StorageUnavailableError",
    "Store",
    "UserRecord",
    "check_link",
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
