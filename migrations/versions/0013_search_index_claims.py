"""search index claims: which host's index keeps the search outbox

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 23:21:37.715343

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_index_claims',
    sa.Column('identity', sa.String(length=36), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('directory', sa.String(length=1024), nullable=False),
    sa.Column('active_since', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('missed_since', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('identity', name=op.f('pk_search_index_claims'))
    )


def downgrade():
    op.drop_table('search_index_claims')
