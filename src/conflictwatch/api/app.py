"""The JSON API (FastAPI) and the plain dashboard page listing documents and events."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch import __version__
from conflictwatch.store.db import open_store
from conflictwatch.store.models import DocumentRow, EventRow, IngestErrorRow

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "web" / "templates"))
MAX_PAGE = 500


def document_summary(row: DocumentRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "url": row.url, "publisher": row.publisher,
            "published": row.published, "published_inferred": row.published_inferred,
            "language": row.language, "origin": row.origin, "sha256": row.sha256,
            "retrieved": row.retrieved, "chars": len(row.text)}


def create_app(db_url: str | None = None) -> FastAPI:
    """The application over the store at `db_url` (default: CONFLICTWATCH_DB or the data dir)."""
    sessions: sessionmaker[Session] = open_store(db_url)
    app = FastAPI(title="conflictwatch", version=__version__,
                  description="Conflict events extracted from reports, with their evidence.")

    def db() -> Any:
        with sessions() as session:
            yield session

    @app.get("/api/documents", tags=["documents"])
    def list_documents(session: Session = Depends(db), limit: int = Query(50, ge=1, le=MAX_PAGE),
                       offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Stored documents, newest publication first."""
        total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        rows = session.scalars(select(DocumentRow).order_by(DocumentRow.published.desc(),
                                                            DocumentRow.id)
                               .limit(limit).offset(offset))
        return {"total": total, "limit": limit, "offset": offset,
                "items": [document_summary(r) for r in rows]}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def get_document(doc_id: str, session: Session = Depends(db)) -> dict[str, Any]:
        """One document with its full text and its records."""
        row = session.get(DocumentRow, doc_id)
        if row is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        events = session.scalars(select(EventRow).where(EventRow.document_id == doc_id)
                                 .order_by(EventRow.id))
        return {**document_summary(row), "text": row.text, "events": [e.data for e in events]}

    @app.get("/api/events", tags=["events"])
    def list_events(session: Session = Depends(db), kind: str | None = None,
                    event_type: str | None = None, country: str | None = None,
                    date_from: date | None = None, date_to: date | None = None,
                    document_id: str | None = None,
                    limit: int = Query(100, ge=1, le=MAX_PAGE),
                    offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Extracted records (DESIGN.md's event JSON), filtered and paginated."""
        query = select(EventRow)
        for column, value in ((EventRow.kind, kind), (EventRow.event_type, event_type),
                              (EventRow.country, country), (EventRow.document_id, document_id)):
            if value is not None:
                query = query.where(column == value)
        if date_from:
            query = query.where(EventRow.date_start >= date_from)
        if date_to:
            query = query.where(EventRow.date_start <= date_to)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(EventRow.date_start.desc(), EventRow.id)
                               .limit(limit).offset(offset))
        return {"total": total, "limit": limit, "offset": offset, "items": [r.data for r in rows]}

    @app.get("/api/ingest-errors", tags=["documents"])
    def list_ingest_errors(session: Session = Depends(db),
                           limit: int = Query(100, ge=1, le=MAX_PAGE),
                           offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Inputs that could not be stored, and caveats on stored ones."""
        rows = session.scalars(select(IngestErrorRow).order_by(IngestErrorRow.id.desc())
                               .limit(limit).offset(offset))
        return {"items": [{"origin": r.origin, "level": r.level, "reason": r.reason,
                           "detail": r.detail, "created": r.created} for r in rows]}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, session: Session = Depends(db)) -> Any:
        docs = session.scalars(select(DocumentRow).order_by(DocumentRow.published.desc(),
                                                            DocumentRow.id).limit(MAX_PAGE))
        events = session.scalars(select(EventRow).order_by(EventRow.date_start.desc(),
                                                           EventRow.id).limit(MAX_PAGE))
        return TEMPLATES.TemplateResponse(request, "index.html", {
            "documents": [document_summary(d) for d in docs],
            "events": [e.data for e in events], "version": __version__})

    return app
