"""The scorers, on tiny files written here (never on the real evaluation data)."""

from __future__ import annotations

from pathlib import Path

from conflictwatch.geo import Geoparser
from conflictwatch.geo.evaluate import evaluate_acled, evaluate_geowebnews, event_place

XML = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>t</title>
    <text>Shelling hit the town of Saraqeb and a village near Paris, officials said.</text>
    <toponyms>
      <toponym><extractedName>Saraqeb</extractedName><type>Literal</type>
        <start>25</start><end>32</end><geonamesID>164816</geonamesID>
        <latitude>35.86</latitude><longitude>36.80</longitude></toponym>
      <toponym><extractedName>Paris</extractedName><type>Literal</type>
        <start>52</start><end>57</end><geonamesID>2988507</geonamesID>
        <latitude>48.85</latitude><longitude>2.35</longitude></toponym>
      <toponym><extractedName>officials</extractedName><type>Non_Toponym</type>
        <start>59</start><end>68</end></toponym>
    </toponyms>
  </article>
</articles>
"""

CSV = (
    "country,admin1,location,latitude,longitude,notes\n"
    "Syria,Idlib,Saraqib,35.8645,36.8059,\"On 1 May 2020, shelling hit Saraqeb (Idlib).\"\n"
    "France,Ile-de-France,Paris,48.85,2.35,\"On 2 May 2020, a protest was held in Paris.\"\n"
    "Syria,Hama,Somewhere,35.0,36.0,\"On 3 May 2020, nothing is named here.\"\n"
)


def test_geowebnews_scores(tiny: Geoparser, tmp_path: Path) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(XML, encoding="utf-8")
    scores = evaluate_geowebnews(path, tiny)
    assert scores["gold_toponyms"] == 2  # only toponyms with coordinates count
    assert scores["recall"] == 100.0 and scores["precision"] == 100.0
    assert scores["acc161_of_found"] == 100.0
    assert scores["exact_geonames_id_of_found_with_id"] == 100.0


def test_acled_scores(tiny: Geoparser, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(CSV, encoding="utf-8")
    scores = evaluate_acled(path, tiny)
    assert scores["rows"] == 3 and scores["no_place_found"] == 1
    assert scores["country"] == round(200 / 3, 1)
    assert scores["within_10km"] == round(200 / 3, 1)
    assert scores["rows_gazetteer_holds"] == 2 and scores["within_10km_where_held"] == 100.0


def test_acled_counts_the_country_of_a_place_without_a_point(syria_parser: Geoparser,
                                                             tmp_path: Path) -> None:
    # the village the gazetteer lacks has no point, but its country (from the mission) counts
    path = tmp_path / "acled.csv"
    path.write_text("country,admin1,location,latitude,longitude,notes\n"
                    "Lebanon,South,Bolotenovo,33.2,35.4,\"On 4 May 2020, UNIFIL heard "
                    "shots near Bolotenovo.\"\n", encoding="utf-8")
    scores = evaluate_acled(path, syria_parser)
    assert scores["no_place_found"] == 1 and scores["country"] == 100.0
    assert scores["within_50km"] == 0.0


def test_event_place_prefers_the_town_introduced_by_in(tiny: Geoparser) -> None:
    text = "Syrian forces shelled Idlib province; in Saraqeb two died."
    pick = event_place(tiny.parse(text), text)
    assert pick is not None and pick.text == "Saraqeb"


def test_event_place_prefers_a_place_that_is_not_part_of_a_name(tiny: Geoparser) -> None:
    text = "Miners of the Hama Coal Company held a protest in Saraqeb."
    pick = event_place(tiny.parse(text), text)
    assert pick is not None and pick.text == "Saraqeb"


def test_admin1_is_right_under_another_name_of_the_same_area(syria_parser: Geoparser) -> None:
    """ACLED may name an admin1 otherwise than GeoNames ("Sweida" for Suwayda): the same area
    counts; another area does not."""
    from conflictwatch.geo.evaluate import _admin1_aliases, _same_admin1

    aliases = _admin1_aliases(syria_parser)
    loc = next(m.location for m in syria_parser.parse("Clashes in Sweida Governorate.")
               if m.location is not None)
    assert loc.admin1 == "Suwayda"
    assert _same_admin1(loc, "Sweida", aliases)
    assert _same_admin1(loc, "As Suwayda'", aliases)
    assert not _same_admin1(loc, "Daraa", aliases)


def test_admin1_is_right_under_the_name_of_the_town_it_is_named_after(tmp_path: Path) -> None:
    """ACLED's "Kiev City" is GeoNames' "Kyiv City", named after the town Kyiv (alias Kiev)."""
    from conflictwatch.geo import Gazetteer
    from conflictwatch.geo.evaluate import _admin1_aliases, _same_admin1
    from conflictwatch.geo.gazetteer import insert_place
    from conflictwatch.records import Location

    gaz = Gazetteer(tmp_path / "gaz.sqlite")
    con = gaz.connect()
    con.executemany("INSERT INTO admin_names VALUES (?,?)",
                    [("UA.12", "Kyiv City"), ("UA.05", "Donetsk")])
    insert_place(con, "geonames:703448", "Kyiv", [("Kiev", "alt"), ("Kyjiw", "alt")],
                 country="UA", admin1="12", population=2_900_000, lat=50.45, lon=30.52)
    insert_place(con, "admin:UA.12", "Kyiv City", [], fclass="A", fcode="ADM1", country="UA",
                 admin1="12", population=2_900_000, lat=50.45, lon=30.52)
    insert_place(con, "admin:UA.05", "Donetsk", [], fclass="A", fcode="ADM1", country="UA",
                 admin1="05", population=4_000_000, lat=48.0, lon=37.8)
    con.commit()
    con.close()
    gaz.build_index()
    aliases = _admin1_aliases(Geoparser(gaz))
    loc = Location(country="UA", admin1="Kyiv City")
    assert _same_admin1(loc, "Kiev City", aliases)
    assert not _same_admin1(loc, "Donetsk", aliases)
