"""Incident listings, map points, aggregates and exports (issue 5's tables), reviewed.

The same `EventFilter` as for records; `kind` does not apply. Incidents carry reconciled
figures over their reports: `killed_best` (ACLED's lowest-figure rule) is what is summed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.api.queries import EventFilter, _like, area_items, fill_periods
from conflictwatch.api.review import (
    corrections_for,
    effective,
    rejected_clause,
    reviewed_clause,
)
from conflictwatch.store.incident_models import IncidentMemberRow, IncidentRow
from conflictwatch.store.models import DocumentRow

SORTS = {"date": IncidentRow.date_start, "killed": IncidentRow.killed_best,
         "type": IncidentRow.event_type, "place": IncidentRow.location,
         "country": IncidentRow.country, "admin1": IncidentRow.admin1,
         "reports": IncidentRow.report_count, "grade": IncidentRow.grade}
Q = TypeVar("Q", bound=Select)


def apply_filter(query: Q, f: EventFilter, grade: str | None = None) -> Q:
    """`query` (over IncidentRow) restricted by `f`; rejected incidents hidden by default."""
    for column, value in ((IncidentRow.country, f.country), (IncidentRow.admin1, f.admin1),
                          (IncidentRow.admin2, f.admin2), (IncidentRow.event_type, f.event_type),
                          (IncidentRow.sub_event_type, f.sub_event_type),
                          (IncidentRow.grade, grade)):
        if value is not None:
            query = query.where(column == value)
    if f.date_from:  # by start date, like records (an index range, unlike an OR on end)
        query = query.where(IncidentRow.date_start >= f.date_from)
    if f.date_to:
        query = query.where(IncidentRow.date_start <= f.date_to)
    if f.bbox:
        w, s, e, n = f.bbox
        query = query.where(IncidentRow.lat.between(s, n), IncidentRow.lon.between(w, e))
    if f.actor:
        query = query.where(IncidentRow.actors.ilike(_like(f.actor), escape="\\"))
    if f.min_killed is not None:
        query = query.where(IncidentRow.killed_best >= f.min_killed)
    if f.document_id:
        query = query.where(IncidentRow.id.in_(select(IncidentMemberRow.incident_id).where(
            IncidentMemberRow.document_id == f.document_id)))
    if f.q:
        pattern = _like(f.q)
        docs = select(DocumentRow.id).where(DocumentRow.text.ilike(pattern, escape="\\"))
        members = select(IncidentMemberRow.incident_id).where(
            IncidentMemberRow.document_id.in_(docs))
        query = query.where(or_(IncidentRow.location.ilike(pattern, escape="\\"),
                                IncidentRow.event_type.ilike(pattern, escape="\\"),
                                IncidentRow.actors.ilike(pattern, escape="\\"),
                                IncidentRow.id.in_(members)))
    if f.review == "rejected":
        return query.where(rejected_clause("incident"))
    if f.hide_rejected:
        query = query.where(~rejected_clause("incident"))
    if f.review == "reviewed":
        query = query.where(reviewed_clause("incident"))
    elif f.review == "unreviewed":
        query = query.where(~reviewed_clause("incident"))
    return query


def reviewed(session: Session, rows: list[IncidentRow]) -> list[dict[str, Any]]:
    """Incident rows as reviewed records (analyst corrections applied)."""
    by_id = corrections_for(session, [str(r.id) for r in rows], "incident")
    return [effective(r.data, by_id.get(str(r.id), [])) for r in rows]


def order_by(session: Session, sort: str, desc: bool) -> list[Any]:
    """ORDER BY with NULLs last on every backend (SQLite already puts them last in DESC,
    and a plain DESC keeps its index usable there)."""
    column = SORTS.get(sort, IncidentRow.date_start)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if desc:
        return [column.desc() if sqlite else column.desc().nulls_last(), IncidentRow.id.desc()]
    return [column.asc().nulls_last(), IncidentRow.id]


def list_incidents(session: Session, f: EventFilter, *, limit: int, offset: int = 0,
                   sort: str = "date", desc: bool = True, grade: str | None = None,
                   ) -> tuple[int, list[dict[str, Any]]]:
    """One page of reviewed incidents and the filtered total.

    The page's ids come first from the indexes alone; only those rows' JSON is then read,
    so sorting never drags the large `data` column through the sorter.
    """
    total = session.scalar(apply_filter(select(func.count(IncidentRow.id)), f, grade)) or 0
    ids = list(session.scalars(apply_filter(select(IncidentRow.id), f, grade)
                               .order_by(*order_by(session, sort, desc))
                               .limit(limit).offset(offset)))
    found = session.execute(select(IncidentRow.id, IncidentRow.data)
                            .where(IncidentRow.id.in_(ids))).tuples().all()
    data: dict[int, dict[str, Any]] = dict(found)
    by_id = corrections_for(session, [str(i) for i in ids], "incident")
    return total, [effective(data[i], by_id.get(str(i), [])) for i in ids if i in data]


def map_points(session: Session, f: EventFilter, limit: int) -> list[list[Any]]:
    """[id, lat, lon, event_type, killed_best, date, place, grade] per located incident."""
    query = apply_filter(select(IncidentRow.id, IncidentRow.lat, IncidentRow.lon,
                                IncidentRow.event_type, IncidentRow.killed_best,
                                IncidentRow.date_start, IncidentRow.location,
                                IncidentRow.grade), f)
    query = query.where(IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None))
    rows = session.execute(query.order_by(IncidentRow.date_start.desc(), IncidentRow.id)
                           .limit(limit))
    return [[r[0], r[1], r[2], r[3], r[4], r[5].isoformat() if r[5] else None, r[6], r[7]]
            for r in rows]


def counts_by_period(session: Session, f: EventFilter,
                     interval: Literal["day", "week"]) -> list[dict[str, Any]]:
    """Incidents and killed (best figure) per UTC day or ISO week, gaps filled with zeros."""
    query = apply_filter(select(IncidentRow.date_start, func.count(IncidentRow.id),
                                func.coalesce(func.sum(IncidentRow.killed_best), 0)), f)
    query = query.where(IncidentRow.date_start.is_not(None)).group_by(IncidentRow.date_start)
    return fill_periods(session.execute(query), interval)


def counts_by_area(session: Session, f: EventFilter,
                   level: Literal["country", "admin1"]) -> list[dict[str, Any]]:
    """Incidents and killed per country or per (country, admin1), most incidents first."""
    cols = [IncidentRow.country] + ([IncidentRow.admin1] if level == "admin1" else [])
    query = apply_filter(select(*cols, func.count(IncidentRow.id),
                                func.coalesce(func.sum(IncidentRow.killed_best), 0)), f)
    rows = session.execute(query.group_by(*cols).order_by(func.count(IncidentRow.id).desc()))
    return area_items(rows, level)


def has_incidents(session: Session) -> bool:
    return session.scalar(select(IncidentRow.id).limit(1)) is not None


def iter_reviewed(sessions: sessionmaker[Session], f: EventFilter,
                  page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching reviewed incident, page by page (keyset on id, bounded memory)."""
    last = -1
    while True:
        with sessions() as session:
            rows = list(session.scalars(apply_filter(select(IncidentRow), f)
                                        .where(IncidentRow.id > last)
                                        .order_by(IncidentRow.id).limit(page)))
            if not rows:
                return
            last = rows[-1].id
            yield from reviewed(session, rows)


def stream_export(fmt: str, sessions: sessionmaker[Session], f: EventFilter) -> Iterator[str]:
    """The incidents engineer's streaming writers over reviewed incidents, chunk by chunk."""
    from conflictwatch.store.incidents import incident_from_dict

    buffer = io.StringIO()
    batch: list[Any] = []
    first = True
    for record in iter_reviewed(sessions, f):
        batch.append(incident_from_dict({k: v for k, v in record.items() if k != "review"}))
        if len(batch) >= 200:
            yield _write_batch(fmt, batch, buffer, first)
            batch, first = [], False
    yield _write_batch(fmt, batch, buffer, first, last=True)


def _write_batch(fmt: str, batch: list[Any], buffer: io.StringIO, first: bool,
                 last: bool = False) -> str:
    """One batch through the writer; headers/wrappers kept only where they belong."""
    from conflictwatch.export.incidents import write

    buffer.seek(0)
    buffer.truncate()
    write(fmt, batch, buffer)
    text = buffer.getvalue()
    if fmt in ("acled", "hxl") and not first:
        text = text.split("\n", 2 if fmt == "hxl" else 1)[-1]
    elif fmt == "geojson":
        body = text[text.index("[") + 1:text.rindex("]")].strip("\n")
        head = '{"type": "FeatureCollection", "features": [\n' if first else ""
        sep = ",\n" if body and not first else ""
        text = head + sep + body + ("\n]}\n" if last else "")
    return text


def member_ids(session: Session, incident_id: int) -> list[str]:
    return list(session.scalars(select(IncidentMemberRow.event_id).where(
        IncidentMemberRow.incident_id == incident_id).order_by(IncidentMemberRow.event_id)))

