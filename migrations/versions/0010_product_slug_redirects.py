"""product slug redirects: old product addresses answer with a redirect, like articles' do

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:49:47.893340

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('product_slug_redirects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_slug_redirects_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_slug_redirects')),
    sa.UniqueConstraint('slug', name=op.f('uq_product_slug_redirects_slug'))
    )
    with op.batch_alter_table('product_slug_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_slug_redirects_product_id'), ['product_id'], unique=False)



def downgrade():
    with op.batch_alter_table('product_slug_redirects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_slug_redirects_product_id'))

    op.drop_table('product_slug_redirects')
