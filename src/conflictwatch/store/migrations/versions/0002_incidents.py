"""incidents, incident members, running-total series and points, incident history (issue 5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'incidents',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('origin', sa.String(length=20), nullable=False),
        sa.Column('family', sa.String(length=40), nullable=False),
        sa.Column('event_type', sa.String(length=100), nullable=True),
        sa.Column('sub_event_type', sa.String(length=100), nullable=True),
        sa.Column('date_start', sa.Date(), nullable=True),
        sa.Column('date_end', sa.Date(), nullable=True),
        sa.Column('country', sa.String(length=8), nullable=True),
        sa.Column('admin1', sa.String(length=200), nullable=True),
        sa.Column('admin2', sa.String(length=200), nullable=True),
        sa.Column('location', sa.String(length=300), nullable=True),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.Column('actors', sa.Text(), nullable=False),
        sa.Column('killed_min', sa.Integer(), nullable=True),
        sa.Column('killed_max', sa.Integer(), nullable=True),
        sa.Column('killed_best', sa.Integer(), nullable=True),
        sa.Column('grade', sa.String(length=30), nullable=False),
        sa.Column('source_count', sa.Integer(), nullable=False),
        sa.Column('report_count', sa.Integer(), nullable=False),
        sa.Column('updated', sa.DateTime(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_incidents_family_date', 'incidents', ['family', 'date_start'])
    op.create_index('ix_incidents_date', 'incidents', ['date_start'])
    op.create_index('ix_incidents_country_date', 'incidents', ['country', 'date_start'])
    op.create_index('ix_incidents_admin1', 'incidents', ['admin1'])
    op.create_index('ix_incidents_type', 'incidents', ['event_type'])
    op.create_table(
        'incident_members',
        sa.Column('event_id', sa.String(length=250), nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.String(length=200), nullable=False),
        sa.Column('publisher', sa.String(length=300), nullable=False),
        sa.Column('pinned', sa.Boolean(), nullable=False),
        sa.Column('joined', sa.DateTime(), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id'),
    )
    op.create_index('ix_incident_members_incident', 'incident_members', ['incident_id'])
    op.create_index('ix_incident_members_document', 'incident_members', ['document_id'])
    op.create_table(
        'cumulative_series',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('label', sa.Text(), nullable=False),
        sa.Column('harm_type', sa.String(length=20), nullable=False),
        sa.Column('group_name', sa.String(length=100), nullable=False),
        sa.Column('area', sa.String(length=300), nullable=False),
        sa.Column('country', sa.String(length=8), nullable=True),
        sa.Column('admin1', sa.String(length=200), nullable=True),
        sa.Column('since', sa.Date(), nullable=True),
        sa.Column('latest_as_of', sa.Date(), nullable=True),
        sa.Column('latest_min', sa.Integer(), nullable=True),
        sa.Column('latest_max', sa.Integer(), nullable=True),
        sa.Column('updated', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_cumulative_series_type', 'cumulative_series', ['harm_type', 'country'])
    op.create_table(
        'cumulative_points',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('series_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=250), nullable=False),
        sa.Column('harm_index', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.String(length=200), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=True),
        sa.Column('min', sa.Integer(), nullable=True),
        sa.Column('max', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['series_id'], ['cumulative_series.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_cumulative_points_series', 'cumulative_points', ['series_id'])
    op.create_index('ix_cumulative_points_document', 'cumulative_points', ['document_id'])
    op.create_index('ix_cumulative_points_event', 'cumulative_points', ['event_id'])
    op.create_table(
        'incident_history',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_incident_history_incident', 'incident_history', ['incident_id'])


def downgrade() -> None:
    op.drop_table('incident_history')
    op.drop_table('cumulative_points')
    op.drop_table('cumulative_series')
    op.drop_table('incident_members')
    op.drop_table('incidents')
