"""Build the dashboard's offline base layer from Natural Earth (public domain).

The source is `world_map.gpkg` from Debian's `qgis-common` package (Natural Earth countries
and admin-1 states/provinces), fetched without installing QGIS:

    apt-get update && apt-get download qgis-common
    dpkg -x qgis-common_*.deb /tmp/qgis
    python -m conflictwatch.web.build_boundaries \
        /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg

It writes `static/boundaries/countries.geojson` and `static/boundaries/admin1.geojson`,
simplified (Douglas-Peucker) and rounded so both stay small. Pure standard library: sqlite3
reads the GeoPackage, and a small WKB reader decodes its geometry blobs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import struct
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "static" / "boundaries"
Ring = list[tuple[float, float]]
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_to_wkb(blob: bytes) -> bytes:
    """Strip the GeoPackage header (magic, flags, envelope) off a geometry blob."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    envelope = ENVELOPE_BYTES[(blob[3] >> 1) & 0x07]
    return blob[8 + envelope:]


def read_polygons(wkb: bytes) -> list[list[Ring]]:
    """Polygons (lists of rings) of a WKB Polygon or MultiPolygon."""
    polygons, _ = _read_geometry(wkb, 0)
    return polygons


def _read_geometry(wkb: bytes, pos: int) -> tuple[list[list[Ring]], int]:
    order = "<" if wkb[pos] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", wkb, pos + 1)
    pos += 5
    kind %= 1000
    if kind == 3:
        polygon, pos = _read_polygon(wkb, pos, order)
        return [polygon], pos
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", wkb, pos)
        pos += 4
        polygons: list[list[Ring]] = []
        for _ in range(count):
            part, pos = _read_geometry(wkb, pos)
            polygons.extend(part)
        return polygons, pos
    raise ValueError(f"unsupported WKB geometry type {kind}")


def _read_polygon(wkb: bytes, pos: int, order: str) -> tuple[list[Ring], int]:
    (rings,) = struct.unpack_from(order + "I", wkb, pos)
    pos += 4
    out: list[Ring] = []
    for _ in range(rings):
        (points,) = struct.unpack_from(order + "I", wkb, pos)
        pos += 4
        flat = struct.unpack_from(order + f"{2 * points}d", wkb, pos)
        pos += 16 * points
        out.append(list(zip(flat[0::2], flat[1::2], strict=True)))
    return out, pos


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on one ring (iterative, so long coastlines cannot overflow the stack)."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = _farthest(ring, first, last)
        if distance > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _farthest(ring: Ring, first: int, last: int) -> tuple[int, float]:
    (x1, y1), (x2, y2) = ring[first], ring[last]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, best_d = first, -1.0
    for i in range(first + 1, last):
        x, y = ring[i]
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm else \
            ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if d > best_d:
            best, best_d = i, d
    return best, best_d


def to_feature(polygons: list[list[Ring]], props: dict[str, Any], tolerance: float,
               digits: int, min_area: float) -> dict[str, Any] | None:
    """A GeoJSON MultiPolygon feature; tiny islands and degenerate rings are dropped."""
    coords = []
    for polygon in polygons:
        if abs(_area(polygon[0])) < min_area:
            continue
        rings = []
        for ring in polygon[:1]:  # outer ring only: holes add bytes, not orientation
            small = [(round(x, digits), round(y, digits)) for x, y in simplify(ring, tolerance)]
            if len(small) >= 4:
                rings.append([list(p) for p in small])
        if rings:
            coords.append(rings)
    if not coords:
        return None
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "MultiPolygon", "coordinates": coords}}


def _area(ring: Ring) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def build(gpkg: Path, out: Path = OUT) -> dict[str, int]:
    """Write both layers; returns their sizes in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    layers = {
        "countries": ("SELECT geom, iso_a2, NAME FROM countries", 0.04, 2, 0.02),
        "admin1": ("SELECT geom, iso_a2, name FROM states_provinces", 0.08, 2, 0.03),
    }
    sizes = {}
    for name, (sql, tolerance, digits, min_area) in layers.items():
        features = []
        for blob, iso, label in con.execute(sql):
            if blob is None:
                continue
            feature = to_feature(read_polygons(gpkg_to_wkb(blob)), {"iso": iso, "name": label},
                                 tolerance, digits, min_area)
            if feature:
                features.append(feature)
        path = out / f"{name}.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                   separators=(",", ":")), encoding="utf-8")
        sizes[name] = path.stat().st_size
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gpkg", type=Path, help="world_map.gpkg from qgis-common")
    args = parser.parse_args()
    for name, size in build(args.gpkg).items():
        print(f"{name}: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
