"""search entries: the PostgreSQL search backend's documents, words and versions

The tables exist on SQLite too, so that models and migrations match on both; only the
PostgreSQL backend (SEARCH_BACKEND=postgres) writes them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 01:18:34.185920

"""
from alembic import op
import sqlalchemy as sa

import core.models
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # Trigram matching for typo corrections and completions. A trusted extension since
    # PostgreSQL 13: the database's owner may create it, managed services included.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('search_entries',
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('doc_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('terms', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=False),
    sa.Column('title_terms', sa.SmallInteger(), nullable=False),
    sa.Column('keywords', postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('numbers', postgresql.ARRAY(sa.Float()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('labels', postgresql.JSONB(astext_type=sa.Text()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('highlights', postgresql.JSONB(astext_type=sa.Text()).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('listing', sa.Text(), nullable=False),
    sa.Column('digest', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('doc_type', 'doc_id', name=op.f('pk_search_entries'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_doc_type_published_at', ['doc_type', 'published_at'], unique=False)
        batch_op.create_index('ix_search_entries_keywords', ['keywords'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_entries_terms', ['terms'], unique=False, postgresql_using='gin')

    op.create_table('search_versions',
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('format', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('doc_type', name=op.f('pk_search_versions'))
    )
    op.create_table('search_words',
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('word', sa.String(length=64).with_variant(sa.String(length=64, collation='C'), 'postgresql'), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('doc_type', 'word', name=op.f('pk_search_words'))
    )
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.create_index('ix_search_words_word_trgm', ['word'], unique=False, postgresql_using='gist', postgresql_ops={'word': 'gist_trgm_ops'})



def downgrade():
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.drop_index('ix_search_words_word_trgm', postgresql_using='gist', postgresql_ops={'word': 'gist_trgm_ops'})

    op.drop_table('search_words')
    op.drop_table('search_versions')
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entries_terms', postgresql_using='gin')
        batch_op.drop_index('ix_search_entries_keywords', postgresql_using='gin')
        batch_op.drop_index('ix_search_entries_doc_type_published_at')

    op.drop_table('search_entries')
