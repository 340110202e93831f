"""The seed report (read from ../shared at run time) yields the analyst's records that are this
stage's responsibility: types, day dates, actors, one 16-killed incident, running totals,
the night battle, the September pause as context, hedges not events, sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictwatch.extract.pipeline import extract_document, incident_killed
from conflictwatch.records import Document, Event

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "idlib-2019-12-20.txt"


@pytest.fixture(scope="module")
def events() -> list[Event]:
    if not SEED.exists():
        pytest.skip("../shared/seed is not available")
    text = SEED.read_text(encoding="utf-8")
    return extract_document(Document(id="seed", text=text, published=date(2019, 12, 20)))


def _kind(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


def _strikes(events: list[Event]) -> list[Event]:
    return [e for e in _kind(events, "incident") if e.sub_event_type == "Air/drone strike"]


def test_three_air_strike_incidents_on_the_19th(events: list[Event]) -> None:
    strikes = _strikes(events)
    places = {(e.location.text or "") for e in strikes if e.location}
    assert len(strikes) == 3
    assert {e.event_type for e in strikes} == {"Explosions/Remote violence"}
    assert any("Ma" in p and "Num" in p for p in places)
    assert any("Zawiya" in p for p in places)
    assert any("Saraq" in p for p in places)
    for e in strikes:
        assert e.date is not None
        assert (e.date.start, e.date.end, e.date.precision) == (
            date(2019, 12, 19),
            date(2019, 12, 19),
            "day",
        )


def test_strike_actors_russia_and_syria_against_civilians(events: list[Event]) -> None:
    for e in _strikes(events):
        side1 = {a.name for a in e.actors if a.role in ("actor1", "assoc_actor_1")}
        side2 = {a.name for a in e.actors if a.role in ("actor2", "assoc_actor_2")}
        assert any(n.startswith("Military Forces of Russia") for n in side1)
        assert any(n.startswith("Military Forces of Syria") for n in side1)
        assert "Civilians (Syria)" in side2


def test_double_tap_tag_on_every_strike(events: list[Event]) -> None:
    assert all("double tap" in e.tags for e in _strikes(events))


def test_sixteen_killed_counted_once(events: list[Event]) -> None:
    incidents = _kind(events, "incident")
    assert sum(incident_killed(e) for e in incidents) == 16
    with_16 = [e for e in incidents if any(h.type == "killed" and h.min == 16 for h in e.harm)]
    assert len(with_16) == 1 and with_16[0].harm[0].new
    assert all(h.new for e in incidents for h in e.harm)


def _cumulative(events: list[Event], harm_type: str, minimum: int) -> Event:
    found = [
        e
        for e in _kind(events, "cumulative")
        if any(h.type == harm_type and h.min == minimum for h in e.harm)
    ]
    assert len(found) == 1, f"no single cumulative record of {minimum} {harm_type}"
    return found[0]


def test_running_totals_are_cumulative_records(events: list[Event]) -> None:
    since_monday = _cumulative(events, "killed", 51)
    assert since_monday.date is not None
    assert (since_monday.date.start, since_monday.date.end) == (
        date(2019, 12, 16),
        date(2019, 12, 19),
    )
    displaced = _cumulative(events, "displaced", 500001)
    assert displaced.date is not None and displaced.date.start is not None
    assert displaced.date.start.month == 4 and displaced.date.start.year == 2019
    offensive = _cumulative(events, "killed", 1101)
    assert any(h.type == "injured" and h.min == 2000 for h in offensive.harm)
    _cumulative(events, "displaced", 90000)


def test_figures_that_are_not_harm(events: list[Event]) -> None:
    figures = {h.min for e in events for h in e.harm}
    assert 3_000_000 not in figures and 2018 not in figures
    incident_figures = {h.min for e in _kind(events, "incident") for h in e.harm}
    assert not incident_figures & {51, 500001, 90000, 1101}


def test_night_battle_on_the_front_lines(events: list[Event]) -> None:
    battles = [e for e in _kind(events, "incident") if e.event_type == "Battles"]
    assert len(battles) == 1
    b = battles[0]
    assert b.sub_event_type == "Armed clash"
    assert b.date is not None and b.date.start == date(2019, 12, 19)
    names = {a.name for a in b.actors}
    assert "Opposition Rebels (Syria)" in names
    assert any(
        n.startswith(("Military Forces of Syria", "Military Forces of Russia")) for n in names
    )


def test_september_pause_is_context(events: list[Event]) -> None:
    ctx = _kind(events, "context")
    assert len(ctx) == 1
    c = ctx[0]
    assert (c.event_type, c.sub_event_type) == ("Strategic developments", "Agreement")
    assert c.date is not None and c.date.precision == "month"
    assert c.date.start == date(2019, 9, 1)


def test_hedges_are_not_events(events: list[Event]) -> None:
    hedges = [h for e in events for h in e.hedges]
    assert any(h.startswith("warning") for h in hedges)
    assert any(h.startswith("characterisation") and "United Nations" in h for h in hedges)
    # the warned-of ground offensive is no event of its own: one battle only (the night one)
    assert sum(e.event_type == "Battles" for e in events) == 1


def test_sources_include_white_helmets(events: list[Event]) -> None:
    assert any(s.name == "White Helmets" for e in _strikes(events) for s in e.sources)


def test_every_evidence_span_matches(events: list[Event]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for e in events:
        for ev in e.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
        for i, a in enumerate(e.actors):
            span = next(x for x in e.evidence if x.field == f"actors[{i}]")
            assert text[span.start : span.end] == a.text
        for i, h in enumerate(e.harm):
            span = next(x for x in e.evidence if x.field == f"harm[{i}]")
            assert text[span.start : span.end] == h.text
        if e.location is not None:
            span = next(x for x in e.evidence if x.field == "location")
            assert text[span.start : span.end] == e.location.text


def test_exactly_the_analysts_incidents(events: list[Event]) -> None:
    incidents = _kind(events, "incident")
    assert sorted(e.event_type or "" for e in incidents) == [
        "Battles",
        "Explosions/Remote violence",
        "Explosions/Remote violence",
        "Explosions/Remote violence",
    ]


def test_publication_date_inferred_from_the_caption() -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is not available")
    events = extract_document(Document(id="seed", text=SEED.read_text(encoding="utf-8")))
    days = {e.date.start for e in events if e.kind == "incident" and e.date}
    assert days == {date(2019, 12, 19)}
