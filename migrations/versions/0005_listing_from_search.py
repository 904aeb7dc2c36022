"""product listings are filtered and sorted by the search engine: drop the SQL listing indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_listing_newest')
        batch_op.drop_index('ix_products_listing_price')
        batch_op.drop_index('ix_products_listing_name')
        batch_op.drop_index('ix_products_listing_filters')
        batch_op.drop_index(batch_op.f('ix_products_mounting'))
        batch_op.drop_index(batch_op.f('ix_products_handle_type'))


def downgrade():
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_handle_type'), ['handle_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_mounting'), ['mounting'], unique=False)
        batch_op.create_index('ix_products_listing_filters', ['status', 'published_at', 'category_id', 'brand_id', 'handle_type', 'mounting', 'stock_total', 'price_min'], unique=False)
        batch_op.create_index('ix_products_listing_name', ['status', 'name', 'id'], unique=False)
        batch_op.create_index('ix_products_listing_price', ['status', 'price_min', 'id'], unique=False)
        batch_op.create_index('ix_products_listing_newest', ['status', 'published_at', 'id'], unique=False)
