"""metrics: campaign scorecards, call reviews, covering indexes for the KPI report

``call_attempts.ix_call_attempts_kpi`` covers every column a campaign-period KPI
report reads from the attempts, so the report is one index range scan without table
lookups; ``meetings.ix_meetings_campaign_booked`` finds a campaign's meetings booked in
a period; ``agent_state_events.ix_agent_state_events_kpi`` gives each agent's state
changes in time order with the state, for the state-interval figures;
``queue_items.ix_queue_items_kpi`` counts a campaign's queue for the funnel.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("server_rev", sa.BigInteger(), nullable=True),
        sa.Column("hlc", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_scorecards_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_scorecards_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecards")),
    )
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        batch_op.create_index("ix_scorecards_campaign", ["campaign_id", "active"], unique=False)
        batch_op.create_index(batch_op.f("ix_scorecards_server_rev"), ["server_rev"], unique=False)

    op.create_table(
        "call_reviews",
        sa.Column("attempt_id", sa.Uuid(), nullable=False),
        sa.Column("scorecard_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_by_agent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("server_rev", sa.BigInteger(), nullable=True),
        sa.Column("hlc", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["users.id"], name=op.f("fk_call_reviews_agent_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["call_attempts.id"],
            name=op.f("fk_call_reviews_attempt_id_call_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_call_reviews_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_call_reviews_reviewer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["scorecards.id"],
            name=op.f("fk_call_reviews_scorecard_id_scorecards"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_reviews")),
        sa.UniqueConstraint(
            "attempt_id", "reviewer_id", name=op.f("uq_call_reviews_attempt_id")
        ),
    )
    with op.batch_alter_table("call_reviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_call_reviews_agent_created", ["agent_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_call_reviews_campaign_created", ["campaign_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_call_reviews_server_rev"), ["server_rev"], unique=False
        )

    with op.batch_alter_table("agent_state_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agent_state_events_kpi",
            ["user_id", "at", "deleted", "state", "reason", "campaign_id"],
            unique=False,
        )
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_call_attempts_kpi",
            [
                "campaign_id",
                "started_at",
                "deleted",
                "agent_id",
                "company_id",
                "disposition_code",
                "variant",
                "talk_seconds",
                "wrapup_seconds",
            ],
            unique=False,
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meetings_campaign_booked", ["campaign_id", "booked_at"], unique=False
        )
    with op.batch_alter_table("queue_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_queue_items_kpi", ["campaign_id", "deleted", "company_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("queue_items", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_items_kpi")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_campaign_booked")
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_call_attempts_kpi")
    with op.batch_alter_table("agent_state_events", schema=None) as batch_op:
        batch_op.drop_index("ix_agent_state_events_kpi")

    with op.batch_alter_table("call_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_reviews_server_rev"))
        batch_op.drop_index("ix_call_reviews_campaign_created")
        batch_op.drop_index("ix_call_reviews_agent_created")
    op.drop_table("call_reviews")
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scorecards_server_rev"))
        batch_op.drop_index("ix_scorecards_campaign")
    op.drop_table("scorecards")
