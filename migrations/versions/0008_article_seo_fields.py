"""article seo fields: a title and description for search engines, like products have

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:41:13.357612

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seo_title', sa.String(length=70), nullable=True))
        batch_op.add_column(sa.Column('seo_description', sa.String(length=160), nullable=True))


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('seo_description')
        batch_op.drop_column('seo_title')
