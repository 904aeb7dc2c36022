"""catalogue revision for listing caches, and a narrow index for counting filtered listings

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-29 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('catalogue_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_revision'))
    )
    op.bulk_insert(table, [{'id': 1, 'revision': 0}])
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_listing_filters', ['status', 'published_at', 'category_id', 'brand_id', 'handle_type', 'mounting', 'stock_total', 'price_min'], unique=False)


def downgrade():
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_listing_filters')

    op.drop_table('catalogue_revision')
