"""Incident listings, map points, aggregates and exports (issue 5's tables), reviewed.

The same `EventFilter` as for records; `kind` does not apply. Incidents carry reconciled
figures over their reports: `killed_best` (ACLED's lowest-figure rule) is what is summed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, TypeVar

from sqlalchemy import BindParameter, Dialect, Select, bindparam, func, or_, select
from sqlalchemy.engine import Compiled
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.api.queries import EventFilter, _like, area_items, fill_periods
from conflictwatch.store.incident_models import IncidentMemberRow, IncidentRow
from conflictwatch.store.models import DocumentRow
from conflictwatch.store.review import (
    corrections_for,
    effective,
    rejected_clause,
    reviewed_clause,
)

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
        if _given(value):
            query = query.where(column == value)
    if _given(f.date_from):  # by start date, like records (an index range, unlike an OR on end)
        query = query.where(IncidentRow.date_start >= f.date_from)
    if _given(f.date_to):
        query = query.where(IncidentRow.date_start <= f.date_to)
    if f.bbox is not None:
        w, s, e, n = f.bbox
        query = query.where(IncidentRow.lat.between(s, n), IncidentRow.lon.between(w, e))
    if _given(f.actor):
        query = query.where(IncidentRow.actors.ilike(_pattern(f.actor), escape="\\"))
    if f.min_killed is not None:
        query = query.where(IncidentRow.killed_best >= f.min_killed)
    if _given(f.document_id):
        query = query.where(IncidentRow.id.in_(select(IncidentMemberRow.incident_id).where(
            IncidentMemberRow.document_id == f.document_id)))
    if _given(f.q):
        pattern = _pattern(f.q)
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


def _given(value: Any) -> bool:
    """Whether a filter value is set (a template's placeholder always is)."""
    return isinstance(value, BindParameter) or (value is not None and value != "")


def _pattern(value: Any) -> Any:
    """A LIKE pattern for a search value (a template's placeholder is bound later)."""
    return value if isinstance(value, BindParameter) else _like(value)


# Filter fields a listing template holds as placeholders (bound per request).
_SCALARS = ("country", "admin1", "admin2", "event_type", "sub_event_type", "date_from",
            "date_to", "actor", "q", "document_id", "min_killed")


def _shape(f: EventFilter, grade: str | None, sort: str, desc: bool) -> tuple[Any, ...]:
    """What a listing's SQL depends on: which filters are set, not their values."""
    present = tuple(name for name in _SCALARS if _given(getattr(f, name)))
    return (present, f.bbox is not None, _given(grade), f.review, f.hide_rejected,
            sort, desc)


def _bound(f: EventFilter, grade: str | None) -> dict[str, Any]:
    """The values for a template's placeholders."""
    values: dict[str, Any] = {name: getattr(f, name) for name in _SCALARS
                              if _given(getattr(f, name))}
    for name in ("actor", "q"):
        if name in values:
            values[name] = _like(values[name])
    if f.bbox is not None:
        values.update(zip(("w", "s", "e", "n"), f.bbox, strict=True))
    if _given(grade):
        values["grade"] = grade
    return values


@dataclass(frozen=True)
class _Template:
    """A statement with placeholders and, when plain SQL can run it, its compiled form."""

    statement: Select[Any]
    compiled: Compiled | None


@lru_cache(maxsize=256)
def _templates(shape: tuple[Any, ...], dialect: Dialect) -> tuple[_Template, _Template]:
    """(count, page ids) statements for one filter shape, compiled, values left open.

    Building and compiling a SQLAlchemy statement costs more than running it on an indexed
    100k-row table; a listing shape is compiled once and afterwards only bound and run.
    """
    present, has_bbox, has_grade, review, hide_rejected, sort, desc = shape
    # placeholders stand where the filter's values go (apply_filter only compares them)
    placeholders: dict[str, Any] = {name: bindparam(name) for name in present}
    if has_bbox:
        placeholders["bbox"] = tuple(bindparam(k) for k in "wsen")
    template = EventFilter(**placeholders, review=review, hide_rejected=hide_rejected)
    grade: Any = bindparam("grade") if has_grade else None
    count = apply_filter(select(func.count(IncidentRow.id)), template, grade)
    ids = (apply_filter(select(IncidentRow.id), template, grade)
           .order_by(*order_by(dialect.name, sort, desc)))
    return _template(count, dialect), _template(ids, dialect)


def _template(statement: Select[Any], dialect: Dialect) -> _Template:
    compiled = statement.compile(dialect=dialect)
    # a parameter expanded at run time (an IN list) needs SQLAlchemy's own execution
    return _Template(statement, None if "POSTCOMPILE" in compiled.string else compiled)


def _run(session: Session, template: _Template, values: dict[str, Any],
         limit: int | None = None, offset: int = 0) -> Any:
    """Run a template with its values: compiled SQL straight on the session's connection
    (driver parameter style; dates as SQLAlchemy stores them on SQLite)."""
    compiled = template.compiled
    if compiled is None:
        statement = template.statement
        if limit is not None:
            statement = statement.limit(limit).offset(offset)
        return session.execute(statement, values)
    params: dict[str, Any] = dict(compiled.construct_params(values) or {})
    if compiled.dialect.name == "sqlite":
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    positions = getattr(compiled, "positiontup", None)
    args: Any = tuple(params[name] for name in positions) if positions else params
    sql = compiled.string
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return session.connection().exec_driver_sql(sql, args)


def reviewed(session: Session, rows: list[IncidentRow]) -> list[dict[str, Any]]:
    """Incident rows as reviewed records (analyst corrections applied)."""
    by_id = corrections_for(session, [str(r.id) for r in rows], "incident")
    return [effective(r.data, by_id.get(str(r.id), [])) for r in rows]


def order_by(dialect: str, sort: str, desc: bool) -> list[Any]:
    """ORDER BY with NULLs last on every backend (SQLite already puts them last in DESC,
    and a plain DESC keeps its index usable there)."""
    column = SORTS.get(sort, IncidentRow.date_start)
    sqlite = dialect == "sqlite"
    if desc:
        return [column.desc() if sqlite else column.desc().nulls_last(), IncidentRow.id.desc()]
    return [column.asc().nulls_last(), IncidentRow.id]


def list_incidents(session: Session, f: EventFilter, *, limit: int, offset: int = 0,
                   sort: str = "date", desc: bool = True, grade: str | None = None,
                   ) -> tuple[int, list[dict[str, Any]]]:
    """One page of reviewed incidents and the filtered total."""
    total, page = list_incidents_json(session, f, limit=limit, offset=offset, sort=sort,
                                      desc=desc, grade=grade)
    return total, [json.loads(item) for item in page]


def list_incidents_json(session: Session, f: EventFilter, *, limit: int, offset: int = 0,
                        sort: str = "date", desc: bool = True, grade: str | None = None,
                        ) -> tuple[int, list[str]]:
    """One page of reviewed incidents as JSON texts, and the filtered total.

    The page's ids come first from the indexes alone; only those rows' JSON is then read,
    so sorting never drags the large `data` column through the sorter. Records nobody
    corrected go out as stored (no decode and re-encode), with the unreviewed status added.
    """
    count, page = _templates(_shape(f, grade, sort, desc), session.get_bind().dialect)
    values = _bound(f, grade)
    total = _run(session, count, values).scalar() or 0
    ids = [int(i) for (i,) in _run(session, page, values, limit, offset)]
    if not ids:
        return total, []
    listed = ",".join(str(i) for i in ids)  # integers from the database: safe to inline
    stored: dict[int, str] = dict(session.connection().exec_driver_sql(
        f"SELECT id, CAST(data AS TEXT) FROM incidents WHERE id IN ({listed})").all())
    corrected = {row[0] for row in session.connection().exec_driver_sql(
        "SELECT DISTINCT target_id FROM corrections WHERE target_type = 'incident' "
        f"AND target_id IN ({','.join(repr(str(i)) for i in ids)})")}
    by_id = corrections_for(session, corrected, "incident") if corrected else {}
    out = []
    for i in ids:
        raw = stored.get(i)
        if raw is None:
            continue
        corrections = by_id.get(str(i))
        if corrections:
            out.append(json.dumps(effective(json.loads(raw), corrections), ensure_ascii=False,
                                  default=str))
        else:
            out.append(_with_review(raw))
    return total, out


_UNREVIEWED = ', "review": ' + json.dumps(
    {"status": "unreviewed", "by": None, "at": None, "changes": 0})


def _with_review(raw: str) -> str:
    """A stored record's JSON object with `review` (what `effective` adds) appended."""
    body = raw.rstrip()
    if not body.endswith("}"):  # not an object: take the slow, general path
        return json.dumps(effective(json.loads(raw), []), ensure_ascii=False, default=str)
    return body[:-1] + (_UNREVIEWED if body[:-1].strip() != "{" else _UNREVIEWED[1:]) + "}"


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

