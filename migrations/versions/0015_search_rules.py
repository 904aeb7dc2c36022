"""search rules: synonyms, redirects, pins and boosts staff keep as data, seeded with the trade synonyms the engine had built in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 03:37:12.792536

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import core.models

# The trade synonyms the engine had built in, as the defaults staff now edit (as of this
# revision: later edits live in the table, not here).
DEFAULT_GROUPS = (
    ("tap", "faucet"),
    ("mixer", "mixing"),
    ("twin", "dual", "two handle"),
    ("gunmetal", "gun metal"),
    ("single lever", "single handle"),
    ("crosshead", "cross handle"),
    ("hands free", "touch free", "touchless", "sensor"),
    ("basin", "lavatory", "bathroom sink"),
    ("tub", "bath"),
    ("gray", "grey"),
    ("pre rinse", "prerinse"),
)


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    revision_table = op.create_table('search_rules_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_rules_revision'))
    )
    synonyms_table = op.create_table('search_synonyms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('two_way', 'one_way', name='synonymkind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('alternatives', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'live', name='rulestatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonyms'))
    )
    with op.batch_alter_table('search_synonyms', schema=None) as batch_op:
        batch_op.create_index('ix_search_synonyms_language_status', ['language', 'status'], unique=False)

    op.create_table('search_redirects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('match', sa.Enum('exact', 'contains', name='querymatch', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('draft', 'live', name='rulestatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_redirects'))
    )
    with op.batch_alter_table('search_redirects', schema=None) as batch_op:
        batch_op.create_index('ix_search_redirects_language_status', ['language', 'status'], unique=False)

    op.create_table('search_pins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('match', sa.Enum('exact', 'contains', name='querymatch', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('pinned', sa.JSON(), nullable=False),
    sa.Column('hidden', sa.JSON(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('draft', 'live', name='rulestatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_pins'))
    )
    with op.batch_alter_table('search_pins', schema=None) as batch_op:
        batch_op.create_index('ix_search_pins_language_status', ['language', 'status'], unique=False)

    op.create_table('search_boosts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attribute', sa.Enum('in_stock', 'brand', 'finish', 'new_arrivals', name='boostattribute', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('value', sa.String(length=140), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'live', name='rulestatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_boosts'))
    )
    now = datetime.now(UTC)
    op.bulk_insert(synonyms_table, [
        {'id': number, 'kind': 'two_way', 'language': 'en', 'terms': list(group), 'alternatives': [],
         'status': 'live', 'created_at': now, 'updated_at': now, 'version': 1}
        for number, group in enumerate(DEFAULT_GROUPS, start=1)
    ])
    op.bulk_insert(revision_table, [{'id': 1, 'revision': 1}])
    if op.get_bind().dialect.name == 'postgresql':  # ids given: move the sequence past them
        op.execute("SELECT setval(pg_get_serial_sequence('search_synonyms', 'id'), "
                   "(SELECT max(id) FROM search_synonyms))")


def downgrade():
    op.drop_table('search_boosts')
    with op.batch_alter_table('search_pins', schema=None) as batch_op:
        batch_op.drop_index('ix_search_pins_language_status')

    op.drop_table('search_pins')
    with op.batch_alter_table('search_redirects', schema=None) as batch_op:
        batch_op.drop_index('ix_search_redirects_language_status')

    op.drop_table('search_redirects')
    with op.batch_alter_table('search_synonyms', schema=None) as batch_op:
        batch_op.drop_index('ix_search_synonyms_language_status')

    op.drop_table('search_synonyms')
    op.drop_table('search_rules_revision')
