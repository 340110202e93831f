"""Per-record writers for `conflictwatch extract`: JSON lines, ACLED CSV and GeoJSON.

ACLED CSV uses ACLED's column names (plus `document_id`); cumulative records are left out of it
because a running total is not an event and would be counted twice by anyone summing rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from conflictwatch.records import Event

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "document_id",
]
_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def event_fatalities(event: Event) -> int:
    """ACLED's fatalities: the lowest figure of new deaths (0 when none is stated)."""
    from conflictwatch.extract.pipeline import incident_killed

    return incident_killed(event)


def _actors(event: Event, role: str) -> str:
    return "; ".join(a.name for a in event.actors if a.role == role)


def acled_row(event: Event, notes: str = "") -> dict[str, Any]:
    """One ACLED-shaped row for an incident or context record."""
    d = event.date
    loc = event.location
    event_date = d.start.isoformat() if d and d.start else ""
    return {
        "event_id_cnty": event.id,
        "event_date": event_date,
        "year": event_date[:4],
        "time_precision": _PRECISION.get(d.precision, 1) if d else "",
        "event_type": event.event_type or "",
        "sub_event_type": event.sub_event_type or "",
        "actor1": _actors(event, "actor1"),
        "assoc_actor_1": _actors(event, "assoc_actor_1"),
        "inter1": "",
        "actor2": _actors(event, "actor2"),
        "assoc_actor_2": _actors(event, "assoc_actor_2"),
        "inter2": "",
        "interaction": "",
        "country": (loc.country or "") if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": "",
        "location": ((loc.name or loc.text) or "") if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": (loc.precision or "") if loc else "",
        "source": "; ".join(s.name for s in event.sources),
        "source_scale": "",
        "notes": notes,
        "fatalities": event_fatalities(event),
        "document_id": event.document_id,
    }


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """One JSON object per line, DESIGN.md's record shape."""
    n = 0
    for e in events:
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


class AcledWriter:
    """Streams ACLED CSV rows (header first); skips cumulative records."""

    def __init__(self, out: TextIO) -> None:
        self.writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, events: Iterable[Event]) -> int:
        n = 0
        for e in events:
            if e.kind == "cumulative":
                continue
            self.writer.writerow(acled_row(e))
            n += 1
        return n


def geojson_feature(event: Event) -> dict[str, Any]:
    """A GeoJSON Feature (geometry null until the place has coordinates)."""
    loc = event.location
    geometry = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
    props = event.to_dict()
    props["fatalities"] = event_fatalities(event) if event.kind != "cumulative" else None
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": props}


class GeoJsonWriter:
    """Streams one FeatureCollection: features are written as they come, closed by `close`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0
        out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, events: Iterable[Event]) -> int:
        n = 0
        for e in events:
            sep = ",\n" if self.count else ""
            self.out.write(sep + json.dumps(geojson_feature(e), ensure_ascii=False))
            self.count += 1
            n += 1
        return n

    def close(self) -> None:
        self.out.write("\n]}\n")


def to_acled_csv(events: Iterable[Event]) -> str:
    """ACLED CSV of `events` as a string (for tests and small exports)."""
    buf = io.StringIO()
    AcledWriter(buf).write(events)
    return buf.getvalue()


def to_geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection dict of `events`."""
    return {"type": "FeatureCollection", "features": [geojson_feature(e) for e in events]}
