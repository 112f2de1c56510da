"""server: devices, sessions, login throttling, the applied-mutations ledger, the change
sequence, per-field revisions, sync conflicts, leases and erasures

Tables of the central server (``models/server.py``); they exist, empty, in client
databases too, except the ones the pull hands out (leases, sync_conflicts, erasures).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('field_revisions',
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.BigInteger(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_revisions')),
    sa.UniqueConstraint('entity', 'entity_id', 'field', name=op.f('uq_field_revisions_entity'))
    )
    with op.batch_alter_table('field_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_revisions_server_rev'), ['server_rev'], unique=False)

    op.create_table('id_aliases',
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('alias_id', sa.String(length=64), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_id_aliases')),
    sa.UniqueConstraint('entity', 'alias_id', name=op.f('uq_id_aliases_entity'))
    )
    with op.batch_alter_table('id_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_id_aliases_server_rev'), ['server_rev'], unique=False)

    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttle')),
    sa.UniqueConstraint('key', name=op.f('uq_login_throttle_key'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_server_rev'), ['server_rev'], unique=False)

    op.create_table('server_keys',
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_server_keys_kid'))
    )
    with op.batch_alter_table('server_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_keys_server_rev'), ['server_rev'], unique=False)

    op.create_table('server_sequences',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_sequences')),
    sa.UniqueConstraint('name', name=op.f('uq_server_sequences_name'))
    )
    with op.batch_alter_table('server_sequences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_sequences_server_rev'), ['server_rev'], unique=False)

    op.create_table('sync_conflicts',
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('team', sa.String(length=64), nullable=True),
    sa.Column('base_rev', sa.BigInteger(), nullable=True),
    sa.Column('replaced_rev', sa.BigInteger(), nullable=True),
    sa.Column('replaced_value', sa.JSON(), nullable=True),
    sa.Column('replaced_user_id', sa.Uuid(), nullable=True),
    sa.Column('replaced_device_id', sa.Uuid(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('incoming_value', sa.JSON(), nullable=True),
    sa.Column('incoming_user_id', sa.Uuid(), nullable=True),
    sa.Column('incoming_device_id', sa.Uuid(), nullable=True),
    sa.Column('incoming_hlc', sa.String(length=32), nullable=True),
    sa.Column('incoming_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mutation_id', sa.Uuid(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('settled_by', sa.Uuid(), nullable=True),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.JSON(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflicts_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflicts_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index('ix_sync_conflicts_status_team', ['status', 'team'], unique=False)

    op.create_table('devices',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('schema', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_devices_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_user_id'), ['user_id'], unique=False)

    op.create_table('erasures',
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('requested_by', sa.Uuid(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_erasures_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasures'))
    )
    with op.batch_alter_table('erasures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasures_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index('ix_erasures_subject', ['subject_id'], unique=False)

    op.create_table('applied_mutations',
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('op', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_applied_mutations_device_id_devices')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_applied_mutations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applied_mutations')),
    sa.UniqueConstraint('device_id', 'mutation_id', name=op.f('uq_applied_mutations_device_id'))
    )
    with op.batch_alter_table('applied_mutations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applied_mutations_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index(batch_op.f('ix_applied_mutations_user_id'), ['user_id'], unique=False)

    op.create_table('auth_sessions',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=True),
    sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.String(length=32), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_auth_sessions_device_id_devices')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_auth_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_sessions_token_hash'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_sessions_previous_hash'), ['previous_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_sessions_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('leases',
    sa.Column('queue_item_id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('release_reason', sa.String(length=32), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_leases_agent_id_users')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_leases_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_leases_company_id_companies')),
    sa.ForeignKeyConstraint(['queue_item_id'], ['queue_items.id'], name=op.f('fk_leases_queue_item_id_queue_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leases'))
    )
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.create_index('ix_leases_agent_expires', ['agent_id', 'expires_at'], unique=False)
        batch_op.create_index('ix_leases_company', ['company_id'], unique=False)
        batch_op.create_index('ix_leases_queue_item', ['queue_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leases_server_rev'), ['server_rev'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leases_server_rev'))
        batch_op.drop_index('ix_leases_queue_item')
        batch_op.drop_index('ix_leases_company')
        batch_op.drop_index('ix_leases_agent_expires')

    op.drop_table('leases')
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_auth_sessions_server_rev'))
        batch_op.drop_index(batch_op.f('ix_auth_sessions_previous_hash'))

    op.drop_table('auth_sessions')
    with op.batch_alter_table('applied_mutations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applied_mutations_user_id'))
        batch_op.drop_index(batch_op.f('ix_applied_mutations_server_rev'))

    op.drop_table('applied_mutations')
    with op.batch_alter_table('erasures', schema=None) as batch_op:
        batch_op.drop_index('ix_erasures_subject')
        batch_op.drop_index(batch_op.f('ix_erasures_server_rev'))

    op.drop_table('erasures')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_user_id'))
        batch_op.drop_index(batch_op.f('ix_devices_server_rev'))

    op.drop_table('devices')
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflicts_status_team')
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_server_rev'))
        batch_op.drop_index('ix_sync_conflicts_entity')

    op.drop_table('sync_conflicts')
    with op.batch_alter_table('server_sequences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_sequences_server_rev'))

    op.drop_table('server_sequences')
    with op.batch_alter_table('server_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_keys_server_rev'))

    op.drop_table('server_keys')
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_server_rev'))

    op.drop_table('login_throttle')
    with op.batch_alter_table('id_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_id_aliases_server_rev'))

    op.drop_table('id_aliases')
    with op.batch_alter_table('field_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_revisions_server_rev'))

    op.drop_table('field_revisions')
