"""SQLAlchemy models of incidents and running-total series (issue 5; migration 0002).

Kept beside models.py (same `Base`) so that file stays the lead's. Portable SQL only.
Member and point rows key events by id without a foreign key: re-extraction replaces a
document's events, and resolution then re-files them (keeping hand-placed members).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from conflictwatch.store.models import Base


class IncidentRow(Base):
    """One incident: key fields as columns for filtering, the full record in `data`."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="extracted")
    family: Mapped[str] = mapped_column(String(40), nullable=False)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    actors: Mapped[str] = mapped_column(Text, nullable=False, default="")  # "|a|b|" for LIKE
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(30), nullable=False)
    source_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    report_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    data: Mapped[dict] = mapped_column(JSON, nullable=False)

    __table_args__ = (
        Index("ix_incidents_family_date", "family", "date_start"),
        Index("ix_incidents_date", "date_start"),
        Index("ix_incidents_country_date", "country", "date_start"),
        Index("ix_incidents_admin1", "admin1"),
        Index("ix_incidents_type", "event_type"),
    )


class IncidentMemberRow(Base):
    """One report in an incident: the event, its publisher, why it joined, its text sketch."""

    __tablename__ = "incident_members"

    event_id: Mapped[str] = mapped_column(String(250), primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False)
    document_id: Mapped[str] = mapped_column(String(200), nullable=False)
    publisher: Mapped[str] = mapped_column(String(300), nullable=False)
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    joined: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    why: Mapped[str] = mapped_column(Text, nullable=False, default="")
    data: Mapped[dict] = mapped_column(JSON, nullable=False)  # sketch, title, url, published

    __table_args__ = (
        Index("ix_incident_members_incident", "incident_id"),
        Index("ix_incident_members_document", "document_id"),
    )


class CumulativeSeriesRow(Base):
    """A running total's series and its latest value."""

    __tablename__ = "cumulative_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    harm_type: Mapped[str] = mapped_column(String(20), nullable=False)
    group_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    area: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    since: Mapped[date | None] = mapped_column(Date)
    latest_as_of: Mapped[date | None] = mapped_column(Date)
    latest_min: Mapped[int | None] = mapped_column(Integer)
    latest_max: Mapped[int | None] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    __table_args__ = (Index("ix_cumulative_series_type", "harm_type", "country"),)


class CumulativePointRow(Base):
    """One report of a running total (an event's harm entry) in its series."""

    __tablename__ = "cumulative_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("cumulative_series.id", ondelete="CASCADE"), nullable=False)
    event_id: Mapped[str] = mapped_column(String(250), nullable=False)
    harm_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    document_id: Mapped[str] = mapped_column(String(200), nullable=False)
    as_of: Mapped[date | None] = mapped_column(Date)
    min: Mapped[int | None] = mapped_column(Integer)
    max: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_cumulative_points_series", "series_id"),
        Index("ix_cumulative_points_document", "document_id"),
        Index("ix_cumulative_points_event", "event_id"),
    )


class IncidentHistoryRow(Base):
    """Hand actions on incidents (split, merge) and what they moved: the audit trail."""

    __tablename__ = "incident_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    detail: Mapped[dict] = mapped_column(JSON, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    __table_args__ = (Index("ix_incident_history_incident", "incident_id"),)
