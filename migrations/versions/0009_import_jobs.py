"""import jobs: uploaded spreadsheets, their products, their progress and a lease per worker

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:46:34.267240

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('file_format', sa.String(length=8), nullable=True),
    sa.Column('state', sa.Enum('validating', 'validated', 'applying', 'applied', 'failed', name='importstate', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('apply_when_valid', sa.Boolean(), nullable=False),
    sa.Column('create_terms', sa.Boolean(), nullable=False),
    sa.Column('valid_only', sa.Boolean(), nullable=False),
    sa.Column('source', sa.LargeBinary(), nullable=True),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('products_total', sa.Integer(), nullable=False),
    sa.Column('products_done', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('new_terms', sa.JSON(), nullable=False),
    sa.Column('failure', sa.String(length=500), nullable=True),
    sa.Column('started_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lease_owner', sa.String(length=80), nullable=True),
    sa.Column('lease_until', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_jobs_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_import_jobs_state_lease', ['state', 'lease_until'], unique=False)

    op.create_table('import_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('first_line', sa.Integer(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('action', sa.Enum('create', 'update', 'unchanged', 'invalid', name='itemaction', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Enum('pending', 'applied', 'skipped', 'failed', name='itemoutcome', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['import_jobs.id'], name=op.f('fk_import_items_job_id_import_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_items'))
    )
    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.create_index('ix_import_items_job_position', ['job_id', 'position'], unique=True)



def downgrade():
    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.drop_index('ix_import_items_job_position')

    op.drop_table('import_items')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_import_jobs_state_lease')
        batch_op.drop_index(batch_op.f('ix_import_jobs_created_by_id'))

    op.drop_table('import_jobs')
