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
    assert "Military Forces of Turkey (2016-)" in names


def test_police_of_focus_country() -> None:
    names = _names("In Kano, Nigeria, police arrested four men.")
    assert "Police Forces of Nigeria (2015-)" in names


def test_named_groups() -> None:
    names = _names("Al-Shabaab fighters attacked AMISOM troops; Boko Haram later raided a camp.")
    assert "Al Shabaab" in names
    assert BOKO_HARAM_EITHER in names  # faction not said: ACLED's joint name


BOKO_HARAM_EITHER = (
    "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
)


def test_faction_named_keeps_its_own_name() -> None:
    names = _names("Fighters of the Shekau faction raided a village near Gwoza, Nigeria.")
    assert "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad" in names


def test_either_of_two_groups_is_one_joint_actor() -> None:
    text = "In Burkina Faso, JNIM or ISGS militants abducted a trader near Djibo."
    names = _names(text)
    assert names[0] == (
        "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"
    )
    assert _names("ISWAP/Boko Haram fighters attacked Monguno, Nigeria.")[0] == BOKO_HARAM_EITHER


def test_forces_of_a_named_unrecognised_state() -> None:
    text = ("Military forces of Artsakh fired on the positions of the military forces of "
            "Azerbaijan near Tartar.")
    names = _names(text)
    assert names[:2] == ["Military Forces of Artsakh (2007-)",
                         "Military Forces of Azerbaijan (2003-)"]


def test_country_specific_forces_only_in_their_country() -> None:
    assert "Military Forces of Brazil (2019-) Military Police" in _names(
        "In Rio de Janeiro, Brazil, military police officers shot a suspect.")
    assert "Military Forces of Brazil (2019-) Military Police" not in _names(
        "In Lahore, Pakistan, military police arrested a man.")


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


def _actor1(text: str, published: str = "2020-05-10") -> str:
    from datetime import date

    doc = Document(id="1", text=text, published=date.fromisoformat(published))
    events = [e for e in extract_document(doc) if e.kind == "incident"]
    return next(a.name for a in events[0].actors if a.role == "actor1")


def test_undescribed_killer_follows_the_country_convention() -> None:
    # a body found: no perpetrator in the text -> Mexico codes criminal violence to gangs
    assert _actor1("On 9 May 2020, in Culiacan, Sinaloa, Mexico, a man was found dead with "
                   "gunshot wounds.") == "Unidentified Gang (Mexico)"
    # described perpetrators stay an armed group
    assert _actor1("On 9 May 2020, in Culiacan, Sinaloa, Mexico, armed men shot dead a "
                   "man.") == "Unidentified Armed Group (Mexico)"


def test_unidentified_attackers_of_civilians_in_brazil() -> None:
    assert _actor1("On 9 May 2020, in Belem, Para, Brazil, armed men on a motorcycle shot dead "
                   "a man.") == "Unidentified Gang and/or Police Militia"


def test_group_country_hint_only_when_groups_agree() -> None:
    from conflictwatch.extract.actors import group_country

    assert group_country("GNA and LNA forces clashed in Ayn Zarah.") == "LY"
    assert group_country("Taliban fighters and Boko Haram militants.") is None  # disagree
    assert group_country("Gunmen attacked a village.") is None


def test_a_drug_dealer_shot_by_armed_men_is_a_clash_between_armed_groups() -> None:
    # ACLED codes a gang member (a drug dealer, like a trafficker) as an armed actor
    doc = Document(id="1", text="On 2 May 2020, in Puebla, Mexico, an alleged drug dealer was "
                   "shot dead by several armed men.")
    ev = [e for e in extract_document(doc) if e.kind == "incident"][0]
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash")
    assert "Unidentified Gang (Mexico)" in [a.name for a in ev.actors]


def test_a_victim_said_to_be_in_a_gang_makes_a_clash_between_armed_groups() -> None:
    base = ("On 6 May 2020, in Iguatu, Ceara, Brazil, a man was killed in a drive-by shooting "
            "by two armed men.")
    plain = [e for e in extract_document(Document(id="1", text=base)) if e.kind == "incident"]
    assert (plain[0].event_type, plain[0].sub_event_type) == (
        "Violence against civilians", "Attack")
    gang = base + " The victim was involved in a gang."
    ev = [e for e in extract_document(Document(id="1", text=gang)) if e.kind == "incident"][0]
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash")
    # Brazil's convention for an unnamed attacker holds for the gang's attacker too
    assert [a.name for a in ev.actors if a.role == "actor1"] == [
        "Unidentified Gang and/or Police Militia"]


def test_victims_of_a_clash_are_not_its_actor1_the_other_side_is() -> None:
    text = ("On 2 May 2020, two Turkish soldiers were killed during clashes with PKK militants "
            "in Bitlis, Turkey.")
    assert _actor1(text) == "PKK: Kurdistan Workers Party"


def test_plain_police_is_the_one_police_force_the_report_named() -> None:
    text = ("On 9 May 2020, in Niteroi, Rio de Janeiro, the Military Police carried out an "
            "operation in Fonseca. A shoot-out broke out and two police officers and two "
            "suspects were injured.")
    assert _actor1(text) == "Military Forces of Brazil (2019-) Military Police"


def test_plain_police_stays_generic_when_two_forces_are_named() -> None:
    names = _names("The Civil Police and the Federal Police raided a house in Recife, Brazil. "
                   "Police officers arrested two men.")
    assert "Police Forces of Brazil (2019-)" in names


def test_a_weapon_word_yields_to_the_by_phrase_that_names_who_fired() -> None:
    text = "On 3 May 2020, artillery fire by an unknown party hit a market in Sirte, Libya."
    assert _actor1(text) == "Unidentified Armed Group (Libya)"


def test_who_repelled_an_attack_defended_the_attacker_is_actor1() -> None:
    text = ("On 4 May 2020, Somali troops repulsed an attack by Al Shabaab militants on a base "
            "near Afgoye, killing 12 militants.")
    assert _actor1(text) == "Al Shabaab"


def test_a_group_claiming_the_attack_is_its_actor1_not_a_mere_source() -> None:
    text = ("On 6 May 2020, Al Shabaab claimed to have attacked an army base near Afgoye, Somalia, "
            "with mortar shells.")
    assert _actor1(text) == "Al Shabaab"


def test_the_defender_named_last_is_still_no_actor1() -> None:
    text = ("On 4 May 2020, 15 Al Shabaab militants were killed when Somali troops repulsed "
            "their attack near Afgoye.")
    assert _actor1(text) == "Al Shabaab"


def test_a_state_noun_after_a_named_group_is_its_head_noun() -> None:
    """"LNA forces" is the LNA, not also Libya's recognised army ("forces" alone)."""
    names = _names("In Libya, LNA forces repelled an attack by GNA forces near Tripoli.")
    assert names == ["Military Forces of Libya (2014-) Haftar Faction",
                     "Military Forces of Libya (2016-) Government of National Accord"]


def test_two_rival_governments_are_two_sides() -> None:
    """State forces of one country under governments of different years fight each other."""
    doc = Document(id="t", text="On 3 May 2020, GNA and LNA forces clashed near Tripoli, Libya.")
    [event] = extract_document(doc)
    roles = {a.role: a.name for a in event.actors}
    assert roles == {"actor1": "Military Forces of Libya (2016-) Government of National Accord",
                     "actor2": "Military Forces of Libya (2014-) Haftar Faction"}
