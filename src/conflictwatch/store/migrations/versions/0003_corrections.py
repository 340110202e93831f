"""review corrections, API tokens, listing indexes (issue 6: api/web)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.Column('revoked', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sha256'),
    )
    op.create_table(
        'corrections',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('target_type', sa.String(length=20), nullable=False),
        sa.Column('target_id', sa.String(length=250), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_corrections_target', 'corrections', ['target_type', 'target_id'])
    op.create_index('ix_events_country_date', 'events', ['country', 'date_start'])
    op.create_index('ix_events_admin1', 'events', ['admin1'])
    op.create_index('ix_events_kind_date', 'events', ['kind', 'date_start'])


def downgrade() -> None:
    op.drop_index('ix_events_kind_date', table_name='events')
    op.drop_index('ix_events_admin1', table_name='events')
    op.drop_index('ix_events_country_date', table_name='events')
    op.drop_index('ix_corrections_target', table_name='corrections')
    op.drop_table('corrections')
    op.drop_table('api_tokens')
