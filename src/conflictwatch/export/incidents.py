"""Streaming exporters of incidents: ACLED CSV, HXL CSV, GeoJSON, JSONL.

Each writer takes an iterable of incidents (`store.incidents.iter_incidents` pages through the
database) and writes row by row, so memory stays bounded whatever the number of incidents.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from conflictwatch.export.acled import acled_row, columns, computed_row
from conflictwatch.records import Incident, to_jsonable

FORMATS = ("acled", "geojson", "hxl", "jsonl")

# HXL: (column, hashtag, value) — see docs/export.md.
HXL_COLUMNS: list[tuple[str, str, Callable[[Incident, dict[str, str]], Any]]] = [
    ("incident_id", "#event+id", lambda i, r: i.id),
    ("event_type", "#event+type", lambda i, r: r["event_type"]),
    ("sub_event_type", "#event+type+sub", lambda i, r: r["sub_event_type"]),
    ("date_start", "#date+start", lambda i, r: i.date.start if i.date else ""),
    ("date_end", "#date+end", lambda i, r: i.date.end if i.date else ""),
    ("country", "#country+name", lambda i, r: r["country"]),
    ("iso3", "#country+code", lambda i, r: r["iso3"]),
    ("admin1", "#adm1+name", lambda i, r: r["admin1"]),
    ("admin2", "#adm2+name", lambda i, r: r["admin2"]),
    ("location", "#loc+name", lambda i, r: r["location"]),
    ("latitude", "#geo+lat", lambda i, r: r["latitude"]),
    ("longitude", "#geo+lon", lambda i, r: r["longitude"]),
    ("geo_precision", "#geo+precision", lambda i, r: r["geo_precision"]),
    ("actor1", "#group+name+first", lambda i, r: r["actor1"]),
    ("actor2", "#group+name+second", lambda i, r: r["actor2"]),
    ("killed", "#affected+killed", lambda i, r: r["fatalities"]),
    ("killed_min", "#affected+killed+min", lambda i, r: _harm(i, "killed", "min")),
    ("killed_max", "#affected+killed+max", lambda i, r: _harm(i, "killed", "max")),
    ("injured", "#affected+injured", lambda i, r: _harm(i, "injured", "best")),
    ("displaced", "#affected+displaced", lambda i, r: _harm(i, "displaced", "best")),
    ("grade", "#status+grade", lambda i, r: i.grade),
    ("sources", "#meta+source", lambda i, r: r["source"]),
    ("source_count", "#meta+count+sources", lambda i, r: i.source_count),
    ("reports", "#meta+count+reports", lambda i, r: len(i.reports)),
    ("notes", "#description+notes", lambda i, r: r["notes"]),
]


def _harm(incident: Incident, harm_type: str, attr: str) -> Any:
    h = next((x for x in incident.harm if x.type == harm_type), None)
    value = getattr(h, attr) if h else None
    return "" if value is None else value


def write_acled(incidents: Iterable[Incident], out: TextIO) -> int:
    """ACLED's classic CSV layout; imported rows' extra columns are not added."""
    writer = csv.DictWriter(out, fieldnames=columns(), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for inc in incidents:
        writer.writerow(acled_row(inc))
        n += 1
    return n


def write_hxl(incidents: Iterable[Incident], out: TextIO) -> int:
    """CSV with a second row of HXL hashtags."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c for c, _, _ in HXL_COLUMNS])
    writer.writerow([t for _, t, _ in HXL_COLUMNS])
    n = 0
    for inc in incidents:
        row = acled_row(inc)
        writer.writerow([fn(inc, row) for _, _, fn in HXL_COLUMNS])
        n += 1
    return n


def feature(incident: Incident) -> dict[str, Any]:
    """A GeoJSON point feature carrying the whole incident (geometry null when unlocated)."""
    loc = incident.location
    geometry = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
    props = to_jsonable(incident)
    props["fatalities"] = computed_row(incident)["fatalities"]
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": props}


def write_geojson(incidents: Iterable[Incident], out: TextIO) -> int:
    """A FeatureCollection written feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for inc in incidents:
        out.write((",\n" if n else "") + json.dumps(feature(inc), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def write_jsonl(incidents: Iterable[Incident], out: TextIO) -> int:
    """One full incident record (with its reports) per line."""
    n = 0
    for inc in incidents:
        out.write(json.dumps(to_jsonable(inc), ensure_ascii=False) + "\n")
        n += 1
    return n


WRITERS: dict[str, Callable[[Iterable[Incident], TextIO], int]] = {
    "acled": write_acled, "geojson": write_geojson, "hxl": write_hxl, "jsonl": write_jsonl,
}


def write(fmt: str, incidents: Iterable[Incident], out: TextIO) -> int:
    """Write `incidents` to `out` in `fmt` (one of FORMATS); returns how many."""
    return WRITERS[fmt](incidents, out)
