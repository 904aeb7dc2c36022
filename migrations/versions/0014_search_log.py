"""search log: shoppers' searches, the results they open and the daily counts the insights read, with nothing about who searched

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 00:13:43.023551

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_clicks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('search_id', sa.BigInteger(), nullable=False),
    sa.Column('clicked_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('doc_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_clicks'))
    )
    with op.batch_alter_table('search_clicks', schema=None) as batch_op:
        batch_op.create_index('ix_search_clicks_search_id', ['search_id'], unique=False)

    op.create_table('search_log',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('searched_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('types', sa.String(length=80), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('sort', sa.String(length=40), nullable=True),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.Column('correction', sa.String(length=200), nullable=True),
    sa.Column('correction_declined', sa.Boolean(), nullable=False),
    sa.Column('took_ms', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_log'))
    )
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.create_index('ix_search_log_searched_at', ['searched_at'], unique=False)

    op.create_table('search_log_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('zero_results', sa.Integer(), nullable=False),
    sa.Column('with_results', sa.Integer(), nullable=False),
    sa.Column('corrected', sa.Integer(), nullable=False),
    sa.Column('declined', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_search_log_days'))
    )
    op.create_table('search_log_gaps',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('dropped', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_search_log_gaps'))
    )
    op.create_table('search_query_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('zero_results', sa.Integer(), nullable=False),
    sa.Column('with_results', sa.Integer(), nullable=False),
    sa.Column('corrected', sa.Integer(), nullable=False),
    sa.Column('declined', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'query', name=op.f('pk_search_query_days'))
    )
    with op.batch_alter_table('search_query_days', schema=None) as batch_op:
        batch_op.create_index('ix_search_query_days_query_counts', ['query', 'day', 'searches', 'zero_results', 'with_results', 'corrected', 'declined', 'clicks'], unique=False)



def downgrade():
    with op.batch_alter_table('search_query_days', schema=None) as batch_op:
        batch_op.drop_index('ix_search_query_days_query_counts')

    op.drop_table('search_query_days')
    op.drop_table('search_log_gaps')
    op.drop_table('search_log_days')
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.drop_index('ix_search_log_searched_at')

    op.drop_table('search_log')
    with op.batch_alter_table('search_clicks', schema=None) as batch_op:
        batch_op.drop_index('ix_search_clicks_search_id')

    op.drop_table('search_clicks')
