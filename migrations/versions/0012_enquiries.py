"""enquiries: shoppers' requests for a quote, with quantities by finish and the staff notification's state

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 07:31:12.793501

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('enquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('company', sa.String(length=160), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('new', 'answered', 'closed', name='enquirystatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('notified_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mail_attempts', sa.Integer(), nullable=False),
    sa.Column('mail_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_enquiries_product_id_products'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquiries'))
    )
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.create_index('ix_enquiries_listing', ['status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_product_id'), ['product_id'], unique=False)

    op.create_table('enquiry_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enquiry_id', sa.Integer(), nullable=False),
    sa.Column('finish_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_enquiry_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['enquiry_id'], ['enquiries.id'], name=op.f('fk_enquiry_lines_enquiry_id_enquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finish_id'], ['finishes.id'], name=op.f('fk_enquiry_lines_finish_id_finishes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquiry_lines')),
    sa.UniqueConstraint('enquiry_id', 'finish_id', name=op.f('uq_enquiry_lines_enquiry_id'))
    )
    with op.batch_alter_table('enquiry_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enquiry_lines_finish_id'), ['finish_id'], unique=False)



def downgrade():
    with op.batch_alter_table('enquiry_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enquiry_lines_finish_id'))

    op.drop_table('enquiry_lines')
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enquiries_product_id'))
        batch_op.drop_index('ix_enquiries_listing')

    op.drop_table('enquiries')
