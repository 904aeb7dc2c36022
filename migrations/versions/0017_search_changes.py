"""search changes: which documents each version changed, for every host's mirror to catch up

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_changes',
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('doc_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('doc_type', 'version', 'doc_id', name=op.f('pk_search_changes'))
    )
    # Rows written before this revision have no change log: a new feed name makes every
    # mirror rebuild rather than trust it.
    with op.batch_alter_table('search_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed', sa.String(length=36), nullable=False, server_default='before-0017'))
        batch_op.add_column(sa.Column('forgotten', sa.BigInteger(), nullable=False, server_default='0'))
    with op.batch_alter_table('search_versions', schema=None) as batch_op:
        batch_op.alter_column('feed', server_default=None)
        batch_op.alter_column('forgotten', server_default=None)


def downgrade():
    with op.batch_alter_table('search_versions', schema=None) as batch_op:
        batch_op.drop_column('forgotten')
        batch_op.drop_column('feed')
    op.drop_table('search_changes')
