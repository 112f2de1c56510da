"""imports: import records, field provenance, company merges, dedup decisions

One row per imported source record (raw and standardised values, match keys, the company
it landed in and the one it belongs to now), per-field provenance of merged companies,
reversible merges and remembered merge / keep-apart decisions.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('company_merges',
    sa.Column('survivor_id', sa.Uuid(), nullable=False),
    sa.Column('merged_ids', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('records', sa.JSON(), nullable=False),
    sa.Column('moved', sa.JSON(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['survivor_id'], ['companies.id'], name=op.f('fk_company_merges_survivor_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_merges'))
    )
    with op.batch_alter_table('company_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_merges_server_rev'), ['server_rev'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_merges_survivor_id'), ['survivor_id'], unique=False)

    op.create_table('import_records',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('origin_company_id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('match_name', sa.String(length=300), nullable=False),
    sa.Column('legal_form', sa.String(length=32), nullable=True),
    sa.Column('nip', sa.String(length=10), nullable=True),
    sa.Column('regon', sa.String(length=9), nullable=True),
    sa.Column('phones', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('postcode', sa.String(length=6), nullable=True),
    sa.Column('city_key', sa.String(length=120), nullable=True),
    sa.Column('street_key', sa.String(length=200), nullable=True),
    sa.Column('household', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_import_records_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_import_records_company_id_companies')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_import_records_contact_id_contacts')),
    sa.ForeignKeyConstraint(['origin_company_id'], ['companies.id'], name=op.f('fk_import_records_origin_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_records'))
    )
    with op.batch_alter_table('import_records', schema=None) as batch_op:
        batch_op.create_index('ix_import_records_batch_row', ['batch_id', 'row'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_records_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_records_nip'), ['nip'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_records_server_rev'), ['server_rev'], unique=False)

    op.create_table('dedup_decisions',
    sa.Column('record_a', sa.Uuid(), nullable=False),
    sa.Column('record_b', sa.Uuid(), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['record_a'], ['import_records.id'], name=op.f('fk_dedup_decisions_record_a_import_records')),
    sa.ForeignKeyConstraint(['record_b'], ['import_records.id'], name=op.f('fk_dedup_decisions_record_b_import_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dedup_decisions')),
    sa.UniqueConstraint('record_a', 'record_b', name=op.f('uq_dedup_decisions_record_a'))
    )
    with op.batch_alter_table('dedup_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dedup_decisions_record_b'), ['record_b'], unique=False)
        batch_op.create_index(batch_op.f('ix_dedup_decisions_server_rev'), ['server_rev'], unique=False)

    op.create_table('field_provenance',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=80), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=True),
    sa.Column('batch_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=120), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('server_rev', sa.BigInteger(), nullable=True),
    sa.Column('hlc', sa.String(length=32), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_field_provenance_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_field_provenance_company_id_companies')),
    sa.ForeignKeyConstraint(['record_id'], ['import_records.id'], name=op.f('fk_field_provenance_record_id_import_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_provenance')),
    sa.UniqueConstraint('company_id', 'field', name=op.f('uq_field_provenance_company_id'))
    )
    with op.batch_alter_table('field_provenance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_provenance_server_rev'), ['server_rev'], unique=False)

    # Not in batch mode: a batch copy of companies would drop its full-text triggers.
    op.create_index("ix_companies_email", "companies", ["email"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_companies_email", table_name="companies")
    with op.batch_alter_table('field_provenance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_provenance_server_rev'))

    op.drop_table('field_provenance')
    with op.batch_alter_table('dedup_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dedup_decisions_server_rev'))
        batch_op.drop_index(batch_op.f('ix_dedup_decisions_record_b'))

    op.drop_table('dedup_decisions')
    with op.batch_alter_table('import_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_records_server_rev'))
        batch_op.drop_index(batch_op.f('ix_import_records_nip'))
        batch_op.drop_index(batch_op.f('ix_import_records_company_id'))
        batch_op.drop_index('ix_import_records_batch_row')

    op.drop_table('import_records')
    with op.batch_alter_table('company_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_merges_survivor_id'))
        batch_op.drop_index(batch_op.f('ix_company_merges_server_rev'))

    op.drop_table('company_merges')
