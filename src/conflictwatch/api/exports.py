"""Streaming exports of reviewed records: ACLED-style CSV, HXL CSV, GeoJSON, JSON Lines.

Records are read in pages and written as they come, so an export of any size runs in
constant memory. Values are the reviewed ones (analyst corrections applied, rejects left out).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.api.queries import EventFilter, apply_filter, with_reviews
from conflictwatch.store.models import EventRow

PAGE = 1000
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
                 "country", "admin1", "admin2", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities", "document_id", "review"]
HXL_TAGS = ["#event+id", "#date", "#date+year", "#meta+precision+time", "#event+type",
            "#event+type+sub", "#org+name+actor1", "#org+name+assoc1", "#org+name+actor2",
            "#org+name+assoc2", "#country+code", "#adm1+name", "#adm2+name", "#loc+name",
            "#geo+lat", "#geo+lon", "#meta+precision+geo", "#meta+source", "#description",
            "#affected+killed", "#meta+document", "#status+review"]
MEDIA = {"acled": "text/csv; charset=utf-8", "hxl": "text/csv; charset=utf-8",
         "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def records(sessions: sessionmaker[Session], f: EventFilter) -> Iterator[dict[str, Any]]:
    """Every matching reviewed record, page by page (keyset on id)."""
    last = ""
    while True:
        with sessions() as session:
            rows = list(session.scalars(apply_filter(select(EventRow), f)
                                        .where(EventRow.id > last)
                                        .order_by(EventRow.id).limit(PAGE)))
            if not rows:
                return
            last = rows[-1].id
            yield from with_reviews(session, rows)


def actor(rec: dict[str, Any], role: str) -> str:
    return "; ".join(a["name"] for a in rec.get("actors", []) if a.get("role") == role)


def acled_row(rec: dict[str, Any]) -> list[Any]:
    """One ACLED-shaped row; fatalities = the lowest reported killed figure (ACLED's rule)."""
    loc, dt = rec.get("location") or {}, rec.get("date") or {}
    killed = [h["min"] for h in rec.get("harm", [])
              if h.get("type") == "killed" and h.get("new", True) and h.get("min") is not None]
    start = dt.get("start") or ""
    return [rec["id"], start, start[:4], PRECISION.get(dt.get("precision", "day"), 1),
            rec.get("event_type") or "", rec.get("sub_event_type") or "",
            actor(rec, "actor1"), actor(rec, "assoc_actor_1"), actor(rec, "actor2"),
            actor(rec, "assoc_actor_2"), loc.get("country") or "", loc.get("admin1") or "",
            loc.get("admin2") or "", loc.get("name") or loc.get("text") or "",
            loc.get("lat") if loc.get("lat") is not None else "",
            loc.get("lon") if loc.get("lon") is not None else "", loc.get("precision") or "",
            "; ".join(s.get("name", "") for s in rec.get("sources", [])),
            "; ".join(h.get("text", "") for h in rec.get("harm", []) if h.get("text")),
            sum(killed) if killed else 0, rec.get("document_id", ""),
            (rec.get("review") or {}).get("status", "")]


def _csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def feature(rec: dict[str, Any]) -> dict[str, Any]:
    loc = rec.get("location") or {}
    geometry = ({"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
                if loc.get("lat") is not None and loc.get("lon") is not None else None)
    return {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": rec}


def stream(fmt: str, sessions: sessionmaker[Session], f: EventFilter) -> Iterator[str]:
    """Chunks of the export in `fmt` (acled | hxl | geojson | jsonl)."""
    if fmt in ("acled", "hxl"):
        yield _csv_line(ACLED_COLUMNS)
        if fmt == "hxl":
            yield _csv_line(HXL_TAGS)
        for rec in records(sessions, f):
            yield _csv_line(acled_row(rec))
    elif fmt == "geojson":
        yield '{"type":"FeatureCollection","features":['
        for i, rec in enumerate(records(sessions, f)):
            yield ("," if i else "") + json.dumps(feature(rec), ensure_ascii=False)
        yield "]}\n"
    else:
        for rec in records(sessions, f):
            yield json.dumps(rec, ensure_ascii=False) + "\n"
