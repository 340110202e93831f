"""Filters shared by the API and the dashboard, and the listing/aggregate queries over events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, HTTPException, Query
from pydantic import BeforeValidator
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from conflictwatch.api.deps import get_session
from conflictwatch.store.models import DocumentRow, EventRow
from conflictwatch.store.review import (
    corrections_for,
    effective,
    rejected_clause,
    rejects_exist,
    reviewed_clause,
)

MAX_PAGE = 500
SORTS = {"date": EventRow.date_start, "killed": EventRow.killed, "type": EventRow.event_type,
         "place": EventRow.location, "country": EventRow.country, "admin1": EventRow.admin1}
Review = Literal["all", "unreviewed", "reviewed", "rejected"]
Q = TypeVar("Q", bound=Select)
# An empty form field ("date_from=") means no filter, as a plain HTML form sends it.
OptionalDate = Annotated[date | None, BeforeValidator(lambda v: v or None)]


@dataclass
class EventFilter:
    """What a listing is restricted to; every field optional."""

    kind: str | None = "incident"
    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    q: str | None = None
    document_id: str | None = None
    min_killed: int | None = None
    review: Review = "all"
    hide_rejected: bool = True  # False when no reject exists: the filter would be a no-op


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """`min_lon,min_lat,max_lon,max_lat` -> tuple, or 422 with the reason."""
    if not value:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise HTTPException(422, "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    w, s, e, n = parts
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise HTTPException(422, "bbox out of range: lon in [-180,180], lat in [-90,90], "
                                 "min_lat <= max_lat")
    return w, s, e, n


async def event_filter(
    kind: str | None = Query("incident", description="incident | cumulative | context; "
                             "empty for all", max_length=20),
    date_from: Annotated[OptionalDate, Query(description="first event date (YYYY-MM-DD, "
                                             "UTC)")] = None,
    date_to: Annotated[OptionalDate, Query(description="last event date, inclusive")] = None,
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    country: str | None = Query(None, max_length=8, description="ISO 3166-1 alpha-2"),
    admin1: str | None = Query(None, max_length=200),
    admin2: str | None = Query(None, max_length=200),
    event_type: str | None = Query(None, max_length=100),
    sub_event_type: str | None = Query(None, max_length=100),
    actor: str | None = Query(None, max_length=200, description="substring of an actor name"),
    q: str | None = Query(None, max_length=200, description="text search: place, type, "
                          "actors and the report text"),
    document_id: str | None = Query(None, max_length=200),
    min_killed: Annotated[int | None, BeforeValidator(lambda v: v or None),
                          Query(description="at least this many killed")] = None,
    review: Review = Query("all", description="all (rejected hidden) | unreviewed | reviewed "
                           "| rejected"),
    session: Session = Depends(get_session),
) -> EventFilter:
    """FastAPI dependency: the query-string filters, validated (422 with the reason)."""
    if min_killed is not None and min_killed < 0:
        raise HTTPException(422, "min_killed must be 0 or more")
    if date_from and date_to and date_to < date_from:
        raise HTTPException(422, f"date_to {date_to} is before date_from {date_from}")
    return EventFilter(kind=kind or None, date_from=date_from, date_to=date_to,
                       bbox=parse_bbox(bbox), country=country or None, admin1=admin1 or None,
                       admin2=admin2 or None, event_type=event_type or None,
                       sub_event_type=sub_event_type or None, actor=actor or None, q=q or None,
                       document_id=document_id or None, min_killed=min_killed, review=review,
                       hide_rejected=rejects_exist(session))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filter(query: Q, f: EventFilter) -> Q:
    """`query` (over EventRow) restricted by `f`."""
    for column, value in ((EventRow.kind, f.kind), (EventRow.country, f.country),
                          (EventRow.admin1, f.admin1), (EventRow.event_type, f.event_type),
                          (EventRow.sub_event_type, f.sub_event_type),
                          (EventRow.document_id, f.document_id)):
        if value is not None:
            query = query.where(column == value)
    if f.date_from:
        query = query.where(EventRow.date_start >= f.date_from)
    if f.date_to:
        query = query.where(EventRow.date_start <= f.date_to)
    if f.bbox:
        w, s, e, n = f.bbox
        query = query.where(EventRow.lat.between(s, n), EventRow.lon.between(w, e))
    if f.admin2:
        query = query.where(EventRow.data["location"]["admin2"].as_string() == f.admin2)
    if f.actor:
        query = query.where(cast(EventRow.data["actors"], String).ilike(_like(f.actor),
                                                                        escape="\\"))
    if f.min_killed is not None:
        query = query.where(EventRow.killed >= f.min_killed)
    if f.q:
        pattern = _like(f.q)
        in_text = select(DocumentRow.id).where(DocumentRow.text.ilike(pattern, escape="\\"))
        query = query.where(or_(EventRow.location.ilike(pattern, escape="\\"),
                                EventRow.event_type.ilike(pattern, escape="\\"),
                                EventRow.sub_event_type.ilike(pattern, escape="\\"),
                                cast(EventRow.data["actors"], String).ilike(pattern, escape="\\"),
                                EventRow.document_id.in_(in_text)))
    if f.review == "rejected":
        query = query.where(rejected_clause())
    else:
        if f.hide_rejected:
            query = query.where(~rejected_clause())
        if f.review == "reviewed":
            query = query.where(reviewed_clause())
        elif f.review == "unreviewed":
            query = query.where(~reviewed_clause())
    return query


def list_events(session: Session, f: EventFilter, *, limit: int, offset: int = 0,
                sort: str = "date", desc: bool = True) -> tuple[int, list[dict[str, Any]]]:
    """One page of reviewed records and the filtered total."""
    total = session.scalar(apply_filter(select(func.count(EventRow.id)), f)) or 0
    column = SORTS.get(sort, EventRow.date_start)
    order = column.desc().nulls_last() if desc else column.asc().nulls_last()
    ids = list(session.scalars(apply_filter(select(EventRow.id), f)
                               .order_by(order, EventRow.id).limit(limit).offset(offset)))
    rows = {r.id: r for r in session.scalars(select(EventRow).where(EventRow.id.in_(ids)))}
    return total, with_reviews(session, [rows[i] for i in ids if i in rows])


def with_reviews(session: Session, rows: list[EventRow]) -> list[dict[str, Any]]:
    """Rows as reviewed records (corrections applied)."""
    by_id = corrections_for(session, [r.id for r in rows])
    return [effective(r.data, by_id.get(r.id, [])) for r in rows]


def map_points(session: Session, f: EventFilter, limit: int) -> list[list[Any]]:
    """Compact map points from the (corrected) columns: id, lat, lon, type, killed, date, place."""
    query = apply_filter(select(EventRow.id, EventRow.lat, EventRow.lon, EventRow.event_type,
                                EventRow.killed, EventRow.date_start, EventRow.location), f)
    query = query.where(EventRow.lat.is_not(None), EventRow.lon.is_not(None))
    rows = session.execute(query.order_by(EventRow.date_start.desc(), EventRow.id).limit(limit))
    return [[r[0], r[1], r[2], r[3], r[4], r[5].isoformat() if r[5] else None, r[6]]
            for r in rows]


def counts_by_period(session: Session, f: EventFilter,
                     interval: Literal["day", "week"]) -> list[dict[str, Any]]:
    """Events and killed per UTC day (or ISO week, starting Monday), gaps filled with zeros."""
    query = apply_filter(select(EventRow.date_start, func.count(EventRow.id),
                                func.coalesce(func.sum(EventRow.killed), 0)), f)
    query = query.where(EventRow.date_start.is_not(None)).group_by(EventRow.date_start)
    return fill_periods(session.execute(query), interval)


def fill_periods(rows: Iterable[Any], interval: Literal["day", "week"]) -> list[dict[str, Any]]:
    """(day, count, killed) rows -> one bucket per UTC day or ISO week, gaps filled with 0."""
    buckets: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day, events, killed in rows:
        if day is None:
            continue
        key = day - timedelta(days=day.weekday()) if interval == "week" else day
        buckets[key][0] += events
        buckets[key][1] += int(killed or 0)
    if not buckets:
        return []
    step = timedelta(days=7 if interval == "week" else 1)
    out, day = [], min(buckets)
    while day <= max(buckets):
        events, killed = buckets.get(day, (0, 0))
        out.append({"period": day.isoformat(), "events": events, "killed": killed})
        day += step
    return out


def counts_by_area(session: Session, f: EventFilter,
                   level: Literal["country", "admin1"]) -> list[dict[str, Any]]:
    """Events and killed per country or per (country, admin1), most events first."""
    cols = [EventRow.country] + ([EventRow.admin1] if level == "admin1" else [])
    query = apply_filter(select(*cols, func.count(EventRow.id),
                                func.coalesce(func.sum(EventRow.killed), 0)), f)
    rows = session.execute(query.group_by(*cols).order_by(func.count(EventRow.id).desc()))
    return area_items(rows, level)


def area_items(rows: Iterable[Any], level: Literal["country", "admin1"]) -> list[dict[str, Any]]:
    """(country[, admin1], count, killed) rows -> JSON items."""
    out = []
    for row in rows:
        item = {"country": row[0], "events": row[-2], "killed": int(row[-1] or 0)}
        if level == "admin1":
            item["admin1"] = row[1]
        out.append(item)
    return out


def cumulative_series(session: Session, f: EventFilter) -> list[dict[str, Any]]:
    """Running totals ("since Monday, 120 killed") as series per place and harm type.

    Each point is the highest reported figure for a period end; a series is never summed,
    because every report of a running total repeats the earlier ones.
    """
    f = EventFilter(**{**f.__dict__, "kind": "cumulative"})
    records = with_reviews(session, list(session.scalars(
        apply_filter(select(EventRow), f).order_by(EventRow.date_end, EventRow.id).limit(5000))))
    series: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for rec in records:
        loc = rec.get("location") or {}
        place = loc.get("name") or loc.get("admin1") or loc.get("country") or "unknown place"
        end = (rec.get("date") or {}).get("end") or (rec.get("date") or {}).get("start")
        if not end:
            continue
        for harm in rec.get("harm", []):
            value = harm.get("min") if harm.get("min") is not None else harm.get("max")
            if value is None:
                continue
            key = (place, harm.get("type", "killed"), harm.get("group", "people"))
            series[key][end] = max(series[key].get(end, 0), int(value))
    return [{"place": place, "type": kind, "group": group,
             "points": sorted(points.items())}
            for (place, kind, group), points in sorted(series.items())]
