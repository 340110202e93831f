"""Event type / sub-type from triggers and context rules (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwatch.extract.events import classify, find_triggers
from conflictwatch.extract.pipeline import extract_document
from conflictwatch.records import Document


def _type(text: str) -> tuple[str | None, str | None]:
    events = [
        e
        for e in extract_document(Document(id="t", text=text))
        if e.kind in ("incident", "context")
    ]
    return (events[0].event_type, events[0].sub_event_type) if events else (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Warplanes struck the village of Kafr Dala, killing four people.",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            "Government artillery shelled the town of Zorn overnight.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "A roadside bomb exploded near a convoy in Ghazni city, wounding two.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "A suicide bomber blew himself up at a checkpoint in the city of Baidoa.",
            ("Explosions/Remote violence", "Suicide bomb"),
        ),
        (
            "Rebels and soldiers clashed near the village of Marou for several hours.",
            ("Battles", "Armed clash"),
        ),
        (
            "Gunmen shot dead a farmer in the village of Tiro.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "Two unidentified gunmen opened fire outside the house of a councillor in Kuje.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "Bandits stopped a bus near Tiro, firing shots at its tyres.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "About 800 stranded workers took to the streets in Surat city to demand transport.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Residents banged pots in Recife against the governor's visit.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Unknown men abducted two teachers in the town of Kuje.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            "Hundreds of students protested peacefully in Lagos city against fee increases.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Workers demonstrated in Pretoria city; police dispersed them with tear gas.",
            ("Protests", "Protest with intervention"),
        ),
        (
            "Protesters threw stones at police and burned tyres in the town of Kasese.",
            ("Riots", "Violent demonstration"),
        ),
        ("A mob lynched a suspected thief in the village of Ruhanga.", ("Riots", "Mob violence")),
        (
            "Police arrested five opposition activists in the city of Minsk.",
            ("Strategic developments", "Arrests"),
        ),
        (
            "The army defused an IED planted on the road near the town of Bama.",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "The two sides signed a ceasefire agreement in the city of Juba.",
            ("Strategic developments", "Agreement"),
        ),
        (
            "Activists took out a procession and formed a human chain in the town of Barisal.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "The army re-captured the town of Quissanga from insurgents on Tuesday.",
            ("Battles", "Government regains territory"),
        ),
        (
            "Teachers barricaded themselves into an office of the ministry in the town of Hinche "
            "to protest unpaid salaries.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Residents blocked the road with stones to protest power cuts in the village of "
            "Ixtahuacan.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Youths attacked the police with stones during a protest in the town of Kasese.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "Five photojournalists were beaten by traders in the market of the town of Kushtia.",
            ("Riots", "Mob violence"),
        ),
        (
            "A joint army and police team recovered four improvised explosive devices near the "
            "village of Pahug.",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "A shell fired by government forces fell on the village of Tarhuna.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
    ],
)
def test_event_types_from_own_sentences(text: str, expected: tuple[str, str]) -> None:
    assert _type(text) == expected


def test_air_strike_during_ground_battle_is_a_battle() -> None:
    text = (
        "During heavy clashes between rebels and the army near the town of Kafr Nabl, "
        "warplanes struck rebel positions."
    )
    assert _type(text) == ("Battles", "Armed clash")


def test_fire_in_both_directions_is_an_exchange_not_shelling() -> None:
    # fire seen going both ways across a front line is two sides shooting at each other
    text = ("Monitors recorded 30 projectiles in both directions of the front line near the "
            "village of Orlivka.")
    assert _type(text) == ("Battles", "Armed clash")
    one_way = "Monitors recorded 30 projectiles fired towards the village of Orlivka."
    assert _type(one_way) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_attack_on_soldiers_is_a_battle() -> None:
    text = "Gunmen shot dead two soldiers at a checkpoint in the town of Dori."
    assert _type(text)[0] == "Battles"


def test_triggers_prefer_longest_phrase() -> None:
    found = find_triggers("Protesters clashed with police in the capital.")
    assert any(t.text == "clashed with police" and t.event_type == "Riots" for t in found)


def test_classify_without_triggers_is_none() -> None:
    assert classify([]) is None


def test_no_event_in_plain_text() -> None:
    assert extract_document(Document(id="t", text="The weather was sunny in Paris today.")) == []


def test_security_personnel_off_duty_or_retired_are_civilians() -> None:
    # ACLED's convention: an attack on an off-duty or former officer is violence against
    # a civilian; on one at work, it is a battle
    on_duty = "Gunmen shot dead a police officer at a checkpoint in the town of Dori."
    assert _type(on_duty)[0] == "Battles"
    off = "Gunmen shot dead a police officer who was off duty in the town of Dori."
    assert _type(off) == ("Violence against civilians", "Attack")
    former = "Gunmen shot dead a former soldier in the town of Dori."
    assert _type(former) == ("Violence against civilians", "Attack")
    unsure = ("Gunmen shot dead a police officer in the town of Dori; it is not clear if he "
              "was off duty.")
    assert _type(unsure)[0] == "Battles"


def test_fire_returned_in_response_is_part_of_the_attack_it_answers() -> None:
    # one incident (ACLED's split): a grenade thrown at soldiers who fire back is a clash
    text = ("On 6 May 2020, militants threw a hand grenade at soldiers at a checkpoint in the "
            "town of Afgooye. The soldiers opened fire in response.")
    events = [e for e in extract_document(Document(id="1", text=text,
                                                   published=date(2020, 5, 6)))
              if e.kind == "incident"]
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Battles", "Armed clash")]


def test_a_mine_left_from_a_past_war_is_other_and_keeps_its_harm() -> None:
    text = ("On 5 May 2020, a farmer was killed by a landmine laid during the Iran-Iraq war near "
            "the town of Mehran.")
    events = extract_document(Document(id="1", text=text, published=date(2020, 5, 5)))
    assert [(e.kind, e.event_type, e.sub_event_type) for e in events] == [
        ("incident", "Strategic developments", "Other")]
    assert [(h.type, h.min) for h in events[0].harm] == [("killed", 1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "in both directions" of a road, not of fire
        ("Police closed the road in both directions after a bomb exploded in the town of Dori, "
         "killing two people.", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        # a funeral procession is no protest
        ("Mourners took out a funeral procession in the town of Kano when a bomb exploded, "
         "killing three people.", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        # bombs found to have been dropped are not bombs found on the ground
        ("Investigators found that bombs dropped by the air force killed 12 civilians in the "
         "village of Tawila.", ("Explosions/Remote violence", "Air/drone strike")),
        # a remnant of war cleared after an air strike does not make the strike "Other"
        ("An air strike killed five people in the town of Rafah; teams later cleared explosive "
         "remnants of war.", ("Explosions/Remote violence", "Air/drone strike")),
        # former fighters are the attackers here, the soldiers are serving
        ("Former FARC fighters attacked an army patrol near the town of Tumaco, killing three "
         "soldiers.", ("Battles", "Armed clash")),
        # "they" are the attackers, not the victim
        ("Gunmen shot dead a shopkeeper in the town of Iguatu. Police said they were involved "
         "in drug trafficking.", ("Violence against civilians", "Attack")),
    ],
)
def test_rules_do_not_fire_beyond_what_they_say(text: str, expected: tuple[str, str]) -> None:
    assert _type(text) == expected


def test_a_company_called_shell_is_not_shelling() -> None:
    assert find_triggers("Shell struck a deal with the government in the town of Warri.") == []


def test_refugees_returning_do_not_join_the_attack_before() -> None:
    text = ("On 4 May 2020, militants attacked an army post in the town of Mocimboa. Hundreds "
            "of refugees returned to their homes.")
    events = extract_document(Document(id="1", text=text, published=date(2020, 5, 4)))
    assert [e.sub_event_type for e in events] == ["Armed clash", "Other"]


def test_tear_gas_shells_are_no_shelling() -> None:
    from conflictwatch.extract.events import find_triggers

    subs = [t.sub_event_type for t in find_triggers("Police fired tear gas shells at the crowd.")]
    assert "Shelling/artillery/missile attack" not in subs
    subs = [t.sub_event_type for t in find_triggers("Army artillery shells hit the market.")]
    assert "Shelling/artillery/missile attack" in subs


def test_stones_thrown_at_police_with_no_demonstration_are_mob_violence() -> None:
    from conflictwatch.extract.pipeline import extract_document
    from conflictwatch.records import Document

    def sub(text: str) -> list[str]:
        events = extract_document(Document(id="t", text=text))
        return [e.sub_event_type for e in events if e.kind == "incident"]

    assert sub("On 5 May 2020, villagers pelted stones at police in Jaisalmer, India.") == [
        "Mob violence"]
    assert sub("On 6 May 2020, residents burned tires and barricaded roads in Kati, Mali.") == [
        "Violent demonstration"]
