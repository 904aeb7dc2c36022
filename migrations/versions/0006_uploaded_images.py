"""uploaded images: stored assets, photos per finish, article covers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:06:31.416180

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_assets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('source_format', sa.String(length=8), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('renditions', sa.JSON(), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_assets')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_media_assets_content_hash'))
    )
    op.create_table('product_image_finishes',
    sa.Column('image_id', sa.Integer(), nullable=False),
    sa.Column('finish_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finish_id'], ['finishes.id'], name=op.f('fk_product_image_finishes_finish_id_finishes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['image_id'], ['product_images.id'], name=op.f('fk_product_image_finishes_image_id_product_images'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('image_id', 'finish_id', name=op.f('pk_product_image_finishes'))
    )
    with op.batch_alter_table('product_image_finishes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_image_finishes_finish_id'), ['finish_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_asset_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_articles_cover_asset_id'), ['cover_asset_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_articles_cover_asset_id_media_assets'), 'media_assets', ['cover_asset_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint(batch_op.f('ck_articles_cover_linked_or_uploaded'), 'cover_image_url IS NULL OR cover_asset_id IS NULL')

    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.add_column(sa.Column('asset_id', sa.Integer(), nullable=True))
        batch_op.alter_column('url',
               existing_type=sa.VARCHAR(length=500),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_product_images_asset_id'), ['asset_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_product_images_asset_id_media_assets'), 'media_assets', ['asset_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint(batch_op.f('ck_product_images_uploaded_or_linked'), '(url IS NULL) <> (asset_id IS NULL)')



def downgrade():
    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_product_images_uploaded_or_linked'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_product_images_asset_id_media_assets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_product_images_asset_id'))
        batch_op.alter_column('url',
               existing_type=sa.VARCHAR(length=500),
               nullable=False)
        batch_op.drop_column('asset_id')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_articles_cover_linked_or_uploaded'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_articles_cover_asset_id_media_assets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_articles_cover_asset_id'))
        batch_op.drop_column('cover_asset_id')

    with op.batch_alter_table('product_image_finishes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_image_finishes_finish_id'))

    op.drop_table('product_image_finishes')
    op.drop_table('media_assets')
