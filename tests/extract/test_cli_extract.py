"""`conflictwatch extract` and `evaluate` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from conflictwatch.cli import app

TEXT = "On 6 May 2020, gunmen killed 3 villagers in the village of Tudu, Nigeria."


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--quiet", *args])
    return result.exit_code, result.stdout


def test_extract_txt_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "report1.txt"
    f.write_text(TEXT, encoding="utf-8")
    code, out = _run("extract", str(f), "--published", "2020-05-07", "--no-geo")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["document_id"] == "report1" for r in records)
    assert records[0]["event_type"] == "Violence against civilians"


def test_extract_jsonl_acled(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text(
        json.dumps({"id": "a1", "text": TEXT, "published": "2020-05-07"})
        + "\n"
        + json.dumps({"id": "a2", "text": "Nurses protested in Lagos, Nigeria."})
        + "\n",
        encoding="utf-8",
    )
    code, out = _run("extract", str(f), "--format", "acled", "--no-geo")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["document_id"] for r in rows} == {"a1", "a2"}
    assert "fatalities" in rows[0] and "sub_event_type" in rows[0]
    assert next(r for r in rows if r["document_id"] == "a1")["fatalities"] == "3"


def test_extract_folder_geojson(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><body><article><h1>Clashes</h1><p>On 6 May 2020, soldiers and rebels clashed "
        "in the town of Kidal, Mali, for hours, according to residents.</p>"
        "<p>Four fighters were killed in the fighting near the town.</p></article></body></html>",
        encoding="utf-8",
    )
    code, out = _run("extract", str(tmp_path), "--format", "geojson", "--no-geo")
    assert code == 0
    fc = json.loads(out)
    assert fc["type"] == "FeatureCollection"
    assert {f["properties"]["document_id"] for f in fc["features"]} >= {"a"}


def test_missing_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_evaluate_json(tmp_path: Path) -> None:
    f = tmp_path / "acled.csv"
    with f.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(
            fh,
            fieldnames=[
                "data_id",
                "event_date",
                "event_type",
                "sub_event_type",
                "actor1",
                "notes",
                "fatalities",
            ],
        )
        w.writeheader()
        w.writerow(
            {
                "data_id": "1",
                "event_date": "6-May-20",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "actor1": "Protesters (Nigeria)",
                "notes": "On 6 May 2020, nurses protested in Lagos, Nigeria.",
                "fatalities": "0",
            }
        )
    code, out = _run("evaluate", "--acled", str(f), "--no-geo", "--json")
    assert code == 0
    scores = json.loads(out)["scores"]
    assert scores["ACLED event type"]["correct"] == 1


def test_evaluate_needs_a_file() -> None:
    assert CliRunner().invoke(app, ["evaluate"]).exit_code == 2
