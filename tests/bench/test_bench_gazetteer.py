"""The synthetic GeoNames dump of benchmarks/bench_gazetteer.py: valid rows, importable."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_gazetteer import alternate_rows, dump_rows, write_dump, write_zip

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


def test_alternate_names_import_for_the_dump_s_places(tmp_path: Path) -> None:
    dump, alt = tmp_path / "allCountries.zip", tmp_path / "alternateNamesV2.zip"
    write_dump(dump, 50, seed=5)
    write_zip(alt, "alternateNamesV2.txt", alternate_rows(400, 50, seed=5))
    assert all(len(r.split("\t")) == 10 for r in alternate_rows(400, 50, seed=5))
    gaz = Gazetteer(tmp_path / "g.sqlite")
    gaz.connect().close()
    import_file(gaz, dump)
    assert detect_kind(alt) == "alternates"
    added = import_file(gaz, alt)
    assert 0 < added < 400  # links, postcodes and most foreign-language names are left out
