"""Evaluation on small hand-written CSVs in the dev files' shape (no eval data in the repo)."""

from __future__ import annotations

import csv
from pathlib import Path

from conflictwatch.evaluate import Report, evaluate_acled, evaluate_pitf, haversine_km

ACLED_FIELDS = [
    "data_id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "latitude",
    "longitude",
    "notes",
    "fatalities",
]


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def test_acled_scores(tmp_path: Path) -> None:
    rows = [
        {
            "data_id": "1",
            "event_date": "6-May-20",
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "actor1": "Unidentified Armed Group (Nigeria)",
            "actor2": "Civilians (Nigeria)",
            "latitude": "",
            "longitude": "",
            "notes": "On 6 May 2020, gunmen shot dead two farmers in Kaduna, Nigeria.",
            "fatalities": "2",
        },
        {
            "data_id": "2",
            "event_date": "7-May-20",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "actor1": "Protesters (India)",
            "actor2": "",
            "latitude": "",
            "longitude": "",
            "notes": "On 7 May 2020, nurses protested in Patna, India. Fatalities coded as 0.",
            "fatalities": "3",
        },
    ]
    path = _write(tmp_path / "a.csv", ACLED_FIELDS, rows)
    report = Report()
    evaluate_acled(path, report)
    s = report.scores
    assert report.rows["acled"] == 2
    assert (s["ACLED event type"].correct, s["ACLED event type"].total) == (2, 2)
    assert s["ACLED date exact"].correct == 2
    assert s["ACLED actor1"].correct == 2
    assert (
        s["ACLED fatalities exact (all rows)"].correct,
        s["ACLED fatalities exact (all rows)"].total,
    ) == (1, 2)
    assert s["ACLED fatalities exact (no 'coded as'/'split')"].total == 1


def test_pitf_scores_only_coded_numbers(tmp_path: Path) -> None:
    fields = [
        "start_date",
        "description",
        "deaths_number",
        "injured_number",
        "latitude",
        "longitude",
    ]
    rows = [
        {
            "start_date": "2014-03-02",
            "description": "A bomb killed 4 people and wounded 9 in Kano on Sunday.",
            "deaths_number": "4",
            "injured_number": "9",
            "latitude": "",
            "longitude": "",
        },
        {
            "start_date": "2014-03-03",
            "description": "Gunmen killed 2 villagers in Jos.",
            "deaths_number": "2",
            "injured_number": "",
            "latitude": "",
            "longitude": "",
        },
    ]
    report = Report()
    evaluate_pitf(_write(tmp_path / "p.csv", fields, rows), report, limit=5)
    assert report.scores["PITF deaths exact"].as_dict() == {
        "correct": 2,
        "total": 2,
        "percent": 100.0,
    }
    assert report.scores["PITF injured exact"].total == 1


def test_haversine() -> None:
    assert abs(haversine_km(35.648, 36.677, 35.864, 36.806) - 26.8) < 1.0


def test_errors_file_names_the_location_misses(tmp_path: Path) -> None:
    """--errors lists rows whose place is wrong or missing, with the distance, not only
    the rows whose harm figures are."""
    import io
    import json

    from conflictwatch.records import Location, PlaceMention

    def far_geoparse(text: str) -> list[PlaceMention]:
        at = text.find("Jos")
        if at < 0:
            return []
        loc = Location(text="Jos", start=at, end=at + 3, name="Jos", gazetteer_id="t:1",
                       country="NG", lat=9.93, lon=8.89, precision=1)
        return [PlaceMention(start=at, end=at + 3, text="Jos", location=loc)]

    fields = ["start_date", "description", "deaths_number", "injured_number", "latitude",
              "longitude"]
    rows = [
        {"start_date": "2014-03-03", "description": "Gunmen killed 2 villagers in Jos.",
         "deaths_number": "2", "injured_number": "", "latitude": "9.93", "longitude": "8.89"},
        {"start_date": "2014-03-04", "description": "Gunmen killed 3 villagers in Jos.",
         "deaths_number": "3", "injured_number": "", "latitude": "10.5", "longitude": "8.89"},
        {"start_date": "2014-03-05", "description": "Gunmen killed 4 villagers.",
         "deaths_number": "4", "injured_number": "", "latitude": "10.5", "longitude": "8.89"},
    ]
    report, out = Report(), io.StringIO()
    evaluate_pitf(_write(tmp_path / "p.csv", fields, rows), report, geoparse=far_geoparse,
                  errors=out)
    failed = [json.loads(line)["failed"] for line in out.getvalue().splitlines()]
    assert failed == [[["PITF location within 10 km", "Jos", 63.4]],
                      [["PITF location has coordinates", None, None]]]
    assert report.scores["PITF deaths exact"].correct == 3


def test_location_country_counts_a_record_kept_without_a_point(tmp_path: Path) -> None:
    """The country of the main record is scored on every row; a place the gazetteer lacks,
    kept with its country and no point, counts for the country but not for distance."""
    from conflictwatch.records import Location, PlaceMention

    def geoparse(text: str) -> list[PlaceMention]:
        at = text.find("Bolotenovo")
        if at < 0:
            return []
        loc = Location(text="Bolotenovo", start=at, end=at + 10, country="UA",
                       note="'Bolotenovo' not in gazetteer: country UA from the document")
        return [PlaceMention(start=at, end=at + 10, text="Bolotenovo", location=loc)]

    fields = ["country_iso3", "start_date", "description", "deaths_number", "latitude",
              "longitude"]
    rows = [
        {"country_iso3": "UKR", "start_date": "2020-05-09", "latitude": "48.1",
         "longitude": "38.1", "deaths_number": "2",
         "description": "Shelling killed 2 civilians near Bolotenovo."},
        {"country_iso3": "UKR", "start_date": "2020-05-09", "latitude": "48.1",
         "longitude": "38.1", "deaths_number": "2", "description": "Shelling killed 2 civilians."},
    ]
    report = Report()
    evaluate_pitf(_write(tmp_path / "p.csv", fields, rows), report, geoparse=geoparse)
    country = report.scores["PITF location country"]
    assert (country.correct, country.total) == (1, 2)
    assert report.scores["PITF location has coordinates"].correct == 0
