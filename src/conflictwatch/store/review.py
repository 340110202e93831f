"""Analyst review of machine records: confirm, correct or reject, with full history.

Corrections live in their own table keyed by the record id, so re-extraction (which replaces
the machine rows) keeps them: `effective()` lays them over whatever the machine produced last,
in order. `sync_columns()` copies the corrected key fields onto the event row so filters,
sorting and aggregates see them; `resync_all()` redoes that after a re-extraction.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Integer, and_, cast, exists, or_, select
from sqlalchemy.orm import Session, aliased

from conflictwatch.store.incident_models import IncidentRow
from conflictwatch.store.models import CorrectionRow, EventRow
from conflictwatch.store.repo import utcnow

HARM_TYPES = ("killed", "injured", "displaced", "abducted", "arrested", "missing")
STATUS_ACTIONS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}


class LocationPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=8)
    admin1: str | None = Field(None, max_length=200)
    admin2: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class ActorPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(..., min_length=1, max_length=300)
    role: Literal["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]


class FigurePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)
    group: str | None = Field(None, max_length=100)


class Correction(BaseModel):
    """A review action. Fields left out are unchanged; `figures` replaces a harm type's figure."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["confirm", "correct", "reject"] = "correct"
    note: str | None = Field(None, max_length=2000)
    event_type: str | None = Field(None, max_length=100)
    sub_event_type: str | None = Field(None, max_length=100)
    date: dt.date | None = None
    location: LocationPatch | None = None
    actors: list[ActorPatch] | None = Field(None, max_length=20)
    figures: dict[str, FigurePatch] | None = None

    @field_validator("figures")
    @classmethod
    def _known_harm(cls, value: dict[str, FigurePatch] | None) -> dict[str, FigurePatch] | None:
        for key, fig in (value or {}).items():
            if key not in HARM_TYPES:
                raise ValueError(f"unknown harm type {key!r}; use one of {', '.join(HARM_TYPES)}")
            if fig.min is not None and fig.max is not None and fig.max < fig.min:
                raise ValueError(f"{key}: max {fig.max} is below min {fig.min}")
        return value

    def changes(self) -> dict[str, Any]:
        """The changed fields as plain JSON."""
        data = self.model_dump(mode="json", exclude_none=True, exclude={"action", "note"})
        if self.location is not None:
            data["location"] = self.location.model_dump(mode="json", exclude_none=True)
        return data


def is_incident(data: dict[str, Any]) -> bool:
    return "reports" in data or "grade" in data


def figure(data: dict[str, Any], harm_type: str) -> dict[str, Any] | None:
    """The current figure of one harm type: an incident's reconciled range, or an event's
    new (not running-total) figures summed."""
    if is_incident(data):
        rng = next((h for h in data.get("harm", []) if h.get("type") == harm_type), None)
        if rng is None:
            return None
        return {"min": rng.get("min"), "max": rng.get("max"), "best": rng.get("best"),
                "group": None}
    items = [h for h in data.get("harm", []) if h.get("type") == harm_type and h.get("new", True)]
    if not items:
        return None
    mins = [h["min"] for h in items if h.get("min") is not None]
    maxs = [h["max"] for h in items if h.get("max") is not None]
    return {"min": sum(mins) if mins else None, "max": sum(maxs) if len(maxs) == len(items) else
            None, "group": items[0].get("group")}


def current_values(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """What `changes` would replace in `data` (the correction's `before`)."""
    before: dict[str, Any] = {}
    for key in changes:
        if key == "date":
            before["date"] = (data.get("date") or {}).get("start")
        elif key == "location":
            loc = data.get("location") or {}
            before["location"] = {k: loc.get(k) for k in changes["location"]}
        elif key == "actors":
            before["actors"] = [{"name": a.get("name"), "role": a.get("role")}
                                for a in data.get("actors", [])]
        elif key == "figures":
            before["figures"] = {t: figure(data, t) for t in changes["figures"]}
        else:
            before[key] = data.get(key)
    return before


def apply_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of the record with `changes` applied."""
    out = copy.deepcopy(data)
    for key in ("event_type", "sub_event_type"):
        if key in changes:
            out[key] = changes[key]
    if "date" in changes:
        out["date"] = {**(out.get("date") or {}), "start": changes["date"], "end": changes["date"],
                       "precision": "day"}
    if "location" in changes:
        out["location"] = {**(out.get("location") or {}), **changes["location"]}
    if "actors" in changes:
        out["actors"] = [{**a, "text": ""} for a in changes["actors"]]
    for harm_type, fig in (changes.get("figures") or {}).items():
        if is_incident(out):
            _set_range(out, harm_type, fig)
            continue
        old = figure(out, harm_type) or {}
        kept = [h for h in out.get("harm", []) if not (h.get("type") == harm_type
                                                        and h.get("new", True))]
        if fig.get("min") is not None or fig.get("max") is not None:
            kept.append({"type": harm_type, "group": fig.get("group") or old.get("group")
                         or "people", "min": fig.get("min"), "max": fig.get("max"),
                         "new": True, "text": "(analyst correction)"})
        out["harm"] = kept
    return out


def _set_range(incident: dict[str, Any], harm_type: str, fig: dict[str, Any]) -> None:
    """Replace an incident's reconciled range of one harm type (best = the lowest figure)."""
    kept = [h for h in incident.get("harm", []) if h.get("type") != harm_type]
    low = fig.get("min") if fig.get("min") is not None else fig.get("max")
    if low is not None or fig.get("max") is not None:
        kept.append({"type": harm_type, "min": fig.get("min"), "max": fig.get("max"),
                     "best": low, "unquantified": False})
    incident["harm"] = kept


def history(session: Session, target_id: str, target_type: str = "event") -> list[CorrectionRow]:
    return list(session.scalars(select(CorrectionRow).where(
        CorrectionRow.target_type == target_type, CorrectionRow.target_id == target_id)
        .order_by(CorrectionRow.id)))


def corrections_for(session: Session, ids: Iterable[str],
                    target_type: str = "event") -> dict[str, list[CorrectionRow]]:
    """Corrections of many records at once (one query), in order."""
    wanted = list(ids)
    out: dict[str, list[CorrectionRow]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.scalars(select(CorrectionRow).where(
            CorrectionRow.target_type == target_type,
            CorrectionRow.target_id.in_(wanted[start:start + 500])).order_by(CorrectionRow.id))
        for row in rows:
            out.setdefault(row.target_id, []).append(row)
    return out


def effective(data: dict[str, Any], corrections: list[CorrectionRow]) -> dict[str, Any]:
    """The record as reviewed: machine values with every correction applied, plus `review`."""
    out = data
    review: dict[str, Any] = {"status": "unreviewed", "by": None, "at": None, "changes": 0}
    for row in corrections:
        if row.changes:
            out = apply_changes(out, row.changes)
            review["changes"] += 1
        review.update(status=STATUS_ACTIONS.get(row.action, review["status"]), by=row.author,
                      at=row.created.isoformat() + "Z")
    return {**out, "review": review}


def record_correction(session: Session, row: Any, correction: Correction, author: str,
                      target_type: str = "event") -> CorrectionRow:
    """Store one review action with what it replaced, and update the row's key columns."""
    key = str(row.id)
    current = effective(row.data, history(session, key, target_type))
    changes = correction.changes() if correction.action == "correct" else {}
    saved = CorrectionRow(target_type=target_type, target_id=key, action=correction.action,
                          changes=changes, before=current_values(current, changes),
                          author=author, note=correction.note, created=utcnow())
    session.add(saved)
    session.flush()
    reviewed = effective(row.data, history(session, key, target_type))
    if target_type == "incident":
        sync_incident_columns(row, reviewed)
    else:
        sync_columns(row, reviewed)
    return saved


def sync_columns(row: EventRow, data: dict[str, Any]) -> None:
    """Copy a (corrected) record's key fields onto its row's filter columns."""
    loc, dt = data.get("location") or {}, data.get("date") or {}
    row.event_type, row.sub_event_type = data.get("event_type"), data.get("sub_event_type")
    row.date_start = date.fromisoformat(dt["start"]) if dt.get("start") else None
    row.date_end = date.fromisoformat(dt["end"]) if dt.get("end") else row.date_start
    row.country, row.admin1 = loc.get("country"), loc.get("admin1")
    row.location = loc.get("name") or loc.get("text")
    row.lat, row.lon = loc.get("lat"), loc.get("lon")
    killed = figure(data, "killed")
    row.killed = killed["min"] if killed else None


def sync_incident_columns(row: IncidentRow, data: dict[str, Any]) -> None:
    """Copy a (corrected) incident's key fields onto its filter columns."""
    loc, dt = data.get("location") or {}, data.get("date") or {}
    row.event_type, row.sub_event_type = data.get("event_type"), data.get("sub_event_type")
    row.date_start = date.fromisoformat(dt["start"]) if dt.get("start") else None
    row.date_end = date.fromisoformat(dt["end"]) if dt.get("end") else row.date_start
    row.country, row.admin1, row.admin2 = loc.get("country"), loc.get("admin1"), loc.get("admin2")
    row.location = loc.get("name") or loc.get("text")
    row.lat, row.lon = loc.get("lat"), loc.get("lon")
    killed = figure(data, "killed") or {}
    row.killed_min, row.killed_max = killed.get("min"), killed.get("max")
    row.killed_best = killed.get("best")
    row.actors = "|" + "|".join(a.get("name", "") for a in data.get("actors", [])) + "|"


def resync_all(session: Session) -> int:
    """Re-apply every correction to the current machine rows (after a re-extraction or a
    re-resolution rewrote them)."""
    count = 0
    for target_type in ("event", "incident"):
        ids = list(session.scalars(select(CorrectionRow.target_id).where(
            CorrectionRow.target_type == target_type).distinct()))
        by_id = corrections_for(session, ids, target_type)
        if target_type == "event":
            for event in session.scalars(select(EventRow).where(EventRow.id.in_(ids))):
                sync_columns(event, effective(event.data, by_id.get(event.id, [])))
                count += 1
            continue
        keys = [int(i) for i in ids if i.isdigit()]
        for inc in session.scalars(select(IncidentRow).where(IncidentRow.id.in_(keys))):
            sync_incident_columns(inc, effective(inc.data, by_id.get(str(inc.id), [])))
            count += 1
    session.commit()
    return count


def _target_key(target_type: str) -> Any:
    return EventRow.id if target_type == "event" else IncidentRow.id


def _stored_key(target_type: str) -> Any:
    """The corrections' target id as the target table's key type (integer for incidents), so
    the comparison needs no per-row cast."""
    key = CorrectionRow.target_id
    return key if target_type == "event" else cast(key, Integer)


def rejects_exist(session: Session) -> bool:
    """Whether any reject was ever recorded (if not, listings skip the reject filter)."""
    # asked on every listing: plain SQL, no statement to build
    return session.connection().exec_driver_sql(
        "SELECT 1 FROM corrections WHERE action = 'reject' LIMIT 1").first() is not None


def rejected_ids(target_type: str) -> Any:
    """SELECT of the ids whose latest status action is a reject (uncorrelated: computed once
    per query, so filtered listings keep using their indexes)."""
    later = aliased(CorrectionRow)
    return select(_stored_key(target_type)).where(
        CorrectionRow.target_type == target_type, CorrectionRow.action == "reject",
        ~exists(select(later.id).where(and_(later.target_type == target_type,
                                            later.target_id == CorrectionRow.target_id,
                                            later.id > CorrectionRow.id,
                                            or_(later.action == "confirm",
                                                later.action == "correct")))))


def rejected_clause(target_type: str = "event") -> Any:
    """SQL condition: the record's latest status action is a reject."""
    return _target_key(target_type).in_(rejected_ids(target_type))


def reviewed_clause(target_type: str = "event") -> Any:
    return _target_key(target_type).in_(select(_stored_key(target_type)).where(
        CorrectionRow.target_type == target_type))


def reviewed_incidents(session: Session, incidents: Iterable[Any],
                       chunk: int = 500) -> Iterator[Any]:
    """Incidents (records.Incident) as analysts left them: corrections applied, rejects dropped.

    Used by the CLI's `export` so that file exports match the API's; reads corrections a chunk
    at a time to keep memory bounded.
    """
    from conflictwatch.records import to_jsonable
    from conflictwatch.store.incidents import incident_from_dict

    it = iter(incidents)
    while batch := list(islice(it, chunk)):
        by_id = corrections_for(session, [str(inc.id) for inc in batch], "incident")
        for inc in batch:
            rows = by_id.get(str(inc.id))
            if not rows:
                yield inc
                continue
            data = effective(to_jsonable(inc), rows)
            if data.get("review", {}).get("status") == "rejected":
                continue
            yield incident_from_dict({k: v for k, v in data.items() if k != "review"})
