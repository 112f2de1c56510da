"""SQLAlchemy 2.0 models shared by the desktop client and the central server."""

from models.base import Base, SyncMixin, new_id, utcnow, uuid7
from models.campaigns import (
    CallAttempt,
    Callback,
    CallbackStatus,
    Campaign,
    CampaignType,
    Disposition,
    QueueItem,
    QueueStatus,
)
from models.companies import (
    Company,
    CompanySegment,
    Contact,
    FieldDefinition,
    FieldValue,
    PhoneNumber,
    Segment,
)
from models.imports import CompanyMerge, DedupDecision, FieldProvenance, ImportRecord
from models.meetings import Meeting, MeetingStatus, RepAbsence, SalesRep
from models.people import AgentState, AgentStateEvent, AuditEntry, PauseReason, Role, User
from models.privacy import Consent, ConsentKind, Suppression
from models.reviews import CallReview, Scorecard
from models.sync import ImportBatch, OutboxMutation, SyncState

__all__ = [
    "AgentState",
    "AgentStateEvent",
    "AuditEntry",
    "Base",
    "CallAttempt",
    "CallReview",
    "Callback",
    "CallbackStatus",
    "Campaign",
    "CampaignType",
    "Company",
    "CompanyMerge",
    "CompanySegment",
    "Consent",
    "ConsentKind",
    "Contact",
    "DedupDecision",
    "Disposition",
    "FieldDefinition",
    "FieldProvenance",
    "FieldValue",
    "ImportBatch",
    "ImportRecord",
    "Meeting",
    "MeetingStatus",
    "OutboxMutation",
    "PauseReason",
    "PhoneNumber",
    "QueueItem",
    "QueueStatus",
    "RepAbsence",
    "Role",
    "SalesRep",
    "Scorecard",
    "Segment",
    "SyncMixin",
    "SyncState",
    "Suppression",
    "User",
    "new_id",
    "utcnow",
    "uuid7",
]
