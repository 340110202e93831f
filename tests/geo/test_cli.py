from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.geo import Gazetteer
from conflictwatch.geo.gazetteer import INDEX_VERSION

runner = CliRunner()


def test_geoparse_jsonl(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "d1", "text": "Shelling hit Saraqeb near Idlib."}) + "\n"
                    + json.dumps({"id": "d2", "text": "Nothing here."}) + "\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(docs), "--format", "jsonl",
                                 "--gazetteer", str(tiny_gazetteer.path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["text"] for r in rows] == ["Saraqeb", "Idlib"]
    first = rows[0]
    for key in ("document_id", "start", "end", "text", "lat", "lon", "gazetteer_id", "name",
                "country", "admin1", "admin2", "precision", "score", "runner_up"):
        assert key in first
    assert first["document_id"] == "d1" and first["gazetteer_id"] == "geonames:164816"
    assert rows[1]["precision"] == 2  # "near Idlib"


def test_gazetteer_lookup_explains(tiny_gazetteer: Gazetteer) -> None:
    result = runner.invoke(app, ["--json", "gazetteer", "lookup", "Paris", "--context",
                                 "Police in Paris, Texas said", "--gazetteer",
                                 str(tiny_gazetteer.path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["country"] == "US" and "Texas" in rows[0]["why"]
    assert rows[1]["country"] == "FR"


def test_gazetteer_import_and_missing_file(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("name,aliases,lat,lon,country,admin1,admin2,feature\n"
                        "Kafr Ruma,Kfar Rouma,35.6,36.6,SY,Idlib,,village\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "import", str(csv_path),
                                 str(tmp_path / "missing.zip"),
                                 "--gazetteer", str(tiny_gazetteer.path)])
    assert result.exit_code == 1  # one file failed, the other was imported
    assert "no such file" in result.output
    assert any(p.name == "Kafr Ruma" for p, _ in
               Gazetteer(tiny_gazetteer.path).candidates("Kfar Rouma"))


def test_gazetteer_import_of_unreadable_files_fails_clearly(tiny_gazetteer: Gazetteer,
                                                           tmp_path: Path) -> None:
    bad_zip = tmp_path / "SY.zip"
    bad_zip.write_text("<html>503 Service Unavailable</html>", encoding="utf-8")
    binary = tmp_path / "SY.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81 not text")
    index_before = tiny_gazetteer.index_path.stat().st_mtime_ns
    result = runner.invoke(app, ["gazetteer", "import", str(bad_zip), str(binary),
                                 "--gazetteer", str(tiny_gazetteer.path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert "SY.zip: not a readable zip file" in result.output
    assert "SY.txt: not UTF-8 text" in result.output
    assert "rebuilding" not in result.output  # nothing imported: the index is left as it is
    assert tiny_gazetteer.index_path.stat().st_mtime_ns == index_before


def test_gazetteer_info(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    csv_path = tmp_path / "curated.csv"
    csv_path.write_text("name,aliases,lat,lon,country,admin1,admin2,feature\n"
                        "Kafr Ruma,Kfar Rouma,35.6,36.6,SY,Idlib,,village\n", encoding="utf-8")
    before = len(Gazetteer(tiny_gazetteer.path).index.gid)
    assert runner.invoke(app, ["gazetteer", "import", str(csv_path), "--gazetteer",
                               str(tiny_gazetteer.path)]).exit_code == 0
    result = runner.invoke(app, ["--json", "gazetteer", "info", "--gazetteer",
                                 str(tiny_gazetteer.path)])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["places"] == before + 1 and info["last_imported"] == "curated.csv"
    assert info["name_keys"] > 0 and info["index_version"] == INDEX_VERSION
    assert "GeoNames" in info["credit"]
    import sys

    parser_file = str(sys.modules["conflictwatch.geo.parser"].__file__)
    assert info["parser_compiled"] is (not parser_file.endswith(".py"))
    missing = runner.invoke(app, ["gazetteer", "info", "--gazetteer", str(tmp_path / "no.sqlite")])
    assert missing.exit_code == 1 and "no gazetteer at" in missing.output
    assert not (tmp_path / "no.sqlite").exists()  # asking does not make one
