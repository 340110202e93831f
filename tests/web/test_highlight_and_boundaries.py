"""Evidence highlighting (escaping, overlaps, bad spans) and the boundary builder's decoding."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from pathlib import Path

from conflictwatch.web.build_boundaries import build, gpkg_to_wkb, read_polygons, simplify
from conflictwatch.web.highlight import highlight, segments

VENDOR = Path(__file__).parents[2] / "src" / "conflictwatch" / "web" / "static"


def test_highlight_escapes_every_segment_and_flattens_overlaps() -> None:
    text = 'a <b>x</b> "q" & 5 killed'
    html = str(highlight(text, [{"field": "harm[0]", "start": 19, "end": 25},
                                {"field": "event_type", "start": 17, "end": 25},
                                {"field": "bad", "start": 30, "end": 10},
                                {"field": "<i>", "start": 2, "end": 5}]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html and "&#34;q&#34;" in html
    assert '<mark class="ev" title="event_type" data-field="event_type">5 </mark>' in html
    assert 'data-field="event_type, harm[0]">killed</mark>' in html
    assert 'title="&lt;i&gt;"' in html  # field names are escaped too


def test_segments_cover_the_text_once() -> None:
    parts = segments(10, [(2, 6, "a"), (4, 8, "b"), (-3, 2, "c"), (9, 50, "d")])
    assert [(s, e) for s, e, _ in parts] == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 9), (9, 10)]
    assert [f for _, _, f in parts] == [[], ["a"], ["a", "b"], ["b"], [], ["d"]]


def gpkg_blob(rings: list[list[tuple[float, float]]]) -> bytes:
    """A GeoPackage geometry blob (header with an XY envelope) holding one WKB MultiPolygon."""
    poly = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        poly += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    wkb = struct.pack("<BII", 1, 6, 1) + poly
    return b"GP" + bytes([0, 0b00000011]) + struct.pack("<i", 4326) + bytes(32) + wkb


def test_build_boundaries_from_a_tiny_geopackage(tmp_path: Path) -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 0.001), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    islet = [(20.0, 20.0), (20.001, 20.0), (20.001, 20.001), (20.0, 20.0)]
    blob = gpkg_blob([square])
    assert read_polygons(gpkg_to_wkb(blob)) == [[square]]
    assert simplify(square, 0.01) == [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0),
                                      (0.0, 0.0)]
    gpkg = tmp_path / "w.gpkg"
    con = sqlite3.connect(gpkg)
    con.execute("CREATE TABLE countries (geom BLOB, iso_a2 TEXT, NAME TEXT)")
    con.execute("CREATE TABLE states_provinces (geom BLOB, iso_a2 TEXT, name TEXT)")
    con.execute("INSERT INTO countries VALUES (?, 'XA', 'Squareland')", (blob,))
    con.execute("INSERT INTO countries VALUES (?, 'XB', 'Islet')", (gpkg_blob([islet]),))
    con.execute("INSERT INTO states_provinces VALUES (?, 'XA', 'North')", (blob,))
    con.commit()
    con.close()
    sizes = build(gpkg, tmp_path / "out")
    countries = json.loads((tmp_path / "out" / "countries.geojson").read_text())
    assert [f["properties"] for f in countries["features"]] == [{"iso": "XA",
                                                                  "name": "Squareland"}]
    assert countries["features"][0]["geometry"]["coordinates"][0][0][2] == [10.0, 10.0]
    assert set(sizes) == {"countries", "admin1"}


def test_vendored_assets_are_small_and_recorded() -> None:
    boundaries = sum(p.stat().st_size for p in (VENDOR / "boundaries").glob("*.geojson"))
    assert 0 < boundaries < 3_000_000
    recorded = {}
    for line in (VENDOR / "vendor" / "VENDORED.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and len(cells[2]) == 64:
            recorded[cells[0]] = cells[2]
    files = sorted((VENDOR / "vendor").glob("*.*s"))
    assert len(files) == 10
    for path in files:
        assert recorded[path.name] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
