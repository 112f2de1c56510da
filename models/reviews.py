"""Call review (quality control): campaign scorecards and supervisors' reviews of calls.

Also declares the covering indexes the KPI report (``app.services.metrics``) reads
through, on tables declared in other modules: they belong to the metrics, not to the
tables' own modules, and live here with the metrics' other schema (migration 0007).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow
from models.campaigns import CallAttempt, QueueItem
from models.meetings import Meeting
from models.people import AgentStateEvent


class Scorecard(SyncMixin, Base):
    """The criteria a campaign's calls are scored on.

    ``criteria``: ``[{"key", "label_pl", "label_en", "weight", "max_score"}]`` — a
    review scores each criterion from 0 to its ``max_score``; the total is the
    weighted share of the maximum. ``campaign_id`` None = the default scorecard every
    campaign without its own uses. Criteria are not edited once reviews use them: a
    changed scorecard is a new row (the old one made inactive), so old reviews keep
    the criteria they were scored on.
    """

    __tablename__ = "scorecards"
    __table_args__ = (Index("ix_scorecards_campaign", "campaign_id", "active"),)

    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    name: Mapped[str] = mapped_column(String(120))
    criteria: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CallReview(SyncMixin, Base):
    """A supervisor's review of one call attempt on a scorecard; the agent sees it.

    ``agent_id`` and ``campaign_id`` repeat the attempt's, so an agent's reviews and a
    campaign's are one index range each. One review per attempt and reviewer: scoring
    the same call again updates it.
    """

    __tablename__ = "call_reviews"
    __table_args__ = (
        UniqueConstraint("attempt_id", "reviewer_id"),
        Index("ix_call_reviews_agent_created", "agent_id", "created_at"),
        Index("ix_call_reviews_campaign_created", "campaign_id", "created_at"),
    )

    attempt_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_attempts.id"))
    scorecard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scorecards.id"))
    reviewer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"))
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)  # criterion key -> score
    total: Mapped[float] = mapped_column(Float)  # weighted share of the maximum, 0..100
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    seen_by_agent_at: Mapped[dt.datetime | None] = mapped_column()


# ---- covering indexes for the KPI report (app.services.metrics) -------------------------
# A campaign-period report reads only the index (no table lookups): every column the
# report's attempt facts use, after the campaign and the start time it ranges on.
Index(
    "ix_call_attempts_kpi",
    CallAttempt.campaign_id,
    CallAttempt.started_at,
    CallAttempt.deleted,
    CallAttempt.agent_id,
    CallAttempt.company_id,
    CallAttempt.disposition_code,
    CallAttempt.variant,
    CallAttempt.talk_seconds,
    CallAttempt.wrapup_seconds,
)
# Meetings booked in a period, per campaign.
Index("ix_meetings_campaign_booked", Meeting.campaign_id, Meeting.booked_at)
# The funnel's "in queue": a campaign's live queue items, counted from the index alone.
Index("ix_queue_items_kpi", QueueItem.campaign_id, QueueItem.deleted, QueueItem.company_id)
# State intervals: per agent in time order (the window the report runs), with the state.
Index(
    "ix_agent_state_events_kpi",
    AgentStateEvent.user_id,
    AgentStateEvent.at,
    AgentStateEvent.deleted,
    AgentStateEvent.state,
    AgentStateEvent.reason,
    AgentStateEvent.campaign_id,
)
