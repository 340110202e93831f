"""Records as JSON: the shape `dataclasses.asdict` gives, dates as ISO strings, fresh data."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from conflictwatch.records import Actor, Event, EventDate, Harm, Location, to_jsonable


def _event() -> Event:
    return Event(
        id="d1-1",
        document_id="d1",
        event_type="Battles",
        date=EventDate(date(2019, 12, 20), date(2019, 12, 21), "range", "Friday"),
        location=Location(text="Maarat al-Numan", name="Ma'arrat an Nu'man", lat=35.6, lon=36.7),
        actors=[Actor("Military Forces of Syria (2000-)", "actor1", "government forces")],
        harm=[Harm("killed", "civilians", 16, 16, text="16 civilians", stated=16)],
        tags=["airstrike"],
    )


def test_event_dict_is_asdict_with_iso_dates() -> None:
    event = _event()
    expected = dataclasses.asdict(event)
    expected["date"]["start"], expected["date"]["end"] = "2019-12-20", "2019-12-21"
    assert event.to_dict() == expected
    json.dumps(event.to_dict())  # JSON-ready as it is


def test_event_dict_round_trips() -> None:
    event = _event()
    assert Event.from_dict(event.to_dict()) == event


def test_dict_is_fresh_data_not_the_records_lists() -> None:
    event = _event()
    data = to_jsonable(event)
    data["tags"].append("changed")
    data["actors"][0]["name"] = "changed"
    assert event.tags == ["airstrike"] and event.actors[0].name.startswith("Military")


def test_plain_values_pass_through() -> None:
    assert to_jsonable({"d": date(2020, 1, 2), "xs": (1, "a", None)}) == {
        "d": "2020-01-02", "xs": [1, "a", None]}
