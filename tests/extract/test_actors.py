"""Actor lexicon, nationality resolution, country focus and roles."""

from __future__ import annotations

from conflictwatch.extract.actors import countries, country_focus, find_actors
from conflictwatch.extract.pipeline import extract_document
from conflictwatch.records import Document


def _names(text: str) -> list[str]:
    focus = country_focus(text).country
    return [a.name for a in find_actors(text, focus)]


def test_nationality_before_state_noun() -> None:
    names = _names("Israeli forces raided a house while Turkish troops watched.")
    assert "Military Forces of Israel (2009-)" in names
    assert "Military Forces of Turkey (2002-)" in names


def test_police_of_focus_country() -> None:
    names = _names("In Kano, Nigeria, police arrested four men.")
    assert "Police Forces of Nigeria (2015-)" in names


def test_named_groups() -> None:
    names = _names("Al-Shabaab fighters attacked AMISOM troops; Boko Haram later raided a camp.")
    assert "Al Shabaab" in names
    assert "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad" in names


def test_country_in_locative_position_is_a_place_not_an_actor() -> None:
    text = "Civilians were killed in Syria."
    actors = find_actors(text, country_focus(text).country)
    assert all(not a.name.startswith("Military Forces of Syria") for a in actors)
    assert any(a.name == "Civilians (Syria)" for a in actors)


def test_country_focus_from_admin_names() -> None:
    assert country_focus("Clashes were reported in Idlib and Hama.").country.iso == "SY"
    assert country_focus("Villagers protested in Chihuahua and Guerrero.").country.iso == "MX"


def test_lexicon_covers_the_countries_it_lists() -> None:
    table = countries()
    for iso in ("UA", "MX", "IN", "BR", "PK", "AF", "NG", "SO", "SY", "YE", "PS", "MM"):
        assert table[iso].military.startswith("Military Forces of")


def test_roles_agent_and_victim() -> None:
    text = "On 3 May 2020, Taliban militants killed three civilians in the village of Qala."
    ev = extract_document(Document(id="t", text=text))[0]
    roles = {a.role: a.name for a in ev.actors}
    assert roles["actor1"] == "Taliban"
    assert roles["actor2"] == "Civilians (Afghanistan)"


def test_passive_by_phrase_is_the_agent() -> None:
    text = "Two farmers were shot dead by Fulani herdsmen in Benue, Nigeria."
    ev = extract_document(Document(id="t", text=text))[0]
    roles = {a.role: a.name for a in ev.actors}
    assert roles["actor1"] == "Fulani Ethnic Militia (Nigeria)"
    assert roles["actor2"] == "Civilians (Nigeria)"


def test_protesters_are_actor1_of_a_protest() -> None:
    text = "On 4 May 2020, nurses protested in Lahore, Pakistan, demanding safety equipment."
    ev = extract_document(Document(id="t", text=text))[0]
    assert ev.event_type == "Protests"
    assert [a.name for a in ev.actors if a.role == "actor1"] == ["Protesters (Pakistan)"]
