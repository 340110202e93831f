"""covering indexes for the dashboard's aggregates (issue 6: api/web)

Per-day and per-area counts of 100,000 incidents scanned the whole table (its rows carry the
JSON record); these indexes hold every column those queries read.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:05:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_incidents_day_killed': ('incidents', ['date_start', 'killed_best']),
    'ix_incidents_area_killed': ('incidents', ['country', 'admin1', 'killed_best']),
    'ix_events_day_killed': ('events', ['date_start', 'killed']),
    'ix_events_area_killed': ('events', ['country', 'admin1', 'killed']),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
