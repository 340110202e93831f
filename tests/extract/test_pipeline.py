"""Assembly rules on own texts, and properties on arbitrary text (hypothesis)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.extract.pipeline import extract_document, incident_killed, split_sentences
from conflictwatch.records import Document, Event, Location, PlaceMention

P = date(2020, 5, 8)


def _extract(text: str, **kw: object) -> list[Event]:
    return extract_document(Document(id="d", text=text, published=P), **kw)  # type: ignore[arg-type]


def test_sentences_keep_offsets() -> None:
    text = "Gen. Ali said 5 died. Shelling hit Idlib!\nNew line here"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Ali said 5 died.",
        "Shelling hit Idlib!",
        "New line here",
    ]


def test_one_incident_per_place_per_day() -> None:
    text = (
        "On 6 May 2020, shelling hit the town of Ariha and the village of Kansafra. "
        "On 7 May 2020, shelling hit the town of Ariha again."
    )
    incidents = [e for e in _extract(text) if e.kind == "incident"]
    keys = {
        (e.location.text if e.location else None, e.date.start if e.date else None)
        for e in incidents
    }
    assert keys == {
        ("Ariha", date(2020, 5, 6)),
        ("Kansafra", date(2020, 5, 6)),
        ("Ariha", date(2020, 5, 7)),
    }


def test_placeless_harm_joins_the_days_incident() -> None:
    text = "On 6 May 2020, warplanes bombed the town of Sarmin. Four civilians were killed."
    incidents = [e for e in _extract(text) if e.kind == "incident"]
    assert len(incidents) == 1
    assert incident_killed(incidents[0]) == 4


def test_running_total_is_not_added() -> None:
    text = (
        "On 6 May 2020, gunmen killed 3 villagers in the village of Tudu, bringing the "
        "total since Monday to 12."
    )
    events = _extract(text)
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 3
    assert any(e.kind == "cumulative" and e.harm[0].min == 12 for e in events)


def test_total_over_the_last_days_alone_is_the_episodes_toll() -> None:
    # no other figure: "since Wednesday" spans the episode the report is about
    text = ("Fighting between the army and rebels in the town of Tudu has killed 11 civilians "
            "since Wednesday, officials said.")
    events = _extract(text)
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 11
    assert not any(e.kind == "cumulative" for e in events)


def test_total_over_a_long_period_stays_a_running_total() -> None:
    text = ("Fighting between the army and rebels in the town of Tudu has killed 300 civilians "
            "since January, officials said.")
    events = _extract(text)
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 0
    assert any(e.kind == "cumulative" and e.harm[0].min == 300 for e in events)


def test_inline_tags_do_not_hide_the_words() -> None:
    text = "On 6 May 2020, at least 13 people were <b>killed</b> and 12 injured in Tudu market."
    events = _extract(text)
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 13
    _check_spans(text, events)  # field texts quote the original, tags and all
    assert any("were <b>killed" in h.text for e in events for h in e.harm)


def test_invisible_direction_marks_do_not_hide_numbers() -> None:
    text = "On 6 May 2020, at least \u202e\u202e23\u202c\u202c people were killed in Tudu market."
    events = _extract(text)
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 23
    _check_spans(text, events)


def test_dated_figures_of_a_placeless_sentence_are_not_dropped() -> None:
    text = ("Seven civilians were hacked to death in an overnight attack by rebels in eastern "
            "Congo. Clashes broke out in the town of Tudu on Sunday when the rebels attacked a "
            "military base.")
    events = extract_document(Document(id="d", text=text, published=date(2015, 11, 29)))
    assert sum(incident_killed(e) for e in events if e.kind == "incident") == 7


def test_background_figures_of_a_placed_month_stay_background() -> None:
    text = ("On 6 May 2020, gunmen killed 3 villagers in the village of Tudu. Last month, 300 "
            "people were injured in clashes in the town of Kano.")
    incidents = [e for e in _extract(text) if e.kind == "incident"]
    assert sum(incident_killed(e) for e in incidents) == 3
    assert not any(h.type == "injured" for e in incidents for h in e.harm)


def test_agreement_is_context() -> None:
    text = "On 6 May 2020, the government and the rebels signed a ceasefire agreement in Juba."
    events = _extract(text)
    assert [e.kind for e in events] == ["context"]


def test_geoparse_location_is_copied() -> None:
    text = "On 6 May 2020, warplanes bombed Saraqib and killed 2 civilians."
    start = text.index("Saraqib")

    def geoparse(t: str) -> list[PlaceMention]:
        loc = Location(
            name="Saraqib",
            gazetteer_id="geonames:164816",
            country="SY",
            lat=35.864,
            lon=36.806,
            precision=1,
        )
        return [PlaceMention(start, start + 7, "Saraqib", location=loc, score=1.0)]

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None
    assert (ev.location.lat, ev.location.text, ev.location.start) == (35.864, "Saraqib", start)


def _stub_geoparser(*places: tuple[str, str, str | None, int]) -> object:
    """A geoparser that resolves each (name, country, admin1, precision) wherever it occurs."""

    def geoparse(t: str) -> list[PlaceMention]:
        out = []
        for name, country, admin1, precision in places:
            at = t.find(name)
            if at >= 0:
                loc = Location(text=name, start=at, end=at + len(name), name=name,
                               country=country, admin1=admin1, lat=34.5, lon=69.2,
                               precision=precision)
                out.append(PlaceMention(at, at + len(name), name, location=loc, score=1.0))
        return sorted(out, key=lambda p: p.start)

    return geoparse


def _with_pointless(geoparse: Any, name: str, country: str) -> Any:
    """`geoparse` plus `name` kept as the geoparser keeps a place the gazetteer lacks: its
    country, no point, a note."""

    def both(t: str) -> list[PlaceMention]:
        at = t.index(name)
        loc = Location(text=name, start=at, end=at + len(name), country=country or None,
                       note=f"'{name}' not in gazetteer: country {country}, no point")
        pointless = PlaceMention(at, at + len(name), name, location=loc)
        return sorted([*geoparse(t), pointless], key=lambda p: p.start)

    return both


def test_a_place_without_a_point_is_the_event_place_only_when_none_has_one() -> None:
    text = "On 9 May 2020, the OSCE SMM observed 2 explosions near Bolotenovo."
    ev = [e for e in _extract(text, geoparse=_with_pointless(_stub_geoparser(), "Bolotenovo",
                                                             "UA")) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.text == "Bolotenovo"
    assert ev.location.country == "UA" and ev.location.lat is None
    # a place with coordinates in the same sentence (here the province) is the better one
    text = "On 9 May 2020, gunmen killed 5 people at Foobar village in Zamfara state."
    geoparse = _with_pointless(_stub_geoparser(("Zamfara", "NG", "Zamfara", 3)), "Foobar", "NG")
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Zamfara"


def test_a_sentence_with_only_a_place_without_a_point_is_an_event_of_its_own() -> None:
    # "in Bwizaville" (the gazetteer lacks it) keeps the second killing apart from the first;
    # the record borrows the coordinates of the place the text named before
    text = ("On 7 May 2020, police shot dead five people in Bujumbura. Another man was shot "
            "dead in Bwizaville.")
    geoparse = _with_pointless(_stub_geoparser(("Bujumbura", "BI", "Bujumbura Mairie", 1)),
                               "Bwizaville", "BI")
    events = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"]
    assert sum(incident_killed(e) for e in events) == 6 and len(events) == 2
    second = events[1].location
    assert second is not None and second.name == "Bujumbura" and second.lat is not None
    assert "no place with coordinates" in (second.note or "")


def test_a_text_that_names_only_a_country_gives_its_country_without_a_point() -> None:
    text = "Gunmen killed five villagers on Monday, police in Nigeria said."
    geoparse = _stub_geoparser(("Nigeria", "NG", None, 3))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    loc = ev.location
    assert loc is not None and (loc.text, loc.country, loc.precision) == ("Nigeria", "NG", 3)
    assert loc.lat is None and loc.lon is None and "never its centroid" in (loc.note or "")
    span = next(x for x in ev.evidence if x.field == "location")
    assert text[span.start:span.end] == "Nigeria"
    # two such records are never one incident by the country's name alone
    from conflictwatch.resolve.matching import check_place
    assert not check_place(loc, loc).ok


def test_a_country_name_comes_before_a_demonym_and_focus_fills_a_missing_country() -> None:
    text = "Iranian border guards shot dead seven migrants, officials in Afghanistan said."
    geoparse = _stub_geoparser(("Iranian", "IR", None, 3), ("Afghanistan", "AF", None, 3))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.country == "AF"
    # a place without a point or country takes the country the text's actors are named for
    text = "On 7 May 2020, Taliban militants killed five policemen in Monimabadkhel."
    ev = [e for e in _extract(text, geoparse=_with_pointless(_stub_geoparser(), "Monimabadkhel",
                                                             "")) if e.kind == "incident"][0]
    loc = ev.location
    assert loc is not None and loc.text == "Monimabadkhel" and loc.country == "AF"
    assert "from the document's focus" in (loc.note or "") and loc.lat is None


def test_capital_resolved_to_the_city_is_the_event_place() -> None:
    # "Kabul" also names the state ("Kabul said"); resolved to the city it is a town
    text = "On 28 April 2020, Taliban militants clashed with police forces in Kabul city."
    geoparse = _stub_geoparser(("Kabul", "AF", "Kabul", 1))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Kabul"


def test_country_resolved_by_the_geoparser_is_not_an_event_place() -> None:
    text = "On 28 April 2020, Taliban militants clashed with police forces in Afghanistan."
    geoparse = _stub_geoparser(("Afghanistan", "AF", None, 3))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    # never coded to a country's centre: the country is kept, without a point
    assert ev.location is not None and ev.location.country == "AF"
    assert ev.location.lat is None and ev.location.precision == 3


def test_a_place_that_starts_a_longer_name_yields_to_the_place_named_as_such() -> None:
    text = ("On 28 April 2020, the Ukrainian Forces fired mortars at the positions of the "
            "Luhansk People's Militia in the area of Sentianivka, Luhansk.")

    def geoparse(t: str) -> list[PlaceMention]:
        out = []
        for name, at, longer in (("Luhansk", t.index("Luhansk People"), True),
                                 ("Sentianivka", t.index("Sentianivka"), False)):
            loc = Location(text=name, start=at, end=at + len(name), name=name, country="UA",
                           admin1="Luhansk", lat=48.5, lon=39.3, precision=1)
            out.append(PlaceMention(at, at + len(name), name, location=loc, score=1.0,
                                    in_longer_name=longer))
        return out

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Sentianivka"


def _check_spans(text: str, events: list[Event]) -> None:
    for e in events:
        for ev in e.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
        fields = {ev.field: ev for ev in e.evidence}
        for i, a in enumerate(e.actors):
            span = fields[f"actors[{i}]"]
            assert text[span.start : span.end] == a.text
        for i, h in enumerate(e.harm):
            span = fields[f"harm[{i}]"]
            assert text[span.start : span.end] == h.text
        for i, s in enumerate(e.sources):
            span = fields[f"sources[{i}]"]
            assert text[span.start : span.end] == s.text
        if e.location is not None and "location" in fields:
            span = fields["location"]
            assert text[span.start : span.end] == e.location.text
        if e.date is not None and e.date.text and "date" in fields:
            span = fields["date"]
            assert text[span.start : span.end] == e.date.text


_WORDS = st.sampled_from(
    [
        "killed",
        "Syria",
        "in",
        "the",
        "town",
        "of",
        "Idlib",
        "soldiers",
        "protesters",
        "police",
        "on",
        "Monday",
        "5",
        "more than 50",
        "were",
        "shelling",
        "clashed",
        "with",
        "rebels",
        ".",
        ",",
        "warned",
        "said",
        "according to",
        "the UN",
        "since",
        "late April",
        "\n",
        "“",
        "”",
        "Al-Shabaab",
        "gunmen",
        "abducted",
        "three",
        "children",
        "and",
        "bringing the total to",
        "Ma’arat al-Num’an",
        "airstrike",
        "double tap",
        "İstanbul",
        "ﬁre",
        "ß",
        "Σ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_never_raises_and_spans_match_on_word_salad(text: str) -> None:
    _check_spans(text, _extract(text))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_match_on_any_text(text: str) -> None:
    _check_spans(text, extract_document(Document(id="d", text=text)))


def test_collector_threshold_is_raised_during_extraction_and_put_back() -> None:
    import gc

    from conflictwatch.extract.pipeline import YOUNG_GC_THRESHOLD

    seen: list[int] = []

    def geoparse(text: str) -> list:
        seen.append(gc.get_threshold()[0])
        return []

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        doc = Document(id="gc", text="On 7 May 2020, gunmen killed two farmers in Kidal, Mali.")
        extract_document(doc, geoparse=geoparse)
        assert seen == [YOUNG_GC_THRESHOLD]
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0)  # collection switched off by the application: stays off
        extract_document(doc, geoparse=geoparse)
        assert seen[-1] == 0 and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_an_event_in_a_sentence_without_a_place_is_where_the_text_last_was() -> None:
    text = ("On 7 May 2020, in Volta Redonda, police officers went to check a tip about a "
            "drug point. The officers were attacked and a shoot-out broke out.")
    geoparse = _stub_geoparser(("Volta Redonda", "BR", "Rio de Janeiro", 1))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Volta Redonda"
    assert ev.location.note and "name no place" in ev.location.note
    span = next(x for x in ev.evidence if x.field == "location")
    assert text[span.start : span.end] == "Volta Redonda"  # the span it came from
    # a country named before is no event place: the event keeps only its country
    text = ("On 7 May 2020, police in Afghanistan went to check a tip. The officers were "
            "attacked and a shoot-out broke out.")
    geoparse = _stub_geoparser(("Afghanistan", "AF", None, 3))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.lat is None
    assert ev.location.country == "AF" and ev.location.precision == 3


def test_an_unplaced_event_takes_the_nearest_earlier_place_not_the_first() -> None:
    text = ("On 7 May 2020, gunmen shot dead a trader in Ariha. Later that day, protesters "
            "gathered in Sarmin. Police fired tear gas and arrested ten of them.")
    geoparse = _stub_geoparser(("Ariha", "SY", "Idlib", 1), ("Sarmin", "SY", "Idlib", 1))
    events = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"]
    assert all(e.location is not None for e in events)
    assert {e.location.name for e in events if e.location} <= {"Ariha", "Sarmin"}
    arrests = [e for e in events if e.event_type != "Violence against civilians"]
    assert arrests and all(e.location and e.location.name == "Sarmin" for e in arrests)


def test_the_event_place_is_one_the_text_s_other_places_agree_with() -> None:
    # the quarter named next to the trigger was read as a town 2,000 km away: the town in
    # the state the text names is the place, though named further from the trigger
    text = ("On 9 May 2020, in Tijuana, Baja California, a woman was found dead in Colonia "
            "Lomas de la Presa.")
    spots = {"Tijuana": ("Baja California", 1, 32.5, -117.0),
             "Baja California": ("Baja California", 3, 30.0, -115.0),
             "Lomas de la Presa": ("Chihuahua", 1, 28.6, -106.1)}

    def geoparse(t: str) -> list[PlaceMention]:
        out = []
        for name, (admin1, precision, lat, lon) in spots.items():
            at = t.find(name)
            loc = Location(text=name, start=at, end=at + len(name), name=name, country="MX",
                           admin1=admin1, lat=lat, lon=lon, precision=precision)
            out.append(PlaceMention(at, at + len(name), name, location=loc, score=1.0))
        return sorted(out, key=lambda p: p.start)

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Tijuana"
    # read as a quarter of Tijuana, the nearer name is the place (it has support too)
    spots["Lomas de la Presa"] = ("Baja California", 1, 32.49, -116.95)
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Lomas de la Presa"


def test_a_district_is_a_smaller_place_than_its_province() -> None:
    text = "On 9 May 2020, in Cuauhtemoc municipality, Chihuahua, a man was found dead."
    spots = {"Cuauhtemoc": ("Cuauhtémoc", 28.4, -106.9), "Chihuahua": (None, 28.6, -106.1)}

    def geoparse(t: str) -> list[PlaceMention]:
        out = []
        for name, (admin2, lat, lon) in spots.items():
            at = t.find(name)
            loc = Location(text=name, start=at, end=at + len(name), name=name, country="MX",
                           admin1="Chihuahua", admin2=admin2, lat=lat, lon=lon, precision=3)
            out.append(PlaceMention(at, at + len(name), name, location=loc, score=1.0))
        return sorted(out, key=lambda p: p.start)

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Cuauhtemoc"


def test_a_state_of_the_city_s_name_agrees_with_the_city_but_a_namesake_does_not() -> None:
    text = ("On 9 May 2020, in the Central Zone of Sao Paulo, Sao Paulo, a group of fans "
            "gathered in Avenida Paulista in defence of democracy.")
    city = text.find("Sao Paulo")
    state = text.find("Sao Paulo", city + 1)
    avenue = text.find("Paulista")
    read = [(city, "Sao Paulo", "geonames:3448439", "São Paulo", 1, -23.55, -46.63),
            (state, "Sao Paulo", "admin:BR.27", "São Paulo", 3, -22.0, -48.0),
            (avenue, "Paulista", "geonames:3454783", "Pernambuco", 1, -7.94, -34.87)]

    def geoparse(t: str) -> list[PlaceMention]:
        return [PlaceMention(at, at + len(name), name, score=1.0, location=Location(
            text=name, start=at, end=at + len(name), name=name, gazetteer_id=gid,
            country="BR", admin1=admin1, lat=lat, lon=lon, precision=precision))
            for at, name, gid, admin1, precision, lat, lon in read]

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.start == city
    # two names read as one far place ("Rappi", "Moreno" ~ Rapperswil) do not agree
    read[1] = (state, "Sao Paulo", "geonames:3454783", "Pernambuco", 1, -7.94, -34.87)
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.start == avenue


def test_the_area_named_beside_a_place_is_not_a_second_event_place() -> None:
    geoparse = _stub_geoparser(("Kaura", "NG", "Kaduna", 1), ("Kaduna state", "NG", "Kaduna", 3),
                               ("Zonkwa", "NG", "Kaduna", 1))
    one = _extract("On 3 May 2020, gunmen killed two farmers in Kaura, Kaduna state.",
                   geoparse=geoparse)
    assert [e.location.text for e in one if e.kind == "incident" and e.location] == ["Kaura"]
    two = _extract("On 3 May 2020, gunmen killed two farmers in Kaura and Zonkwa.",
                   geoparse=geoparse)
    assert [e.location.text for e in two if e.kind == "incident" and e.location] == [
        "Kaura", "Zonkwa"]


def test_where_a_speaker_spoke_is_no_place_to_borrow() -> None:
    text = ("On 7 May 2020, gunmen shot dead a trader in Ariha. A UN spokesman told reporters "
            "in Geneva that aid was blocked. Hundreds of residents protested against the killing.")
    geoparse = _stub_geoparser(("Ariha", "SY", "Idlib", 1), ("Geneva", "CH", "Geneva", 1))
    events = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"]
    assert events and all(e.location is not None and e.location.name == "Ariha"
                          for e in events)


def test_arrests_told_right_after_a_protest_are_its_intervention() -> None:
    text = ("On 3 May 2020, about 200 textile workers staged a protest in Faisalabad, Pakistan, "
            "demanding unpaid wages. Police dispersed them and arrested 30 of them.")
    events = [e for e in extract_document(Document(id="t", text=text)) if e.kind == "incident"]
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Protest with intervention")]


def test_an_unarmed_crowd_attacking_police_is_mob_violence() -> None:
    for text in ("On 3 May 2020, a group of 10 youths attacked and assaulted a police patrol, "
                 "injuring one officer, in Tezpur, India.",
                 "On 3 May 2020, a group of citizens attacked a police officer in Cusco, Peru."):
        events = [e for e in _extract(text) if e.kind == "incident"]
        assert [(e.event_type, e.sub_event_type) for e in events] == [
            ("Riots", "Mob violence")], text


def test_abductions_in_an_attack_that_killed_are_part_of_the_attack() -> None:
    text = ("On 4 May 2020, gunmen attacked a village near Kaduna, Nigeria, killed two farmers "
            "and abducted five others.")
    events = [e for e in _extract(text) if e.kind == "incident"]
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Violence against civilians", "Attack")]


def test_what_a_group_regularly_does_is_no_event() -> None:
    text = ("On 2 March 2021, Al Shabaab militants attacked an army base near Afgooye, Somalia. "
            "The group regularly carries out bombings in the capital.")
    events = [e for e in _extract(text) if e.kind == "incident"]
    assert [e.event_type for e in events] == ["Battles"]


def test_explosives_used_and_a_road_blocked_are_events() -> None:
    cases = [
        ("On 9 May 2020, four men used explosives to rob a bank agency in Recife, Brazil.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("On 28 April 2020, students blocked with two vehicles the federal highway in Morelia, "
         "Mexico.", ("Protests", "Peaceful protest")),
    ]
    for text, expected in cases:
        events = [e for e in _extract(text) if e.kind == "incident"]
        assert [(e.event_type, e.sub_event_type) for e in events] == [expected], text


def test_a_death_a_protest_is_about_is_not_its_toll() -> None:
    text = ("On 2 May 2020, residents held a protest in Larkana, Pakistan, demanding justice "
            "for a youth who was killed by influential men.")
    events = [e for e in _extract(text) if e.kind == "incident"]
    assert [(e.event_type, incident_killed(e)) for e in events] == [("Protests", 0)]
    text = ("On 7 May 2020, police fired on demonstrators in Pulwama, India, over the death of a "
            "militant commander, leading to the death of one demonstrator.")
    assert sum(incident_killed(e) for e in _extract(text) if e.kind == "incident") == 1


def test_a_region_inside_a_country_outranks_the_country() -> None:
    """"near X" coded to Donbas (a curated region, precision 3, no admin1) is more specific
    than "Ukrainian" (the country): the event goes there, with its point."""
    text = "On 9 May 2020, Ukrainian forces reported 2 explosions near Kruta Balka."
    at, country_at = text.index("Kruta Balka"), text.index("Ukrainian")

    def geoparse(t: str) -> list[PlaceMention]:
        region = Location(text="Kruta Balka", start=at, end=at + 11, name="Donbas",
                          gazetteer_id="curated:ua:donbas:48.0000,38.0000", country="UA",
                          lat=48.0, lon=38.0, precision=3, note="coded to Donbas")
        ukraine = Location(text="Ukrainian", start=country_at, end=country_at + 9,
                           name="Ukraine", gazetteer_id="geonames:690791", country="UA",
                           lat=49.0, lon=32.0, precision=3)
        return [PlaceMention(country_at, country_at + 9, "Ukrainian", location=ukraine),
                PlaceMention(at, at + 11, "Kruta Balka", location=region)]

    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and (ev.location.name, ev.location.lat) == ("Donbas", 48.0)


def test_where_people_came_from_is_not_the_event_place() -> None:
    text = ("On 6 May 2020, migrant laborers from Bihar clashed with each other at a railway "
            "station in Satna town, killing two.")
    geoparse = _stub_geoparser(("Bihar", "IN", "Madhya Pradesh", 1),
                               ("Satna", "IN", "Madhya Pradesh", 1))
    ev = [e for e in _extract(text, geoparse=geoparse) if e.kind == "incident"][0]
    assert ev.location is not None and ev.location.name == "Satna"


def test_the_country_hint_goes_only_to_geoparsers_that_take_it() -> None:
    text = "GNA and LNA forces clashed in Ayn Zarah on Monday, killing 3 fighters."
    calls: list[dict[str, Any]] = []

    def hinted(text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        calls.append({"country_hint": country_hint})
        return []

    def plain(text: str) -> list[PlaceMention]:
        calls.append({})
        return []

    extract_document(Document(id="1", text=text), geoparse=hinted)
    extract_document(Document(id="2", text=text), geoparse=plain)
    assert calls == [{"country_hint": "LY"}, {}]


def test_a_type_error_inside_the_geoparser_is_not_taken_for_no_hint() -> None:
    # it used to be caught as "this geoparser takes no hint", and the text parsed again
    def broken(text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        if country_hint is not None:  # a bug on the hinted path only
            raise TypeError("a bug inside the geoparser")
        return []

    with pytest.raises(TypeError, match="a bug inside"):
        extract_document(Document(id="1", text="GNA and LNA forces clashed in Ayn Zarah."),
                         geoparse=broken)


def test_the_country_hint_needs_a_parameter_of_that_name() -> None:
    import gc
    import weakref

    from conflictwatch.extract.pipeline import _takes_hint

    class Parser:
        def parse(self, text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
            return []

    def forwarder(text: str, **options: Any) -> list[PlaceMention]:
        return []

    def positional_only(text: str, country_hint: str | None = None, /) -> list[PlaceMention]:
        return []

    parser = Parser()
    assert _takes_hint(parser.parse) and _takes_hint(parser.parse)  # a new bound method each time
    assert not _takes_hint(forwarder) and not _takes_hint(positional_only)
    gone = weakref.ref(parser)
    del parser
    gc.collect()
    assert gone() is None  # asking does not keep a geoparser alive


def _counting_geoparser(calls: list[tuple[str, str | None]]) -> Any:
    """A geoparser that records its calls and reads 'Saraqib' and 'Sirte' as towns."""
    towns = {"Saraqib": ("SY", "Idlib", 35.86, 36.8), "Sirte": ("LY", "Surt", 31.2, 16.59)}

    def geoparse(text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        calls.append((text, country_hint))
        if "BOOM" in text:
            raise ValueError("a geoparser failure on this text")
        out = []
        for name, (cc, admin1, lat, lon) in towns.items():
            at = text.find(name)
            if at >= 0:
                out.append(PlaceMention(at, at + len(name), name, score=1.0, location=Location(
                    text=name, start=at, end=at + len(name), name=name, country=cc,
                    admin1=admin1, lat=lat, lon=lon, precision=1)))
        return out

    return geoparse


_AHEAD_DOCS = [
    Document(id="a", text="Shelling <b>killed</b> 4 civilians in Saraqib on Monday.",
             published=date(2020, 1, 6)),
    Document(id="b", text="GNA and LNA forces clashed near Sirte, killing 3 fighters.",
             published=date(2020, 1, 6)),
    Document(id="c", text="   ", published=date(2020, 1, 6)),
    Document(id="d", text="Police said 2 people were injured in Saraqib.",
             published=date(2020, 1, 6)),
]


def test_geoparse_ahead_gives_the_same_records_and_parses_each_text_once() -> None:
    from conflictwatch.extract.pipeline import geoparse_ahead

    calls: list[tuple[str, str | None]] = []
    geoparse = _counting_geoparser(calls)
    live = [extract_document(d, geoparse=geoparse) for d in _AHEAD_DOCS]
    live_calls = list(calls)
    calls.clear()
    ahead = geoparse_ahead(_AHEAD_DOCS, geoparse)
    assert calls == live_calls  # the same masked texts and hints ("LY" from the LNA), once
    assert ("GNA and LNA forces clashed near Sirte, killing 3 fighters.", "LY") in calls
    got = [extract_document(d, geoparse=ahead) for d in _AHEAD_DOCS]
    assert calls == live_calls  # nothing parsed twice
    assert got == live and any(e.location is not None for e in got[0])
    # a text it did not read ahead goes to the geoparser itself
    extract_document(Document(id="e", text="Clashes in Sirte."), geoparse=ahead)
    assert calls[-1] == ("Clashes in Sirte.", None)


def test_a_geoparse_failure_ahead_is_raised_for_its_own_document() -> None:
    from conflictwatch.extract.pipeline import geoparse_ahead

    calls: list[tuple[str, str | None]] = []
    docs = [Document(id="x", text="BOOM: 3 killed in Saraqib."), *_AHEAD_DOCS[:1]]
    ahead = geoparse_ahead(docs, _counting_geoparser(calls))
    assert len(calls) == 1  # reading ahead stops at a failure (a broken lexicon fails once)
    with pytest.raises(ValueError, match="a geoparser failure"):
        extract_document(docs[0], geoparse=ahead)
    assert extract_document(docs[1], geoparse=ahead)  # the others are not held up
    assert len(calls) == 3  # each parsed live, once


def test_in_batches_hands_over_what_it_read_before_an_error() -> None:
    from conflictwatch.extract.pipeline import in_batches

    def documents() -> Any:
        yield from range(5)
        raise ValueError("a bad input file")

    got: list[Any] = []
    with pytest.raises(ValueError, match="a bad input file"):
        for batch in in_batches(documents(), 3):
            got.append(batch)
    assert got == [[0, 1, 2], [3, 4]]  # nothing read is lost
    assert list(in_batches(range(4), 2)) == [[0, 1], [2, 3]] and list(in_batches([], 2)) == []


def test_with_places_ahead_reads_only_the_wanted_documents_ahead() -> None:
    from conflictwatch.extract.pipeline import with_places_ahead

    calls: list[tuple[str, str | None]] = []
    pairs = list(with_places_ahead(_AHEAD_DOCS, _counting_geoparser(calls),
                                   wanted=lambda doc: doc.id != "b"))
    assert [doc.id for doc, _ in pairs] == [doc.id for doc in _AHEAD_DOCS]  # every document
    assert len({id(places) for _, places in pairs}) == 1  # one geoparser for the batch
    assert [text for text, _ in calls] == [_AHEAD_DOCS[0].text.replace("<b>", "   ").replace(
        "</b>", "    "), _AHEAD_DOCS[3].text]  # "b" (unwanted) and "c" (blank) not read ahead
    assert list(with_places_ahead(_AHEAD_DOCS, None)) == [(doc, None) for doc in _AHEAD_DOCS]
