"""meetings: blocked range with the travel buffer, status history, reschedule tasks,
and (PostgreSQL) the exclusion constraint that stops a rep's slot being given twice

``meetings.blocked_until`` is ``end_at`` plus the rep's travel buffer; a holding meeting
(confirmed, held, no_show; not deleted) blocks ``[start_at, blocked_until)``. On
PostgreSQL ``ex_meetings_rep_busy`` (GiST, ``btree_gist`` for the ``rep_id =`` part)
refuses two overlapping holding meetings of one rep. SQLite has no exclusion
constraints: the booking service checks in one ``BEGIN IMMEDIATE`` transaction.
Existing rows keep ``blocked_until`` NULL, which the constraint reads as ``end_at``.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXCLUDE_SQL = (
    "ALTER TABLE meetings ADD CONSTRAINT ex_meetings_rep_busy "
    "EXCLUDE USING gist (rep_id WITH =, "
    "tstzrange(start_at, coalesce(blocked_until, end_at)) WITH &&) "
    "WHERE (status IN ('confirmed', 'held', 'no_show') AND NOT deleted)"
)


def _sync_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("server_rev", sa.BigInteger(), nullable=True),
        sa.Column("hlc", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_replaces_id_meetings"), "meetings", ["replaces_id"], ["id"]
        )

    op.create_table(
        "meeting_events",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_meeting_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_meeting_events_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_events_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_events")),
    )
    with op.batch_alter_table("meeting_events", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_events_meeting_at", ["meeting_id", "at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meeting_events_server_rev"), ["server_rev"], unique=False
        )

    op.create_table(
        "meeting_tasks",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("callback_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "done", "cancelled", name="meeting_task_status", native_enum=False,
                create_constraint=True, length=24,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["users.id"], name=op.f("fk_meeting_tasks_agent_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["callback_id"], ["callbacks.id"], name=op.f("fk_meeting_tasks_callback_id_callbacks")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_meeting_tasks_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_meeting_tasks_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_tasks_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_tasks")),
    )
    with op.batch_alter_table("meeting_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_tasks_agent_status", ["agent_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_tasks_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_tasks_server_rev"), ["server_rev"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(EXCLUDE_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE meetings DROP CONSTRAINT IF EXISTS ex_meetings_rep_busy")
        # btree_gist stays: other objects may use it, and it holds no data.

    with op.batch_alter_table("meeting_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_tasks_server_rev"))
        batch_op.drop_index(batch_op.f("ix_meeting_tasks_meeting_id"))
        batch_op.drop_index("ix_meeting_tasks_agent_status")
    op.drop_table("meeting_tasks")

    with op.batch_alter_table("meeting_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_events_server_rev"))
        batch_op.drop_index("ix_meeting_events_meeting_at")
    op.drop_table("meeting_events")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meetings_replaces_id_meetings"), type_="foreignkey")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("notes")
        batch_op.drop_column("blocked_until")
