"""markets: where faucets are sold and the certifications each requires (staff edit them)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:29:48.085056

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('markets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('archived_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_markets')),
    sa.UniqueConstraint('slug', name=op.f('uq_markets_slug'))
    )
    op.create_table('market_certifications',
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], name=op.f('fk_market_certifications_certification_id_certifications'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_market_certifications_market_id_markets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('market_id', 'certification_id', name=op.f('pk_market_certifications'))
    )
    with op.batch_alter_table('market_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_certifications_certification_id'), ['certification_id'], unique=False)



def downgrade():
    with op.batch_alter_table('market_certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_certifications_certification_id'))

    op.drop_table('market_certifications')
    op.drop_table('markets')
