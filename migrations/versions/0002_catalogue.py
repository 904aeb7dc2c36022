"""the catalogue: terms, products, variants, images and the catalogue revision

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import core.models


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('brands',
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('website', sa.String(length=255), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('archived_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brands')),
    sa.UniqueConstraint('slug', name=op.f('uq_brands_slug'))
    )

    op.create_table('categories',
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('archived_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['categories.id'], name=op.f('fk_categories_parent_id_categories'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('slug', name=op.f('uq_categories_slug'))
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_parent_id'), ['parent_id'], unique=False)

    op.create_table('certifications',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('archived_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifications')),
    sa.UniqueConstraint('code', name=op.f('uq_certifications_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_certifications_slug'))
    )

    op.create_table('finishes',
    sa.Column('swatch_hex', sa.String(length=7), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('archived_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finishes')),
    sa.UniqueConstraint('slug', name=op.f('uq_finishes_slug'))
    )

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('handle_type', sa.Enum('single', 'twin', 'touchless', name='handletype', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('mounting', sa.Enum('deck', 'wall', name='mounting', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('installation_holes', sa.Integer(), nullable=False),
    sa.Column('spout_type', sa.Enum('fixed', 'swivel', 'pull-down', 'pull-out', name='spouttype', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('flow_rate_lpm', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('spout_height_mm', sa.Integer(), nullable=True),
    sa.Column('spout_reach_mm', sa.Integer(), nullable=True),
    sa.Column('valve', sa.String(length=120), nullable=True),
    sa.Column('body_material', sa.String(length=120), nullable=True),
    sa.Column('seo_title', sa.String(length=70), nullable=True),
    sa.Column('seo_description', sa.String(length=160), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'archived', name='productstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('published_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('price_min', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('price_max', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('stock_total', sa.Integer(), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('installation_holes BETWEEN 1 AND 5', name=op.f('ck_products_installation_holes_range')),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_products_brand_id_brands'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_products_category_id_categories'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('slug', name=op.f('uq_products_slug'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_handle_type'), ['handle_type'], unique=False)
        batch_op.create_index('ix_products_listing_filters', ['status', 'published_at', 'category_id', 'brand_id', 'handle_type', 'mounting', 'stock_total', 'price_min'], unique=False)
        batch_op.create_index('ix_products_listing_name', ['status', 'name', 'id'], unique=False)
        batch_op.create_index('ix_products_listing_newest', ['status', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_products_listing_price', ['status', 'price_min', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_mounting'), ['mounting'], unique=False)

    op.create_table('product_certifications',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], name=op.f('fk_product_certifications_certification_id_certifications'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_certifications_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'certification_id', name=op.f('pk_product_certifications'))
    )
    with op.batch_alter_table('product_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_certifications_certification_id'), ['certification_id'], unique=False)

    op.create_table('product_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('alt', sa.String(length=250), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_images_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_images'))
    )
    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_images_product_id'), ['product_id'], unique=False)

    op.create_table('variants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('finish_id', sa.Integer(), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('compare_at_price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('compare_at_price >= 0', name=op.f('ck_variants_compare_at_not_negative')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_variants_price_not_negative')),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_variants_stock_not_negative')),
    sa.ForeignKeyConstraint(['finish_id'], ['finishes.id'], name=op.f('fk_variants_finish_id_finishes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_variants_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variants')),
    sa.UniqueConstraint('sku', name=op.f('uq_variants_sku'))
    )
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.create_index('ix_variants_finish_product', ['finish_id', 'product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_variants_product_id'), ['product_id'], unique=False)

    revision_table = op.create_table('catalogue_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_revision'))
    )
    # The one row listing caches read and writes bump.
    op.bulk_insert(revision_table, [{'id': 1, 'revision': 0}])


def downgrade():
    op.drop_table('catalogue_revision')

    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variants_product_id'))
        batch_op.drop_index('ix_variants_finish_product')

    op.drop_table('variants')

    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_images_product_id'))

    op.drop_table('product_images')

    with op.batch_alter_table('product_certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_certifications_certification_id'))

    op.drop_table('product_certifications')

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_mounting'))
        batch_op.drop_index('ix_products_listing_price')
        batch_op.drop_index('ix_products_listing_newest')
        batch_op.drop_index('ix_products_listing_name')
        batch_op.drop_index('ix_products_listing_filters')
        batch_op.drop_index(batch_op.f('ix_products_handle_type'))
        batch_op.drop_index(batch_op.f('ix_products_category_id'))
        batch_op.drop_index(batch_op.f('ix_products_brand_id'))

    op.drop_table('products')

    op.drop_table('finishes')

    op.drop_table('certifications')

    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_parent_id'))

    op.drop_table('categories')

    op.drop_table('brands')
