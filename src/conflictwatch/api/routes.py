"""The JSON API under /api: records, documents, aggregates, ingest, review and exports."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conflictwatch.api import exports
from conflictwatch.api.deps import get_session, reader, sessions_of, writer
from conflictwatch.api.queries import (
    MAX_PAGE,
    EventFilter,
    counts_by_area,
    counts_by_period,
    cumulative_series,
    event_filter,
    list_events,
    map_points,
)
from conflictwatch.store.models import CorrectionRow, DocumentRow, EventRow, IngestErrorRow
from conflictwatch.store.review import Correction, effective, history, record_correction

router = APIRouter(prefix="/api", dependencies=[Depends(reader)])
MAX_TEXT = 500_000


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def fast_json(payload: dict[str, Any]) -> Any:
    """Plain JSON records straight to bytes (FastAPI's generic encoder walks every nested
    value and took most of a listing's time)."""
    return Response(json.dumps(payload, ensure_ascii=False, default=_default),
                    media_type="application/json")


def document_summary(row: DocumentRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "url": row.url, "publisher": row.publisher,
            "published": row.published, "published_inferred": row.published_inferred,
            "language": row.language, "origin": row.origin, "sha256": row.sha256,
            "retrieved": row.retrieved, "chars": len(row.text)}


def correction_json(row: CorrectionRow) -> dict[str, Any]:
    return {"id": row.id, "action": row.action, "changes": row.changes, "before": row.before,
            "author": row.author, "note": row.note, "at": row.created.isoformat() + "Z"}


def event_or_404(session: Session, event_id: str) -> EventRow:
    row = session.get(EventRow, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return row


@router.get("/documents", tags=["documents"])
def list_documents(session: Session = Depends(get_session),
                   limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0),
                   q: str | None = Query(None, max_length=200)) -> dict[str, Any]:
    """Stored documents, newest publication first; `q` searches title and text."""
    query = select(DocumentRow)
    if q:
        query = query.where(DocumentRow.text.ilike(f"%{q}%") | DocumentRow.title.ilike(f"%{q}%"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(DocumentRow.published.desc(), DocumentRow.id)
                           .limit(limit).offset(offset))
    return {"total": total, "limit": limit, "offset": offset,
            "items": [document_summary(r) for r in rows]}


@router.get("/documents/{doc_id}", tags=["documents"])
def get_document(doc_id: str, session: Session = Depends(get_session)) -> dict[str, Any]:
    """One document with its full text and its (reviewed) records."""
    row = session.get(DocumentRow, doc_id)
    if row is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    events = list(session.scalars(select(EventRow).where(EventRow.document_id == doc_id)
                                  .order_by(EventRow.id)))
    return {**document_summary(row), "text": row.text,
            "events": [effective(e.data, history(session, e.id)) for e in events]}


class DocumentIn(BaseModel):
    """A report to ingest: its text, or a URL to fetch (not both)."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT)
    url: HttpUrl | None = None
    id: str | None = Field(None, max_length=200, pattern=r"^[\w.:~-]+$")
    title: str | None = Field(None, max_length=1000)
    published: date | None = None
    extract: bool = True

    @model_validator(mode="after")
    def _one_source(self) -> DocumentIn:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of 'text' or 'url'")
        return self


@router.post("/documents", tags=["documents"], status_code=201)
def post_document(body: DocumentIn, request: Request,
                  user: str = Depends(writer)) -> dict[str, Any]:
    """Ingest a report (text or URL) like `conflictwatch ingest`, then extract its records."""
    from conflictwatch.ingest.core import IngestOptions, ingest

    sessions = sessions_of(request)
    if body.url is not None:
        report = ingest([str(body.url)], sessions, IngestOptions(published=body.published))
    else:
        report = _ingest_text(body, sessions)
    if report.errors and not (report.stored or report.duplicates):
        raise HTTPException(422, "; ".join(p.reason for p in report.errors))
    ids = report.stored + report.duplicates
    extracted = _extract(sessions, report.stored) if body.extract else None
    return {"stored": report.stored, "duplicates": report.duplicates, "documents": ids,
            "extraction": extracted, "by": user,
            "warnings": [p.reason for p in report.problems if p.level == "warning"]}


def _ingest_text(body: DocumentIn, sessions: Any) -> Any:
    from conflictwatch.ingest.core import IngestReport, _store_item
    from conflictwatch.ingest.readers import make_document

    assert body.text is not None
    doc = make_document(body.text, "api", doc_id=body.id, published=body.published,
                        title=body.title)
    report = IngestReport()
    with sessions() as session:
        _store_item(session, doc, report, lambda _o: None)
        session.commit()
    return report


def _extract(sessions: Any, doc_ids: list[str]) -> dict[str, Any]:
    """Run extraction on new documents; its absence or failure is reported, not fatal."""
    if not doc_ids:
        return {"documents": 0, "records": 0}
    try:
        from conflictwatch.pipeline import extract_and_store
        from conflictwatch.store.repo import row_to_document

        with sessions() as session:
            docs = [row_to_document(d) for d in session.scalars(
                select(DocumentRow).where(DocumentRow.id.in_(doc_ids)))]
        report = extract_and_store(sessions, docs)
    except Exception as exc:  # extraction is a separate stage; the document is stored anyway
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"documents": report.documents, "records": report.records,
            "failed": report.failed or []}


@router.get("/events", tags=["events"])
def get_events(session: Session = Depends(get_session), f: EventFilter = Depends(event_filter),
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0),
               sort: Literal["date", "killed", "type", "place", "country", "admin1"] = "date",
               order: Literal["asc", "desc"] = "desc") -> dict[str, Any]:
    """Records (DESIGN.md's event JSON with analyst corrections applied), filtered and paged.

    Rejected records are left out unless `review=rejected`. Each record has a `review` object.
    """
    total, items = list_events(session, f, limit=limit, offset=offset, sort=sort,
                               desc=order == "desc")
    return fast_json({"total": total, "limit": limit, "offset": offset, "items": items})


@router.get("/events/{event_id}", tags=["events"])
def get_event(event_id: str, session: Session = Depends(get_session)) -> dict[str, Any]:
    """One record with its report (document), evidence spans and review history."""
    row = event_or_404(session, event_id)
    corrections = history(session, event_id)
    doc = session.get(DocumentRow, row.document_id)
    report = {**document_summary(doc), "text": doc.text} if doc else None
    return {"event": effective(row.data, corrections), "machine": row.data,
            "reports": [report] if report else [], "evidence": row.data.get("evidence", []),
            "history": [correction_json(c) for c in corrections]}


@router.patch("/events/{event_id}", tags=["review"])
def patch_event(event_id: str, body: Correction, session: Session = Depends(get_session),
                user: str = Depends(writer)) -> dict[str, Any]:
    """Confirm, correct (type, date, place, actors, figures) or reject a record.

    The change is stored with who, when and the values it replaced; it survives re-extraction.
    """
    row = event_or_404(session, event_id)
    if body.action == "correct" and not body.changes():
        raise HTTPException(422, "action 'correct' needs at least one field to change")
    correction = record_correction(session, row, body, user)
    session.commit()
    return {"event": effective(row.data, history(session, event_id)),
            "correction": correction_json(correction)}


@router.get("/events/{event_id}/history", tags=["review"])
def event_history(event_id: str, session: Session = Depends(get_session)) -> dict[str, Any]:
    event_or_404(session, event_id)
    return {"items": [correction_json(c) for c in history(session, event_id)]}


@router.get("/map", tags=["aggregates"])
def get_map(session: Session = Depends(get_session), f: EventFilter = Depends(event_filter),
            limit: int = Query(20000, ge=1, le=100000)) -> dict[str, Any]:
    """Compact points for the map: [id, lat, lon, event_type, killed, date, place]."""
    points = map_points(session, f, limit)
    return {"fields": ["id", "lat", "lon", "event_type", "killed", "date", "place"],
            "items": points, "truncated": len(points) == limit}


@router.get("/stats/timeline", tags=["aggregates"])
def get_timeline(session: Session = Depends(get_session), f: EventFilter = Depends(event_filter),
                 interval: Literal["day", "week"] = "day") -> dict[str, Any]:
    """Events and killed per UTC day or ISO week (weeks start on Monday)."""
    return {"interval": interval, "items": counts_by_period(session, f, interval)}


@router.get("/stats/areas", tags=["aggregates"])
def get_areas(session: Session = Depends(get_session), f: EventFilter = Depends(event_filter),
              level: Literal["country", "admin1"] = "admin1") -> dict[str, Any]:
    """Events and killed per country or admin1 area."""
    return {"level": level, "items": counts_by_area(session, f, level)}


@router.get("/cumulative", tags=["aggregates"])
def get_cumulative(session: Session = Depends(get_session),
                   f: EventFilter = Depends(event_filter)) -> dict[str, Any]:
    """Running totals as series per place and harm type (highest figure per period end)."""
    return {"items": cumulative_series(session, f)}


@router.get("/export/{fmt}", tags=["export"])
def export(fmt: Literal["acled", "hxl", "geojson", "jsonl"], request: Request,
           f: EventFilter = Depends(event_filter)) -> StreamingResponse:
    """Stream every matching reviewed record (corrections applied, rejects left out)."""
    suffix = {"acled": "csv", "hxl": "hxl.csv", "geojson": "geojson", "jsonl": "jsonl"}[fmt]
    return StreamingResponse(
        exports.stream(fmt, sessions_of(request), f), media_type=exports.MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="conflictwatch.{suffix}"'})


@router.get("/ingest-errors", tags=["documents"])
def list_ingest_errors(session: Session = Depends(get_session),
                       limit: int = Query(100, ge=1, le=MAX_PAGE),
                       offset: int = Query(0, ge=0)) -> dict[str, Any]:
    """Inputs that could not be stored, and caveats on stored ones."""
    rows = session.scalars(select(IngestErrorRow).order_by(IngestErrorRow.id.desc())
                           .limit(limit).offset(offset))
    return {"items": [{"origin": r.origin, "level": r.level, "reason": r.reason,
                       "detail": r.detail, "created": r.created} for r in rows]}


# ---------------------------------------------------------------- incidents (issue 5's tables)

IncidentSort = Literal["date", "killed", "type", "place", "country", "admin1", "reports", "grade"]


def incident_or_404(session: Session, incident_id: int) -> Any:
    from conflictwatch.store.incident_models import IncidentRow

    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return row


def incident_detail(session: Session, incident_id: int) -> dict[str, Any]:
    """An incident (reviewed) with each report's text, evidence spans, and full history."""
    from conflictwatch.store.incidents import incident_history

    row = incident_or_404(session, incident_id)
    corrections = history(session, str(incident_id), "incident")
    reports = []
    for member in row.data.get("reports", []):
        event = session.get(EventRow, member["event_id"])
        doc = session.get(DocumentRow, member["document_id"])
        reports.append({**member, "text": doc.text if doc else None,
                        "language": doc.language if doc else None,
                        "evidence": event.data.get("evidence", []) if event else [],
                        "event": effective(event.data, history(session, event.id))
                        if event else None})
    return {"incident": effective(row.data, corrections), "machine": row.data,
            "reports": reports,
            "history": [{"kind": "correction", **correction_json(c)} for c in corrections]
            + [{"kind": "incident", **h} for h in incident_history(session, incident_id)]}


@router.get("/incidents", tags=["incidents"])
async def get_incidents(session: Session = Depends(get_session),
                  f: EventFilter = Depends(event_filter),
                  grade: str | None = Query(None, max_length=30,
                                            description="single source | several sources | "
                                            "contested ..."),
                  limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0),
                  sort: IncidentSort = "date",
                  order: Literal["asc", "desc"] = "desc") -> Response:
    """Incidents (events of several reports merged, figures reconciled), filtered and paged."""
    from conflictwatch.api import incidents

    total, items = incidents.list_incidents_json(session, f, limit=limit, offset=offset,
                                                 sort=sort, desc=order == "desc",
                                                 grade=grade or None)
    head = json.dumps({"total": total, "limit": limit, "offset": offset})[:-1]
    return Response(f'{head}, "items": [{", ".join(items)}]}}', media_type="application/json")


@router.get("/incidents/{incident_id}", tags=["incidents"])
def get_incident(incident_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    """One incident with its reports (text, evidence spans), figures and history."""
    return incident_detail(session, incident_id)


@router.patch("/incidents/{incident_id}", tags=["review"])
def patch_incident(incident_id: int, body: Correction, session: Session = Depends(get_session),
                   user: str = Depends(writer)) -> dict[str, Any]:
    """Confirm, correct or reject an incident (stored with who, when and what before)."""
    row = incident_or_404(session, incident_id)
    if body.action == "correct" and not body.changes():
        raise HTTPException(422, "action 'correct' needs at least one field to change")
    correction = record_correction(session, row, body, user, "incident")
    session.commit()
    return {"incident": effective(row.data, history(session, str(incident_id), "incident")),
            "correction": correction_json(correction)}


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_ids: list[str] = Field(..., min_length=1, max_length=500)


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    incident_ids: list[int] = Field(..., min_length=2, max_length=100)


@router.post("/incidents/{incident_id}/split", tags=["review"])
def split(incident_id: int, body: SplitIn, session: Session = Depends(get_session),
          user: str = Depends(writer)) -> dict[str, Any]:
    """Move reports (by event id) out of an incident into a new one."""
    from conflictwatch.store.incidents import IncidentError, split_incident

    try:
        new_id = split_incident(session, incident_id, body.event_ids, author=user)
    except IncidentError as exc:
        raise HTTPException(422, str(exc)) from None
    session.commit()
    return {"incident": incident_id, "new_incident": new_id}


@router.post("/incidents/merge", tags=["review"])
def merge(body: MergeIn, session: Session = Depends(get_session),
          user: str = Depends(writer)) -> dict[str, Any]:
    """Merge incidents into the lowest id."""
    from conflictwatch.store.incidents import IncidentError, merge_incidents

    try:
        target = merge_incidents(session, body.incident_ids, author=user)
    except IncidentError as exc:
        raise HTTPException(422, str(exc)) from None
    session.commit()
    return {"incident": target}


@router.get("/incidents-map", tags=["aggregates"])
def get_incident_map(session: Session = Depends(get_session),
                     f: EventFilter = Depends(event_filter),
                     limit: int = Query(20000, ge=1, le=100000)) -> dict[str, Any]:
    """Compact incident points: [id, lat, lon, event_type, killed, date, place, grade]."""
    from conflictwatch.api import incidents

    points = incidents.map_points(session, f, limit)
    return {"fields": ["id", "lat", "lon", "event_type", "killed", "date", "place", "grade"],
            "items": points, "truncated": len(points) == limit}


@router.get("/stats/incidents/timeline", tags=["aggregates"])
def get_incident_timeline(session: Session = Depends(get_session),
                          f: EventFilter = Depends(event_filter),
                          interval: Literal["day", "week"] = "day") -> dict[str, Any]:
    """Incidents and killed (reconciled best figure) per UTC day or ISO week."""
    from conflictwatch.api import incidents

    return {"interval": interval, "items": incidents.counts_by_period(session, f, interval)}


@router.get("/stats/incidents/areas", tags=["aggregates"])
def get_incident_areas(session: Session = Depends(get_session),
                       f: EventFilter = Depends(event_filter),
                       level: Literal["country", "admin1"] = "admin1") -> dict[str, Any]:
    from conflictwatch.api import incidents

    return {"level": level, "items": incidents.counts_by_area(session, f, level)}


@router.get("/series", tags=["aggregates"])
def get_series_list(session: Session = Depends(get_session), country: str | None = None,
                    harm_type: str | None = None) -> dict[str, Any]:
    """Running-total series of the incidents stage, each with all its points."""
    from conflictwatch.records import to_jsonable
    from conflictwatch.store.incidents import get_series, list_series

    items = [get_series(session, s.id) for s in list_series(session, country, harm_type)]
    return {"items": [to_jsonable(s) for s in items if s is not None]}


@router.get("/export/incidents/{fmt}", tags=["export"])
def export_incidents(fmt: Literal["acled", "hxl", "geojson", "jsonl"], request: Request,
                     f: EventFilter = Depends(event_filter)) -> StreamingResponse:
    """Stream reviewed incidents (corrections applied, rejects left out) in the export formats
    of `conflictwatch export`."""
    from conflictwatch.api import incidents

    suffix = {"acled": "csv", "hxl": "hxl.csv", "geojson": "geojson", "jsonl": "jsonl"}[fmt]
    return StreamingResponse(
        incidents.stream_export(fmt, sessions_of(request), f), media_type=exports.MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="incidents.{suffix}"'})


# ---------------------------------------------------------------- base-map labels


MIN_LABEL_POPULATION = 15000


@lru_cache(maxsize=2)
def _towns(path: str, _mtime: float) -> list[tuple[str, float, float, int]]:
    """Populated places big enough to label, most populous first (read once per file)."""
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [(n, la, lo, p) for n, la, lo, p in con.execute(
            "SELECT name, lat, lon, population FROM places WHERE fclass = 'P' AND population "
            ">= ? AND lat IS NOT NULL ORDER BY population DESC", (MIN_LABEL_POPULATION,))]
    except sqlite3.Error:
        return []
    finally:
        con.close()


@router.get("/places", tags=["aggregates"])
def get_places(bbox: str = Query(..., description="min_lon,min_lat,max_lon,max_lat"),
               limit: int = Query(40, ge=1, le=200)) -> dict[str, Any]:
    """The most populous gazetteer places in a box, for the offline map's labels.

    Read-only on the geo stage's gazetteer; empty when it has not been built yet (it is never
    built or downloaded here)."""
    from conflictwatch.api.queries import parse_bbox
    from conflictwatch.geo.gazetteer import default_path

    box = parse_bbox(bbox)
    assert box is not None
    path = default_path()
    if not path.exists():
        return {"items": [], "gazetteer": False}
    west, south, east, north = box
    items = []
    for name, lat, lon, population in _towns(str(path), path.stat().st_mtime):
        if south <= lat <= north and west <= lon <= east:
            items.append([name, lat, lon, population])
            if len(items) == limit:
                break
    return {"items": items, "gazetteer": True}
