"""Exports of incidents (ACLED CSV, HXL, GeoJSON, JSONL) and the ACLED import round trip."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from conflictwatch.export.acled import inter_code, interaction
from conflictwatch.export.incidents import write
from conflictwatch.store.db import open_store
from conflictwatch.store.incidents import IncidentFilter, get_incident, iter_incidents
from resolve.resolve_helpers import place, store, strike

FIXTURE = Path(__file__).parent / "fixtures" / "acled-invented.csv"
MONDAY = date(2020, 1, 27)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_then_export_preserves_every_column(run_cli: Callable[..., object],
                                                   tmp_path: Path) -> None:
    result = run_cli("import-acled", str(FIXTURE))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = tmp_path / "out.csv"
    result = run_cli("export", "--format", "acled", "--output", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    original = _rows(FIXTURE.read_text(encoding="utf-8"))
    exported = {r["event_id_cnty"]: r for r in _rows(out.read_text(encoding="utf-8"))}
    assert len(exported) == len(original) == 5
    for row in original:
        again = exported[row["event_id_cnty"]]
        assert {c: again[c] for c in row} == row


def test_imported_rows_are_read_into_the_model(db_url: str,
                                               run_cli: Callable[..., object]) -> None:
    run_cli("import-acled", str(FIXTURE))
    with open_store(db_url)() as session:
        first = get_incident(session, 1)
        assert first is not None and first.origin == "acled"
        assert first.event_type == "Explosions/Remote violence"
        assert first.date is not None and first.date.start == date(2020, 2, 3)
        assert first.location is not None and first.location.country == "SY"
        assert (first.location.lat, first.location.lon) == (35.8137, 36.6107)
        assert first.killed() is not None and first.killed().best == 3  # type: ignore[union-attr]
        assert first.sources == ["Invented Monitor", "Invented Wire"]
        week = get_incident(session, 2)
        assert week is not None and week.date is not None and week.date.precision == "week"
        protest = get_incident(session, 3)
        assert protest is not None
        assert [a.name for a in protest.actors if a.role == "assoc_actor_1"] == \
            ["Students (Iraq)", "Teachers (Iraq)"]


def test_import_filters_by_country(run_cli: Callable[..., object]) -> None:
    run_cli("import-acled", str(FIXTURE))
    result = run_cli("--quiet", "export", "--format", "acled", "--country", "IQ")
    rows = _rows(result.output)  # type: ignore[attr-defined]
    assert [r["country"] for r in rows] == ["Iraq"]


@pytest.fixture
def session(db_url: str) -> Session:
    with open_store(db_url)() as s:
        yield s


def _strike_incident(session: Session) -> None:
    store(session, "a", "Northwest Monitor", "Report A text about a market strike.",
          [strike("a", MONDAY, (5, None), text="At least 5 civilians were killed")])
    store(session, "b", "Orontes Post", "Completely different wording from B, seven dead.",
          [strike("b", MONDAY, (7, 7), text="Seven people died")])
    store(session, "c", "Valley Daily", "A third outlet writes its own story of the raid.",
          [strike("c", MONDAY, (5, 8), text="Between 5 and 8 people lost their lives")])
    store(session, "z", "Levant Wire", "Elsewhere, far away.",
          [strike("z", MONDAY, None, loc=place("Saraqib", 35.8647, 36.8006))])


def _export(session: Session, fmt: str, f: IncidentFilter | None = None) -> str:
    buf = io.StringIO()
    write(fmt, iter_incidents(session, f, page=1), buf)
    return buf.getvalue()


def test_acled_export_of_an_extracted_incident(session: Session) -> None:
    _strike_incident(session)
    row = _rows(_export(session, "acled"))[0]
    assert row["fatalities"] == "5"  # ACLED's lowest figure, not 7 or 8
    assert row["source"] == "Northwest Monitor; Orontes Post; Valley Daily"
    assert (row["iso"], row["iso3"], row["country"], row["region"]) == \
        ("760", "SYR", "Syria", "Middle East")
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == \
        ("Military Forces of Russia (2000-)", "8", "Civilians (Syria)", "7", "78")
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2020-01-27", "2020", "1")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("35.6136", "36.5614", "1")
    assert "Killed: 5-8" in row["notes"] and "At least 5 civilians" in row["notes"]


def test_hxl_has_hashtag_row(session: Session) -> None:
    _strike_incident(session)
    rows = list(csv.reader(io.StringIO(_export(session, "hxl"))))
    header, tags, first = rows[0], rows[1], rows[2]
    for tag in ("#event+type", "#date+start", "#adm1+name", "#geo+lat", "#geo+lon",
                "#affected+killed", "#affected+injured", "#affected+displaced",
                "#group+name+first", "#meta+source"):
        assert tag in tags
    assert len(header) == len(tags) == len(first)
    values = dict(zip(tags, first, strict=True))
    assert values["#affected+killed"] == "5" and values["#affected+killed+max"] == "8"
    assert values["#status+grade"] == "multiple sources"
    assert len(rows) == 2 + 2


def test_geojson_and_jsonl(session: Session) -> None:
    _strike_incident(session)
    collection = json.loads(_export(session, "geojson"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    feat = collection["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.5614, 35.6136]}
    assert feat["properties"]["grade"] == "multiple sources"
    assert len(feat["properties"]["reports"]) == 3
    lines = _export(session, "jsonl").splitlines()
    assert [len(json.loads(x)["reports"]) for x in lines] == [3, 1]


def test_paged_iteration_sees_every_incident_once(session: Session) -> None:
    for i in range(7):
        store(session, f"d{i}", f"Outlet {i}", f"Report number {i}.",
              [strike(f"d{i}", date(2020, 3, 1 + 3 * i), (i, i))])
    ids = [inc.id for inc in iter_incidents(session, IncidentFilter(), page=2)]
    assert ids == sorted(set(ids)) and len(ids) == 7


def test_inter_codes() -> None:
    assert inter_code("Military Forces of Syria (2000-)", "SY") == "1"
    assert inter_code("Military Forces of Russia (2000-)", "SY") == "8"
    assert inter_code("Protesters (Iraq)", "IQ") == "6"
    assert inter_code("", "IQ") == ""
    assert interaction("6", "") == "60" and interaction("7", "1") == "17"


def test_compare_imported_acled_with_extracted(db_url: str, run_cli: Callable[..., object],
                                               session: Session) -> None:
    run_cli("import-acled", str(FIXTURE))
    store(session, "x", "Northwest Monitor", "Strike on Ariha.",
          [strike("x", date(2020, 2, 3), (4, 4), loc=place("Ariha", 35.81, 36.61,
                                                          admin2="Ariha"))])
    from conflictwatch.store.incidents import compare_by_day, compare_incidents

    matches = {m.acled_event: m for m in compare_incidents(session)}
    ariha = matches["SYR90001"]
    assert ariha.extracted_id is not None and "km apart" in ariha.why
    assert (ariha.acled_fatalities, ariha.extracted_fatalities) == (3, 4)
    assert matches["IRQ90003"].extracted_id is None
    day = next(r for r in compare_by_day(session) if r.day == date(2020, 2, 3))
    assert (day.extracted, day.extracted_fatalities, day.acled, day.acled_fatalities) == \
        (1, 4, 1, 3)
    result = run_cli("--quiet", "compare-acled", "--by", "incident")
    assert "SYR90001" in result.output  # type: ignore[attr-defined]


def test_cli_export_applies_corrections_and_drops_rejects(
        session: Session, run_cli: Callable[..., object]) -> None:
    from conflictwatch.store.incident_models import IncidentRow
    from conflictwatch.store.review import Correction, FigurePatch, record_correction

    _strike_incident(session)
    merged, other = sorted(session.query(IncidentRow).all(), key=lambda r: r.id)
    record_correction(session, merged, Correction(figures={"killed": FigurePatch(min=9, max=9)}),
                      "analyst", target_type="incident")
    record_correction(session, other, Correction(action="reject"), "analyst",
                      target_type="incident")
    session.commit()
    rows = _rows(run_cli("export", "--format", "acled").stdout)
    assert len(rows) == 1 and rows[0]["fatalities"] == "9"
