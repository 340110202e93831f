"""SQLAlchemy models: the document store. Portable SQL only (SQLite and PostgreSQL)."""

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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One stored report; `sha256` of the normalised text makes content unique."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None] = mapped_column(Date)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    language: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    retrieved: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))


class IngestRunRow(Base):
    """One `ingest` invocation: what it was given and what became of it."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    finished: Mapped[datetime | None] = mapped_column(DateTime)
    inputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")


class IngestErrorRow(Base):
    """A bad input (or a caveat on a stored one), kept so nothing is lost silently."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    origin: Mapped[str] = mapped_column(Text, nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False, default="error")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class ExtractionRunRow(Base):
    """One extraction pass; every machine record points at the run (pipeline version) behind it."""

    __tablename__ = "extraction_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pipeline_version: Mapped[str] = mapped_column(String(40), nullable=False)
    started: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    finished: Mapped[datetime | None] = mapped_column(DateTime)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")


class EventRow(Base):
    """A machine-extracted record (DESIGN.md's event JSON in `data`, key fields as columns)."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(250), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_runs.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    killed: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, nullable=False)

    __table_args__ = (
        Index("ix_events_document", "document_id"),
        Index("ix_events_date", "date_start"),
        Index("ix_events_type", "event_type"),
    )


# --- Review and API access (issue 6: api/web). Additive; migration 0003_corrections. ---


class ApiTokenRow(Base):
    """An API token for write endpoints; only its sha256 is stored, never the token itself."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class CorrectionRow(Base):
    """An analyst's review action on a record: confirm, correct, reject, merge or split.

    Keyed by the target's id, not a foreign key, so corrections survive re-extraction (which
    replaces the machine rows) and are re-applied over the new machine values on read.
    `before` holds the values the change replaced, `changes` the new ones (field -> value).
    """

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_type: Mapped[str] = mapped_column(String(20), nullable=False, default="event")
    target_id: Mapped[str] = mapped_column(String(250), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    before: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    author: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    __table_args__ = (Index("ix_corrections_target", "target_type", "target_id"),)


# Indexes for the dashboard's filtered listings (country/admin1 + date, newest first).
Index("ix_events_country_date", EventRow.country, EventRow.date_start)
Index("ix_events_admin1", EventRow.admin1)
Index("ix_events_kind_date", EventRow.kind, EventRow.date_start)
