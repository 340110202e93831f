"""Incidents and running-total series in the store, through the record types.

`resolve_document` / `resolve_pending` file stored events into incidents (incrementally);
`list_incidents` / `iter_incidents` / `get_incident` read them back; `split_incident` and
`merge_incidents` are the analyst's hand corrections (pinned, kept across re-extraction).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Integer, Select, and_, cast, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from conflictwatch.records import (
    Actor,
    CumulativePoint,
    CumulativeSeries,
    Event,
    EventDate,
    Harm,
    HarmRange,
    Incident,
    IncidentReport,
    Location,
    Source,
)
from conflictwatch.resolve.cumulative import (
    SeriesKey,
    document_area,
    later,
    point,
    series_key,
    totals,
)
from conflictwatch.resolve.grading import dateline_publisher, sketch
from conflictwatch.resolve.harm import describe, figure_of
from conflictwatch.resolve.incident import IncidentState, Member, summarise
from conflictwatch.resolve.matching import event_days
from conflictwatch.resolve.resolver import Resolver
from conflictwatch.resolve.rules import rules
from conflictwatch.store.incident_models import (
    CumulativePointRow,
    CumulativeSeriesRow,
    IncidentHistoryRow,
    IncidentMemberRow,
    IncidentRow,
)
from conflictwatch.store.models import CorrectionRow, DocumentRow, EventRow
from conflictwatch.store.repo import utcnow

CHUNK = 2000


# ---------------------------------------------------------------- records <-> JSON


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _report_from_dict(d: dict[str, Any]) -> IncidentReport:
    d = dict(d)
    d["published"] = _date(d.get("published"))
    d["harm"] = [Harm(**h) for h in d.get("harm", [])]
    d["actors"] = [Actor(**a) for a in d.get("actors", [])]
    d["sources"] = [Source(**s) for s in d.get("sources", [])]
    return IncidentReport(**d)


def incident_from_dict(data: dict[str, Any]) -> Incident:
    """Inverse of `to_jsonable(incident)`."""
    d = dict(data)
    if d.get("date"):
        dd = dict(d["date"])
        d["date"] = EventDate(_date(dd.get("start")), _date(dd.get("end")),
                              dd.get("precision", "day"), dd.get("text"))
    if d.get("location"):
        d["location"] = Location(**d["location"])
    d["actors"] = [Actor(**a) for a in d.get("actors", [])]
    d["harm"] = [HarmRange(**h) for h in d.get("harm", [])]
    d["reports"] = [_report_from_dict(r) for r in d.get("reports", [])]
    known = {f.name for f in dataclasses.fields(Incident)}
    return Incident(**{k: v for k, v in d.items() if k in known})


# ---------------------------------------------------------------- writing incidents


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return _FIELDS[cls]


def plain(obj: Any) -> Any:
    """A record as JSON-ready data: `to_jsonable` without `asdict`'s deep copies (hot path)."""
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return {name: plain(getattr(obj, name)) for name in _field_names(type(obj))}


def _actor_key(incident: Incident) -> str:
    return "|" + "|".join(sorted({a.name for a in incident.actors})) + "|"


def incident_columns(incident: Incident, family: str) -> dict[str, Any]:
    """The column values of an incident record's row (filter columns + the record as JSON)."""
    loc, dt, killed = incident.location, incident.date, incident.killed()
    return {
        "id": incident.id, "origin": incident.origin, "family": family,
        "event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
        "date_start": dt.start if dt else None, "date_end": dt.end if dt else None,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "location": (loc.name or loc.text) if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "actors": _actor_key(incident),
        "killed_min": killed.min if killed else None,
        "killed_max": killed.max if killed else None,
        "killed_best": killed.best if killed else None,
        "grade": incident.grade, "source_count": incident.source_count,
        "report_count": len(incident.reports), "updated": utcnow(),
        "data": plain(incident),
    }


def write_incidents(session: Session, items: Sequence[tuple[Incident, str]]) -> None:
    """Insert or update incident rows in bulk (executemany, no per-row ORM round trips)."""
    if not items:
        return
    rows = [incident_columns(inc, family) for inc, family in items]
    ids = [r["id"] for r in rows]
    existing: set[int] = set()
    for i in range(0, len(ids), CHUNK):
        existing.update(session.scalars(select(IncidentRow.id)
                                        .where(IncidentRow.id.in_(ids[i:i + CHUNK]))))
    updates = [r for r in rows if r["id"] in existing]
    inserts = [r for r in rows if r["id"] not in existing]
    if updates:
        session.execute(update(IncidentRow), updates)
    if inserts:
        session.execute(insert(IncidentRow), inserts)


def write_incident(session: Session, incident: Incident, family: str) -> None:
    """Insert or update one incident row."""
    write_incidents(session, [(incident, family)])


def next_incident_id(session: Session) -> int:
    """An id never used before: above every incident, and above every id that analysts'
    corrections or the incident history mention (an incident emptied by re-resolution is
    deleted; reusing its id would hang its corrections on an unrelated incident)."""
    used = [session.scalar(select(func.max(IncidentRow.id))),
            session.scalar(select(func.max(IncidentHistoryRow.incident_id))),
            # incident corrections are keyed by str(incident id): the largest, in SQL
            session.scalar(select(func.max(cast(CorrectionRow.target_id, Integer)))
                           .where(CorrectionRow.target_type == "incident"))]
    return max((int(u) for u in used if u is not None), default=0) + 1


# ---------------------------------------------------------------- documents and members


@dataclass
class DocInfo:
    publisher: str
    sketch: tuple[int, ...]
    title: str | None = None
    url: str | None = None
    published: date | None = None


def publisher_of(row: DocumentRow) -> str:
    """The outlet: metadata, else the dateline's agency, else the site, else the document."""
    host = urlparse(row.url).hostname if row.url else None
    return row.publisher or dateline_publisher(row.text or "") or host or f"document {row.id}"


def doc_infos(session: Session, doc_ids: Iterable[str]) -> dict[str, DocInfo]:
    """Publisher, text sketch and metadata of each document."""
    out: dict[str, DocInfo] = {}
    ids = sorted(set(doc_ids))
    for i in range(0, len(ids), CHUNK):
        for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids[i:i + CHUNK]))):
            out[row.id] = DocInfo(publisher_of(row), sketch(row.text or ""), row.title, row.url,
                                  row.published)
    return out


def _member(event: Event, info: DocInfo | None) -> Member:
    info = info or DocInfo(f"document {event.document_id}", ())
    return Member(event, info.publisher, info.sketch, info.title, info.url, info.published)


def _member_data(m: Member) -> dict[str, Any]:
    return {"sketch": list(m.sketch), "title": m.title, "url": m.url,
            "published": m.published.isoformat() if m.published else None}


def _load_states(session: Session, where: Any) -> list[IncidentState]:
    """Incidents matching `where` with their members' events, ready for resolution."""
    rows = list(session.scalars(select(IncidentRow).where(IncidentRow.origin == "extracted",
                                                            where)))
    states = {r.id: IncidentState(r.id, r.family, dirty=False) for r in rows}
    ids = sorted(states)
    for i in range(0, len(ids), CHUNK):
        q = (select(IncidentMemberRow, EventRow.data)
             .join(EventRow, EventRow.id == IncidentMemberRow.event_id)
             .where(IncidentMemberRow.incident_id.in_(ids[i:i + CHUNK]))
             .order_by(IncidentMemberRow.incident_id, IncidentMemberRow.joined,
                       IncidentMemberRow.event_id))
        for mrow, data in session.execute(q):
            md = mrow.data or {}
            states[mrow.incident_id].members.append(Member(
                Event.from_dict(data), mrow.publisher, tuple(md.get("sketch", ())),
                md.get("title"), md.get("url"), _date(md.get("published")), mrow.why,
                mrow.pinned, stored=True))
    return [states[i] for i in ids]


def _window_states(session: Session, events: Sequence[Event]) -> list[IncidentState]:
    spans = [d for d in (event_days(e) for e in events) if d]
    if not spans:
        return []
    gap = timedelta(days=rules().max_day_gap + rules().max_event_span_days)
    start, end = min(s for s, _ in spans) - gap, max(e for _, e in spans) + gap
    families = sorted({rules().family(e.event_type) for e in events})
    where = and_(IncidentRow.family.in_(families), IncidentRow.date_start <= end,
                 IncidentRow.date_end >= start)
    if len(events) <= NEAR_FILTER_MAX_EVENTS:  # one document: only incidents near its places
        where = and_(where, or_(*(_near(e.location) for e in events)))
    return _load_states(session, where)


NEAR_FILTER_MAX_EVENTS = 50
NEAR_DEG = 0.3  # an incident's point may be a member's place up to ~10 km from the matching one


def _near(loc: Location | None) -> Any:
    """Incidents that may hold a report near `loc` (by box, admin2 or name, or unlocated)."""
    if loc is None:
        return IncidentRow.id.is_(None)  # a record without a place never merges
    conds: list[Any] = [IncidentRow.lat.is_(None)]
    if loc.lat is not None and loc.lon is not None:
        dlon = NEAR_DEG / max(0.05, math.cos(math.radians(loc.lat)))
        conds.append(and_(IncidentRow.lat.between(loc.lat - NEAR_DEG, loc.lat + NEAR_DEG),
                          IncidentRow.lon.between(loc.lon - dlon, loc.lon + dlon)))
    if loc.admin2:
        conds.append(IncidentRow.admin2 == loc.admin2)
    if loc.name or loc.text:
        conds.append(IncidentRow.location == (loc.name or loc.text))
    return or_(*conds)


def _save_states(session: Session, states: Iterable[IncidentState]) -> None:
    """Write changed incidents and their new members; drop incidents left without reports."""
    changed = [s for s in states if s.dirty]
    empty = [s.id for s in changed if not s.members]
    with session.no_autoflush:
        if empty:
            session.execute(delete(IncidentRow).where(IncidentRow.id.in_(empty)))
        write_incidents(session, [(summarise(s), s.family) for s in changed if s.members])
        now = utcnow()
        members = [{"event_id": m.event.id, "incident_id": s.id,
                    "document_id": m.event.document_id, "publisher": m.publisher,
                    "pinned": m.pinned, "joined": now, "why": m.why, "data": _member_data(m)}
                   for s in changed for m in s.members if not m.stored]
        if members:
            session.execute(insert(IncidentMemberRow), members)
    for s in changed:
        for m in s.members:
            m.stored = True
        s.dirty = False


# ---------------------------------------------------------------- running totals


def _file_totals(session: Session, events: Iterable[Event]) -> int:
    """Add the running totals of `events` to their series (creating series as needed)."""
    count, events = 0, list(events)
    areas = document_area(events)
    for ev in events:
        for index, harm in totals(ev):
            key, pt = series_key(ev, harm, areas.get(ev.document_id)), point(ev, harm)
            row = _find_series(session, key) or _new_series(session, key)
            session.add(CumulativePointRow(series_id=row.id, event_id=ev.id, harm_index=index,
                                           document_id=ev.document_id, as_of=pt.as_of,
                                           min=pt.min, max=pt.max, text=pt.text))
            _update_latest(row, pt)
            count += 1
    session.flush()
    return count


def _series_key(row: CumulativeSeriesRow) -> SeriesKey:
    return SeriesKey(row.harm_type, row.group_name, row.country, row.admin1, row.area, row.since)


def _find_series(session: Session, key: SeriesKey) -> CumulativeSeriesRow | None:
    q = select(CumulativeSeriesRow).where(CumulativeSeriesRow.harm_type == key.harm_type)
    q = q.where(CumulativeSeriesRow.country.is_(None) if key.country is None
                else CumulativeSeriesRow.country == key.country)
    for row in session.scalars(q.order_by(CumulativeSeriesRow.id)):
        if _series_key(row).matches(key):
            return row
    return None


def _new_series(session: Session, key: SeriesKey) -> CumulativeSeriesRow:
    row = CumulativeSeriesRow(label=key.label(), harm_type=key.harm_type, group_name=key.group,
                              area=key.area, country=key.country, admin1=key.admin1,
                              since=key.since, updated=utcnow())
    session.add(row)
    session.flush()
    return row


def _update_latest(row: CumulativeSeriesRow, pt: CumulativePoint) -> None:
    current = CumulativePoint("", "", row.latest_as_of, row.latest_min, row.latest_max) \
        if row.latest_as_of or row.latest_min is not None else None
    if later(pt, current):
        row.latest_as_of, row.latest_min, row.latest_max = pt.as_of, pt.min, pt.max
    row.updated = utcnow()


def _refresh_series(session: Session, series_ids: Iterable[int]) -> None:
    """Recompute the latest value of series (after points were removed); drop empty ones."""
    for sid in sorted(set(series_ids)):
        row = session.get(CumulativeSeriesRow, sid)
        if row is None:
            continue
        pts = session.scalars(select(CumulativePointRow).where(CumulativePointRow.series_id == sid))
        row.latest_as_of, row.latest_min, row.latest_max = None, None, None
        empty = True
        for p in pts:
            empty = False
            _update_latest(row, CumulativePoint(p.event_id, p.document_id, p.as_of, p.min, p.max))
        if empty:
            session.delete(row)
    session.flush()


# ---------------------------------------------------------------- resolution


@dataclass
class ResolveReport:
    events: int = 0
    joined: int = 0
    created: int = 0
    totals: int = 0
    skipped: int = 0
    incident_ids: list[int] = field(default_factory=list)


def _is_incident(ev: Event) -> bool:
    return ev.kind == "incident" or (ev.kind == "context" and bool(ev.event_type))


def resolve_events(session: Session, events: Sequence[Event],
                   pins: dict[str, int] | None = None) -> ResolveReport:
    """File stored events: incident records into incidents, running totals into series.

    `pins` maps event ids to incidents they were placed in by hand (kept over re-extraction).
    """
    report = ResolveReport(events=len(events))
    report.totals = _file_totals(session, events)
    wanted = sorted((e for e in events if _is_incident(e)),
                    key=lambda e: (event_days(e) or (date.max, date.max), e.document_id, e.id))
    report.skipped = len(events) - len(wanted)
    if not wanted:
        return report
    infos = doc_infos(session, (e.document_id for e in wanted))
    resolver = Resolver(_window_states(session, wanted), next_incident_id(session))
    pinned = _pinned_states(session, resolver, pins or {})
    for ev in wanted:
        member = _member(ev, infos.get(ev.document_id))
        if ev.id in pinned:
            state = pinned[ev.id]
            member.pinned, member.why = True, f"placed in incident {state.id} by hand"
            state.members.append(member)
            state.dirty = True
        else:
            state = resolver.add(member)
            report.created += len(state.members) == 1
            report.joined += len(state.members) > 1
        report.incident_ids.append(state.id)
    _save_states(session, resolver.states.values())
    return report


def _pinned_states(session: Session, resolver: Resolver,
                   pins: dict[str, int]) -> dict[str, IncidentState]:
    out = {}
    for event_id, incident_id in pins.items():
        state = resolver.states.get(incident_id)
        if state is None:
            loaded = _load_states(session, IncidentRow.id == incident_id)
            if not loaded:
                continue
            state = resolver.states[incident_id] = loaded[0]
        out[event_id] = state
    return out


def detach_document(session: Session, document_id: str) -> dict[str, int]:
    """Take a document's reports out of incidents and series (before re-filing its events).

    Returns the hand placements (event id -> incident id) so they can be restored."""
    members = list(session.scalars(select(IncidentMemberRow)
                                   .where(IncidentMemberRow.document_id == document_id)))
    pins = {m.event_id: m.incident_id for m in members if m.pinned}
    touched = {m.incident_id for m in members}
    session.execute(delete(IncidentMemberRow).where(IncidentMemberRow.document_id == document_id))
    series = set(session.scalars(select(CumulativePointRow.series_id)
                                 .where(CumulativePointRow.document_id == document_id)))
    session.execute(delete(CumulativePointRow)
                    .where(CumulativePointRow.document_id == document_id))
    session.flush()
    refresh_incidents(session, touched, keep=set(pins.values()))
    _refresh_series(session, series)
    return pins


def refresh_incidents(session: Session, incident_ids: Iterable[int],
                      keep: set[int] | None = None) -> None:
    """Recompute incidents from their current members; delete those left empty unless in
    `keep` (hand-made incidents waiting for their re-extracted reports)."""
    ids = sorted(set(incident_ids))
    states = {s.id: s for s in _load_states(session, IncidentRow.id.in_(ids))} if ids else {}
    for i in ids:
        state = states.get(i) or IncidentState(i, "unknown")
        if state.members or i not in (keep or set()):
            state.dirty = True
            _save_states(session, [state])


def resolve_document(session: Session, document_id: str) -> ResolveReport:
    """(Re-)file one document's stored events; hand placements survive re-extraction."""
    pins = detach_document(session, document_id)
    rows = session.scalars(select(EventRow.data).where(EventRow.document_id == document_id)
                           .order_by(EventRow.id))
    report = resolve_events(session, [Event.from_dict(d) for d in rows], pins)
    if pins:  # a hand-made incident whose reports did not come back is dropped
        refresh_incidents(session, set(pins.values()) - set(report.incident_ids))
    return report


def _pending_ids(session: Session) -> list[str]:
    """Ids of stored events in no incident and no series yet, in date order."""
    filed = select(IncidentMemberRow.event_id)
    totalled = select(CumulativePointRow.event_id)
    return list(session.scalars(
        select(EventRow.id).where(EventRow.id.not_in(filed), EventRow.id.not_in(totalled))
        .order_by(EventRow.date_start, EventRow.document_id, EventRow.id)))


def _events(session: Session, ids: Sequence[str]) -> list[Event]:
    q = select(EventRow.id, EventRow.data).where(EventRow.id.in_(ids))
    rows: dict[str, dict[str, Any]] = {i: d for i, d in session.execute(q)}
    return [Event.from_dict(rows[i]) for i in ids if i in rows]


def resolve_pending(session: Session, chunk: int = CHUNK,
                    on_chunk: Callable[[ResolveReport], None] | None = None) -> ResolveReport:
    """File every stored event not yet in an incident or series, in date order, by chunks
    (memory holds one chunk of events and the incidents near it in time)."""
    total = ResolveReport()
    ids = _pending_ids(session)
    for start in range(0, len(ids), chunk):
        _accumulate(total, resolve_events(session, _events(session, ids[start:start + chunk])))
        session.flush()
        session.expunge_all()
        if on_chunk:
            on_chunk(total)
    return total


def _accumulate(total: ResolveReport, part: ResolveReport) -> None:
    total.events += part.events
    total.joined += part.joined
    total.created += part.created
    total.totals += part.totals
    total.skipped += part.skipped


def reset_automatic(session: Session) -> None:
    """Forget automatic placements (keep hand-placed members) so `resolve_pending` redoes them."""
    touched = set(session.scalars(select(IncidentMemberRow.incident_id)
                                  .where(IncidentMemberRow.pinned.is_(False))))
    session.execute(delete(IncidentMemberRow).where(IncidentMemberRow.pinned.is_(False)))
    session.execute(delete(CumulativePointRow))
    session.execute(delete(CumulativeSeriesRow))
    session.flush()
    refresh_incidents(session, touched)


# ---------------------------------------------------------------- reading


@dataclass
class IncidentFilter:
    """Filters of listings and exports (all optional; bbox is west, south, east, north)."""

    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    grade: str | None = None
    origin: str | None = None


def filtered(f: IncidentFilter) -> Select[IncidentRow]:
    """SELECT of incident rows matching `f`, by id."""
    q = select(IncidentRow)
    if f.since:
        q = q.where(or_(IncidentRow.date_end >= f.since, IncidentRow.date_start >= f.since))
    if f.until:
        q = q.where(IncidentRow.date_start <= f.until)
    if f.bbox:
        west, south, east, north = f.bbox
        q = q.where(IncidentRow.lat >= south, IncidentRow.lat <= north,
                    IncidentRow.lon >= west, IncidentRow.lon <= east)
    if f.country:
        q = q.where(func.lower(IncidentRow.country) == f.country.lower())
    if f.admin1:
        q = q.where(func.lower(IncidentRow.admin1) == f.admin1.lower())
    if f.event_type:
        q = q.where(func.lower(IncidentRow.event_type) == f.event_type.lower())
    if f.actor:
        q = q.where(IncidentRow.actors.ilike(f"%{f.actor}%"))
    if f.grade:
        q = q.where(IncidentRow.grade == f.grade)
    if f.origin:
        q = q.where(IncidentRow.origin == f.origin)
    return q.order_by(IncidentRow.id)


def list_incidents(session: Session, f: IncidentFilter | None = None, limit: int = 100,
                   offset: int = 0) -> list[Incident]:
    """One page of incidents (with their reports), oldest id first."""
    q = filtered(f or IncidentFilter()).limit(limit).offset(offset)
    return [incident_from_dict(r.data) for r in session.scalars(q)]


def count_incidents(session: Session, f: IncidentFilter | None = None) -> int:
    sub = filtered(f or IncidentFilter()).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def iter_incidents(session: Session, f: IncidentFilter | None = None,
                   page: int = 1000) -> Iterator[Incident]:
    """Every matching incident, a page at a time (keyset pagination: bounded memory)."""
    base, last = filtered(f or IncidentFilter()).with_only_columns(IncidentRow.id,
                                                                    IncidentRow.data), 0
    while True:  # plain columns, not ORM objects: nothing accumulates in the session
        rows = session.execute(base.where(IncidentRow.id > last).limit(page)).all()
        if not rows:
            return
        for _, data in rows:
            yield incident_from_dict(data)
        last = rows[-1][0]


def get_incident(session: Session, incident_id: int) -> Incident | None:
    row = session.get(IncidentRow, incident_id)
    return incident_from_dict(row.data) if row else None


def explain(incident: Incident) -> list[str]:
    """Why the incident holds its reports, and why it has its grade: lines for people."""
    lines = [f"incident {incident.id}: {incident.event_type or '?'} / "
             f"{incident.sub_event_type or '?'}, grade {incident.grade}"]
    lines += [f"  grade: {r}" for r in incident.grade_reasons]
    for r in incident.reports:
        figs = ", ".join(f"{h.type} {describe(figure_of(h))}" for h in r.harm) or "no figures"
        lines.append(f"  report {r.event_id} ({r.publisher}, source {r.source_group}; {figs})")
        lines.append(f"    why: {r.why}")
    return lines


def incident_history(session: Session, incident_id: int) -> list[dict[str, Any]]:
    q = (select(IncidentHistoryRow).where(IncidentHistoryRow.incident_id == incident_id)
         .order_by(IncidentHistoryRow.id))
    return [{"action": h.action, "detail": h.detail, "author": h.author,
             "created": h.created.isoformat()} for h in session.scalars(q)]


# ---------------------------------------------------------------- hand corrections


class IncidentError(ValueError):
    """A split or merge that cannot be done (unknown incident or report)."""


def _record(session: Session, incident_id: int, action: str, detail: dict[str, Any],
            author: str) -> None:
    session.add(IncidentHistoryRow(incident_id=incident_id, action=action, detail=detail,
                                   author=author, created=utcnow()))


def _move(session: Session, event_ids: Sequence[str], target: int, why: str) -> set[int]:
    rows = list(session.scalars(select(IncidentMemberRow)
                                .where(IncidentMemberRow.event_id.in_(event_ids))))
    sources = {r.incident_id for r in rows}
    for r in rows:
        r.incident_id, r.pinned, r.why = target, True, why
    session.flush()
    return sources


def split_incident(session: Session, incident_id: int, event_ids: Sequence[str],
                   author: str = "") -> int:
    """Move reports out of an incident into a new one; both keep their reports by hand."""
    members = set(session.scalars(select(IncidentMemberRow.event_id)
                                  .where(IncidentMemberRow.incident_id == incident_id)))
    missing = sorted(set(event_ids) - members)
    if not members or missing or set(event_ids) >= members:
        raise IncidentError(f"incident {incident_id}: cannot split off {missing or event_ids}")
    new_id = next_incident_id(session)
    family = session.get(IncidentRow, incident_id).family  # type: ignore[union-attr]
    session.add(IncidentRow(id=new_id, origin="extracted", family=family, actors="",
                            grade="single source", source_count=1, report_count=0,
                            updated=utcnow(), data={}))
    session.flush()
    _move(session, event_ids, new_id, f"split from incident {incident_id} by hand")
    for mrow in session.scalars(select(IncidentMemberRow)
                                .where(IncidentMemberRow.incident_id == incident_id)):
        mrow.pinned = True
    refresh_incidents(session, [incident_id, new_id])
    _record(session, incident_id, "split", {"moved": list(event_ids), "to": new_id}, author)
    _record(session, new_id, "split", {"moved": list(event_ids), "from": incident_id}, author)
    return new_id


def merge_incidents(session: Session, incident_ids: Sequence[int], author: str = "") -> int:
    """Merge incidents into the lowest id; every report becomes placed by hand."""
    ids = sorted(set(incident_ids))
    found = set(session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(ids),
                                                              IncidentRow.origin == "extracted")))
    if len(ids) < 2 or found != set(ids):
        raise IncidentError(f"cannot merge {ids}: need two or more extracted incidents "
                            f"(unknown: {sorted(set(ids) - found)})")
    target = ids[0]
    events = list(session.scalars(select(IncidentMemberRow.event_id)
                                  .where(IncidentMemberRow.incident_id.in_(ids))))
    _move(session, events, target, f"merged into incident {target} by hand")
    refresh_incidents(session, ids)
    _record(session, target, "merge", {"merged": ids[1:], "events": events}, author)
    return target


# ---------------------------------------------------------------- running totals: reading


def _series(row: CumulativeSeriesRow, points: list[CumulativePoint] | None = None
            ) -> CumulativeSeries:
    latest = CumulativePoint("", "", row.latest_as_of, row.latest_min, row.latest_max)
    if points:
        best = None
        for p in points:
            if later(p, best):
                best = p
        latest = best or latest
    return CumulativeSeries(row.id, row.label, row.harm_type, row.group_name, row.area,
                            row.country, row.admin1, row.since, latest, points or [])


def list_series(session: Session, country: str | None = None,
                harm_type: str | None = None) -> list[CumulativeSeries]:
    """Every running-total series with its latest value."""
    q = select(CumulativeSeriesRow).order_by(CumulativeSeriesRow.id)
    if country:
        q = q.where(CumulativeSeriesRow.country == country)
    if harm_type:
        q = q.where(CumulativeSeriesRow.harm_type == harm_type)
    return [_series(r) for r in session.scalars(q)]


def get_series(session: Session, series_id: int) -> CumulativeSeries | None:
    """One series with all its points (oldest first)."""
    row = session.get(CumulativeSeriesRow, series_id)
    if row is None:
        return None
    q = (select(CumulativePointRow).where(CumulativePointRow.series_id == series_id)
         .order_by(CumulativePointRow.as_of, CumulativePointRow.id))
    pts = [CumulativePoint(p.event_id, p.document_id, p.as_of, p.min, p.max, p.text)
           for p in session.scalars(q)]
    return _series(row, pts)


# ---------------------------------------------------------------- imported rows


def add_imported(session: Session, rows: Iterable[dict[str, str]],
                 make: Callable[[dict[str, str], int], Incident], chunk: int = CHUNK) -> int:
    """Store rows of another dataset (ACLED) as incidents of their own origin, by chunks."""
    next_id, n = next_incident_id(session), 0
    batch: list[tuple[Incident, str]] = []
    for row in rows:
        incident = make(row, next_id + n)
        batch.append((incident, rules().family(incident.event_type)))
        n += 1
        if len(batch) >= chunk:
            write_incidents(session, batch)
            batch = []
    write_incidents(session, batch)
    session.flush()
    return n


# ---------------------------------------------------------------- comparing with ACLED


@dataclass
class AreaDay:
    """Counts of one day and admin1 area: extracted incidents beside imported ACLED rows."""

    day: date | None
    country: str | None
    admin1: str | None
    extracted: int = 0
    extracted_fatalities: int = 0
    acled: int = 0
    acled_fatalities: int = 0


def compare_by_day(session: Session, f: IncidentFilter | None = None) -> list[AreaDay]:
    """Per day and admin1: how many incidents and fatalities each origin has."""
    sub = filtered(f or IncidentFilter()).order_by(None).subquery()
    q = (select(sub.c.date_start, sub.c.country, sub.c.admin1, sub.c.origin, func.count(),
                func.coalesce(func.sum(sub.c.killed_best), 0))
         .group_by(sub.c.date_start, sub.c.country, sub.c.admin1, sub.c.origin)
         .order_by(sub.c.date_start, sub.c.country, sub.c.admin1))
    out: dict[tuple[Any, ...], AreaDay] = {}
    for day, country, admin1, origin, n, dead in session.execute(q):
        row = out.setdefault((day, country, admin1), AreaDay(day, country, admin1))
        if origin == "acled":
            row.acled, row.acled_fatalities = n, int(dead)
        else:
            row.extracted, row.extracted_fatalities = n, int(dead)
    return list(out.values())


@dataclass
class IncidentMatch:
    """An imported ACLED row and the extracted incident that describes it, if any."""

    acled_id: int
    acled_event: str
    extracted_id: int | None
    why: str
    acled_fatalities: int | None
    extracted_fatalities: int | None


def _match_one(session: Session, acled: Incident) -> IncidentMatch:
    from conflictwatch.resolve.matching import check_dates, check_place

    raw = acled.acled or {}
    base = IncidentMatch(acled.id, raw.get("event_id_cnty", ""), None, "no extracted incident "
                         "of its type family within a day and 10 km",
                         acled.killed().best if acled.killed() else None, None)  # type: ignore[union-attr]
    if acled.date is None or acled.date.start is None:
        return dataclasses.replace(base, why="the ACLED row has no date")
    gap = timedelta(days=rules().max_day_gap)
    q = filtered(IncidentFilter(since=acled.date.start - gap, until=acled.date.start + gap,
                                origin="extracted")) \
        .where(IncidentRow.family == rules().family(acled.event_type))
    best: tuple[float, Incident, str] | None = None
    for row in session.scalars(q):
        inc = incident_from_dict(row.data)
        if inc.date is None or inc.date.start is None or inc.date.end is None:
            continue
        place = check_place(acled.location, inc.location)
        day = check_dates((acled.date.start, acled.date.start), inc.date.start, inc.date.end)
        if place.ok and day.ok and (best is None or (place.distance_km or 0.0) < best[0]):
            best = (place.distance_km or 0.0, inc, f"{day.reason}; {place.reason}")
    if best is None:
        return base
    killed = best[1].killed()
    return dataclasses.replace(base, extracted_id=best[1].id, why=best[2],
                               extracted_fatalities=killed.best if killed else None)


def compare_incidents(session: Session, f: IncidentFilter | None = None
                      ) -> Iterator[IncidentMatch]:
    """For each imported ACLED row (matching `f`), the nearest extracted incident."""
    f = dataclasses.replace(f or IncidentFilter(), origin="acled")
    for acled in iter_incidents(session, f):
        yield _match_one(session, acled)
