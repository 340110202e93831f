"""The synthetic GeoNames dump of benchmarks/bench_gazetteer.py: valid rows, importable."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_gazetteer import dump_rows, write_dump

from conflictwatch.geo import Gazetteer
from conflictwatch.geo.importers import detect_kind, import_file


def test_dump_rows_are_geonames_rows_and_repeat_by_seed() -> None:
    rows = list(dump_rows(300, seed=5))
    assert rows == list(dump_rows(300, seed=5)) and rows != list(dump_rows(300, seed=6))
    cols = [r.rstrip("\n").split("\t") for r in rows]
    assert all(len(c) == 19 and c[0].isdigit() for c in cols)
    assert {c[6] for c in cols} >= {"P", "S", "T", "H"}  # feature classes of a real dump
    assert any(c[3] for c in cols)  # some alternate names


def test_the_dump_imports(tmp_path: Path) -> None:
    dump = tmp_path / "allCountries.zip"
    write_dump(dump, 200, seed=5)
    assert detect_kind(dump) == "geonames"
    gaz = Gazetteer(tmp_path / "g.sqlite")
    gaz.connect().close()
    kept = sum(1 for r in dump_rows(200, seed=5) if r.split("\t")[6] != "H")
    assert import_file(gaz, dump) == kept
    assert len(Gazetteer(gaz.path).index.gid) == kept
